"""Reminders the day before a meeting, to those invited who have not declined."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ansam.core import links
from ansam.core.email import send_email
from ansam.core.notifications import notify
from ansam.meetings import calendar
from ansam.meetings.models import Participant


@task()
def meeting_reminders() -> int:
    now = timezone.now()
    due = (
        Participant.objects.filter(
            removed_at=None,
            reminded_at=None,
            meeting__cancelled_at=None,
            meeting__starts_at__gt=now,
            meeting__starts_at__lte=now + timedelta(days=1),
        )
        .exclude(answer=Participant.Answer.DECLINED)
        .select_related("meeting", "user")
    )
    sent = 0
    for participant in due:
        meeting = participant.meeting
        text = _("Reminder, tomorrow: %(title)s at %(when)s") % {
            "title": calendar.neutral_title(meeting),
            "when": timezone.localtime(meeting.starts_at).strftime("%H:%M"),
        }
        if participant.user is not None:
            notify([participant.user], text, links.meeting(meeting.public_id))
        elif participant.email:
            send_email.enqueue(subject=text, body=text, to=[participant.email])
        Participant.objects.filter(pk=participant.pk).update(reminded_at=now)
        sent += 1
    return sent


PERIODIC = [(meeting_reminders, 3600)]
