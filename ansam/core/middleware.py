from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.defaults import page_not_found

from ansam.core.errors import AnsamError, NotFound
from ansam.core.outcomes import error_text


class NoStoreMiddleware:
    """Pages seen by a signed-in professional may hold personal data: never cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class DomainErrorMiddleware(MiddlewareMixin):
    """Errors handled once for the pages, as api/errors.py does for the API: a NotFound raised
    by a selector or a service (forbidden looks like absent) is the site's 404 page, whatever
    view it came through; any other domain error no view put on a form (core.outcomes) is a
    page that says what went wrong, with the error's status, instead of a server error."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return page_not_found(request, Http404())
        if isinstance(exception, AnsamError):
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(
                back, {request.get_host()}, require_https=request.is_secure()
            ):
                back = ""
            return render(
                request,
                "refused.html",
                {"message": error_text(exception), "back": back},
                status=exception.status,
            )
        return None
