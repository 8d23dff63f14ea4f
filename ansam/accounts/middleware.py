import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LOGIN_AT = "_ansam_login_at"
SECOND_FACTOR_BY_PROVIDER = "_ansam_second_factor_by_provider"
SEEN_AT = "_ansam_seen_at"
# Writing the session on every request would cost a database write each time; a minute's
# precision on the idle limit is enough.
SEEN_PRECISION = 60


class SessionLifetimeMiddleware:
    """Ends a session after 30 minutes idle or 12 hours in all (settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT, now)
            seen_at = request.session.get(SEEN_AT, now)
            if (
                now - login_at > settings.SESSION_ABSOLUTE_SECONDS
                or now - seen_at > settings.SESSION_IDLE_SECONDS
            ):
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"error": {"code": "session_expired", "message": _("Session expired.")}},
                        status=401,
                    )
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if LOGIN_AT not in request.session:
                request.session[LOGIN_AT] = now
            if now - seen_at >= SEEN_PRECISION or SEEN_AT not in request.session:
                request.session[SEEN_AT] = now
        return self.get_response(request)


TWO_FACTOR_FREE_PREFIXES = ("/accounts/", "/i18n/", "/static/")


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Login everywhere but on pages marked @login_not_required; then, where two-factor login is
    required, nothing but the second-factor pages until the session is verified."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        response = super().process_view(request, view_func, view_args, view_kwargs)
        if response is not None:
            return response
        user = request.user
        if (
            user.is_authenticated
            and settings.ANSAM_REQUIRE_2FA
            and not user.is_verified()
            # ProConnect said its provider asked for a second factor (accounts/proconnect.py)
            and not request.session.get(SECOND_FACTOR_BY_PROVIDER)
            and not request.path.startswith(TWO_FACTOR_FREE_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "error": {
                            "code": "second_factor_required",
                            "message": _("Two-factor login is required."),
                        }
                    },
                    status=401,
                )
            return redirect("accounts:two_factor_setup")
        return None

    def handle_no_permission(self, request, view_func):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"code": "not_authenticated", "message": _("Please sign in.")}},
                status=401,
            )
        return super().handle_no_permission(request, view_func)
