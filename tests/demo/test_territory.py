import pytest
from django.core.management import call_command

from ansam.accounts.models import User
from ansam.demo.territory import DEMO_ACCOUNTS, build_territory
from ansam.organisations.models import Membership, Organisation, Service
from ansam.organisations.search import DirectoryQuery, search_directory
from ansam.organisations.validators import validate_siret

pytestmark = pytest.mark.django_db


def _snapshot():
    from ansam.people.models import Person

    return (
        sorted(Service.objects.values_list("name", "commune_id", "capacity_status")),
        sorted(Person.objects.values_list("birth_name", "given_names", "birth_date")),
    )


def test_small_territory_is_coherent():
    report = build_territory(departement="44", size="small", seed=7)
    assert 40 <= report.organisations <= 150
    typologies = set(Organisation.objects.values_list("typology", flat=True))
    assert {"CD", "CCAS", "CAF", "FT", "ML", "CHRS", "CIDFF", "UDAF"} <= typologies
    for org in Organisation.objects.all():
        validate_siret(org.siret)
        assert org.commune.departement_id == "44"
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password("ansam-demo-2026")
        if account.role:
            assert Membership.objects.filter(user=user, role=account.role).exists()
    # The directory answers real questions about the territory.
    page = search_directory(DirectoryQuery(text="hébergement d'urgence", commune="44184"))
    assert page.total >= 1
    assert search_directory(DirectoryQuery(thematique="sante--addictions")).total >= 1
    # The coordinator's caseload is not empty, and the partners see shared records.
    from ansam.sharing.selectors import caseload

    coordinator = User.objects.get(email="coordinatrice@demo.ansam.test")
    assert caseload(coordinator).count() == report.people == 30
    assert caseload(User.objects.get(email="partenaire@demo.ansam.test")).count() > 0


def test_same_seed_same_territory():
    build_territory(departement="44", size="small", seed=3)
    first = _snapshot()
    from ansam.meetings.models import Meeting, PeerGroup
    from ansam.people.models import Person

    Meeting.objects.all().delete()  # an organisation's meetings and groups keep it (protected)
    PeerGroup.objects.all().delete()
    from ansam.partnerships.models import Agreement, Body

    Body.objects.all().delete()
    Agreement.objects.all().delete()
    Person.objects.all().delete()
    Service.objects.all().delete()
    Organisation.objects.all().delete()
    User.objects.all().delete()
    build_territory(departement="44", size="small", seed=3)
    assert _snapshot() == first


def test_command_without_geography_says_what_to_do(capsys):
    from django.core.management.base import CommandError

    from ansam.geo.models import Commune

    Commune.objects.filter(departement_id="2A").delete()
    with pytest.raises(CommandError, match="could not be built"):
        call_command("demo_territory", "--departement", "2A")


def test_the_demo_directory_exports_without_a_problem():
    from ansam.organisations.data_inclusion_export import export_directory

    build_territory(departement="44", size="small", seed=1)
    assert export_directory()["problems"] == []


def test_every_demo_network_is_a_v1_code():
    from data_inclusion.schema import v1

    from ansam.demo.catalogue import CATALOGUE

    codes = {r.value for r in v1.ReseauPorteur}
    assert {n for kind in CATALOGUE for n in kind.networks} <= codes
