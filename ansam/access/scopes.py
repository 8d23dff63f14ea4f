"""Scoped querysets: what an actor may see. Views and API handlers read through these."""

from django.db.models import QuerySet

from ansam.access.rules import can_view_members
from ansam.accounts.models import User
from ansam.organisations.models import Membership, Organisation, Service


def organisations_visible_to(actor: User) -> QuerySet[Organisation]:
    # The directory is shared by every professional of the territory.
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return Organisation.objects.none()
    return Organisation.objects.all()


def services_visible_to(actor: User) -> QuerySet[Service]:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return Service.objects.none()
    return Service.objects.all()


def memberships_of(actor: User) -> QuerySet[Membership]:
    if actor is None or not actor.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=actor, is_active=True).select_related("organisation")


def members_visible_to(actor: User, organisation: Organisation) -> QuerySet[Membership]:

    if not can_view_members(actor, organisation):
        return Membership.objects.none()
    return (
        Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
