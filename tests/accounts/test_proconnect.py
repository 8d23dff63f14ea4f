"""ProConnect for professionals against a provider on the loopback speaking its protocol
(generated keys, signed ID token and userinfo): an account found by email the first time then by
its identity; the provider's second factor spares Ansam's (with the setting requiring one); an
unknown SIRET refused; a known SIRET turns into a request to join that a manager decides; an
email whose account holds another identity refused; a wrong nonce or signature refused."""

import urllib.parse

import pytest

from ansam.access.models import AuditEvent
from ansam.accounts.models import User
from ansam.organisations.models import Membership, MembershipRequest
from tests.conftest import verified_login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.oidc_provider import configured

pytestmark = pytest.mark.django_db
SIRET = "21440109300015"  # a CCAS's, Luhn-valid
# A request to join is decided by a manager of its organisation (others: 404; tested below).
PROCONNECT_PAGES = {"web:membership_request_decide"}


@pytest.fixture
def pc(oidc_provider, settings):
    settings.ANSAM_REQUIRE_2FA = True
    return configured(settings, "PROCONNECT", oidc_provider)


def agent(email="claire.morel@ccas-nantes.fr", sub="pc-sub-1", siret=SIRET):
    return {
        "sub": sub,
        "email": email,
        "given_name": "Claire",
        "usual_name": "Morel",
        "siret": siret,
        "uid": "42",
        "idp_id": "fia1v2",
    }


def _round_trip(client, provider, identity, amr=("pwd",), **wrong):
    start = client.get("/accounts/proconnect/")
    assert start.status_code == 302
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(start["Location"]).query))
    assert set(query["scope"].split()) == {
        "openid", "email", "given_name", "usual_name", "siret", "uid", "idp_id",
    }  # fmt: skip
    code = provider.approve(
        nonce=query["nonce"], identity=identity, id_claims={"amr": list(amr)}, **wrong
    )
    return client.get(
        "/accounts/proconnect/callback/", {"code": code, "state": query["state"]}, follow=True
    )


def test_first_by_email_then_by_identity_with_the_providers_second_factor(pc, client):
    user = MembershipFactory(user__email="claire.morel@ccas-nantes.fr").user
    page = _round_trip(client, pc, agent(), amr=("pwd", "mfa"))
    assert page.redirect_chain[-1][0] == "/"  # home: Ansam's TOTP not asked again
    user.refresh_from_db()
    assert user.proconnect_sub == "pc-sub-1"
    event = AuditEvent.objects.get(action="sign_in_provider")
    assert event.actor_id == user.pk and event.detail["second_factor"] is True
    assert client.get("/people/").status_code == 200
    out = client.post("/accounts/logout/")
    assert out["Location"].startswith(pc.issuer + "/session/end?")
    # The next time, found by the identity even if the email changed at the provider.
    again = _round_trip(client, pc, agent(email="c.morel@nantes.fr"), amr=("mfa",))
    assert again.redirect_chain[-1][0] == "/"


def test_without_the_providers_second_factor_ansams_is_asked(pc, client):
    MembershipFactory(user__email="claire.morel@ccas-nantes.fr")
    page = _round_trip(client, pc, agent(), amr=("pwd",))
    assert page.redirect_chain[-1][0].startswith("/accounts/two-factor/")


def test_an_unknown_siret_is_refused(pc, client):
    page = _round_trip(client, pc, agent(siret="55210055400013")).content.decode()
    assert "aucune structure du territoire" in page
    assert not User.objects.filter(email="claire.morel@ccas-nantes.fr").exists()


def test_a_known_siret_asks_to_join_and_a_manager_decides(pc, client, mailoutbox):
    ccas = OrganisationFactory(name="CCAS de Nantes", siret=SIRET)
    manager = MembershipFactory(organisation=ccas, role="manager").user
    page = _round_trip(client, pc, agent()).content.decode()
    assert "est envoyée à ses responsables" in page
    asked = MembershipRequest.objects.get()
    assert manager.notifications.filter(text__contains="ProConnect").exists()
    decide = f"/membership-requests/{asked.public_id}/"
    assert "/accounts/login/" in client.post(decide, {"accept": "1"})["Location"]
    # Another organisation's manager cannot decide it.
    stranger = MembershipFactory(role="manager").user
    verified_login(client, stranger)
    assert (
        client.post(f"/membership-requests/{asked.public_id}/", {"accept": "1"}).status_code == 404
    )
    verified_login(client, manager)
    manage = client.get(f"/organisations/{ccas.public_id}/manage/").content.decode()
    assert "claire.morel@ccas-nantes.fr" in manage
    client.post(f"/membership-requests/{asked.public_id}/", {"accept": "1"})
    assert Membership.objects.filter(user=asked.user, organisation=ccas, is_active=True).exists()
    assert (
        client.post(f"/membership-requests/{asked.public_id}/", {"accept": "1"}).status_code == 404
    )


def test_a_known_email_with_another_identity_is_refused(pc, client):
    MembershipFactory(user=UserFactory(email="claire.morel@ccas-nantes.fr", proconnect_sub="old"))
    page = _round_trip(client, pc, agent(sub="someone-else")).content.decode()
    assert "lié à une autre identité ProConnect" in page
    assert client.get("/people/").status_code == 302


@pytest.mark.parametrize(
    "wrong", [{"wrong_nonce": "x"}, {"bad_signature": True}], ids=["nonce", "signature"]
)
def test_refused_tokens(pc, client, wrong):
    MembershipFactory(user__email="claire.morel@ccas-nantes.fr")
    page = _round_trip(client, pc, agent(), amr=("mfa",), **wrong).content.decode()
    assert "ProConnect n’a pas pu confirmer" in page
    assert client.get("/people/").status_code == 302
