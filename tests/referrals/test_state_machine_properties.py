"""Property-based tests of the referral state machine: random sequences of acts by random
actors never reach an illegal state, never leave a referral without owner, and never leak a
section that was not shared."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansam.access import records
from ansam.access import referrals as rules
from ansam.core.errors import AnsamError
from ansam.referrals import services, ticks
from ansam.referrals.machine import FINAL, TRANSITIONS
from ansam.referrals.models import Referral, ReferralEvent, State
from ansam.sharing.sections import Section
from tests.referrals.world import build_referral_world, send

ACTS = list(TRANSITIONS) + ["redirect_other"]
ACTORS = ["sender", "receiver", "receiver_colleague", "other_receiver", "outsider"]


def _do(w, referral, act, actor_name):
    actor = getattr(w, actor_name)
    now = timezone.now()
    if act == "see":
        return services.referral_see(actor=actor, referral=referral)
    if act == "accept":
        return services.referral_accept(
            actor=actor, referral=referral, appointment_at=now + timedelta(days=1)
        )
    if act == "decline":
        return services.referral_decline(actor=actor, referral=referral, reason="other")
    if act in ("redirect", "redirect_other"):
        return services.referral_redirect(actor=actor, referral=referral, service=w.other_service)
    if act == "start":
        return services.referral_start(actor=actor, referral=referral)
    if act == "close":
        return services.referral_close(actor=actor, referral=referral, outcome="met")
    if act == "cancel":
        return services.referral_cancel(actor=actor, referral=referral)
    if act == "expire":
        return ticks.referral_expire(referral=referral)
    raise AssertionError(act)


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(ACTS), st.sampled_from(ACTORS)), max_size=8))
def test_random_sequences_keep_the_invariants(django_db_blocker, steps):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        w = build_referral_world()
        referral = send(w, sections=["housing"])
        for act, actor_name in steps:
            before = Referral.objects.get(pk=referral.pk).state
            try:
                with transaction.atomic():
                    _do(w, referral, act, actor_name)
            except AnsamError:
                after = Referral.objects.get(pk=referral.pk).state
                assert after == before  # a refused act changes nothing
            for r in Referral.objects.filter(person=w.person):
                assert r.state in State.values
                assert r.sender_id is not None and r.receiver_organisation_id is not None
                # every state change is recorded, the last one matching the state
                last = ReferralEvent.objects.filter(referral=r).order_by("at", "id").last()
                assert last is not None and last.to_state == r.state
                if r.state in FINAL:
                    assert r.state in {
                        State.CLOSED,
                        State.DECLINED,
                        State.REDIRECTED,
                        State.EXPIRED,
                        State.CANCELLED,
                    }
            # No leak: what the receivers read is within the shared sections.
            for name in ("receiver", "receiver_colleague", "other_receiver"):
                actor = getattr(w, name)
                access = records.record_access(actor, w.person)
                assert set(access.sections) <= {"housing", Section.IDENTITY} or not access.team
                for r in Referral.objects.filter(person=w.person):
                    if rules.is_receiver(actor, r):
                        carried = set(rules.carried_entries(r).values_list("section", flat=True))
                        assert carried <= set(r.sections)
            assert not records.record_access(w.outsider, w.person).visible
        transaction.set_rollback(True)
