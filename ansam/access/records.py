"""THE access policy for a person's record (the shared record under professional secrecy).

Who may see a person: the professionals of the care team, through an organisation where they
are still members, and a professional holding an open emergency access. Which sections: those
that the organisation's kind needs (NeedToKnowProfile), under the person's latest sharing basis
for that organisation and section. Health needs explicit consent; child protection needs the
child-protection basis (or consent). An objection or withdrawal applies on the next request."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from ansam.access import rules
from ansam.organisations.models import Organisation
from ansam.people.models import Person
from ansam.sharing.models import (
    CareTeamMember,
    EmergencyAccess,
    Entry,
    NeedToKnowProfile,
    SharingBasis,
)
from ansam.sharing.sections import DEFAULT_PROFILES, FALLBACK_PROFILE, Section

B = SharingBasis.Basis
SHARING_BASES = {B.INFORMED, B.CONSENT}


def _active(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def profile_sections(organisation: Organisation) -> list[str]:
    profile = NeedToKnowProfile.objects.filter(typology=organisation.typology).first()
    if profile is not None:
        return list(profile.sections)
    return [str(s) for s in DEFAULT_PROFILES.get(organisation.typology, FALLBACK_PROFILE)]


def team_rows(actor, person: Person) -> list[CareTeamMember]:
    """The actor's active care-team rows for this person, through organisations where the actor
    is still a member."""
    if not _active(actor):
        return []
    return list(
        CareTeamMember.objects.select_related("organisation").filter(
            person=person,
            professional=actor,
            is_active=True,
            organisation_id__in=rules.active_organisation_ids(actor),
        )
    )


def open_emergency(actor, person: Person) -> EmergencyAccess | None:
    if not _active(actor):
        return None
    return (
        EmergencyAccess.objects.select_related("organisation")
        .filter(
            person=person,
            professional=actor,
            expires_at__gt=timezone.now(),
            organisation_id__in=rules.active_organisation_ids(actor),
        )
        .order_by("-created_at")
        .first()
    )


def current_basis(person: Person, organisation: Organisation, section: str, bases=None) -> str:
    """The latest basis that applies: to this organisation or the whole team, this section or
    every section."""
    rows = bases if bases is not None else list(SharingBasis.objects.filter(person=person))
    for row in sorted(rows, key=lambda r: (r.created_at, r.pk), reverse=True):
        if row.organisation_id not in (None, organisation.pk):
            continue
        if row.section not in ("", section):
            continue
        return row.basis
    return ""


def basis_allows(section: str, basis: str) -> bool:
    if section == Section.HEALTH:
        return basis == B.CONSENT
    if section == Section.CHILD_PROTECTION:
        return basis in (B.CHILD_PROTECTION, B.CONSENT)
    return basis in SHARING_BASES


@dataclass
class RecordAccess:
    """What one actor may do with one person's record, computed once per request."""

    person: Person
    team: list[CareTeamMember] = field(default_factory=list)
    emergency: EmergencyAccess | None = None
    sections: dict[str, tuple[Organisation, str]] = field(default_factory=dict)

    @property
    def visible(self) -> bool:
        return bool(self.team) or self.emergency is not None

    @property
    def is_coordinator(self) -> bool:
        return any(m.role == CareTeamMember.Role.COORDINATOR for m in self.team)

    @property
    def organisation(self) -> Organisation | None:
        if self.team:
            return self.team[0].organisation
        return self.emergency.organisation if self.emergency else None

    def can_read(self, section: str) -> bool:
        return section in self.sections

    def basis_for(self, section: str) -> str:
        return self.sections.get(section, (None, ""))[1]


def record_access(actor, person: Person) -> RecordAccess:
    access = RecordAccess(person=person, team=team_rows(actor, person))
    bases = list(SharingBasis.objects.filter(person=person))
    for member in access.team:
        allowed = profile_sections(member.organisation)
        if member.sections:
            allowed = [s for s in allowed if s in member.sections]
        for section in allowed:
            basis = current_basis(person, member.organisation, section, bases)
            if basis_allows(section, basis) and section not in access.sections:
                access.sections[section] = (member.organisation, basis)
    if not access.team:
        access.emergency = open_emergency(actor, person)
        if access.emergency is not None:
            # Every section but health: health information stays under the person's consent
            # and the health professionals' own emergency channels.
            for section in Section.values:
                if section != Section.HEALTH:
                    access.sections[section] = (access.emergency.organisation, "emergency")
    return access


# --- rules ---------------------------------------------------------------------------------


def can_view_person(actor, person: Person) -> bool:
    return record_access(actor, person).visible


def can_write_entry(access: RecordAccess, section: str) -> bool:
    # Writing needs the section in the team organisation's profile and a basis that allows it.
    return bool(access.team) and access.can_read(section)


def can_contribute(access: RecordAccess) -> bool:
    """Add entries, record what the person says, refer them: the care team, not an emergency
    reader."""
    return bool(access.team)


def can_edit_entry(actor, access: RecordAccess, entry: Entry) -> bool:
    return entry.author_id == actor.pk and can_write_entry(access, entry.section)


def can_record_basis(access: RecordAccess) -> bool:
    """Any member of the care team records what the person says (consent, objection…)."""
    return can_contribute(access)


def can_close_accompaniment(access: RecordAccess, organisation) -> bool:
    """An organisation's members in the team close its own accompaniment, and only its own."""
    return any(m.organisation_id == organisation.pk for m in access.team)


def can_answer_flag(access: RecordAccess) -> bool:
    """A warning on the person (ping-pong, loop) is answered by their coordinator."""
    return access.is_coordinator


def can_manage_team(access: RecordAccess) -> bool:
    return access.is_coordinator


def can_view_access_log(access: RecordAccess) -> bool:
    return access.is_coordinator


def can_open_emergency_access(actor) -> bool:
    return _active(actor) and bool(rules.active_organisation_ids(actor))


# --- scopes --------------------------------------------------------------------------------


def persons_visible_to(actor) -> QuerySet[Person]:
    if not _active(actor):
        return Person.objects.none()
    member_orgs = rules.active_organisation_ids(actor)
    # The ids first, from the (professional, is_active, person) index: the cost follows the
    # actor's caseload, never the number of people on the territory (an OR of two IN
    # subqueries made PostgreSQL scan every person).
    ids = set(
        CareTeamMember.objects.filter(
            professional=actor, is_active=True, organisation_id__in=member_orgs
        ).values_list("person_id", flat=True)
    )
    ids |= set(
        EmergencyAccess.objects.filter(
            professional=actor, expires_at__gt=timezone.now(), organisation_id__in=member_orgs
        ).values_list("person_id", flat=True)
    )
    return Person.objects.filter(pk__in=ids, merged_into=None, archived_at=None)


def person_ids_visible_to(actor) -> set[int]:
    """The same people as persons_visible_to, as a set of ids (for pages that then read only a
    few of them: one plain IN list, which PostgreSQL plans well)."""
    return set(persons_visible_to(actor).values_list("pk", flat=True))


def entries_visible_to(actor, access: RecordAccess) -> QuerySet[Entry]:
    if not access.visible:
        return Entry.objects.none()
    return (
        Entry.objects.filter(person=access.person, section__in=list(access.sections))
        .exclude(Q(is_private=True) & ~Q(author=actor))
        .select_related("author", "author_organisation")
    )
