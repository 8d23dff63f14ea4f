"""FranceConnect (version 2) for the person's own space, through the State providers' OpenID
Connect client (core/oidc.py): scopes `openid given_name family_name birthdate email`,
`acr_values=eidas1`, a signed userinfo, logout at the provider.

An identity signs in only to the space it was linked to, and a professional opened that space:
the person links FranceConnect from inside their space (after signing in with the code their
worker gave), and an identity whose birth date or names differ from the record is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from ansam.core import oidc
from ansam.core.oidc import OidcError as FranceConnectError  # noqa: F401 (the views catch it)
from ansam.core.text import words
from ansam.people.models import Person

SCOPES = "openid given_name family_name birthdate email"


def client() -> oidc.Client:
    return oidc.Client(
        name="franceconnect",
        discovery_url=settings.ANSAM_FRANCECONNECT_DISCOVERY_URL,
        client_id=settings.ANSAM_FRANCECONNECT_CLIENT_ID,
        client_secret=settings.ANSAM_FRANCECONNECT_CLIENT_SECRET,
        scopes=SCOPES,
        acr="eidas1",
        failure=_(
            "FranceConnect could not confirm who you are. Try again, or use the code "
            "from your worker."
        ),
        extra={"prompt": "login"},
    )


@dataclass(frozen=True)
class Identity:
    sub: str
    given_name: str
    family_name: str
    birthdate: date | None
    email: str
    id_token: str


def enabled() -> bool:
    return client().enabled


def authorize_url(session, *, purpose: str, redirect_uri: str) -> str:
    return oidc.authorize_url(client(), session, purpose=purpose, redirect_uri=redirect_uri)


def finish(session, params, *, redirect_uri: str) -> tuple[str, Identity]:
    answer = oidc.finish(client(), session, params, redirect_uri=redirect_uri)
    info = answer.info
    try:
        birthdate = date.fromisoformat(info.get("birthdate", ""))
    except ValueError:
        birthdate = None
    return answer.purpose, Identity(
        sub=answer.claims["sub"],
        given_name=info.get("given_name", ""),
        family_name=info.get("family_name", ""),
        birthdate=birthdate,
        email=info.get("email", ""),
        id_token=answer.id_token,
    )


def logout_url(id_token: str, *, post_logout_redirect_uri: str) -> str | None:
    return oidc.logout_url(client(), id_token, post_logout_redirect_uri=post_logout_redirect_uri)


def matches(identity: Identity, person: Person) -> bool:
    """The identity is the record's person: the same birth date, a family name that is the
    record's birth or used name, and the record's first given name among its given names
    (accents and case aside). A check of a link a professional made, never a search."""
    if identity.birthdate != person.birth_date:
        return False
    family = words(identity.family_name)
    if family not in (words(person.birth_name), words(person.used_name)):
        return False
    given = words(person.given_names)
    return bool(given) and given[0] in words(identity.given_name)
