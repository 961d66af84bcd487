"""In Chromium with the real CSP: the API doc page (Swagger UI from our own static files) and
the profile page raise no violation, and the doc page lists the API."""

import pytest
from playwright.sync_api import expect

from tests.crisiscentre.test_csp_browser import COLLECT_VIOLATIONS
from tests.helpers import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_and_profile_pages_run_under_the_strict_csp(live_server, page, vic_user):
    console = []
    outside = []
    page.on("console", lambda message: console.append(message.text))
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.add_init_script(COLLECT_VIOLATIONS)
    browser_login(page, live_server, vic_user)

    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15000)
    expect(page.get_by_text("/api/v1/incidents/{id}/log-entries/").first).to_be_visible()
    violations = page.evaluate("window.__cspViolations")

    page.goto(f"{live_server.url}/profiel/")
    page.fill("#id_name", "Koppeling LCMS")
    page.click("form[action$='/tokens/nieuw/'] button[type=submit]")
    assert page.locator("#new-token").input_value().startswith("cc_")
    violations += page.evaluate("window.__cspViolations")

    assert violations == []
    assert outside == []
    assert not [text for text in console if "Content Security Policy" in text], console
