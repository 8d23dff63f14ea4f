"""Reading a person's record: every read goes through the access policy and is audited."""

from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery

from ansam.access import records
from ansam.access.audit import Action
from ansam.access.audit import record as audit
from ansam.core.errors import NotFound
from ansam.core.ids import parse_public_id
from ansam.people.models import Person
from ansam.sharing.models import CareTeamMember, EmergencyAccess, Entry, SharingBasis


def access_person_by_id(actor, public_id) -> tuple[Person, records.RecordAccess]:
    """Fetch and check in one call; forbidden looks like absent."""
    person = records.persons_visible_to(actor).filter(public_id=parse_public_id(public_id)).first()
    if person is None:
        raise NotFound()
    access = records.record_access(actor, person)
    if not access.visible:
        raise NotFound()
    return person, access


@dataclass
class PersonPage:
    person: Person
    access: records.RecordAccess
    entries: list[Entry]
    team: list[CareTeamMember]
    bases: list[SharingBasis]
    emergencies_to_inform: list[EmergencyAccess]


def person_page(actor, public_id, *, section: str = "", limit: int = 50) -> PersonPage:
    person, access = access_person_by_id(actor, public_id)
    entries = records.entries_visible_to(actor, access)
    if section:
        if not access.can_read(section):
            raise NotFound()
        entries = entries.filter(section=section)
    team = list(
        CareTeamMember.objects.filter(person=person, is_active=True)
        .select_related("organisation", "professional")
        .order_by("role", "since")
    )
    bases = list(
        SharingBasis.objects.filter(person=person)
        .select_related("organisation", "recorded_by")
        .order_by("-created_at")[:20]
    )
    to_inform = list(
        EmergencyAccess.objects.filter(person=person, person_informed_at=None)
        .select_related("professional", "organisation")
    ) if access.is_coordinator else []  # fmt: skip
    audit(actor=actor, action=Action.VIEW_RECORD, person=person, organisation=access.organisation,
          section=section, basis=access.basis_for(section) if section else "",
          detail={"sections": sorted(access.sections)})  # fmt: skip
    return PersonPage(person, access, list(entries[:limit]), team, bases, to_inform)


def entry_for(actor, public_id) -> tuple[Entry, records.RecordAccess]:
    entry = (
        Entry.objects.select_related("person").filter(public_id=parse_public_id(public_id)).first()
    )
    if entry is None:
        raise NotFound()
    access = records.record_access(actor, entry.person)
    visible = records.entries_visible_to(actor, access).filter(pk=entry.pk).exists()
    if not visible:
        raise NotFound()
    return entry, access


def entry_read(actor, public_id, *, download: bool = False) -> tuple[Entry, records.RecordAccess]:
    entry, access = entry_for(actor, public_id)
    audit(actor=actor, action=Action.DOWNLOAD if download else Action.VIEW_ENTRY,
          person=entry.person, organisation=access.organisation, section=entry.section,
          basis=access.basis_for(entry.section),
          detail={"entry": str(entry.public_id)})  # fmt: skip
    return entry, access


def caseload(actor) -> QuerySet[Person]:
    """People whose care team the actor is in, most recently active first."""
    latest = Entry.objects.filter(person=OuterRef("pk")).order_by("-created_at")
    return (
        records.persons_visible_to(actor)
        .annotate(last_activity=Subquery(latest.values("created_at")[:1]))
        .select_related("commune")
        .order_by(F("last_activity").desc(nulls_last=True), "-created_at", "-id")
    )


def access_log(actor, public_id):
    from ansam.access.models import AuditEvent

    person, access = access_person_by_id(actor, public_id)
    if not records.can_view_access_log(access):
        raise NotFound()
    audit(actor=actor, action=Action.VIEW_LOG, person=person, organisation=access.organisation)
    return person, AuditEvent.objects.filter(person_id=person.pk).order_by("-seq")


def team_members(person: Person) -> list[CareTeamMember]:
    """The active care team; callers have checked that the actor may see the person."""
    return list(
        CareTeamMember.objects.filter(person=person, is_active=True)
        .select_related("organisation", "professional")
        .order_by("role", "since")
    )


def team_member(person: Person, public_id) -> CareTeamMember:
    member = CareTeamMember.objects.filter(
        public_id=parse_public_id(public_id), person=person
    ).first()
    if member is None:
        raise NotFound()
    return member


def coordinating_organisations(persons) -> dict[int, str]:
    """Names of the organisations coordinating these records: all that a duplicate hint may say
    about a record the worker may not see."""
    return {
        m.person_id: m.organisation.name
        for m in CareTeamMember.objects.filter(
            person__in=persons, is_active=True, role=CareTeamMember.Role.COORDINATOR
        ).select_related("organisation")
    }


def person_for_outside_request(actor, public_id) -> Person:
    """A record the actor may not see, for the two acts that need no access: asking its
    coordinator to join the team, and opening an emergency access. Returns no data to show."""
    if not records.can_open_emergency_access(actor):
        raise NotFound()
    person = Person.objects.filter(
        public_id=parse_public_id(public_id), merged_into=None, archived_at=None
    ).first()
    if person is None:
        raise NotFound()
    return person


def emergency_for(actor, public_id) -> EmergencyAccess:
    emergency = (
        EmergencyAccess.objects.select_related("person")
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    if emergency is None:
        raise NotFound()
    return emergency


def relations_of(person: Person):
    from ansam.people.models import Relation

    return list(Relation.objects.filter(person=person).select_related("relative"))


def visible_duplicates(actor, person: Person) -> list[Person]:
    """Other records the actor sees that may be the same person (for merging)."""
    from ansam.people.duplicates import find_candidates

    candidates = find_candidates(
        birth_name=person.birth_name,
        used_name=person.used_name,
        given_names=person.given_names,
        birth_date=person.birth_date,
    )
    visible = set(records.persons_visible_to(actor).values_list("pk", flat=True)
                  .filter(pk__in=[c.person.pk for c in candidates]))  # fmt: skip
    return [c.person for c in candidates if c.person.pk in visible and c.person.pk != person.pk]
