"""Organising a meeting, inviting, answering, and keeping what each participant said.

Every act checks the rules of access/meetings.py again: a page that forgets cannot write."""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import meetings as policy
from ansam.access import records
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.continuity import services as continuity
from ansam.core import links
from ansam.core.email import send_email
from ansam.core.errors import AnsamError, Forbidden, NotFound
from ansam.core.notifications import notify
from ansam.meetings import calendar
from ansam.meetings.models import (
    Meeting,
    MinutesPart,
    Participant,
    PrivateNote,
    Viewpoint,
)
from ansam.meetings.summary import summary_for_person
from ansam.meetings.viewpoints import store_viewpoint
from ansam.organisations.models import Membership, Organisation
from ansam.people.models import Person
from ansam.sharing.models import CareTeamMember

INVALID = _("Some fields are not valid.")


@dataclass
class Invitee:
    """Someone to invite: a professional (by their membership), the person, someone the person
    brings, or someone outside Ansam (by name and email)."""

    kind: str
    membership: Membership | None = None
    name: str = ""
    email: str = ""


@dataclass
class Created:
    meeting: Meeting
    past: bool  # recorded as a meeting already held: nobody is invited
    not_emailed: list[str] = field(default_factory=list)  # invitees without an email


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = [_("Required.")]
    starts_at = data.get("starts_at")
    if not isinstance(starts_at, datetime):
        errors["starts_at"] = [_("Give the date and time.")]
    duration = data.get("duration_minutes") or 60
    if not 5 <= int(duration) <= 8 * 60:
        errors["duration_minutes"] = [_("Between 5 minutes and 8 hours.")]
    if errors or not isinstance(starts_at, datetime):
        raise AnsamError(INVALID, fields=errors)
    return {
        "title": title[:200],
        "starts_at": starts_at.replace(second=0, microsecond=0),  # a calendar's precision
        "duration_minutes": int(duration),
        "place": (data.get("place") or "").strip()[:300],
        "video_link": (data.get("video_link") or "").strip()[:500],
        "agenda": (data.get("agenda") or "").strip(),
    }


def _organising(actor: User, kind: str, person: Person | None, organisation: Organisation | None):
    """The organisation the actor organises for, checked: for a meeting about a person, their
    own in the person's care team; otherwise one where they are a member."""
    if kind == Meeting.Kind.PERSON:
        if person is None:
            raise AnsamError(INVALID, fields={"person": [_("Required.")]})
        access = records.record_access(actor, person)
        if not records.can_contribute(access) or access.organisation is None:
            raise NotFound()
        return access.organisation, access
    if kind not in Meeting.Kind.values:
        raise AnsamError(INVALID, fields={"kind": [_("Unknown kind.")]})
    member_of = set(
        Membership.objects.filter(user=actor, is_active=True).values_list(
            "organisation_id", flat=True
        )
    )
    if organisation is None or organisation.pk not in member_of:
        raise NotFound()
    return organisation, None


