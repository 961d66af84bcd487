"""One ROT meeting in the browser: plan it, open the agenda, record two decisions and an action
while a second viewer watches the dashboard, close it, and read the verslag on the projector."""

import pytest
from playwright.sync_api import expect

from tests.helpers import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rot_meeting_from_plan_to_verslag(live_server, browser, vic_user, crisis_user, incident):
    notulist = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    watcher = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    browser_login(notulist, live_server, vic_user)
    browser_login(watcher, live_server, crisis_user)
    watcher.goto(f"{live_server.url}{incident.get_absolute_url()}")

    notulist.goto(f"{live_server.url}/incidents/{incident.pk}/overleg/")
    notulist.select_option("#meeting_team", "ROT")
    notulist.fill("#meeting_starts_at", "2026-12-03T09:00")
    notulist.fill("#meeting_place", "Zaal 2")
    notulist.fill("#meeting_chair", "Operationeel Leider")
    notulist.get_by_role("button", name="Overleg plannen").click()
    expect(notulist.locator("h1")).to_contain_text("ROT-overleg")
    notulist.get_by_role("button", name="Overleg openen").click()
    expect(notulist.locator(".flash-success")).to_contain_text("Het overleg is geopend.")

    item = notulist.locator("#item-ter-besluitvorming")
    form = item.locator("details.record")
    form.locator("summary").click()
    for text in ("Sporthal De Kamp inrichten als opvang", "Burgemeester informeert de raad"):
        form.locator("select[name=kind]").select_option("besluit")
        form.locator("textarea[name=text]").fill(text)
        form.get_by_role("button", name="Vastleggen").click()
        expect(form).to_contain_text("Vastgelegd.")
        # The other viewer's besluitenlijst gets it without a reload (the pulse).
        expect(watcher.locator("#decisions-body")).to_contain_text(text, timeout=10_000)
        form = notulist.locator("#item-ter-besluitvorming details.record")
    expect(item.locator(".records")).to_contain_text("Burgemeester informeert de raad")

    actions = notulist.locator("#item-acties details.record")
    actions.locator("summary").click()
    actions.locator("textarea[name=text]").fill("Lijst thuisbeademde patiënten opvragen")
    actions.locator("input[name=owner]").fill("AC GHOR")
    actions.get_by_role("button", name="Vastleggen").click()
    expect(watcher.locator("#actions-body")).to_contain_text("Lijst thuisbeademde", timeout=10_000)

    # Typing under one item survives the agenda refreshing after another item's record.
    picture = notulist.locator("#item-beeld details.record")
    picture.locator("summary").click()
    picture.locator("textarea[name=text]").fill("half getypt")
    other = notulist.locator("#item-oordeel details.record")
    other.locator("summary").click()
    other.locator("textarea[name=text]").fill("Herstel duurt minstens 48 uur")
    other.get_by_role("button", name="Vastleggen").click()
    expect(notulist.locator("#item-oordeel .records")).to_contain_text("48 uur")
    expect(notulist.locator("#item-beeld textarea[name=text]")).to_have_value("half getypt")

    notulist.get_by_role("button", name="Overleg sluiten en verslag vastleggen").click()
    expect(notulist.locator(".flash-info")).to_contain_text("Verslag nr. 1")
    expect(notulist.locator("details.record")).to_have_count(0)

    notulist.get_by_role("link", name="Agenda op het scherm").click()
    slides = notulist.locator("[data-slide]")
    expect(slides.nth(0)).to_be_visible()
    expect(slides.nth(1)).to_be_hidden()
    notulist.keyboard.press("ArrowRight")
    expect(slides.nth(1)).to_be_visible()
    expect(slides.nth(0)).to_be_hidden()
    notulist.keyboard.press("ArrowLeft")
    expect(slides.nth(0)).to_be_visible()
