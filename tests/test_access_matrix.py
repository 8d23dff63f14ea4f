"""The authorization matrix, generated from the URL configuration and the API schema: every page
and endpoint x every role. A new URL is covered by default: it must appear in EXPECTED or in
PUBLIC, or this test fails."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ansam.api.urls import api
from tests.conftest import verified_login
from tests.factories import MembershipFactory, UserFactory, make_service

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_membership", "outsider", "worker", "manager")
OK, DENIED = "ok", "denied"

# Pages anyone may open (login, reset, invitation).
PUBLIC = {
    "accounts:login",
    "accounts:login_verify",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation",
    "accounts:proconnect",
    "accounts:proconnect_callback",
    "set_language",
}
# Pages for any signed-in professional.
SIGNED_IN = {
    "web:home",
    "web:directory",
    "web:commune_options",
    "web:service",
    "web:organisation",
    "accounts:security",
    "accounts:two_factor_setup",
    "accounts:backup_codes",
    "accounts:logout",
    "web:day",
}
# Pages only the organisation's managers may use (others: 404, as if absent).
MANAGERS = {
    "web:manage",
    "web:organisation_edit",
    "web:service_new",
    "web:service_edit",
    "web:service_delete",
    "web:invite",
    "web:membership_end",
    "web:dashboard",
}
# Pages of the territory coordinators (others: 404). Tested in tests/web/test_territory_pages.py.
TERRITORY = {"web:emergency_actors", "web:emergency_actor_set", "web:territory_setup"}
API_SIGNED_IN = {
    "GET /directory/services",
    "GET /services/{service_id}",
    "GET /organisations/{organisation_id}",
    "GET /taxonomies",
    "GET /me",
}
API_MANAGERS = {
    "PUT /services/{service_id}",
    "DELETE /services/{service_id}",
    "PATCH /organisations/{organisation_id}",
    "POST /organisations/{organisation_id}/services",
}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            if p.namespace in ("admin", "api"):
                continue
            yield from _named_patterns(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def test_every_page_is_classified():
    from tests.accounts.test_proconnect import PROCONNECT_PAGES
    from tests.meetings.test_meeting_matrix import MEETING_PAGES
    from tests.network.test_observatory_matrix import OBSERVATORY_PAGES
    from tests.partnerships.test_agreement_pages import AGREEMENT_PAGES
    from tests.plans.test_plan_matrix import CONTINUITY_OPEN, PLAN_PAGES
    from tests.portal.test_portal import PORTAL_PAGES
    from tests.referrals.test_referral_matrix import OPEN_PAGES as REFERRAL_OPEN
    from tests.referrals.test_referral_matrix import PAGES as REFERRAL_PAGES
    from tests.sharing.test_record_matrix import OPEN_PAGES, RECORD_PAGES

    names = set(_named_patterns())
    unclassified = (
        names
        - PUBLIC
        - SIGNED_IN
        - MANAGERS
        - TERRITORY
        - set(RECORD_PAGES)
        - OPEN_PAGES
        - set(REFERRAL_PAGES)
        - REFERRAL_OPEN
        - set(PLAN_PAGES)
        - CONTINUITY_OPEN
        - MEETING_PAGES
        - AGREEMENT_PAGES
        - set(OBSERVATORY_PAGES)
        - PORTAL_PAGES
        - PROCONNECT_PAGES
    )
    assert not unclassified, f"new pages need a row in the access matrix: {unclassified}"


def test_every_endpoint_is_classified():
    schema = api.get_openapi_schema()
    found = {
        f"{method.upper()} {path.removeprefix('/api/v1')}"
        for path, methods in schema["paths"].items()
        for method in methods
    }
    from tests.network.test_observatory_matrix import OBSERVATORY_API
    from tests.plans.test_plan_matrix import OPEN_PLAN_API, PLAN_API
    from tests.referrals.test_referral_matrix import API as REFERRAL_API
    from tests.referrals.test_referral_matrix import OPEN_API as REFERRAL_OPEN_API
    from tests.sharing.test_record_matrix import OPEN_API, RECORD_API

    assert found == (
        API_SIGNED_IN
        | API_MANAGERS
        | set(RECORD_API)
        | OPEN_API
        | set(REFERRAL_API)
        | REFERRAL_OPEN_API
        | set(PLAN_API)
        | OPEN_PLAN_API
        | set(OBSERVATORY_API)
    )


@pytest.fixture
def world(client):
    membership = MembershipFactory(role="worker")
    org = membership.organisation
    manager = MembershipFactory(organisation=org, role="manager").user
    target = MembershipFactory(organisation=org, role="worker")
    service = make_service(org, actor=manager, name="Service témoin")
    users = {
        "anonymous": None,
        "no_membership": UserFactory(),
        "outsider": MembershipFactory(role="manager").user,
        "worker": membership.user,
        "manager": manager,
    }
    args = {
        "organisation_id": str(org.public_id),
        "service_id": str(service.public_id),
        "membership_id": str(target.public_id),
        "token": "unknown-token",
        "uidb64": "MQ",
    }
    return users, args


def _url(name, args):
    from django.urls import NoReverseMatch, reverse

    resolver = get_resolver()
    for candidate in (
        [],
        ["organisation_id"],
        ["service_id"],
        ["membership_id"],
        ["token"],
        ["organisation_id", "service_id"],
        ["uidb64", "token"],
    ):
        try:
            return reverse(name, kwargs={k: args[k] for k in candidate})
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build {name} ({resolver})")


def _expected(name, role):
    if name in PUBLIC:
        return OK
    if role == "anonymous":
        return DENIED
    if name in SIGNED_IN:
        return OK
    return OK if role == "manager" else DENIED


@pytest.mark.parametrize("role", ROLES)
def test_pages_matrix(world, client, role):
    users, args = world
    if users[role] is not None:
        verified_login(client, users[role])
    failures = []
    posts = {"web:service_delete", "web:invite", "web:membership_end"}
    # Pages that change things come last, so that deleting the service hides nothing else.
    for name in sorted(PUBLIC | SIGNED_IN | MANAGERS, key=lambda n: (n in posts, n)):
        if name in ("accounts:logout", "set_language"):
            continue
        url = _url(name, args)
        method = client.post if name in posts else client.get
        response = method(url)
        expected = _expected(name, role)
        if expected == OK:
            if name in PUBLIC:
                # Public pages answer (an unknown token or link is a 400/404 page, not a login).
                ok = response.status_code in (200, 302, 400, 404)
            else:
                location = response.get("Location", "")
                ok = response.status_code in (200, 302) and "/accounts/login" not in location
        elif role == "anonymous":
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            ok = response.status_code == 404  # forbidden looks like absent
        if not ok:
            failures.append((name, role, response.status_code))
    assert not failures, failures


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(world, client, role):
    users, args = world
    if users[role] is not None:
        verified_login(client, users[role])
    failures = []
    body = {"name": "Nom valide", "description": "Une description."}
    for endpoint in sorted(API_SIGNED_IN | API_MANAGERS):
        method, path = endpoint.split(" ", 1)
        path = "/api/v1" + re.sub(r"{(\w+)}", lambda m: args[m.group(1)], path)
        if method == "DELETE":
            continue  # checked last, it removes the service
        response = (
            getattr(client, method.lower())(path, body, content_type="application/json")
            if method in ("POST", "PUT", "PATCH")
            else client.get(path)
        )
        if role == "anonymous":
            ok = response.status_code == 401
        elif endpoint in API_SIGNED_IN or role == "manager":
            ok = response.status_code in (200, 201)
        else:
            ok = response.status_code == 404
        if not ok:
            failures.append((endpoint, role, response.status_code))
        if response.status_code >= 400:
            assert "error" in response.json()
    delete = client.delete("/api/v1/services/" + args["service_id"])
    expected_delete = {"anonymous": 401, "manager": 204}.get(role, 404)
    if delete.status_code != expected_delete:
        failures.append(("DELETE /services/{id}", role, delete.status_code))
    assert not failures, failures
