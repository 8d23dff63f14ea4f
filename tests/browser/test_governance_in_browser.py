"""A steering committee's session in the browser: the secretariat holds a session, records who
is present (the representative of the people accompanied among them) and puts a decision to the
vote; the representative, whose account opens nothing else, abstains in their own words; the
follow-up is recorded. Screenshots at a phone's width."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ansam.demo.territory import DEMO_PASSWORD
from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser


def test_a_representative_votes_in_a_steering_committee(browser_page, demo_server):
    page, base = browser_page, demo_server
    sign_in(page, base, "responsable@demo.ansam.test")
    page.goto(base + "/bodies/")
    page.get_by_role("link", name="Comité de pilotage — accès au logement").click()
    page.get_by_role("heading", name="Collèges et sièges").wait_for()
    now = timezone.localtime() - timedelta(minutes=5)
    page.get_by_label("Date et heure").fill(now.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lieu").fill("CCAS, salle du conseil")
    page.get_by_role("button", name="Tenir une séance").click()
    page.get_by_text("Enregistré.").wait_for()
    page.locator("main ul.list a").last.click()
    page.get_by_role("button", name="Yasmine Haddad est présent·e").click()
    page.get_by_text("Enregistré.").wait_for()
    assert "Quorum non atteint" in page.locator("main").inner_text()
    for i in (0, 1):  # two institutional seats: three voting seats present, the quorum
        page.locator("button", has_text="est présent·e").nth(i).click()
        page.get_by_text("Enregistré.").wait_for()
    page.get_by_text("Quorum atteint").wait_for()
    page.get_by_label("Texte").fill("Réserver deux places par mois aux sortants d’hébergement.")
    page.get_by_role("button", name="Ajouter").click()
    page.get_by_text("Enregistré.").wait_for()
    session_url = page.url

    context = page.context.browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    rep = context.new_page()
    sign_in_rep = base + "/accounts/login/"
    rep.goto(sign_in_rep)
    rep.get_by_label("Adresse e-mail").fill("representant@demo.ansam.test")
    rep.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    rep.get_by_role("button", name="Se connecter").click()
    rep.wait_for_url(base + "/bodies/")  # the home page of this account is its body
    assert rep.goto(base + "/directory/").status == 404
    assert rep.goto(base + "/people/").status == 404
    rep.goto(session_url)
    rep.get_by_label("Abstention").check()
    rep.get_by_label("Si vous n’êtes pas d’accord, avec vos propres mots").fill(
        "Deux places, c’est peu : nous demandons quatre."
    )
    rep.get_by_role("button", name="Voter").click()
    rep.get_by_text("Enregistré.").wait_for()
    text = rep.locator("main").inner_text()
    assert "Abstentions : 1" in text and "nous demandons quatre" in text
    check_accessibility(rep, "governance-session-representative")
    shot(rep, "42-governance-representative-phone")
    assert rep.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()

    page.goto(session_url)
    page.get_by_label("Suite donnée").fill("Quatre places étudiées avec le SIAO.")
    page.get_by_label("Par qui").fill("CCAS")
    page.get_by_role("button", name="Consigner la suite donnée").click()
    page.get_by_text("Enregistré.").wait_for()
    shot(page, "43-governance-session-desktop")
    assert not page.console_errors, page.console_errors
