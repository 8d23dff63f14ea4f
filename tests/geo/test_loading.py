import pytest

from ansam.geo.models import Commune, Departement
from ansam.geo.selectors import communes_matching


@pytest.mark.django_db
def test_real_geography_is_loaded():
    nantes = Commune.objects.select_related("departement__region").get(code="44109")
    assert nantes.name == "Nantes"
    assert nantes.departement.code == "44"
    assert nantes.departement.region.name == "Pays de la Loire"
    assert nantes.epci_id  # Nantes Métropole
    assert nantes.population > 300_000
    assert Departement.objects.count() == 101


@pytest.mark.django_db
def test_paris_arrondissements_belong_to_paris():
    arr = Commune.objects.get(code="75104")
    assert arr.parent_id == "75056"
    assert arr.departement_id == "75"


@pytest.mark.django_db
def test_commune_autocomplete_ignores_accents_and_prefers_large_communes():
    assert communes_matching("saint nazaire")[0].code == "44184"
    assert communes_matching("Saint-Naz")[0].code == "44184"
    assert communes_matching("44109")[0].name == "Nantes"
    assert communes_matching("reze")[0].name == "Rezé"
