"""The territory coordinator marks the emergency actors; nobody else reaches the page."""

import pytest
from django.urls import reverse

from ansam.organisations.models import Organisation
from tests.conftest import page_shape, verified_login
from tests.sharing.test_record_matrix import ROLES
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_only_territory_coordinators_mark_emergency_actors(client, role):
    w = build_world()
    other = w.orgs["other"]
    if role != "anonymous":
        verified_login(client, w.users[role])
    page = client.get(reverse("web:emergency_actors") + "?q=Horizons")
    set_url = reverse("web:emergency_actor_set", args=[other.public_id])
    post = client.post(set_url, {"value": "1"})
    other.refresh_from_db()
    if role == "anonymous":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert not other.emergency_actor
    elif role == "territory_coordinator":
        assert page.status_code == 200 and "Association Horizons" in page.content.decode()
        assert "SIAO 115" in page.content.decode()  # already marked
        assert post.status_code == 302 and other.emergency_actor
        client.post(set_url, {"value": "0"})
        assert not Organisation.objects.get(pk=other.pk).emergency_actor
    else:
        unknown = client.get(reverse("web:emergency_actors") + "?q=Horizons")
        assert page.status_code == post.status_code == 404
        assert page_shape(page) == page_shape(unknown)
        assert not other.emergency_actor
