"""The pages that take no readable person in their address, or that act without showing a
record (asking to join, break-glass, its review, the team's hand-over and removal, a relative's
own accompaniment, a signal, reopening an archive), tested role by role, GET and POST: each
answers exactly who may use it, and for anyone else exactly as for an unknown id or identity."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ansam.continuity.models import Signal
from ansam.sharing import emergency as emergency_services
from ansam.sharing import household
from ansam.sharing.models import CareTeamMember, EmergencyAccess
from tests.conftest import page_shape, verified_login
from tests.sharing.test_record_matrix import ROLES
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db
REASON = "La personne a appelé en détresse, son référent est injoignable ce soir."
SIGNED_IN = [r for r in ROLES if r != "anonymous"]


@pytest.fixture
def w():
    w = build_world()
    w.emergency = emergency_services.emergency_open(
        actor=w.users["emergency_actor"],
        person=w.person,
        organisation=w.orgs["siao"],
        reason=REASON,
    )
    w.relation = household.relation_add(
        actor=w.users["coordinator"],
        person=w.person,
        kind="child",
        is_legal_representative=False,
        data={"birth_name": "Martin", "given_names": "Noé", "birth_date": date(2016, 2, 3)},
    )
    w.chrs_member = CareTeamMember.objects.get(professional=w.users["team_other_org"])
    w.cmp_member = CareTeamMember.objects.get(professional=w.users["health_member"])
    w.signal = Signal.objects.create(
        kind="no_contact",
        person=w.person,
        organisation=w.orgs["ccas"],
        subject=f"person:{w.person.pk}",
        detail={"days": 90},
        opened_at=timezone.now(),
    )
    return w


def _same_as_unknown(client, method, url, real_id, data=None):
    real = getattr(client, method)(url, data or {})
    twin = getattr(client, method)(url.replace(str(real_id), str(uuid.uuid4())), data or {})
    return real, real.status_code == twin.status_code and page_shape(real) == page_shape(twin)


@pytest.mark.parametrize("role", ROLES)
def test_lists_and_forms_any_professional_reaches(w, client, role):
    if role != "anonymous":
        verified_login(client, w.users[role])
    for name in ("web:caseload", "web:person_new", "web:emergency", "web:emergencies"):
        response = client.get(reverse(name))
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 200, name
            assert "Noé" not in response.content.decode()
    if role == "anonymous":
        return
    reviewer = role == "territory_coordinator"
    emergencies = client.get(reverse("web:emergencies")).content.decode()
    assert (REASON in emergencies) == (reviewer or role == "emergency_actor")
    # A POST changes nothing and shows the same list: the household member never appears.
    posted = client.post(reverse("web:caseload"))
    assert posted.status_code == 200 and "Noé" not in posted.content.decode()


@pytest.mark.parametrize("role", SIGNED_IN)
def test_asking_to_join_answers_the_same_whatever_the_id(w, client, role):
    verified_login(client, w.users[role])
    url = reverse("web:request_join", args=[w.person.public_id])
    real, same = _same_as_unknown(client, "post", url, w.person.public_id)
    assert real.status_code == 302 and same
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("role", SIGNED_IN)
def test_break_glass_by_identity(w, client, role):
    verified_login(client, w.users[role])
    org = {
        "coordinator": "ccas",
        "team_other_org": "chrs",
        "colleague_outside_team": "ccas",
        "member_other_org": "other",
        "emergency_actor": "siao",
        "organisation_manager": "ccas",
        "territory_coordinator": None,
    }[role]
    if org is None:  # a territory coordinator's organisation is the département
        from ansam.organisations.models import Membership

        organisation = Membership.objects.get(user=w.users[role]).organisation
    else:
        organisation = w.orgs[org]
    identity = {
        "organisation": str(organisation.public_id),
        "reason": REASON,
        "name": "Martin",
        "given_names": "Léa",
        "birth_date": "1990-04-12",
    }
    before = EmergencyAccess.objects.count()
    real = client.post(reverse("web:emergency"), identity)
    unknown = client.post(reverse("web:emergency"), identity | {"birth_date": "1991-04-12"})
    allowed = role in ("emergency_actor", "coordinator", "team_other_org")
    if allowed:
        assert real.status_code == 302 and EmergencyAccess.objects.count() == before + 1
    else:
        # The form shows back what was typed; otherwise the two answers are the same.
        assert page_shape(real) == page_shape(unknown).replace("1991-04-12", "1990-04-12")
        assert EmergencyAccess.objects.count() == before
    assert unknown.status_code == 200


@pytest.mark.parametrize("role", SIGNED_IN)
def test_acts_on_a_record_one_may_not_read_look_absent(w, client, role):
    verified_login(client, w.users[role])
    person = w.person.public_id
    checks = [
        # (method, url, the id in it, who may, expected success status)
        (
            "get",
            reverse("web:emergency_review", args=[w.emergency.public_id]),
            w.emergency.public_id,
            {"territory_coordinator"},
            200,
        ),
        (
            "get",
            reverse("web:signal", args=[w.signal.public_id]),
            w.signal.public_id,
            {"coordinator", "organisation_manager"},
            200,
        ),
        (
            "post",
            reverse("web:relative_accompany", args=[person, w.relation.public_id]),
            w.relation.public_id,
            {"coordinator", "team_other_org"},
            302,
        ),
        (
            "post",
            reverse("web:emergency_informed", args=[w.emergency.public_id]),
            w.emergency.public_id,
            {"coordinator"},
            302,
        ),
        (
            "post",
            reverse("web:team_remove", args=[person, w.chrs_member.public_id]),
            w.chrs_member.public_id,
            {"coordinator", "team_other_org"},
            302,
        ),
        (
            "post",
            reverse("web:team_handover", args=[person, w.cmp_member.public_id]),
            w.cmp_member.public_id,
            {"coordinator"},
            302,
        ),
    ]
    failures = []
    for method, url, real_id, allowed, success in checks:
        if role in allowed:
            response = getattr(client, method)(url, {"basis": "informed"})
            if response.status_code != success:
                failures.append((url, response.status_code))
            client.get(reverse("web:caseload"))  # shows (and so clears) the success message
        elif role == "emergency_actor" and url.endswith("/remove/"):
            # The emergency reader sees the record: refused with a message, nothing changed.
            response = client.post(url)
            client.get(reverse("web:caseload"))
            if (
                response.status_code != 302
                or not CareTeamMember.objects.filter(public_id=real_id, is_active=True).exists()
            ):
                failures.append((url, response.status_code))
        else:
            response, same = _same_as_unknown(client, method, url, real_id, {"basis": "informed"})
            if response.status_code != 404 or not same:
                failures.append((url, response.status_code, same))
    assert not failures, failures


@pytest.mark.parametrize("role", SIGNED_IN)
def test_reopening_an_archive_is_for_the_managers_of_who_accompanied(w, client, role):
    from ansam.people.models import Person

    CareTeamMember.objects.filter(person=w.person).update(is_active=False)
    Person.objects.filter(pk=w.person.pk).update(archived_at=timezone.now() - timedelta(days=1))
    verified_login(client, w.users[role])
    url = reverse("web:reopen", args=[w.person.public_id])
    data = {"organisation": str(w.orgs["ccas"].public_id), "reason": "La personne revient."}
    real, same = _same_as_unknown(client, "post", url, w.person.public_id, data)
    w.person.refresh_from_db()
    if role == "organisation_manager":
        assert real.status_code == 302 and w.person.archived_at is None
    else:
        assert real.status_code == 404 and same and w.person.archived_at is not None
