"""Reading a person's record: every read goes through the access policy and is audited."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery

from ansam.access import records, rules, sharing_table
from ansam.access.audit import Action
from ansam.access.audit import record as audit
from ansam.access.fetch import access_person_by_id
from ansam.access.models import AuditEvent
from ansam.accounts.models import User
from ansam.core.errors import NotFound
from ansam.core.ids import parse_public_id
from ansam.organisations.models import Membership, Organisation
from ansam.people.duplicates import find_candidates, name_key
from ansam.people.models import Person, Relation
from ansam.sharing.models import CareTeamMember, EmergencyAccess, Entry, SharingBasis


@dataclass
class PersonPage:
    person: Person
    access: records.RecordAccess
    entries: list[Entry]
    team: list[CareTeamMember]
    bases: list[SharingBasis]
    emergencies_to_inform: list[EmergencyAccess]
    sharing: sharing_table.SharingTable

    @property
    def has_coordinator(self) -> bool:
        return any(m.role == CareTeamMember.Role.COORDINATOR for m in self.team)


def person_page(actor: User, public_id, *, section: str = "", limit: int = 50) -> PersonPage:
    person, access = access_person_by_id(actor, public_id)
    entries = records.entries_visible_to(actor, access)
    if section:
        if not access.can_read(section):
            raise NotFound()
        entries = entries.filter(section=section)
    team = team_members(person)
    bases = list(
        SharingBasis.objects.filter(person=person).select_related("organisation", "recorded_by")
    )
    to_inform = (
        list(
            EmergencyAccess.objects.filter(person=person, person_informed_at=None)
            .exclude(professional=actor)
            .select_related("professional", "organisation")
        )
        if access.is_coordinator
        else []
    )
    audit(
        actor=actor,
        action=Action.VIEW_RECORD,
        person=person,
        organisation=access.organisation,
        section=section,
        basis=access.basis_for(section) if section else "",
        detail={"sections": sorted(access.sections)},
    )
    return PersonPage(
        person,
        access,
        list(entries[:limit]),
        team,
        bases,
        to_inform,
        sharing_table.sharing_table(access, team, bases),
    )


def entry_for(actor: User, public_id) -> tuple[Entry, records.RecordAccess]:
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


def entry_read(
    actor: User, public_id, *, download: bool = False
) -> tuple[Entry, records.RecordAccess]:
    entry, access = entry_for(actor, public_id)
    audit(
        actor=actor,
        action=Action.DOWNLOAD if download else Action.VIEW_ENTRY,
        person=entry.person,
        organisation=access.organisation,
        section=entry.section,
        basis=access.basis_for(entry.section),
        detail={"entry": str(entry.public_id)},
    )
    return entry, access


def entry_versions(entry: Entry):
    """The earlier states of an entry read with entry_read (which checked and audited)."""
    return entry.versions.order_by("-version").select_related("edited_by")


def caseload(actor: User) -> QuerySet[Person]:
    """People whose care team the actor is in, most recently active first."""
    latest = Entry.objects.filter(person=OuterRef("pk")).order_by("-created_at")
    return (
        records.persons_visible_to(actor)
        .annotate(last_activity=Subquery(latest.values("created_at")[:1]))
        .select_related("commune")
        .order_by(F("last_activity").desc(nulls_last=True), "-created_at", "-id")
    )


def access_log(actor: User, public_id):

    person, access = access_person_by_id(actor, public_id)
    if not records.can_view_access_log(access):
        raise NotFound()
    audit(actor=actor, action=Action.VIEW_LOG, person=person, organisation=access.organisation)
    return person, AuditEvent.objects.filter(person_id=person.pk).order_by("-seq")


def team_members(person: Person) -> list[CareTeamMember]:
    """The active care team, through organisations where each professional still works (a
    departed coordinator is no longer shown as coordinating); callers have checked that the
    actor may see the person."""
    still_member = Membership.objects.filter(
        user_id=OuterRef("professional_id"),
        organisation_id=OuterRef("organisation_id"),
        is_active=True,
    )
    return list(
        CareTeamMember.objects.filter(Exists(still_member), person=person, is_active=True)
        .select_related("organisation", "professional")
        .order_by("role", "since")
    )


def sharing_history(person: Person):
    """What the person said about sharing, newest first; callers have checked the access."""
    return (
        SharingBasis.objects.filter(person=person)
        .select_related("organisation", "recorded_by")
        .order_by("-created_at", "-pk")
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


def person_for_outside_request(actor: User, public_id) -> Person:
    """A record the actor may not see, for asking its coordinator to join the team (from a
    duplicate hint). Returns no data to show; the page answers the same whatever it finds."""
    if not rules.active_organisation_ids(actor):
        raise NotFound()
    person = Person.objects.filter(
        public_id=parse_public_id(public_id), merged_into=None, archived_at=None
    ).first()
    if person is None:
        raise NotFound()
    return person


def person_for_emergency(
    actor: User, organisation: Organisation, *, name: str, given_names: str, birth_date
) -> Person:
    """Break-glass finds the person by exact name (birth or used) and first given name and
    birth date, never by an id alone. A person the actor may not open, several people who
    match, or nobody: the same NotFound."""

    names = set(name_key(name).split())
    given = set(name_key(given_names).split())
    if not names or not given or birth_date is None:
        raise NotFound()
    candidates = [
        p
        for p in Person.objects.filter(
            birth_date=birth_date, merged_into=None, archived_at=None, anonymised_at=None
        )
        if names <= set(p.name_key.split()) and given & set(p.given_key.split())
    ]
    if len(candidates) != 1:
        raise NotFound()
    if not records.can_open_emergency_access(actor, organisation, candidates[0]):
        raise NotFound()
    return candidates[0]


def emergency_for(actor: User, public_id) -> EmergencyAccess:
    """An emergency access, for the person's coordinator (to record that the person was
    informed) or a reviewer; anyone else finds nothing."""
    emergency = (
        EmergencyAccess.objects.select_related("person", "professional", "organisation")
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    if emergency is None:
        raise NotFound()
    if not (
        records.can_mark_emergency_informed(actor, emergency)
        or records.can_review_emergency(actor, emergency)
    ):
        raise NotFound()
    return emergency


def emergencies_to_review(actor: User):
    """For the territory's reviewers: the accesses not reviewed yet first, then the others."""
    if not records.can_review_emergencies(actor):
        return EmergencyAccess.objects.none()
    return EmergencyAccess.objects.select_related(
        "professional", "organisation", "reviewed_by"
    ).order_by(F("reviewed_at").desc(nulls_first=True), "-created_at")


