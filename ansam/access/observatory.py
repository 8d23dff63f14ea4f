"""THE access policy for the network diagnostic and the needs observatory.

They publish no person: the network's edges and the observatory's cells below the suppression
threshold are stored masked. Still, the whole network and the observatory are for the
territory's coordinators and its institutional partners (funders, who never read a record);
an organisation's managers see their own neighbourhood of the network and the observatory."""

from ansam.access import rules
from ansam.accounts.models import User
from ansam.observatory.models import InstitutionalPartner


def _signed_in(actor: User) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def is_institutional_partner(actor: User) -> bool:
    if not _signed_in(actor):
        return False
    cached = getattr(actor, "_ansam_partner", None)
    if cached is None:
        cached = InstitutionalPartner.objects.filter(user=actor, revoked_at=None).exists()
        actor._ansam_partner = cached  # type: ignore[attr-defined]  # once per request
    return bool(cached)


def is_partner_only(actor: User) -> bool:
    """An institutional partner with no membership: its pages are the observatory's and the
    network's (and its account), every other answers as absent."""
    # The memberships are read once per request anyway: professionals pay no extra query.
    return not rules.active_organisation_ids(actor) and is_institutional_partner(actor)


def managed_organisation_ids(actor: User) -> set[int]:
    if not _signed_in(actor):
        return set()
    ids = rules.active_organisation_ids(actor)
    managing = set(rules.MANAGING_ROLES)
    return {pk for pk in ids if managing & rules.roles_in_id(actor, pk)}


def network_scope(actor: User) -> set[int] | None:
    """None: the whole network; a set: the neighbourhood of these organisations (empty: no
    access)."""
    if rules.is_territory_coordinator(actor) or is_institutional_partner(actor):
        return None
    return managed_organisation_ids(actor)


def can_view_network(actor: User) -> bool:
    return network_scope(actor) != set()


def can_view_observatory(actor: User) -> bool:
    return (
        rules.is_territory_coordinator(actor)
        or is_institutional_partner(actor)
        or bool(managed_organisation_ids(actor))
    )


def can_manage_partners(actor: User) -> bool:
    """Who names the territory's institutional partners: its coordinators."""
    return rules.is_territory_coordinator(actor)