def _participant_rows(meeting: Meeting, invitees: list[Invitee], actor: User) -> list[Participant]:
    rows = []
    team = None
    if meeting.person_id is not None:
        team = {
            (m.professional_id, m.organisation_id)
            for m in CareTeamMember.objects.filter(person_id=meeting.person_id, is_active=True)
        }
    for invitee in invitees:
        if invitee.kind == Participant.Kind.PROFESSIONAL:
            m = invitee.membership
            if m is None or not m.is_active:
                raise NotFound()
            if m.user_id == actor.pk:
                continue  # the organiser is in already
            if team is not None and (m.user_id, m.organisation_id) not in team:
                raise AnsamError(
                    _(
                        "%(name)s is not in the person's care team. A meeting about the person "
                        "gathers its care team: ask the coordinator to add them first (the "
                        "person's agreement for their organisation is recorded then)."
                    )
                    % {"name": m.user.full_name},
                    fields={"participants": [m.user.full_name]},
                )
            rows.append(
                Participant(
                    meeting=meeting,
                    kind=invitee.kind,
                    user=m.user,
                    organisation=m.organisation,
                    name=m.user.full_name,
                    email=m.user.email,
                )
            )
            continue
        name = invitee.name.strip()
        if invitee.kind == Participant.Kind.PERSON:
            if meeting.person is None:
                raise AnsamError(INVALID, fields={"participants": [_("No person to invite.")]})
            name = name or meeting.person.display_name
        elif invitee.kind == Participant.Kind.EXTERNAL:
            if not name or not invitee.email.strip():
                raise AnsamError(
                    _("An invitee outside Ansam needs a name and an email address."),
                    fields={"externals": [name or invitee.email or "?"]},
                )
        elif invitee.kind == Participant.Kind.COMPANION:
            if meeting.person is None:
                raise AnsamError(INVALID, fields={"participants": [_("No person to invite.")]})
            if not name:
                raise AnsamError(INVALID, fields={"companion": [_("Give their name.")]})
        else:
            raise AnsamError(INVALID, fields={"participants": [invitee.kind]})
        rows.append(
            Participant(
                meeting=meeting,
                kind=invitee.kind,
                name=name[:200],
                email=invitee.email.strip()[:254],
            )
        )
    seen = set()
    for row in rows:
        key = row.user_id or (row.kind, row.email or row.name)
        if key in seen:
            raise AnsamError(_("Someone is invited twice."), fields={"participants": [row.name]})
        seen.add(key)
    return rows


def _send(
    meeting: Meeting, participants: list[Participant], method: str, subject: str
) -> list[str]:
    """Email each participant with an address its invitation (or cancellation), with the
    calendar part; names those who could not be emailed."""
    not_emailed = []
    for participant in participants:
        if participant.user_id == meeting.organiser_id:
            continue
        if not participant.email:
            not_emailed.append(participant.name)
            continue
        body = _("%(title)s, %(when)s.\n\nDetails, answers and minutes in Ansam: %(link)s") % {
            "title": calendar.neutral_title(meeting),
            "when": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M"),
            "link": _answer_link(participant),
        }
        send_email.enqueue(
            subject=subject,
            body=body,
            to=[participant.email],
            calendar=calendar.invitation(meeting, [participant], method),
            method=method,
        )
    return not_emailed


def _answer_link(participant: Participant) -> str:
    if participant.user_id is not None:
        return settings.SITE_URL + links.meeting(participant.meeting.public_id)
    token = secrets.token_urlsafe(24)
    Participant.objects.filter(pk=participant.pk).update(token_hash=hash_token(token))
    return settings.SITE_URL + links.meeting_rsvp(token)


def audit_meeting(actor: User, meeting: Meeting, action: str, **detail) -> None:
    if meeting.person_id is None:
        return
    audit(
        actor=actor,
        action=action,
        person=meeting.person,
        organisation=meeting.organisation,
        detail={"meeting": str(meeting.public_id), **{k: str(v) for k, v in detail.items()}},
    )


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    kind: str,
    data: dict,
    invitees: list[Invitee],
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> Created:
    organisation, _access = _organising(actor, kind, person, organisation)
    clean = _clean(data)
    meeting = Meeting.objects.create(
        kind=kind,
        person=person if kind == Meeting.Kind.PERSON else None,
        organiser=actor,
        organisation=organisation,
        **clean,
    )
    rows = _participant_rows(meeting, invitees, actor)
    organiser = Participant(
        meeting=meeting,
        kind=Participant.Kind.PROFESSIONAL,
        user=actor,
        organisation=organisation,
        name=actor.full_name,
        email=actor.email,
        answer=Participant.Answer.ACCEPTED,
        answered_at=timezone.now(),
    )
    Participant.objects.bulk_create([organiser, *rows])
    past = meeting.starts_at < timezone.now()
    not_emailed: list[str] = []
    if not past:
        participants = list(meeting.participants.all())
        not_emailed = _send(
            meeting, participants, "REQUEST", _("Invitation: %s") % calendar.neutral_title(meeting)
        )
        notify(
            [p.user for p in participants if p.user_id and p.user_id != actor.pk],
            _("You are invited to a meeting: %s") % calendar.neutral_title(meeting),
            links.meeting(meeting.public_id),
        )
    audit_meeting(actor, meeting, Audit.MEETING_CREATE)
    return Created(meeting, past, not_emailed)


