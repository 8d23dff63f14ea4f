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
