import pytest
from django.core.exceptions import ValidationError

from ansam.organisations.validators import validate_rna, validate_siret


@pytest.mark.parametrize(
    "siret",
    [
        "87840202300013",  # Agence web Tremplin Numérique (Paris services file)
        "82454114801871",  # Action Logement (structures file)
        "35600000000048",  # La Poste head office (Luhn)
        "35600000049837",  # a La Poste establishment: digits sum to a multiple of 5
    ],
)
def test_real_sirets_pass(siret):
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["87840202300014", "1234", "8784020230001A", ""])
def test_bad_sirets_are_refused_with_a_reason(siret):
    with pytest.raises(ValidationError) as exc:
        validate_siret(siret)
    assert exc.value.messages[0]


def test_rna():
    validate_rna("W751234567")
    validate_rna("W2A1234567")
    with pytest.raises(ValidationError):
        validate_rna("751234567")
