"""What makes a signal: each detector reads the whole territory in a few set-based queries (its
cost follows the number of rows it reads, never the number of people squared) and yields
(kind, subject, organisation id, person id, detail); a detail's "section" is the section of
what the signal is about (identity when it is about the accompaniment itself)."""

import time
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef

from ansam.continuity.models import Signal
from ansam.meetings.models import Meeting
from ansam.organisations.models import Membership, Organisation
from ansam.plans.models import Action, Plan
from ansam.referrals.models import PENDING, PersonFlag, Referral
from ansam.sharing.models import CareTeamMember, Entry

K = Signal.Kind
COORDINATOR = CareTeamMember.Role.COORDINATOR


def coordinating_organisations() -> dict[int, int]:
    """person id -> the organisation of their coordinator (one pass over coordinator rows)."""
    return dict(
        CareTeamMember.objects.filter(is_active=True, role=COORDINATOR).values_list(
            "person_id", "organisation_id"
        )
    )


def overdue_actions(today: date, coordinators: dict[int, int]):
    rows = Action.objects.filter(
        removed=False,
        goal__removed=False,
        due_on__lt=today,
        status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
        plan__person__archived_at=None,
    ).values_list("pk", "plan__person_id", "organisation_id", "due_on", "holder", "goal__section")
    for pk, person_id, holder_org, due_on, holder, section in rows.iterator(chunk_size=5000):
        org_id = holder_org or coordinators.get(person_id)
        if org_id and due_on is not None:
            yield (
                K.OVERDUE_ACTION,
                f"action:{pk}",
                org_id,
                person_id,
                {"due_on": due_on.isoformat(), "holder": holder, "section": section},
            )


def unanswered_referrals(today: date):
    rows = Referral.objects.filter(
        state__in=list(PENDING), answer_due_on__lt=today, person__archived_at=None
    ).values_list(
        "pk", "person_id", "sender_organisation_id", "answer_due_on", "service_name", "section"
    )
    for pk, person_id, org_id, due_on, service_name, section in rows.iterator(chunk_size=5000):
        yield (
            K.UNANSWERED_REFERRAL,
            f"referral:{pk}",
            org_id,
            person_id,
            {"due_on": due_on.isoformat(), "service": service_name, "section": section},
        )


def no_contact(now: datetime):
    """Per organisation of the care team: no entry written by it for its number of days (and
    nobody of it joined the team since)."""
    for days in set(Organisation.objects.values_list("no_contact_days", flat=True).distinct()):
        cut = now - timedelta(days=days)
        recent_entry = Entry.objects.filter(
            person_id=OuterRef("person_id"),
            author_organisation_id=OuterRef("organisation_id"),
            created_at__gte=cut,
        )
        recent_member = CareTeamMember.objects.filter(
            person_id=OuterRef("person_id"),
            organisation_id=OuterRef("organisation_id"),
            is_active=True,
            since__gte=cut,
        )
        rows = (
            CareTeamMember.objects.filter(
                is_active=True,
                organisation__no_contact_days=days,
                since__lt=cut,
                person__archived_at=None,
            )
            .exclude(Exists(recent_entry))
            .exclude(Exists(recent_member))
            .values_list("person_id", "organisation_id")
            .distinct()
        )
        for person_id, org_id in rows.iterator(chunk_size=5000):
            yield (K.NO_CONTACT, f"person:{person_id}", org_id, person_id, {"days": days})


def no_coordinator(coordinators: dict[int, int]):
    """A coordinator whose membership ended (their organisation's managers reassign), or a team
    left with no coordinator at all (each remaining organisation may take over)."""
    gone = (
        CareTeamMember.objects.filter(is_active=True, role=COORDINATOR, person__archived_at=None)
        .exclude(
            Exists(
                Membership.objects.filter(
                    user_id=OuterRef("professional_id"),
                    organisation_id=OuterRef("organisation_id"),
                    is_active=True,
                )
            )
        )
        .values_list(
            "person_id", "organisation_id", "professional__first_name", "professional__last_name"
        )
    )
    for person_id, org_id, first, last in gone.iterator(chunk_size=5000):
        yield (
            K.NO_COORDINATOR,
            f"person:{person_id}",
            org_id,
            person_id,
            {"former": f"{first} {last}".strip()},
        )
    orphans = (
        CareTeamMember.objects.filter(is_active=True, person__archived_at=None)
        .exclude(
            person_id__in=CareTeamMember.objects.filter(is_active=True, role=COORDINATOR).values(
                "person_id"
            )
        )
        .values_list("person_id", "organisation_id")
        .distinct()
    )
    for person_id, org_id in orphans.iterator(chunk_size=5000):
        yield (K.NO_COORDINATOR, f"person:{person_id}", org_id, person_id, {"former": ""})


def plan_reviews(today: date, coordinators: dict[int, int]):
    rows = Plan.objects.filter(review_on__lt=today, person__archived_at=None).values_list(
        "pk", "person_id", "review_on"
    )
    for pk, person_id, review_on in rows.iterator(chunk_size=5000):
        if person_id in coordinators:
            yield (
                K.PLAN_REVIEW,
                f"plan:{pk}",
                coordinators[person_id],
                person_id,
                {"review_on": review_on.isoformat() if review_on else ""},
            )


def ping_pong(coordinators: dict[int, int]):
    rows = PersonFlag.objects.filter(closed_at=None, person__archived_at=None).values_list(
        "pk", "person_id", "kind", "thematique", "section"
    )
    for pk, person_id, kind, thematique, section in rows.iterator(chunk_size=5000):
        if person_id in coordinators:
            yield (
                K.PING_PONG,
                f"flag:{pk}",
                coordinators[person_id],
                person_id,
                {"flag": kind, "thematique": thematique, "section": section},
            )


MINUTES_DAYS = 7


def meetings_without_minutes(now: datetime):
    """A meeting about a person held a week ago or more, neither cancelled nor with final
    minutes: for the organiser's organisation."""
    rows = Meeting.objects.filter(
        person__isnull=False,
        person__archived_at=None,
        cancelled_at=None,
        minutes_closed_at=None,
        starts_at__lte=now - timedelta(days=MINUTES_DAYS),
    ).values_list("pk", "person_id", "organisation_id", "starts_at")
    for pk, person_id, org_id, starts_at in rows.iterator(chunk_size=5000):
        yield (
            K.NO_MINUTES,
            f"meeting:{pk}",
            org_id,
            person_id,
            {"held_on": starts_at.date().isoformat(), "days": MINUTES_DAYS},
        )


def detect_all(now: datetime, today: date, timings: dict | None = None):
    """Every detector in turn; `timings` receives each one's seconds (for the task's log)."""
    timings = timings if timings is not None else {}
    start = time.perf_counter()
    coordinators = coordinating_organisations()
    timings["coordinators"] = time.perf_counter() - start
    detectors = [
        (K.OVERDUE_ACTION, lambda: overdue_actions(today, coordinators)),
        (K.UNANSWERED_REFERRAL, lambda: unanswered_referrals(today)),
        (K.NO_CONTACT, lambda: no_contact(now)),
        (K.NO_COORDINATOR, lambda: no_coordinator(coordinators)),
        (K.PLAN_REVIEW, lambda: plan_reviews(today, coordinators)),
        (K.PING_PONG, lambda: ping_pong(coordinators)),
        (K.NO_MINUTES, lambda: meetings_without_minutes(now)),
    ]
    for kind, detector in detectors:
        start = time.perf_counter()
        yield from detector()
        timings[str(kind)] = time.perf_counter() - start