def locked(actor: User, meeting: Meeting) -> tuple[Meeting, policy.MeetingAccess]:
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("person").get(pk=meeting.pk)
    )
    access = policy.meeting_access(actor, meeting)
    if access is None:
        raise NotFound()
    return meeting, access


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, data: dict, invitees: list[Invitee] | None = None
) -> Meeting:
    """A change re-sends the invitation to everyone with SEQUENCE one higher; those no longer
    invited receive a cancellation. A participant removed after the minutes keeps what they
    said there (their row is marked removed, not deleted)."""
    meeting, access = locked(actor, meeting)
    if not policy.can_edit_meeting(access):
        raise Forbidden(_("Only the organiser changes the meeting, before its minutes close."))
    for key, value in _clean(data).items():
        setattr(meeting, key, value)
    meeting.sequence += 1
    meeting.save()
    removed: list[Participant] = []
    if invitees is not None:
        current = [p for p in meeting.participants.all() if p.removed_at is None]
        wanted = _participant_rows(meeting, invitees, actor)
        key = lambda p: p.user_id or (p.kind, p.email or p.name)  # noqa: E731
        wanted_keys = {key(p) for p in wanted}
        current_keys = {key(p) for p in current}
        removed = [p for p in current if key(p) not in wanted_keys and p.user_id != actor.pk]
        Participant.objects.filter(pk__in=[p.pk for p in removed]).update(removed_at=timezone.now())
        Participant.objects.bulk_create([p for p in wanted if key(p) not in current_keys])
    if meeting.starts_at >= timezone.now():
        active = [p for p in meeting.participants.all() if p.removed_at is None]
        _send(meeting, active, "REQUEST", _("Changed: %s") % calendar.neutral_title(meeting))
        _send(
            meeting,
            removed,
            "CANCEL",
            _("You are no longer invited: %s") % calendar.neutral_title(meeting),
        )
    audit_meeting(actor, meeting, Audit.MEETING_EDIT, change="meeting")
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    meeting, access = locked(actor, meeting)
    if not policy.can_edit_meeting(access):
        raise Forbidden(_("Only the organiser cancels the meeting, before its minutes close."))
    meeting.cancelled_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    active = [p for p in meeting.participants.all() if p.removed_at is None]
    _send(meeting, active, "CANCEL", _("Cancelled: %s") % calendar.neutral_title(meeting))
    notify(
        [p.user for p in active if p.user_id and p.user_id != actor.pk],
        _("A meeting was cancelled: %s") % calendar.neutral_title(meeting),
        links.meeting(meeting.public_id),
    )
    return meeting


def _participant_of(meeting: Meeting, participant_id: object) -> Participant:
    found = next(
        (p for p in meeting.participants.all() if str(p.public_id) == str(participant_id)), None
    )
    if found is None:
        raise NotFound()
    return found


