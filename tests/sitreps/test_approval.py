"""Vaststellen (issue 14): a made sitrep is a concept until another writer than its requester
approves it; only then do stakeholders hear of it, may a Bestuurder download it, and does it
count as "the previous sitrep" for the *nieuw* marks."""

import pytest
from django.urls import reverse

from incidents import services as incident_services
from incidents.models import AuditEvent
from incidents.registry import sitrep_sections
from notifications.models import Notification, Trigger
from playbook.models import Stakeholder, StakeholderInvolvement
from sitreps import selectors, services, tasks
from sitreps.models import Sitrep
from tests.helpers import htmx

from .conftest import approve, pdf_of, pdf_pages

pytestmark = pytest.mark.django_db


def url(name, incident, *args):
    if name == "tile":
        return reverse("incidents:tile", args=[incident.pk, "sitreps"])
    return reverse(f"sitreps:{name}", args=[incident.pk, *args])


def issue(incident, user):
    sitrep = services.sitrep_issue_now(incident=incident, actor=user, audience_tlp="AMBER")
    assert sitrep.state == Sitrep.State.DONE, sitrep.error
    return sitrep


@pytest.fixture
def concept(incident, vic_user):
    """Requested by the VIC member; the crisis team member may approve it."""
    return issue(incident, vic_user)


@pytest.fixture
def stakeholder(incident):
    partner = Stakeholder.objects.create(
        slug="test-partner", name="Partner per e-mail", channel="email", email="p@partner.example"
    )
    return StakeholderInvolvement.objects.create(
        incident=incident, stakeholder=partner, max_tlp="GREEN"
    )


# --- Who may approve --------------------------------------------------------------------------


def test_the_author_cannot_approve_their_own_sitrep(client_for, vic_user, concept):
    response = htmx(client_for(vic_user), "post", url("approve", concept.incident, concept.pk))
    assert response.status_code == 403
    assert "U heeft deze sitrep zelf aangevraagd" in response.content.decode()
    concept.refresh_from_db()
    assert concept.approval == Sitrep.Approval.CONCEPT and concept.approved_by is None
    assert not AuditEvent.objects.filter(action="sitreps.sitrep.approved").exists()


def test_the_author_cannot_reject_their_own_sitrep_either(client_for, vic_user, concept):
    client = client_for(vic_user)
    response = client.post(url("reject", concept.incident, concept.pk), {"reason": "Klopt niet"})
    assert response.status_code == 403
    assert "U heeft deze sitrep zelf aangevraagd" in response.content.decode()
    assert client.post(url("reject", concept.incident, concept.pk), {}).status_code == 403
    concept.refresh_from_db()
    assert concept.rejection_reason == ""


def test_the_service_refuses_the_author_too(vic_user, concept):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="zelf aangevraagd"):
        services.sitrep_approve(sitrep=concept, actor=vic_user)


def test_the_author_is_told_on_the_list_that_another_member_approves(client_for, vic_user, concept):
    html = client_for(vic_user).get(url("list", concept.incident)).content.decode()
    assert "een ander lid stelt hem vast" in html
    assert url("approve", concept.incident, concept.pk) not in html


def test_a_bestuurder_cannot_approve_or_reject(client_for, bestuurder, concept):
    client = client_for(bestuurder)
    assert client.post(url("approve", concept.incident, concept.pk)).status_code == 403
    assert (
        client.post(url("reject", concept.incident, concept.pk), {"reason": "Nee"}).status_code
        == 403
    )
    concept.refresh_from_db()
    assert concept.approval == Sitrep.Approval.CONCEPT and concept.rejection_reason == ""


def test_an_outsider_gets_404_on_approve_and_reject(client_for, outsider, concept):
    client = client_for(outsider)
    assert client.post(url("approve", concept.incident, concept.pk)).status_code == 404
    assert client.post(
        url("reject", concept.incident, concept.pk), {"reason": "x"}
    ).status_code == (404)


