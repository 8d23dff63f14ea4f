"""Every continuity signal, with time travel: opened by the scheduled computation when its
cause appears, on the right organisation's dashboards, closed only by an act, never
reopened while the act holds, and never revealing a person to someone who may not see them."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ansam.continuity.models import Signal
from ansam.continuity.services import signals_compute
from ansam.lifecycle import accompaniment
from ansam.organisations.models import Membership
from ansam.plans import services as plans
from ansam.referrals.models import PersonFlag
from ansam.sharing.models import CareTeamMember
from tests.conftest import verified_login
from tests.plans.world import build_plan_world
from tests.referrals.world import build_referral_world, send
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db
K = Signal.Kind


def open_signals(kind=None):
    rows = Signal.objects.filter(closed_at=None)
    return rows.filter(kind=kind) if kind else rows


def later(days):
    return time_machine.travel(timezone.now() + timedelta(days=days), tick=False)


def test_overdue_actions_go_to_their_holder_and_close_by_an_act():
    world = build_plan_world()
    base = world.base
    assert signals_compute()["opened"] == 0
    with later(21):
        signals_compute()
        overdue = {s.subject: s.organisation for s in open_signals(K.OVERDUE_ACTION)}
        assert overdue == {
            f"action:{world.actions['ccas'].pk}": base.orgs["ccas"],
            f"action:{world.actions['chrs'].pk}": base.orgs["chrs"],
            # The person's own action: on the coordinator's organisation's dashboard.
            f"action:{world.actions['person'].pk}": base.orgs["ccas"],
        }
        from ansam.core.notifications import Notification

        # One notification each, whatever the number: 3 signals about a person the coordinator
        # coordinates, 2 on the dashboard of the CCAS (its manager), none for the others.
        texts = {n.user_id: n.text for n in Notification.objects.filter(text__contains="alerte")}
        board = "nouvelles alertes de rupture sur votre tableau de bord."
        assert texts == {
            base.users["coordinator"].pk: f"3 {board}",
            base.users["organisation_manager"].pk: f"2 {board}",
        }
        plans.action_set_status(
            actor=base.users["team_other_org"], action=world.actions["chrs"], status="done"
        )
        closed = Signal.objects.get(subject=f"action:{world.actions['chrs'].pk}")
        assert (closed.closed_act, closed.closed_by) == ("done", base.users["team_other_org"])
        plans.action_reschedule(
            actor=base.users["coordinator"],
            action=world.actions["ccas"],
            due_on=timezone.localdate() + timedelta(days=10),
        )
        assert signals_compute()["opened"] == 0  # neither comes back
        assert open_signals(K.OVERDUE_ACTION).count() == 1


def test_a_referral_unanswered_past_its_delay():
    w = build_referral_world()
    referral = send(w)
    days = (referral.answer_due_on - timezone.localdate()).days + 1
    with later(days):
        signals_compute()
        signal = open_signals(K.UNANSWERED_REFERRAL).get()
        assert signal.organisation == w.sender_org and signal.person == w.person
        from ansam.referrals.services import referral_extend

        referral_extend(
            actor=w.sender,
            referral=referral,
            answer_due_on=timezone.localdate() + timedelta(days=7),
        )
        signal.refresh_from_db()
        assert signal.closed_act == "extended"
        signals_compute()
        assert not open_signals(K.UNANSWERED_REFERRAL).exists()


def test_no_contact_per_organisation_and_its_own_delay(client):
    world = build_world()
    chrs = world.orgs["chrs"]
    world.orgs["cmp"].no_contact_days = 180
    world.orgs["cmp"].save()
    with later(91):
        signals_compute()
        orgs = set(open_signals(K.NO_CONTACT).values_list("organisation__name", flat=True))
        assert orgs == {"CCAS de Nantes", "CHRS Le Phare"}  # the CMP waits 180 days
        signal = open_signals(K.NO_CONTACT).get(organisation=chrs)
        verified_login(client, world.users["team_other_org"])
        url = reverse("web:signal", args=[signal.public_id])
        page = client.get(url).content.decode()
        assert "Aucune écriture de CHRS Le Phare depuis plus de 90 jours." in page
        response = client.post(
            url,
            {
                "act": "note",
                "section": "housing",
                "title": "Appel",
                "text": "Entretien téléphonique.",
            },
        )
        assert response.status_code == 302
        signal.refresh_from_db()
        assert signal.closed_act == "note"
        signals_compute()
        assert set(open_signals(K.NO_CONTACT).values_list("organisation__name", flat=True)) == {
            "CCAS de Nantes"
        }
    with later(181):
        signals_compute()
        assert open_signals(K.NO_CONTACT).filter(organisation=world.orgs["cmp"]).exists()


def test_a_person_left_without_coordinator_is_reassigned_without_revealing_them(client):
    world = build_world()
    ccas = world.orgs["ccas"]
    manager, colleague = world.users["organisation_manager"], world.users["colleague_outside_team"]
    Membership.objects.filter(user=world.users["coordinator"]).update(is_active=False)
    signals_compute()
    signal = open_signals(K.NO_COORDINATOR).get()
    assert signal.organisation == ccas
    verified_login(client, manager)
    board = client.get(reverse("web:dashboard", args=[ccas.public_id])).content.decode()
    assert "MARTIN" not in board and "pas dans votre file active" in board
    page = client.get(reverse("web:signal", args=[signal.public_id])).content.decode()
    assert "MARTIN" not in page and "Nommer un ou une collègue" in page
    membership = Membership.objects.get(user=colleague, organisation=ccas)
    response = client.post(
        reverse("web:signal", args=[signal.public_id]),
        {"act": "assign", "membership": str(membership.public_id)},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.closed_act, signal.closed_by) == ("reassigned", manager)
    coordinator = CareTeamMember.objects.get(
        person=world.person, is_active=True, role="coordinator"
    )
    assert coordinator.professional == colleague
    signals_compute()
    assert not open_signals(K.NO_COORDINATOR).exists()
    # The manager still reads nothing of the record.
    assert client.get(reverse("web:person", args=[world.person.public_id])).status_code == 404


def test_plan_review_date_passed():
    world = build_plan_world()
    coordinator = world.base.users["coordinator"]
    plans.review_set(
        actor=coordinator, person=world.person, review_on=timezone.localdate() + timedelta(days=10)
    )
    with later(11):
        signals_compute()
        signal = open_signals(K.PLAN_REVIEW).get()
        assert signal.organisation == world.base.orgs["ccas"]
        plans.review_set(
            actor=coordinator,
            person=world.person,
            review_on=timezone.localdate() + timedelta(days=60),
        )
        signal.refresh_from_db()
        assert signal.closed_act == "review_set"
        signals_compute()
        assert not open_signals(K.PLAN_REVIEW).exists()


def test_ping_pong_flag_until_the_coordinator_acts():
    world = build_world()
    flag = PersonFlag.objects.create(person=world.person, kind="ping_pong", thematique="logement")
    signals_compute()
    signal = open_signals(K.PING_PONG).get()
    from ansam.core.errors import AnsamError
    from ansam.referrals.flags import flag_close

    with pytest.raises(AnsamError):
        flag_close(actor=world.users["coordinator"], flag=flag, note=" ")
    flag_close(actor=world.users["coordinator"], flag=flag, note="Synthèse prévue avec le SIAO.")
    signal.refresh_from_db()
    assert signal.closed_act == "flag_closed"
    signals_compute()
    assert not open_signals(K.PING_PONG).exists()


def test_a_signal_is_absent_for_anyone_outside_its_rules(client):
    world = build_world()
    with later(91):
        signals_compute()
    signal = open_signals(K.NO_CONTACT).get(organisation=world.orgs["ccas"])
    url = reverse("web:signal", args=[signal.public_id])
    for role, status in [
        ("member_other_org", 404),
        ("team_other_org", 404),
        ("colleague_outside_team", 404),
        ("coordinator", 200),
        ("organisation_manager", 200),
    ]:
        verified_login(client, world.users[role])
        response = client.get(url)
        assert response.status_code == status, role
        if role == "organisation_manager":
            assert "MARTIN" not in response.content.decode()
            assert client.post(url, {"act": "note", "title": "x"}).status_code == 404
    verified_login(client, world.users["member_other_org"])
    day = client.get(reverse("web:day")).content.decode()
    assert "MARTIN" not in day


def test_closing_an_accompaniment():
    world = build_plan_world()
    base = world.base
    with later(21):
        signals_compute()
        from ansam.core.errors import AnsamError

        with pytest.raises(AnsamError) as exc:  # the coordinator's organisation hands over first
            accompaniment.accompaniment_close(
                actor=base.users["coordinator"],
                person=world.person,
                organisation=base.orgs["ccas"],
                reason="moved",
            )
        assert exc.value.code == "coordinator_leaving"
        accompaniment.accompaniment_close(
            actor=base.users["team_other_org"],
            person=world.person,
            organisation=base.orgs["chrs"],
            reason="goals_met",
            note="Relogée.",
        )
        assert not CareTeamMember.objects.filter(
            person=world.person, organisation=base.orgs["chrs"], is_active=True
        ).exists()
        world.actions["chrs"].refresh_from_db()
        assert world.actions["chrs"].status == "abandoned"
        assert world.actions["chrs"].abandon_reason == "Les objectifs sont atteints"
        assert not open_signals().filter(organisation=base.orgs["chrs"]).exists()
        signals_compute()
        assert not open_signals().filter(organisation=base.orgs["chrs"]).exists()


def test_the_coordinator_acts_on_a_partners_signal(client):
    """The day shows the coordinator every signal of the people they coordinate: each opens,
    with the acts that are the coordinator's to do (not a partner's own contact or closing)."""
    world = build_plan_world()
    base = world.base
    with later(21):
        signals_compute()
        signal = open_signals(K.OVERDUE_ACTION).get(organisation=base.orgs["chrs"])
        verified_login(client, base.users["coordinator"])
        day = client.get(reverse("web:day")).content.decode()
        assert f"/signals/{signal.public_id}/" in day
        url = reverse("web:signal", args=[signal.public_id])
        page = client.get(url).content.decode()
        assert "Donner une nouvelle échéance à l’action" in page
        assert "Accompagner la visite du logement" in page  # which action, with its page
        new_date = (timezone.localdate() + timedelta(days=30)).isoformat()
        assert client.post(url, {"act": "reschedule", "date": new_date}).status_code == 302
        signal.refresh_from_db()
        assert signal.closed_act == "rescheduled"
    with later(91):
        signals_compute()
        no_contact = open_signals(K.NO_CONTACT).get(organisation=base.orgs["chrs"])
        verified_login(client, base.users["coordinator"])  # 70 days later: a new session
        page = client.get(reverse("web:signal", args=[no_contact.public_id])).content.decode()
        assert "Noter un contact" not in page and "Clore l’accompagnement" not in page
        response = client.post(
            reverse("web:signal", args=[no_contact.public_id]),
            {"act": "note", "title": "x", "section": "housing"},
        )
        assert response.status_code == 404


def test_the_dashboard_pages_its_warnings(client, monkeypatch):
    from ansam.continuity import selectors

    monkeypatch.setattr(selectors, "LIMIT", 2)
    world = build_plan_world()
    with later(21):
        signals_compute()  # three overdue actions, two of them on the CCAS's dashboard
        verified_login(client, world.base.users["organisation_manager"])
        url = reverse("web:dashboard", args=[world.base.orgs["ccas"].public_id])
        world.base.orgs["ccas"].no_contact_days = 7  # and one "no contact" for the CCAS
        world.base.orgs["ccas"].save()
        signals_compute()
        total = open_signals().filter(organisation=world.base.orgs["ccas"]).count()
        assert total == 3
        first = client.get(url).content.decode()
        second = client.get(url + "?page=2").content.decode()
        assert "Page 1 sur 2" in first and "Page 2 sur 2" in second
        assert first.count("/signals/") == 2 and second.count("/signals/") == 1


def test_the_acts_close_their_signals_wherever_they_are_done():
    """An entry written from the record, a referral answered from the inbox: the signal closes
    with the act, not an hour later as a cause gone away."""
    from ansam.referrals.services import referral_accept
    from ansam.sharing import services as record

    w = build_referral_world()
    referral = send(w)
    days = (referral.answer_due_on - timezone.localdate()).days + 1
    with later(max(days, 91)):
        signals_compute()
        unanswered = open_signals(K.UNANSWERED_REFERRAL).get()
        quiet = open_signals(K.NO_CONTACT).get(organisation=w.sender_org)
        record.entry_create(
            actor=w.sender, person=w.person, section="housing", data={"title": "Entretien au CCAS"}
        )
        referral_accept(
            actor=w.receiver, referral=referral, appointment_at=timezone.now() + timedelta(days=2)
        )
        unanswered.refresh_from_db()
        quiet.refresh_from_db()
        assert (quiet.closed_act, quiet.closed_by) == ("note", w.sender)
        assert (unanswered.closed_act, unanswered.closed_by) == ("answered", w.receiver)


def test_a_signal_points_to_what_it_is_about():
    from ansam.continuity.models import subject_refs
    from ansam.referrals.models import Referral

    w = build_referral_world()
    referral = send(w)
    Referral.objects.filter(pk=referral.pk).update(
        answer_due_on=timezone.localdate() - timedelta(days=1)
    )
    signals_compute(notify_users=False)
    signal = Signal.objects.get(kind="unanswered_referral")
    assert signal.referral_id == referral.pk and signal.action_id is None
    assert subject_refs("action:12") == {"action_id": 12}
    assert subject_refs("person:3") == {}
