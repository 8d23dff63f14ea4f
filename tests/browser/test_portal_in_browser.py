"""The person's own space on a phone, as the demo's person uses it with the code `make run`
printed: signs in with the keyboard only, reads the plan, refuses one action with their words
and signs the rest, withdraws a sharing, reads who read the record, downloads their data. Axe
finds nothing serious, nothing runs off a 390 px screen, even with the text twice as large."""

import re

import pytest

from tests.browser.conftest import SETUP
from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser


def _fits(page, name):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow}px off the screen"


def test_a_person_uses_their_space_on_a_phone(browser_page, demo_server):
    found = re.search(
        r"/me/ — (.+?), born (\d\d)/(\d\d)/(\d{4}), one-time code ([A-Z0-9-]+)",
        SETUP.get("output", ""),
    )
    assert found, "make run prints the demo person's code"
    name, day, month, year, code = found.groups()
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_server + "/me/plan/")
    page.wait_for_url(demo_server + "/me/sign-in/")
    check_accessibility(page, "portal sign-in")
    _fits(page, "sign-in")
    shot(page, "portal-1-sign-in")

    # Keyboard only: the skip link, then the fields in order, then Enter.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Aller au contenu" in focused
    page.get_by_label("Votre code").focus()
    page.keyboard.type(code)
    for field, value in (("day", day), ("month", month), ("year", year)):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == field
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Ouvrir mon espace"
    page.keyboard.press("Enter")
    page.wait_for_url(demo_server + "/me/")
    first_name = name.split(" ")[0]
    assert (
        page.get_by_role("heading", name=f"Bonjour {first_name}").count()
        or page.locator("h1", has_text="Bonjour").is_visible()
    )
    assert page.get_by_text("Un plan attend votre réponse.").is_visible()
    check_accessibility(page, "portal home")
    _fits(page, "home")
    shot(page, "portal-2-home")

    page.goto(demo_server + "/me/plan/")
    check_accessibility(page, "portal plan")
    _fits(page, "plan")
    boxes = page.get_by_label("Je ne suis pas d’accord avec cette action")
    assert (
        boxes.count() >= 2
        and page.get_by_label("Je ne suis pas d’accord avec cet objectif").count()
    )
    boxes.first.check()
    page.get_by_placeholder("Pourquoi, avec vos mots").first.fill(
        "Je ne peux pas y aller le matin, je garde mon fils."
    )
    shot(page, "portal-3-plan")
    page.get_by_role("button", name="Je signe le plan").click()
    page.get_by_text("Votre réponse est enregistrée").wait_for()
    assert page.get_by_text("Vous avez signé ce plan").is_visible()
    assert page.get_by_text("Je ne peux pas y aller le matin").is_visible()
    shot(page, "portal-4-plan-signed")

    page.goto(demo_server + "/me/choices/")
    check_accessibility(page, "portal choices")
    _fits(page, "choices")
    stop = page.get_by_role("button", name=re.compile("Ne plus partager"))
    before = stop.count()
    assert before >= 1
    stop.first.click()
    page.get_by_text("Votre choix est enregistré").wait_for()
    assert page.get_by_role("button", name=re.compile("Ne plus partager")).count() == before - 1
    shot(page, "portal-5-choices")

    page.goto(demo_server + "/me/meetings/")
    check_accessibility(page, "portal meetings")
    _fits(page, "meetings")
    shot(page, "portal-5b-meetings")

    page.goto(demo_server + "/me/team/")
    check_accessibility(page, "portal team")
    _fits(page, "team")
    page.goto(demo_server + "/me/log/")
    assert page.locator("ol.log li", has_text="Vous").count() >= 2  # signed in, signed
    check_accessibility(page, "portal log")
    _fits(page, "log")
    shot(page, "portal-6-log")

    page.goto(demo_server + "/me/data/")
    check_accessibility(page, "portal data")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger pour lire (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    shot(page, "portal-7-data")

    # Text twice as large: still nothing off the screen.
    for path in ("/me/", "/me/plan/", "/me/choices/", "/me/log/", "/me/data/"):
        page.goto(demo_server + path)
        page.evaluate("document.documentElement.style.fontSize = '200%'")  # CSSOM: CSP allows
        _fits(page, f"{path} at 200 %")
    shot(page, "portal-8-large-text")

    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_url(demo_server + "/me/sign-in/")
    page.goto(demo_server + "/me/plan/")
    page.wait_for_url(demo_server + "/me/sign-in/")

    # The worker's side, on the same phone: the space's page on the record, a new code.
    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    first, last = name.split(" ")[0], name.split(" ")[-1]
    who = re.compile(rf"{first}.*{last}|{last}.*{first}", re.I)
    for number in range(1, 5):  # the caseload is paged
        page.goto(demo_server + f"/people/?page={number}")
        if page.get_by_role("link", name=who).count():
            break
    page.get_by_role("link", name=who).first.click()
    link = page.get_by_role("link", name="L’espace personnel de la personne", include_hidden=True)
    page.goto(demo_server + link.first.get_attribute("href"))  # in the record's actions menu
    page.get_by_role("heading", name="L’espace personnel de la personne").wait_for()
    assert page.get_by_text("Dernière visite").is_visible()
    check_accessibility(page, "own space (worker)")
    _fits(page, "own space (worker)")
    shot(page, "portal-9-worker")
    page.get_by_role("button", name="Donner un code").click()
    page.locator(".code").wait_for()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", page.locator(".code").inner_text())
    check_accessibility(page, "code given")
    _fits(page, "code given")
    shot(page, "portal-10-code")
