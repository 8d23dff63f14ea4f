"""FranceConnect for the person's space against a provider on the loopback speaking its
protocol (generated keys, signed tokens): the good flow (link from inside the space, then sign
in without a code, sign out at the provider), and every way it must be refused: a wrong nonce,
a wrong signature, an expired token, another level, an unsigned userinfo, a foreign state, an
identity that is not the record's, an identity no professional's invitation led to."""

import urllib.parse
from datetime import date

import pytest

from ansam.access.models import AuditEvent
from ansam.portal import sign_in
from ansam.portal.models import PortalAccess
from tests.oidc_provider import CLIENT_ID, configured
from tests.plans.world import build_plan_world

pytestmark = pytest.mark.django_db
LEA = {
    "sub": "fc-sub-lea-123",
    "given_name": "Léa Marie",
    "family_name": "MARTIN",
    "birthdate": "1990-04-12",
    "email": "lea@example.org",
}


@pytest.fixture
def fc(oidc_provider, settings):
    return configured(settings, "FRANCECONNECT", oidc_provider)


@pytest.fixture
def world():
    return build_plan_world()


def _with_code(client, world):
    code = sign_in.code_give(actor=world.base.users["coordinator"], person=world.person)
    client.post("/me/sign-in/", {"code": code, "day": 12, "month": 4, "year": 1990})


def _round_trip(client, provider, purpose, identity, **wrong):
    """The person goes to FranceConnect and comes back: what the callback answers."""
    start = client.get(f"/me/franceconnect/{purpose}/")
    assert start.status_code == 302
    sent = urllib.parse.urlsplit(start["Location"])
    assert sent.netloc == urllib.parse.urlsplit(provider.base).netloc
    query = dict(urllib.parse.parse_qsl(sent.query))
    assert query["acr_values"] == "eidas1" and query["client_id"] == CLIENT_ID
    assert set(query["scope"].split()) == {"openid", "given_name", "family_name", "birthdate",
                                           "email"}  # fmt: skip
    state = wrong.pop("state", query["state"])
    code = provider.approve(nonce=query["nonce"], identity=identity, **wrong)
    return client.get("/me/franceconnect/callback/", {"code": code, "state": state}, follow=True)


def test_link_then_sign_in_without_a_code(fc, world, client):
    _with_code(client, world)
    page = client.get("/me/").content.decode()
    assert "Relier FranceConnect" in page
    linked = _round_trip(client, fc, "link", LEA)
    assert "vous pourrez ouvrir votre espace avec FranceConnect" in linked.content.decode()
    assert PortalAccess.objects.get().franceconnect_sub == LEA["sub"]
    client.post("/me/sign-out/")
    assert client.get("/me/plan/").status_code == 302
    signed_in = _round_trip(client, fc, "sign_in", LEA)
    assert signed_in.redirect_chain[-1][0] == "/me/"
    assert client.get("/me/plan/").status_code == 200
    event = AuditEvent.objects.filter(action="portal_sign_in").last()
    assert event.detail == {"how": "franceconnect"} and event.role == "person"
    out = client.post("/me/sign-out/")
    assert out["Location"].startswith(fc.issuer + "/session/end?")
    assert "id_token_hint=" in out["Location"]
    assert client.get("/me/plan/").status_code == 302


@pytest.mark.parametrize(
    "wrong",
    [
        {"wrong_nonce": "another-nonce"},
        {"bad_signature": True},
        {"expired": True},
        {"acr": "eidas2-unknown"},
        {"unsigned_userinfo": True},
        {"state": "forged-state"},
    ],
    ids=["nonce", "signature", "expired", "level", "unsigned-userinfo", "state"],
)
def test_refused_tokens(fc, world, client, wrong):
    _with_code(client, world)
    answer = _round_trip(client, fc, "link", LEA, **wrong)
    assert "FranceConnect n’a pas pu confirmer" in answer.content.decode()
    assert PortalAccess.objects.get().franceconnect_sub == ""


def test_an_identity_that_is_not_the_record_is_refused(fc, world, client):
    _with_code(client, world)
    other_birth = _round_trip(client, fc, "link", LEA | {"birthdate": "1990-12-04"})
    assert "ne correspond pas à votre dossier" in other_birth.content.decode()
    other_name = _round_trip(client, fc, "link", LEA | {"family_name": "MARTINEZ"})
    assert "ne correspond pas à votre dossier" in other_name.content.decode()
    assert PortalAccess.objects.get().franceconnect_sub == ""


def test_an_identity_nobody_invited_finds_no_space(fc, world, client):
    """Never matched by name: the same person, not linked yet, does not get in."""
    sign_in.code_give(actor=world.base.users["coordinator"], person=world.person)
    answer = _round_trip(client, fc, "sign_in", LEA)
    assert "pas encore reliée à un espace" in answer.content.decode()
    assert client.get("/me/plan/").status_code == 302


def test_without_settings_there_is_no_franceconnect(world, client):
    assert client.get("/me/franceconnect/sign_in/").status_code == 404
    assert "FranceConnect" not in client.get("/me/sign-in/").content.decode()


def test_a_linked_identity_is_refused_once_the_record_differs(fc, world, client):
    _with_code(client, world)
    _round_trip(client, fc, "link", LEA)
    client.post("/me/sign-out/")
    world.person.birth_date = date(1991, 4, 12)  # a worker corrected the record
    world.person.save()
    answer = _round_trip(client, fc, "sign_in", LEA)
    assert "votre dossier a changé" in answer.content.decode()
