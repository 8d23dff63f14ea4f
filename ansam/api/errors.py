"""One JSON error shape for the whole API: {"error": {"code", "message", "fields"}}."""

import logging

from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ansam.core.errors import AnsamError

logger = logging.getLogger(__name__)


def error_body(code: str, message, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def install(api) -> None:
    @api.exception_handler(AnsamError)
    def domain_error(request, exc: AnsamError):
        return api.create_response(
            request, error_body(exc.code, exc.message, exc.fields), status=exc.status
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, error_body("not_found", _("Not found.")), status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, error_body("not_authenticated", _("Please sign in.")), status=401
        )

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc: NinjaValidationError):
        fields = {}
        for err in exc.errors:
            # ("body", "payload", "address") names the field "address", as a form would.
            where = ("body", "query", "path", "payload", "params")
            loc = [str(p) for p in err.get("loc", []) if p not in where]
            fields.setdefault(".".join(loc) or "request", []).append(err.get("msg", ""))
        return api.create_response(
            request, error_body("invalid", _("The request is invalid."), fields), status=422
        )

    @api.exception_handler(MultiPartParserError)
    def unreadable(request, exc):
        # E.g. multipart/form-data without a boundary: the body cannot be read at all.
        return api.create_response(
            request,
            error_body("unreadable_body", _("The request body cannot be read: send JSON.")),
            status=400,
        )

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        logger.exception("API error on %s", request.path)
        return api.create_response(
            request,
            error_body("server_error", _("An error occurred. Nothing already saved was lost.")),
            status=500,
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return api.create_response(
            request, error_body("http_error", exc.message), status=exc.status_code
        )
