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


@pytest.mark.parametrize("role", ROLES)
def test_only_territory_coordinators_set_up_the_territory(client, role, mailoutbox):
    from ansam.organisations.models import Invitation

    w = build_world()
    if role != "anonymous":
        verified_login(client, w.users[role])
    url = reverse("web:territory_setup")
    data = {
        "name": "CMP de Rezé", "typology": "CMP", "siret": "", "commune_code": "Rezé",
        "address": "1 rue de la Paix", "manager_email": "direction@cmp-reze.example.org",
    }  # fmt: skip
    page = client.get(url)
    post = client.post(url, data)
    created = Organisation.objects.filter(name="CMP de Rezé").first()
    if role == "anonymous":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert created is None
    elif role == "territory_coordinator":
        text = page.content.decode()
        assert page.status_code == 200 and "Structures sans responsable" in text
        assert post.status_code == 302 and created is not None
        assert created.commune_id == "44143" and not created.uses_ansam
        invitation = Invitation.objects.get(organisation=created)
        assert invitation.role == "manager" and invitation.email == data["manager_email"]
        assert "CMP de Rezé" in client.get(url).content.decode()  # now in what lacks a manager
        again = client.post(url, data | {"name": "", "siret": "12345678901234"})
        text = again.content.decode()
        assert "Ce champ est obligatoire" in text and "clé de contrôle" in text
    else:
        assert page.status_code == post.status_code == 404
        assert created is None
