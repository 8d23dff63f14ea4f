"""ProConnect for professionals (the State's sign-in for agents and social-sector staff), through
the State providers' OpenID Connect client (core/oidc.py): scopes `openid email given_name
usual_name siret uid idp_id`, a signed userinfo, logout at the provider.

An account is found by its ProConnect identity, or the first time by its email (the identity is
then kept); an email whose account holds another identity is refused. Someone with no account
whose SIRET is an organisation of the territory asks to join it: a manager decides. The `amr`
claim says whether the provider already asked for a second factor: then Ansam's own is not asked
again (recorded in the session and the access log). Password + TOTP stays for the others."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.core import links, oidc
from ansam.core.errors import AnsamError
from ansam.core.notifications import notify
from ansam.organisations.models import Membership, MembershipRequest, Organisation

SCOPES = "openid email given_name usual_name siret uid idp_id"
# Methods in `amr` that are a second factor at the provider (RFC 8176 names).
SECOND_FACTORS = {"mfa", "otp", "hwk", "swk", "sms", "mca"}
SESSION_ID_TOKEN = "_ansam_proconnect_id_token"  # noqa: S105 (a session key)


def client() -> oidc.Client:
    return oidc.Client(
        name="proconnect",
        discovery_url=settings.ANSAM_PROCONNECT_DISCOVERY_URL,
        client_id=settings.ANSAM_PROCONNECT_CLIENT_ID,
        client_secret=settings.ANSAM_PROCONNECT_CLIENT_SECRET,
        scopes=SCOPES,
        failure=_(
            "ProConnect could not confirm who you are. Try again, or sign in with your email "
            "and password."
        ),
    )


@dataclass(frozen=True)
class Identity:
    sub: str
    email: str
    given_name: str
    usual_name: str
    siret: str
    amr: tuple[str, ...]
    id_token: str

    @property
    def second_factor(self) -> bool:
        return bool(SECOND_FACTORS & set(self.amr))


def finish(session, params, *, redirect_uri: str) -> Identity:
    answer = oidc.finish(client(), session, params, redirect_uri=redirect_uri)
    info, claims = answer.info, answer.claims
    amr = claims.get("amr") or []
    return Identity(
        sub=claims["sub"],
        email=(info.get("email") or "").strip().lower(),
        given_name=info.get("given_name", ""),
        usual_name=info.get("usual_name", ""),
        siret="".join(c for c in str(info.get("siret", "")) if c.isdigit()),
        amr=tuple(amr if isinstance(amr, list) else [amr]),
        id_token=answer.id_token,
    )


class JoinRequested(Exception):
    """No account yet: a request to join the organisation of the SIRET went to its managers."""

    def __init__(self, organisation: Organisation) -> None:
        super().__init__(organisation.name)
        self.organisation = organisation


def account_for(identity: Identity) -> User:
    """The account this identity signs in to (raises AnsamError, or JoinRequested once the
    request is stored)."""
    with transaction.atomic():
        found = _account_or_request(identity)
    if isinstance(found, Organisation):
        raise JoinRequested(found)
    return found


def _account_or_request(identity: Identity) -> User | Organisation:
    user = User.objects.filter(proconnect_sub=identity.sub, is_active=True).first()
    if user is not None:
        return user
    if not identity.email:
        raise AnsamError(_("ProConnect gave no email address."), code="sign_in_refused")
    user = User.objects.select_for_update().filter(email__iexact=identity.email).first()
    if user is not None:
        if not user.is_active:
            raise AnsamError(_("This account is closed."), code="sign_in_refused")
        if user.proconnect_sub and user.proconnect_sub != identity.sub:
            raise AnsamError(
                _("The account of %(email)s is linked to another ProConnect identity. Sign in "
                  "with your password, or ask the operator.") % {"email": identity.email},
                code="sign_in_refused",
            )  # fmt: skip
        user.proconnect_sub = identity.sub
        user.save(update_fields=["proconnect_sub", "updated_at"])
        return user
    organisation = (
        Organisation.objects.filter(siret=identity.siret).first() if identity.siret else None
    )
    if organisation is None:
        raise AnsamError(
            _("There is no account for %(email)s, and no organisation of the territory has the "
              "SIRET %(siret)s. Ask your organisation's manager to invite you.")
            % {"email": identity.email, "siret": identity.siret or "—"},
            code="sign_in_refused",
        )  # fmt: skip
    user = User.objects.create_user(
        email=identity.email,
        first_name=identity.given_name[:150],
        last_name=identity.usual_name[:150],
        proconnect_sub=identity.sub,
    )
    MembershipRequest.objects.create(user=user, organisation=organisation)
    managers = [
        m.user
        for m in Membership.objects.filter(
            organisation=organisation, is_active=True, role=Membership.Role.MANAGER
        ).select_related("user")
    ]
    notify(
        managers,
        _("%(who)s (%(email)s) asks to join %(org)s through ProConnect.")
        % {"who": user.full_name or user.email, "email": user.email, "org": organisation.name},
        links.manage(organisation.public_id),
    )
    return organisation


def signed_in(user: User, identity: Identity) -> None:
    audit(
        actor=user,
        action=Audit.SIGN_IN_PROVIDER,
        detail={"provider": "proconnect", "amr": list(identity.amr),
                "second_factor": identity.second_factor},
    )  # fmt: skip
