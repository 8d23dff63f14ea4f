"""The retention rule, daily."""

from django_tasks import task

from ansam.lifecycle.retention import retention_run


@task()
def retention() -> int:
    return len(retention_run())


PERIODIC = [(retention, 24 * 3600)]
