"""What a participant reads of a meeting: everything about its logistics, and of its content
(viewpoints, minutes, decisions) the parts whose section their organisation reads."""

from dataclasses import dataclass, field

from django.utils import timezone

from ansam.access import meetings as policy
from ansam.access import scopes
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.meetings.models import (
    Decision,
    Meeting,
    MinutesPart,
    Participant,
    PeerGroup,
    PrivateNote,
    Viewpoint,
)
from ansam.organisations.models import Membership
from ansam.people.models import Person
from ansam.plans.models import Goal
from ansam.sharing.models import CareTeamMember


@dataclass
class ParticipantRow:
    participant: Participant
    viewpoint: Viewpoint | None  # None when not written, or not readable by the reader
    hidden: bool  # written, in a part of the record the reader does not read
    can_write: bool


@dataclass
class MeetingPage:
    meeting: Meeting
    access: policy.MeetingAccess
    rows: list[ParticipantRow]
    agree: list[MinutesPart]
    differ: list[MinutesPart]
    decisions: list[Decision]
    hidden_parts: int  # parts of the minutes and decisions kept from the reader
    note: PrivateNote | None
    removed: list[Participant] = field(default_factory=list)

    @property
    def is_past(self) -> bool:
        return self.meeting.starts_at <= timezone.now()


def meeting_page(actor: User, meeting: Meeting, access: policy.MeetingAccess) -> MeetingPage:
    participants = list(meeting.participants.select_related("organisation", "user"))
    viewpoints = {v.participant_id: v for v in Viewpoint.objects.filter(meeting=meeting)}
    rows = []
    for p in participants:
        if p.removed_at is not None and p.pk not in viewpoints:
            continue
        v = viewpoints.get(p.pk)
        readable = v is not None and access.can_read(v.section)
        rows.append(
            ParticipantRow(
                participant=p,
                viewpoint=v if readable else None,
                hidden=v is not None and not readable,
                can_write=policy.can_write_viewpoint(access, p, actor),
            )
        )
    parts = list(meeting.parts.all())
    decisions = list(meeting.decisions.select_related("action"))
    shown_parts = [p for p in parts if access.can_read(p.section)]
    shown_decisions = [d for d in decisions if access.can_read(d.section)]
    hidden = len(parts) - len(shown_parts) + len(decisions) - len(shown_decisions)
    if meeting.person_id is not None:
        sections = sorted(
            {r.viewpoint.section for r in rows if r.viewpoint}
            | {p.section for p in shown_parts}
            | {d.section for d in shown_decisions}
        )
        audit(
            actor=actor,
            action=Audit.VIEW_MEETING,
            person=meeting.person,
            organisation=meeting.organisation,
            detail={"meeting": str(meeting.public_id), "sections": ",".join(sections)},
        )
    return MeetingPage(
        meeting=meeting,
        access=access,
        rows=[r for r in rows if r.participant.removed_at is None],
        agree=[p for p in shown_parts if p.kind == MinutesPart.Kind.AGREE],
        differ=[p for p in shown_parts if p.kind == MinutesPart.Kind.DIFFER],
        decisions=shown_decisions,
        hidden_parts=hidden,
        note=PrivateNote.objects.filter(meeting=meeting, author=actor).first(),
        removed=[r.participant for r in rows if r.participant.removed_at is not None],
    )


def my_meetings(actor: User) -> tuple[list[Meeting], list[Meeting]]:
    """(coming, past) meetings of the actor, the coming ones first by date."""
    now = timezone.now()
    visible = policy.meetings_visible_to(actor).select_related("person", "organisation")
    coming = list(visible.filter(starts_at__gte=now).order_by("starts_at")[:50])
    past = list(visible.filter(starts_at__lt=now).order_by("-starts_at")[:50])
    return coming, past


def versions_of(viewpoint: Viewpoint) -> list:
    return list(viewpoint.versions.select_related("written_by"))


def participants_of(meeting: Meeting) -> list[Participant]:
    """Those invited now (the page's forms read them; access was checked by the caller)."""
    return [p for p in meeting.participants.all() if p.removed_at is None]


def participant_by_id(meeting: Meeting, participant_id: str) -> Participant | None:
    return next((p for p in meeting.participants.all() if str(p.public_id) == participant_id), None)


def goals_for(meeting: Meeting, access: policy.MeetingAccess) -> list:
    """The plan's goals a decision may serve: those in parts of the record the organiser reads."""
    if meeting.person_id is None:
        return []
    goals = Goal.objects.filter(plan__person_id=meeting.person_id, removed=False).order_by(
        "created_at"
    )
    return [g for g in goals if access.can_read(g.section)]


def group_page(actor: User, group: PeerGroup) -> dict:
    """A peer group's members, sessions, and the presentations the actor may read (their own
    at any stage, the others once shared)."""
    presentations = [
        p
        for p in group.presentations.select_related("author")
        if policy.can_read_presentation(actor, p)
    ]
    return {
        "members": list(group.members.order_by("last_name")),
        "sessions": list(group.sessions.order_by("-starts_at")[:20]),
        "presentations": presentations,
    }


def invitable_members(actor: User, person: Person | None = None) -> list[Membership]:
    """The professionals one may invite: to a meeting about a person, the memberships through
    which the care team accompanies them; otherwise (between organisations, a peer group) the
    members of the organisations one sees."""
    if person is not None:
        pairs = set(
            CareTeamMember.objects.filter(person=person, is_active=True).values_list(
                "professional_id", "organisation_id"
            )
        )
        members = Membership.objects.filter(
            user_id__in={p for p, _o in pairs}, is_active=True
        ).select_related("user", "organisation")
        return [m for m in members if (m.user_id, m.organisation_id) in pairs]
    orgs = scopes.organisations_visible_to(actor).values("pk")
    return list(
        Membership.objects.filter(organisation__in=orgs, is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name")[:300]
    )
