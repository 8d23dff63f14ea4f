"""THE access policy for continuity signals and dashboards.

A professional's day shows the open signals of the people in their own caseload, through the
organisations where they are members. An organisation's managers see every open signal of the
organisation, but a person's name and the reason only for people they may see themselves;
others appear as "a person accompanied by the organisation"."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ansam.access import records, rules
from ansam.continuity.models import Signal
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


def _section_filter(actor, people: set[int]) -> Q:
    """Signals whose section the actor reads on each person's record, in one condition (people
    who read the same sections are grouped: usually a handful of groups)."""
    groups: dict[frozenset[str], list[int]] = {}
    for person_id, readable in records.readable_sections(actor, people).items():
        groups.setdefault(frozenset(readable), []).append(person_id)
    condition = Q(pk__in=[])
    for group, ids in groups.items():
        condition |= Q(person_id__in=ids, section__in=sorted(group))
    return condition


def my_people_ids(actor) -> set[int]:
    return set(records.persons_visible_to(actor).values_list("pk", flat=True))


def signals_of_my_people(actor) -> QuerySet[Signal]:
    """The signals of my organisations about the people I accompany, and every signal about
    the people I coordinate (the coordinator sees the whole accompaniment)."""
    orgs = rules.active_organisation_ids(actor)
    if not orgs:
        return Signal.objects.none()
    # The caseload's ids first (an OR of two IN subqueries made PostgreSQL scan every signal).
    rows = CareTeamMember.objects.filter(
        professional=actor, is_active=True, organisation_id__in=orgs
    ).values_list("person_id", "role")
    people, coordinated = set(), set()
    for person_id, role in rows:
        people.add(person_id)
        if role == CareTeamMember.Role.COORDINATOR:
            coordinated.add(person_id)
    # An archived record has no active care team: it is not among these people.
    own_acts = Q(organisation_id__in=orgs, kind__in=OWN_ACT_KINDS)
    return Signal.objects.filter(
        Q(organisation_id__in=orgs) | Q(person_id__in=coordinated),
        own_acts | _section_filter(actor, people),
        person_id__in=people,
        closed_at=None,
    )


def signals_about(actor, access: records.RecordAccess) -> QuerySet[Signal]:
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


def signal_access(actor, signal: Signal) -> SignalAccess:
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


def signals_of_organisation(actor, organisation) -> QuerySet[Signal]:
    if not rules.can_manage_organisation(actor, organisation):
        return Signal.objects.none()
    return Signal.objects.filter(closed_at=None, organisation=organisation)


def revealed(actor, person_ids) -> set[int]:
    """Of these people, those the actor may see by name."""
    return set(
        records.persons_visible_to(actor)
        .filter(pk__in=list(person_ids))
        .values_list("pk", flat=True)
    )


def revealed_signals(actor, signals) -> set[int]:
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


def can_view_dashboard(actor, organisation) -> bool:
    return rules.can_manage_organisation(actor, organisation)


def archived_visible_to(actor, organisation) -> QuerySet:
    """Archived records are reachable only by the managers of an organisation that accompanied
    the person (to reopen them when the person comes back)."""

    if not rules.can_manage_organisation(actor, organisation):
        return Person.objects.none()
    accompanied = CareTeamMember.objects.filter(organisation=organisation).values("person_id")
    return Person.objects.filter(
        archived_at__isnull=False, anonymised_at=None, pk__in=accompanied
    ).order_by("birth_name", "pk")
