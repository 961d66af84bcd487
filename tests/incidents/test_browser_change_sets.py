"""After a log line a second viewer refreshes the log tile only, not all ~17 tiles (issue 20)."""

import pytest
from playwright.sync_api import expect

from incidents import services
from tests.helpers import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_log_line_costs_a_viewer_at_most_two_tile_requests(
    live_server, browser, vic_user, incident
):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    viewer = context.new_page()
    browser_login(viewer, live_server, vic_user)
    viewer.goto(f"{live_server.url}{incident.get_absolute_url()}")
    expect(viewer.locator("#log-body")).to_be_visible()
    viewer.wait_for_timeout(3500)  # one unchanged pulse first
    requests = []
    viewer.on("request", lambda request: requests.append(request.url))

    services.log_entry_add(
        incident=incident, actor=vic_user, category="melding", text="Gemaal Zuid valt uit"
    )
    expect(viewer.locator("#log-body")).to_contain_text("Gemaal Zuid valt uit", timeout=8000)
    viewer.wait_for_timeout(1000)
    tile_requests = [url for url in requests if "/pulse" not in url]
    assert len(tile_requests) <= 2, tile_requests
    context.close()
