"""Parts of a page rendered once and kept: the network's and the observatory's sections read a
stored computation that does not change until it is computed again, so the rendering is kept
under a key naming that computation (its id and when it was computed), the reader's language
and what else the part depends on (its scope, its address)."""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

SECONDS = 3600


def kept(
    name: str, parts: list[object], render: Callable[[], str], keep: bool = True
) -> SafeString:
    key = "|".join([get_language() or "", *map(str, parts)])
    key = f"fragment:{name}:{hashlib.sha256(key.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = render()
        if keep:
            cache.set(key, html, SECONDS)
    return mark_safe(html)  # noqa: S308 (rendered by our own templates)
