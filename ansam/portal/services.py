"""What happens in the person's own space, and the professionals' side of it: a member of the
care team opens it by giving a one-time code; the person signs in with it and their birth date;
they answer their plan, make their choices about sharing, ask for a correction. What the person
does is recorded in the access log as theirs (role "person"), as a professional's would be."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ansam.access import portal as policy
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.access.records import profile_sections
from ansam.accounts.models import User
from ansam.core import links
from ansam.core.email import send_email
from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.core.ids import maybe_public_id
from ansam.core.notifications import notify
from ansam.meetings.models import Meeting, Participant
from ansam.meetings.services import store_viewpoint
from ansam.organisations.models import Organisation
from ansam.people.models import Person
from ansam.plans import content as plan_content
from ansam.plans.models import Plan, Signature
from ansam.plans.services import version_to_answer
from ansam.portal import franceconnect
from ansam.portal.franceconnect import Identity
from ansam.portal.models import CorrectionRequest, PortalAccess, SignInCode
from ansam.sharing.models import CareTeamMember, SharingBasis
from ansam.sharing.sections import Section
from ansam.sharing.services import visible_access

# No 0/O, 1/I/L: a code read out on the phone or copied from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Failed sign-ins from one address in an hour before it must wait (codes are 40 bits).
ADDRESS_FAILURES = 20
PERSON = "person"


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
        audit(actor=None, action=Audit.PORTAL_SIGN_IN, person=person, role=PERSON,
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
    audit(actor=None, action=Audit.PORTAL_LINK, person=access.person, role=PERSON)


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
        audit(actor=None, action=Audit.PORTAL_SIGN_IN, person=person, role=PERSON,
              detail={"how": "franceconnect"})  # fmt: skip
    return access


def _my_meeting(access: PortalAccess, meeting_id: str) -> tuple[Meeting, Participant]:
    public_id = maybe_public_id(meeting_id)
    if public_id is None:
        raise NotFound()
    meeting = (
        Meeting.objects.select_for_update()
        .filter(
            public_id=public_id,
            person=access.person,
            kind=Meeting.Kind.PERSON,
            cancelled_at=None,
        )
        .first()
    )
    me = (
        meeting.participants.filter(kind=Participant.Kind.PERSON, removed_at=None).first()
        if meeting
        else None
    )
    if meeting is None or me is None:
        raise NotFound()
    return meeting, me


@transaction.atomic
def meeting_answer(*, access: PortalAccess, meeting_id: str, answer: str) -> None:
    """The person says whether they come to a meeting about them."""
    meeting, me = _my_meeting(access, meeting_id)
    if answer not in (Participant.Answer.ACCEPTED, Participant.Answer.DECLINED):
        raise AnsamError(fields={"answer": [_("Say whether you come.")]})
    if meeting.starts_at < timezone.now():
        raise AnsamError(_("This meeting has already taken place."))
    me.answer, me.answered_at = answer, timezone.now()
    me.save(update_fields=["answer", "answered_at", "updated_at"])
    notify(
        [meeting.organiser],
        _("%(name)s answered the invitation to “%(title)s”.")
        % {"name": access.person.display_name, "title": meeting.title},
        links.meeting(meeting.public_id),
    )


@transaction.atomic
def meeting_viewpoint(
    *, access: PortalAccess, meeting_id: str, reading: str, proposal: str, version: int | None
) -> None:
    """Before the meeting, the person writes how they see their situation and what they want,
    in their words: kept as theirs (every earlier version too), read by the participants."""
    meeting, me = _my_meeting(access, meeting_id)
    if meeting.minutes_closed_at is not None:
        raise AnsamError(_("The meeting is over: its summary is below."))
    if not reading.strip():
        raise AnsamError(
            _("Write how you see things."), fields={"reading": [_("Write how you see things.")]}
        )
    store_viewpoint(
        me,
        section=Section.DAILY_LIFE,
        reading=reading.strip()[:4000],
        proposal=proposal.strip()[:4000],
        written_by=None,
        expected_version=version,
    )
    audit(actor=None, action=Audit.MEETING_EDIT, person=access.person, role=PERSON,
          detail={"meeting": str(meeting.public_id), "change": "viewpoint"})  # fmt: skip


def _coordinators(person: Person) -> list[User]:
    members = CareTeamMember.objects.filter(
        person=person, is_active=True, role=CareTeamMember.Role.COORDINATOR
    ).select_related("professional")
    return [m.professional for m in members]


@transaction.atomic
def plan_answer(
    *,
    access: PortalAccess,
    number,
    shown_hash: str,
    decision: str,
    refusals: dict[str, str] | None = None,
    reason: str = "",
) -> Signature:
    """The person signs or refuses the latest version themselves, and may refuse a goal or an
    action with their reason (signing the rest): the same frozen-version rule as on paper."""
    person = access.person
    plan = Plan.objects.select_for_update().filter(person=person).first()
    if plan is None:
        raise NotFound()
    version = version_to_answer(plan, number, shown_hash)
    errors = {}
    if decision not in Signature.Decision.values:
        errors["decision"] = [_("Say whether you sign or refuse.")]
    if decision == Signature.Decision.REFUSED and not reason.strip():
        errors["reason"] = [_("Say why you refuse, in your words.")]
    keys = {i["key"] for k in ("goals", "actions") for i in version.content[k]}
    refusals = {k: v.strip()[:500] for k, v in (refusals or {}).items() if k in keys and v.strip()}
    if errors:
        raise AnsamError(_("Some answers are missing."), fields=errors)
    signature = Signature(
        version=version,
        party=plan_content.PERSON,
        decision=decision,
        refusals=refusals,
        reason=reason.strip(),
        how=Signature.How.OWN_SPACE,
        covered_hash=plan_content.covered_hash(version.content, plan_content.PERSON),
        recorded_by=None,
        recorded_by_name=person.display_name,
        signed_on=timezone.localdate(),
    )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        raise Conflict(
            _("You have already answered this version."), code="already_answered"
        ) from None
    audit(
        actor=None,
        action=Audit.PLAN_ANSWER,
        person=person,
        role=PERSON,
        detail={"version": version.number, "party": PERSON, "decision": decision,
                "refused_items": len(refusals), "how": Signature.How.OWN_SPACE},
    )  # fmt: skip
    words = (
        _("%(name)s signed their plan in their own space.")
        if decision == Signature.Decision.SIGNED
        else _("%(name)s refused their plan in their own space.")
    )
    notify(
        _coordinators(person), words % {"name": person.display_name}, links.plan(person.public_id)
    )
    return signature


# What the person may say in their space (child protection is never theirs to set: a
# professional records it under CASF L226-2-2).
CHOICES = (
    SharingBasis.Basis.CONSENT,
    SharingBasis.Basis.WITHDRAWN,
    SharingBasis.Basis.OBJECTION,
)


def team_organisations(person: Person) -> list[Organisation]:
    ids = CareTeamMember.objects.filter(person=person, is_active=True).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


@transaction.atomic
def choice_record(
    *, access: PortalAccess, organisation: Organisation | None, section: str, basis: str
) -> SharingBasis:
    """The person gives, withdraws or refuses sharing, for one organisation of their team (or
    the whole team) and one section (or all): effective on every partner's next request."""
    person = access.person
    errors = {}
    if basis not in CHOICES:
        errors["basis"] = [_("Choose what you want.")]
    if section and (section not in Section.values or section in policy.NOT_SELF_SERVED):
        errors["section"] = [_("Choose a part of your record.")]
    if organisation is not None and organisation not in team_organisations(person):
        errors["organisation"] = [_("This organisation is not in your care team.")]
    elif organisation is not None and section and section not in profile_sections(organisation):
        errors["section"] = [
            _("%(org)s does not read this part of your record: there is nothing to change.")
            % {"org": organisation.name}
        ]
    if errors:
        raise AnsamError(_("Your choice could not be recorded."), fields=errors)
    row = SharingBasis.objects.create(
        person=person,
        organisation=organisation,
        section=section,
        basis=basis,
        how=SharingBasis.How.OWN_SPACE,
    )
    audit(
        actor=None,
        action=Audit.RECORD_BASIS,
        person=person,
        role=PERSON,
        section=section,
        basis=basis,
        detail={"for_organisation": organisation.name if organisation else "", "how": "own_space"},
    )
    return row


