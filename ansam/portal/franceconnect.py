"""FranceConnect (OpenID Connect, version 2) for the person's own space, as the State's
services use it: the authorization code flow, the state and nonce kept in the server-side
session, the ID token and the signed userinfo checked against the provider's published keys
(ES256 or RS256), acr_values=eidas1, and logout at the provider.

An identity signs in only to the space it was linked to, and a professional opened that space:
the person links FranceConnect from inside their space (after signing in with the code their
worker gave), and an identity whose birth date or names differ from the record is refused."""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date

import jwt
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from ansam.core.text import words
from ansam.people.models import Person

ALGORITHMS = ["ES256", "RS256"]
SCOPES = "openid given_name family_name birthdate email"
ACR = "eidas1"
SESSION_KEY = "_ansam_franceconnect"
FLOW_SECONDS = 600
TIMEOUT = 10
CACHE_SECONDS = 3600


class FranceConnectError(Exception):
    """A sign-in that cannot go on; the message is safe to show the person."""


@dataclass(frozen=True)
class Identity:
    sub: str
    given_name: str
    family_name: str
    birthdate: date | None
    email: str
    id_token: str


def enabled() -> bool:
    return bool(
        settings.ANSAM_FRANCECONNECT_DISCOVERY_URL
        and settings.ANSAM_FRANCECONNECT_CLIENT_ID
        and settings.ANSAM_FRANCECONNECT_CLIENT_SECRET
    )


def _fail(log_reason: str) -> FranceConnectError:
    error = FranceConnectError(
        _(
            "FranceConnect could not confirm who you are. Try again, or use the code "
            "from your worker."
        )
    )
    error.reason = log_reason  # type: ignore[attr-defined]  # for the log, never shown
    return error


def _request(url: str, **kwargs) -> urllib.request.Request:
    """HTTPS only (plain HTTP on the loopback, for a provider started by the tests)."""
    parts = urllib.parse.urlsplit(url)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise _fail(f"refused address {url}")
    return urllib.request.Request(url, **kwargs)  # noqa: S310 (scheme checked above)


def _open(request: urllib.request.Request) -> tuple[str, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.headers.get("Content-Type", ""), response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise _fail(f"provider unreachable: {exc}") from exc


def _json(request: urllib.request.Request) -> dict:
    _kind, body = _open(request)
    try:
        return json.loads(body)
    except ValueError as exc:
        raise _fail("provider answered no JSON") from exc


def configuration() -> dict:
    key = "franceconnect:configuration"
    found = cache.get(key)
    if found is None:
        found = _json(_request(settings.ANSAM_FRANCECONNECT_DISCOVERY_URL))
        cache.set(key, found, CACHE_SECONDS)
    return found


def _key_for(token: str, *, refreshed: bool = False):
    """The provider's public key that signed this token; the key set is fetched again once
    when the key is not known (the provider rotated its keys)."""
    cache_key = "franceconnect:jwks"
    keys = cache.get(cache_key)
    if keys is None or refreshed:
        keys = _json(_request(configuration()["jwks_uri"]))
        cache.set(cache_key, keys, CACHE_SECONDS)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise _fail(f"unreadable token: {exc}") from exc
    if header.get("alg") not in ALGORITHMS:
        raise _fail(f"algorithm {header.get('alg')} refused")
    for jwk in jwt.PyJWKSet.from_dict(keys).keys:
        if jwk.key_id == header.get("kid"):
            return jwk.key
    if not refreshed:
        return _key_for(token, refreshed=True)
    raise _fail("unknown signing key")


def _verified(token: str) -> dict:
    conf = configuration()
    try:
        return jwt.decode(
            token,
            _key_for(token),
            algorithms=ALGORITHMS,
            audience=settings.ANSAM_FRANCECONNECT_CLIENT_ID,
            issuer=conf["issuer"],
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            leeway=60,
        )
    except jwt.PyJWTError as exc:
        raise _fail(f"token refused: {exc}") from exc


def authorize_url(session, *, purpose: str, redirect_uri: str) -> str:
    """Where to send the person; the state and nonce wait in their session."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session[SESSION_KEY] = {"state": state, "nonce": nonce, "purpose": purpose, "at": time.time()}
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": settings.ANSAM_FRANCECONNECT_CLIENT_ID,
            "redirect_uri": redirect_uri,
            "scope": SCOPES,
            "state": state,
            "nonce": nonce,
            "acr_values": ACR,
            "prompt": "login",
        }
    )
    return f"{configuration()['authorization_endpoint']}?{query}"


def finish(session, params, *, redirect_uri: str) -> tuple[str, Identity]:
    """The person is back from FranceConnect: check the state, exchange the code, check the ID
    token (signature, issuer, audience, expiry, nonce, level) and the signed userinfo. Returns
    the flow's purpose and the identity."""
    pending = session.pop(SESSION_KEY, None)
    if not pending or not secrets.compare_digest(str(params.get("state", "")), pending["state"]):
        raise _fail("state does not match")
    if time.time() - pending["at"] > FLOW_SECONDS:
        raise _fail("flow too old")
    if params.get("error"):
        raise FranceConnectError(_("The sign-in with FranceConnect was cancelled."))
    conf = configuration()
    tokens = _json(
        _request(
            conf["token_endpoint"],
            data=urllib.parse.urlencode(
                {
                    "grant_type": "authorization_code",
                    "code": params.get("code", ""),
                    "redirect_uri": redirect_uri,
                    "client_id": settings.ANSAM_FRANCECONNECT_CLIENT_ID,
                    "client_secret": settings.ANSAM_FRANCECONNECT_CLIENT_SECRET,
                }
            ).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
    )
    id_token, access = tokens.get("id_token", ""), tokens.get("access_token", "")
    if not id_token or not access:
        raise _fail("no token in the answer")
    claims = _verified(id_token)
    if not secrets.compare_digest(str(claims.get("nonce", "")), pending["nonce"]):
        raise _fail("nonce does not match")
    if claims.get("acr") != ACR:
        raise _fail(f"level {claims.get('acr')} is not {ACR}")
    kind, body = _open(
        _request(conf["userinfo_endpoint"], headers={"Authorization": f"Bearer {access}"})
    )
    if not kind.startswith("application/jwt"):
        raise _fail("userinfo is not signed")
    info = _verified(body.decode())
    if info.get("sub") != claims["sub"]:
        raise _fail("userinfo is about another identity")
    try:
        birthdate = date.fromisoformat(info.get("birthdate", ""))
    except ValueError:
        birthdate = None
    return pending["purpose"], Identity(
        sub=claims["sub"],
        given_name=info.get("given_name", ""),
        family_name=info.get("family_name", ""),
        birthdate=birthdate,
        email=info.get("email", ""),
        id_token=id_token,
    )


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


def logout_url(id_token: str, *, post_logout_redirect_uri: str) -> str | None:
    end = configuration().get("end_session_endpoint")
    if not end:
        return None
    query = urllib.parse.urlencode(
        {
            "id_token_hint": id_token,
            "state": secrets.token_urlsafe(16),
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
    )
    return f"{end}?{query}"
