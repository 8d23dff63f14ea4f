from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ansam.access import records
from ansam.core.errors import AnsamError, Conflict, NotFound
from ansam.core.notifications import Notification
from ansam.referrals import services, ticks
from ansam.referrals.models import PersonFlag, Referral, ReferralEvent
from ansam.sharing.services import basis_record
from tests.conftest import verified_login
from tests.referrals.world import build_referral_world, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build_referral_world()


def test_sending_needs_the_persons_agreement_or_a_reasoned_override(w):
    with pytest.raises(AnsamError) as exc:
        send(w, basis="")
    assert "basis" in exc.value.fields
    colleague = w.base.users["team_other_org"]  # a worker of the CHRS: no override right
    with pytest.raises(AnsamError):
        send(
            w,
            actor=colleague,
            organisation=w.base.orgs["chrs"],
            basis="",
            override_reason="Personne injoignable, situation urgente.",
        )
    referral = send(w, basis="", override_reason="Personne injoignable, situation urgente.")
    assert referral.sections == ["identity"]  # nothing else travels without agreement
    assert referral.basis_override_reason


def test_only_readable_sections_travel_and_health_needs_consent(w):
    with pytest.raises(AnsamError) as exc:
        send(w, sections=["health"])
    assert "sections" in exc.value.fields
    with pytest.raises(NotFound):  # a record one may not see does not exist
        send(w, actor=w.outsider, organisation=w.base.orgs["other"])


def test_full_service_is_warned_and_allowed_for_the_waiting_list(w):
    w.service.capacity_status = "full"
    w.service.save()
    with pytest.raises(AnsamError) as exc:
        send(w)
    assert "service" in exc.value.fields
    assert send(w, accept_waiting_list=True).state == "sent"


def test_double_click_creates_one_referral(w):
    first = send(w, idempotency_key="abc")
    second = send(w, idempotency_key="abc")
    assert first.pk == second.pk and second.replayed
    assert Referral.objects.count() == 1


def test_receiver_sees_only_what_travels_then_joins_the_team(w, client):
    referral = send(w, sections=["housing"])
    verified_login(client, w.receiver)
    page = client.get(reverse("web:referral", args=[referral.public_id])).content.decode()
    assert "Demande de logement social" in page  # housing travels
    assert "Pièce d" not in page  # identity documents do not
    assert client.get(reverse("web:person", args=[w.person.public_id])).status_code == 404
    referral.refresh_from_db()
    assert referral.state == "seen"
    services.referral_accept(
        actor=w.receiver, referral=referral, appointment_at=timezone.now() + timedelta(days=2)
    )
    access = records.record_access(w.receiver, w.person)
    assert access.visible and set(access.sections) == {"housing"}
    event = ReferralEvent.objects.filter(referral=referral, to_state="accepted").get()
    assert event.receiver_organisation_name_at == "Mission locale de Nantes"


def test_an_objection_stops_what_travels(w, client):
    referral = send(w, sections=["housing"])
    basis_record(
        actor=w.sender,
        person=w.person,
        basis="objection",
        how="orally",
        organisation=w.receiver_org,
    )
    verified_login(client, w.receiver)
    page = client.get(reverse("web:referral", args=[referral.public_id])).content.decode()
    assert "Demande de logement social" not in page


def test_declining_leaves_nothing_and_tells_the_sender(w, client):
    referral = send(w)
    services.referral_decline(
        actor=w.receiver,
        referral=referral,
        reason="no_capacity",
        text="Plus de places ce mois-ci.",
        suggested_service=w.other_service,
    )
    assert not records.record_access(w.receiver, w.person).visible
    verified_login(client, w.receiver)
    page = client.get(reverse("web:referral", args=[referral.public_id])).content.decode()
    assert "Demande de logement social" not in page
    assert (
        Notification.objects.filter(user=w.sender, text__contains="declined").exists()
        or Notification.objects.filter(user=w.sender, text__contains="refus").exists()
    )
    verified_login(client, w.sender)
    page = client.get(reverse("web:referral", args=[referral.public_id])).content.decode()
    assert "Accompagnement vers l&#x27;emploi" in page  # the suggestion, one click away


def test_illegal_transitions_and_outsiders(w):
    referral = send(w)
    with pytest.raises(NotFound):
        services.referral_decline(actor=w.outsider, referral=referral, reason="other")
    with pytest.raises(NotFound):
        services.referral_accept(
            actor=w.other_receiver, referral=referral, appointment_at=timezone.now()
        )
    services.referral_accept(actor=w.receiver, referral=referral, appointment_at=timezone.now())
    services.referral_close(actor=w.receiver, referral=referral, outcome="met")
    with pytest.raises(Conflict):
        services.referral_decline(actor=w.receiver, referral=referral, reason="other")
    referral.refresh_from_db()
    assert referral.state == "closed"


def test_redirect_follows_and_the_loop_closes(w):
    referral = send(w)
    following = services.referral_redirect(
        actor=w.receiver, referral=referral, service=w.other_service
    )
    referral.refresh_from_db()
    assert referral.state == "redirected" and referral.redirected_to == following
    assert following.sender == w.sender and following.receiver_organisation == w.other_org


