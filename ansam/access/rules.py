"""THE access policy: every rule that decides who may do what. Pages and API call these and
nothing else. Rules take the actor first and answer a plain bool."""

from ansam.accounts.models import User
from ansam.organisations.models import Membership, Organisation, Service

Role = Membership.Role
MANAGING_ROLES = (Role.MANAGER,)


def _active_roles(actor: User, organisation: Organisation) -> set[str]:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return set()
    cache = getattr(actor, "_ansam_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=actor, is_active=True).values_list(
            "organisation_id", "role"
        ):
            cache.setdefault(org_id, set()).add(role)
        actor._ansam_roles = cache
    roles: set[str] = cache.get(organisation.pk, set())
    return roles


def forget_roles(actor: User) -> None:
    """After a membership changes within the same request."""
    if hasattr(actor, "_ansam_roles"):
        del actor._ansam_roles


def roles_in(actor: User, organisation: Organisation) -> set[str]:
    return set(_active_roles(actor, organisation))


def roles_in_id(actor: User, organisation_id: int) -> set[str]:
    return set(_active_roles(actor, Organisation(pk=organisation_id)))


def active_organisation_ids(actor: User) -> set[int]:
    """The organisations where the actor is an active member (read once per request)."""
    _active_roles(actor, Organisation(pk=0))
    return set(getattr(actor, "_ansam_roles", {}))


def is_member(actor: User, organisation: Organisation) -> bool:
    return bool(_active_roles(actor, organisation))


def can_manage_organisation(actor: User, organisation: Organisation) -> bool:
    """Edit the organisation's page and services, invite colleagues, end memberships."""
    return bool(_active_roles(actor, organisation) & set(MANAGING_ROLES))


def can_edit_organisation(actor: User, organisation: Organisation) -> bool:
    return can_manage_organisation(actor, organisation)


def can_edit_service(actor: User, service: Service) -> bool:
    return can_manage_organisation(actor, service.organisation)


def can_invite_member(actor: User, organisation: Organisation) -> bool:
    return can_manage_organisation(actor, organisation)


def can_end_membership(actor: User, membership: Membership) -> bool:
    return can_manage_organisation(actor, membership.organisation)


def can_view_members(actor: User, organisation: Organisation) -> bool:
    return is_member(actor, organisation)


def is_territory_coordinator(actor: User) -> bool:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return Membership.objects.filter(
        user=actor, is_active=True, role=Role.TERRITORY_COORDINATOR
    ).exists()


def can_set_up_territory(actor: User) -> bool:
    """Who builds the territory (organisations and their first managers): its coordinators and
    the operators."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return actor.is_staff or is_territory_coordinator(actor)


def can_mark_emergency_actors(actor: User) -> bool:
    """Which organisations may break the glass is the territory's decision: its coordinators
    (and operators, in the admin)."""
    return is_territory_coordinator(actor)
