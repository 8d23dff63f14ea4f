from ansam.core.text import words
from ansam.geo.models import Commune, Departement


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


def departements() -> list[Departement]:
    return list(Departement.objects.order_by("code"))
