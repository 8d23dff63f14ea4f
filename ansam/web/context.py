from django.conf import settings

from ansam.core.notifications import Notification

# The menu's sections, by the first part of the address (for aria-current).
SECTIONS = {
    "day": "day",
    "people": "caseload",
    "emergency": "caseload",
    "emergencies": "caseload",
    "entries": "caseload",
    "referrals": "referrals",
    "meetings": "meetings",
    "calendar": "meetings",
    "groups": "meetings",
    "agreements": "agreements",
    "network": "network",
    "observatory": "observatory",
    "presentations": "meetings",
    "directory": "directory",
    "services": "directory",
    "organisations": "directory",
    "notifications": "notifications",
    "accounts": "account",
}


def ansam(request):
    context = {"ANSAM_DEMO": settings.DEMO, "ANSAM_REQUIRE_2FA": settings.ANSAM_REQUIRE_2FA}
    first = request.path.strip("/").split("/")[0]
    context["nav_section"] = "home" if not first else SECTIONS.get(first, "")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = Notification.objects.filter(
            user=user, read_at=None
        ).count()
        context["representative_only"] = getattr(request, "representative_only", False)
        context["partner_only"] = getattr(request, "partner_only", False)
    return context
