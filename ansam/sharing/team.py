"""The care team: adding a professional, handing over the coordination, leaving, and asking
to join a team one may not see. Each act checks the access policy and is audited."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import records
from ansam.access.audit import Action
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.core import links
from ansam.core.errors import AnsamError, Forbidden, NotFound
from ansam.core.notifications import notify
from ansam.organisations.models import Membership, Organisation
from ansam.people.models import Person
from ansam.sharing.models import CareTeamMember, JoinRequest
from ansam.sharing.services import _membership, visible_access


@transaction.atomic
def team_add(*, actor: User, person: Person, membership: Membership) -> CareTeamMember:
    """The coordinator invites a professional (of any organisation) into the care team."""
    access = visible_access(actor, person)
    if not records.can_manage_team(access):
        raise Forbidden(_("Only the coordinator manages the care team."))
    if not membership.is_active:
        raise AnsamError(_("This professional is no longer a member of the organisation."))
    try:
        with transaction.atomic():
            member = CareTeamMember.objects.create(
                person=person,
                organisation=membership.organisation,
                professional=membership.user,
                joined_how=CareTeamMember.JoinedHow.INVITED,
            )
    except IntegrityError:
        raise AnsamError(_("This professional is already in the care team.")) from None
    audit(
        actor=actor,
        action=Action.TEAM_ADD,
        person=person,
        organisation=access.organisation,
        detail={
            "member": membership.user.full_name,
            "member_organisation": membership.organisation.name,
        },
    )
    notify([membership.user], _("You were added to a care team."), links.person(person.public_id))
    return member


@transaction.atomic
def team_handover(*, actor: User, person: Person, member: CareTeamMember) -> CareTeamMember:
    access = visible_access(actor, person)
    if not records.can_manage_team(access):
        raise Forbidden(_("Only the coordinator hands over the coordination."))
    if member.person_id != person.pk or not member.is_active:
        raise NotFound()
    CareTeamMember.objects.filter(
        person=person, is_active=True, role=CareTeamMember.Role.COORDINATOR
    ).update(role=CareTeamMember.Role.MEMBER)
    member.role = CareTeamMember.Role.COORDINATOR
    member.save(update_fields=["role", "updated_at"])
    audit(
        actor=actor,
        action=Action.TEAM_HANDOVER,
        person=person,
        organisation=access.organisation,
        detail={"new_coordinator": member.professional.full_name},
    )
    notify(
        [member.professional],
        _("You are now the coordinator of an accompaniment."),
        links.person(person.public_id),
    )
    return member


@transaction.atomic
def team_remove(*, actor: User, person: Person, member: CareTeamMember) -> CareTeamMember:
    """The coordinator ends a member's part in the care team, or a member leaves it. The
    coordinator hands over before leaving: a person is never left without one by this act."""
    access = visible_access(actor, person)
    if member.person_id != person.pk or not member.is_active:
        raise NotFound()
    if not records.can_remove_member(access, member):
        if member.role == CareTeamMember.Role.COORDINATOR:
            raise AnsamError(_("Hand over the coordination first."))
        raise Forbidden(_("Only the coordinator manages the care team."))
    member.is_active = False
    member.until = timezone.now()
    member.save(update_fields=["is_active", "until", "updated_at"])
    audit(
        actor=actor,
        action=Action.TEAM_LEAVE,
        person=person,
        organisation=access.organisation,
        detail={
            "member": member.professional.full_name,
            "member_organisation": member.organisation.name,
        },
    )
    return member


@transaction.atomic
def team_request_join(
    *, actor: User, person: Person, organisation: Organisation | None = None
) -> None:
    """From a duplicate match the worker may not see: ask its coordinator to be added, on
    behalf of the actor's organisation (the first by name, unless one is given). The
    coordinator gets one notification per requester; asking again refreshes the request
    instead of adding another. Nothing of the record is revealed to the asker."""
    if organisation is None:
        first = (
            Membership.objects.filter(user=actor, is_active=True)
            .select_related("organisation")
            .order_by("organisation__name")
            .first()
        )
        if first is None:
            raise NotFound()
        organisation = first.organisation
    _membership(actor, organisation)
    now = timezone.now()
    with transaction.atomic():
        updated = JoinRequest.objects.filter(
            person=person, requester=actor, answered_at=None
        ).update(asked_at=now, organisation=organisation, updated_at=now)
        if updated:
            return
        try:
            with transaction.atomic():
                JoinRequest.objects.create(
                    person=person, requester=actor, organisation=organisation, asked_at=now
                )
        except IntegrityError:
            return  # the same request at the same moment: one is enough
    coordinators = CareTeamMember.objects.filter(
        person=person, is_active=True, role=CareTeamMember.Role.COORDINATOR
    ).select_related("professional")
    notify(
        [c.professional for c in coordinators],
        _("%(who)s (%(org)s) asks to join a care team you coordinate.")
        % {"who": actor.full_name, "org": organisation.name},
        links.person_team(person.public_id),
    )
