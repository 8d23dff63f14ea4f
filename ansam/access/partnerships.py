"""THE access policy for partnership agreements.

An agreement in force (or expired, or ended) is public to the territory's professionals: its
title, parties and missions. Its contributions and evaluations: the parties' members and the
territory coordinators. A draft, a proposal or a declined version: the parties' members only.
The parties' managers write the draft; each party answers through its signatory (a member given
the right), or any of its managers when it named none."""

from django.db.models import Q, QuerySet

from ansam.access import rules
from ansam.accounts.models import User
from ansam.organisations.models import Membership
from ansam.partnerships.models import Agreement, Body, Party, Seat

PUBLIC = (Agreement.Status.IN_FORCE, Agreement.Status.EXPIRED, Agreement.Status.ENDED)


def _party_org_ids(agreement: Agreement) -> set[int]:
    return {p.organisation_id for p in agreement.parties.all()}


def is_party_member(actor: User, agreement: Agreement) -> bool:
    return bool(rules.active_organisation_ids(actor) & _party_org_ids(agreement))


def agreements_visible_to(actor: User) -> QuerySet[Agreement]:
    orgs = rules.active_organisation_ids(actor)
    if not orgs:
        return Agreement.objects.none()
    public = Q(status__in=PUBLIC) | Q(in_force_amendment__isnull=False)
    return Agreement.objects.filter(public | Q(parties__organisation_id__in=orgs)).distinct()


def can_read_draft(actor: User, agreement: Agreement) -> bool:
    return is_party_member(actor, agreement)


def can_read_contributions(actor: User, agreement: Agreement) -> bool:
    return is_party_member(actor, agreement) or rules.is_territory_coordinator(actor)


def is_party_manager(actor: User, agreement: Agreement) -> bool:
    return any(
        rules.can_manage_organisation(actor, p.organisation) for p in agreement.parties.all()
    )


def can_edit(actor: User, agreement: Agreement) -> bool:
    editable = (Agreement.Status.DRAFT, Agreement.Status.DECLINED)
    return agreement.status in editable and is_party_manager(actor, agreement)


def signatories(party: Party) -> list[User]:
    if party.signatory is not None and party.signatory.is_active:
        member = Membership.objects.filter(
            user=party.signatory, organisation=party.organisation, is_active=True
        ).exists()
        if member:
            return [party.signatory]
    return [
        m.user
        for m in Membership.objects.filter(
            organisation=party.organisation, is_active=True, role=Membership.Role.MANAGER
        ).select_related("user")
    ]


def can_answer_for(actor: User, party: Party) -> bool:
    return any(u.pk == actor.pk for u in signatories(party))


# --- governance bodies --------------------------------------------------------------------


def _seat_filter(actor: User) -> Q:
    return Q(colleges__seat_set__holder=actor) | Q(colleges__seat_set__substitute=actor)


def bodies_visible_to(actor: User) -> QuerySet[Body]:
    """A body's secretariat (its organisation's members), those who hold or substitute a seat,
    and the territory coordinators."""
    if not (actor is not None and actor.is_authenticated and actor.is_active):
        return Body.objects.none()
    if rules.is_territory_coordinator(actor):
        return Body.objects.all()
    orgs = rules.active_organisation_ids(actor)
    return Body.objects.filter(Q(organisation_id__in=orgs) | _seat_filter(actor)).distinct()


def can_run_body(actor: User, body: Body) -> bool:
    """Its secretariat's managers set colleges and seats, hold sessions, record attendance."""
    return rules.can_manage_organisation(actor, body.organisation)


def seats_held(actor: User, body: Body) -> list[Seat]:
    return list(
        Seat.objects.filter(college__body=body).filter(Q(holder=actor) | Q(substitute=actor))
    )


def is_representative_only(actor: User) -> bool:
    """An account that sits in a body and belongs to no organisation (a representative of the
    people accompanied): it opens the body's pages and its own account, nothing else."""
    if not (actor is not None and actor.is_authenticated) or rules.active_organisation_ids(actor):
        return False
    return Seat.objects.filter(Q(holder=actor) | Q(substitute=actor)).exists()
