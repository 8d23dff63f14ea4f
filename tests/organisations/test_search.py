"""Directory search (in memory, organisations/search_engine.py). The same tests run on SQLite and
PostgreSQL."""

import pytest

from ansam.core.text import fold
from ansam.organisations.data_inclusion import import_file
from ansam.organisations.search import DirectoryQuery, search_directory
from tests.conftest import PARIS_SERVICES
from tests.factories import MembershipFactory, OrganisationFactory, make_service

pytestmark = pytest.mark.django_db

EPCI_NANTES_METROPOLE = "244400404"


@pytest.fixture
def territory():
    org = OrganisationFactory(name="CHRS Le Phare")
    actor = MembershipFactory(organisation=org, role="manager").user
    other = OrganisationFactory(name="Association Horizons")
    other_actor = MembershipFactory(organisation=other, role="manager").user

    def svc(name, owner=org, who=actor, **data):
        return make_service(owner, actor=who, name=name, **data)

    return {
        "urgence": svc(
            "Hébergement d'urgence",
            description="Mise à l'abri immédiate pour les personnes sans abri.",
            thematiques=["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
            publics=["personnes-en-situation-durgence"],
            areas=[("departement", "44")],
        ),
        "logement": svc(
            "Accompagnement vers le logement",
            description="Aide à la recherche de logements sociaux et à l'hébergement durable.",
            thematiques=["logement-hebergement--louer-un-logement"],
            areas=[("epci", EPCI_NANTES_METROPOLE)],
            capacity_status="waiting_list",
        ),
        "epicerie": svc(
            "Épicerie sociale",
            owner=other,
            who=other_actor,
            description="Produits alimentaires à petit prix.",
            thematiques=["equipement-et-alimentation--alimentation"],
            publics=["familles"],
            areas=[("commune", "44109")],
            fees="payant",
        ),
        "numerique": svc(
            "Aide aux démarches en ligne",
            owner=other,
            who=other_actor,
            description="Accompagnement numérique pour les démarches administratives.",
            thematiques=["numerique--acceder-a-des-services-en-ligne"],
            reception_modes=["a-distance"],
            areas=[("france", "")],
            capacity_status="full",
        ),
    }


def names(page):
    return [hit.service.name for hit in page.hits]


def test_accents_case_and_french_word_forms_are_ignored(territory):
    assert names(search_directory(DirectoryQuery(text="hebergement urgence")))[0] == (
        "Hébergement d'urgence"
    )
    assert names(search_directory(DirectoryQuery(text="HÉBERGEMENTS D'URGENCE")))[0] == (
        "Hébergement d'urgence"
    )
    # plural and singular forms meet
    assert "Accompagnement vers le logement" in names(
        search_directory(DirectoryQuery(text="logements"))
    )
    assert names(search_directory(DirectoryQuery(text="epicerie"))) == ["Épicerie sociale"]


def test_any_word_may_be_missing_and_covering_more_ranks_first(territory):
    """A request is rarely worded as the service is: services that cover part of it are found,
    those that cover more of it first."""
    found = names(search_directory(DirectoryQuery(text="urgence alimentaire")))
    assert {"Hébergement d'urgence", "Épicerie sociale"} <= set(found)
    org = territory["urgence"].organisation
    actor = org.memberships.first().user
    make_service(
        org,
        actor=actor,
        name="Aide alimentaire d'urgence",
        thematiques=territory["epicerie"].thematiques,
        areas=[("france", "")],
    )
    assert names(search_directory(DirectoryQuery(text="urgence alimentaire")))[0] == (
        "Aide alimentaire d'urgence"
    )


def test_name_matches_rank_before_description_matches(territory):
    # "hébergement" is in the name of one service and in the description of the other.
    assert names(search_directory(DirectoryQuery(text="hébergement"))) == [
        "Hébergement d'urgence",
        "Accompagnement vers le logement",
    ]


def test_why_a_result_matched_is_said(territory):
    hit = search_directory(DirectoryQuery(text="hebergement", commune="44184")).hits[0]
    assert any("hébergement" in reason for reason in hit.reasons)
    assert any("Saint-Nazaire" in reason for reason in hit.reasons)


def test_area_covers_the_commune(territory):
    # Saint-Nazaire (44184) is in the département but not in Nantes Métropole.
    found = set(names(search_directory(DirectoryQuery(commune="44184"))))
    assert found == {"Hébergement d'urgence", "Aide aux démarches en ligne"}
    # Rezé (44143) is in Nantes Métropole.
    found = set(names(search_directory(DirectoryQuery(commune="44143"))))
    assert found == {
        "Hébergement d'urgence",
        "Accompagnement vers le logement",
        "Aide aux démarches en ligne",
    }
    found = set(names(search_directory(DirectoryQuery(commune="44109"))))
    assert "Épicerie sociale" in found
    # Another département: only the national service.
    assert names(search_directory(DirectoryQuery(commune="75056"))) == [
        "Aide aux démarches en ligne"
    ]


def test_departement_filter_finds_services_of_its_communes_and_epcis(territory):
    assert search_directory(DirectoryQuery(departement="44")).total == 4
    assert names(search_directory(DirectoryQuery(departement="35"))) == [
        "Aide aux démarches en ligne"
    ]


def test_filters(territory):
    assert names(search_directory(DirectoryQuery(thematique="logement-hebergement"))) == [
        "Accompagnement vers le logement",
        "Hébergement d'urgence",
    ]
    assert names(
        search_directory(DirectoryQuery(thematique="equipement-et-alimentation--alimentation"))
    ) == ["Épicerie sociale"]
    # a service open to all publics serves families too
    assert set(names(search_directory(DirectoryQuery(public="familles")))) == {
        "Épicerie sociale",
        "Accompagnement vers le logement",
        "Aide aux démarches en ligne",
    }
    assert names(search_directory(DirectoryQuery(reception_mode="a-distance"))) == [
        "Aide aux démarches en ligne"
    ]
    assert names(search_directory(DirectoryQuery(fees="payant"))) == ["Épicerie sociale"]
    available = set(names(search_directory(DirectoryQuery(capacity="available"))))
    assert "Aide aux démarches en ligne" not in available and len(available) == 3


def test_unknown_commune_or_departement_finds_nothing(territory):
    assert search_directory(DirectoryQuery(commune="99999")).total == 0
    assert search_directory(DirectoryQuery(departement="XX")).total == 0


def test_stop_words_only_is_a_search_without_text(territory):
    assert search_directory(DirectoryQuery(text="de la")).total == 4


def test_pagination_and_bounded_queries(django_assert_max_num_queries):
    org = OrganisationFactory()
    actor = MembershipFactory(organisation=org, role="manager").user
    for i in range(45):
        make_service(org, actor=actor, name=f"Permanence logement {i:02d}", areas=[("france", "")])
    search_directory(DirectoryQuery(text="logement", commune="44109"))  # builds the index
    # Then: the index's version, the commune, the page's services with what they show.
    with django_assert_max_num_queries(3):
        first = search_directory(DirectoryQuery(text="logement", commune="44109"), per_page=20)
    assert first.total == 45 and first.pages == 3 and len(first.hits) == 20
    last = search_directory(DirectoryQuery(text="logement"), page=3, per_page=20)
    assert len(last.hits) == 5
    seen = set()
    for page in (1, 2, 3):
        seen |= {
            h.service.pk for h in search_directory(DirectoryQuery(text="logement"), page=page).hits
        }
    assert len(seen) == 45  # no result repeated or lost between pages


def test_real_paris_services_are_searchable():
    import_file(PARIS_SERVICES)
    page = search_directory(DirectoryQuery(text="numerique", commune="75104"))
    assert page.total > 5
    for hit in page.hits[:5]:  # after them, services of the digital thematiques
        doc = hit.service.search_document
        assert "numeri" in fold(f"{doc.name} {doc.themes} {doc.body}")
    page = search_directory(DirectoryQuery(text="logement", commune="75056"))
    assert page.total >= 1
    top = search_directory(DirectoryQuery(text="garantie visale"))
    # The file lists "Garantie Visale" twice, from two Action Logement agencies.
    assert [hit.service.name for hit in top.hits[:2]] == ["Garantie Visale"] * 2


def test_counts_are_exact_and_pages_go_on():
    org = OrganisationFactory()
    actor = MembershipFactory(organisation=org, role="manager").user
    for i in range(25):
        make_service(org, actor=actor, name=f"Permanence {i:02d}", areas=[("france", "")])
    for query in (DirectoryQuery(departement="44"), DirectoryQuery(text="permanence")):
        first = search_directory(query, per_page=5)
        assert first.total == 25 and first.has_next and len(first.hits) == 5
        last = search_directory(query, page=5, per_page=5)
        assert last.total == 25 and not last.has_next and len(last.hits) == 5
        past = search_directory(query, page=9, per_page=5)
        assert past.hits == [] and past.total == 25
        every = [
            h.service.pk
            for p in range(1, 6)
            for h in search_directory(query, page=p, per_page=5).hits
        ]
        assert len(set(every)) == 25


@pytest.mark.parametrize(
    "query",
    [
        {"text": "logement", "departement": "44"},
        {"text": "logement", "commune": "44109"},
        {"text": "accompagnement", "public": "jeunes"},
        {"text": "accompagnement", "capacity": "available"},
        {"text": "accompagnement", "thematique": "logement-hebergement"},
    ],
)
def test_a_filter_keeps_the_ranking_order(query):
    """Filtering never reorders: the filtered ranking is the whole ranking with the services
    that do not pass left out, page after page."""
    org = OrganisationFactory(name="Structure témoin")
    actor = MembershipFactory(organisation=org, role="manager").user
    for i in range(60):
        make_service(
            org,
            actor=actor,
            name=f"{'Logement' if i % 3 else 'Accompagnement'} {i:02d}",
            description="Accompagnement social et logement. " * (1 + i % 4),
            publics=["jeunes"] if i % 5 == 0 else ["familles"],
            thematiques=["logement-hebergement--louer-un-logement"]
            if i % 2
            else ["famille--garde-denfants"],
            capacity_status="open" if i % 4 else "full",
            areas=[("commune", "44109")] if i % 7 == 0 else [("departement", "44")],
        )

    def ranking(q):
        return [
            h.service.pk
            for p in range(1, 20)
            for h in search_directory(DirectoryQuery(**q), page=p, per_page=4).hits
        ]

    filtered = ranking(query)
    assert filtered
    passing = set(filtered)
    whole = [pk for pk in ranking({"text": query["text"]}) if pk in passing]
    assert filtered == whole
