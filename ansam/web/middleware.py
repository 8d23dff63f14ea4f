"""Accounts that belong to no organisation open only their own pages, every other answers as if
absent: a representative of the people accompanied sitting in a governing body (the body's
pages), an institutional partner (the observatory and the network diagnostic)."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.defaults import page_not_found

from ansam.access import observatory as observatory_policy
from ansam.access import partnerships as policy

COMMON = ("/accounts/", "/i18n/", "/static/", "/favicon")
REPRESENTATIVE = ("/bodies/", *COMMON)
PARTNER = ("/observatory/", "/network/", "/api/v1/observatory", "/api/v1/network", *COMMON)


class RepresentativeScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        path = request.path
        signed_in = user is not None and user.is_authenticated
        only = signed_in and policy.is_representative_only(user)
        partner = signed_in and not only and observatory_policy.is_partner_only(user)
        request.representative_only = only  # type: ignore[attr-defined]  # read by the menu
        request.partner_only = partner  # type: ignore[attr-defined]
        allowed, home = (REPRESENTATIVE, "web:bodies") if only else (PARTNER, "web:observatory")
        if (only or partner) and not path.startswith(allowed):
            if path == "/":
                return redirect(home)
            return page_not_found(request, Http404())
        return self.get_response(request)
