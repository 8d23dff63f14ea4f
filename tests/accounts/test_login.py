import time

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ansam.accounts import two_factor
from ansam.accounts.middleware import LOGIN_AT, SEEN_AT
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:login_verify")
HOME = reverse("web:home")


def totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def with_second_factor(user) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.pending_totp_device(user)
    codes = two_factor.confirm_totp(user, device, totp_now(device))
    device.refresh_from_db()
    device.last_t = -1  # the set-up code may not be replayed; tests sign in in the same 30 s
    device.save()
    return device, codes


def allow_same_code_again(device: TOTPDevice) -> None:
    """Tests run within one 30-second step: let the device accept its current code again."""
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1
    device.save()


@pytest.fixture
def strict(settings):
    settings.ANSAM_REQUIRE_2FA = True


def post_login(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def test_login_page_is_public_and_french(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "Connexion à Ansam" in response.content.decode()


def test_every_other_page_requires_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_password_then_second_factor(client, strict):
    user = UserFactory()
    device, _ = with_second_factor(user)
    response = post_login(client, user.email)
    assert response.url == VERIFY
    # The password alone opens nothing.
    assert client.get(HOME).status_code == 302
    response = client.post(VERIFY, {"token": "000000"})
    assert "Ce code n’est pas valide" in response.content.decode()
    allow_same_code_again(device)  # a wrong code makes the next try wait a second or two
    response = client.post(VERIFY, {"token": totp_now(device)})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200


def test_backup_code_works_once(client, strict):
    user = UserFactory()
    _, codes = with_second_factor(user)
    post_login(client, user.email)
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 302
    client.logout()
    post_login(client, user.email)
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 200  # refused: used


def test_account_without_second_factor_must_set_one_up(client, strict):
    user = UserFactory()
    post_login(client, user.email)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor_setup")
    api = client.get("/api/v1/me")
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "second_factor_required"
    # Set it up with the app's code: then the pages open.
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": totp_now(device)})
    assert response.url == reverse("accounts:backup_codes")
    page = client.get(response.url).content.decode()
    assert page.count("<code>") == two_factor.BACKUP_CODES
    assert client.get(HOME).status_code == 200


def test_demo_without_second_factor(client, settings):
    settings.ANSAM_REQUIRE_2FA = False
    settings.DEMO = True
    user = UserFactory()
    page = client.get(LOGIN).content.decode()
    assert "La double authentification est désactivée ici" in page
    post_login(client, user.email)
    assert client.get(HOME).status_code == 200


def test_wrong_password_message(client):
    user = UserFactory()
    response = post_login(client, user.email, "wrong password!")
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()


def test_brute_force_locks_the_pair_not_the_victim(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.ANSAM_REQUIRE_2FA = False
    victim = UserFactory()
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for _ in range(3):
        post_login(client, victim.email, "guess-guess-guess", **attacker)
    locked = post_login(client, victim.email, PASSWORD, **attacker)
    assert locked.status_code == 429
    # The victim, from their own address, still signs in.
    response = post_login(client, victim.email, PASSWORD, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200


def test_password_spraying_stops_the_address_not_the_accounts(client, settings):
    settings.ANSAM_REQUIRE_2FA = False
    settings.ANSAM_LOGIN_ADDRESS_LIMIT = 20
    victims = [UserFactory() for _ in range(60)]
    sprayer = {"REMOTE_ADDR": "203.0.113.66"}
    answers = [
        post_login(client, v.email, "Printemps2026!", **sprayer).status_code for v in victims
    ]
    assert answers[:20] == [200] * 20  # a wrong password, said as such
    assert set(answers[20:]) == {429}  # then the address is refused, whatever it tries
    # Even the right password of a 61st account, from that address:
    assert post_login(client, UserFactory().email, PASSWORD, **sprayer).status_code == 429
    # No account was locked: each victim still signs in from elsewhere.
    response = post_login(client, victims[-1].email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


def test_idle_and_absolute_session_limits(client, settings):
    settings.ANSAM_REQUIRE_2FA = False
    user = UserFactory()
    client.force_login(user)
    assert client.get(HOME).status_code == 200
    session = client.session
    session[SEEN_AT] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    client.force_login(user)
    client.get(HOME)
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    assert client.get(HOME).status_code == 302


def test_disabling_an_account_or_ending_a_membership_ends_sessions(client, settings):
    from ansam.organisations.services import membership_end

    settings.ANSAM_REQUIRE_2FA = False
    membership = MembershipFactory()
    manager = MembershipFactory(organisation=membership.organisation, role="manager").user
    client.force_login(membership.user)
    assert client.get(HOME).status_code == 200
    membership_end(actor=manager, membership=membership)
    assert client.get(HOME).status_code == 302
    other = UserFactory()
    client.force_login(other)
    assert client.get(HOME).status_code == 200
    other.is_active = False
    other.save()
    assert client.get(HOME).status_code == 302


def test_password_reset_never_bypasses_the_second_factor(client, strict):
    user = UserFactory()
    with_second_factor(user)
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "a-brand-new-passphrase-2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    # Not signed in; signing in with the new password still asks for the code.
    assert client.get(HOME).status_code == 302
    assert post_login(client, user.email, new).url == VERIFY


def test_email_change_reasks_the_second_factor(client, strict):
    user = UserFactory()
    device, _ = with_second_factor(user)
    post_login(client, user.email)
    client.post(VERIFY, {"token": totp_now(device)})
    url = reverse("accounts:security")
    response = client.post(url, {"email": "new@example.org", "password": PASSWORD, "token": ""})
    assert "Ce code n’est pas valide" in response.content.decode()
    user.refresh_from_db()
    assert user.email != "new@example.org"
    allow_same_code_again(device)
    response = client.post(
        url, {"email": "new@example.org", "password": PASSWORD, "token": totp_now(device)}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "new@example.org"


def test_replacing_the_second_factor_needs_a_current_code(client, strict):
    user = UserFactory()
    device, codes = with_second_factor(user)
    post_login(client, user.email)
    client.post(VERIFY, {"token": codes[0]})
    client.get(reverse("accounts:two_factor_setup"))
    new_device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        reverse("accounts:two_factor_setup"),
        {"token": totp_now(new_device), "current-token": "123456"},
    )
    assert response.status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed  # old one kept
    for other in (*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)):
        other.throttle_reset()  # a wrong code makes the next try wait a second or two
    response = client.post(
        reverse("accounts:two_factor_setup"),
        {"token": totp_now(new_device), "current-token": codes[1]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_notification_preference_is_saved(client, settings):
    from tests.conftest import verified_login

    user = UserFactory()
    verified_login(client, user)
    client.post(reverse("accounts:security"), {"email_frequency": "none"})
    user.refresh_from_db()
    assert user.email_frequency == "none"
