import pytest

from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser


def test_worker_refers_partner_accepts_sender_sees_it(browser_page, demo_server):
    page = browser_page
    # Worker A (the coordinator at the MDS) refers a person to the CCAS.
    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    page.get_by_role("link", name="Mes accompagnements").first.click()
    page.locator("table tbody a").nth(5).click()
    page.get_by_role("link", name="Orienter vers un partenaire").click()
    page.get_by_label("Quel service ? Décrivez le besoin").fill("domiciliation")
    page.get_by_role("button", name="Rechercher").click()
    check_accessibility(page, "refer-choose")
    shot(page, "20-refer-choose")
    page.get_by_role("link", name="Orienter vers ce service").first.click()
    page.get_by_label("Le besoin, dans les mots de la personne").fill(
        "J'ai besoin d'une adresse pour recevoir mon courrier."
    )
    check_accessibility(page, "refer-form")
    shot(page, "21-refer-form")
    page.get_by_role("button", name="Envoyer l’orientation").click()
    page.get_by_text("L’orientation a été envoyée").wait_for()
    referral_url = page.url
    shot(page, "22-referral-sent")
    page.get_by_role("button", name="Se déconnecter").click()

    # Worker B (another organisation, the CCAS) accepts with an appointment.
    sign_in(page, demo_server, "travailleur@demo.ansam.test")
    page.get_by_role("link", name="Orientations").first.click()
    check_accessibility(page, "inbox")
    shot(page, "23-inbox")
    page.goto(referral_url)
    page.get_by_label("Premier rendez-vous").fill("2026-12-03T10:00")
    check_accessibility(page, "referral-receiver")
    shot(page, "24-referral-receiver")
    page.get_by_role("button", name="Accepter").click()
    page.get_by_text("C’est fait.").wait_for()
    page.get_by_role("button", name="Se déconnecter").click()

    # A sees it.
    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    page.goto(referral_url)
    assert page.get_by_text("Acceptée").first.is_visible()
    assert page.get_by_text("Premier rendez-vous").first.is_visible()
    shot(page, "25-referral-accepted-seen-by-sender")
    page.get_by_role("link", name="Notifications").first.click()
    page.get_by_role("heading", name="Notifications").wait_for()
    page.get_by_text("Orientation acceptée par").first.wait_for()
    check_accessibility(page, "notifications")
    assert not page.console_errors, page.console_errors
