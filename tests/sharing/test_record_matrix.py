"""The authorization matrix of the shared record, generated from the URL configuration and the
API schema: every record page and endpoint x every role x every sharing state. It asserts zero
unexpected access — including in the caseload list, counts and file downloads."""

import re

import pytest
from django.urls import reverse

from ansam.api.urls import api
from ansam.sharing.sections import Section
from tests.conftest import verified_login
from tests.sharing.world import apply_state, build_world

pytestmark = pytest.mark.django_db

ROLES = [
    "coordinator",
    "team_other_org",
    "colleague_outside_team",
    "member_other_org",
    "emergency_actor",
    "organisation_manager",
    "territory_coordinator",
    "anonymous",
]
# For the whole team, then for one organisation (the CHRS objects), for one section (housing
# withdrawn), and an emergency access (the SIAO, an emergency actor of the territory).
STATES = [
    "informed",
    "objected",
    "consent",
    "withdrawn",
    "child_protection",
    "org_objection",
    "section_withdrawn",
    "break_glass",
]
TEAM = {"coordinator", "team_other_org"}

# Record pages, by who may open them when the person is visible to the actor.
RECORD_PAGES = {
    "web:person": "visible",
    "web:person_edit": "visible",
    "web:entry_new": "team",
    "web:person_sharing": "team",
    "web:notice": "visible",
    "web:person_team": "coordinator",
    "web:access_log": "coordinator",
    "web:entry_edit": "entry",
    "web:entry_file": "file",
    "web:relatives": "family",
    "web:merge": "coordinator",
}
# Pages any signed-in professional reaches (they reveal nothing of a person).
# Each is tested role by role in test_open_pages.py.
OPEN_PAGES = {
    "web:caseload",
    "web:person_new",
    "web:request_join",
    "web:emergency",
    "web:team_handover",
    "web:emergency_informed",
    "web:team_remove",
    "web:emergencies",
    "web:emergency_review",
    "web:relative_accompany",
}
# Recording a basis changes what follows: it comes last.
RECORD_API = {
    "GET /people/{person_id}": "visible",
    "GET /people/{person_id}/entries": "visible",
    "POST /people/{person_id}/entries": "team",
    "GET /people/{person_id}/audit": "coordinator",
    "GET /entries/{entry_id}": "entry",
    "PUT /entries/{entry_id}": "author",
    "PATCH /people/{person_id}": "identity",
    "POST /people/{person_id}/sharing": "coordinator",  # for the whole team
}
OPEN_API = {"GET /people", "POST /people"}


def readable(role: str, state: str, section: str) -> bool:
    """The rule, restated independently of ansam.access for the matrix."""
    if section == Section.HEALTH:
        return False  # neither the CCAS nor the CHRS profile includes health; nor break-glass
    if state == "break_glass":
        if role == "emergency_actor":
            return True
        state = "informed"  # the team reads as before
    if role not in TEAM or not _team_profile(role, section):
        return False
    if state in ("objected", "withdrawn"):
        return False
    if state == "child_protection":
        return section == Section.CHILD_PROTECTION  # in neither profile: nothing
    if state == "org_objection":
        return role != "team_other_org"
    if state == "section_withdrawn":
        return section != Section.HOUSING
    return True


def _team_profile(role, section):
    from ansam.sharing.sections import DEFAULT_PROFILES

    typology = "CCAS" if role == "coordinator" else "CHRS"
    return section in DEFAULT_PROFILES[typology]


def visible(role: str, state: str) -> bool:
    return role in TEAM or (state == "break_glass" and role == "emergency_actor")


@pytest.fixture
def world():
    return build_world()


def _login(client, world, role):
    if role != "anonymous":
        verified_login(client, world.users[role])


def _expect(kind, role, state, world) -> bool:
    if not visible(role, state):
        return False
    if kind == "visible":
        return True
    if kind == "team":
        return role in TEAM
    if kind == "coordinator":
        return role == "coordinator"
    if kind in ("entry", "author"):
        ok = readable(role, state, Section.HOUSING)
        return ok and (kind == "entry" or role == "coordinator")
    if kind == "file":
        return readable(role, state, Section.IDENTITY)
    if kind == "family":
        return readable(role, state, Section.FAMILY)
    if kind == "identity":
        return role in TEAM and readable(role, state, Section.IDENTITY)
    raise AssertionError(kind)


