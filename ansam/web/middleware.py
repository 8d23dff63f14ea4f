"""An account that sits in a governing body without belonging to any organisation (a
representative of the people accompanied) opens the body's pages and its own account only:
every other page answers as if absent."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.defaults import page_not_found

from ansam.access import partnerships as policy

ALLOWED = ("/bodies/", "/accounts/", "/i18n/", "/static/", "/favicon")


class RepresentativeScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        path = request.path
        only = user is not None and user.is_authenticated and policy.is_representative_only(user)
        request.representative_only = only  # type: ignore[attr-defined]  # read by the menu
        if only and not path.startswith(ALLOWED):
            if path == "/":
                return redirect("web:bodies")
            return page_not_found(request, Http404())
        return self.get_response(request)
