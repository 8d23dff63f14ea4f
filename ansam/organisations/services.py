"""Functions that change organisations, services, memberships and invitations.

Each checks its access rule, runs in one transaction and keeps the search index in step."""

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import rules
from ansam.accounts.models import User
from ansam.core.email import send_email
from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.core.ids import maybe_public_id
from ansam.geo.models import Commune
from ansam.organisations.models import (
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    Service,
    ServiceArea,
    ServiceTag,
)
from ansam.organisations.search_index import directory_changed, index_services
from ansam.organisations.taxonomies import AreaKind, categorie_of, labels

ORGANISATION_FIELDS = [
    "name",
    "siret",
    "rna",
    "typology",
    "description",
    "address",
    "address_complement",
    "postal_code",
    "commune",
    "phone",
    "email",
    "website",
    "opening_hours",
    "no_contact_days",
]
SERVICE_FIELDS = [
    "name",
    "summary",
    "description",
    "types",
    "thematiques",
    "publics",
    "publics_details",
    "fees",
    "fees_details",
    "reception_modes",
    "referral_modes",
    "referrable_by",
    "referral_details",
    "referral_link",
    "prerequisites",
    "documents",
    "address",
    "address_complement",
    "postal_code",
    "commune",
    "phone",
    "email",
    "contact_name",
    "opening_hours",
    "capacity_status",
    "last_verified_on",
    "referral_reminder_days",
    "referral_expiry_days",
]

ABSENT = uuid.UUID(int=0)  # no row has it


def _full_clean(obj) -> None:
    try:
        obj.full_clean(exclude=["public_id"])
    except ValidationError as exc:
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        raise AnsamError(_("Some fields are not valid."), fields=fields) from None


def _apply(obj, data: dict, allowed: list[str]) -> None:
    for key, value in data.items():
        if key not in allowed:
            raise AnsamError(_("Unknown field: %s") % key, fields={key: [_("Unknown field.")]})
        setattr(obj, key, value)
    if getattr(obj, "commune", None) is not None:
        obj.commune_name = obj.commune.name


def sync_service_tags(service: Service) -> None:
    """The tags table mirrors the service's code lists (used for filtering)."""
    service.categories = sorted(
        set(service.categories) | {categorie_of(t) for t in service.thematiques}
    )
    wanted = (
        [("thematique", c) for c in service.thematiques]
        + [("categorie", c) for c in service.categories]
        + [("public", c) for c in service.publics]
        + [("mode_accueil", c) for c in service.reception_modes]
        + [("type", c) for c in service.types]
    )
    ServiceTag.objects.filter(service=service).delete()
    ServiceTag.objects.bulk_create(
        [ServiceTag(service=service, kind=k, code=c) for k, c in sorted(set(wanted))]
    )


def service_set_areas(service: Service, areas: list[tuple[str, str]]) -> None:
    """Replace the area served; with none given, the service's own commune."""
    if not areas:
        commune = service.commune or service.organisation.commune
        areas = [(AreaKind.COMMUNE, commune.code)] if commune else []
    ServiceArea.objects.filter(service=service).delete()
    ServiceArea.objects.bulk_create(
        [ServiceArea(service=service, kind=k, code=c) for k, c in areas]
    )


def _check_codes(service: Service) -> None:

    vocab = labels()
    errors = {}
    for field, kind in (
        ("thematiques", "thematique"),
        ("publics", "public"),
        ("types", "type"),
        ("reception_modes", "mode_accueil"),
        ("referral_modes", "mode_mobilisation"),
        ("referrable_by", "mobilisable_par"),
    ):
        unknown = [c for c in getattr(service, field) if c not in vocab[kind]]
        if unknown:
            errors[field] = [_("Unknown code: %s") % ", ".join(unknown)]
    if service.fees and service.fees not in vocab["frais"]:
        errors["fees"] = [_("Unknown code: %s") % service.fees]
    if not 1 <= service.referral_reminder_days < service.referral_expiry_days <= 365:
        errors["referral_expiry_days"] = [
            _("A referral expires after its reminder, within a year.")
        ]
    if "tous-publics" in service.publics and len(service.publics) > 1:
        errors["publics"] = [_("“All publics” cannot be combined with other publics.")]
    if errors:
        raise AnsamError(_("Some fields are not valid."), fields=errors)


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, data: dict) -> Organisation:
    if not rules.can_edit_organisation(actor, organisation):
        raise NotFound()
    _apply(organisation, data, ORGANISATION_FIELDS)
    _full_clean(organisation)
    organisation.save()
    services = list(organisation.services.select_related("organisation"))
    index_services(services)
    return organisation


