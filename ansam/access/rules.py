"""THE access policy: every rule that decides who may do what. Pages and API call these and
nothing else. Rules take the actor first and answer a plain bool."""

from ansam.organisations.models import Membership, Organisation

Role = Membership.Role
MANAGING_ROLES = (Role.MANAGER,)


def _active_roles(actor, organisation: Organisation) -> set[str]:
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
    return cache.get(organisation.pk, set())


def forget_roles(actor) -> None:
    """After a membership changes within the same request."""
    if hasattr(actor, "_ansam_roles"):
        del actor._ansam_roles


def is_professional(actor) -> bool:
    """Has at least one active membership (or is an operator)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_staff:
        return True
    _active_roles(actor, Organisation(pk=0))
    return bool(actor._ansam_roles)


def can_view_directory(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def is_member(actor, organisation: Organisation) -> bool:
    return bool(_active_roles(actor, organisation))


def can_manage_organisation(actor, organisation: Organisation) -> bool:
    """Edit the organisation's page and services, invite colleagues, end memberships."""
    return bool(_active_roles(actor, organisation) & set(MANAGING_ROLES))


def can_edit_organisation(actor, organisation: Organisation) -> bool:
    return can_manage_organisation(actor, organisation)


def can_edit_service(actor, service) -> bool:
    return can_manage_organisation(actor, service.organisation)


def can_invite_member(actor, organisation: Organisation) -> bool:
    return can_manage_organisation(actor, organisation)


def can_end_membership(actor, membership: Membership) -> bool:
    return can_manage_organisation(actor, membership.organisation)


def can_view_members(actor, organisation: Organisation) -> bool:
    return is_member(actor, organisation)


def can_import_directory(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_staff
