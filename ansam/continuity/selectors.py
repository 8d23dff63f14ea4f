"""The dashboards: the professional's day and the organisation manager's view. Each runs a
bounded number of queries whatever the size of the territory."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ansam.access import continuity as policy
from ansam.access import records
from ansam.continuity.models import Signal
from ansam.continuity.services import why
from ansam.organisations.models import Membership
from ansam.people.models import Person
from ansam.plans.models import Action
from ansam.referrals import selectors as referral_selectors
from ansam.referrals.models import PENDING
from ansam.sharing.models import CareTeamMember

DUE_SOON_DAYS = 14
LIMIT = 25


@dataclass
class SignalRow:
    signal: Signal
    person: Person | None
    why: str
    followed_by: list[str]


def _rows(actor, signals: list[Signal]) -> list[SignalRow]:
    """Each signal with the person's name only where the actor may see them, and who of the
    signal's organisation follows the person (so that a manager knows whom to ask)."""
    shown = policy.revealed(actor, {s.person_id for s in signals})
    followers: dict[tuple[int, int], list[str]] = {}
    for person_id, org_id, first, last in CareTeamMember.objects.filter(
        person_id__in={s.person_id for s in signals},
        organisation_id__in={s.organisation_id for s in signals},
        is_active=True,
    ).values_list(
        "person_id", "organisation_id", "professional__first_name", "professional__last_name"
    ):
        followers.setdefault((person_id, org_id), []).append(f"{first} {last}")
    return [
        SignalRow(
            s,
            s.person if s.person_id in shown else None,
            why(s, reveal=s.person_id in shown),
            followers.get((s.person_id, s.organisation_id), []),
        )
        for s in signals
    ]


def worker_day(actor) -> dict:
    today = timezone.localdate()
    people = records.persons_visible_to(actor)
    open_signals = (
        policy.signals_of_my_people(actor)
        .filter(person_id=OuterRef("pk"))
        .values("person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    caseload = list(
        people.annotate(signals=Coalesce(Subquery(open_signals[:1]), 0))
        .select_related("commune")
        .order_by("-signals", "birth_name", "pk")[:LIMIT]
    )
    signals = list(
        policy.signals_of_my_people(actor)
        .select_related("person", "organisation")
        .order_by("opened_at", "pk")[:LIMIT]
    )
    my_orgs = records.rules.active_organisation_ids(actor)
    actions = list(
        Action.objects.filter(
            Q(professional=actor)
            | Q(holder=Action.Holder.ORGANISATION, organisation_id__in=my_orgs)
            | Q(holder=Action.Holder.PERSON),
            plan__person__in=people,
            removed=False,
            goal__removed=False,
            status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
            due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("plan__person", "organisation")
        .order_by("due_on", "pk")[:LIMIT]
    )
    return {
        "caseload": caseload,
        "caseload_total": people.count(),
        "signals": _rows(actor, signals),
        "actions": actions,
        "today": today,
        "inbox_pending": referral_selectors.inbox(actor).filter(state__in=list(PENDING)).count(),
        "inbox_mine": referral_selectors.inbox(actor, mine_only=True).count(),
        "sent_pending": referral_selectors.sent(actor).filter(state__in=list(PENDING)).count(),
    }


def organisation_dashboard(actor, organisation, *, kind: str = "") -> dict:
    signals = policy.signals_of_organisation(actor, organisation)
    by_kind = dict(signals.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    listed = signals.filter(kind=kind) if kind in Signal.Kind.values else signals
    page = list(listed.select_related("person").order_by("opened_at", "pk")[:LIMIT])
    team = CareTeamMember.objects.filter(organisation=organisation, is_active=True)
    loads = {
        row["professional_id"]: row
        for row in team.values("professional_id").annotate(
            coordinated=Count("pk", filter=Q(role=CareTeamMember.Role.COORDINATOR)),
            total=Count("person_id", distinct=True),
        )
    }
    members = [
        {
            "membership": m,
            "coordinated": loads.get(m.user_id, {}).get("coordinated", 0),
            "total": loads.get(m.user_id, {}).get("total", 0),
        }
        for m in Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")[:200]
    ]
    return {
        "by_kind": [(k, Signal.Kind(k).label, by_kind.get(k, 0)) for k in Signal.Kind.values],
        "total": sum(by_kind.values()),
        "kind": kind,
        "signals": _rows(actor, page),
        "members": members,
        "without_coordinator": by_kind.get(Signal.Kind.NO_COORDINATOR, 0),
        "archived": list(policy.archived_visible_to(actor, organisation)[:LIMIT]),
    }


def person_signals(actor, person) -> list[SignalRow]:
    """The open signals about one person that the actor's day would show."""
    signals = list(
        policy.signals_of_my_people(actor)
        .filter(person=person)
        .select_related("person", "organisation")
        .order_by("opened_at", "pk")[:LIMIT]
    )
    return _rows(actor, signals)
