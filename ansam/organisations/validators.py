"""Identifiers of French organisations, checked with their checksums where they have one."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# La Poste's establishments do not all follow the Luhn rule; their digits sum to a multiple
# of 5 instead (the head office, 356 000 000 00048, follows Luhn).
LA_POSTE_SIREN = "356000000"
# W, the département (2A/2B for Corsica, 97x overseas), then digits: 9 characters after W.
RNA_PATTERN = r"W\d[0-9AB]\d{7}"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def validate_siret(value: str) -> None:
    if not re.fullmatch(r"\d{14}", value or ""):
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    if value.startswith(LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0:
        return
    if not _luhn_ok(value):
        raise ValidationError(_("This SIRET number is not valid (checksum)."), code="siret")


def validate_rna(value: str) -> None:
    # The RNA number has no checksum: W followed by 9 characters (digits, or 2A/2B for Corsica).
    if not re.fullmatch(RNA_PATTERN, value or ""):
        raise ValidationError(
            _("An RNA number is a W followed by 9 characters, e.g. W751234567."), code="rna"
        )


def clean_siret(value: str | None) -> str:
    return re.sub(r"\s", "", value or "")
