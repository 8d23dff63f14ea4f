"""The life of an accompaniment in one organisation: taking over a coordination left vacant,
a manager naming a colleague as coordinator, and closing the accompaniment with a reason."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import records, rules
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.access.continuity import archived_visible_to
from ansam.accounts.models import User
from ansam.continuity import services as continuity
from ansam.continuity.models import Signal
from ansam.core import links
from ansam.core.errors import AnsamError, Forbidden, NotFound
from ansam.core.notifications import notify
from ansam.organisations.models import Membership, Organisation
from ansam.people.models import Person
from ansam.plans.models import Action
from ansam.sharing.models import AccompanimentClosure, CareTeamMember
from ansam.sharing.services import visible_access

COORDINATOR = CareTeamMember.Role.COORDINATOR


def _effective_coordinator(person: Person) -> CareTeamMember | None:
    row = CareTeamMember.objects.filter(person=person, is_active=True, role=COORDINATOR).first()
    if row is None:
        return None
    member = Membership.objects.filter(
        user_id=row.professional_id, organisation_id=row.organisation_id, is_active=True
    ).exists()
    return row if member else None


def _end_vacant_coordination(person: Person) -> None:
    CareTeamMember.objects.filter(person=person, is_active=True, role=COORDINATOR).update(
        is_active=False, until=timezone.now()
    )


def _make_coordinator(
    person: Person, organisation: Organisation, professional, how
) -> CareTeamMember:
    row = CareTeamMember.objects.filter(
        person=person, organisation=organisation, professional=professional, is_active=True
    ).first()
    if row is None:
        return CareTeamMember.objects.create(
            person=person,
            organisation=organisation,
            professional=professional,
            role=COORDINATOR,
            joined_how=how,
        )
    row.role = COORDINATOR
    row.sections = []  # the coordinator reads what their organisation's profile allows
    row.save(update_fields=["role", "sections", "updated_at"])
    return row


def _fill_vacant_coordination(
    *,
    actor: User,
    person: Person,
    organisation: Organisation,
    professional,
    how: str,
    act: str,
    role: str = "",
) -> CareTeamMember:
    """The vacant coordination ends and this professional takes it; audited, and the "no
    coordinator" signals close with the act's name."""
    _end_vacant_coordination(person)
    row = _make_coordinator(person, organisation, professional, CareTeamMember.JoinedHow.HANDOVER)
    audit(
        actor=actor,
        action=Audit.TEAM_HANDOVER,
        person=person,
        organisation=organisation,
        role=role,
        detail={"new_coordinator": professional.full_name, "how": how},
    )
    continuity.close_for(
        subject=f"person:{person.pk}", act=act, actor=actor, kinds=["no_coordinator"]
    )
    return row


@transaction.atomic
def coordination_take_over(*, actor: User, person: Person) -> CareTeamMember:
    """A member of the team takes the coordination that nobody holds any more."""
    access = visible_access(actor, person)
    if not records.can_contribute(access):
        raise Forbidden()
    if _effective_coordinator(person) is not None:
        raise AnsamError(_("The person already has a coordinator."))
    organisation = access.organisation
    if organisation is None:
        raise Forbidden()
    return _fill_vacant_coordination(
        actor=actor,
        person=person,
        organisation=organisation,
        professional=actor,
        how="take_over",
        act="took_over",
    )


@transaction.atomic
def coordination_assign(
    *, actor: User, person: Person, organisation: Organisation, membership: Membership
) -> CareTeamMember:
    """An organisation's manager names a colleague to coordinate a person whose coordinator
    left the organisation. The manager does not read the record for this."""
    if not rules.can_manage_organisation(actor, organisation):
        raise NotFound()
    if membership.organisation_id != organisation.pk or not membership.is_active:
        raise AnsamError(
            _("Choose an active member of your organisation."),
            fields={"membership": [_("Not a member.")]},
        )
    current = _effective_coordinator(person)
    vacant = CareTeamMember.objects.filter(person=person, is_active=True, role=COORDINATOR)
    if current is not None or (
        vacant.exists() and not vacant.filter(organisation=organisation).exists()
    ):
        raise AnsamError(_("This person's coordination is not your organisation's to assign."))
    if (
        not vacant.exists()
        and not CareTeamMember.objects.filter(
            person=person, is_active=True, organisation=organisation
        ).exists()
    ):
        raise NotFound()
    row = _fill_vacant_coordination(
        actor=actor,
        person=person,
        organisation=organisation,
        professional=membership.user,
        how="assigned",
        act="reassigned",
        role=Membership.Role.MANAGER,
    )
    notify(
        [membership.user],
        _("You are now the coordinator of an accompaniment."),
        links.person(person.public_id),
    )
    return row


@transaction.atomic
def accompaniment_close(
    *, actor: User, person: Person, organisation: Organisation, reason: str, note: str = ""
) -> AccompanimentClosure:
    """The organisation ends its accompaniment: its members leave the care team, the actions it
    still held are abandoned with this reason, its signals about the person close."""

    access = visible_access(actor, person)
    if not records.can_close_accompaniment(access, organisation):
        raise NotFound()
    if reason not in AccompanimentClosure.Reason.values:
        raise AnsamError(
            _("Some fields are not valid."), fields={"reason": [_("Choose a reason.")]}
        )
    team = CareTeamMember.objects.filter(person=person, is_active=True)
    others = team.exclude(organisation=organisation)
    if others.exists() and team.filter(organisation=organisation, role=COORDINATOR).exists():
        raise AnsamError(
            _("Hand over the coordination to another organisation of the team first."),
            code="coordinator_leaving",
        )
    now = timezone.now()
    team.filter(organisation=organisation).update(is_active=False, until=now)
    closure = AccompanimentClosure.objects.create(
        person=person,
        organisation=organisation,
        reason=reason,
        note=note.strip()[:500],
        closed_by=actor,
    )
    label = str(AccompanimentClosure.Reason(reason).label)
    Action.objects.filter(
        plan__person=person,
        organisation=organisation,
        removed=False,
        status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
    ).update(status=Action.Status.ABANDONED, abandon_reason=label[:300], updated_at=now)

    Signal.objects.filter(person=person, organisation=organisation, closed_at=None).update(
        closed_at=now, closed_act="closed_accompaniment", closed_by=actor
    )
    audit(
        actor=actor,
        action=Audit.CLOSE_ACCOMPANIMENT,
        person=person,
        organisation=organisation,
        detail={"reason": reason},
    )
    return closure


def accompanied_by(organisation: Organisation):
    """People an organisation accompanied at some time (for its managers' archive list)."""
    return CareTeamMember.objects.filter(organisation=organisation).values("person_id")


@transaction.atomic
def archive_reopen(*, actor: User, person: Person, organisation: Organisation, reason: str):
    """A manager of an organisation that accompanied the person reopens an archived record
    (the person is back): the manager becomes its coordinator. Audited with the reason."""

    if not archived_visible_to(actor, organisation).filter(pk=person.pk).exists():
        raise NotFound()
    if not reason.strip():
        raise AnsamError(
            _("Some fields are not valid."),
            fields={"reason": [_("Say why the record is reopened.")]},
        )
    Person.objects.filter(pk=person.pk).update(archived_at=None, updated_at=timezone.now())
    row = _make_coordinator(person, organisation, actor, CareTeamMember.JoinedHow.REOPENED)
    audit(
        actor=actor,
        action=Audit.ARCHIVE_REOPEN,
        person=person,
        organisation=organisation,
        role=Membership.Role.MANAGER,
        detail={"reason": reason.strip()[:300]},
    )
    return row
