"""The observatory's tables, counted from the domain's tables for a period. Each table is a
grid of cells with, for each cell, the people it rests on (for the threshold) and, for cells
about organisations, each organisation's share; additive tables also give their totals, which
become the constraints of secondary suppression (suppression.py)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Min, Q
from django.utils import timezone

from ansam.continuity.models import Signal
from ansam.core.periods import start_of
from ansam.geo.models import Commune
from ansam.observatory.models import UnansweredSearch
from ansam.observatory.suppression import Constraint
from ansam.organisations.taxonomies import categorie_of
from ansam.people.models import Relation
from ansam.plans.models import Action, Need
from ansam.referrals.models import TAKEN_ON, DeclineReason, Referral, State
from ansam.sharing.models import CareTeamMember

UNKNOWN = "?"
AGE_BANDS = (("0-17", 0, 17), ("18-25", 18, 25), ("26-59", 26, 59), ("60+", 60, 200))
HOUSEHOLDS = ("alone", "with_children", "other")
OUTCOMES = ("accepted", "no_capacity", "outside_area", "declined_other", "expired", "open")
ANSWERED = (State.ACCEPTED, State.DECLINED, State.REDIRECTED)


@dataclass
class Table:
    name: str
    additive: bool  # rows and columns sum to the published totals
    about_organisations: bool = False
    about_people: bool = True  # False: counts of searches, not of people (no threshold)
    values: dict[tuple[str, str], float] = field(default_factory=dict)
    people: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    shares: dict[tuple[str, str], dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    def add(self, row: str, column: str, person: int, organisation: int | None = None) -> None:
        self.values[(row, column)] = self.values.get((row, column), 0) + 1
        self.people[(row, column)].add(person)
        if organisation is not None:
            self.shares[(row, column)][organisation] += 1

    def with_totals(self) -> list[Constraint]:
        """Adds the row, column and grand totals (as cells "" of this table) and returns the
        constraints tying them to their parts."""
        if not self.additive:
            return []
        rows = sorted({r for r, _c in self.values})
        cols = sorted({c for _r, c in self.values})
        constraints = []
        for r in rows:
            parts = [(r, c) for c in cols if (r, c) in self.values]
            self._total((r, ""), parts)
            constraints.append(
                Constraint((self.name, r, ""), tuple((self.name, *p) for p in parts))
            )
        for c in cols:
            parts = [(r, c) for r in rows if (r, c) in self.values]
            self._total(("", c), parts)
            constraints.append(
                Constraint((self.name, "", c), tuple((self.name, *p) for p in parts))
            )
        self._total(("", ""), [(r, "") for r in rows])
        constraints.append(Constraint((self.name, "", ""), tuple((self.name, r, "") for r in rows)))
        return constraints

    def _total(self, key: tuple[str, str], parts: list[tuple[str, str]]) -> None:
        self.values[key] = sum(self.values[p] for p in parts)
        self.people[key] = set().union(*(self.people[p] for p in parts)) if parts else set()
        if self.about_organisations:
            merged: dict[int, int] = defaultdict(int)
            for p in parts:
                for org, n in self.shares[p].items():
                    merged[org] += n
            self.shares[key] = merged


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _band(age: int) -> str:
    return next(name for name, lo, hi in AGE_BANDS if lo <= age <= hi)


def compute(start: date, end: date) -> tuple[list[Table], list[Constraint]]:
    """Every table of a release, and every constraint between their cells."""
    begin, finish = start_of(start), start_of(end)
    during = Q(since__lt=finish) & (Q(until__isnull=True) | Q(until__gte=begin))
    people: dict[int, tuple[date, str | None]] = {}
    for pk, birth, commune in (
        CareTeamMember.objects.filter(during, person__anonymised_at__isnull=True)
        .values_list("person_id", "person__birth_date", "person__commune_id")
        .distinct()
    ):
        people[pk] = (birth, commune)
    communes = dict(
        Commune.objects.filter(code__in={c for _b, c in people.values() if c}).values_list(
            "code", "epci_id"
        )
    )
    households = _households(set(people))

    by_age = Table("people_by_age", additive=True)
    # By commune, the people only: an age breakdown there too would be tied to the EPCI's by
    # the sums, and in a territory of few EPCIs most of both would go secret together.
    by_commune = Table("people_by_commune", additive=True)
    by_household = Table("people_by_household", additive=True)
    for pk, (birth, home) in people.items():
        commune = home or UNKNOWN
        band = _band(_age(birth, end))
        epci = communes.get(commune) or UNKNOWN
        by_age.add(epci, band, pk)
        by_commune.add(commune, "people", pk)
        by_household.add(epci, households.get(pk, "alone"), pk)

    tables = [
        by_age,
        by_commune,
        by_household,
        _needs(set(people)),
        _referrals(begin, finish),
        _delays(begin, finish),
        _ruptures(begin, finish),
        _accompaniments(begin, finish),
        _searches(begin, finish),
    ]
    constraints: list[Constraint] = []
    for table in tables:
        constraints += table.with_totals()
    # The same figures in several tables: people per EPCI (by age, by household) and the
    # communes that make up each EPCI.
    for row, col in list(by_age.values):
        if col == "" and row != "" and (row, "") in by_household.values:
            constraints.append(
                Constraint(("people_by_age", row, ""), (("people_by_household", row, ""),))
            )
    groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for commune, col in by_commune.values:
        if col == "people" and commune != "":
            groups[communes.get(commune) or UNKNOWN].append(("people_by_commune", commune, col))
    for epci, parts in groups.items():
        constraints.append(Constraint(("people_by_age", epci, ""), tuple(parts)))
    return tables, constraints


def _households(ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for person, kind in Relation.objects.filter(person_id__in=ids, same_household=True).values_list(
        "person_id", "kind"
    ):
        if kind == Relation.Kind.CHILD:
            found[person] = "with_children"
        else:
            found.setdefault(person, "other")
    return found


def _needs(ids: set[int]) -> Table:
    """People with a need in each section, and of them those for whom no action is planned.
    A person may have needs in several sections: no totals (not additive)."""
    table = Table("needs", additive=False)
    acted = set(
        Action.objects.filter(goal__need__isnull=False).values_list("goal__need_id", flat=True)
    )
    for need_id, person, section in Need.objects.filter(plan__person_id__in=ids).values_list(
        "pk", "plan__person_id", "section"
    ):
        if person not in table.people[(section, "people")]:
            table.add(section, "people", person)
        if need_id not in acted and person not in table.people[(section, "no_action")]:
            table.add(section, "no_action", person)
    return table


def _referral_rows(begin: datetime, finish: datetime):
    return Referral.objects.filter(
        created_at__gte=begin, created_at__lt=finish, outside_ansam=False
    )


def _referrals(begin: datetime, finish: datetime) -> Table:
    table = Table("referrals", additive=True, about_organisations=True)
    for person, org, thematique, state, reason in _referral_rows(begin, finish).values_list(
        "person_id", "receiver_organisation_id", "thematique", "state", "decline_reason"
    ):
        if state in TAKEN_ON:
            outcome = "accepted"
        elif state == State.DECLINED and reason == DeclineReason.NO_CAPACITY:
            outcome = "no_capacity"
        elif state == State.DECLINED and reason == DeclineReason.OUTSIDE_AREA:
            outcome = "outside_area"
        elif state in (State.DECLINED, State.REDIRECTED, State.CANCELLED):
            outcome = "declined_other"
        elif state == State.EXPIRED:
            outcome = "expired"
        else:
            outcome = "open"
        table.add(categorie_of(thematique) if thematique else UNKNOWN, outcome, person, org)
    return table


def _delays(begin: datetime, finish: datetime) -> Table:
    """Median days to the answer and to the first appointment, per need: published only where
    they rest on enough people and organisations (no totals: medians do not add up)."""
    table = Table("delays", additive=False, about_organisations=True)
    referrals = _referral_rows(begin, finish).annotate(
        answered=Min("events__at", filter=Q(events__to_state__in=ANSWERED))
    )
    days: dict[tuple[str, str], list[float]] = defaultdict(list)
    for person, org, thematique, created, answered, appointment in referrals.values_list(
        "person_id", "receiver_organisation_id", "thematique", "created_at", "answered",
        "appointment_at",
    ):  # fmt: skip
        row = categorie_of(thematique) if thematique else UNKNOWN
        for column, moment in (("answer_days", answered), ("appointment_days", appointment)):
            if moment is not None and moment >= created:
                days[(row, column)].append((moment - created).total_seconds() / 86400)
                table.people[(row, column)].add(person)
                table.shares[(row, column)][org] += 1
    for key, found in days.items():
        table.values[key] = round(statistics.median(found), 1)
    return table


def _ruptures(begin: datetime, finish: datetime) -> Table:
    table = Table("ruptures", additive=True)
    for person, kind in Signal.objects.filter(
        created_at__gte=begin, created_at__lt=finish
    ).values_list("person_id", "kind"):
        table.add(kind, "signals", person)
    return table


def _accompaniments(begin: datetime, finish: datetime) -> Table:
    """Accompaniments opened (a person's first coordinator) and closed, month by month."""
    table = Table("accompaniments", additive=True)
    coordinators = CareTeamMember.objects.filter(role=CareTeamMember.Role.COORDINATOR)
    for person, since in (
        coordinators.values("person_id")
        .annotate(first=Min("since"))
        .values_list("person_id", "first")
    ):
        if begin <= since < finish:
            table.add("opened", f"{timezone.localtime(since):%Y-%m}", person)
    for person, until in coordinators.filter(
        until__gte=begin, until__lt=finish, is_active=False
    ).values_list("person_id", "until"):
        table.add("closed", f"{timezone.localtime(until):%Y-%m}", person)
    return table


def _searches(begin: datetime, finish: datetime) -> Table:
    """Directory searches that found no service, by need: counts of searches, not of people."""
    table = Table("unanswered_searches", additive=False, about_people=False)
    for i, thematique in enumerate(
        UnansweredSearch.objects.filter(at__gte=begin, at__lt=finish).values_list(
            "thematique", flat=True
        )
    ):
        table.add(categorie_of(thematique) if thematique else UNKNOWN, "searches", i)
    return table
