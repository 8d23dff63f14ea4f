"""The observatory's release is recomputed once a day by the worker."""

from django_tasks import task

from ansam.observatory.services import release_compute


@task()
def observatory_daily() -> int:
    return release_compute().pk


PERIODIC = [(observatory_daily, 24 * 3600)]
