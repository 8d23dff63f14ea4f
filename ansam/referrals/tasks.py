"""Reminders of unanswered referrals and their expiry."""

from django_tasks import task

from ansam.referrals.ticks import referrals_tick as tick


@task()
def referrals_tick() -> dict:
    return tick()


PERIODIC = [(referrals_tick, 15 * 60)]
