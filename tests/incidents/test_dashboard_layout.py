"""The dashboard on the crisis room's 1366x768 laptop: the log comes first.

The demo incident of `seed_demo` fills every tile, so the page is as long as in an exercise.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from incidents import services
from tests.helpers import PASSWORD, browser_login
from tests.test_accessibility import demo_incident  # noqa: F401 - the seeded demo incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}

# Tables whose right edge sticks out of the card (or page) that holds them.
OVERFLOWING_TABLES = """() => [...document.querySelectorAll('table')].filter((table) => {
  const box = table.parentElement.closest('.card, main') || document.body;
  return table.getBoundingClientRect().right > box.getBoundingClientRect().right + 1;
}).map((table) => (table.closest('[id]') || {}).id + ' table.' + table.className)"""


@pytest.fixture
def laptop(live_server, browser, demo_incident):  # noqa: F811
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    team = get_user_model().objects.get(username="crisisteam")
    browser_login(page, live_server, team, PASSWORD)
    page.goto(f"{live_server.url}{demo_incident.get_absolute_url()}")
    yield page
    context.close()


def in_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"]


def test_the_log_form_and_latest_lines_are_in_the_first_screen(laptop):
    assert laptop.evaluate("window.scrollY") == 0
    assert in_first_screen(laptop, "#log_text")
    assert in_first_screen(laptop, "#log-form button[type=submit]")
    first_line = laptop.locator("#log-body tr.log-entry").first.bounding_box()
    assert first_line["y"] < LAPTOP["height"]


def test_the_log_text_is_at_most_5_tab_stops_after_the_skip_link(laptop):
    laptop.keyboard.press("Tab")
    expect(laptop.get_by_role("link", name="Naar het logboek")).to_be_focused()
    laptop.keyboard.press("Enter")
    for _ in range(5):
        laptop.keyboard.press("Tab")
        if laptop.evaluate("document.activeElement.id") == "log_text":
            break
    expect(laptop.locator("#log_text")).to_be_focused()
    assert in_first_screen(laptop, "#log_text")


def test_a_long_tile_shows_its_first_lines_and_opens_on_toon_meer(laptop):
    advice = laptop.locator("#tile-advice")
    collapsed = advice.bounding_box()["height"]
    assert collapsed < 500
    toggle = advice.get_by_role("button", name="Toon meer")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(advice.get_by_role("button", name="Toon minder")).to_have_attribute(
        "aria-expanded", "true"
    )
    assert advice.bounding_box()["height"] > collapsed


def test_a_collapsed_tile_keeps_refreshing_and_its_state(laptop, demo_incident):  # noqa: F811
    grip = laptop.locator("#tile-grip")
    expect(grip.get_by_role("button", name="Toon meer")).to_be_visible()
    team = get_user_model().objects.get(username="crisisteam")
    services.log_entry_add(
        incident=demo_incident, actor=team, category="beeld", text="Nieuwe regel van elders."
    )
    expect(laptop.locator("#log-body")).to_contain_text("Nieuwe regel van elders.")
    expect(grip.locator(".tile-content.is-collapsed #grip-body")).to_have_count(1)


def test_text_typed_in_a_collapsed_tile_survives_a_refresh(laptop, demo_incident):  # noqa: F811
    laptop.fill("#grip_reason", "Nog aan het typen")  # focusing the field opens the tile
    expect(laptop.locator("#tile-grip .tile-content")).not_to_have_class("is-collapsed")
    team = get_user_model().objects.get(username="crisisteam")
    services.log_entry_add(
        incident=demo_incident, actor=team, category="beeld", text="Regel tijdens het typen."
    )
    expect(laptop.locator("#log-body")).to_contain_text("Regel tijdens het typen.")
    expect(laptop.locator("#grip_reason")).to_have_value("Nog aan het typen")


def test_tabbing_into_a_collapsed_tile_opens_it(laptop):
    laptop.locator("#tile-grip .tile-content").evaluate(
        "(content) => content.querySelector('a, button, input, select, summary').focus()"
    )
    expect(laptop.locator("#tile-grip .tile-content")).not_to_have_class("is-collapsed")


def test_no_table_sticks_out_of_its_card_at_1366(laptop, live_server, demo_incident):  # noqa: F811
    from tests.test_accessibility import incident_pages

    found = {}
    for name, path in incident_pages(demo_incident):
        laptop.goto(f"{live_server.url}{path}")
        laptop.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        if wide := laptop.evaluate(OVERFLOWING_TABLES):
            found[name] = wide
    assert not found, found


def test_after_a_log_submit_the_focus_is_back_in_the_text_field(laptop):
    laptop.select_option("#log_category", "beeld")
    laptop.fill("#log_text", "Apotheek meldt storing.")
    laptop.fill("#log_source", "Apotheek")
    laptop.locator("#log_source").press("Enter")  # submitted from *bron*
    expect(laptop.locator("#log-body")).to_contain_text("Apotheek meldt storing.")
    expect(laptop.locator("#log_text")).to_be_focused()
    expect(laptop.locator("#log_text")).to_have_value("")


def test_the_members_page_is_not_the_dashboard(laptop, live_server, demo_incident):  # noqa: F811
    """Only the dashboard has the skip link to the log."""
    laptop.goto(f"{live_server.url}{reverse('incidents:members', args=[demo_incident.pk])}")
    expect(laptop.get_by_role("link", name="Naar het logboek")).to_have_count(0)


def test_no_log_cell_runs_into_the_next_column(laptop):
    """A time like "03-12-2026 08:32" wraps inside its cell instead of over the category."""
    spilling = laptop.evaluate(
        """() => [...document.querySelectorAll('#log-body td')]
             .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
             .map((cell) => cell.textContent.trim())"""
    )
    assert spilling == []
