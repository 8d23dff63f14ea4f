"""Idempotency-Key for API creations (IETF draft "The Idempotency-Key HTTP Header Field"): the
same key with the same request replays the first answer; with another request it is refused
(422); while the first is still being carried out, a second is told to wait (409). Keys expire
after 24 hours."""

import hashlib
import json
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansam.core.errors import AnsamError, Conflict
from ansam.core.models import IdempotencyKey

KEY_HOURS = 24
HEADER = "Idempotency-Key"
# For the OpenAPI schema of every POST that honours it.
OPENAPI = {
    "parameters": [
        {
            "in": "header",
            "name": HEADER,
            "required": False,
            "schema": {"type": "string", "maxLength": 100},
            "description": (
                "A unique key per creation (e.g. a UUID). Sent again with the same body within "
                "24 hours, the first answer is replayed (200) and nothing new is created; with "
                "another body: 422; while the first is still running: 409."
            ),
        }
    ]
}


class KeyReused(AnsamError):
    status = 422
    code = "idempotency_key_reused"


def fingerprint(request: HttpRequest) -> str:
    try:
        body = json.dumps(json.loads(request.body or b"{}"), sort_keys=True)
    except ValueError:
        body = request.body.decode(errors="replace")
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def begin(request: HttpRequest) -> tuple[IdempotencyKey | None, str]:
    """Claim the request's key before the work starts (committed at once, so that a second
    request sees it in flight). Returns (the claim, "") to go on, or (None, public id) when the
    same request was already carried out: the caller replays that resource."""
    key = request.headers.get(HEADER, "").strip()[:100]
    user = request.user
    if not key or not user.is_authenticated:
        return None, ""
    print_ = fingerprint(request)
    now = timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    user=user, key=key, fingerprint=print_, created_at=now
                ), ""
        except IntegrityError:
            found = IdempotencyKey.objects.filter(user=user, key=key).first()
            if found is None:
                continue  # the first one failed and let go of the key meanwhile
            if found.created_at < now - timedelta(hours=KEY_HOURS):
                found.delete()  # expired: the key is free again
                continue
            if found.fingerprint != print_:
                raise KeyReused(_("This Idempotency-Key was used for another request.")) from None
            if not found.resource:
                raise Conflict(
                    _(
                        "The first request with this Idempotency-Key is still being "
                        "carried out: try again in a moment."
                    ),
                    code="idempotency_in_flight",
                ) from None
            return None, found.resource
    raise Conflict(_("Try again in a moment."), code="idempotency_in_flight")


def finish(claim: IdempotencyKey | None, resource_public_id: object) -> None:
    if claim is not None:
        IdempotencyKey.objects.filter(pk=claim.pk).update(resource=str(resource_public_id))


def abandon(claim: IdempotencyKey | None) -> None:
    """The work failed: the key is free for a corrected request."""
    if claim is not None:
        IdempotencyKey.objects.filter(pk=claim.pk).delete()


def purge(now: datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _rows = IdempotencyKey.objects.filter(
        created_at__lt=now - timedelta(hours=KEY_HOURS)
    ).delete()
    return deleted
