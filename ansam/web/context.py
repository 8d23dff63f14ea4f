from django.conf import settings


def ansam(request):
    return {"ANSAM_DEMO": settings.DEMO, "ANSAM_REQUIRE_2FA": settings.ANSAM_REQUIRE_2FA}
