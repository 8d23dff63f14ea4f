import pytest

from tests.conftest import verified_login
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_stale_version_is_a_conflict_not_an_overwrite(world, client):
    verified_login(client, world.users["coordinator"])
    url = f"/api/v1/entries/{world.entries['housing'].public_id}"
    first = client.put(
        url, {"title": "Logement", "body": "A", "version": 1}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.put(
        url, {"title": "Logement", "body": "B", "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"
    assert client.get(url).json()["body"] == "A"


def test_creating_a_duplicate_says_so_without_revealing_it(world, client):
    outsider = world.users["member_other_org"]
    verified_login(client, outsider)
    body = {
        "birth_name": "Martin",
        "given_names": "Léa",
        "birth_date": "1990-04-12",
        "organisation_id": str(world.orgs["other"].public_id),
        "basis": "informed",
    }
    response = client.post("/api/v1/people", body, content_type="application/json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "duplicate_suspected"
    assert error["fields"]["candidates"] == ["not visible"]
    body["duplicates_checked"] = True
    assert client.post("/api/v1/people", body, content_type="application/json").status_code == 201


def test_bad_input(world, client):
    verified_login(client, world.users["coordinator"])
    people = f"/api/v1/people/{world.person.public_id}"
    future = client.post(
        "/api/v1/people",
        {
            "birth_name": "X",
            "given_names": "Y",
            "birth_date": "2999-01-01",
            "basis": "informed",
            "organisation_id": str(world.orgs["ccas"].public_id),
        },
        content_type="application/json",
    )
    assert future.status_code == 400 and "birth_date" in future.json()["error"]["fields"]
    health = client.post(
        f"{people}/entries", {"section": "health", "title": "x"}, content_type="application/json"
    )
    assert health.status_code == 403
    unknown = client.post(
        f"{people}/sharing",
        {"basis": "peut-être", "how": "orally"},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "basis" in unknown.json()["error"]["fields"]
