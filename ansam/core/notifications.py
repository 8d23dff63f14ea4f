"""In-app notifications, and emails that respect each user's choice (at once, a daily digest,
or never). Emails never carry personal details: a short text and a link to Ansam."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.accounts.models import User
from ansam.core.email import send_email
from ansam.core.models import Notification


def notify(
    users: Iterable[User | None], text: str, link: str = "", *, urgent: bool = False
) -> None:
    """Tell these users; email at once those who asked for it, and everyone when urgent. A
    user no longer there (a sender whose account was deleted) is skipped."""
    to = [u for u in users if u is not None]
    rows = Notification.objects.bulk_create(
        [Notification(user=u, text=text, link=link, urgent=urgent) for u in to]
    )
    now = timezone.now()
    for user, row in zip(to, rows, strict=True):
        if user.email_frequency == "none" and not urgent:
            continue
        if urgent or user.email_frequency == "immediate":
            send_email.enqueue(
                subject=f"Ansam : {text}"[:150], body=_email_body([row]), to=[user.email]
            )
            Notification.objects.filter(pk=row.pk).update(emailed_at=now)


def _email_body(rows: Iterable[Notification]) -> str:
    lines = [f"- {row.text}\n  {settings.SITE_URL}{row.link}" for row in rows]
    return "\n".join(lines) + "\n\n" + "Ansam"


def send_daily_digests() -> int:
    """One email per user who chose the daily digest, listing what was not emailed yet."""

    sent = 0
    pending = Notification.objects.filter(
        emailed_at=None, read_at=None, user__email_frequency=User.EmailFrequency.DAILY
    )
    by_user: dict[User, list[Notification]] = {}
    for row in pending.select_related("user").order_by("user_id", "created_at")[:20000]:
        by_user.setdefault(row.user, []).append(row)
    for user, rows in by_user.items():
        send_email.enqueue(
            subject=_("Your Ansam notifications of the day"),
            body=_email_body(rows),
            to=[user.email],
        )
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=timezone.now())
        sent += 1
    return sent
