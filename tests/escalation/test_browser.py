"""The reporting wizard and a GRIP change, driven in Chromium."""

import pytest
from playwright.sync_api import expect

from tests.helpers import browser_login, walk_the_reporting_wizard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_walk_the_wizard_to_a_result_attach_it_and_tick_a_report(
    live_server, page, incident, vic_user
):
    browser_login(page, live_server, vic_user)
    page.goto(f"{live_server.url}/incidents/{incident.pk}/beslisboom/")
    walk_the_reporting_wizard(page)

    points = page.get_by_test_id("reporting-points")
    expect(points).to_contain_text("U meldt het incident bij uw sectorale CERT")
    expect(points).to_contain_text("Neem contact op met de meldkamer van de hulpdiensten")
    expect(points).not_to_contain_text("U meldt het incident bij het NCSC")
    page.get_by_role("button", name=f"Als checklist aan {incident.reference} koppelen").click()

    page.wait_for_url(f"{live_server.url}/incidents/{incident.pk}/")
    expect(page.locator("#reporting-body")).to_contain_text("0 van 7 meldpunten gemeld.")
    # The tile is long (the parties per point), so it shows its first lines until "Toon meer".
    page.locator("#tile-reporting").get_by_role("button", name="Toon meer").click()
    page.locator("#tile-reporting summary").click()
    row = page.locator("#tile-reporting .esc-tick-list li").first
    row.get_by_label("Gemeld aan (naam of functie)").fill("Servicedesk leverancier")
    row.get_by_role("button", name="Gemeld").click()
    expect(page.locator("#tile-reporting .esc-tick-list li").first).to_contain_text(
        "Servicedesk leverancier"
    )
    expect(page.locator("#reporting-body")).to_contain_text("1 van 7 meldpunten gemeld.")


def test_raise_grip_with_a_reason_and_see_history_and_logbook(
    live_server, page, incident, crisis_user
):
    browser_login(page, live_server, crisis_user)
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    expect(page.get_by_test_id("grip-current")).to_contain_text("Geen GRIP")

    page.select_option("#grip_to_level", label="GRIP 2")
    page.fill("#grip_decided_by", "Petra Jansen")
    page.fill("#grip_decided_by_function", "Operationeel leider")
    # Without a reason the browser does not submit (the server refuses it too: unit tests).
    page.get_by_role("button", name="GRIP-besluit vastleggen").click()
    assert page.locator("#grip_reason").evaluate("el => !el.validity.valid")
    expect(page.get_by_test_id("grip-current")).to_contain_text("Geen GRIP")

    page.fill("#grip_reason", "Storing raakt meerdere zorginstellingen")
    page.get_by_role("button", name="GRIP-besluit vastleggen").click()
    expect(page.get_by_test_id("grip-current")).to_contain_text("GRIP 2")
    history = page.locator("#grip-body .esc-grip-history")
    expect(history).to_contain_text("geen → GRIP 2")
    expect(history).to_contain_text("Storing raakt meerdere zorginstellingen")
    expect(history).to_contain_text("Petra Jansen (Operationeel leider)")
    expect(page.locator("#log-body")).to_contain_text("GRIP-niveau gewijzigd van geen naar GRIP 2")
    expect(page.locator("#grip_reason")).to_have_value("")
