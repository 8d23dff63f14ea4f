from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

from ansam.access.audit import BASIS_LABELS
from ansam.sharing.models import SharingBasis
from ansam.sharing.sections import Section

register = template.Library()

_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


@lru_cache(maxsize=64)
def _url_pattern(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, args=[_PLACEHOLDER], urlconf=urlconf).replace(_PLACEHOLDER, "{}")


def url_pattern(name: str) -> str:
    """The address of a page taking one public id, as a pattern to fill with .format(): for
    lists of many rows (a directory page has 40 links), reversed once rather than per row; the
    same address as {% url %} gives."""
    return _url_pattern(name, get_script_prefix(), get_urlconf())


@register.filter
def get_item(mapping, key):
    """A dictionary's value by a key held in a variable."""
    if hasattr(mapping, "get"):
        return mapping.get(key)
    return None


@register.filter
def iso_date(value, fmt="SHORT_DATE_FORMAT"):
    """A date kept as ISO text (in a frozen plan version), shown in the reader's format."""
    from datetime import date

    from django.utils.formats import date_format

    try:
        return date_format(date.fromisoformat(value), fmt)
    except (TypeError, ValueError):
        return value or ""


@register.filter
def section_label(code):
    """A section of the record in the reader's language."""

    return Section(code).label if code in Section.values else code


@register.filter
def basis_label(code):
    """A sharing basis (or emergency, referral…) in the reader's language."""

    if code in SharingBasis.Basis.values:
        return SharingBasis.Basis(code).label
    return BASIS_LABELS.get(code, code)
