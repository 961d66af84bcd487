"""In Chromium, with the real Content-Security-Policy: the pages raise no violation and the
behaviours that used to be inline handlers still work."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from incidents.models import Incident
from tests.helpers import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script: records every violation the browser reports.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def test_the_dashboard_raises_no_csp_violation_and_the_language_switch_still_works(
    live_server, page
):
    call_command("seed_demo", stdout=io.StringIO())
    user = get_user_model().objects.get(username="vic")
    user.set_password("wachtwoord-123")
    user.save(update_fields=["password"])
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(COLLECT_VIOLATIONS)

    browser_login(page, live_server, user)
    incident = Incident.objects.filter(is_exercise=True).first() or Incident.objects.first()
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")
    page.wait_for_load_state("networkidle")
    # static/js/app.js ran: it folds the long tiles of the demo (the jump links are the server's).
    expect(page.locator("#tiles .tile-toggle").first).to_be_visible()
    violations = page.evaluate("window.__cspViolations")
    for url in ("/", "/incidents/", "/playbook/"):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        violations += page.evaluate("window.__cspViolations")

    # The language select submitted itself through onchange before; now static JS does it.
    page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    violations += page.evaluate("window.__cspViolations")

    assert violations == []
    assert not [text for text in console if "Content Security Policy" in text], console
