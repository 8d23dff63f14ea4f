"""THE access policy for coordination meetings.

Who sees a meeting: its organiser and its invited professionals (not removed). For a meeting
about a person, only while they are in the person's care team (a professional who left the team,
or whose organisation the person objected to, no longer opens it; an emergency reader never
does). What they read of its content: each viewpoint, part of the minutes and decision carries a
section of the record, read under the same need-to-know as the record itself. Logistics (date,
place, who is invited) are read by every participant. Private notes: their author only."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from ansam.access import records
from ansam.accounts.models import User
from ansam.meetings.models import CasePresentation, Meeting, Participant, PeerGroup


@dataclass
class MeetingAccess:
    meeting: Meeting
    participant: Participant | None  # the actor's own row, if invited
    is_organiser: bool
    record: records.RecordAccess | None  # for a meeting about a person

    def can_read(self, section: str) -> bool:
        if self.meeting.person_id is None:
            return True
        return self.record is not None and self.record.can_read(section)


def _active(actor: User) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def meeting_access(actor: User, meeting: Meeting) -> MeetingAccess | None:
    if not _active(actor):
        return None
    participant = next(
        (p for p in meeting.participants.all() if p.user_id == actor.pk and p.removed_at is None),
        None,
    )
    is_organiser = meeting.organiser_id == actor.pk
    if participant is None and not is_organiser:
        return None
    record = None
    if meeting.person_id is not None:
        assert meeting.person is not None
        record = records.record_access(actor, meeting.person)
        if not records.can_contribute(record):
            return None
    return MeetingAccess(meeting, participant, is_organiser, record)


def meetings_visible_to(actor: User) -> QuerySet[Meeting]:
    """The meetings the actor organises or is invited to (people's meetings only while in their
    care team)."""
    if not _active(actor):
        return Meeting.objects.none()
    team_people = {row[1] for row in records.my_team_rows(actor)}
    mine = Q(organiser=actor) | Q(participants__user=actor, participants__removed_at__isnull=True)
    return (
        Meeting.objects.filter(mine)
        .filter(Q(person__isnull=True) | Q(person_id__in=team_people))
        .distinct()
    )


def is_open(meeting: Meeting) -> bool:
    return meeting.cancelled_at is None and meeting.minutes_closed_at is None


def can_edit_meeting(access: MeetingAccess) -> bool:
    return access.is_organiser and is_open(access.meeting)


def can_answer(access: MeetingAccess) -> bool:
    return access.participant is not None and access.meeting.cancelled_at is None


def can_write_viewpoint(access: MeetingAccess, participant: Participant, actor: User) -> bool:
    """Each writes their own; the organiser writes down, as said, the viewpoint of someone
    without an account (the person, whom they bring, an invitee outside Ansam). Nobody edits
    another professional's."""
    if not is_open(access.meeting) or participant.removed_at is not None:
        return False
    if participant.meeting_id != access.meeting.pk:
        return False
    if participant.user_id is not None:
        return participant.user_id == actor.pk
    return access.is_organiser


def can_write_minutes(access: MeetingAccess) -> bool:
    return access.is_organiser and is_open(access.meeting)


def can_close_minutes(access: MeetingAccess) -> bool:
    return can_write_minutes(access) and access.meeting.starts_at <= timezone.now()


def can_read_summary(access: MeetingAccess) -> bool:
    """The person's plain summary, once the minutes are final. It tells every decision, whatever
    part of the record it concerns, so it is for those who give it to the person: the organiser
    and the person's coordinator, not every participant."""
    if access.meeting.person_id is None or access.meeting.minutes_closed_at is None:
        return False
    coordinator = access.record is not None and access.record.is_coordinator
    return access.is_organiser or coordinator


# --- peer groups and their pseudonymised case presentations ---------------------------------


def groups_visible_to(actor: User) -> QuerySet[PeerGroup]:
    if not _active(actor):
        return PeerGroup.objects.none()
    return PeerGroup.objects.filter(Q(members=actor) | Q(facilitator=actor)).distinct()


def can_read_presentation(actor: User, presentation: CasePresentation) -> bool:
    """Its author always; the group's members once it is shared — and then only the
    pseudonymised text, never the person or the author's own words."""
    if not _active(actor):
        return False
    if presentation.author_id == actor.pk:
        return True
    shared = presentation.status == CasePresentation.Status.SHARED
    return shared and groups_visible_to(actor).filter(pk=presentation.group_id).exists()


def is_author(actor: User, presentation: CasePresentation) -> bool:
    return _active(actor) and presentation.author_id == actor.pk


def can_review(actor: User, presentation: CasePresentation) -> bool:
    return is_author(actor, presentation) and presentation.status != CasePresentation.Status.SHARED


def can_share(actor: User, presentation: CasePresentation) -> bool:
    return (
        is_author(actor, presentation) and presentation.status == CasePresentation.Status.REVIEWED
    )
