"""Core's periodic work. Each app lists its own in its `tasks.py` (PERIODIC: task, every so many
seconds); `manage.py scheduler` gathers them from the installed apps (core.periodic), so that
core knows no domain app."""

from django_tasks import task

from ansam.core import idempotency
from ansam.core.notifications import send_daily_digests


@task()
def daily_digests() -> int:
    return send_daily_digests()


@task()
def idempotency_purge() -> int:
    return idempotency.purge()


PERIODIC = [(daily_digests, 24 * 3600), (idempotency_purge, 3600)]
