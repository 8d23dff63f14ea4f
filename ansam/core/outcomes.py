"""Domain errors handled once for the pages, as ``api/errors.py`` does for the API.

A view wraps the service call it makes in ``on_form(form)`` (the error's messages go on the
form, which is shown again with what the person typed) or ``as_message(request)`` (a banner on
the next page). Either way ``NotFound`` passes through to ``core.middleware``, which answers
with the 404 page: forbidden looks like absent, never like a message. What no view catches is
answered by the middleware too, so that a forgotten error is a page, not a traceback.
"""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest

from ansam.core.errors import AnsamError, NotFound


class Outcome:
    """True once the wrapped block finished without a domain error."""

    def __init__(self) -> None:
        self.ok = False
        self.error: AnsamError | None = None

    def __bool__(self) -> bool:
        return self.ok


def form_errors_from(exc: AnsamError, form: BaseForm) -> None:
    """Put a domain error's messages on the form's fields (or on the form as a whole)."""
    form.add_error(None, str(exc.message))
    for name, field_messages in exc.fields.items():
        target = name if name in form.fields else None
        for message in field_messages:
            form.add_error(target, f"{name}: {message}" if target is None else message)


def error_text(exc: AnsamError) -> str:
    """The message with the details of each field, for a banner that has no form to point at."""
    details = [str(m) for field_messages in exc.fields.values() for m in field_messages]
    return " ".join([str(exc.message), *details])


@contextmanager
def _catching(report: Callable[[AnsamError], None]) -> Iterator[Outcome]:
    outcome = Outcome()
    try:
        yield outcome
    except NotFound:
        raise
    except AnsamError as exc:
        outcome.error = exc
        report(exc)
    else:
        outcome.ok = True


def on_form(form: BaseForm) -> AbstractContextManager[Outcome]:
    """``with on_form(form) as done: service(...)`` then ``if done:`` redirect."""
    return _catching(lambda exc: form_errors_from(exc, form))


def as_message(request: HttpRequest) -> AbstractContextManager[Outcome]:
    """``with as_message(request) as done: service(...)``; the error becomes a banner."""
    return _catching(lambda exc: messages.error(request, error_text(exc)))