@transaction.atomic
def viewpoint_write(
    *,
    actor: User,
    meeting: Meeting,
    participant_id: object,
    data: dict,
    expected_version: int | None,
) -> Viewpoint:
    """A participant's reading and proposal, in their words; each change keeps the earlier one,
    and a change after a confirmation asks for a new confirmation."""
    meeting, access = locked(actor, meeting)
    participant = _participant_of(meeting, participant_id)
    if not policy.can_write_viewpoint(access, participant, actor):
        raise Forbidden(_("Each participant writes their own viewpoint; nobody edits another's."))
    reading = (data.get("reading") or "").strip()
    if not reading:
        raise AnsamError(INVALID, fields={"reading": [_("Required.")]})
    section = data.get("section") or ""
    if not access.can_read(section):
        raise AnsamError(INVALID, fields={"section": [_("Choose a part of the record you read.")]})
    proposal = (data.get("proposal") or "").strip()
    viewpoint = store_viewpoint(
        participant,
        section=section,
        reading=reading,
        proposal=proposal,
        written_by=actor,
        expected_version=expected_version,
    )
    audit_meeting(actor, meeting, Audit.MEETING_EDIT, change="viewpoint", section=section)
    return viewpoint


@transaction.atomic
def viewpoint_confirm(*, actor: User, meeting: Meeting, participant_id: object) -> Viewpoint:
    """Its author confirms it as theirs (for someone without an account: read back to them)."""
    meeting, access = locked(actor, meeting)
    participant = _participant_of(meeting, participant_id)
    if not policy.can_write_viewpoint(access, participant, actor):
        raise Forbidden(_("Each participant confirms their own viewpoint."))
    viewpoint = Viewpoint.objects.filter(participant=participant).first()
    if viewpoint is None:
        raise AnsamError(_("Write the viewpoint first."))
    viewpoint.confirmed_at = timezone.now()
    viewpoint.save(update_fields=["confirmed_at", "updated_at"])
    return viewpoint


@transaction.atomic
def minutes_part_add(*, actor: User, meeting: Meeting, kind: str, section: str, text: str):
    meeting, access = locked(actor, meeting)
    if not policy.can_write_minutes(access):
        raise Forbidden(_("The organiser writes the minutes, until they close them."))
    if kind not in MinutesPart.Kind.values or not text.strip():
        raise AnsamError(INVALID, fields={"text": [_("Required.")]})
    if not access.can_read(section):
        raise AnsamError(INVALID, fields={"section": [_("Choose a part of the record you read.")]})
    part = MinutesPart.objects.create(
        meeting=meeting, kind=kind, section=section, text=text.strip(), written_by=actor
    )
    audit_meeting(actor, meeting, Audit.MEETING_EDIT, change="minutes", section=section)
    return part


@transaction.atomic
def minutes_close(*, actor: User, meeting: Meeting) -> Meeting:
    """The minutes become final; the person's plain summary is frozen from what was decided."""
    meeting, access = locked(actor, meeting)
    if not policy.can_write_minutes(access):
        raise Forbidden(_("The organiser closes the minutes."))
    if not policy.can_close_minutes(access):
        raise AnsamError(_("The minutes close once the meeting has taken place."))
    meeting.summary_for_person = summary_for_person(meeting)
    meeting.minutes_closed_at = timezone.now()
    meeting.save(update_fields=["summary_for_person", "minutes_closed_at", "updated_at"])
    continuity.close_for(subject=f"meeting:{meeting.pk}", act="minutes_closed", actor=actor)
    audit_meeting(actor, meeting, Audit.MEETING_EDIT, change="minutes_closed")
    return meeting


@transaction.atomic
def note_save(*, actor: User, meeting: Meeting, text: str) -> PrivateNote | None:
    meeting, access = locked(actor, meeting)
    if not text.strip():
        PrivateNote.objects.filter(meeting=meeting, author=actor).delete()
        return None
    note, _created = PrivateNote.objects.update_or_create(
        meeting=meeting, author=actor, defaults={"text": text.strip()}
    )
    return note


def upcoming_for(actor: User, days: int = 7) -> list[Meeting]:
    """The actor's meetings of the coming days (their day page)."""
    now = timezone.now()
    return list(
        policy.meetings_visible_to(actor)
        .filter(
            cancelled_at=None,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("person")
        .order_by("starts_at")[:20]
    )


def day_of(value: datetime) -> date:
    return timezone.localtime(value).date()