@transaction.atomic
def organisation_set_emergency_actor(*, actor: User, organisation: Organisation, value: bool):
    """Mark (or unmark) an organisation whose professionals may open an emergency access."""
    if not rules.can_mark_emergency_actors(actor):
        raise NotFound()
    organisation.emergency_actor = value
    organisation.save(update_fields=["emergency_actor", "updated_at"])
    return organisation


@transaction.atomic
def service_save(
    *,
    actor: User,
    organisation: Organisation,
    data: dict,
    service: Service | None = None,
    areas: list[tuple[str, str]] | None = None,
) -> Service:
    """Create (service=None) or update a service of the organisation."""
    if not rules.can_manage_organisation(actor, organisation):
        raise NotFound()
    if service is None:
        service = Service(organisation=organisation)
    elif service.organisation_id != organisation.pk:
        raise NotFound()
    _apply(service, data, SERVICE_FIELDS)
    _check_codes(service)
    _full_clean(service)
    service.save()
    sync_service_tags(service)
    Service.objects.filter(pk=service.pk).update(categories=service.categories)
    if areas is not None or not service.areas.exists():
        service_set_areas(service, _validated_areas(areas or []))
    index_services([service])
    return service


def _validated_areas(areas: list[tuple[str, str]]) -> list[tuple[str, str]]:
    checked = []
    for kind, code in areas:
        if kind == AreaKind.FRANCE:
            checked.append((kind, ""))
        elif kind == AreaKind.COMMUNE and not Commune.objects.filter(code=code).exists():
            raise AnsamError(_("Unknown commune code: %s") % code, fields={"areas": [code]})
        elif kind not in AreaKind.values:
            raise AnsamError(_("Unknown area kind: %s") % kind, fields={"areas": [kind]})
        else:
            checked.append((kind, code))
    return checked


@transaction.atomic
def service_delete(*, actor: User, service: Service) -> None:
    if not rules.can_edit_service(actor, service):
        raise NotFound()
    service.delete()
    directory_changed()


# --- memberships and invitations ---------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def membership_end(*, actor: User, membership: Membership) -> Membership:
    if not rules.can_end_membership(actor, membership):
        raise NotFound()
    if not membership.is_active:
        raise AnsamError(_("This membership has already ended."))
    if membership.user_id == actor.pk and membership.role == Membership.Role.MANAGER:
        managers = Membership.objects.filter(
            organisation=membership.organisation, is_active=True, role=Membership.Role.MANAGER
        ).count()
        if managers <= 1:
            raise AnsamError(_("You are the last manager of this organisation."))
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.ended_by = actor
    membership.save(update_fields=["is_active", "ended_at", "ended_by", "updated_at"])
    # Whatever the person could reach through this organisation is cut at once.
    membership.user.end_all_sessions()
    rules.forget_roles(actor)
    return membership


@transaction.atomic
def invitation_create(*, actor: User, organisation: Organisation, email: str, role: str):
    """Returns (invitation, token); only the token's hash is stored."""
    if not rules.can_invite_member(actor, organisation):
        raise NotFound()
    return _invite(actor, organisation, email, role)