def test_approve_and_reject_only_take_post(client_for, crisis_user, concept):
    client = client_for(crisis_user)
    assert client.get(url("approve", concept.incident, concept.pk)).status_code == 405
    assert client.get(url("reject", concept.incident, concept.pk)).status_code == 405


def test_an_unfinished_sitrep_cannot_be_approved(client_for, vic_user, crisis_user, incident):
    queued = services.sitrep_request(
        incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False
    )
    response = htmx(client_for(crisis_user), "post", url("approve", incident, queued.pk))
    assert response.status_code == 409
    assert "Alleen een gemaakte sitrep" in response.content.decode()
    queued.refresh_from_db()
    assert queued.approval == Sitrep.Approval.CONCEPT


# --- Download ---------------------------------------------------------------------------------


def test_a_bestuurder_cannot_download_a_concept_but_a_writer_can_review_it(
    client_for, bestuurder, crisis_user, concept
):
    incident = concept.incident
    assert client_for(bestuurder).get(url("download", incident, concept.pk)).status_code == 404
    listing = client_for(bestuurder).get(url("list", incident)).content.decode()
    assert url("download", incident, concept.pk) not in listing
    assert "Beschikbaar zodra de sitrep is vastgesteld." in listing
    assert (
        url("download", incident, concept.pk)
        not in client_for(bestuurder).get(url("tile", incident)).content.decode()
    )
    response = client_for(crisis_user).get(url("download", incident, concept.pk))
    assert response.status_code == 200
    pages = pdf_pages(b"".join(response.streaming_content))
    assert all("CONCEPT" in page for page in pages)


def test_the_api_gives_a_bestuurder_no_concept_pdf(client, bestuurder, concept):
    from crisiscentre.api import tokens

    _row, secret = tokens.api_token_create(user=bestuurder, name="test", days=30)
    headers = {"Authorization": f"Bearer {secret}"}
    base = f"/api/v1/incidents/{concept.incident.pk}/sitreps/"
    row = client.get(base, headers=headers).json()["results"][0]
    assert row["approval"] == "concept" and row["pdf_url"] is None
    assert client.get(f"{base}{concept.pk}/pdf/", headers=headers).status_code == 404
    approve(concept, stamp=True)
    row = client.get(base, headers=headers).json()["results"][0]
    assert row["approval"] == "vastgesteld" and row["approved_by"]
    assert client.get(row["pdf_url"], headers=headers).status_code == 200


# --- Approving --------------------------------------------------------------------------------


def test_approving_records_who_and_when_audits_and_queues_the_stakeholder_mail_once(
    client_for, crisis_user, concept, stakeholder, django_capture_on_commit_callbacks
):
    incident = concept.incident
    client = client_for(crisis_user)
    assert not Notification.objects.filter(trigger=Trigger.SITREP).exists()  # not on making
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("approve", incident, concept.pk))
    assert response.status_code == 302 and response["Location"] == url("list", incident)
    concept.refresh_from_db()
    assert concept.approval == Sitrep.Approval.APPROVED
    assert concept.approved_by == crisis_user and concept.approved_at is not None
    event = AuditEvent.objects.get(action="sitreps.sitrep.approved")
    assert event.actor == crisis_user and event.after["approval"] == "vastgesteld"
    # Posted twice (a double click): refused, nobody is informed a second time.
    with django_capture_on_commit_callbacks(execute=True):
        again = htmx(client, "post", url("approve", incident, concept.pk))
    assert again.status_code == 409
    assert "Deze sitrep is al vastgesteld." in again.content.decode()
    rows = Notification.objects.filter(incident=incident, trigger=Trigger.SITREP)
    assert rows.count() == 1
    assert "situatierapport nr. 1" in rows.get().body
    assert AuditEvent.objects.filter(action="sitreps.sitrep.approved").count() == 1
    # The approved PDF was made after the commit (eager Celery) and says who approved it.
    assert concept.approved_pdf
    text = "\n".join(pdf_pages(concept.approved_pdf.open("rb").read()))
    assert "Vastgesteld door Chris op" in text and "CONCEPT" not in text


