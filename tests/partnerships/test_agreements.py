"""An agreement is in force only once every party has accepted; amendments ask only the parties
that changed; renewal alert six months before the end; expiry; withdrawal."""

from datetime import date, timedelta

import pytest
import time_machine

from ansam.access import partnerships as policy
from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.partnerships import services
from ansam.partnerships.models import Agreement
from tests.partnerships.world import build

pytestmark = pytest.mark.django_db


def answer(w, actor, party, decision="accepted", reason=""):
    version = services.pending(Agreement.objects.get(pk=w.agreement.pk))
    return services.agreement_answer(
        actor=actor,
        agreement=w.agreement,
        party=party,
        decision=decision,
        shown_hash=version.content_hash if version else "",
        reason=reason,
    )


def test_in_force_only_after_the_last_acceptance():
    w = build()
    version = services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    assert set(version.asked) == {w.p_ccas.pk, w.p_chrs.pk, w.p_ml.pk}
    assert answer(w, w.m_ccas, w.p_ccas).status == "proposed"
    assert answer(w, w.m_chrs, w.p_chrs).status == "proposed"
    agreement = answer(w, w.sig_ml, w.p_ml)  # the mission locale's named signatory
    assert agreement.status == "in_force" and agreement.in_force_amendment == 0


def test_only_the_partys_signatory_answers_for_it():
    w = build()
    services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    with pytest.raises(Forbidden):
        answer(w, w.m_ml, w.p_ml)  # a signatory was named: the manager no longer answers
    with pytest.raises(Forbidden):
        answer(w, w.worker_ccas, w.p_ccas)
    with pytest.raises(Conflict):
        services.agreement_answer(
            actor=w.m_ccas,
            agreement=w.agreement,
            party=w.p_ccas,
            decision="accepted",
            shown_hash="0" * 64,
        )


def test_a_decline_needs_a_reason_and_sends_the_draft_back():
    w = build()
    services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    with pytest.raises(AnsamError):
        answer(w, w.m_chrs, w.p_chrs, "declined")
    agreement = answer(w, w.m_chrs, w.p_chrs, "declined", "Dix places, c'est trop.")
    assert agreement.status == "declined" and policy.can_edit(w.m_chrs, agreement)
    services.party_update(
        actor=w.m_chrs, party=w.p_chrs, missions="Six places réservées.", contributions=[]
    )
    version = services.agreement_propose(actor=w.m_chrs, agreement=agreement)
    assert version.number == 1 and len(version.asked) == 3


def test_an_amendment_asks_only_the_parties_that_changed():
    w = build()
    services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    for actor, party in ((w.m_ccas, w.p_ccas), (w.m_chrs, w.p_chrs), (w.sig_ml, w.p_ml)):
        answer(w, actor, party)
    services.agreement_amend(actor=w.m_chrs, agreement=w.agreement)
    services.party_update(
        actor=w.m_chrs, party=w.p_chrs, missions="Douze places réservées.", contributions=[]
    )
    version = services.agreement_propose(actor=w.m_chrs, agreement=w.agreement)
    assert version.asked == [w.p_chrs.pk]
    agreement = answer(w, w.m_chrs, w.p_chrs)
    assert agreement.status == "in_force" and agreement.in_force_amendment == version.number
    with pytest.raises(NotFound):  # not asked: nothing to answer
        answer(w, w.m_ccas, w.p_ccas)


def test_a_change_of_the_general_terms_asks_every_party():
    w = build()
    services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    for actor, party in ((w.m_ccas, w.p_ccas), (w.m_chrs, w.p_chrs), (w.sig_ml, w.p_ml)):
        answer(w, actor, party)
    services.agreement_amend(actor=w.m_ccas, agreement=w.agreement)
    data = {f: getattr(w.agreement, f) for f in ("title", "purpose", "territory", "starts_on")}
    services.agreement_update(
        actor=w.m_ccas, agreement=w.agreement, data={**data, "ends_on": date(2030, 12, 31)}
    )
    assert len(services.agreement_propose(actor=w.m_ccas, agreement=w.agreement).asked) == 3


def test_renewal_alert_six_months_before_the_end_then_expiry():
    w = build()
    services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    for actor, party in ((w.m_ccas, w.p_ccas), (w.m_chrs, w.p_chrs), (w.sig_ml, w.p_ml)):
        answer(w, actor, party)
    assert services.daily(date(2029, 6, 1)) == {"alerted": 0, "expired": 0}
    assert services.daily(date(2029, 7, 1)) == {"alerted": 1, "expired": 0}
    assert services.daily(date(2029, 7, 2)) == {"alerted": 0, "expired": 0}  # once
    assert w.m_chrs.notifications.filter(text__contains="renouvellement").exists()
    assert services.daily(date(2030, 1, 1)) == {"alerted": 0, "expired": 1}
    assert Agreement.objects.get(pk=w.agreement.pk).status == "expired"


def test_bad_input_is_refused_and_loses_nothing():
    w = build()
    data = {
        "title": "T",
        "purpose": "P",
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2026, 1, 1),
    }
    with pytest.raises(AnsamError):
        services.agreement_update(actor=w.m_ccas, agreement=w.agreement, data=data)
    with pytest.raises(AnsamError, match="deux parties ou plus"):
        services.agreement_create(actor=w.m_ccas, organisation=w.ccas, partners=[], data=data)
    from ansam.organisations.models import Membership

    Membership.objects.filter(organisation=w.chrs).update(is_active=False)
    with pytest.raises(AnsamError, match="CHRS Le Phare"):  # a party without a signatory
        services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    assert Agreement.objects.get(pk=w.agreement.pk).status == "draft"
    with pytest.raises(AnsamError):  # an amendment of an agreement not in force
        services.agreement_amend(actor=w.m_ccas, agreement=w.agreement)


