"""The network diagnostic is computed by the worker: every day for the default periods, and
when a page asks for other filters."""

from django.db import transaction
from django_tasks import task

from ansam.network.models import Run
from ansam.network.services import daily, run_compute, run_for
from ansam.network.sources import Filters


@task()
def network_daily() -> dict:
    return daily()


@task()
def network_compute(run_id: int) -> str:
    run = Run.objects.filter(pk=run_id).first()
    if run is None:
        return "gone"
    return run_compute(run).status


PERIODIC = [(network_daily, 24 * 3600)]


def request_run(filters: Filters) -> Run:
    """The run a page asks for; a new one goes to the worker."""
    run, created = run_for(filters)
    if created:
        transaction.on_commit(lambda: network_compute.enqueue(run.pk))
    return run
