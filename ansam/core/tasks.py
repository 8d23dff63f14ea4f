"""Periodic work, enqueued by `manage.py scheduler` and run by `manage.py db_worker`."""

from django.conf import settings
from django_tasks import task


@task()
def referrals_tick() -> dict:
    from ansam.referrals.services import referrals_tick as tick

    return tick()


@task()
def daily_digests() -> int:
    from ansam.core.notifications import send_daily_digests

    return send_daily_digests()


@task()
def continuity_signals() -> dict:
    from ansam.continuity.services import signals_compute

    return signals_compute()


@task()
def retention() -> int:
    from ansam.sharing.retention import retention_run

    return len(retention_run())


@task()
def idempotency_purge() -> int:
    from ansam.core.idempotency import purge

    return purge()


@task()
def audit_checkpoint() -> int:
    from ansam.access.audit_anchor import write_checkpoint

    body = write_checkpoint()
    return body["seq"] if body else 0


# (task, every so many seconds)
PERIODIC = [
    (referrals_tick, 15 * 60),
    (continuity_signals, 3600),
    (daily_digests, 24 * 3600),
    (retention, 24 * 3600),
    (idempotency_purge, 3600),
    (audit_checkpoint, settings.ANSAM_AUDIT_CHECKPOINT_SECONDS),
]
