"""The whole-incident timeline and the nafase board: one chronology, bounded, constant queries."""

import pytest
from django.urls import reverse

from aftermath import selectors
from escalation import services as escalation_services
from escalation.models import GripLevel, RecoveryStatus
from incidents import services
from incidents.models import Classification

pytestmark = pytest.mark.django_db


def fill(incident, user, n):
    levels = {level.code: level for level in GripLevel.objects.all()}
    incident.refresh_from_db()
    level = levels["grip-3" if incident.grip_label == levels["grip-2"].name else "grip-2"]
    escalation_services.grip_change(
        incident=incident, actor=user, to_level=level, decided_by="L", reason="R"
    )
    services.decision_record(incident=incident, actor=user, text="Geen losgeld", decided_by="GBT")
    services.classification_change(
        incident=incident, actor=user, changes={}, reason="NCSC", confirm=True
    )
    for number in range(n):
        services.log_entry_add(
            incident=incident, actor=user, category="informatie", text=f"Regel {number}"
        )
        organisation = services.affected_organisation_add(
            incident=incident, actor=user, name=f"Organisatie {number}"
        )
        escalation_services.recovery_item_add(
            incident=incident,
            actor=user,
            organisation=organisation,
            status=RecoveryStatus.DISRUPTED,
        )
        escalation_services.measure_create(
            incident=incident, actor=user, title=f"Maatregel {number}", owner="O", end_criterion="E"
        )


def test_each_event_appears_once_in_one_chronology(incident, vic_user):
    fill(incident, vic_user, 1)
    data = selectors.timeline(incident, clearance="RED")
    kinds = [event.kind for event in data["events"]]
    assert kinds.count("grip") == 1 and kinds.count("besluit") == 1
    assert kinds.count("duiding") == Classification.objects.filter(incident=incident).count()
    assert not any(e.kind == "log" and e.text == "Geen losgeld" for e in data["events"])
    times = [event.at for event in data["events"]]
    assert times == sorted(times)


def test_the_timeline_filters_on_the_clearance(incident, vic_user):
    services.log_entry_add(
        incident=incident, actor=vic_user, category="informatie", text="Rood", tlp="RED"
    )
    services.log_entry_add(
        incident=incident, actor=vic_user, category="informatie", text="Groen", tlp="GREEN"
    )
    texts = [event.text for event in selectors.timeline(incident, clearance="GREEN")["events"]]
    assert "Groen" in texts and "Rood" not in texts


def test_the_timeline_is_paged(client_for, incident, vic_user):
    fill(incident, vic_user, 60)
    client = client_for(vic_user)
    url = reverse("aftermath:timeline", args=[incident.pk])
    first = client.get(url)
    assert len(first.context["timeline"]["events"]) == selectors.PAGE_SIZE
    assert "Later" in first.content.decode()
    last = client.get(url + "?pagina=99")
    assert last.context["timeline"]["page"] == last.context["timeline"]["pages"]


@pytest.mark.parametrize("name", ["board", "timeline", "evaluation"])
def test_pages_take_the_same_queries_at_3_and_40_rows(
    client_for, incident, vic_user, name, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(vic_user)
    url = reverse(f"aftermath:{name}", args=[incident.pk])
    fill(incident, vic_user, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    fill(incident, vic_user, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["recovery", "measures", "scale_down"])
def test_escalation_nafase_pages_take_the_same_queries_at_3_and_40_rows(
    client_for, incident, vic_user, name, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(vic_user)
    url = reverse(f"escalation:{name}", args=[incident.pk])
    fill(incident, vic_user, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    fill(incident, vic_user, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_board_shows_duration_expected_recovery_and_the_technical_societal_split(
    client_for, incident, vic_user
):
    organisation = services.affected_organisation_add(
        incident=incident, actor=vic_user, name="RIVM"
    )
    item = escalation_services.recovery_item_add(
        incident=incident,
        actor=vic_user,
        organisation=organisation,
        status=RecoveryStatus.DISRUPTED,
        expected_recovery="volgende week",
    )
    escalation_services.recovery_item_update(
        item=item, actor=vic_user, status=RecoveryStatus.RECOVERED, technically_resolved=True
    )
    page = client_for(vic_user).get(reverse("aftermath:board", args=[incident.pk])).content.decode()
    assert "RIVM" in page and "verwacht herstel: volgende week" in page
    assert "Technisch opgelost, maar de maatschappelijke effecten zijn nog niet voorbij" in page
