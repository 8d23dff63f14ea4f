"""A professional's personal calendar feed: a secret address (kept hashed) that a calendar
application subscribes to, revocable at any time; the same neutral content as invitations."""

import hashlib
import secrets

from django.db import transaction

from ansam.access import meetings as policy
from ansam.accounts.models import User
from ansam.core.errors import NotFound
from ansam.meetings import calendar
from ansam.meetings.models import CalendarFeed


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, actor: User) -> str:
    """A new secret address (an earlier one stops working). Returns the token, shown once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=actor, defaults={"token_hash": _hash(token)})
    return token


def feed_revoke(*, actor: User) -> None:
    CalendarFeed.objects.filter(user=actor).delete()


def has_feed(actor: User) -> bool:
    return CalendarFeed.objects.filter(user=actor).exists()


def feed_text(token: str) -> str:
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if feed is None or not feed.user.is_active:
        raise NotFound()
    meetings = policy.meetings_visible_to(feed.user).order_by("-starts_at")[:500]
    return calendar.feed(meetings)
