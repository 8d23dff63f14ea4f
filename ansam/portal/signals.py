"""A professional signing in on a device ends the person's space open on it (and the person
signing in ends a professional's session: web.views.portal)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from ansam.access import portal as policy


@receiver(user_logged_in)
def _leave_the_persons_space(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        for key in (policy.SESSION_ACCESS, policy.SESSION_SEEN):
            request.session.pop(key, None)
