"""A stand-in for the State's OpenID Connect providers (FranceConnect, ProConnect) on the
loopback, at their protocol: discovery document, published keys
(a key pair generated for the run), token endpoint checking the client's secret and the code,
ID tokens and userinfo signed ES256. Each test sets what the next sign-in returns, or how it is
wrong (another key, another nonce, expired, unsigned userinfo)."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

CLIENT_ID = "ansam-test-client"
CLIENT_SECRET = "ansam-test-secret"  # noqa: S105 (the stand-in's own)


class Provider:
    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.other_key = ec.generate_private_key(ec.SECP256R1())  # signs "wrong signature"
        self.kid = "test-key-1"
        self.codes: dict[str, dict] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.issuer = self.base + "/api/v2"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def discovery(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"

    def close(self):
        self.server.shutdown()

    def approve(self, *, nonce: str, identity: dict, **wrong) -> str:
        """The person signed in at FranceConnect: a code for the service's callback."""
        code = f"code-{len(self.codes)}-{time.time_ns()}"
        self.codes[code] = {"nonce": nonce, "identity": identity, "wrong": wrong}
        return code

    def _sign(self, claims: dict, key=None, kid=None) -> str:
        return jwt.encode(
            claims, key or self.key, algorithm="ES256", headers={"kid": kid or self.kid}
        )

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, kind="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                path = urllib.parse.urlsplit(self.path).path
                if path.endswith("/.well-known/openid-configuration"):
                    return self._send(200, {
                        "issuer": provider.issuer,
                        "authorization_endpoint": provider.issuer + "/authorize",
                        "token_endpoint": provider.issuer + "/token",
                        "userinfo_endpoint": provider.issuer + "/userinfo",
                        "jwks_uri": provider.issuer + "/jwks",
                        "end_session_endpoint": provider.issuer + "/session/end",
                        "id_token_signing_alg_values_supported": ["ES256", "RS256"],
                    })  # fmt: skip
                if path.endswith("/jwks"):
                    jwk = jwt.algorithms.ECAlgorithm.to_jwk(provider.key.public_key(), as_dict=True)
                    return self._send(200, {"keys": [jwk | {"kid": provider.kid, "use": "sig",
                                                            "alg": "ES256"}]})  # fmt: skip
                if path.endswith("/userinfo"):
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    grant = provider.codes.get(token.removeprefix("access-"))
                    if grant is None:
                        return self._send(401, {"error": "invalid_token"})
                    claims = {
                        "iss": provider.issuer, "aud": CLIENT_ID, "iat": int(time.time()),
                        "exp": int(time.time()) + 60, **grant["identity"],
                    }  # fmt: skip
                    if grant["wrong"].get("unsigned_userinfo"):
                        return self._send(200, claims)
                    return self._send(200, provider._sign(claims).encode(), "application/jwt")
                return self._send(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if not self.path.endswith("/token"):
                    return self._send(404, {"error": "not_found"})
                if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                    return self._send(401, {"error": "invalid_client"})
                grant = provider.codes.get(form.get("code", ""))
                if grant is None or form.get("grant_type") != "authorization_code":
                    return self._send(400, {"error": "invalid_grant"})
                wrong, now = grant["wrong"], int(time.time())
                claims = {
                    "iss": provider.issuer,
                    "aud": CLIENT_ID,
                    "sub": grant["identity"]["sub"],
                    "iat": now - 700 if wrong.get("expired") else now,
                    "exp": now - 600 if wrong.get("expired") else now + 60,
                    "nonce": wrong.get("wrong_nonce", grant["nonce"]),
                    "acr": wrong.get("acr", "eidas1"),
                    **wrong.get("id_claims", {}),
                }
                key = provider.other_key if wrong.get("bad_signature") else None
                return self._send(200, {
                    "access_token": "access-" + form["code"],
                    "token_type": "Bearer",
                    "expires_in": 60,
                    "id_token": provider._sign(claims, key),
                })  # fmt: skip

        return Handler


def configured(settings, name: str, provider: Provider) -> Provider:
    """Point the named client's settings (FRANCECONNECT, PROCONNECT) at the stand-in, with its
    cached discovery and keys forgotten."""
    from django.core.cache import cache

    setattr(settings, f"ANSAM_{name}_DISCOVERY_URL", provider.discovery)
    setattr(settings, f"ANSAM_{name}_CLIENT_ID", CLIENT_ID)
    setattr(settings, f"ANSAM_{name}_CLIENT_SECRET", CLIENT_SECRET)
    key = name.lower()
    cache.delete_many([f"oidc:{key}:configuration", f"oidc:{key}:jwks"])
    return provider
