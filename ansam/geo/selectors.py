from functools import lru_cache

from ansam.core.text import words
from ansam.geo.models import Commune, Departement, Epci, Region


def communes_matching(text: str, *, limit: int = 10) -> list[Commune]:
    """Autocomplete: by INSEE code, postal code or the start of the name, largest first."""
    text = text.strip()
    if not text:
        return []
    qs = Commune.objects.select_related("departement")
    if text.isdigit():
        qs = qs.filter(code__startswith=text) | qs.filter(postal_codes__contains=text)
    else:
        qs = qs.filter(name_folded__startswith=" ".join(words(text)))
    return list(qs.order_by("-population", "name")[:limit])


@lru_cache(maxsize=1)
def departements() -> tuple[tuple[str, str], ...]:
    """(code, name) of every département: the geography is loaded once and does not change
    while the server runs (read at each directory page)."""
    return tuple(Departement.objects.order_by("code").values_list("code", "name"))


_AREA_MODELS = {"commune": Commune, "epci": Epci, "departement": Departement, "region": Region}


def area_names(areas) -> dict[tuple[str, str], str]:
    """Human names of (kind, code) areas, one query per kind present."""
    names: dict[tuple[str, str], str] = {}
    for kind, model in _AREA_MODELS.items():
        codes = [a.code for a in areas if a.kind == kind]
        if codes:
            for code, obj in model._default_manager.in_bulk(codes).items():
                names[(kind, code)] = str(obj)
    return names
