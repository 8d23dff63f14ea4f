from django.conf import settings


def ansam(request):
    context = {"ANSAM_DEMO": settings.DEMO, "ANSAM_REQUIRE_2FA": settings.ANSAM_REQUIRE_2FA}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from ansam.core.notifications import Notification

        context["unread_notifications"] = Notification.objects.filter(
            user=user, read_at=None
        ).count()
    return context
