"""The authorization matrix extended to the plan's pages: every plan page x every role of the
record matrix x every sharing state. Only the care team reaches the plan (an emergency reader
does not); inside it, a part is reachable only by who may read its section, except a partner's
own actions."""

import pytest
from django.urls import reverse

from ansam.plans import content
from ansam.sharing.sections import Section
from tests.conftest import verified_login
from tests.plans.world import answer, build_plan_world
from tests.sharing.test_record_matrix import ROLES, STATES, TEAM, readable
from tests.sharing.world import apply_state

pytestmark = pytest.mark.django_db

# page -> (method, who may use it)
PLAN_PAGES = {
    "web:plan": ("get", "team"),
    "web:plan_action_add": ("get", "team"),
    "web:plan_version": ("get", "team"),
    "web:plan_print": ("get", "team"),
    "web:plan_compare": ("get", "team"),
    "web:plan_answer": ("get", "team"),
    "web:plan_signature_file": ("get", "team"),
    "web:close": ("get", "team"),
    "web:plan_need": ("get", "housing"),
    "web:plan_goal": ("get", "housing"),
    "web:plan_action": ("get", "chrs_action"),
    "web:plan_need_add": ("post", "team"),
    "web:plan_goal_add": ("post", "team"),
    "web:plan_review": ("post", "team"),
    "web:plan_action_status": ("post", "chrs_action"),
    "web:plan_propose": ("post", "team"),
}
# Pages that reveal no person by themselves (their own tests cover them).
CONTINUITY_OPEN = {"web:signal", "web:reopen"}
PLAN_API = {"GET /people/{person_id}/plan": "team"}
# Every signed-in professional's own list (tested below: only their people's signals).
OPEN_PLAN_API = {"GET /signals"}


@pytest.fixture
def world():
    from ansam.plans import services as plans

    w = build_plan_world()
    v1 = plans.version_propose(actor=w.base.users["coordinator"], person=w.person)
    w.signature = answer(w, w.base.users["coordinator"], content.PERSON, v1)
    return w


def _url(name, w):
    person = w.person.public_id
    extra = {
        "web:plan_version": {"number": 1},
        "web:plan_print": {"number": 1},
        "web:plan_answer": {"party": content.PERSON},
        "web:plan_signature_file": {"signature_id": w.signature.public_id},
        "web:plan_need": {"need_id": w.need.public_id},
        "web:plan_goal": {"goal_id": w.goal.public_id},
        "web:plan_action": {"action_id": w.actions["chrs"].public_id},
        "web:plan_action_status": {"action_id": w.actions["chrs"].public_id},
    }.get(name, {})
    url = reverse(name, kwargs={"person_id": person, **extra})
    return url + ("?a=1&b=1" if name == "web:plan_compare" else "")


def _allowed(kind, role, state) -> bool:
    if role not in TEAM:
        return False
    if kind == "team":
        return True
    if kind == "housing":
        return readable(role, state, Section.HOUSING)
    if kind == "chrs_action":  # the CHRS always sees the action it holds
        return role == "team_other_org" or readable(role, state, Section.HOUSING)
    raise AssertionError(kind)


BODIES = {
    "web:plan_need_add": {"need-section": "housing", "need-words": "Je voudrais un jardin."},
    "web:plan_goal_add": {"goal-text": "Un objectif", "goal-section": "housing"},
    "web:plan_review": {"review-review_on": "2099-01-01"},
    "web:plan_action_status": {"status": "in_progress"},
    "web:plan_propose": {"propose-note": "", "propose-review_on": ""},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_plan_pages(world, client, role, state):
    apply_state(world.base, state)
    if role != "anonymous":
        verified_login(client, world.base.users[role])
    failures = []
    for name, (method, kind) in sorted(PLAN_PAGES.items(), key=lambda i: i[1][0]):
        url = _url(name, world)
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, BODIES[name])
        if role == "anonymous":
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif _allowed(kind, role, state):
            ok = response.status_code == (200 if method == "get" else 302)
        else:
            ok = response.status_code == 404
        if not ok:
            failures.append((name, response.status_code))
    assert not failures, failures


@pytest.mark.parametrize("state", ["informed", "objected"])
def test_what_the_plan_page_shows(world, client, state):
    """The CHRS reads the housing need only while the person does not object; it always sees
    the action it holds."""
    apply_state(world.base, state)
    verified_login(client, world.base.users["team_other_org"])
    page = client.get(reverse("web:plan", args=[world.person.public_id])).content.decode()
    assert ("un logement à moi" in page) == (state == "informed")
    assert "Accompagner la visite du logement" in page
    assert ("Réunir les trois derniers bulletins" in page) == (state == "informed")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_plan_api(world, client, role, state):
    apply_state(world.base, state)
    if role != "anonymous":
        verified_login(client, world.base.users[role])
    response = client.get(f"/api/v1/people/{world.person.public_id}/plan")
    if role == "anonymous":
        assert response.status_code == 401
    elif _allowed("team", role, state):
        assert response.status_code == 200
        body = response.json()
        words = [n["words"] for n in body["needs"]]
        assert (world.need.words in words) == readable(role, state, Section.HOUSING)
        whats = {a["what"] for a in body["actions"]}
        assert ("Accompagner la visite du logement" in whats) == (
            role == "team_other_org" or readable(role, state, Section.HOUSING)
        )
        assert body["latest_version"]["number"] == 1
    else:
        assert response.status_code == 404
        assert "un logement à moi" not in response.content.decode()


def test_signals_api_lists_only_my_peoples_signals(world, client):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from ansam.continuity.services import signals_compute

    with time_machine.travel(timezone.now() + timedelta(days=21), tick=False):
        signals_compute()
        for role, expected in [
            ("coordinator", 3),
            ("team_other_org", 1),
            ("member_other_org", 0),
            ("organisation_manager", 0),
        ]:
            verified_login(client, world.base.users[role])
            body = client.get("/api/v1/signals").json()
            assert len(body) == expected, role
            assert all(s["person_id"] == str(world.person.public_id) for s in body)
