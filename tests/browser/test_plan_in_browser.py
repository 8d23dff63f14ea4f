"""Co-building a plan in the browser: the coordinator writes the need in the person's words,
a goal and two actions, proposes the plan, records the person's signed printout (with one
refusal); the partner signs for its organisation; a new version moves one action's date and
the comparison shows exactly that. Then the day and the manager's dashboard."""

from datetime import date, timedelta

import pytest

from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in
from tests.sharing.world import PDF

pytestmark = pytest.mark.browser
PARTNERS = {
    "CHRS L’Étape": "partenaire@demo.ansam.test",
    "CCAS de Nantes": "travailleur@demo.ansam.test",
}


def _person_without_plan(page, base):
    page.goto(base + "/people/")
    links = [a.get_attribute("href") for a in page.locator("table tbody a").all()]
    for href in reversed(links):
        page.goto(base + href + "plan/")
        if page.get_by_text("Aucune version n’a encore été proposée").count():
            return base + href + "plan/"
    raise AssertionError("every demo person already has a plan")


def _open(page, summary):
    page.locator("summary", has_text=summary).click()


def test_plan_co_built_signed_and_compared(browser_page, demo_server):
    page = browser_page
    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    page.get_by_role("link", name="Ma journée").click()
    page.get_by_role("heading", name="Alertes de rupture").wait_for()
    check_accessibility(page, "day")
    shot(page, "30-day")

    plan_url = _person_without_plan(page, demo_server)
    _open(page, "Noter un besoin")
    page.locator("#id_need-section").select_option("housing")
    page.get_by_label("Le besoin, dans les mots de la personne").fill(
        "Je veux quitter l’hôtel et avoir un vrai chez-moi avec ma fille."
    )
    page.get_by_role("button", name="Noter", exact=True).click()
    page.get_by_text("Le besoin a été noté.").wait_for()
    _open(page, "Ajouter un objectif")
    page.locator("#id_goal-text").fill("Accéder à un logement pour deux")
    page.locator("#id_goal-need").select_option(index=1)
    page.get_by_role("button", name="Ajouter l’objectif").click()
    page.get_by_text("L’objectif a été ajouté.").wait_for()

    # An action held by a partner of the care team, and one held by the person.
    page.get_by_role("link", name="Ajouter une action").click()
    page.get_by_label("Quoi").fill("Instruire la demande de logement adapté")
    page.get_by_label("Une structure de l’équipe d’accompagnement").check()
    options = page.locator("#id_organisation").locator("option").all_inner_texts()
    partner = next(name for name in PARTNERS if name in options)
    page.locator("#id_organisation").select_option(label=partner)
    page.get_by_label("Échéance").fill((date.today() + timedelta(days=30)).isoformat())
    check_accessibility(page, "plan-action")
    shot(page, "31-plan-action")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("L’action a été enregistrée.").wait_for()
    page.get_by_role("link", name="Ajouter une action").click()
    page.get_by_label("Quoi").fill("Apporter les trois derniers avis d’imposition")
    page.get_by_label("La personne", exact=True).check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("L’action a été enregistrée.").wait_for()

    _open(page, "Proposer ce plan comme nouvelle version")
    page.locator("#id_propose-review_on").fill((date.today() + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Proposer", exact=True).click()
    page.get_by_text("Une nouvelle version a été proposée.").wait_for()
    check_accessibility(page, "plan")
    shot(page, "32-plan-proposed")

    # The person signs the printout, refusing one action in her own words.
    page.get_by_role("link", name="Enregistrer la réponse de la personne").click()
    page.get_by_label("Signé", exact=True).check()
    page.get_by_label("Exemplaire signé (PDF ou photo)").set_input_files(
        {"name": "plan-signe.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("« Apporter les trois derniers avis d’imposition » : refusé parce que").fill(
        "Je n’ai pas d’avis d’imposition, je n’ai jamais déclaré."
    )
    check_accessibility(page, "plan-answer")
    shot(page, "33-plan-person-answer")
    page.get_by_role("button", name="Enregistrer la réponse").click()
    page.get_by_text("La réponse a été enregistrée.").wait_for()
    assert page.get_by_text("je n’ai jamais déclaré").count() >= 1
    page.get_by_role("button", name="Se déconnecter").click()

    # The partner signs for its organisation.
    sign_in(page, demo_server, PARTNERS[partner])
    page.goto(plan_url)
    page.get_by_role("link", name="Signer pour ma structure").click()
    page.get_by_label("Signé", exact=True).check()
    page.get_by_role("button", name="Enregistrer la réponse").click()
    page.get_by_text("La réponse a été enregistrée.").wait_for()
    shot(page, "34-plan-partner-signed")
    page.get_by_role("button", name="Se déconnecter").click()

    # A new version moves the partner's action; the comparison shows that change only.
    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    page.goto(plan_url)
    page.get_by_role("link", name="Instruire la demande de logement adapté").click()
    page.get_by_label("Échéance").fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("L’action a été enregistrée.").wait_for()
    _open(page, "Proposer ce plan comme nouvelle version")
    page.locator("#id_propose-note").fill("Délai de l’instruction allongé.")
    page.get_by_role("button", name="Proposer", exact=True).click()
    page.get_by_text("Une nouvelle version a été proposée.").wait_for()
    page.get_by_role("button", name="Comparer").click()
    page.get_by_role("heading", name="Version 1 et version 2").wait_for()
    changed = page.locator("tr.diff-changed")
    assert changed.count() == 1
    assert "Instruire la demande de logement adapté" in changed.inner_text()
    assert "échéance" in changed.inner_text()
    check_accessibility(page, "plan-compare")
    shot(page, "35-plan-compare")
    page.get_by_role("link", name="Projet personnalisé").first.click()
    page.get_by_role("link", name="Lire cette version").click()
    check_accessibility(page, "plan-version")
    page.get_by_role("link", name="Projet personnalisé").first.click()
    page.get_by_role("link", name="Ajouter ou modifier l’évaluation").first.click()
    check_accessibility(page, "plan-need")
    # A warning, and what can be done about it.
    page.get_by_role("link", name="Ma journée").click()
    page.locator("table a[href^='/signals/']").first.click()
    page.get_by_role("heading", name="Agir").wait_for()
    check_accessibility(page, "signal")
    shot(page, "37-signal")
    page.goto(plan_url.replace("/plan/", "/close/"))
    check_accessibility(page, "close-accompaniment")
    page.get_by_role("button", name="Se déconnecter").click()

    # The manager's dashboard.
    sign_in(page, demo_server, "responsable@demo.ansam.test")
    page.get_by_role("link", name="Gérer").first.click()
    page.get_by_role("link", name="Tableau de bord : files actives et alertes").click()
    page.get_by_role("heading", name="File active par professionnel·le").wait_for()
    check_accessibility(page, "dashboard")
    shot(page, "36-dashboard")