def emergencies_of(actor: User):
    """The accesses the actor opened, with their review."""
    return (
        EmergencyAccess.objects.filter(professional=actor)
        .select_related("organisation", "reviewed_by")
        .order_by("-created_at")
    )


def emergency_reads(emergency: EmergencyAccess) -> list:
    """What the holder did with the access (the audit events of its window): what a reviewer
    judges by, without the record's content."""

    return list(
        AuditEvent.objects.filter(
            person_id=emergency.person_id,
            actor_id=emergency.professional_id,
            at__gte=emergency.created_at.replace(microsecond=0),
            at__lte=emergency.expires_at,
        ).order_by("seq")[:200]
    )


def relations_of(person: Person):

    return list(Relation.objects.filter(person=person).select_related("relative"))


def relation_of(person: Person, public_id):

    relation = (
        Relation.objects.select_related("relative")
        .filter(public_id=parse_public_id(public_id), person=person)
        .first()
    )
    if relation is None:
        raise NotFound()
    return relation


def visible_duplicates(actor: User, person: Person) -> list[Person]:
    """Other records the actor sees that may be the same person (for merging)."""

    candidates = find_candidates(
        birth_name=person.birth_name,
        used_name=person.used_name,
        given_names=person.given_names,
        birth_date=person.birth_date,
    )
    visible = set(
        records.persons_visible_to(actor)
        .values_list("pk", flat=True)
        .filter(pk__in=[c.person.pk for c in candidates])
    )
    return [c.person for c in candidates if c.person.pk in visible and c.person.pk != person.pk]
