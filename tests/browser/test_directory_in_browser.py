import pytest

from ansam.demo.territory import DEMO_PASSWORD
from tests.browser.conftest import OUTPUT

pytestmark = pytest.mark.browser


def check_accessibility(page, name):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{name}: {serious}"


def shot(page, name):
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)


def test_worker_searches_the_directory_and_switches_language(browser_page, demo_server):
    page = browser_page
    page.goto(demo_server + "/")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("heading", name="Connexion à Ansam").is_visible()
    check_accessibility(page, "login")
    shot(page, "01-login")

    page.get_by_label("Adresse e-mail").fill("travailleur@demo.ansam.test")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(demo_server + "/")
    page.get_by_role("heading", name="Mes structures").wait_for()
    check_accessibility(page, "home")
    shot(page, "02-home")

    page.get_by_role("link", name="Annuaire").first.click()
    page.get_by_label("Que cherchez-vous ?").fill("hebergement urgence")
    page.get_by_label("Commune (nom ou code INSEE)").fill("Saint-Nazaire")
    page.get_by_role("button", name="Rechercher").click()
    results = page.locator("#results")
    results.get_by_role("heading", name="trouvé").first.wait_for()
    first = results.get_by_role("listitem").first
    assert "Hébergement d’urgence" in first.inner_text() or "115" in first.inner_text()
    assert "Pourquoi ce résultat" in first.inner_text()
    assert "q=hebergement" in page.url  # htmx pushed the search into the address bar
    check_accessibility(page, "directory")
    shot(page, "03-directory-results")

    first.get_by_role("link").first.click()
    page.get_by_role("heading", name="Comment orienter une personne").wait_for()
    check_accessibility(page, "service")
    shot(page, "04-service")

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="How to refer a person").wait_for()
    check_accessibility(page, "service-en")
    shot(page, "05-service-english")
    page.get_by_role("link", name="Directory").first.click()
    page.get_by_role("heading", name="Directory of partners and services").wait_for()
    assert not page.console_errors, page.console_errors


def test_manager_pages_are_accessible(browser_page, demo_server):
    page = browser_page
    page.goto(demo_server + "/accounts/login/")
    page.get_by_label("Adresse e-mail").fill("responsable@demo.ansam.test")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Gérer la structure").first.click()
    page.get_by_role("heading", name="Membres").wait_for()
    check_accessibility(page, "manage")
    shot(page, "06-manage")
    page.get_by_role("link", name="Ajouter un service").click()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Ce champ est obligatoire").first.wait_for()
    check_accessibility(page, "service-form-errors")
    shot(page, "07-service-form-errors")
    page.get_by_role("link", name="Mon compte").click()
    check_accessibility(page, "account")
    page.get_by_role("link", name="L’activer").click()
    page.get_by_role("heading", name="Double authentification").wait_for()
    check_accessibility(page, "two-factor")
    shot(page, "08-two-factor")
    assert not page.console_errors, page.console_errors


def test_a_situation_typed_as_said_finds_services_on_a_phone(browser_page, demo_server):
    """The worker types the person's words, on a phone: the directory answers with services
    for the need, says why, and never shows a blank page."""
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_server + "/accounts/login/")
    page.get_by_label("Adresse e-mail").fill("travailleur@demo.ansam.test")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(demo_server + "/")
    page.goto(demo_server + "/directory/")
    results = page.locator("#results")
    page.get_by_label("Que cherchez-vous ?").fill("je dors dehors depuis une semaine")
    page.get_by_role("button", name="Rechercher").click()
    results.get_by_role("heading", name="trouvé").first.wait_for()
    first = results.get_by_role("listitem").first
    assert "Pourquoi ce résultat" in first.inner_text()
    assert "Aucun service ne correspond" not in results.inner_text()
    check_accessibility(page, "directory-situation")
    shot(page, "09-directory-situation-phone")

    page.get_by_label("Que cherchez-vous ?").fill("mobilitee")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_text("mobilitee").first.wait_for()
    results.get_by_role("heading", name="trouvé").first.wait_for()
    notice = results.locator(".notice").first.inner_text()
    assert "orthographe de l’annuaire" in notice or "thématiques les plus proches" in notice
    shot(page, "10-directory-typo-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.console_errors, page.console_errors
