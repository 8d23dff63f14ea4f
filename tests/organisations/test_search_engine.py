"""The in-memory search index stays in step with the directory (organisations/search_engine.py)."""

import time

import pytest
from django.db import transaction

from ansam.organisations import search_engine
from ansam.organisations.search import DirectoryQuery, search_directory
from ansam.organisations.services import service_delete, service_save
from tests.factories import MembershipFactory, OrganisationFactory, make_service


def names(text):
    return [h.service.name for h in search_directory(DirectoryQuery(text=text)).hits]


@pytest.mark.django_db
def test_a_new_edited_or_deleted_service_is_seen_by_the_next_search():
    org = OrganisationFactory()
    actor = MembershipFactory(organisation=org, role="manager").user
    assert names("ludothèque") == []
    service = make_service(org, actor=actor, name="Ludothèque solidaire")
    assert names("ludothèque") == ["Ludothèque solidaire"]
    service_save(actor=actor, organisation=org, service=service, data={"name": "Jeux en famille"})
    assert names("ludothèque") == [] and names("jeux") == ["Jeux en famille"]
    service_delete(actor=actor, service=service)
    assert names("jeux") == []


@pytest.mark.django_db
def test_a_rolled_back_change_never_lingers_under_a_reused_version():
    org = OrganisationFactory()
    actor = MembershipFactory(organisation=org, role="manager").user
    before = search_engine.current_token()
    try:
        with transaction.atomic():
            make_service(org, actor=actor, name="Service fantôme")
            assert names("fantôme") == ["Service fantôme"]  # the index now holds it
            raise RuntimeError("the change is abandoned")
    except RuntimeError:
        pass
    assert search_engine.current_token() == before
    make_service(org, actor=actor, name="Service réel")
    assert names("fantôme") == [] and names("réel") == ["Service réel"]


@pytest.mark.django_db(transaction=True)
def test_after_a_change_a_process_answers_from_its_index_while_the_next_is_built(settings):
    settings.ANSAM_SEARCH_BACKGROUND_REBUILD = True
    org = OrganisationFactory()
    actor = MembershipFactory(organisation=org, role="manager").user
    make_service(org, actor=actor, name="Banque alimentaire")
    search_engine._install(search_engine.build(search_engine.current_token()))
    make_service(org, actor=actor, name="Épicerie solidaire")
    # The first search after the change is answered at once from the previous index…
    assert names("épicerie") == []
    # …while a thread builds the next one, which the following searches use.
    deadline = time.monotonic() + 10
    while names("épicerie") == [] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert names("épicerie") == ["Épicerie solidaire"]


@pytest.mark.django_db
def test_the_index_is_small_beside_the_directory():
    org = OrganisationFactory()
    actor = MembershipFactory(organisation=org, role="manager").user
    for i in range(30):
        make_service(org, actor=actor, name=f"Permanence {i}", description="Accueil social. " * 5)
    index = search_engine.get_index()
    assert index.size == 30
    assert len(index.postings["permanent"].rows) == 30
    assert sorted(index.name_order.tolist()) == list(range(30))
