"""Password spraying: one address trying a few passwords on many accounts. django-axes locks a
username from an address after a few failures; this also stops an address that fails on too
many usernames, without locking any account (the people it tried still sign in from
elsewhere)."""

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone


def address_is_spraying(request) -> bool:
    ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    if not ip:
        return False
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    usernames = (
        AccessAttempt.objects.filter(
            ip_address=ip, attempt_time__gte=since, failures_since_start__gt=0
        )
        .values("username")
        .distinct()
        .count()
    )
    return usernames >= settings.ANSAM_LOGIN_ADDRESS_LIMIT
