"""The plan's and the continuity pages as a professional uses them: bad input answered in
French with nothing lost, the printout, the end of an accompaniment, and query counts that do
not grow with the data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ansam.core.errors import AnsamError
from ansam.plans import content
from ansam.plans import services as plans
from ansam.plans.models import Action
from tests.conftest import verified_login
from tests.plans.world import build_plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_plan_world()


def test_a_due_date_in_the_past_is_confirmed_before_it_is_saved(world, client):
    verified_login(client, world.base.users["coordinator"])
    url = reverse("web:plan_action_add", args=[world.person.public_id])
    data = {
        "goal": str(world.goal.public_id),
        "what": "Appeler le bailleur",
        "holder": "person",
        "due_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "L’échéance est dans le passé" in page
    assert not Action.objects.filter(what="Appeler le bailleur").exists()
    response = client.post(url, {**data, "past_confirmed": "on"})
    assert response.status_code == 302
    assert Action.objects.filter(what="Appeler le bailleur").count() == 1


def test_an_organisation_outside_the_team_cannot_be_chosen(world, client):
    from tests.factories import OrganisationFactory

    outside = OrganisationFactory(name="Bailleur hors équipe")
    verified_login(client, world.base.users["coordinator"])
    url = reverse("web:plan_action_add", args=[world.person.public_id])
    page = client.get(url).content.decode()
    assert "Bailleur hors équipe" not in page
    response = client.post(
        url,
        {
            "goal": str(world.goal.public_id),
            "what": "Attribuer",
            "holder": "organisation",
            "organisation": str(outside.public_id),
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Action.objects.filter(what="Attribuer").exists()


def test_signing_what_changed_since_it_was_shown_is_refused(world, client):
    from tests.sharing.world import PDF

    coordinator = world.base.users["coordinator"]
    v1 = plans.version_propose(actor=coordinator, person=world.person)
    verified_login(client, coordinator)
    url = reverse("web:plan_answer", args=[world.person.public_id, content.PERSON])
    assert client.get(url).status_code == 200  # the page shows version 1
    plans.goal_add(
        actor=coordinator, person=world.person, text="Ouvrir ses droits", section="rights"
    )
    plans.version_propose(actor=coordinator, person=world.person)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url,
        {
            "decision": "signed",
            "number": 1,
            "shown_hash": v1.content_hash,
            "file": SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "Le plan a changé depuis son affichage" in response.content.decode()


def test_the_printout_is_served_as_a_pdf(world, client):
    plans.version_propose(actor=world.base.users["coordinator"], person=world.person)
    verified_login(client, world.base.users["team_other_org"])
    response = client.get(reverse("web:plan_print", args=[world.person.public_id, 1]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_partner_closes_its_accompaniment(world, client):
    chrs_worker = world.base.users["team_other_org"]
    verified_login(client, chrs_worker)
    url = reverse("web:close", args=[world.person.public_id])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    response = client.post(url, {"reason": "goals_met", "note": "Relogée."})
    assert response.status_code == 302
    assert client.get(reverse("web:person", args=[world.person.public_id])).status_code == 404
    # The coordinator's organisation must hand over before it leaves a team that goes on.
    verified_login(client, world.base.users["coordinator"])
    response = client.post(url, {"reason": "moved"})
    assert "Transmettez d’abord la coordination" in response.content.decode()


def test_an_accepted_referral_becomes_an_action_of_the_plan(client):
    from ansam.referrals.services import referral_accept
    from tests.referrals.world import build_referral_world, send

    w = build_referral_world()
    plans.goal_add(actor=w.sender, person=w.person, text="Trouver un emploi", section="employment")
    referral = send(w)
    referral_accept(
        actor=w.receiver, referral=referral, appointment_at=timezone.now() + timedelta(days=2)
    )
    verified_login(client, w.sender)
    page = client.get(reverse("web:referral", args=[referral.public_id])).content.decode()
    link = f"/people/{w.person.public_id}/plan/actions/?referral={referral.public_id}"
    assert link in page
    form = client.get(link).content.decode()
    assert f'value="{referral.public_id}" selected' in form
    assert 'value="Contrat d&#x27;engagement jeune"' in form


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_plan_and_day_pages_run_a_bounded_number_of_queries(world, client):
    coordinator = world.base.users["coordinator"]
    plans.action_add(
        actor=coordinator,
        person=world.person,
        goal=world.goal,
        data={
            "what": "Appeler",
            "holder": "person",
            "due_on": timezone.localdate() + timedelta(days=3),
        },
    )
    plans.version_propose(actor=coordinator, person=world.person)
    verified_login(client, coordinator)
    plan_url = reverse("web:plan", args=[world.person.public_id])
    day_url = reverse("web:day")
    _count(client, plan_url)  # the first request of a session also reads and saves it
    before = (_count(client, plan_url), _count(client, day_url))
    for n in range(4):
        goal = plans.goal_add(
            actor=coordinator, person=world.person, text=f"But {n}", section="housing"
        )
        for k in range(3):
            plans.action_add(
                actor=coordinator,
                person=world.person,
                goal=goal,
                data={
                    "what": f"Action {n}.{k}",
                    "holder": "person",
                    "due_on": timezone.localdate() + timedelta(days=3),
                },
            )
    plans.version_propose(actor=coordinator, person=world.person)
    assert (_count(client, plan_url), _count(client, day_url)) == before


def test_the_access_log_says_what_was_done_in_words(world, client):
    verified_login(client, world.base.users["coordinator"])
    client.get(reverse("web:plan", args=[world.person.public_id]))
    page = client.get(reverse("web:access_log", args=[world.person.public_id])).content.decode()
    assert "a lu le projet personnalisé" in page and "a modifié le projet personnalisé" in page
    assert "Informée, ne s’oppose pas" in page  # the basis, in words
    assert "view_plan" not in page and "plan_edit" not in page


def test_an_illegal_referral_act_is_refused_in_french():
    from ansam.core.errors import Conflict
    from ansam.referrals.services import referral_cancel
    from tests.referrals.world import build_referral_world, send

    w = build_referral_world()
    referral = send(w)
    referral_cancel(actor=w.sender, referral=referral)
    with pytest.raises(Conflict) as exc:
        referral_cancel(actor=w.sender, referral=referral)
    assert str(exc.value.message).endswith("elle ne peut pas être retirée.")


def test_an_edit_that_does_not_say_its_version_changes_nothing(world, client):
    verified_login(client, world.base.users["coordinator"])
    goal_url = reverse("web:plan_goal", args=[world.person.public_id, world.goal.public_id])
    response = client.post(goal_url, {"text": "Autre objectif"})
    assert response.status_code == 200 and "rechargez la page" in response.content.decode()
    action = world.actions["ccas"]
    action_url = reverse("web:plan_action", args=[world.person.public_id, action.public_id])
    client.post(
        action_url, {"goal": str(world.goal.public_id), "what": "Autre chose", "holder": "person"}
    )
    world.goal.refresh_from_db()
    action.refresh_from_db()
    assert world.goal.text == "Accéder à un logement" and world.goal.version == 1
    assert action.what == "Déposer la demande de logement social" and action.version == 1
    with pytest.raises(AnsamError) as caught:
        plans.goal_update(
            actor=world.base.users["coordinator"], goal=world.goal, text="x", expected_version=None
        )
    assert caught.value.code == "missing_version"


def test_comparing_without_choosing_shows_what_changed_last(world, client):
    coordinator = world.base.users["coordinator"]
    verified_login(client, coordinator)
    url = reverse("web:plan_compare", args=[world.person.public_id])
    plans.version_propose(actor=coordinator, person=world.person)
    one = client.get(url)
    assert one.status_code == 200 and "moins de deux versions" in one.content.decode()
    plans.goal_add(
        actor=coordinator, person=world.person, text="Trouver un emploi", section="employment"
    )
    plans.version_propose(actor=coordinator, person=world.person)
    page = client.get(url)
    assert page.status_code == 200 and "Version 1 et version 2" in page.content.decode()
    same = client.get(url + "?a=2&b=2")
    assert same.status_code == 400 and "deux versions différentes" in same.content.decode()


def test_every_audited_act_is_named_in_words():
    from ansam.access.audit import ACTION_LABELS, Action

    codes = {v for k, v in vars(Action).items() if k.isupper()}
    assert codes <= set(ACTION_LABELS)


def test_the_record_shows_the_next_actions_each_reader_may_read(world, client):
    from ansam.sharing import services as record_services

    url = reverse("web:person", args=[world.person.public_id])
    verified_login(client, world.base.users["coordinator"])
    page = client.get(url).content.decode()
    assert "Prochaines actions du projet" in page
    assert "Déposer la demande de logement social" in page
    # Housing closed to the team: the CHRS still sees the action it holds, not the CCAS's.
    record_services.basis_record(
        actor=world.base.users["coordinator"],
        person=world.person,
        basis="withdrawn",
        how="orally",
        section="housing",
    )
    verified_login(client, world.base.users["team_other_org"])
    page = client.get(url).content.decode()
    assert "Accompagner la visite du logement" in page
    assert "Déposer la demande de logement social" not in page
