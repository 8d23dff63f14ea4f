"""The network diagnostic and the observatory on the demo territory, as its readers see them:
the territory coordinator (whole network), an organisation's manager (its neighbourhood), an
institutional partner (figures, never a record), a worker (neither)."""

import re

import pytest

from ansam.accounts.models import User
from ansam.demo.territory import build_territory
from ansam.network import services
from ansam.network.models import Edge, Node, Run
from ansam.observatory.models import Cell, InstitutionalPartner, Release
from ansam.organisations.models import Membership
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db

PAGES = [
    "/network/",
    "/network/?compare=on",
    "/network/export.svg",
    "/network/export.csv",
    "/observatory/",
    "/observatory/export/cells.csv",
    "/observatory/export/dictionary.csv",
]


@pytest.fixture
def demo():
    build_territory(departement="44", size="small", seed=7)
    return Run.objects.filter(scheduled=True).order_by("-period_end").first()


def _client(client, email):
    return verified_login(client, User.objects.get(email=email))


def _readable(demo):
    assert demo.status == Run.Status.DONE
    findings = set(Edge.objects.filter(run=demo).values_list("finding", flat=True))
    assert {Edge.Finding.PAPER, Edge.Finding.INVISIBLE, Edge.Finding.ONE_WAY} <= findings
    paper = {
        frozenset((e.a.name, e.b.name))
        for e in Edge.objects.filter(run=demo, finding=Edge.Finding.PAPER)
    }
    assert frozenset(("UDAF Loire-Atlantique", "CIDFF Loire-Atlantique")) in paper
    assert Node.objects.filter(run=demo, partners=0).exists()  # isolated
    broker = Node.objects.filter(run=demo).order_by("-betweenness").first()
    assert broker.name == "SIAO – 115 Loire-Atlantique"
    assert Node.objects.filter(run=demo, refers_without_receiving=True).exists()
    assert demo.figures["communities"] >= 2


def test_the_coordinator_sees_a_readable_network_with_small_counts_masked(demo, client):
    _readable(demo)
    _a_release_counts_the_demo_people()
    _client(client, "territoire@demo.ansam.test")
    home = client.get("/").content.decode()
    assert "<title>Accueil · Ansam</title>" in home  # the territory's links are in the page
    assert 'href="/network/"' in home.split("<main")[1]
    _no_count_below_the_threshold_is_published(demo, client)
    page = client.get("/network/?compare=on").content.decode()
    assert "Partenariats invisibles" in page and "Conventions sur le papier" in page
    assert "UDAF Loire-Atlantique" in page and "Mission locale de Nantes" in page
    assert "Évolution depuis" in page
    # Small counts are masked, large ones shown.
    assert "&lt; 11" in page
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    # Another place: computed by the worker on demand, then shown.
    waiting = client.get("/network/?place=commune:44109").content.decode()
    assert "Calcul en cours" in waiting
    run = Run.objects.get(place="commune:44109")
    services.run_compute(run)
    assert set(Node.objects.filter(run=run).values_list("organisation__commune_id", flat=True)) == {
        "44109"
    }
    assert client.get("/network/?place=commune:44109").status_code == 200
    bad = client.get("/network/?start=2026-05&end=2026-01").content.decode()
    assert "La fin précède le début." in bad
    svg = client.get("/network/export.svg").content.decode()
    assert svg.startswith("<svg") and "<circle" in svg


def test_a_manager_sees_the_neighbourhood_and_a_worker_nothing(demo, client):
    membership = Membership.objects.get(user__email="responsable@demo.ansam.test")
    _client(client, "responsable@demo.ansam.test")
    page = client.get("/network/").content.decode()
    assert membership.organisation.name in page
    # An organisation that never worked with the manager's is not on the page.
    assert "CIDFF Loire-Atlantique" not in page
    csv = client.get("/network/export.csv").content.decode()
    assert all(membership.organisation.name in line for line in csv.splitlines()[1:])
    _the_social_needs_report_of_a_commune(client)
    client.logout()
    _client(client, "travailleur@demo.ansam.test")
    for url in PAGES:
        assert client.get(url).status_code == 404, url


def _no_count_below_the_threshold_is_published(demo, client):
    csv = client.get("/network/export.csv").content.decode()
    for edge in Edge.objects.filter(run=demo, people__lt=11).exclude(weight=0):
        if edge.a_to_b or edge.b_to_a or edge.shared_people:
            lines = [x for x in csv.splitlines() if edge.a.name in x and edge.b.name in x]
            assert lines, (edge.a.name, edge.b.name)
            assert "< 11" in lines[0] and re.search(r",(\d),", lines[0]) is None
    cells = Cell.objects.filter(release__is_current=True)
    assert cells.filter(suppressed="primary", value__isnull=False).count() == 0
    assert cells.filter(suppressed="secondary").exists()
    text = client.get("/observatory/export/cells.csv").content.decode()
    for cell in cells.filter(suppressed="primary"):
        assert f"{cell.table},{cell.row},{cell.column},,primary" in text


def test_an_institutional_partner_reads_figures_and_never_a_record(demo, client):
    partner = User.objects.create_user(email="caf-obs@example.org", password=None)
    InstitutionalPartner.objects.create(user=partner, institution="CAF")
    verified_login(client, partner)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    from ansam.people.models import Person

    person = Person.objects.first()
    for url in ["/people/", f"/people/{person.public_id}/", "/referrals/", "/day/", "/directory/"]:
        assert client.get(url).status_code == 404, url
    assert client.get("/").url == "/observatory/"


def _the_social_needs_report_of_a_commune(client):
    page = client.get("/observatory/abs/?commune=44109")
    assert page.status_code == 200
    assert "Analyse des besoins sociaux" in page.content.decode()
    assert client.get("/observatory/abs/?commune=99999").status_code == 404


def _a_release_counts_the_demo_people():
    release = Release.objects.get(is_current=True)
    assert release.people >= 200
    assert Cell.objects.filter(release=release, table="referrals", value__isnull=False).exists()
