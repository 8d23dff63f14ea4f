import pytest

from tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(cast):
    return make_service(
        cast.org,
        actor=cast.manager,
        name="Épicerie sociale",
        description="Produits alimentaires à petit prix.",
        thematiques=["equipement-et-alimentation--alimentation"],
        areas=[("commune", "44109")],
    )


def test_anonymous_gets_the_json_error_shape(client):
    response = client.get("/api/v1/directory/services?q=epicerie")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.json()["error"]["message"]


def test_search(cast, login, service):
    data = login(cast.outsider).get("/api/v1/directory/services?q=epiceries&commune=44109").json()
    assert data["total"] == 1
    item = data["items"][0]
    assert item["service"]["name"] == "Épicerie sociale"
    assert item["service"]["thematiques"][0]["code"] == "equipement-et-alimentation--alimentation"
    assert item["reasons"]


def test_invalid_query_parameter(cast, login):
    response = login(cast.worker).get("/api/v1/directory/services?page=abc")
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid" and "page" in body["fields"]


def test_service_get_and_404(cast, login, service):
    client = login(cast.worker)
    assert client.get(f"/api/v1/services/{service.public_id}").json()["name"] == "Épicerie sociale"
    response = client.get("/api/v1/services/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_manager_creates_updates_and_deletes_a_service(cast, login):
    client = login(cast.manager)
    url = f"/api/v1/organisations/{cast.org.public_id}/services"
    bad = client.post(
        url, {"name": "Ok", "thematiques": ["pas-un-code"]}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "thematiques" in bad.json()["error"]["fields"]
    created = client.post(
        url,
        {
            "name": "Domiciliation",
            "description": "Une adresse.",
            "publics": ["tous-publics"],
            "areas": [{"kind": "departement", "code": "44"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    sid = created.json()["id"]
    assert created.json()["areas"] == [{"kind": "departement", "code": "44"}]
    updated = client.put(
        f"/api/v1/services/{sid}",
        {"name": "Domiciliation administrative", "capacity_status": "full"},
        content_type="application/json",
    )
    assert updated.json()["capacity_status"] == "full"
    assert client.delete(f"/api/v1/services/{sid}").status_code == 204


def test_non_members_cannot_change_an_organisation(cast, login, service):
    for user in (cast.worker, cast.outsider):
        client = login(user)
        response = client.patch(
            f"/api/v1/organisations/{cast.org.public_id}",
            {"name": "Piraté"},
            content_type="application/json",
        )
        assert response.status_code == 404
        response = client.delete(f"/api/v1/services/{service.public_id}")
        assert response.status_code == 404
    cast.org.refresh_from_db()
    assert cast.org.name == "CCAS de Nantes"


def test_patch_organisation_with_invalid_siret(cast, login):
    response = login(cast.manager).patch(
        f"/api/v1/organisations/{cast.org.public_id}",
        {"siret": "11111111111112"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["siret"]


def test_taxonomies_come_from_the_package(cast, login):
    from data_inclusion.schema import v1

    data = login(cast.worker).get("/api/v1/taxonomies").json()
    assert {t["code"] for t in data["thematiques"]} == {t.value for t in v1.Thematique}
