"""The admin names its objects in the reader's language (it read "Memberships", "(manager)",
"Need to know profiles" in French)."""

import pytest

from tests.conftest import verified_login
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_in_french(client):
    operator = UserFactory(is_staff=True, is_superuser=True)
    verified_login(client, operator)
    index = client.get("/admin/").content.decode()
    for name in ("Rattachements", "Profils de besoin d’en connaître", "Structures", "Invitations"):
        assert name in index, name
    assert "Memberships" not in index and "Need to know" not in index
    membership = MembershipFactory(role="manager")
    listing = client.get("/admin/organisations/membership/").content.decode()
    assert "(Responsable de structure)" in listing and "(manager)" not in listing
    assert membership.user.full_name in listing