def _invite(actor: User, organisation: Organisation, email: str, role: str):
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise AnsamError(_("Unknown role."), fields={"role": [_("Unknown role.")]})
    if Membership.objects.filter(
        organisation=organisation, user__email__iexact=email, is_active=True
    ).exists():
        raise AnsamError(
            _("This person is already a member of the organisation."),
            fields={"email": [_("Already a member.")]},
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    return invitation, token


def invitation_by_token(token: str) -> Invitation:
    """The pending invitation of a token, or a clear error saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=_hash_token(token or ""))
        .first()
    )
    if invitation is None:
        raise NotFound(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise AnsamError(_("This invitation has already been used."), code="invitation_used")
    if invitation.revoked_at is not None:
        raise AnsamError(_("This invitation was withdrawn."), code="invitation_revoked")
    if invitation.expires_at <= timezone.now():
        raise AnsamError(
            _("This invitation has expired. Ask the organisation for a new one."),
            code="invitation_expired",
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = invitation_by_token(token)
    # Lock the row so that a double submission cannot use the token twice.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise AnsamError(_("This invitation has already been used."), code="invitation_used")
    if user.email.lower() != invitation.email.lower():
        raise Forbidden(_("This invitation was sent to another email address."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organisation=invitation.organisation, role=invitation.role
            )
    except IntegrityError:
        raise AnsamError(_("You are already a member of this organisation.")) from None
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return membership


def membership_requests(organisation: Organisation) -> list[MembershipRequest]:
    return list(
        MembershipRequest.objects.filter(organisation=organisation, decided_at=None)
        .select_related("user")
        .order_by("created_at")
    )


def membership_request_for(actor: User, public_id: object) -> MembershipRequest:
    """A pending request to join an organisation the actor manages; any other is absent."""
    asked = (
        MembershipRequest.objects.select_related("organisation", "user")
        .filter(public_id=maybe_public_id(public_id) or ABSENT, decided_at=None)
        .first()
    )
    if asked is None or not rules.can_invite_member(actor, asked.organisation):
        raise NotFound()
    return asked


@transaction.atomic
def membership_request_decide(*, actor: User, asked: MembershipRequest, accept: bool) -> None:
    """A manager accepts (the person becomes a social worker of the organisation) or declines
    someone who signed in with ProConnect under its SIRET."""
    if not rules.can_invite_member(actor, asked.organisation):
        raise NotFound()
    if (
        MembershipRequest.objects.filter(pk=asked.pk, decided_at=None).update(
            decided_at=timezone.now(), decided_by=actor, accepted=accept
        )
        == 0
    ):
        raise Conflict(_("This request was already decided."), code="already_decided")
    if (
        accept
        and not Membership.objects.filter(
            user=asked.user, organisation=asked.organisation, is_active=True
        ).exists()
    ):
        Membership.objects.create(
            user=asked.user, organisation=asked.organisation, role=Membership.Role.WORKER
        )
    text = (
        _("You can now sign in to Ansam with ProConnect: %(org)s accepted you.")
        if accept
        else _("%(org)s did not accept your request to join it on Ansam.")
    ) % {"org": asked.organisation.name}
    send_email.enqueue(subject=text[:150], body=text, to=[asked.user.email])


@transaction.atomic
def organisation_create(
    *, actor: User, data: dict, commune: Commune | None, manager_email: str
) -> tuple[Organisation, Invitation, str]:
    """One organisation of the territory, by hand, with the invitation of its first manager
    (returns the organisation, the invitation and its token). Its typology says what its
    professionals read of a record (their need-to-know profile)."""
    if not rules.can_set_up_territory(actor):
        raise NotFound()
    errors: dict[str, list[str]] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = [_("Required.")]
    if not (manager_email or "").strip():
        errors["manager_email"] = [_("Give the email of its first manager.")]
    organisation = Organisation(
        name=name[:150],
        typology=data.get("typology") or "",
        siret=(data.get("siret") or "").replace(" ", ""),
        commune=commune,
        commune_name=commune.name if commune else "",
        postal_code=(data.get("postal_code") or "")[:5],
        address=(data.get("address") or "")[:255],
        source="ansam",
    )
    try:
        organisation.full_clean(exclude=["commune", "source_id"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if organisation.siret and Organisation.objects.filter(siret=organisation.siret).exists():
        errors.setdefault("siret", []).append(_("An organisation with this SIRET already exists."))
    if errors:
        raise AnsamError(_("Some fields are not valid."), fields=errors)
    organisation.save()
    invitation, token = _invite(actor, organisation, manager_email, Membership.Role.MANAGER)
    return organisation, invitation, token


def territory_checklist() -> dict[str, Any]:
    """What the territory still lacks: organisations without an active manager, organisations
    without services, managers who never signed in."""
    managed = Membership.objects.filter(
        organisation=OuterRef("pk"), is_active=True, role=Membership.Role.MANAGER
    )
    invited = Invitation.objects.filter(
        organisation=OuterRef("pk"), accepted_at=None, revoked_at=None
    )
    without_manager = (
        Organisation.objects.annotate(managed=Exists(managed), invited=Exists(invited))
        .filter(managed=False)
        .order_by("name")
    )
    return {
        "without_manager": list(without_manager[:200]),
        "without_manager_count": without_manager.count(),
        "without_services": list(
            Organisation.objects.filter(uses_ansam=True, services__isnull=True).order_by("name")[
                :200
            ]
        ),
        "never_signed_in": list(
            Membership.objects.filter(
                is_active=True, role=Membership.Role.MANAGER, user__last_login__isnull=True
            )
            .select_related("user", "organisation")
            .order_by("organisation__name")[:200]
        ),
    }