def test_reminder_then_expiry(w):
    referral = send(w)
    start = timezone.now()
    with time_machine.travel(start + timedelta(days=9)):
        assert ticks.referrals_tick() == {"reminded": 0, "expired": 0}
    with time_machine.travel(start + timedelta(days=11)):
        assert ticks.referrals_tick() == {"reminded": 1, "expired": 0}
        assert ticks.referrals_tick() == {"reminded": 0, "expired": 0}  # once only
    with time_machine.travel(start + timedelta(days=31)):
        assert ticks.referrals_tick() == {"reminded": 0, "expired": 1}
    referral.refresh_from_db()
    assert referral.state == "expired"
    assert Notification.objects.filter(
        user=w.sender, link__contains=str(referral.public_id), text__icontains="expir"
    ).exists()


def test_ping_pong_raises_a_flag_for_the_coordinator(w):
    for _ in range(2):
        r = send(w)
        services.referral_decline(actor=w.receiver, referral=r, reason="not_eligible")
    assert not PersonFlag.objects.exists()
    send(w, service=w.other_service)
    flag = PersonFlag.objects.get()
    assert flag.kind == "ping_pong"
    assert (
        Notification.objects.filter(
            user=w.sender, link__contains=str(w.person.public_id), text__icontains="bounced"
        ).exists()
        or Notification.objects.filter(user=w.sender, text__icontains="ballott").exists()
    )


def test_ping_pong_window_is_90_days(w):
    start = timezone.now()
    for days in (0, 50):
        with time_machine.travel(start + timedelta(days=days)):
            r = send(w)
            services.referral_decline(actor=w.receiver, referral=r, reason="not_eligible")
    with time_machine.travel(start + timedelta(days=120)):
        send(w)
    assert not PersonFlag.objects.exists()  # the first one is older than 90 days


def test_back_and_forth_is_a_loop(w):
    from ansam.sharing.models import CareTeamMember

    first = send(w)
    services.referral_decline(actor=w.receiver, referral=first, reason="better_elsewhere")
    # The Mission locale, now in the care team, sends the person back to the CCAS.
    CareTeamMember.objects.create(
        person=w.person, organisation=w.receiver_org, professional=w.receiver, joined_how="invited"
    )
    from tests.factories import make_service

    ccas_service = make_service(w.sender_org, name="Accueil social")
    send(
        w,
        actor=w.receiver,
        organisation=w.receiver_org,
        service=ccas_service,
        sections=["identity"],
    )
    assert PersonFlag.objects.filter(kind="loop").exists()


def test_outside_ansam_referral_is_tracked_by_the_sender(w, client):
    referral = send(w, service=w.outside_service)
    assert referral.outside_ansam
    verified_login(client, w.sender)
    letter = client.get(reverse("web:referral_letter", args=[referral.public_id]))
    assert "Orientation de" in letter.content.decode()
    services.referral_accept(actor=w.sender, referral=referral, appointment_at=timezone.now())
    referral.refresh_from_db()
    assert referral.state == "accepted"


def test_emails_follow_preferences_and_hold_no_personal_details(w):
    from ansam.core.notifications import send_daily_digests

    w.receiver.email_frequency = "immediate"
    w.receiver.save()
    w.receiver_colleague.email_frequency = "none"
    w.receiver_colleague.save()
    mail.outbox.clear()
    send(w)
    assert [m.to for m in mail.outbox] == [[w.receiver.email]]
    assert "Martin" not in mail.outbox[0].body and "MARTIN" not in mail.outbox[0].body
    mail.outbox.clear()
    send(w, urgent=True, sections=["identity"])  # urgent: immediate for everyone
    assert {m.to[0] for m in mail.outbox} >= {w.receiver.email, w.receiver_colleague.email}
    # The daily digest: one email to the one who chose it, none to those who said never.
    daily = w.base.users["team_other_org"]  # the default preference is the daily digest
    assert daily.email_frequency == "daily"
    Notification.objects.update(emailed_at=timezone.now())  # earlier digests went out
    from ansam.core.notifications import notify

    notify([daily, w.receiver_colleague], "Rappel", "/referrals/")
    mail.outbox.clear()
    assert send_daily_digests() == 1
    assert [m.to for m in mail.outbox] == [[daily.email]]
    assert send_daily_digests() == 0  # nothing twice


def test_choosing_a_service_is_prefiltered_by_commune_and_need(w, client):
    verified_login(client, w.sender)
    url = reverse("web:refer", args=[w.person.public_id])
    page = client.get(url, {"thematique": "trouver-un-emploi"}).content.decode()
    assert "Contrat d&#x27;engagement jeune" in page
    assert 'value="trouver-un-emploi" selected' in page
    page = client.get(url, {"thematique": "sante--addictions"}).content.decode()
    assert "Contrat d&#x27;engagement jeune" not in page
