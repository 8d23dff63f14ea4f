"""The territory's pages in Chromium, as the territory coordinator reads them: the network's
picture is drawn (by the vendored cytoscape, under the CSP), the observatory's charts and tables,
the social needs report; at a phone's width and a desktop's, nothing runs off the screen, axe
finds nothing serious, and the screenshots are kept (test-results/browser/territory-*.png)."""

import pytest

from tests.browser.test_directory_in_browser import check_accessibility, shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser
PAGES = {
    "network": "/network/",
    "network-compare": "/network/?compare=on",
    "observatory": "/observatory/",
    "abs": "/observatory/abs/?commune=44109",
    "partners": "/observatory/partners/",
}


def test_the_territory_pages_on_a_phone_and_a_desktop(browser_page, demo_server):
    page = browser_page
    sign_in(page, demo_server, "territoire@demo.ansam.test")
    page.get_by_role("link", name="Diagnostic du réseau").click()
    page.locator("#network-graph canvas").first.wait_for()
    problems = []
    for width, height in ((390, 844), (320, 700), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        for name, url in PAGES.items():
            page.goto(demo_server + url)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append((name, width, overflow))
            if width == 390:
                check_accessibility(page, f"territory-{name}-phone")
                shot(page, f"territory-{name}-phone")
            elif width == 1280:
                shot(page, f"territory-{name}-desktop")
    assert not problems, problems
    # A click on an organisation fades the others: the picture is interactive.
    page.goto(demo_server + "/network/")
    page.locator("#network-graph canvas").first.wait_for()
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('#network-graph canvas'))"
        ".some(c => c.width > 0 && c.height > 0)"
    )
    assert drawn
    assert not page.console_errors, page.console_errors
