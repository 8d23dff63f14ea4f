import pytest

from ansam.demo.territory import DEMO_PASSWORD
from tests.browser.test_directory_in_browser import check_accessibility, shot

pytestmark = pytest.mark.browser


def sign_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(base + "/")


def test_coordinator_writes_in_the_record_and_the_partner_reads_it(browser_page, demo_server):
    page = browser_page
    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    page.get_by_role("link", name="Mes accompagnements").first.click()
    page.get_by_role("heading", name="Mes accompagnements").wait_for()
    check_accessibility(page, "caseload")
    shot(page, "10-caseload")
    page.locator("table tbody a").first.click()
    page.get_by_role("heading", name="Chronologie").wait_for()
    person_url = page.url
    check_accessibility(page, "person")
    shot(page, "11-person")

    page.get_by_role("link", name="Ajouter un élément").click()
    page.get_by_label("Rubrique").select_option("housing")
    page.get_by_label("Titre").fill("Visite du logement proposé")
    page.get_by_label("Texte").fill("Logement T2 visité ensemble ; la personne l’accepte.")
    check_accessibility(page, "entry-form")
    page.get_by_role("button", name="Ajouter au dossier").click()
    page.get_by_text("Visite du logement proposé").first.wait_for()
    shot(page, "12-entry-added")

    page.locator("summary", has_text="Autres actions").click()
    page.get_by_role("link", name="Qui a consulté ce dossier").click()
    page.get_by_role("heading", name="Qui a consulté ce dossier").wait_for()
    check_accessibility(page, "access-log")
    shot(page, "13-access-log")
    assert not page.console_errors, page.console_errors

    # The CHRS partner of the care team sees the housing entry.
    page.get_by_role("button", name="Se déconnecter").click()
    sign_in(page, demo_server, "partenaire@demo.ansam.test")
    page.goto(person_url)
    if page.get_by_role("heading", name="Page introuvable").count():
        pytest.skip("this person's care team does not include the CHRS partner")
    assert page.get_by_text("Visite du logement proposé").first.is_visible()
    shot(page, "14-partner-view")
