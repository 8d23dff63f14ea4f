"""How a person gets into their own space: a member of the care team gives a one-time code
(printed, emailed or texted), the person types it with their birth date; or FranceConnect, once
linked from inside the space. Every refusal says what to do next; the sign-ins are in the
access log as the person's (role "person")."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ansam.access import portal as policy
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.core.email import send_email
from ansam.core.errors import AnsamError, Forbidden
from ansam.people.models import Person
from ansam.portal import franceconnect
from ansam.portal.franceconnect import Identity
from ansam.portal.models import PortalAccess, SignInCode
from ansam.sharing.services import visible_access

# No 0/O, 1/I/L: a code read out on the phone or copied from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Failed sign-ins from one address in an hour before it must wait (codes are 40 bits).
ADDRESS_FAILURES = 20


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def digest(code: str) -> str:
    """Codes are looked up by a keyed digest: the table alone gives none back."""
    normal = "".join(c for c in code.upper() if c.isalnum())
    return salted_hmac("ansam.portal.code", normal, algorithm="sha256").hexdigest()


def sms_sender():
    """The configured text-message sender (a callable taking the number and the text), or None:
    SMS goes through the operator's provider, outside Ansam."""
    return import_string(settings.ANSAM_SMS_SENDER) if settings.ANSAM_SMS_SENDER else None


def active_access(person: Person) -> PortalAccess | None:
    return PortalAccess.objects.filter(person=person, revoked_at=None).first()


@transaction.atomic
def code_give(*, actor: User, person: Person, sent: str = SignInCode.Sent.PRINTED) -> str:
    """A new one-time code for the person (any earlier one stops working); the professional
    prints it or reads it out, or it goes to the person's email or phone."""
    access = visible_access(actor, person)
    if not policy.can_open_space(access):
        raise Forbidden(_("Only a professional of the person's care team opens their space."))
    if not policy.person_may_sign_in(person):
        raise AnsamError(_("This record is archived: its space cannot be opened."))
    if sent not in SignInCode.Sent.values:
        raise AnsamError(fields={"sent": [_("Choose how the code reaches the person.")]})
    if sent == SignInCode.Sent.EMAIL and not person.email:
        raise AnsamError(fields={"sent": [_("The record has no email address.")]})
    if sent == SignInCode.Sent.SMS and not (person.phone and sms_sender()):
        raise AnsamError(
            fields={"sent": [_("No phone number on the record, or no text-message service.")]}
        )
    space = PortalAccess.objects.select_for_update().filter(person=person, revoked_at=None).first()
    if space is None:
        space = PortalAccess.objects.create(
            person=person, opened_by=actor, opened_by_organisation=access.organisation
        )
    now = timezone.now()
    space.codes.filter(used_at=None, locked_at=None).update(locked_at=now)
    code = new_code()
    SignInCode.objects.create(
        access=space,
        digest=digest(code),
        sent=sent,
        expires_at=now + timedelta(hours=settings.ANSAM_PORTAL_CODE_HOURS),
        given_by=actor,
    )
    audit(
        actor=actor,
        action=Audit.PORTAL_CODE,
        person=person,
        organisation=access.organisation,
        detail={"sent": sent},
    )
    text = _(
        "Your code to open your space in Ansam: %(code)s. Go to %(url)s and type it with your "
        "birth date. It works once, for %(hours)s hours."
    ) % {
        "code": shown(code),
        "url": f"{settings.SITE_URL}/me/",
        "hours": settings.ANSAM_PORTAL_CODE_HOURS,
    }
    if sent == SignInCode.Sent.EMAIL:
        transaction.on_commit(
            lambda: send_email.enqueue(
                subject=_("Your code for your space in Ansam"), body=text, to=[person.email]
            )
        )
    elif sent == SignInCode.Sent.SMS:
        sender = sms_sender()
        transaction.on_commit(lambda: sender(person.phone, text))
    return code


@transaction.atomic
def space_close(*, actor: User, person: Person) -> None:
    access = visible_access(actor, person)
    if not policy.can_open_space(access):
        raise Forbidden(_("Only a professional of the person's care team closes their space."))
    closed = PortalAccess.objects.filter(person=person, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if closed:
        audit(
            actor=actor, action=Audit.PORTAL_CLOSE, person=person, organisation=access.organisation
        )


def _throttled(address: str) -> bool:
    return bool(address) and cache.get(f"portal-fail:{address}", 0) >= ADDRESS_FAILURES


def _failed(address: str) -> None:
    if address:
        key = f"portal-fail:{address}"
        cache.add(key, 0, 3600)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 3600)