def test_every_record_page_and_endpoint_is_in_the_matrix():
    from tests.test_access_matrix import MANAGERS, PUBLIC, SIGNED_IN, TERRITORY, _named_patterns

    names = set(_named_patterns())
    from tests.accounts.test_proconnect import PROCONNECT_PAGES
    from tests.meetings.test_meeting_matrix import MEETING_PAGES
    from tests.network.test_observatory_matrix import OBSERVATORY_PAGES
    from tests.partnerships.test_agreement_pages import AGREEMENT_PAGES
    from tests.plans.test_plan_matrix import CONTINUITY_OPEN, PLAN_API, PLAN_PAGES
    from tests.portal.test_portal import PORTAL_PAGES
    from tests.referrals.test_referral_matrix import OPEN_PAGES as REFERRAL_OPEN
    from tests.referrals.test_referral_matrix import PAGES as REFERRAL_PAGES

    left = names - PUBLIC - SIGNED_IN - MANAGERS - TERRITORY - set(RECORD_PAGES) - OPEN_PAGES
    others = (
        set(REFERRAL_PAGES)
        | REFERRAL_OPEN
        | set(PLAN_PAGES)
        | CONTINUITY_OPEN
        | MEETING_PAGES
        | AGREEMENT_PAGES
        | set(OBSERVATORY_PAGES)
        | PORTAL_PAGES
        | PROCONNECT_PAGES
    )
    assert left - others == set()
    schema = api.get_openapi_schema()
    found = {
        f"{m.upper()} {p.removeprefix('/api/v1')}" for p, ms in schema["paths"].items() for m in ms
    }
    people = {e for e in found if "/people" in e or "/entries" in e}
    assert people == set(RECORD_API) | OPEN_API | set(PLAN_API)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_record_pages(world, client, role, state):
    apply_state(world, state)
    _login(client, world, role)
    args = {"person_id": world.person.public_id}
    failures = []
    for name, kind in RECORD_PAGES.items():
        if kind in ("entry", "file"):
            entry = world.entries["housing" if kind == "entry" else "identity_file"]
            url = reverse(name, kwargs={"entry_id": entry.public_id})
        else:
            url = reverse(name, kwargs=args)
        response = client.get(url)
        if role == "anonymous":
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif _expect(kind, role, state, world):
            ok = response.status_code == 200
        else:
            ok = response.status_code == 404
        if not ok:
            failures.append((name, response.status_code))
    assert not failures, failures


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_what_the_record_page_shows(world, client, role, state):
    """Entry by entry: titles appear exactly where the rules allow; the private note only to
    its author; the caseload lists the person only to those who may see them."""
    apply_state(world, state)
    if role == "anonymous":
        return
    _login(client, world, role)
    caseload = client.get(reverse("web:caseload")).content.decode()
    in_caseload = "MARTIN" in caseload
    assert in_caseload == visible(role, state)
    api_caseload = client.get("/api/v1/people").json()
    assert (len(api_caseload) == 1) == visible(role, state)
    if not visible(role, state):
        return
    page = client.get(reverse("web:person", args=[world.person.public_id])).content.decode()
    assert ("Demande de logement social" in page) == readable(role, state, Section.HOUSING)
    assert ("Pièce d&#x27;identité" in page) == readable(role, state, Section.IDENTITY)
    assert "Suivi au CMP" not in page  # health: consent given to the CMP only
    assert ("Note personnelle" in page) == (
        role == "coordinator" and readable(role, state, Section.HOUSING)
    )
    entries = client.get(f"/api/v1/people/{world.person.public_id}/entries").json()
    titles = {e["title"] for e in entries}
    assert ("Demande de logement social" in titles) == readable(role, state, Section.HOUSING)
    assert "Suivi au CMP" not in titles


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_record_api(world, client, role, state):
    apply_state(world, state)
    _login(client, world, role)
    args = {
        "person_id": str(world.person.public_id),
        "entry_id": str(world.entries["housing"].public_id),
    }
    bodies = {
        "POST /people/{person_id}/entries": {"section": "housing", "title": "Nouvelle note"},
        "POST /people/{person_id}/sharing": {"basis": "informed", "how": "orally"},
        "PUT /entries/{entry_id}": {
            "title": "Demande de logement social",
            "body": "Màj.",
            "version": 1,
        },
        "PATCH /people/{person_id}": {"phone": "0600000000"},
    }
    failures = []
    for endpoint, kind in RECORD_API.items():
        method, path = endpoint.split(" ", 1)
        url = "/api/v1" + re.sub(r"{(\w+)}", lambda m: args[m.group(1)], path)
        if method == "GET":
            response = client.get(url)
        else:
            response = getattr(client, method.lower())(
                url, bodies[endpoint], content_type="application/json"
            )
        expected = _expect(kind, role, state, world)
        if kind == "team" and endpoint.endswith("/entries"):
            expected = expected and readable(role, state, Section.HOUSING)
        if role == "anonymous":
            ok = response.status_code == 401
        elif expected:
            ok = response.status_code in (200, 201)
        else:
            # Hidden: 404. Visible but not allowed to act: 403 or 404, never a success.
            ok = response.status_code in ((403, 404) if visible(role, state) else (404,))
        if not ok:
            failures.append((endpoint, response.status_code))
    assert not failures, failures


def test_health_needs_consent_even_for_a_health_professional(world, client):
    verified_login(client, world.users["health_member"])
    url = reverse("web:person", args=[world.person.public_id])
    assert "Suivi au CMP" in client.get(url).content.decode()
    from ansam.sharing import services

    services.basis_record(
        actor=world.users["health_member"],
        person=world.person,
        basis="withdrawn",
        how="orally",
        section=Section.HEALTH,
        organisation=world.orgs["cmp"],
    )
    assert "Suivi au CMP" not in client.get(url).content.decode()  # on the very next request


def test_ending_a_membership_removes_record_access(world, client):
    from ansam.organisations.models import Membership

    verified_login(client, world.users["team_other_org"])
    url = reverse("web:person", args=[world.person.public_id])
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=world.users["team_other_org"]).update(is_active=False)
    verified_login(client, world.users["team_other_org"])
    assert client.get(url).status_code == 404
