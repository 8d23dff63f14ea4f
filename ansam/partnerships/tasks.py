"""Renewal alerts and expiry of partnership agreements, once a day."""

from django_tasks import task

from ansam.partnerships.services import daily


@task()
def agreements_daily() -> dict:
    return daily()


PERIODIC = [(agreements_daily, 24 * 3600)]