def _one_month(day: date) -> date:
    """The same day a month later (the month's last day when it has none): RGPD art. 12(3)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def correction_ask(*, access: PortalAccess, text: str) -> CorrectionRequest:
    person = access.person
    text = text.strip()
    if not text:
        raise AnsamError(
            _("Say what is wrong."), fields={"text": [_("Say what should be corrected.")]}
        )
    row = CorrectionRequest.objects.create(
        person=person, text=text[:4000], due_on=_one_month(timezone.localdate())
    )
    audit(actor=None, action=Audit.CORRECTION_ASK, person=person, role=PERSON)
    notify(
        _coordinators(person),
        _("%(name)s asks for a correction of their data: answer by %(due)s.")
        % {"name": person.display_name, "due": row.due_on.strftime("%d/%m/%Y")},
        links.person(person.public_id),
        urgent=True,
    )
    return row


@transaction.atomic
def correction_answer(*, actor: User, correction: CorrectionRequest, answer: str) -> None:
    access = visible_access(actor, correction.person)
    if not access.is_coordinator:
        raise Forbidden(_("The coordinator of the care team answers a request for correction."))
    if not answer.strip():
        raise AnsamError(fields={"answer": [_("Write the answer the person will read.")]})
    if correction.answered_at is not None:
        raise Conflict(_("This request was already answered."), code="already_answered")
    correction.answer = answer.strip()[:4000]
    correction.answered_at = timezone.now()
    correction.answered_by = actor
    correction.save(update_fields=["answer", "answered_at", "answered_by", "updated_at"])
    audit(
        actor=actor,
        action=Audit.CORRECTION_ANSWER,
        person=correction.person,
        organisation=access.organisation,
    )
