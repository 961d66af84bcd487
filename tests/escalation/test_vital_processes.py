import pytest
from django.core.exceptions import ValidationError

from escalation import services
from escalation.models import IncidentVitalProcess, VitalProcess, VitalProcessList
from tests.helpers import HTMX


def test_the_national_list_is_seeded_as_a_versioned_current_list():
    current = VitalProcessList.objects.get(is_current=True)
    assert current.version == "NCTV-2021-AB"
    names = set(current.processes.values_list("name", flat=True))
    for name in (
        "Landelijk transport, distributie en productie elektriciteit",
        "Regionale distributie elektriciteit",
        "Drinkwatervoorziening",
        "Internet en datadiensten",
        "Spraakdienst en SMS",
        "Massaal giraal betalingsverkeer",
        "Communicatie met en tussen hulpdiensten middels 112 en C2000",
        "Inzet politie",
    ):
        assert name in names
    categories = set(current.processes.values_list("category", flat=True))
    assert categories == {"A", "B", "M"}


def test_electricity_prompts_questions_about_water_112_and_home_medical_devices(process):
    questions = " ".join(process("elektriciteit-regionaal").cascade_questions)
    assert "drinkwaterdruk" in questions
    assert "112" in questions
    assert "medische apparatuur" in questions


def test_marking_a_process_records_status_and_audits(incident, vic_user, process):
    record = services.vital_process_set(
        incident=incident,
        actor=vic_user,
        process=process("drinkwater"),
        status="dreigend",
        note="Pompstations op noodstroom",
    )
    assert record.is_active and record.updated_by == vic_user
    updated = services.vital_process_set(
        incident=incident, actor=vic_user, process=process("drinkwater"), status="geraakt"
    )
    assert updated.pk == record.pk and updated.status == "geraakt"
    assert incident.audit_events.filter(action="escalation.vital_process.set").count() == 2


def test_a_process_not_yet_affected_cannot_be_recovered(incident, vic_user, process):
    with pytest.raises(ValidationError):
        services.vital_process_set(
            incident=incident, actor=vic_user, process=process("drinkwater"), status="hersteld"
        )


def test_an_invalid_status_is_refused(incident, vic_user, process):
    with pytest.raises(ValidationError):
        services.vital_process_set(
            incident=incident, actor=vic_user, process=process("drinkwater"), status="kapot"
        )


def test_the_tile_shows_affected_processes_with_cascade_questions(
    client_for, incident, vic_user, bestuurder, process
):
    services.vital_process_set(
        incident=incident,
        actor=vic_user,
        process=process("elektriciteit-regionaal"),
        status="geraakt",
    )
    body = (
        client_for(bestuurder)
        .get(f"/incidents/{incident.pk}/tegel/vital/", headers=HTMX)
        .content.decode()
    )
    assert body.lstrip().startswith('<div id="vital-body"')
    assert "Regionale distributie elektriciteit" in body
    assert "Vragen om te stellen" in body
    assert "drinkwaterdruk" in body


def test_an_htmx_post_marks_a_process(client_for, incident, vic_user, process):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/vitaal/",
        {"process": process("spraak-sms").pk, "status": "geraakt", "note": "KPN-storing"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "incidentChanged" in response.headers["HX-Trigger"]
    assert response.content.decode().lstrip().startswith('<form id="vital-form"')
    assert IncidentVitalProcess.objects.get(incident=incident).note == "KPN-storing"


def test_a_post_without_a_process_returns_422(client_for, incident, vic_user):
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/vitaal/", {"status": "geraakt"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "Kies een vitaal proces of voorziening." in response.content.decode()


def test_a_process_from_an_old_list_version_cannot_be_chosen(client_for, incident, vic_user):
    old = VitalProcessList.objects.create(name="Oud", version="NCTV-2015")
    stale = VitalProcess.objects.create(process_list=old, code="x", name="Oud proces", category="B")
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/vitaal/",
        {"process": stale.pk, "status": "geraakt"},
        headers=HTMX,
    )
    assert response.status_code == 422
