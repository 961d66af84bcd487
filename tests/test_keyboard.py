"""The scenario's main steps without a mouse: only Tab, Shift+Tab, Enter, arrow keys and typing.

Every Tab stop on the way must show where the focus is (an outline or a focus ring), so a
keyboard user never loses track.
"""

import pytest
from playwright.sync_api import expect

from tests.helpers import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the focused element is, and whether it shows a focus indicator.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(), id: el.id,
    name: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 80),
    visible: Boolean(outline || ring),
  };
}"""


def focused(page) -> dict | None:
    info = page.evaluate(FOCUSED)
    if info is not None:
        assert info["visible"], f"focus is not visible on {info}"
    return info


def press_until(page, matches, *, key: str = "Tab", limit: int = 250) -> dict:
    """Press `key` until the focused element matches; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if info is not None and matches(info):
            return info
    raise AssertionError(f"{key} x{limit} never reached the element; last focus: {info}")


def by_id(element_id: str):
    return lambda info: info["id"] == element_id


def by_name(name: str):
    return lambda info: info["name"] == name


def choose(page, option_label: str, *, limit: int = 10) -> None:
    """Pick an option in the focused <select> with the arrow keys."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.selectedOptions[0].label") == option_label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {option_label!r} not reached with ArrowDown")


def test_the_scenario_steps_work_with_the_keyboard_alone(live_server, page, incident, crisis_user):
    # Log in: the username field has the focus when the page opens.
    page.goto(f"{live_server.url}/accounts/login/")
    assert focused(page)["id"] == "id_username"
    page.keyboard.type(crisis_user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    # Open the incident from the incident list.
    press_until(page, by_name("Incidenten"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/incidents/")
    press_until(page, by_name(incident.reference))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{incident.get_absolute_url()}")

    # Add a logbook entry.
    press_until(page, by_id("log_category"))
    choose(page, "Beeld")
    press_until(page, by_id("log_text"))
    page.keyboard.type("Ziekenhuis meldt uitval van thuisbeademing.")
    press_until(page, by_name("Toevoegen aan logboek"))
    page.keyboard.press("Enter")
    expect(page.locator("#log-body")).to_contain_text("Ziekenhuis meldt uitval van thuisbeademing.")

    # Change one classification block with a reason; the editor takes the focus when it opens.
    # (The log is the main column; the other tiles follow it in the side column.)
    press_until(page, by_name("Geraakt gebied wijzigen"))
    page.keyboard.press("Enter")
    expect(page.locator("#classification-editor form")).to_be_focused()
    focused(page)
    press_until(page, by_id("classification_area"))
    choose(page, "Meerdere veiligheidsregio's")
    press_until(page, by_id("classification_reason"))
    page.keyboard.type("Thuiszorgapparatuur in twee regio's geraakt.")
    press_until(page, by_name("Duiding vastleggen"))
    page.keyboard.press("Enter")
    expect(page.locator("#classification-body")).to_contain_text("Meerdere veiligheidsregio's")
    expect(page.locator("#classification-body .timeline")).to_contain_text(
        "Thuiszorgapparatuur in twee regio's geraakt."
    )

    # Raise GRIP with a reason (the GRIP tile comes first in the side column).
    press_until(page, by_id("grip_to_level"), key="Shift+Tab")
    choose(page, "GRIP 2")
    press_until(page, by_id("grip_decided_by"))
    page.keyboard.type("Petra Jansen")
    press_until(page, by_id("grip_decided_by_function"))
    page.keyboard.type("Operationeel leider")
    press_until(page, by_id("grip_reason"))
    page.keyboard.type("Storing raakt meerdere zorginstellingen.")
    press_until(page, by_name("GRIP-besluit vastleggen"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("grip-current")).to_contain_text("GRIP 2")
    expect(page.locator("#grip-body .esc-grip-history")).to_contain_text(
        "Storing raakt meerdere zorginstellingen."
    )
