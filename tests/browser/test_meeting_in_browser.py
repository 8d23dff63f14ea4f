"""A synthesis meeting in the browser: the coordinator records a meeting held yesterday about a
demo person, writes down the person's viewpoint in her words; the two partners each write their
own, which differ; a decision becomes an action of the plan; the minutes close and the person's
summary is there. Screenshots at a phone's width and a desktop's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser
PARTNERS = ("partenaire@demo.ansam.test", "travailleur@demo.ansam.test")


def _person_with_both_partners(page, base):
    page.goto(base + "/people/")
    for href in [a.get_attribute("href") for a in page.locator("table tbody a").all()]:
        page.goto(base + href)
        team = page.locator("main").inner_text()
        if "Traoré" in team and "Benali" in team:
            return href
    raise AssertionError("no demo person with both partners in the care team")


def _write_own_viewpoint(browser, base, email, meeting_url, reading, proposal):
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, base, email)
    page.goto(meeting_url)
    page.get_by_role("link", name="Écrire ou amender mon point de vue").click()
    page.get_by_label("Partie du dossier concernée").select_option("housing")
    page.get_by_label("Lecture de la situation, avec ses propres mots").fill(reading)
    page.get_by_label("Ce qu’il ou elle propose").fill(proposal)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le point de vue est enregistré").wait_for()
    page.get_by_role("link", name="Écrire ou amender mon point de vue").click()
    page.get_by_role("button", name="Confirmer que c’est mon point de vue").click()
    page.get_by_text("Le point de vue est confirmé").wait_for()
    context.close()


def test_synthesis_meeting_keeps_three_viewpoints_and_decides(browser_page, demo_server):
    page = browser_page
    base = demo_server
    sign_in(page, base, "coordinatrice@demo.ansam.test")
    person = _person_with_both_partners(page, base)
    page.locator("summary", has_text="Autres actions").click()
    page.get_by_role("link", name="Organiser une réunion de coordination").click()
    page.get_by_role("heading", name="Organiser une réunion de coordination").wait_for()
    yesterday = timezone.localtime() - timedelta(days=1)
    page.get_by_label("Titre (visible dans Ansam seulement)").fill("Synthèse — logement")
    page.get_by_label("Date et heure").fill(yesterday.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Lieu").fill("MDS, salle 3")
    for box in page.locator("input[name=professionals]").all():
        box.check()
    page.get_by_label("La personne participe").check()
    check_accessibility(page, "meeting-form")
    shot(page, "30-meeting-form")
    page.get_by_role("button", name="Organiser et inviter").click()
    page.get_by_text("enregistrée comme tenue").wait_for()
    meeting_url = page.url

    # The person's words, written down by the coordinator as she says them.
    page.get_by_role("link", name="Noter son point de vue").first.click()
    page.get_by_label("Partie du dossier concernée").select_option("housing")
    page.get_by_label("Lecture de la situation, avec ses propres mots").fill(
        "Je ne veux plus de foyer. Je veux une porte à moi pour mes enfants."
    )
    page.get_by_label("Ce qu’il ou elle propose").fill("Un petit appartement, même loin.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le point de vue est enregistré").wait_for()

    browser = page.context.browser
    _write_own_viewpoint(
        browser,
        base,
        PARTNERS[0],
        meeting_url,
        "Une étape en résidence sociale stabiliserait d’abord le budget.",
        "Six mois en résidence sociale.",
    )
    _write_own_viewpoint(
        browser,
        base,
        PARTNERS[1],
        meeting_url,
        "Les droits sont ouverts ; un logement social est possible rapidement.",
        "Demande de logement social prioritaire.",
    )

    page.goto(meeting_url)
    text = page.locator("main").inner_text()
    assert "Je ne veux plus de foyer" in text
    assert "résidence sociale stabiliserait" in text and "logement social est possible" in text
    assert text.count("confirmé") >= 2

    page.get_by_role("link", name="Ajouter au compte rendu").click()
    page.locator("select[name=kind]").select_option("differ")
    page.get_by_label("Partie du dossier concernée").select_option("housing")
    page.get_by_label("Texte").fill("Logement tout de suite ou étape en résidence : les deux.")
    page.get_by_role("button", name="Ajouter").click()
    page.get_by_text("Ajouté au compte rendu").wait_for()

    page.get_by_role("link", name="Consigner une décision").click()
    page.get_by_label("Décision (ce qui est à faire)").fill(
        "Réunir les trois dernières fiches de paie"
    )
    page.get_by_label("Partie du dossier concernée").select_option("housing")
    page.get_by_label("…ou un nouvel objectif").fill("Accéder à un logement")
    page.get_by_label("La personne").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("ajoutée au plan").wait_for()
    check_accessibility(page, "meeting")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "31-meeting-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "32-meeting-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.locator("summary", has_text="Clore le compte rendu").click()
    page.get_by_role("button", name="Confirmer").first.click()
    page.get_by_text("Le compte rendu est définitif").wait_for()
    page.get_by_role("link", name="Le résumé pour la personne").click()
    summary = page.locator("main").inner_text()
    assert "Réunir les trois dernières fiches de paie" in summary
    assert "résidence sociale stabiliserait" not in summary  # readings stay in the minutes
    check_accessibility(page, "meeting-summary")
    shot(page, "33-meeting-summary-phone")

    page.goto(base + person + "plan/")
    assert "Réunir les trois dernières fiches de paie" in page.locator("main").inner_text()

    # The same situation, pseudonymised for the peer group: reviewed, then shared.
    page.goto(base + person)
    name = page.locator("h1").first.inner_text()
    page.locator("summary", has_text="Autres actions").click()
    page.get_by_role("link", name="Présenter la situation à Analyse des pratiques").click()
    page.get_by_label("La situation, telle que vous la raconteriez").fill(
        f"{name} vit à Nantes depuis le 12/03/2025 avec ses enfants. Mme Girard, sa voisine, "
        "l'héberge parfois. Téléphone : 06 12 34 56 78."
    )
    page.get_by_role("button", name="Proposer les remplacements").click()
    page.get_by_role("heading", name="Relire les remplacements").wait_for()
    for radio in page.locator("input[type=radio][value=replace]").all():
        radio.check()
    check_accessibility(page, "presentation-review")
    shot(page, "34-presentation-review-phone")
    page.get_by_role("button", name="Enregistrer ma relecture").click()
    page.get_by_text("Relue. Lisez le résultat").wait_for()
    shared = page.locator(".letter").inner_text()
    for secret in ("Nantes", "Girard", "06 12", "12/03/2025"):
        assert secret not in shared, secret
    page.get_by_role("button", name="Partager avec le groupe").click()
    page.get_by_text("Partagée avec les membres du groupe").wait_for()
    shot(page, "35-presentation-shared-phone")
    assert not page.console_errors, page.console_errors
