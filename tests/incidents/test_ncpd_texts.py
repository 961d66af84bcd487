"""The region words the NCP-D values in the admin; the codes stay, the code text is the fallback."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from incidents import ncpd, selectors, services
from incidents.models import BLOCKS, Cause, Classification, ClassificationValue

pytestmark = pytest.mark.django_db


def edit(admin_client, row: ClassificationValue, **fields):
    data = {"label": row.label, "description": row.description, **fields}
    response = admin_client.post(
        reverse("admin:incidents_classificationvalue_change", args=[row.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def admin_client(client_for, admin_user):
    return client_for(admin_user)


def test_the_migration_seeds_every_value_of_the_six_blocks_with_the_code_text():
    expected = {(b, v) for b, (_l, choices) in BLOCKS.items() for v in choices.values}
    rows = {(r.block, r.value): r.label for r in ClassificationValue.objects.all()}
    assert set(rows) == expected
    assert rows[("cause", "moedwillig")] == "Moedwillig"
    assert rows[("area", "een_regio")] == "Eén veiligheidsregio"


def test_an_edited_label_and_description_show_on_the_dashboard_form_and_summary(
    admin_client, client_for, vic_user, incident
):
    value = ClassificationValue.objects.get(block="cause", value="moedwillig")
    edit(admin_client, value, label="Opzettelijk", description="Er is met opzet gehandeld.")
    services.classification_change(
        incident=incident, actor=vic_user, changes={"cause": "moedwillig"}, reason="Opzet."
    )
    client = client_for(vic_user)
    tile = client.get(reverse("incidents:tile", args=[incident.pk, "classification"])).content
    assert "Opzettelijk" in tile.decode() and "Er is met opzet gehandeld." in tile.decode()
    form = client.get(
        reverse("incidents:classification_edit", args=[incident.pk]) + "?block=cause"
    ).content.decode()
    assert '<option value="moedwillig" selected>Opzettelijk</option>' in form
    assert "Opzettelijk: Er is met opzet gehandeld." in form
    current = Classification.objects.filter(incident=incident).first()
    assert current.cause == Cause.DELIBERATE  # the stored code did not change
    assert "oorzaak: opzettelijk" in selectors.classification_summary(current)


def test_english_shows_the_translation_until_the_region_changes_the_wording(admin_client):
    with translation.override("en"):
        english = ncpd.value_label("outlook", "langdurig_onbekend")
    assert english != "Langdurig onbekend"  # the catalogue's English
    value = ClassificationValue.objects.get(block="outlook", value="langdurig_onbekend")
    edit(admin_client, value, label="Lang onbekend")
    with translation.override("en"):
        assert ncpd.value_label("outlook", "langdurig_onbekend") == "Lang onbekend"
    assert ncpd.value_label("outlook", "langdurig_onbekend") == "Lang onbekend"


def test_a_value_without_a_row_falls_back_to_the_code_text():
    ClassificationValue.objects.filter(block="actor", value="statelijk").delete()
    ncpd.cache.clear()
    assert ncpd.value_label("actor", "statelijk") == "Statelijke actor"


def test_the_loader_keeps_edits_and_restores_missing_rows():
    ClassificationValue.objects.filter(block="cause", value="moedwillig").update(label="Opzet")
    ClassificationValue.objects.filter(block="source", value="buiten_nl").delete()
    call_command("load_texts", stdout=open("/dev/null", "w"))  # noqa: SIM115 - quiet
    assert ClassificationValue.objects.get(block="cause", value="moedwillig").label == "Opzet"
    assert ClassificationValue.objects.get(block="source", value="buiten_nl").label == (
        "Buiten Nederland"
    )
    assert ncpd.load() == 0


def test_values_can_be_renamed_but_not_added_or_removed_in_the_admin(admin_client):
    value = ClassificationValue.objects.first()
    assert admin_client.get(reverse("admin:incidents_classificationvalue_add")).status_code == 403
    delete = reverse("admin:incidents_classificationvalue_delete", args=[value.pk])
    assert admin_client.get(delete).status_code == 403
    edit(admin_client, value, label="Iets anders", value="gewijzigd", block="area")
    value.refresh_from_db()
    assert value.label == "Iets anders" and value.value != "gewijzigd"
