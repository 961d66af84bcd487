"""Meetings on the BOB structure (issue 14): plan, agenda from the incident, record per item,
close into a fixed, numbered verslag with the reader's TLP, and tabling for the next meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services as incident_services
from incidents.models import Action, AuditEvent, Decision, Membership
from incidents.tlp import TLP
from meetings import selectors, services
from meetings.models import Assessment, Meeting, MeetingRecord, TabledItem
from playbook.models import Dilemma
from tests.helpers import HTMX
from tests.people.test_partners import guest, guest_client  # noqa: F401 - the real invitation

pytestmark = pytest.mark.django_db


def pdf_pages_text(data: bytes) -> list[str]:
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return [page for page in text.split("\f") if page.strip()]


@pytest.fixture
def meeting(incident, vic_user):
    return services.meeting_plan(
        incident=incident,
        actor=vic_user,
        team="ROT",
        starts_at=timezone.now() - timedelta(minutes=5),
        place="Zaal 2",
        chair="ROL",
        attendees="ROL, IM",
    )


@pytest.fixture
def open_meeting(meeting, vic_user):
    return services.meeting_open(meeting=meeting, actor=vic_user)


def url(name, meeting, *extra):
    return reverse(f"meetings:{name}", args=[meeting.incident_id, meeting.pk, *extra])


def record(client, meeting, item, **data):
    payload = {"kind": "notitie", "tlp": "AMBER", "text": "x"} | data
    return client.post(url("record", meeting, item), payload, headers=HTMX)


# --- Planning ---------------------------------------------------------------------------------


def test_planning_a_meeting_opens_its_page(client_for, vic_user, incident):
    client = client_for(vic_user)
    response = client.post(
        reverse("meetings:plan", args=[incident.pk]),
        {
            "team": "GBT",
            "starts_at": "2026-12-03T14:00",
            "place": "Stadhuis",
            "chair": "Burgemeester",
        },
    )
    meeting = Meeting.objects.get(incident=incident)
    assert response.status_code == 302
    assert response["Location"] == url("detail", meeting)
    assert (meeting.team, meeting.place, meeting.status) == ("GBT", "Stadhuis", "gepland")
    assert AuditEvent.objects.filter(action="meetings.meeting.planned", incident=incident).exists()
    page = client.get(url("detail", meeting)).content.decode()
    assert "GBT-overleg" in page and "Overleg openen" in page


def test_a_meeting_without_a_time_keeps_what_was_typed(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        reverse("meetings:plan", args=[incident.pk]),
        {"team": "ROT", "starts_at": "morgen", "place": "Zaal 7 achter de kantine"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Vul een geldige datum en tijd in" in html
    assert 'value="Zaal 7 achter de kantine"' in html
    assert not Meeting.objects.exists()


def test_a_bestuurder_reads_the_agenda_but_cannot_plan_or_record(
    client_for, bestuurder, incident, open_meeting
):
    client = client_for(bestuurder)
    assert client.get(url("detail", open_meeting)).status_code == 200
    assert "Vastleggen bij dit punt" not in client.get(url("detail", open_meeting)).content.decode()
    assert client.post(reverse("meetings:plan", args=[incident.pk]), {}).status_code == 403
    assert record(client, open_meeting, "beeld").status_code == 403


def test_a_partner_guest_does_not_see_the_meetings(incident, meeting, guest_client):  # noqa: F811
    assert guest_client.get(url("detail", meeting)).status_code == 404
    assert guest_client.get(reverse("meetings:list", args=[incident.pk])).status_code == 404
    body = guest_client.get(
        reverse("incidents:tile", args=[incident.pk, "meetings"]), headers=HTMX
    ).content.decode()
    assert "Zaal 2" not in body


# --- The agenda -------------------------------------------------------------------------------


def test_the_agenda_is_built_from_the_incident_in_bob_order(incident, vic_user, meeting):
    now = timezone.now()
    incident_services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Thuiszorg valt uit"
    )
    incident_services.decision_record(
        incident=incident,
        actor=vic_user,
        text="Noodopvang openen",
        decided_by="ROL",
        reevaluate_at=now - timedelta(minutes=1),
        meeting_at=now - timedelta(hours=1),
    )
    incident_services.action_create(
        incident=incident,
        actor=vic_user,
        description="Bel de thuiszorg",
        owner_organisation="GHOR",
        due_at=now - timedelta(minutes=3),
    )
    page = selectors.meeting_page(meeting, clearance=TLP.RED)
    keys = [section["key"] for section in page["sections"]]
    assert keys == [
        "beeld",
        "oordeel",
        "herijken",
        "ter-besluitvorming",
        "acties",
        "stakeholders",
        "kernboodschap",
        "volgend-overleg",
    ]
    rows = {
        section["key"]: [row["text"] for row in section["rows"]] for section in page["sections"]
    }
    assert rows["beeld"] == ["Thuiszorg valt uit"]
    assert rows["herijken"] == ["Noodopvang openen"]
    assert rows["acties"] == ["Bel de thuiszorg"]
    assert page["sections"][4]["rows"][0]["flag"] == "overdue"


def test_the_agenda_never_shows_more_than_the_readers_clearance(
    client_for, incident, vic_user, crisis_user, meeting
):
    incident_services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Geheime bron meldt", tlp="RED"
    )
    Membership.objects.filter(incident=incident, user=crisis_user).update(clearance="AMBER")
    html = client_for(crisis_user).get(url("detail", meeting)).content.decode()
    assert "Geheime bron meldt" not in html
    assert "gefilterd" in html  # the page says it is not the whole picture
    assert "Geheime bron meldt" in client_for(vic_user).get(url("detail", meeting)).content.decode()


def test_the_agenda_page_costs_the_same_queries_however_big_the_incident(client_for, vic_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.sitreps.scale import fill

    client = client_for(vic_user)
    measured = {}
    for entries in (100, 2000):
        incident = incident_services.incident_open(actor=vic_user, title=f"Storing {entries}")
        fill(incident, vic_user, entries)
        meeting = services.meeting_open(
            meeting=services.meeting_plan(
                incident=incident, actor=vic_user, team="ROT", starts_at=timezone.now()
            ),
            actor=vic_user,
        )
        client.get(url("detail", meeting))
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url("detail", meeting)).content.decode()
        measured[entries] = (len(queries), len(html))
    assert measured[2000][0] == measured[100][0]
    assert measured[2000][1] < 1.5 * measured[100][1]  # bounded rows, the rest counted


# --- Recording during the meeting ------------------------------------------------------------


def test_a_decision_in_the_meeting_goes_into_the_besluitenlijst(client_for, vic_user, open_meeting):
    response = record(
        client_for(vic_user),
        open_meeting,
        "ter-besluitvorming",
        kind="besluit",
        text="Sporthal De Kamp als opvang",
        reevaluate_at="2026-12-03T18:00",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"].startswith('{"incidentChanged"')
    assert "Vastgelegd." in response.content.decode()
    decision = Decision.objects.get(text="Sporthal De Kamp als opvang")
    assert (decision.team, decision.decided_by) == ("ROT", "ROL")
    assert decision.meeting_record.meeting == open_meeting


def test_an_action_and_a_judgement_in_the_meeting(client_for, vic_user, open_meeting):
    client = client_for(vic_user)
    record(client, open_meeting, "acties", kind="actie", text="Lijst opvragen", owner="AC GHOR")
    record(
        client,
        open_meeting,
        "oordeel",
        kind="oordeel",
        assessment_kind="ongunstig",
        text="Uitval duurt langer dan 48 uur",
    )
    action = Action.objects.get(description="Lijst opvragen")
    assert action.owner_organisation == "AC GHOR"
    assessment = Assessment.objects.get()
    assert (assessment.kind, assessment.meeting) == ("ongunstig", open_meeting)
    page = client.get(url("detail", open_meeting)).content.decode()
    assert "Uitval duurt langer dan 48 uur" in page and "Lijst opvragen" in page


def test_a_dilemma_position_in_the_meeting(client_for, vic_user, open_meeting):
    dilemma = Dilemma.objects.first()
    record(
        client_for(vic_user),
        open_meeting,
        "ter-besluitvorming",
        kind="standpunt",
        text="Wij kiezen voor openbaarheid",
        dilemma=dilemma.pk,
    )
    assert open_meeting.records.get().position.dilemma == dilemma


def test_empty_text_is_refused_and_the_typed_fields_kept(client_for, vic_user, open_meeting):
    response = record(
        client_for(vic_user), open_meeting, "acties", kind="actie", text="", owner="Gemeente Houten"
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Dit veld is verplicht." in html
    assert 'value="Gemeente Houten"' in html
    assert not MeetingRecord.objects.exists()


def test_recording_is_refused_before_the_meeting_opens(client_for, vic_user, meeting):
    response = record(client_for(vic_user), meeting, "beeld", text="Te vroeg")
    assert response.status_code == 422
    assert "Vastleggen kan alleen tijdens het overleg." in response.content.decode()


def test_an_unknown_agenda_item_is_404(client_for, vic_user, open_meeting):
    assert record(client_for(vic_user), open_meeting, "bestaat-niet").status_code == 404


# --- Closing: the verslag ---------------------------------------------------------------------


def test_closing_fixes_a_numbered_verslag_that_does_not_change(
    client_for, vic_user, incident, open_meeting
):
    client = client_for(vic_user)
    record(client, open_meeting, "beeld", text="Vastgelegd beeld")
    assert client.post(url("close", open_meeting)).status_code == 302
    open_meeting.refresh_from_db()
    assert (open_meeting.status, open_meeting.number) == ("gesloten", 1)
    incident_services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Later beeld"
    )
    page = client.get(url("detail", open_meeting)).content.decode()
    assert "Verslag nr. 1" in page and "Vastgelegd beeld" in page
    assert "Later beeld" not in page  # the agenda as it stood at closing
    assert "Vastleggen bij dit punt" not in page
    assert record(client, open_meeting, "beeld", text="Na afloop").status_code == 422
    second = services.meeting_open(
        meeting=services.meeting_plan(
            incident=incident, actor=vic_user, team="GBT", starts_at=timezone.now()
        ),
        actor=vic_user,
    )
    assert services.meeting_close(meeting=second, actor=vic_user).number == 2


def test_the_verslag_is_filtered_on_the_readers_clearance(
    client_for, vic_user, crisis_user, incident, open_meeting
):
    client = client_for(vic_user)
    record(client, open_meeting, "beeld", text="Rood detail", tlp="RED")
    record(client, open_meeting, "beeld", text="Amber detail", tlp="AMBER")
    services.meeting_close(meeting=open_meeting, actor=vic_user)
    Membership.objects.filter(incident=incident, user=crisis_user).update(clearance="AMBER")
    html = client_for(crisis_user).get(url("detail", open_meeting)).content.decode()
    assert "Amber detail" in html and "Rood detail" not in html


def test_the_verslag_pdf_has_tlp_and_oefening_on_every_page(
    client_for, vic_user, crisis_user, incident, open_meeting
):
    pytest.importorskip("weasyprint")

    incident.is_exercise = True
    incident.save(update_fields=["is_exercise"])
    client = client_for(vic_user)
    for number in range(60):
        record(client, open_meeting, "beeld", text=f"Regel {number} " + "beeld " * 30, tlp="AMBER")
    services.meeting_close(meeting=open_meeting, actor=vic_user)
    response = client.get(url("minutes_pdf", open_meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages_text(response.content)
    assert len(pages) > 1
    for text in pages:
        assert "OEFENING" in text and "TLP:AMBER" in text


def test_a_pdf_before_closing_is_404(client_for, vic_user, open_meeting):
    assert client_for(vic_user).get(url("minutes_pdf", open_meeting)).status_code == 404


# --- Tabling ----------------------------------------------------------------------------------


def test_a_tabled_dilemma_is_on_the_next_agenda_of_that_team_and_handled_at_closing(
    client_for, vic_user, incident, meeting
):
    dilemma = Dilemma.objects.first()
    client = client_for(vic_user)
    response = client.post(
        reverse("meetings:table", args=[incident.pk]), {"team": "ROT", "dilemma": dilemma.pk}
    )
    assert response.status_code == 302
    client.post(
        reverse("meetings:table", args=[incident.pk]), {"team": "ROT", "dilemma": dilemma.pk}
    )
    assert TabledItem.objects.count() == 1  # tabled twice is tabled once
    section = selectors.meeting_page(meeting, clearance=TLP.RED)["sections"][3]
    assert section["rows"][0]["text"] == dilemma.title
    assert section["rows"][0]["flag"] == "tabled"
    services.meeting_open(meeting=meeting, actor=vic_user)
    services.meeting_close(meeting=meeting, actor=vic_user)
    assert TabledItem.objects.get().handled_in == meeting


def test_the_dashboard_tile_shows_the_next_meeting_and_the_last_verslag(
    client_for, vic_user, incident, open_meeting
):
    services.meeting_close(meeting=open_meeting, actor=vic_user)
    services.meeting_plan(
        incident=incident, actor=vic_user, team="GBT", starts_at=timezone.now() + timedelta(hours=2)
    )
    body = (
        client_for(vic_user)
        .get(reverse("incidents:tile", args=[incident.pk, "meetings"]), headers=HTMX)
        .content.decode()
    )
    assert "GBT" in body and "nr. 1 (ROT)" in body


def test_tabling_from_the_dilemma_page_shows_its_status_there(client_for, vic_user, incident):
    dilemma = Dilemma.objects.first()
    client = client_for(vic_user)
    page = reverse("playbook:dilemmas", args=[incident.pk])
    assert "Agenderen" in client.get(page).content.decode()
    response = client.post(
        reverse("meetings:table", args=[incident.pk]),
        {"team": "GBT", "dilemma": dilemma.pk, "next": page + f"#dilemma-{dilemma.pk}"},
    )
    assert response["Location"] == page + f"#dilemma-{dilemma.pk}"
    assert "geagendeerd voor het GBT" in client.get(page).content.decode()


def test_tabling_refuses_an_unknown_team_and_a_foreign_redirect(client_for, vic_user, incident):
    dilemma = Dilemma.objects.first()
    response = client_for(vic_user).post(
        reverse("meetings:table", args=[incident.pk]),
        {"team": "Brandweer", "dilemma": dilemma.pk, "next": "https://evil.example/"},
        follow=True,
    )
    assert "Kies het ROT, GBT, RBT of CoPI." in response.content.decode()
    assert response.redirect_chain[0][0] == reverse("meetings:list", args=[incident.pk])
    assert not TabledItem.objects.exists()


def test_the_agenda_opens_with_the_totaalbeeld_and_marks_deelbeelden_from_before_the_last_meeting(
    incident, vic_user, open_meeting
):
    from incidents import picture
    from incidents.models import Discipline

    fire, police = Discipline.objects.order_by("order")[:2]
    old = picture.partial_picture_set(
        incident=incident,
        actor=vic_user,
        discipline=fire,
        text="Brandweer: geen inzet",
        tlp="AMBER",
    )
    picture.overall_picture_set(
        incident=incident, actor=vic_user, text="Totaal: rustig", tlp="AMBER", based_on=[old]
    )
    services.meeting_close(meeting=open_meeting, actor=vic_user)
    later = services.meeting_plan(
        incident=incident, actor=vic_user, team="ROT", starts_at=timezone.now()
    )
    picture.partial_picture_set(
        incident=incident, actor=vic_user, discipline=police, text="Politie: drukte", tlp="AMBER"
    )
    beeld = selectors.meeting_page(later, clearance=TLP.RED)["sections"][0]
    rows = {row["text"]: row for row in beeld["rows"]}
    assert beeld["rows"][0]["text"] == "Totaal: rustig"
    assert rows["Brandweer: geen inzet"]["flag"] == "stale"  # from before the last meeting
    assert rows["Politie: drukte"]["flag"] == ""
    # The picture page marks it too: the meetings app answers the last-meeting hook.
    from incidents.registry import last_meeting_at

    assert (
        last_meeting_at(incident)
        == open_meeting.__class__.objects.get(pk=open_meeting.pk).closed_at
    )


def test_my_tasks_lists_my_part_in_the_next_meeting(client_for, vic_user, crisis_user, incident):
    services.meeting_plan(
        incident=incident,
        actor=vic_user,
        team="GBT",
        starts_at=timezone.now() + timedelta(hours=1),
        minute_taker=crisis_user,
    )
    services.item_table(
        incident=incident, actor=crisis_user, team="GBT", dilemma=Dilemma.objects.first()
    )
    incident_services.action_create(
        incident=incident, actor=vic_user, description="Bellen", owner_user=crisis_user
    )
    page = (
        client_for(crisis_user)
        .get(reverse("playbook:my_tasks", args=[incident.pk]))
        .content.decode()
    )
    assert "U bent de notulist." in page
    assert f"Door u geagendeerd voor het GBT: {Dilemma.objects.first().title}" in page
    assert "1 open actie op uw naam staat op de agenda (acties)." in page
    other = client_for(vic_user).get(reverse("playbook:my_tasks", args=[incident.pk])).content
    assert "Geen punten op uw naam." in other.decode()


def test_the_meetings_page_lists_a_bounded_number_of_tabled_items(client_for, vic_user, incident):
    from playbook.models import IncidentKeyDecision

    for team in ("ROT", "GBT", "RBT"):
        for row in IncidentKeyDecision.objects.filter(incident=incident):
            services.item_table(incident=incident, actor=vic_user, team=team, key_decision=row)
    assert TabledItem.objects.filter(incident=incident).count() > 20
    assert len(selectors.open_tabled_items(incident)) == 20
