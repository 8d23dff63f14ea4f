"""access_<thing>_by_id helpers: fetch and check in one call; forbidden looks like absent."""

from ansam.access import rules, scopes
from ansam.core.errors import NotFound
from ansam.core.ids import parse_public_id
from ansam.organisations.models import Membership, Organisation, Service


def access_organisation_by_id(actor, public_id, *, manage: bool = False) -> Organisation:
    org = (
        scopes.organisations_visible_to(actor).filter(public_id=parse_public_id(public_id)).first()
    )
    if org is None or (manage and not rules.can_manage_organisation(actor, org)):
        raise NotFound()
    return org


def access_service_by_id(actor, public_id, *, manage: bool = False) -> Service:
    service = (
        scopes.services_visible_to(actor)
        .select_related("organisation", "commune")
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    if service is None or (manage and not rules.can_edit_service(actor, service)):
        raise NotFound()
    return service


def access_membership_by_id(actor, public_id) -> Membership:
    membership = (
        Membership.objects.select_related("organisation", "user")
        .filter(public_id=parse_public_id(public_id), is_active=True)
        .first()
    )
    if membership is None or not rules.can_end_membership(actor, membership):
        raise NotFound()
    return membership