def test_a_withdrawal_with_notice_ends_a_two_party_agreement():
    w = build()
    services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    for actor, party in ((w.m_ccas, w.p_ccas), (w.m_chrs, w.p_chrs), (w.sig_ml, w.p_ml)):
        answer(w, actor, party)
    with time_machine.travel(date(2027, 3, 1)):
        notice = date(2027, 6, 1)
        agreement = services.party_withdraw(
            actor=w.m_ml, party=w.p_ml, on=notice, reason="Fin du financement"
        )
        assert agreement.status == "in_force"  # two parties remain
        agreement = services.party_withdraw(
            actor=w.m_chrs, party=w.p_chrs, on=notice + timedelta(days=30), reason="Fusion"
        )
        assert agreement.status == "ended"


def test_who_sees_what():
    w = build()
    assert policy.agreements_visible_to(w.outsider).filter(pk=w.agreement.pk).count() == 0
    assert policy.agreements_visible_to(w.worker_ccas).filter(pk=w.agreement.pk).count() == 1
    services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    for actor, party in ((w.m_ccas, w.p_ccas), (w.m_chrs, w.p_chrs), (w.sig_ml, w.p_ml)):
        answer(w, actor, party)
    assert policy.agreements_visible_to(w.outsider).filter(pk=w.agreement.pk).count() == 1
    assert not policy.can_read_contributions(w.outsider, w.agreement)
    assert policy.can_read_contributions(w.worker_ccas, w.agreement)


def test_what_the_parties_did_together_is_counted_without_naming_anyone():
    from ansam.partnerships.selectors import activity
    from ansam.sharing.models import CareTeamMember
    from tests.sharing.world import build_world

    w = build()
    assert activity(w.agreement) == {"referrals": 0, "people_together": 0, "meetings": 0}
    record = build_world()
    for org, user in ((w.ccas, w.m_ccas), (w.chrs, w.m_chrs)):
        CareTeamMember.objects.create(
            person=record.person, organisation=org, professional=user, joined_how="invited"
        )
    assert activity(w.agreement)["people_together"] == 1


def _in_force(w):
    services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    for actor, party in ((w.m_ccas, w.p_ccas), (w.m_chrs, w.p_chrs), (w.sig_ml, w.p_ml)):
        answer(w, actor, party)


def test_a_referral_channel_sets_the_agreed_answer_delay():
    from ansam.partnerships import followup
    from tests.factories import make_service

    w = build()
    service = make_service(w.chrs, actor=w.m_chrs, name="Accueil de jour")
    with pytest.raises(AnsamError):  # a service of no party
        followup.channel_add(
            actor=w.m_ccas,
            agreement=w.agreement,
            service=make_service(w.other, actor=w.outsider),
            answer_days=3,
        )
    followup.channel_add(actor=w.m_ccas, agreement=w.agreement, service=service, answer_days=3)
    assert followup.agreed_answer_days(w.ccas, service, date(2027, 6, 1)) is None  # not in force
    _in_force(w)
    assert followup.agreed_answer_days(w.ccas, service, date(2027, 6, 1)) == 3
    assert followup.agreed_answer_days(w.other, service, date(2027, 6, 1)) is None  # no party
    assert followup.agreed_answer_days(w.ccas, service, date(2030, 6, 1)) is None  # after end


def test_an_evaluation_freezes_the_indicators_and_the_counts():
    from ansam.partnerships import followup

    w = build()
    services.indicator_add(
        actor=w.m_ccas,
        agreement=w.agreement,
        data={"name": "Sorties vers le logement", "target": "20 par an"},
    )
    with pytest.raises(Forbidden):
        followup.evaluation_record(actor=w.m_ccas, agreement=w.agreement, values={})
    _in_force(w)
    evaluation = followup.evaluation_record(
        actor=w.m_chrs,
        agreement=w.agreement,
        values={"Sorties vers le logement": "12", "inconnu": "x"},
        note="Année 1",
    )
    assert evaluation.values == {"Sorties vers le logement": "12"}
    assert evaluation.activity == {"referrals": 0, "people_together": 0, "meetings": 0}
    with pytest.raises(Forbidden):
        followup.evaluation_record(actor=w.outsider, agreement=w.agreement, values={"a": "b"})


def test_documents_are_for_the_parties(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from ansam.partnerships import followup
    from tests.conftest import verified_login
    from tests.sharing.world import PDF

    w = build()
    _in_force(w)
    upload = SimpleUploadedFile("convention-signee.pdf", PDF, content_type="application/pdf")
    document = followup.document_add(
        actor=w.m_ccas, agreement=w.agreement, kind="signed", upload=upload
    )
    url = reverse("web:agreement_document", args=[w.agreement.public_id, document.public_id])
    verified_login(client, w.worker_ccas)
    assert client.get(url).status_code == 200
    verified_login(client, w.outsider)  # sees the agreement in force, not its documents
    assert client.get(url).status_code == 404
    with pytest.raises(Forbidden):
        followup.document_add(actor=w.outsider, agreement=w.agreement, kind="annex", upload=upload)


def test_the_organisations_dashboard_lists_the_agreements_to_renew(client):
    from django.urls import reverse

    from tests.conftest import verified_login

    w = build()
    _in_force(w)
    url = reverse("web:dashboard", args=[w.chrs.public_id])
    with time_machine.travel(date(2029, 3, 1)):
        verified_login(client, w.m_chrs)
        assert "Accès au logement des jeunes" not in client.get(url).content.decode()
    with time_machine.travel(date(2029, 8, 1)):
        verified_login(client, w.m_chrs)
        assert "Accès au logement des jeunes" in client.get(url).content.decode()
