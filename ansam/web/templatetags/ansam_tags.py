from django import template

from ansam.access.audit import BASIS_LABELS
from ansam.sharing.models import SharingBasis
from ansam.sharing.sections import Section

register = template.Library()


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
