"""The dashboards: the professional's day and the organisation manager's view. Each runs a
bounded number of queries whatever the size of the territory."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from ansam.access import continuity as policy
from ansam.access import records
from ansam.accounts.models import User
from ansam.continuity.models import Signal
from ansam.continuity.services import why
from ansam.organisations.models import Membership, Organisation
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


def _rows(actor: User, signals: list[Signal], shown: set[int] | None = None) -> list[SignalRow]:
    """Each signal with the person's name and the reason only where the actor may read them,
    and who of the signal's organisation follows the person (so that a manager knows whom to
    ask). `shown`: the signals already known to be readable."""
    if shown is None:
        shown = policy.revealed_signals(actor, signals)
    followers: dict[tuple[int, int], list[str]] = {}
    still_member = Membership.objects.filter(
        user_id=OuterRef("professional_id"),
        organisation_id=OuterRef("organisation_id"),
        is_active=True,
    )
    for person_id, org_id, first, last in CareTeamMember.objects.filter(
        Exists(still_member),
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
            s.person if s.pk in shown else None,
            why(s, reveal=s.pk in shown),
            followers.get((s.person_id, s.organisation_id), []),
        )
        for s in signals
    ]


def worker_day(actor: User) -> dict:
    today = timezone.localdate()
    team = records.my_team_rows(actor)  # read once for the caseload and the warnings
    visible = records.person_ids_visible_to(actor, team)
    my_signals = policy.my_signal_rows(actor, team)
    counts = dict(Counter(row.person_id for row in my_signals if row.person_id in visible))
    # The people with warnings, most warned first; the whole caseload has its own page.
    top = sorted(counts, key=lambda pk: (-counts[pk], pk))[:LIMIT]
    caseload = list(Person.objects.filter(pk__in=top).select_related("commune"))
    caseload.sort(key=lambda p: (-counts[p.pk], p.birth_name, p.pk))
    for person in caseload:
        person.signals = counts[person.pk]  # type: ignore[attr-defined]
    signals = list(
        # prefetch, not a join: PostgreSQL misjudges the IN lists and loops over every
        # organisation for each signal when they are joined.
        Signal.objects.filter(pk__in=[row.pk for row in my_signals[:LIMIT]])
        .prefetch_related("person", "organisation")
        .order_by("opened_at", "pk")
    )
    my_orgs = records.rules.active_organisation_ids(actor)
    actions = list(
        Action.objects.filter(
            Q(professional=actor)
            | Q(holder=Action.Holder.ORGANISATION, organisation_id__in=my_orgs)
            | Q(holder=Action.Holder.PERSON),
            plan__person_id__in=visible,
            removed=False,
            goal__removed=False,
            status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
            due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .prefetch_related("plan__person", "organisation", "professional")
        .order_by("due_on", "pk")[:LIMIT]
    )
    return {
        "caseload": caseload,
        "caseload_total": len(visible),
        "flagged_total": len(counts),
        "signals": _rows(actor, signals, shown={s.pk for s in signals}),
        "actions": actions,
        "today": today,
        "inbox_pending": referral_selectors.inbox(actor).filter(state__in=list(PENDING)).count(),
        "inbox_mine": referral_selectors.inbox(actor, mine_only=True).count(),
        "sent_pending": referral_selectors.sent(actor).filter(state__in=list(PENDING)).count(),
    }


def organisation_dashboard(
    actor: User,
    organisation: Organisation,
    *,
    kind: str = "",
    page: str | None = None,
    members_page: str | None = None,
) -> dict:
    signals = policy.signals_of_organisation(actor, organisation)
    by_kind = dict(signals.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    listed = signals.filter(kind=kind) if kind in Signal.Kind.values else signals
    signals_page = Paginator(
        listed.prefetch_related("person").order_by("opened_at", "pk"), LIMIT
    ).get_page(page)
    members_shown = Paginator(
        Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk"),
        50,
    ).get_page(members_page)
    # The caseload of the page's professionals only.
    team = CareTeamMember.objects.filter(
        organisation=organisation,
        is_active=True,
        professional_id__in=[m.user_id for m in members_shown],
    )
    loads: dict = {
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
        for m in members_shown
    ]
    return {
        "by_kind": [(k, Signal.Kind(k).label, by_kind.get(k, 0)) for k in Signal.Kind.values],
        "total": sum(by_kind.values()),
        "kind": kind,
        "signals": _rows(actor, list(signals_page)),
        "signals_page": signals_page,
        "members": members,
        "members_page": members_shown,
        "without_coordinator": by_kind.get(Signal.Kind.NO_COORDINATOR, 0),
        "archived": list(policy.archived_visible_to(actor, organisation)[:LIMIT]),
    }


def person_signals(actor: User, access) -> list[SignalRow]:
    """The open signals about the person of this record access (one query)."""
    signals = (
        policy.signals_about(actor, access).select_related("organisation").order_by("opened_at")
    )[:LIMIT]
    return [SignalRow(s, access.person, why(s, reveal=True), []) for s in signals]
