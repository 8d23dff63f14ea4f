from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

SHARED_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
PARIS_SERVICES = SHARED_DATA / "data-inclusion" / "search_services_paris.json"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the real French geography (loaded once per run)."""
    from ansam.geo.loading import load_geography

    with django_db_blocker.unblock():
        load_geography(settings.GEO_DATA_DIR)


@pytest.fixture(autouse=True)
def _french_by_default(settings):
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def cast(db):
    """The standard cast: a manager and a worker of one organisation, an outsider elsewhere."""
    org = OrganisationFactory(name="CCAS de Nantes")
    other = OrganisationFactory(name="CHRS Le Phare")
    manager = MembershipFactory(organisation=org, role="manager").user
    worker = MembershipFactory(organisation=org, role="worker").user
    outsider = MembershipFactory(organisation=other, role="manager").user
    return type(
        "Cast",
        (),
        {"org": org, "other": other, "manager": manager, "worker": worker, "outsider": outsider},
    )


def verified_login(client, user):
    """Signed in with both factors, as every professional is in production."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login(client):
    def _login(user):
        return verified_login(client, user)

    return _login


@pytest.fixture
def user(db):
    return UserFactory()


def page_shape(response) -> str:
    """A page without what changes at every response (the masked CSRF token, CSP nonces): two
    answers that reveal the same thing have the same shape."""
    import re

    text = response.content.decode().replace(response.wsgi_request.path, "/the-address/")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', text)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', text)


@pytest.fixture(scope="module")
def oidc_provider():
    """A FranceConnect / ProConnect stand-in on the loopback (tests/oidc_provider.py)."""
    from tests.oidc_provider import Provider

    provider = Provider()
    yield provider
    provider.close()
