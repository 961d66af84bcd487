"""Issues 12.2 and 19.3 in Chromium: the flash says what is too large, a long text gets the
length message with the text kept, and the log time is not the page-load time."""

import pytest
from playwright.sync_api import expect

from incidents.models import LogEntry
from tests.helpers import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_oversized_log_line_gets_a_flash_that_says_it_is_too_large(
    live_server, page, vic_user, incident
):
    browser_login(page, live_server, vic_user)
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")
    expect(page.locator("#log_occurred_at")).to_have_value("")
    # 3 MB: over the body limit, so the server refuses the post as a whole (413).
    page.evaluate("document.getElementById('log_text').value = 'x'.repeat(3 * 1024 * 1024)")
    page.get_by_role("button", name="Toevoegen aan logboek").click()
    expect(page.locator("#messages")).to_contain_text("te groot")
    expect(page.locator("#messages")).not_to_contain_text("probeer het opnieuw")
    assert page.evaluate("document.getElementById('log_text').value.length") == 3 * 1024 * 1024

    # Under the body limit but over the field limit: the form's own message, text kept.
    page.fill("#log_text", "y" * 10_001)
    page.get_by_role("button", name="Toevoegen aan logboek").click()
    expect(page.locator("#log-form")).to_contain_text("te lang")
    assert page.evaluate("document.getElementById('log_text').value.length") == 10_001
    assert not LogEntry.objects.filter(incident=incident).exists()
