"""Idempotency-Key on the API's creations, as the IETF draft says: replay, 422 for another body,
409 while the first runs, 24-hour keys, declared in the OpenAPI schema."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ansam.api.urls import api
from ansam.core.idempotency import IdempotencyKey, purge
from ansam.referrals.models import Referral
from tests.conftest import verified_login
from tests.referrals.world import build_referral_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(client):
    w = build_referral_world()
    verified_login(client, w.sender)
    w.body = {
        "person_id": str(w.person.public_id),
        "service_id": str(w.service.public_id),
        "need_words": "Trouver un emploi.",
        "basis": "consent",
        "sections": ["identity"],
    }
    return w


def _post(client, body, key="k-1", path="/api/v1/referrals"):
    return client.post(
        path, body, content_type="application/json", headers={"Idempotency-Key": key}
    )


def test_the_same_key_with_another_body_is_refused(w, client):
    assert _post(client, w.body).status_code == 201
    other = _post(client, w.body | {"need_words": "Autre besoin."})
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert Referral.objects.count() == 1


def test_the_same_key_while_the_first_runs_is_told_to_wait(w, client):
    from ansam.core.idempotency import fingerprint

    first = client.post("/api/v1/referrals", w.body, content_type="application/json")
    request = first.wsgi_request
    IdempotencyKey.objects.create(user=w.sender, key="k-2", fingerprint=fingerprint(request))
    response = _post(client, w.body, key="k-2")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_in_flight"


def test_a_failed_creation_frees_its_key(w, client):
    bad = _post(client, w.body | {"need_words": "  "}, key="k-3")
    assert bad.status_code == 400
    assert _post(client, w.body | {"need_words": "  "}, key="k-3").status_code == 400
    assert not IdempotencyKey.objects.filter(key="k-3").exists()


def test_keys_expire_after_a_day(w, client):
    assert _post(client, w.body, key="k-4").status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert _post(client, w.body, key="k-4").status_code == 201
    assert Referral.objects.count() == 2
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert purge() == 1


def test_entries_and_people_honour_it_too(w, client):
    path = f"/api/v1/people/{w.person.public_id}/entries"
    body = {"section": "housing", "title": "Visite à domicile"}
    first, again = _post(client, body, "e-1", path), _post(client, body, "e-1", path)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]


def test_the_header_is_declared_on_every_post_that_honours_it():
    schema = api.get_openapi_schema()
    for path in ("/api/v1/referrals", "/api/v1/people", "/api/v1/people/{person_id}/entries"):
        names = [p["name"] for p in schema["paths"][path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
