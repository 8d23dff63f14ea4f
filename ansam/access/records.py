"""THE access policy for a person's record (the shared record under professional secrecy).

Who may see a person: the professionals of the care team, through an organisation where they
are still members, and a professional holding an open emergency access. Which sections: those
that the organisation's kind needs (NeedToKnowProfile), under the person's latest sharing basis
for that organisation and section. Health needs explicit consent; child protection needs the
child-protection basis (or consent). An objection or withdrawal applies on the next request."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.utils import timezone

from ansam.access import rules
from ansam.accounts.models import User
from ansam.organisations.models import Membership, Organisation
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


def _active(actor: User) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


class _Typed(Protocol):
    @property
    def typology(self) -> str: ...


class _BasisRow(Protocol):
    """A sharing basis, as a model row or as the values read for a list."""

    @property
    def organisation_id(self) -> int | None: ...
    @property
    def section(self) -> str: ...
    @property
    def basis(self) -> str: ...
    @property
    def created_at(self) -> Any: ...
    @property
    def pk(self) -> Any: ...


class _MemberRow(Protocol):
    """A care-team row, as a model row or as the values read for a list."""

    @property
    def organisation(self) -> Any: ...
    @property
    def organisation_id(self) -> int: ...
    @property
    def sections(self) -> Any: ...


def profile_sections(
    organisation: _Typed, profiles: dict[str, list[str]] | None = None
) -> list[str]:
    if profiles is None:
        profiles = profiles_of([organisation])
    if organisation.typology in profiles:
        return list(profiles[organisation.typology])
    return [str(s) for s in DEFAULT_PROFILES.get(organisation.typology, FALLBACK_PROFILE)]


def profiles_of(organisations: Iterable[_Typed]) -> dict[str, list[str]]:
    """The operators' profiles for these organisations' typologies (one query)."""
    typologies = {o.typology for o in organisations}
    return dict(
        NeedToKnowProfile.objects.filter(typology__in=typologies).values_list(
            "typology", "sections"
        )
    )


def team_rows(actor: User, person: Person) -> list[CareTeamMember]:
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


def open_emergency(actor: User, person: Person) -> EmergencyAccess | None:
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


def recent_first(bases: Iterable[_BasisRow]) -> list[_BasisRow]:
    return sorted(bases, key=lambda r: (r.created_at, r.pk), reverse=True)


def latest_basis(
    organisation_id: int, section: str, bases: Iterable[_BasisRow], *, ordered: bool = False
) -> _BasisRow | None:
    """The latest basis that applies: to this organisation or the whole team, this section or
    every section. `ordered`: the bases are already most recent first (recent_first)."""
    for row in bases if ordered else recent_first(bases):
        if row.organisation_id not in (None, organisation_id):
            continue
        if row.section not in ("", section):
            continue
        return row
    return None


def current_basis(
    person: Person,
    organisation: Organisation,
    section: str,
    bases: Sequence[_BasisRow] | None = None,
) -> str:
    rows: Sequence[_BasisRow] = (
        bases if bases is not None else list(SharingBasis.objects.filter(person=person))
    )
    row = latest_basis(organisation.pk, section, rows)
    return row.basis if row is not None else ""


def team_sections(
    members: Iterable[_MemberRow], bases: Iterable[_BasisRow], profiles: dict[str, list[str]]
) -> dict[str, tuple[Any, str]]:
    """The sections these care-team rows open, under the person's bases. A member restricted
    to a referral's sections reads another section of its profile only once the person has
    said so for its organisation specifically: a basis recorded for the organisation takes
    effect on the next request, never silently ignored."""
    sections: dict[str, tuple[Any, str]] = {}
    bases = recent_first(bases)
    for member in members:
        for section in profile_sections(member.organisation, profiles):
            row = latest_basis(member.organisation_id, section, bases, ordered=True)
            basis = row.basis if row is not None else ""
            if not basis_allows(section, basis):
                continue
            if member.sections and section not in member.sections:
                if row is None or row.organisation_id != member.organisation_id:
                    continue
            sections.setdefault(section, (member.organisation, basis))
    return sections


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


def record_access(actor: User, person: Person) -> RecordAccess:
    access = RecordAccess(person=person, team=team_rows(actor, person))
    if access.team:
        bases = list(SharingBasis.objects.filter(person=person))
        profiles = profiles_of(m.organisation for m in access.team)
        access.sections = team_sections(access.team, bases, profiles)
    access.emergency = open_emergency(actor, person)
    if access.emergency is not None:
        # Every section but health: health information stays under the person's consent and
        # the health professionals' own emergency channels. A team member's emergency opens
        # what its profile does not.
        for section in Section.values:
            if section != Section.HEALTH and section not in access.sections:
                access.sections[section] = (access.emergency.organisation, "emergency")
    return access


@dataclass(frozen=True)
class _Org:
    pk: int
    typology: str


@dataclass(frozen=True)
class _Member:
    organisation: _Org
    organisation_id: int
    sections: list[str]


@dataclass(frozen=True)
class _Basis:
    organisation_id: int | None
    section: str
    basis: str
    created_at: object
    pk: int


# No join with the organisations: PostgreSQL misjudged it (a scan of every organisation for
# each row); their typologies are read apart, for the few organisations concerned.
TEAM_ROW = ("person_id", "organisation_id", "sections")


def readable_sections(
    actor: User, person_ids: Iterable[int], team_rows: Iterable[tuple[Any, ...]] | None = None
) -> dict[int, set[str]]:
    """For lists: the sections the actor reads on each of these people's records through the
    care team — the same rule as record_access (team_sections), in four queries for the whole
    list (three when the caller read the actor's team rows, as TEAM_ROW values, already)."""
    if not _active(actor) or not person_ids:
        return {}
    if team_rows is None:
        team_rows = CareTeamMember.objects.filter(
            person_id__in=list(person_ids),
            professional=actor,
            is_active=True,
            organisation_id__in=rules.active_organisation_ids(actor),
        ).values_list(*TEAM_ROW)
    wanted = set(person_ids)
    rows = [row for row in team_rows if row[0] in wanted]
    if not rows:
        return {}
    typology_of = dict(
        Organisation.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", "typology")
    )
    typologies = set(typology_of.values())
    by_person: dict[int, list[_Member]] = {}
    for person_id, org_id, sections in rows:
        by_person.setdefault(person_id, []).append(
            _Member(_Org(org_id, typology_of[org_id]), org_id, sections or [])
        )
    bases: dict[int, list[_Basis]] = {}
    for person_id, org_id, section, basis, at, pk in SharingBasis.objects.filter(
        person_id__in=list(by_person)
    ).values_list("person_id", "organisation_id", "section", "basis", "created_at", "pk"):
        bases.setdefault(person_id, []).append(_Basis(org_id, section, basis, at, pk))
    profiles = dict(
        NeedToKnowProfile.objects.filter(typology__in=typologies).values_list(
            "typology", "sections"
        )
    )
    return {
        person_id: set(team_sections(members, bases.get(person_id, []), profiles))
        for person_id, members in by_person.items()
    }


# --- rules ---------------------------------------------------------------------------------


def can_view_person(actor: User, person: Person) -> bool:
    return record_access(actor, person).visible


def can_write_entry(access: RecordAccess, section: str) -> bool:
    # Writing needs the section in the team organisation's profile and a basis that allows it.
    return bool(access.team) and access.can_read(section)


def can_contribute(access: RecordAccess) -> bool:
    """Add entries, record what the person says, refer them: the care team, not an emergency
    reader."""
    return bool(access.team)


def can_edit_entry(actor: User, access: RecordAccess, entry: Entry) -> bool:
    return entry.author_id == actor.pk and can_write_entry(access, entry.section)


def can_record_basis(access: RecordAccess, organisation: Organisation | None) -> bool:
    """The coordinator records what the person says for the whole team or any organisation of
    it (the person will, in their own space); a partner records only what concerns its own
    organisation's reading, never another's."""
    if not can_contribute(access):
        return False
    if access.is_coordinator:
        return True
    return organisation is not None and any(
        m.organisation_id == organisation.pk for m in access.team
    )


def basis_organisations(
    access: RecordAccess, team_organisations: Iterable[Organisation]
) -> list[Organisation] | None:
    """The organisations for which the actor may record a basis (None: the whole team too)."""
    if access.is_coordinator:
        return None
    own = {m.organisation_id for m in access.team}
    return [o for o in team_organisations if o.pk in own]


def can_close_accompaniment(access: RecordAccess, organisation: Organisation) -> bool:
    """An organisation's members in the team close its own accompaniment, and only its own."""
    return any(m.organisation_id == organisation.pk for m in access.team)


def can_answer_flag(access: RecordAccess) -> bool:
    """A warning on the person (ping-pong, loop) is answered by their coordinator."""
    return access.is_coordinator


def can_manage_team(access: RecordAccess) -> bool:
    return access.is_coordinator


def can_hand_over_to(access: RecordAccess, member: CareTeamMember) -> bool:
    return can_manage_team(access) and member.role != CareTeamMember.Role.COORDINATOR


def can_remove_member(access: RecordAccess, member: CareTeamMember) -> bool:
    """The coordinator removes a member, or a member leaves; the coordinator hands over first,
    so that a person is never left without one."""
    allowed = can_manage_team(access) or any(m.pk == member.pk for m in access.team)
    return allowed and member.role != CareTeamMember.Role.COORDINATOR


def can_view_access_log(access: RecordAccess) -> bool:
    return access.is_coordinator


def emergency_organisations(actor: User) -> list[Organisation]:
    """The organisations through which the actor may open an emergency access to a person
    outside their care teams: those the territory marked as emergency actors."""
    if not _active(actor):
        return []
    return list(
        Organisation.objects.filter(
            pk__in=rules.active_organisation_ids(actor), emergency_actor=True
        ).order_by("name")
    )


def can_open_emergency_access(actor: User, organisation: Organisation, person: Person) -> bool:
    """Break-glass (as the DMP's "accès en urgence"): a member of an emergency actor, or a
    member of the person's care team through that organisation (for the sections its profile
    does not open). Never anyone else."""
    if not _active(actor) or organisation.pk not in rules.active_organisation_ids(actor):
        return False
    if organisation.emergency_actor:
        return True
    return CareTeamMember.objects.filter(
        person=person, professional=actor, organisation=organisation, is_active=True
    ).exists()


def can_mark_emergency_informed(actor: User, emergency: EmergencyAccess) -> bool:
    """The person is informed by their coordinator; the holder never clears their own duty."""
    if emergency.professional_id == actor.pk:
        return False
    access = record_access(actor, emergency.person)
    return access.is_coordinator


def can_review_emergencies(actor: User) -> bool:
    """The territory's reviewers of emergency accesses: its territory coordinators."""
    return (
        _active(actor)
        and Membership.objects.filter(
            user=actor, is_active=True, role=Membership.Role.TERRITORY_COORDINATOR
        ).exists()
    )


def can_review_emergency(actor: User, emergency: EmergencyAccess) -> bool:
    return emergency.professional_id != actor.pk and can_review_emergencies(actor)


# --- scopes --------------------------------------------------------------------------------


def my_team_rows(actor: User) -> list[tuple[Any, ...]]:
    """The actor's care-team rows through organisations where they are still members, as
    ("role", *TEAM_ROW) values: read once by a page that needs both the caseload and the
    sections (the day), from the (professional, is_active, person) index."""
    if not _active(actor):
        return []
    return list(
        CareTeamMember.objects.filter(
            professional=actor,
            is_active=True,
            organisation_id__in=rules.active_organisation_ids(actor),
        ).values_list("role", *TEAM_ROW)
    )


def persons_visible_to(actor: User, team: list[tuple[Any, ...]] | None = None) -> QuerySet[Person]:
    """`team`: my_team_rows(actor), when the caller read them already."""
    if not _active(actor):
        return Person.objects.none()
    member_orgs = rules.active_organisation_ids(actor)
    # The ids first: the cost follows the actor's caseload, never the number of people on the
    # territory (an OR of two IN subqueries made PostgreSQL scan every person).
    ids = {row[1] for row in (my_team_rows(actor) if team is None else team)}
    ids |= set(
        EmergencyAccess.objects.filter(
            professional=actor, expires_at__gt=timezone.now(), organisation_id__in=member_orgs
        ).values_list("person_id", flat=True)
    )
    return Person.objects.filter(pk__in=ids, merged_into=None, archived_at=None)


def person_ids_visible_to(actor: User, team: list[tuple[Any, ...]] | None = None) -> set[int]:
    """The same people as persons_visible_to, as a set of ids (for pages that then read only a
    few of them: one plain IN list, which PostgreSQL plans well)."""
    return set(persons_visible_to(actor, team).values_list("pk", flat=True))


def entries_visible_to(actor: User, access: RecordAccess) -> QuerySet[Entry]:
    if not access.visible:
        return Entry.objects.none()
    return (
        Entry.objects.filter(person=access.person, section__in=list(access.sections))
        .exclude(Q(is_private=True) & ~Q(author=actor))
        .select_related("author", "author_organisation")
    )
