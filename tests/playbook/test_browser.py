import pytest
from playwright.sync_api import expect

from playbook.models import IncidentChecklistItem, IncidentKeyDecision
from tests.helpers import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_ticked_item_and_a_taken_key_decision_survive_a_reload(
    page, live_server, crisis_user, incident
):
    row = (
        IncidentChecklistItem.objects.filter(incident=incident, item__slug="melding-1")
        .select_related("item")
        .get()
    )
    kd = IncidentKeyDecision.objects.get(incident=incident, key_decision__slug="liaisons")
    browser_login(page, live_server, crisis_user)

    page.goto(f"{live_server.url}/incidents/{incident.pk}/draaiboek/")
    item = page.locator(f"#item-{row.pk}")
    item.get_by_role("checkbox").check()
    expect(item).to_contain_text("afgevinkt door Chris")  # swapped in by htmx, no reload
    page.reload()
    expect(page.locator(f"#item-{row.pk}").get_by_role("checkbox")).to_be_checked()
    expect(page.locator(f"#item-{row.pk}")).to_contain_text("afgevinkt door Chris")

    page.goto(f"{live_server.url}/incidents/{incident.pk}/sleutelbesluiten/")
    block = page.locator(f"#kd-{kd.pk}")
    block.get_by_text("Besluit nemen").click()
    block.get_by_label("Besluit", exact=True).fill(
        "Liaison van het ziekenhuis sluit aan in het ROT"
    )
    block.get_by_label("Besloten door (naam en functie)").fill("Operationeel Leider")
    block.get_by_role("button", name="Sleutelbesluit vastleggen").click()
    expect(block.locator(".badge")).to_have_text("Genomen")
    page.reload()
    block = page.locator(f"#kd-{kd.pk}")
    expect(block.locator(".badge")).to_have_text("Genomen")
    expect(block).to_contain_text("Liaison van het ziekenhuis sluit aan in het ROT")
