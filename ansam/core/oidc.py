"""An OpenID Connect client for the State's providers (FranceConnect for the people
accompanied, ProConnect for professionals), which speak the same protocol: the authorization
code flow, the state and nonce kept in the server-side session, the ID token and the userinfo
(a signed JWT) checked against the provider's published keys (ES256 or RS256), and logout at
the provider. Each provider is configured by its discovery document, client id and secret."""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import jwt
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.utils.translation import gettext as _

ALGORITHMS = ["ES256", "RS256"]
FLOW_SECONDS = 600
TIMEOUT = 10
CACHE_SECONDS = 3600


class OidcError(Exception):
    """A sign-in that cannot go on; the message is safe to show, `reason` is for the log."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Client:
    name: str  # also the session's and the cache's key
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str
    acr: str = ""  # the level asked for and required back, if any
    failure: str = ""  # what the person reads when the provider's answer is refused
    extra: dict[str, str] = field(
        default_factory=dict
    )  # more parameters for the authorization request

    @property
    def enabled(self) -> bool:
        return bool(self.discovery_url and self.client_id and self.client_secret)

    def fail(self, reason: str) -> OidcError:
        return OidcError(self.failure or _("The sign-in could not be confirmed."), reason)


def _request(client: Client, url: str, **kwargs: Any) -> urllib.request.Request:
    """HTTPS only (plain HTTP on the loopback, for a provider started by the tests)."""
    parts = urllib.parse.urlsplit(url)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise client.fail(f"refused address {url}")
    return urllib.request.Request(url, **kwargs)  # noqa: S310 (scheme checked above)


def _open(client: Client, request: urllib.request.Request) -> tuple[str, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.headers.get("Content-Type", ""), response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise client.fail(f"provider unreachable: {exc}") from exc


def _json(client: Client, request: urllib.request.Request) -> dict[str, Any]:
    _kind, body = _open(client, request)
    try:
        return cast(dict[str, Any], json.loads(body))
    except ValueError as exc:
        raise client.fail("provider answered no JSON") from exc


def configuration(client: Client) -> dict[str, Any]:
    key = f"oidc:{client.name}:configuration"
    found = cache.get(key)
    if found is None:
        found = _json(client, _request(client, client.discovery_url))
        cache.set(key, found, CACHE_SECONDS)
    return cast(dict[str, Any], found)


def forget(client: Client) -> None:
    cache.delete_many([f"oidc:{client.name}:configuration", f"oidc:{client.name}:jwks"])


def _key_for(client: Client, token: str, *, refreshed: bool = False) -> Any:
    """The provider's public key that signed this token; the key set is fetched again once
    when the key is not known (the provider rotated its keys)."""
    cache_key = f"oidc:{client.name}:jwks"
    keys = cache.get(cache_key)
    if keys is None or refreshed:
        keys = _json(client, _request(client, configuration(client)["jwks_uri"]))
        cache.set(cache_key, keys, CACHE_SECONDS)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise client.fail(f"unreadable token: {exc}") from exc
    if header.get("alg") not in ALGORITHMS:
        raise client.fail(f"algorithm {header.get('alg')} refused")
    for jwk in jwt.PyJWKSet.from_dict(keys).keys:
        if jwk.key_id == header.get("kid"):
            return jwk.key
    if not refreshed:
        return _key_for(client, token, refreshed=True)
    raise client.fail("unknown signing key")


def verified(client: Client, token: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token,
            _key_for(client, token),
            algorithms=ALGORITHMS,
            audience=client.client_id,
            issuer=configuration(client)["issuer"],
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            leeway=60,
        )
    except jwt.PyJWTError as exc:
        raise client.fail(f"token refused: {exc}") from exc


def authorize_url(client: Client, session: SessionBase, *, purpose: str, redirect_uri: str) -> str:
    """Where to send the person; the state and nonce wait in their session."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session[f"_ansam_oidc_{client.name}"] = {
        "state": state, "nonce": nonce, "purpose": purpose, "at": time.time(),
    }  # fmt: skip
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": redirect_uri,
        "scope": client.scopes,
        "state": state,
        "nonce": nonce,
        **({"acr_values": client.acr} if client.acr else {}),
        **client.extra,
    }
    return f"{configuration(client)['authorization_endpoint']}?{urllib.parse.urlencode(params)}"


@dataclass(frozen=True)
class Answer:
    purpose: str
    claims: dict[str, Any]  # the ID token's
    info: dict[str, Any]  # the userinfo's
    id_token: str


def finish(
    client: Client, session: SessionBase, params: Mapping[str, str], *, redirect_uri: str
) -> Answer:
    """The person is back from the provider: check the state, exchange the code, check the ID
    token (signature, issuer, audience, expiry, nonce, level) and the signed userinfo."""
    pending = session.pop(f"_ansam_oidc_{client.name}", None)
    if not pending or not secrets.compare_digest(str(params.get("state", "")), pending["state"]):
        raise client.fail("state does not match")
    if time.time() - pending["at"] > FLOW_SECONDS:
        raise client.fail("flow too old")
    if params.get("error"):
        raise OidcError(_("The sign-in was cancelled."), str(params.get("error")))
    conf = configuration(client)
    form = {
        "grant_type": "authorization_code",
        "code": params.get("code", ""),
        "redirect_uri": redirect_uri,
        "client_id": client.client_id,
        "client_secret": client.client_secret,
    }
    tokens = _json(
        client,
        _request(
            client,
            conf["token_endpoint"],
            data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        ),
    )
    id_token, access = tokens.get("id_token", ""), tokens.get("access_token", "")
    if not id_token or not access:
        raise client.fail("no token in the answer")
    claims = verified(client, id_token)
    if not secrets.compare_digest(str(claims.get("nonce", "")), pending["nonce"]):
        raise client.fail("nonce does not match")
    if client.acr and claims.get("acr") != client.acr:
        raise client.fail(f"level {claims.get('acr')} is not {client.acr}")
    kind, body = _open(
        client,
        _request(client, conf["userinfo_endpoint"], headers={"Authorization": f"Bearer {access}"}),
    )
    if not kind.startswith("application/jwt"):
        raise client.fail("userinfo is not signed")
    info = verified(client, body.decode())
    if info.get("sub") != claims["sub"]:
        raise client.fail("userinfo is about another identity")
    return Answer(pending["purpose"], claims, info, id_token)


def logout_url(client: Client, id_token: str, *, post_logout_redirect_uri: str) -> str | None:
    end = configuration(client).get("end_session_endpoint")
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
