"""Break-glass as the people concerned live it: a SIAO worker finds a person by their exact
identity, the coordinator is told and informs the person, the territory's reviewer judges it."""

import pytest

from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser
REASON = "Appel au 115 à 23 h : la personne est à la rue, son référent est injoignable."


def _sign_out(page, base):
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")


def test_emergency_access_opened_informed_and_reviewed(browser_page, demo_server):
    page = browser_page
    # The coordinator's first person: what the SIAO worker will be told on the phone.
    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    page.goto(demo_server + "/people/")
    page.locator("table tbody a").first.click()
    person_url = page.url
    page.goto(person_url + "edit/")
    name = page.get_by_label("Nom de naissance").input_value()
    given = page.get_by_label("Prénoms").input_value().split(" ")[0]
    born = page.get_by_label("Date de naissance").input_value()
    _sign_out(page, demo_server)

    sign_in(page, demo_server, "urgence@demo.ansam.test")
    page.goto(demo_server + "/people/")
    page.get_by_role("link", name="Accès d’urgence", exact=True).click()
    page.get_by_role("link", name="Ouvrir un accès d’urgence").click()
    page.get_by_label("Nom de naissance ou d’usage").fill(name)
    page.get_by_label("Prénom").fill(given)
    page.get_by_label("Date de naissance").fill("1900-01-01")
    page.get_by_label("Pourquoi cet accès d’urgence est nécessaire").fill(REASON)
    page.get_by_role("button", name="Ouvrir le dossier pour 4 heures").click()
    assert page.get_by_text("Aucun dossier ne correspond").is_visible()
    check_accessibility(page, "emergency-no-match")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "60-emergency-no-match-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Date de naissance").fill(born)
    page.get_by_role("button", name="Ouvrir le dossier pour 4 heures").click()
    page.wait_for_url(person_url)
    assert page.get_by_text("Accès d’urgence").first.is_visible()
    shot(page, "61-emergency-record")
    _sign_out(page, demo_server)

    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    page.goto(person_url)
    assert page.get_by_text("À faire : informer la personne").is_visible()
    check_accessibility(page, "person-with-emergency")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "62-person-sharing-table-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "63-person-sharing-table")
    page.get_by_role("button", name="La personne a été informée").click()
    _sign_out(page, demo_server)

    sign_in(page, demo_server, "territoire@demo.ansam.test")
    page.goto(demo_server + "/emergencies/")
    check_accessibility(page, "emergencies")
    shot(page, "64-emergencies")
    page.get_by_role("link", name="Examiner").first.click()
    assert name.upper() not in page.content()  # the reviewer judges without the record
    page.get_by_label("Justifié", exact=True).check()
    page.get_by_label("Votre appréciation, avec vos mots").fill("Mise à l’abri nécessaire.")
    check_accessibility(page, "emergency-review")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "65-emergency-review-phone")
    page.get_by_role("button", name="Enregistrer l’avis").click()
    assert page.get_by_text("L’avis a été enregistré.").is_visible()
    # The same coordinator decides which organisations are emergency actors.
    page.get_by_role("link", name="Acteurs de l’urgence du territoire").click()
    page.get_by_label("Nom de la structure").fill("Centre hospitalier")
    page.get_by_role("button", name="Rechercher").click()
    check_accessibility(page, "emergency-actors")
    shot(page, "66-emergency-actors-phone")
    assert page.get_by_text("SIAO").first.is_visible()
    assert not page.console_errors
