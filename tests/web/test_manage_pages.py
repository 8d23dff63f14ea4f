import pytest
from django.core import mail
from django.urls import reverse

from ansam.organisations.models import Invitation, Membership, Service
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def test_manager_edits_the_organisation_page(cast, login):
    client = login(cast.manager)
    url = reverse("web:organisation_edit", args=[cast.org.public_id])
    response = client.post(url, {"name": "CCAS de Nantes", "siret": "12345678901234"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "clé de contrôle" in page  # French message on the field, nothing saved
    cast.org.refresh_from_db()
    assert cast.org.siret == ""
    response = client.post(
        url, {"name": "CCAS de Nantes", "siret": "87840202300013", "commune_code": "44109"}
    )
    assert response.status_code == 302
    cast.org.refresh_from_db()
    assert cast.org.siret == "87840202300013"


def test_non_members_cannot_edit(cast, login):
    for user in (cast.worker, cast.outsider):
        client = login(user)
        for name in ("web:organisation_edit", "web:manage", "web:service_new"):
            assert client.get(reverse(name, args=[cast.org.public_id])).status_code == 404


def test_manager_creates_and_edits_a_service(cast, login):
    client = login(cast.manager)
    url = reverse("web:service_new", args=[cast.org.public_id])
    response = client.post(url, {"name": "", "capacity_status": "open"})
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not Service.objects.exists()
    response = client.post(
        url,
        {
            "name": "Domiciliation",
            "description": "Une adresse pour recevoir son courrier.",
            "thematiques": [
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
            ],
            "publics": ["tous-publics"],
            "capacity_status": "open",
            "commune_code": "44109",
            "area_kind": "commune",
            "area_code": "44109",
        },
    )
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.categories == ["difficultes-administratives-ou-juridiques"]
    edit = reverse("web:service_edit", args=[cast.org.public_id, service.public_id])
    response = client.post(
        edit,
        {"name": "Domiciliation", "publics": ["tous-publics", "femmes"], "capacity_status": "open"},
    )
    assert "« Tous publics » ne peut pas être combiné" in response.content.decode()


def test_invitation_flow(cast, login, client):
    manager = login(cast.manager)
    url = reverse("web:invite", args=[cast.org.public_id])
    manager.post(url, {"email": "Nouvelle@Example.org", "role": "worker"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitation/" in line)
    path = link.split("8000", 1)[1]
    manager.logout()
    page = client.get(path).content.decode()
    assert "Rejoindre CCAS de Nantes" in page
    response = client.post(
        path,
        {
            "first_name": "Léa",
            "last_name": "Martin",
            "password1": "une-phrase-de-passe-solide",
            "password2": "une-phrase-de-passe-solide",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="nouvelle@example.org", is_active=True).exists()
    # A reused link says so.
    client.logout()
    page = client.get(path).content.decode()
    assert "Cette invitation a déjà été utilisée" in page


def test_expired_invitation(cast, login, client):
    from datetime import timedelta

    from django.utils import timezone

    from ansam.organisations.services import invitation_create

    _, token = invitation_create(
        actor=cast.manager, organisation=cast.org, email="x@example.org", role="worker"
    )
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 400
    assert "Cette invitation a expiré" in response.content.decode()
    assert client.get(reverse("accounts:invitation", args=["forged"])).status_code == 404


def test_manager_ends_a_membership(cast, login):
    membership = Membership.objects.get(user=cast.worker)
    assert (
        login(cast.outsider)
        .post(reverse("web:membership_end", args=[membership.public_id]))
        .status_code
        == 404
    )
    client = login(cast.manager)
    client.post(reverse("web:membership_end", args=[membership.public_id]))
    membership.refresh_from_db()
    assert not membership.is_active


def test_service_delete(cast, login):
    service = make_service(cast.org, actor=cast.manager, name="À retirer")
    assert (
        login(cast.outsider)
        .post(reverse("web:service_delete", args=[service.public_id]))
        .status_code
        == 404
    )
    login(cast.manager).post(reverse("web:service_delete", args=[service.public_id]))
    assert not Service.objects.filter(pk=service.pk).exists()
