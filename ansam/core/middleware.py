from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.utils.deprecation import MiddlewareMixin
from django.views.defaults import page_not_found

from ansam.core.errors import NotFound


class NoStoreMiddleware:
    """Pages seen by a signed-in professional may hold personal data: never cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class NotFoundMiddleware(MiddlewareMixin):
    """Errors handled once for the pages, as api/errors.py does for the API: a NotFound raised
    by a selector or a service (forbidden looks like absent) is the site's 404 page, whatever
    view it came through."""

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return page_not_found(request, Http404())
        return None
