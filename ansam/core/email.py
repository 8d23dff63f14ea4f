"""Emails go through the task worker, so that a slow mail server never slows a page."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *, subject: str, body: str, to: list[str], calendar: str = "", method: str = ""
) -> int:
    """`calendar`: an iCalendar text sent as the part calendar clients read
    (text/calendar; method=REQUEST or CANCEL), and attached as invitation.ics for the others."""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if calendar:
        content_type = f"text/calendar; method={method}; charset=utf-8"
        message.attach_alternative(calendar, content_type)
        message.attach("invitation.ics", calendar.encode(), f"application/ics; method={method}")
    return message.send()
