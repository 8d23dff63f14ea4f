"""The warnings of rupture, computed hourly."""

from django_tasks import task

from ansam.continuity.services import signals_compute


@task()
def continuity_signals() -> dict:
    return signals_compute()


PERIODIC = [(continuity_signals, 3600)]
