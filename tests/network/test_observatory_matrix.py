"""The network's and the observatory's pages x every role: the territory coordinator and the
institutional partner see the whole; a manager its neighbourhood (and the observatory); the
others find nothing (404), as if the pages did not exist."""

import pytest

from ansam.network.services import daily
from ansam.observatory.models import InstitutionalPartner
from ansam.observatory.services import release_compute
from tests.conftest import verified_login
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# name -> (url, method, roles that may)
WHOLE = {"coordinator", "partner", "manager"}
OBSERVATORY_PAGES = {
    "web:network": ("/network/", "get", WHOLE),
    "web:network_export": ("/network/export.svg", "get", WHOLE),
    "web:observatory": ("/observatory/", "get", WHOLE),
    "web:observatory_export": ("/observatory/export/cells.csv", "get", WHOLE),
    "web:observatory_abs": ("/observatory/abs/?commune={commune}", "get", WHOLE),
    "web:institutional_partners": ("/observatory/partners/", "get", {"coordinator"}),
    "web:institutional_partner_revoke": (
        "/observatory/partners/{partner}/revoke/",
        "post",
        {"coordinator"},
    ),
}
OBSERVATORY_API = {
    "GET /observatory": WHOLE,
    "GET /observatory/tables/{name}": WHOLE,
    "GET /network": WHOLE,
    "GET /network/relations": WHOLE,
}
ROLES = ("anonymous", "no_membership", "worker", "manager", "coordinator", "partner")


@pytest.fixture
def world():
    worker = MembershipFactory(role="worker")
    manager = MembershipFactory(role="manager", organisation=worker.organisation)
    coordinator = MembershipFactory(role="territory_coordinator")
    partner_user = UserFactory()
    InstitutionalPartner.objects.create(user=partner_user, institution="CAF")
    other = InstitutionalPartner.objects.create(user=UserFactory(), institution="ARS")
    daily()
    release_compute()
    users = {
        "anonymous": None,
        "no_membership": UserFactory(),
        "worker": worker.user,
        "manager": manager.user,
        "coordinator": coordinator.user,
        "partner": partner_user,
    }
    commune = worker.organisation.commune_id
    return users, {"commune": commune, "partner": other.public_id}


@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, client, role):
    users, args = world
    if users[role] is not None:
        verified_login(client, users[role])
    for name, (url, method, allowed) in OBSERVATORY_PAGES.items():
        response = getattr(client, method)(url.format(**args))
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login" in response.url, name
        elif role in allowed:
            assert response.status_code in (200, 302), (name, role, response.status_code)
        else:
            assert response.status_code == 404, (name, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(world, client, role):
    users, _args = world
    if users[role] is not None:
        verified_login(client, users[role])
    for endpoint, allowed in OBSERVATORY_API.items():
        method, path = endpoint.split(" ")
        response = client.generic(method, "/api/v1" + path.format(name="needs"))
        if role == "anonymous":
            assert response.status_code == 401, endpoint
        elif role in allowed:
            assert response.status_code == 200, (endpoint, role, response.status_code)
        else:
            assert response.status_code == 404, (endpoint, role, response.status_code)
            assert response.json()["error"]["code"] == "not_found"


def test_the_api_publishes_what_the_pages_publish(world, client):
    """Masked cells are null with their reason; a manager reads its neighbourhood only; bad
    filters get the one error shape with the field named."""
    from ansam.observatory.models import Cell

    users, _args = world
    # The world is too small for a small count: a cell is masked as the release would.
    Cell.objects.filter(table="people_by_age", row="").update(value=None, suppressed="primary")
    verified_login(client, users["partner"])
    release = client.get("/api/v1/observatory").json()
    assert {t["name"] for t in release["tables"]} >= {"needs", "people_by_age", "referrals"}
    table = client.get("/api/v1/observatory/tables/people_by_age").json()
    masked = [c for row in table["rows"] for c in row["cells"] if c["suppressed"]]
    assert masked and all(c["value"] is None for c in masked)
    assert Cell.objects.filter(table="people_by_age", value=None).count() == len(masked)
    assert client.get("/api/v1/observatory/tables/nothing").status_code == 404
    bad = client.get("/api/v1/network", {"start": "2026-05", "end": "2025-01"})
    assert bad.status_code == 400 and "end" in bad.json()["error"]["fields"]
    whole = client.get("/api/v1/network").json()
    assert whole["whole"] is True and whole["status"] == "done"
    verified_login(client, users["manager"])
    mine = client.get("/api/v1/network").json()
    assert mine["whole"] is False


def test_the_coordinator_gives_and_withdraws_access(world, client, mailoutbox):
    from django.contrib.auth import get_user_model

    users, _args = world
    verified_login(client, users["coordinator"])
    page = client.post("/observatory/partners/", {"institution": "CAF", "name": "", "email": "x"})
    assert page.status_code == 200 and "has-error" in page.content.decode()  # nothing created
    assert not get_user_model().objects.filter(email="obs@caf.example").exists()
    client.post(
        "/observatory/partners/",
        {"institution": "CAF 44", "name": "Léa Martin", "email": "obs@caf.example"},
    )
    partner = InstitutionalPartner.objects.get(user__email="obs@caf.example", revoked_at=None)
    assert any("obs@caf.example" in m.to for m in mailoutbox)  # the link to choose a password
    client.post(f"/observatory/partners/{partner.public_id}/revoke/")
    partner.refresh_from_db()
    assert partner.revoked_at is not None
    assert client.post("/observatory/partners/not-an-id/revoke/").status_code == 404
