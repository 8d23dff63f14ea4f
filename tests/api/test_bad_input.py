"""Bad input found by the probe: a clear error, never a 500, nothing lost."""

import pytest
from django.urls import reverse

from tests.conftest import verified_login
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"


@pytest.fixture
def w(client):
    w = build_world()
    verified_login(client, w.users["coordinator"])
    return w


def test_an_unknown_place_finds_nothing_instead_of_failing(w, client):
    api = client.get("/api/v1/directory/services?q=logement&commune=zzz")
    assert api.status_code == 200 and api.json()["total"] == 0
    page = client.get(reverse("web:directory") + "?q=logement&departement=zz")
    assert page.status_code == 200


def test_null_for_a_required_field_is_a_clear_error(w, client):
    url = f"/api/v1/people/{w.person.public_id}"
    response = client.patch(url, {"address": None}, content_type="application/json")
    assert response.status_code == 422
    assert "address" in response.json()["error"]["fields"]
    response = client.patch(url, {"birth_name": None}, content_type="application/json")
    assert response.status_code == 422
    assert client.get(url).json()["birth_name"] == "Martin"  # nothing lost


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/people",
        "/api/v1/referrals",
        "/api/v1/signals",
        "/api/v1/directory/services?q=logement",
        "PERSON_AUDIT",
    ],
)
def test_a_page_number_past_any_end_is_refused_clearly(w, client, url):
    url = url.replace("PERSON_AUDIT", f"/api/v1/people/{w.person.public_id}/audit")
    sep = "&" if "?" in url else "?"
    response = client.get(f"{url}{sep}page={HUGE}")
    assert response.status_code == 422
    assert "page" in response.json()["error"]["fields"]


def test_a_huge_page_number_on_a_page_shows_the_last_page(w, client):
    for url in (
        reverse("web:directory") + "?q=logement",
        reverse("web:caseload"),
        reverse("web:access_log", args=[w.person.public_id]),
    ):
        sep = "&" if "?" in url else "?"
        assert client.get(f"{url}{sep}page={HUGE}").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/people/{p}/sharing", "/api/v1/referrals/{r}/actions"])
def test_a_multipart_body_without_boundary_is_a_clear_error(path):
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from tests.referrals.world import build_referral_world, send

    rw = build_referral_world()
    referral = send(rw)
    # As a browser does: a CSRF cookie, so that the check reads the body it cannot parse.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    verified_login(client, rw.sender)
    client.cookies["csrftoken"] = _get_new_csrf_string()
    path = path.format(p=rw.person.public_id, r=referral.public_id)
    response = client.generic("POST", path, b"basis=consent", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unreadable_body"
