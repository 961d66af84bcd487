"""A crisis team member works an incident in Chromium while a colleague watches it live."""

import pytest
from playwright.sync_api import expect

from tests.helpers import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_classify_act_and_a_second_viewer_sees_it_live(
    live_server, browser, crisis_user, vic_user
):
    writer = browser.new_context(viewport={"width": 1366, "height": 768})
    page = writer.new_page()
    browser_login(page, live_server, crisis_user)

    page.goto(f"{live_server.url}/incidents/nieuw/")
    page.fill("#id_title", "Storing betalingsverkeer regio")
    page.get_by_role("button", name="Registreren").click()
    expect(page.locator("h1")).to_contain_text("Storing betalingsverkeer regio")
    dashboard = page.url

    # Let the VIC colleague in, and have them watch the dashboard.
    page.goto(dashboard + "leden/")
    page.fill("#id_username", vic_user.username)
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    viewer_context = browser.new_context(viewport={"width": 1366, "height": 768})
    viewer = viewer_context.new_page()
    browser_login(viewer, live_server, vic_user)
    viewer.goto(dashboard)
    expect(viewer.locator("#log-body")).to_be_visible()

    page.goto(dashboard)
    # Change one building block inline, with a reason.
    page.get_by_role("link", name="Geraakt gebied wijzigen").click()
    page.select_option("#classification_area", "meerdere_regios")
    page.fill("#classification_reason", "Ook de buurregio meldt uitval van pinautomaten")
    page.get_by_role("button", name="Duiding vastleggen").click()
    expect(page.locator("#classification-body")).to_contain_text("Meerdere veiligheidsregio's")
    expect(page.locator("#classification-body")).to_contain_text("Ook de buurregio meldt")

    # Two log entries without reloading the page.
    marker = page.evaluate("window.__marker = 'same page'")
    for category, text in [
        ("melding", "Bank meldt storing bij betalingen"),
        ("beeld", "Supermarkten accepteren alleen contant"),
    ]:
        page.select_option("#log_category", category)
        page.fill("#log_text", text)
        page.get_by_role("button", name="Toevoegen aan logboek").click()
        expect(page.locator("#log-body")).to_contain_text(text)
        expect(page.locator("#log_text")).to_have_value("")
    assert page.evaluate("window.__marker") == "same page", marker

    # An action.
    page.locator("#action-form summary").click()
    page.fill("#action_description", "Contact met de Betaalvereniging")
    page.fill("#action_owner_organisation", "VIC")
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.locator("#actions-body")).to_contain_text("Contact met de Betaalvereniging")

    # The second viewer got everything without reloading.
    expect(viewer.locator("#log-body")).to_contain_text(
        "Supermarkten accepteren alleen contant", timeout=10_000
    )
    expect(viewer.locator("#actions-body")).to_contain_text(
        "Contact met de Betaalvereniging", timeout=10_000
    )
    expect(viewer.locator("#classification-body")).to_contain_text("Meerdere veiligheidsregio's")
    writer.close()
    viewer_context.close()


def test_the_dashboard_has_jump_links_to_its_tiles(live_server, page, vic_user, incident):
    browser_login(page, live_server, vic_user)
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")
    nav = page.get_by_role("navigation", name="Onderdelen van dit incident")
    expect(nav.get_by_role("link", name="Logboek")).to_have_attribute("href", "#tile-log")
    nav.get_by_role("link", name="Open acties").click()
    expect(page).to_have_url(f"{live_server.url}{incident.get_absolute_url()}#tile-actions")