def _ask_worker(message: str) -> AnsamError:
    return AnsamError(message, code="sign_in_refused")


def sign_in_with_code(*, code: str, birth_date: date | None, address: str = "") -> PortalAccess:
    """The person's way in without a digital identity. Every refusal says what to do next."""
    if _throttled(address):
        raise _ask_worker(
            _("Too many tries from this connection. Wait an hour, or ask your worker.")
        )
    errors = {}
    if not code.strip():
        errors["code"] = [_("Type the code your worker gave you.")]
    if birth_date is None:
        errors["day"] = [_("Type your birth date.")]
    if errors:
        raise AnsamError(_("Some fields are missing."), fields=errors)
    row = (
        SignInCode.objects.select_related("access__person")
        .filter(digest=digest(code), access__revoked_at=None)
        .first()
    )
    if row is None:
        _failed(address)
        raise _ask_worker(_("This code is not known. Check it, or ask your worker for a new one."))
    now = timezone.now()
    if row.locked_at is not None:
        raise _ask_worker(_("This code no longer works. Ask your worker for a new one."))
    if row.used_at is not None:
        raise _ask_worker(_("This code was already used. Ask your worker for a new one."))
    if row.expires_at < now:
        raise _ask_worker(_("This code has expired. Ask your worker for a new one."))
    person = row.access.person
    if birth_date != person.birth_date:
        _failed(address)
        SignInCode.objects.filter(pk=row.pk).update(failures=F("failures") + 1)
        row.refresh_from_db(fields=["failures"])
        left = settings.ANSAM_PORTAL_CODE_TRIES - row.failures
        if left <= 0:
            SignInCode.objects.filter(pk=row.pk, locked_at=None).update(locked_at=now)
            raise _ask_worker(
                _("The birth date does not match, too many times: this code no longer works. "
                  "Ask your worker for a new one.")
            )  # fmt: skip
        raise AnsamError(
            _("The birth date does not match the code. Tries left: %(n)s.") % {"n": left},
            fields={"day": [_("This is not the birth date of your record.")]},
        )
    if not policy.person_may_sign_in(person):
        raise _ask_worker(_("Your space is closed. Ask your worker."))
    with transaction.atomic():
        # Used once: of two tries at the same moment, one gets in.
        if not SignInCode.objects.filter(pk=row.pk, used_at=None).update(used_at=now):
            raise _ask_worker(_("This code was already used. Ask your worker for a new one."))
        PortalAccess.objects.filter(pk=row.access_id).update(last_signed_in_at=now)
        audit(actor=None, action=Audit.PORTAL_SIGN_IN, person=person, role=policy.PERSON_ROLE,
              detail={"how": "code"})  # fmt: skip
    return row.access


@transaction.atomic
def franceconnect_link(*, access: PortalAccess, identity: Identity) -> None:
    """The person, signed in with their worker's code, links their FranceConnect identity to
    their space: only if it is theirs (birth date and names of the record)."""
    if not franceconnect.matches(identity, access.person):
        raise _ask_worker(
            _("Your FranceConnect identity does not match your record (birth date or names). "
              "See your worker: they can correct the record.")
        )  # fmt: skip
    if (
        PortalAccess.objects.filter(franceconnect_sub=identity.sub, revoked_at=None)
        .exclude(pk=access.pk)
        .exists()
    ):
        raise _ask_worker(_("This FranceConnect identity is already linked to another space."))
    PortalAccess.objects.filter(pk=access.pk).update(franceconnect_sub=identity.sub)
    audit(actor=None, action=Audit.PORTAL_LINK, person=access.person, role=policy.PERSON_ROLE)


def franceconnect_sign_in(*, identity: Identity) -> PortalAccess:
    access = (
        PortalAccess.objects.select_related("person")
        .filter(franceconnect_sub=identity.sub, revoked_at=None)
        .first()
    )
    if access is None:
        raise _ask_worker(
            _("Your FranceConnect identity is not linked to a space yet. Sign in once with the "
              "code from your worker, then choose FranceConnect in your space.")
        )  # fmt: skip
    person = access.person
    if not policy.person_may_sign_in(person) or not franceconnect.matches(identity, person):
        raise _ask_worker(_("Your space is closed, or your record changed. Ask your worker."))
    with transaction.atomic():
        PortalAccess.objects.filter(pk=access.pk).update(last_signed_in_at=timezone.now())
        audit(actor=None, action=Audit.PORTAL_SIGN_IN, person=person, role=policy.PERSON_ROLE,
              detail={"how": "franceconnect"})  # fmt: skip
    return access
