"""The content matrix: a canary string in every section, for every kind of object that carries a
person's content (entries, referrals, the signals about them, plan needs, flags), must appear on
exactly the pages and API answers the rules allow, for every role x every sharing state. Every
detail URL that answers 404 answers it exactly as for an id that does not exist."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from ansam.continuity.services import signals_compute
from ansam.plans import services as plans
from ansam.referrals.models import PersonFlag, Referral
from ansam.referrals.services import referral_send
from ansam.sharing import services
from ansam.sharing.sections import DEFAULT_PROFILES, Section
from tests.conftest import page_shape, verified_login
from tests.factories import MembershipFactory, OrganisationFactory, make_service
from tests.sharing.test_record_matrix import ROLES, STATES, TEAM, readable
from tests.sharing.world import apply_state, build_world

pytestmark = pytest.mark.django_db

WRITTEN = [s for s in DEFAULT_PROFILES["CCAS"]]  # what the coordinator writes and refers about
# What the CHRS member (not the coordinator) refers about: the coordinator reads those referrals,
# and the warnings about them, only under each one's section.
PARTNER = [s for s in DEFAULT_PROFILES["CHRS"] if s in WRITTEN]


def _canary(kind, section):
    return f"CANARY{kind}{section.replace('_', '').upper()}"


@pytest.fixture
def world():
    w = build_world()
    coordinator, person, ccas = w.users["coordinator"], w.person, w.orgs["ccas"]
    receiver = OrganisationFactory(name="Structure receveuse", typology="ASSO")
    MembershipFactory(organisation=receiver)
    w.referrals = {}
    for section in WRITTEN:
        services.entry_create(
            actor=coordinator,
            person=person,
            section=section,
            data={"title": _canary("ENTRY", section)},
        )
        service = make_service(receiver, name=_canary("SERVICE", section))
        w.referrals[section] = referral_send(
            actor=coordinator,
            person=person,
            organisation=ccas,
            service=service,
            need_words=_canary("WORDS", section),
            section=section,
            sections=[],
            basis="informed",
        )
        plans.need_add(
            actor=coordinator, person=person, section=section, words=_canary("NEED", section)
        )
    w.partner_referrals = {}
    for section in PARTNER:
        service = make_service(receiver, name=_canary("PARTNERSERVICE", section))
        w.partner_referrals[section] = referral_send(
            actor=w.users["team_other_org"],
            person=person,
            organisation=w.orgs["chrs"],
            service=service,
            need_words=_canary("PARTNERWORDS", section),
            section=section,
            sections=[],
            basis="informed",
        )
    # Unanswered past their date: each referral's warning, in the referral's section.
    Referral.objects.filter(person=person).update(answer_due_on=date(2020, 1, 1))
    signals_compute(notify_users=False)
    PersonFlag.objects.create(
        person=person,
        kind="ping_pong",
        section=Section.FAMILY,
        detail=_canary("FLAG", Section.FAMILY),
    )
    return w


def _pages(w, role):
    person = w.person.public_id
    pages = [
        reverse("web:person", args=[person]),
        reverse("web:caseload"),
        reverse("web:day"),
        reverse("web:referrals") + "?tab=sent",
        reverse("web:referrals") + "?tab=received",
        reverse("web:notifications"),
        reverse("web:plan", args=[person]),
        reverse("web:person_sharing", args=[person]),
        reverse("web:access_log", args=[person]),
        reverse("web:dashboard", args=[w.orgs["ccas"].public_id]),
        f"/api/v1/people/{person}",
        f"/api/v1/people/{person}/entries",
        f"/api/v1/people/{person}/plan",
        "/api/v1/referrals?box=sent",
        "/api/v1/referrals?box=received",
        "/api/v1/signals",
    ]
    for referral in [*w.referrals.values(), *w.partner_referrals.values()]:
        pages.append(reverse("web:referral", args=[referral.public_id]))
        pages.append(f"/api/v1/referrals/{referral.public_id}")
    return pages


def _expected(role, state, kind, section) -> bool:
    if kind == "ENTRY":
        return readable(role, state, section)
    if kind in ("WORDS", "SERVICE"):
        # The sender (the coordinator) reads what they sent; a team member, under its section;
        # an emergency reader reads the record, not the referrals between partners.
        return role == "coordinator" or (role in TEAM and readable(role, state, section))
    if kind in ("PARTNERWORDS", "PARTNERSERVICE"):
        return role == "team_other_org" or (role in TEAM and readable(role, state, section))
    if kind == "NEED":
        return role in TEAM and readable(role, state, section)
    if kind == "FLAG":
        return role == "coordinator" and readable(role, state, section)
    raise AssertionError(kind)


def _unknown(url):
    """The same address with an id that does not exist."""
    for part in url.split("/"):
        try:
            uuid.UUID(part)
        except ValueError:
            continue
        return url.replace(part, str(uuid.uuid4()))
    return None


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_each_canary_appears_exactly_where_the_rules_allow(world, client, role, state):
    apply_state(world, state)
    verified_login(client, world.users[role])
    seen, failures = "", []
    for url in _pages(world, role):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        if response.status_code == 404:
            unknown = _unknown(url)
            if unknown:
                twin = client.get(unknown)
                if page_shape(twin) != page_shape(response):
                    failures.append(("404 differs from an unknown id", url))
            continue
        seen += response.content.decode()
    kinds = dict.fromkeys(("ENTRY", "WORDS", "SERVICE", "NEED"), WRITTEN)
    kinds |= {"PARTNERWORDS": PARTNER, "PARTNERSERVICE": PARTNER, "FLAG": [Section.FAMILY]}
    for kind, sections in kinds.items():
        for section in sections:
            shown = _canary(kind, section) in seen
            if shown != _expected(role, state, kind, section):
                failures.append((kind, section, "shown" if shown else "hidden"))
    assert not failures, failures
