"""A three-party agreement in the browser: the CCAS drafts it with the CHRS and the MDS, each
part written and a signatory named; proposed; the CCAS and the CHRS accept, the MDS declines with
its reason; the part is amended, proposed again and accepted by all three: in force.
Screenshots at a phone's width and a desktop's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser
CHRS, MDS = "CHRS L’Étape", "Maison départementale des solidarités de Nantes"


def _as(browser, base, email):
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, base, email)
    return context, page


def _answer(browser, base, email, url, accept=True, reason=""):
    context, page = _as(browser, base, email)
    page.goto(url)
    if accept:
        page.get_by_role("button", name="Accepter cette version").click()
    else:
        page.get_by_label("Ou refuser, en disant pourquoi :").fill(reason)
        page.get_by_role("button", name="Refuser").click()
    page.get_by_text("La réponse de votre structure est enregistrée").wait_for()
    context.close()


def _write_part(page, organisation, missions, contributions="", signatory=""):
    page.get_by_role("link", name=f"La part de {organisation}").click()
    page.get_by_label("Missions : ce que cette partie fera").fill(missions)
    page.get_by_label("Apports").fill(contributions)
    if signatory:
        page.get_by_label("Signataire").select_option(label=signatory)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Enregistré.").wait_for()


def test_three_parties_agree_after_an_amendment(browser_page, demo_server):
    page, base = browser_page, demo_server
    sign_in(page, base, "responsable@demo.ansam.test")
    page.goto(base + "/agreements/new/")
    start = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Titre").fill("Sortie d’hébergement vers le logement")
    page.get_by_label("Objet").fill("Préparer ensemble la sortie des personnes hébergées.")
    page.get_by_label("Date de début").fill(start.isoformat())
    page.get_by_label("Date de fin").fill((start + timedelta(days=730)).isoformat())
    page.get_by_label(f"{CHRS} — Nantes", exact=True).check()
    page.get_by_label(f"{MDS} — Nantes", exact=True).check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le projet est créé").wait_for()
    url = page.url
    _write_part(page, "CCAS de Nantes", "Ouvrir les droits et domicilier.", "money; 12000; euros")
    _write_part(
        page,
        CHRS,
        "Préparer la sortie avec chaque personne.",
        "staff; 0,5; fte",
        signatory="Julien Traoré",
    )
    _write_part(
        page,
        MDS,
        "Coordonner les accompagnements.",
        "staff; 1; fte; Deux travailleurs",
        signatory="Nadia Lefèvre",
    )
    page.get_by_role("button", name="Proposer aux parties").click()
    page.get_by_text("Proposée : le ou la signataire").wait_for()
    page.get_by_role("button", name="Accepter cette version").click()
    page.get_by_text("La réponse de votre structure est enregistrée").wait_for()

    browser = page.context.browser
    _answer(browser, base, "partenaire@demo.ansam.test", url)
    _answer(
        browser,
        base,
        "coordinatrice@demo.ansam.test",
        url,
        accept=False,
        reason="Un ETP n’est pas possible cette année ; une demi-journée par semaine l’est.",
    )
    page.goto(url)
    text = page.locator("main").inner_text()
    assert "Refusée par une partie" in text and "une demi-journée par semaine" in text
    page.set_viewport_size({"width": 390, "height": 844})
    check_accessibility(page, "agreement-declined")
    shot(page, "40-agreement-declined-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    _write_part(page, MDS, "Coordonner les accompagnements.", "staff; 4; hours; Une demi-journée")
    page.get_by_role("button", name="Proposer aux parties").click()
    page.get_by_text("Proposée : le ou la signataire").wait_for()
    page.get_by_role("button", name="Accepter cette version").click()
    page.get_by_text("La réponse de votre structure est enregistrée").wait_for()
    _answer(browser, base, "partenaire@demo.ansam.test", url)
    _answer(browser, base, "coordinatrice@demo.ansam.test", url)
    page.goto(url)
    text = page.locator("main").inner_text()
    assert "En vigueur" in text and "version 1 en vigueur" in text
    check_accessibility(page, "agreement-in-force")
    shot(page, "41-agreement-in-force-desktop")
    response = page.request.get(base + url.split(base, 1)[1] + "pdf/")
    assert response.ok and response.body().startswith(b"%PDF")
    assert not page.console_errors, page.console_errors
