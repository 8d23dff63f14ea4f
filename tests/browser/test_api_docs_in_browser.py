"""The API documentation page works under the site's own CSP: Swagger is served by Ansam."""

import pytest

from tests.browser.test_directory_in_browser import shot
from tests.browser.test_record_in_browser import sign_in

pytestmark = pytest.mark.browser


def test_the_api_documentation_shows_the_endpoints(browser_page, demo_server):
    page = browser_page
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    sign_in(page, demo_server, "travailleur@demo.ansam.test")
    page.goto(demo_server + "/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() > 10
    assert page.get_by_text("/api/v1/referrals").first.is_visible()
    assert not blocked, blocked
    shot(page, "70-api-docs")
