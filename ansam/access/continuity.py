"""THE access policy for continuity signals and dashboards.

A professional's day shows the open signals of the people in their own caseload, through the
organisations where they are members. An organisation's managers see every open signal of the
organisation, but a person's name and the reason only for people they may see themselves;
others appear as "a person accompanied by the organisation"."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from ansam.access import records, rules
from ansam.accounts.models import User
from ansam.continuity.models import Signal
from ansam.organisations.models import Organisation
from ansam.people.models import Person
from ansam.sharing.models import CareTeamMember

# The organisation's own acts: the holder of an overdue action, the sender of an unanswered
# referral. Its members in the team see these whatever the section; any other signal is read
# only by those who read its section.
OWN_ACT_KINDS = (Signal.Kind.OVERDUE_ACTION, Signal.Kind.UNANSWERED_REFERRAL)


def _readable(signal: Signal, sections: set[str], orgs: set[int]) -> bool:
    if signal.kind in OWN_ACT_KINDS and signal.organisation_id in orgs:
        return True
    return signal.section in sections


def my_people_ids(actor: User) -> set[int]:
    return set(records.persons_visible_to(actor).values_list("pk", flat=True))


@dataclass(frozen=True)
class MySignal:
    """One open signal of my day, as read for counting and ordering (the rows are read once;
    only the page shown is then fetched whole)."""

    pk: int
    person_id: int
    opened_at: Any


def signals_of_my_people(actor: User) -> QuerySet[Signal]:
    """The signals of my organisations about the people I accompany, and every signal about
    the people I coordinate (the coordinator sees the whole accompaniment)."""
    return Signal.objects.filter(pk__in=[row.pk for row in my_signal_rows(actor)])


def my_signal_rows(actor: User, team: list[tuple[Any, ...]] | None = None) -> list[MySignal]:
    """signals_of_my_people as plain rows, oldest first: a day counts them and shows a page of
    them without sending their ids back to the database twice. `team`: records.my_team_rows,
    when the caller read them already."""
    orgs = rules.active_organisation_ids(actor)
    if not orgs:
        return []
    # The caseload's ids first (an OR of two IN subqueries made PostgreSQL scan every signal).
    rows = records.my_team_rows(actor) if team is None else team
    people, coordinated = set(), set()
    for role, person_id, *_rest in rows:
        people.add(person_id)
        if role == CareTeamMember.Role.COORDINATOR:
            coordinated.add(person_id)
    # An archived record has no active care team: it is not among these people.
    candidates = list(
        Signal.objects.filter(
            Q(organisation_id__in=orgs) | Q(person_id__in=coordinated),
            person_id__in=people,
            closed_at=None,
        ).values_list("pk", "person_id", "section", "kind", "organisation_id", "opened_at")
    )
    # Then each signal under its section (the organisation's own acts need no check), the
    # sections read once for the people concerned only: one plain IN list, which PostgreSQL
    # plans well, instead of an OR of a condition per group of people.
    to_check = {
        person_id
        for _pk, person_id, _section, kind, org_id, _at in candidates
        if not (kind in OWN_ACT_KINDS and org_id in orgs)
    }
    readable = records.readable_sections(actor, to_check, [row[1:] for row in rows])
    mine = [
        MySignal(pk, person_id, at)
        for pk, person_id, section, kind, org_id, at in candidates
        if (kind in OWN_ACT_KINDS and org_id in orgs) or section in readable.get(person_id, ())
    ]
    mine.sort(key=lambda row: (row.opened_at, row.pk))
    return mine


def signals_about(actor: User, access: records.RecordAccess) -> QuerySet[Signal]:
    """On a person's record: what "my day" would show about this person."""
    if not access.team:
        return Signal.objects.none()
    orgs = rules.active_organisation_ids(actor)
    rows = Signal.objects.filter(person=access.person, closed_at=None).filter(
        Q(organisation_id__in=orgs, kind__in=OWN_ACT_KINDS) | Q(section__in=list(access.sections))
    )
    if access.is_coordinator:
        return rows
    return rows.filter(organisation_id__in=orgs)


@dataclass
class SignalAccess:
    """What one actor may see and do with one signal."""

    record: records.RecordAccess
    reveal: bool  # the person's name, the reason, the acts on the record
    member: bool  # of the signal's organisation: its own acts (a contact, closing)
    manager: bool  # of the signal's organisation: naming a colleague as coordinator

    @property
    def visible(self) -> bool:
        return self.reveal or self.manager


def signal_access(actor: User, signal: Signal) -> SignalAccess:
    """The organisation's members in the person's team, and the person's coordinator whatever
    the organisation (their day lists every signal of the people they coordinate), see it all;
    the organisation's managers see that it exists; nobody else sees it."""
    access = records.record_access(actor, signal.person)
    member = rules.is_member(actor, signal.organisation)
    in_team = bool(access.team) and signal.person.archived_at is None
    readable = _readable(signal, set(access.sections), rules.active_organisation_ids(actor))
    return SignalAccess(
        record=access,
        reveal=in_team and (member or access.is_coordinator) and readable,
        member=member,
        manager=rules.can_manage_organisation(actor, signal.organisation),
    )


def signals_of_organisation(actor: User, organisation: Organisation) -> QuerySet[Signal]:
    if not rules.can_manage_organisation(actor, organisation):
        return Signal.objects.none()
    return Signal.objects.filter(closed_at=None, organisation=organisation)


def revealed(actor: User, person_ids: Iterable[int]) -> set[int]:
    """Of these people, those the actor may see by name."""
    return set(
        records.persons_visible_to(actor)
        .filter(pk__in=list(person_ids))
        .values_list("pk", flat=True)
    )


def revealed_signals(actor: User, signals: Iterable[Signal]) -> set[int]:
    """Of these signals, those whose person and reason the actor may read: a person they see,
    and the signal's section (or their organisation's own act)."""
    people = revealed(actor, {s.person_id for s in signals})
    sections = records.readable_sections(actor, people)
    orgs = rules.active_organisation_ids(actor)
    return {
        s.pk
        for s in signals
        if s.person_id in people and _readable(s, sections.get(s.person_id, set()), orgs)
    }


def can_view_dashboard(actor: User, organisation: Organisation) -> bool:
    return rules.can_manage_organisation(actor, organisation)


def archived_visible_to(actor: User, organisation: Organisation) -> QuerySet[Person]:
    """Archived records are reachable only by the managers of an organisation that accompanied
    the person (to reopen them when the person comes back)."""

    if not rules.can_manage_organisation(actor, organisation):
        return Person.objects.none()
    accompanied = CareTeamMember.objects.filter(organisation=organisation).values("person_id")
    return Person.objects.filter(
        archived_at__isnull=False, anonymised_at=None, pk__in=accompanied
    ).order_by("birth_name", "pk")
