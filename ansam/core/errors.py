"""One error type for the domain, turned into one JSON shape by the API and into form
messages by the pages."""

from typing import Any

from django.utils.translation import gettext_lazy as _


class AnsamError(Exception):
    """A request that cannot be carried out; ``message`` is safe to show to the user."""

    status = 400
    code = "invalid"

    def __init__(
        self,
        message: object = None,
        *,
        code: str | None = None,
        fields: dict[str, list[Any]] | None = None,
    ) -> None:
        self.message = message if message is not None else _("The request is invalid.")
        if code:
            self.code = code
        self.fields = fields or {}
        super().__init__(str(self.message))


class NotFound(AnsamError):
    """Also raised for what exists but may not be seen: forbidden looks like absent."""

    status = 404
    code = "not_found"

    def __init__(self, message: object = None, **kwargs: Any) -> None:
        super().__init__(message or _("Not found."), **kwargs)


class Forbidden(AnsamError):
    """Only for acts on something the actor may see but not change."""

    status = 403
    code = "forbidden"

    def __init__(self, message: object = None, **kwargs: Any) -> None:
        super().__init__(message or _("You are not allowed to do this."), **kwargs)


class Conflict(AnsamError):
    status = 409
    code = "conflict"
