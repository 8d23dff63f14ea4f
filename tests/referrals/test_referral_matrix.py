"""The authorization matrix extended to every referral page and endpoint."""

import pytest
from django.urls import reverse

from tests.conftest import verified_login
from tests.referrals.world import build_referral_world, send

pytestmark = pytest.mark.django_db

ROLES = [
    "sender",
    "care_team_member",
    "receiver",
    "receiver_colleague",
    "other_receiver",
    "outsider",
    "anonymous",
]
# who may open what (besides anonymous, always sent to the login page)
PAGES = {
    "web:referral": {"sender", "care_team_member", "receiver", "receiver_colleague"},
    "web:referral_letter": {"sender"},
    "web:refer": {"sender", "care_team_member"},
    "web:refer_send": {"sender", "care_team_member"},
}
OPEN_PAGES = {"web:referrals", "web:notifications", "web:referral_act"}
API = {
    "GET /referrals/{referral_id}": {
        "sender",
        "care_team_member",
        "receiver",
        "receiver_colleague",
    },
    "POST /referrals/{referral_id}/actions": {"receiver", "receiver_colleague"},
}
OPEN_API = {"GET /referrals", "POST /referrals"}


def _user(w, role):
    return {
        "sender": w.sender,
        "care_team_member": w.base.users["team_other_org"],
        "receiver": w.receiver,
        "receiver_colleague": w.receiver_colleague,
        "other_receiver": w.other_receiver,
        "outsider": w.outsider,
    }.get(role)


@pytest.fixture
def w():
    return build_referral_world()


@pytest.mark.parametrize("role", ROLES)
def test_referral_pages(w, client, role):
    referral = send(w, sections=["housing"])
    if role != "anonymous":
        verified_login(client, _user(w, role))
    failures = []
    for name, allowed in PAGES.items():
        if name in ("web:referral", "web:referral_letter"):
            url = reverse(name, args=[referral.public_id])
        elif name == "web:refer":
            url = reverse(name, args=[w.person.public_id])
        else:
            url = reverse(name, args=[w.person.public_id, w.service.public_id])
        response = client.get(url)
        if role == "anonymous":
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            ok = response.status_code == (200 if role in allowed else 404)
        if not ok:
            failures.append((name, response.status_code))
    # Caseload-like lists never show a referral to someone who may not see it.
    if role != "anonymous":
        queue = client.get(reverse("web:referrals")).content.decode()
        sent_queue = client.get(reverse("web:referrals") + "?tab=sent").content.decode()
        shown = "Contrat d&#x27;engagement jeune" in queue + sent_queue
        assert shown == (role in {"sender", "receiver", "receiver_colleague"})
    assert not failures, failures


@pytest.mark.parametrize("role", ROLES)
def test_referral_api_and_acts(w, client, role):
    referral = send(w, sections=["housing"])
    if role != "anonymous":
        verified_login(client, _user(w, role))
    get = client.get(f"/api/v1/referrals/{referral.public_id}")
    act = client.post(
        f"/api/v1/referrals/{referral.public_id}/actions",
        {"action": "decline", "reason": "other"},
        content_type="application/json",
    )
    page_act = client.post(reverse("web:referral_act", args=[referral.public_id, "start"]))
    if role == "anonymous":
        assert (get.status_code, act.status_code) == (401, 401)
        assert page_act.status_code == 302 and "/accounts/login/" in page_act["Location"]
        return
    expected_get = 200 if role in API["GET /referrals/{referral_id}"] else 404
    assert get.status_code == expected_get
    if role in API["POST /referrals/{referral_id}/actions"]:
        assert act.status_code == 200 and act.json()["state"] == "declined"
    else:
        assert act.status_code == 404 if expected_get == 404 else act.status_code in (403, 404)
        referral.refresh_from_db()
        assert referral.state in ("sent", "seen")
    if role not in PAGES["web:referral"]:
        assert page_act.status_code == 404


def test_every_referral_page_and_endpoint_is_in_a_matrix():
    from ansam.api.urls import api
    from tests.sharing.test_record_matrix import OPEN_API as RECORD_OPEN
    from tests.sharing.test_record_matrix import RECORD_API

    schema = api.get_openapi_schema()
    found = {
        f"{m.upper()} {p.removeprefix('/api/v1')}"
        for p, ms in schema["paths"].items()
        for m in ms
        if "/referrals" in p
    }
    assert found == set(API) | OPEN_API
    assert not (found & (set(RECORD_API) | RECORD_OPEN))


def test_idempotency_key_over_the_api(w, client):
    verified_login(client, w.sender)
    body = {
        "person_id": str(w.person.public_id),
        "service_id": str(w.service.public_id),
        "need_words": "Trouver un emploi.",
        "basis": "consent",
        "sections": ["identity"],
    }
    first = client.post(
        "/api/v1/referrals",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "k-1"},
    )
    again = client.post(
        "/api/v1/referrals",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "k-1"},
    )
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    illegal = client.post(
        f"/api/v1/referrals/{first.json()['id']}/actions",
        {"action": "close", "outcome": "met"},
        content_type="application/json",
    )
    assert illegal.status_code in (404, 409)
