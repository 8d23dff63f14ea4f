"""Every page of the main flows at a phone's width (390 × 844, and 320 for RGAA 10.11) and at a
desktop's: nothing runs off the screen, axe finds nothing serious, the menu opens, and the
screenshots are kept (test-results/browser/phone-*.png) to be looked at."""

import re

import pytest

from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser
WIDTHS = [(390, 844), (320, 700), (1280, 900)]


def _pages(page, base):
    """The main flows' pages, found by following links as a worker would."""
    urls = {
        "home": "/",
        "day": "/day/",
        "caseload": "/people/",
        "referrals": "/referrals/",
        "sent": "/referrals/?tab=sent",
        "directory": "/directory/?q=logement",
        "notifications": "/notifications/",
        "account": "/accounts/security/",
        "emergencies": "/emergencies/",
        "meetings": "/meetings/",
        "meeting_new": "/meetings/new/",
        "calendar": "/calendar/",
        "groups": "/groups/",
        "agreements": "/agreements/",
        "bodies": "/bodies/",
    }
    page.goto(base + "/people/")
    person = page.locator("table tbody a").first.get_attribute("href")
    urls |= {
        "person": person,
        "plan": person + "plan/",
        "sharing": person + "sharing/",
        "log": person + "log/",
        "refer": person + "refer/?q=logement",
    }
    urls |= {"relatives": person + "household/", "compare": person + "plan/compare/"}
    page.goto(base + person + "refer/?q=logement")
    send = page.get_by_role("link", name="Orienter vers ce service").first.get_attribute("href")
    if send:
        urls["send"] = send
    urls["meeting_new_person"] = "/meetings/new/?person=" + person.strip("/").split("/")[-1]
    page.goto(base + "/meetings/")
    meeting = page.locator("table tbody a").first.get_attribute("href")
    if meeting:
        urls["meeting"] = meeting
    page.goto(base + "/agreements/")
    agreement = page.locator("table tbody a").first.get_attribute("href")
    if agreement:
        urls["agreement"] = agreement
    page.goto(base + "/referrals/?tab=sent&closed=1")
    referral = page.locator("table tbody a").first.get_attribute("href")
    if referral:
        urls["referral"] = referral
    return urls


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_main_pages_fit_a_phone(browser_page, demo_server):
    page = browser_page
    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    urls = _pages(page, demo_server)
    problems = []
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        for name, url in urls.items():
            page.goto(demo_server + url)
            if _overflow(page) > 0:
                problems.append((name, width, _overflow(page)))
            if width == 390:
                check_accessibility(page, f"{name}-phone")
                shot(page, f"phone-{name}")
            elif width == 1280 and name in ("day", "person", "caseload"):
                shot(page, f"desktop-{name}")
    assert not problems, problems
    # The menu: one button on a phone, opened to reach every section, the current one marked.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_server + "/day/")
    assert not page.get_by_role("link", name="Annuaire").is_visible()
    page.locator("summary", has_text="Menu").click()
    assert page.get_by_role("link", name="Annuaire").is_visible()
    assert page.locator('.nav-narrow a[aria-current="page"]').inner_text() == "Ma journée"
    shot(page, "phone-menu-open")
    assert not page.console_errors, page.console_errors


def test_english_dates_read_day_month_year(browser_page, demo_server):
    page = browser_page
    sign_in(page, demo_server, "coordinatrice@demo.ansam.test")
    page.goto(demo_server + "/people/")
    page.get_by_role("button", name="English").click()
    page.goto(demo_server + "/people/")
    text = page.locator("table tbody").inner_text()

    # Birth dates in the demo: some have a day past 12, which only day/month/year can show.
    dates = re.findall(r"\b(\d{2})/(\d{2})/(\d{4})\b", text)
    assert dates and all(int(month) <= 12 for _day, month, _year in dates)
    assert any(int(day) > 12 for day, _month, _year in dates)
