"""Governing bodies: colleges and their seats (a holder, a substitute, a term), sessions with
their attendance and quorum, opinions and decisions put to the vote with each dissent in the
dissenter's own words, and what became of each (told at the next session). The people
accompanied sit through representatives whose account opens the body's pages only."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import partnerships as policy
from ansam.access import rules
from ansam.accounts.models import User
from ansam.accounts.services import account_for
from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.core.ids import maybe_public_id
from ansam.meetings import services as meetings
from ansam.meetings.models import Meeting
from ansam.organisations.models import Organisation
from ansam.partnerships.models import Attendance, Body, College, Motion, Seat, Vote

INVALID = _("Some fields are not valid.")


def _run(actor: User, body: Body) -> None:
    if not policy.can_run_body(actor, body):
        raise Forbidden(_("The body's secretariat does this."))


@transaction.atomic
def body_create(
    *, actor: User, organisation: Organisation, name: str, kind: str, quorum: int, rules_text: str
) -> Body:
    if not rules.can_manage_organisation(actor, organisation):
        raise NotFound()
    if not name.strip() or kind not in Body.Kind.values:
        raise AnsamError(INVALID, fields={"name": [_("Required.")]})
    return Body.objects.create(
        name=name.strip()[:200],
        kind=kind,
        organisation=organisation,
        quorum=max(1, quorum),
        rules=rules_text.strip(),
    )


@transaction.atomic
def college_add(*, actor: User, body: Body, name: str, kind: str, seats: int) -> College:
    _run(actor, body)
    if not name.strip() or kind not in College.Kind.values or seats < 1:
        raise AnsamError(INVALID, fields={"name": [_("A name, a kind and one seat or more.")]})
    return College.objects.create(body=body, name=name.strip()[:200], kind=kind, seats=seats)


@transaction.atomic
def seat_assign(
    *,
    actor: User,
    college: College,
    holder: User | None,
    substitute: User | None = None,
    term_ends_on: date | None = None,
    voting: bool = True,
) -> Seat:
    _run(actor, college.body)
    taken = Seat.objects.select_for_update().filter(college=college).count()
    if taken >= college.seats:
        raise AnsamError(
            _("The college %(name)s has %(n)s seats, all filled.")
            % {"name": college.name, "n": college.seats}
        )
    if holder is not None and substitute is not None and holder.pk == substitute.pk:
        raise AnsamError(INVALID, fields={"substitute": [_("Someone else than the holder.")]})
    return Seat.objects.create(
        college=college,
        holder=holder,
        substitute=substitute,
        term_ends_on=term_ends_on,
        voting=voting,
    )


def representative_account(*, actor: User, body: Body, name: str, email: str) -> User:
    """An account for a representative of the people accompanied: no organisation, so no record
    ever; they choose their password through the link sent to them."""
    _run(actor, body)
    why = _("You sit in %(body)s on Ansam, for the people accompanied.") % {"body": body.name}
    return account_for(name=name, email=email, why=why)


@transaction.atomic
def session_create(*, actor: User, body: Body, data: dict) -> Meeting:
    _run(actor, body)
    created = meetings.meeting_create(
        actor=actor,
        kind=Meeting.Kind.GOVERNANCE,
        organisation=body.organisation,
        data={"title": data.get("title") or body.name, **data},
        invitees=[],
    )
    Meeting.objects.filter(pk=created.meeting.pk).update(body=body)
    created.meeting.body = body
    return created.meeting


def _session(body: Body, session: Meeting) -> Meeting:
    if session.body_id != body.pk:
        raise NotFound()
    return session


@transaction.atomic
def attendance_record(*, actor: User, body: Body, session: Meeting, seat: Seat, user: User):
    _run(actor, body)
    _session(body, session)
    if seat.college.body_id != body.pk:
        raise NotFound()
    if user.pk not in (seat.holder_id, seat.substitute_id):
        raise AnsamError(_("Only the seat's holder or substitute sits for it."))
    attendance, _created = Attendance.objects.update_or_create(
        session=session, seat=seat, defaults={"user": user}
    )
    return attendance


def present_voting_seats(session: Meeting) -> int:
    return Attendance.objects.filter(session=session, seat__voting=True).count()


def quorum_reached(body: Body, session: Meeting) -> bool:
    return present_voting_seats(session) >= body.quorum


@transaction.atomic
def motion_add(*, actor: User, body: Body, session: Meeting, kind: str, text: str) -> Motion:
    _run(actor, body)
    _session(body, session)
    if kind not in Motion.Kind.values or not text.strip():
        raise AnsamError(INVALID, fields={"text": [_("Required.")]})
    return Motion.objects.create(session=session, kind=kind, text=text.strip())


@transaction.atomic
def vote(*, actor: User, body: Body, motion: Motion, choice: str, dissent: str = "") -> Vote:
    """One vote per seat, by who sits for it at this session; none without quorum."""
    session = _session(body, motion.session)
    sitting = Attendance.objects.filter(session=session, user=actor, seat__voting=True).first()
    if sitting is None:
        raise Forbidden(_("Only a member sitting with a vote at this session votes."))
    if not quorum_reached(body, session):
        raise AnsamError(
            _("The quorum is not reached (%(present)s of %(quorum)s): the body cannot vote.")
            % {"present": present_voting_seats(session), "quorum": body.quorum}
        )
    if choice not in Vote.Choice.values:
        raise AnsamError(INVALID, fields={"choice": [_("For, against or abstention.")]})
    try:
        with transaction.atomic():
            return Vote.objects.create(
                motion=motion,
                seat=sitting.seat,
                voter=actor,
                choice=choice,
                dissent=dissent.strip() if choice != Vote.Choice.FOR else "",
            )
    except IntegrityError:
        raise Conflict(_("This seat has already voted on this motion.")) from None


@transaction.atomic
def follow_up(
    *, actor: User, body: Body, motion: Motion, text: str, by: str, on: date | None
) -> Motion:
    _run(actor, body)
    _session(body, motion.session)
    if not text.strip():
        raise AnsamError(INVALID, fields={"text": [_("Required.")]})
    motion.follow_up = text.strip()
    motion.follow_up_by = by.strip()[:200]
    motion.follow_up_on = on or timezone.localdate()
    motion.save(update_fields=["follow_up", "follow_up_by", "follow_up_on", "updated_at"])
    return motion


def tally(motion: Motion) -> dict[str, int]:
    counts = {c: 0 for c in Vote.Choice.values}
    for v in motion.votes.all():
        counts[v.choice] += 1
    return counts


# --- reading a body (its pages; access was checked by the caller) -------------------------


def colleges_of(body: Body) -> list[tuple[College, list[Seat]]]:
    colleges = list(College.objects.filter(body=body))
    seats = Seat.objects.filter(college__body=body).select_related("holder", "substitute")
    by_college: dict[int, list[Seat]] = {}
    for seat in seats:
        by_college.setdefault(seat.college_id, []).append(seat)
    return [(c, by_college.get(c.pk, [])) for c in colleges]


def college_of(body: Body, public_id: str) -> College | None:
    return College.objects.filter(body=body, public_id=maybe_public_id(public_id)).first()


def seat_of(body: Body, public_id: str) -> Seat | None:
    return (
        Seat.objects.filter(college__body=body, public_id=maybe_public_id(public_id))
        .select_related("holder", "substitute", "college")
        .first()
    )


def sessions_of(body: Body) -> list[Meeting]:
    return list(Meeting.objects.filter(body=body).order_by("-starts_at")[:20])


def session_of(body: Body, public_id: str) -> Meeting | None:
    return Meeting.objects.filter(body=body, public_id=maybe_public_id(public_id)).first()


def motion_of(session: Meeting, public_id: str) -> Motion | None:
    return Motion.objects.filter(session=session, public_id=maybe_public_id(public_id)).first()


def attendance_of(session: Meeting) -> dict[int, Attendance]:
    return {a.seat_id: a for a in Attendance.objects.filter(session=session)}


def motions_of(session: Meeting) -> list[Motion]:
    return list(Motion.objects.filter(session=session).prefetch_related("votes__voter"))


def earlier_motions(body: Body, session: Meeting) -> list[Motion]:
    """What the body said before, with what became of it: told at this session."""
    return list(
        Motion.objects.filter(
            session__body=body, session__starts_at__lt=session.starts_at
        ).order_by("-created_at")[:20]
    )


def voted_motions(motions: list[Motion], seat_id: int) -> set[int]:
    return {m.pk for m in motions for v in m.votes.all() if v.seat_id == seat_id}


def dissents(motion: Motion) -> list[tuple[str, str]]:
    """Each disagreement as its author wrote it, with their name."""
    return [(v.dissent, v.voter.full_name) for v in motion.votes.all() if v.dissent]
