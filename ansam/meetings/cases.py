"""Case presentations for peer groups (stub of the module; see below)."""

from functools import lru_cache

from ansam.core.text import fold
from ansam.geo.models import Commune


@lru_cache(maxsize=1)
def communes_by_name() -> dict[str, int]:
    """Folded commune name -> its population (the largest of homonyms): the geography does not
    change while the server runs."""
    found: dict[str, int] = {}
    for name, population in Commune.objects.values_list("name", "population"):
        key = fold(name)
        found[key] = max(found.get(key, 0), population)
    return found