def test_an_htmx_approval_returns_the_row_and_refreshes_the_sitreps_tile(
    client_for, crisis_user, concept
):
    response = htmx(client_for(crisis_user), "post", url("approve", concept.incident, concept.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="sitrep-{concept.pk}"')
    assert "Vastgesteld door Chris op" in html
    assert "sitreps" in response["HX-Trigger"] and "incidentChanged" in response["HX-Trigger"]


def test_the_approved_pdf_keeps_the_reviewed_content_and_the_tlp_header(
    rich_incident, vic_user, crisis_user
):
    concept = issue(rich_incident, vic_user)
    before = pdf_of(concept)
    incident_services.log_entry_add(
        incident=rich_incident,
        actor=vic_user,
        category="beeld",
        text="Na het concept gemeld.",
        source="Gemeente",
        tlp="GREEN",
    )
    approved = approve(concept, by=crisis_user, stamp=True)
    after = pdf_pages(approved.approved_pdf.open("rb").read())
    assert len(after) == len(before)
    assert all("CONCEPT" in page for page in before)
    assert all("TLP:AMBER" in page for page in after)  # the running TLP label, every page
    assert all("Vastgesteld door Chris op" in page for page in after)
    assert not any("Na het concept gemeld." in page for page in after)


def test_stamping_twice_keeps_the_first_file(concept):
    approved = approve(concept, stamp=True)
    name = approved.approved_pdf.name
    assert services.sitrep_stamp(sitrep_id=approved.pk) is None
    approved.refresh_from_db()
    assert approved.approved_pdf.name == name


def test_a_lost_stamp_is_dispatched_again_by_the_recovery(concept, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    approved = approve(concept)  # no worker ran: no approved PDF yet
    assert approved.awaits_approved_pdf
    Sitrep.objects.filter(pk=approved.pk).update(
        approved_at=timezone.now() - services.STUCK_AFTER - timedelta(seconds=1)
    )
    assert tasks.recover_queued_sitreps() == 1
    approved.refresh_from_db()
    assert approved.approved_pdf and not approved.awaits_approved_pdf


# --- Rejecting --------------------------------------------------------------------------------


def test_rejecting_without_a_reason_is_refused_in_dutch(client_for, crisis_user, concept):
    client = client_for(crisis_user)
    response = client.post(url("reject", concept.incident, concept.pk), {"reason": "  "})
    assert response.status_code == 422
    assert "Geef aan waarom de sitrep wordt afgewezen." in response.content.decode()
    response = htmx(client, "post", url("reject", concept.incident, concept.pk), {"reason": ""})
    assert response.status_code == 422
    assert "Geef aan waarom de sitrep wordt afgewezen." in response.content.decode()
    concept.refresh_from_db()
    assert concept.rejected_at is None


def test_rejecting_with_a_reason_keeps_it_a_concept_and_shows_why(
    client_for, crisis_user, bestuurder, concept
):
    incident = concept.incident
    reason = "Het aantal getroffen gemeenten klopt niet."
    response = client_for(crisis_user).post(url("reject", incident, concept.pk), {"reason": reason})
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.approval == Sitrep.Approval.CONCEPT
    assert (concept.rejection_reason, concept.rejected_by) == (reason, crisis_user)
    event = AuditEvent.objects.get(action="sitreps.sitrep.rejected")
    assert event.after["rejection_reason"] == reason
    page = client_for(crisis_user).get(url("list", incident)).content.decode()
    assert "Afgewezen door Chris op" in page and reason in page
    assert reason in client_for(crisis_user).get(url("tile", incident)).content.decode()
    # Still a concept: no download for the Bestuurder, and it can be approved after all.
    assert client_for(bestuurder).get(url("download", incident, concept.pk)).status_code == 404
    assert approve(concept).is_approved


def test_a_vastgesteld_sitrep_cannot_be_rejected(client_for, crisis_user, concept):
    approve(concept)
    response = htmx(
        client_for(crisis_user),
        "post",
        url("reject", concept.incident, concept.pk),
        {"reason": "x"},
    )
    assert response.status_code == 409
    concept.refresh_from_db()
    assert concept.is_approved and concept.rejection_reason == ""


# --- Nieuw marks ------------------------------------------------------------------------------


def test_nieuw_marks_count_from_the_last_vastgesteld_sitrep(incident, vic_user, crisis_user):
    first = approve(issue(incident, vic_user), by=crisis_user)
    incident_services.log_entry_add(
        incident=incident, actor=vic_user, category="beeld", text="Na sitrep 1.", tlp="GREEN"
    )
    rejected = issue(incident, vic_user)  # a concept, then rejected: never "the last sitrep"
    services.sitrep_reject(sitrep=rejected, actor=crisis_user, reason="Onvolledig")
    issue(incident, vic_user)  # a concept nobody approved
    assert selectors.previous_sitrep(incident) == first
    document, previous = services.sitrep_document(incident=incident, audience_tlp="AMBER")
    assert previous == first and document.since == first.snapshot_at
    third = issue(incident, vic_user)
    text = " ".join("\n".join(pdf_of(third)).split())
    assert "Nieuw of gewijzigd sinds sitrep 1" in text
    assert "nieuw Na sitrep 1." in text  # still new: sitreps 2 and 3 were not approved


# --- Page, tile, PDF --------------------------------------------------------------------------


def test_the_list_and_tile_show_the_state_with_buttons_for_writers_only(
    client_for, crisis_user, bestuurder, concept, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    incident = concept.incident
    writer = client_for(crisis_user)
    with CaptureQueriesContext(connection) as one_row:
        writer.get(url("list", incident))
    for _number in range(3):
        issue(incident, crisis_user)
    with django_assert_max_num_queries(len(one_row)):  # no query per row
        page = writer.get(url("list", incident)).content.decode()
    assert page.count(">CONCEPT<") == 4
    assert url("approve", incident, concept.pk) in page  # chris did not request sitrep 1
    assert 'name="reason"' in page and "csrfmiddlewaretoken" in page
    tile = writer.get(url("tile", incident)).content.decode()
    assert "CONCEPT" in tile and "Vaststellen" in tile
    approve(concept, stamp=True)
    reader = client_for(bestuurder)
    page = reader.get(url("list", incident)).content.decode()
    assert "Vastgesteld door Chris op" in page
    assert "Vaststellen<" not in page and 'name="reason"' not in page
    assert url("download", incident, concept.pk) in page
    assert "Vaststellen" not in reader.get(url("tile", incident)).content.decode()


def test_the_tile_refreshes_on_the_sitreps_part():
    from incidents.registry import get_tile, tile_parts

    assert tile_parts(get_tile("sitreps")) == {"sitreps"}


def test_the_preview_says_concept(client_for, crisis_user, incident):
    html = client_for(crisis_user).get(url("preview", incident)).content.decode()
    assert "CONCEPT – nog niet vastgesteld, niet verspreiden." in html


# --- BOB order --------------------------------------------------------------------------------


def test_the_sections_follow_bob_beeld_oordeel_besluiten():
    sections = sitrep_sections()
    assert [s.key for s in sections] == [
        "summary",
        "core_message",
        "classification",
        "cirkel",
        "beeld",
        "picture",
        "assessments",
        "decisions",
        "key_decisions",
        "affected_party_decisions",
        "dilemmas",
        "actions",
        "reporting",
        "communication",
        "stakeholders",
        "logbook",
        "partner_contributions",
    ]
    orders = {s.key: s.order for s in sections}
    assert [key for key, order in orders.items() if 10 <= order <= 29] == ["assessments"]
    assert orders["beeld"] < orders["picture"] < orders["assessments"] < orders["decisions"]
    assert orders["decisions"] == 30 and orders["dilemmas"] == 40
    titles = {s.key: str(s.title) for s in sections}
    assert titles["dilemmas"] == "Ter besluitvorming"
