"""What the clock does to referrals (run by the scheduler): a reminder to the receivers after
the service's delay, then expiry, each in its own locked transaction."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.core.notifications import notify
from ansam.referrals import flags
from ansam.referrals.models import Referral, State
from ansam.referrals.services import _link, _locked, _move, _receivers


@transaction.atomic
def referral_expire(*, referral: Referral) -> Referral:
    referral = _locked(referral)
    _move(referral, "expire", None)
    notify(
        [referral.sender],
        _("A referral expired without answer: choose another service."),
        _link(referral),
    )
    flags.check_after_refusal(referral)
    return referral


def referrals_tick(now=None) -> dict:
    """Reminders and expiry of unanswered referrals (run by the scheduler)."""
    now = now or timezone.now()
    reminded = expired = 0
    # Only referrals whose answer is due can need a reminder or expire (the expiry delay is
    # never shorter than the reminder's): the (state, answer_due_on) index finds them.
    pending = Referral.objects.filter(
        state__in=[State.SENT, State.SEEN],
        outside_ansam=False,
        answer_due_on__lte=timezone.localdate(now),
    )
    for referral in pending.select_related("service").iterator(chunk_size=500):
        age = now - referral.created_at
        if age >= timedelta(days=referral.expire_after_days):
            referral_expire(referral=referral)
            expired += 1
        elif age >= timedelta(days=referral.remind_after_days) and referral.reminded_at is None:
            notify(
                _receivers(referral),
                _("Reminder: a referral is waiting for your answer."),
                _link(referral),
            )
            notify([referral.sender], _("Your referral has had no answer yet."), _link(referral))
            Referral.objects.filter(pk=referral.pk).update(reminded_at=now)
            reminded += 1
    return {"reminded": reminded, "expired": expired}
