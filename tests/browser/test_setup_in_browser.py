"""The territory's set-up space in the browser, as its coordinator uses it on a phone: what the
territory lacks, an organisation added by hand with its commune typed by name and its first
manager invited; axe finds nothing serious, nothing runs off a 390 px screen."""

import pytest

from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser


def test_the_coordinator_adds_an_organisation(browser_page, demo_server):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, demo_server, "territoire@demo.ansam.test")
    page.get_by_role("link", name="Mise en place du territoire").click()
    page.get_by_role("heading", name="Ce qui manque encore au territoire").wait_for()
    page.locator("summary", has_text="Structures sans responsable").click()
    check_accessibility(page, "territory setup")
    page.get_by_label("Nom").fill("CMP de Rezé")
    page.get_by_label("Type de structure").select_option("CMP")
    page.get_by_label("Commune").fill("Rezé")
    page.get_by_label("Adresse e-mail de son premier responsable").fill("cmp@reze.example.org")
    shot(page, "setup-1-form")
    page.get_by_role("button", name="Créer et inviter").click()
    page.get_by_text("CMP de Rezé est créée").wait_for()
    page.locator("summary", has_text="Structures sans responsable").click()
    assert page.locator("li", has_text="CMP de Rezé").count() >= 1  # lacks a manager, invited
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shot(page, "setup-2-created")
