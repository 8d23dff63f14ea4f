import pytest
from django.urls import reverse

from tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(cast):
    return make_service(
        cast.org,
        actor=cast.manager,
        name="Hébergement d'urgence",
        description="Mise à l'abri.",
        thematiques=["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
        areas=[("departement", "44")],
    )


def test_home_lists_my_organisations(cast, login):
    page = login(cast.worker).get(reverse("web:home")).content.decode()
    assert "CCAS de Nantes" in page
    assert "Mes structures" in page


def test_search_page_full_and_htmx_fragment(cast, login, service):
    client = login(cast.worker)
    url = reverse("web:directory") + "?q=hebergement+urgence&commune=Saint-Nazaire"
    page = client.get(url).content.decode()
    assert "<html" in page and "Hébergement d&#x27;urgence" in page
    assert "1 service trouvé" in page
    assert "disponible à Saint-Nazaire" in page  # why it matched
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "Hébergement d&#x27;urgence" in fragment


def test_unknown_commune_is_said(cast, login, service):
    page = login(cast.worker).get(reverse("web:directory") + "?commune=Atlantide").content
    assert "Commune inconnue" in page.decode()


def test_commune_suggestions(cast, login):
    page = login(cast.worker).get(reverse("web:commune_options") + "?commune=nant").content
    assert "Nantes (44109)" in page.decode()


def test_service_and_organisation_pages(cast, login, service):
    client = login(cast.outsider)
    page = client.get(reverse("web:service", args=[service.public_id])).content.decode()
    assert "Comment orienter une personne" in page
    assert "Loire-Atlantique (44)" in page  # the area served, by its name
    assert "Modifier ce service" not in page  # not their organisation
    page = client.get(reverse("web:organisation", args=[cast.org.public_id])).content.decode()
    assert "Hébergement" in page and "Gérer la structure" not in page
    manager_page = login(cast.manager).get(reverse("web:service", args=[service.public_id]))
    assert "Modifier ce service" in manager_page.content.decode()


def test_bad_ids_are_404(cast, login):
    client = login(cast.worker)
    assert client.get(reverse("web:service", args=["not-a-uuid"])).status_code == 404
    assert (
        client.get(
            reverse("web:organisation", args=["8c8a3f5e-0000-4000-8000-000000000000"])
        ).status_code
        == 404
    )


def test_english_switch(cast, login, service):
    client = login(cast.worker)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/directory/"})
    assert response.status_code == 302
    page = client.get(reverse("web:directory") + "?q=urgence").content.decode()
    assert "Directory of partners and services" in page
    assert "1 service found" in page
    assert "Find temporary accommodation" in page  # the data·inclusion labels too


def test_filters_keep_their_choice_and_groups(cast, login):
    page = (
        login(cast.worker)
        .get(reverse("web:directory") + "?thematique=logement-hebergement&departement=44")
        .content.decode()
    )
    assert '<option value="logement-hebergement" selected>' in page
    assert '<optgroup label="Logement et hébergement">' in page
    assert '<option value="44" selected>44 – Loire-Atlantique</option>' in page
    assert '<select id="id_thematique" name="thematique">' in page or 'name="thematique"' in page
