"""Answers to an invitation: a professional's in Ansam, an invitee's through their link, and a
calendar client's iTIP REPLY passed on by the mail gateway (`manage.py meetings_ics_reply`)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import meetings as policy
from ansam.accounts.models import User
from ansam.core.errors import AnsamError, Conflict, NotFound
from ansam.meetings import calendar
from ansam.meetings.models import Meeting, Participant
from ansam.meetings.services import INVALID, hash_token, locked


def _record_answer(participant: Participant, answer: str, at: datetime | None = None) -> None:
    if answer not in Participant.Answer.values or answer == Participant.Answer.NEEDS_ACTION:
        raise AnsamError(INVALID, fields={"answer": [_("Accept, decline or say maybe.")]})
    participant.answer = answer
    participant.answered_at = at or timezone.now()
    participant.save(update_fields=["answer", "answered_at", "updated_at"])


@transaction.atomic
def participant_answer(*, actor: User, meeting: Meeting, answer: str) -> Participant:
    meeting, access = locked(actor, meeting)
    if not policy.can_answer(access) or access.participant is None:
        raise NotFound()
    _record_answer(access.participant, answer)
    return access.participant


def participant_by_token(token: str) -> Participant:
    participant = (
        Participant.objects.select_related("meeting")
        .filter(token_hash=hash_token(token), removed_at=None, meeting__cancelled_at=None)
        .first()
        if token
        else None
    )
    if participant is None:
        raise NotFound(_("This link is not valid, or the meeting was cancelled."))
    return participant


@transaction.atomic
def answer_by_token(*, token: str, answer: str) -> Participant:
    participant = participant_by_token(token)
    _record_answer(participant, answer)
    return participant


@transaction.atomic
def answer_from_calendar(text: str) -> Participant:
    """An iTIP REPLY from a calendar client, as the mail gateway passes it: the invitation is
    found by the event's UID and the attendee's email; anything else is refused, saying why."""
    uid, email, answer, stamp = calendar.read_reply(text)
    participant = (
        Participant.objects.select_related("meeting")
        .filter(meeting__uid=uid, email__iexact=email, removed_at=None)
        .first()
    )
    if participant is None:
        raise NotFound(_("This reply matches no invitation (unknown event or attendee)."))
    if participant.meeting.cancelled_at is not None:
        raise Conflict(_("This meeting was cancelled."))
    _record_answer(participant, answer, stamp)
    return participant
