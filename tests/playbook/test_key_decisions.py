"""Key decisions: the affected party's content decisions are not the region's decisions, process
key decisions can be taken again, and the features that carry them out record them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from escalation import services as escalation_services
from escalation.models import GripLevel
from incidents.models import Decision, LogEntry
from incidents.services import affected_organisation_add, incident_open
from playbook import services, sitrep
from playbook.models import IncidentKeyDecision, KeyDecisionRecord, Stakeholder
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def _row(incident, slug) -> IncidentKeyDecision:
    return IncidentKeyDecision.objects.select_related("key_decision", "incident").get(
        incident=incident, key_decision__slug=slug
    )


@pytest.fixture
def hospital(incident, vic_user):
    return affected_organisation_add(
        incident=incident, actor=vic_user, name="Regionaal Ziekenhuis Midden", sector="zorg"
    )


def take_ransom(incident, user, organisation, **extra):
    return services.key_decision_take(
        key_decision=_row(incident, "losgeld-ransomware"),
        actor=user,
        organisation=organisation,
        text=extra.pop("text", "Geen losgeld; herstel uit back-ups"),
        decided_by=extra.pop("decided_by", "Bestuursvoorzitter"),
        **extra,
    )


# --- Content key decisions: the affected organisation's ----------------------------------------


def test_a_content_key_decision_records_the_organisation_and_stays_out_of_the_besluitenlijst(
    incident, crisis_user, hospital
):
    row = take_ransom(incident, crisis_user, hospital)
    assert row.outcome == "genomen"
    record = KeyDecisionRecord.objects.get(key_decision=row)
    assert record.organisation == hospital
    assert record.decision is None and record.team == ""
    assert not Decision.objects.filter(incident=incident).exists()
    entry = record.log_entry
    assert entry.category == LogEntry.Category.INFORMATION
    assert "Regionaal Ziekenhuis Midden" in entry.text and "losgeld" in entry.text
    assert entry.source == "Regionaal Ziekenhuis Midden – Bestuursvoorzitter"


def test_a_content_key_decision_needs_an_affected_organisation_of_the_incident(
    incident, crisis_user, vic_user
):
    other = incident_open(actor=vic_user, title="Ander incident")
    stranger = affected_organisation_add(incident=other, actor=vic_user, name="Elders BV")
    for organisation in (None, stranger):
        with pytest.raises(ValidationError) as error:
            take_ransom(incident, crisis_user, organisation)
        assert "organisation" in error.value.message_dict
    assert not KeyDecisionRecord.objects.exists()
    assert _row(incident, "losgeld-ransomware").outcome == "open"


def test_each_organisation_takes_a_content_key_decision_once(
    incident, crisis_user, vic_user, hospital
):
    take_ransom(incident, crisis_user, hospital)
    with pytest.raises(ValidationError) as error:
        take_ransom(incident, crisis_user, hospital, text="Toch betalen")
    assert "al genomen" in error.value.message_dict["organisation"][0]
    care = affected_organisation_add(incident=incident, actor=vic_user, name="Thuiszorg Oost")
    take_ransom(incident, crisis_user, care, text="Thuiszorg betaalt niet")
    assert KeyDecisionRecord.objects.filter(incident=incident).count() == 2


def test_the_page_asks_which_organisation_took_a_content_key_decision(
    client_for, crisis_user, incident, hospital
):
    row = _row(incident, "losgeld-ransomware")
    body = client_for(crisis_user).get(reverse("playbook:key_decisions", args=[incident.pk]))
    body = body.content.decode()
    assert f'id="kd-{row.pk}-organisation"' in body
    assert "Regionaal Ziekenhuis Midden" in body
    assert f'id="kd-{row.pk}-team"' not in body


def test_without_affected_organisations_the_page_says_to_add_one_first(
    client_for, crisis_user, incident
):
    row = _row(incident, "losgeld-ransomware")
    body = client_for(crisis_user).get(reverse("playbook:key_decisions", args=[incident.pk]))
    body = body.content.decode()
    assert f'id="kd-{row.pk}-organisation"' not in body
    assert "Voeg eerst de getroffen organisatie toe" in body


def test_taking_a_content_key_decision_over_http_shows_the_organisation(
    client_for, crisis_user, incident, hospital
):
    row = _row(incident, "vrijgeven-systemen")
    response = client_for(crisis_user).post(
        reverse("playbook:key_decision_take", args=[incident.pk, row.pk]),
        {
            "text": "EPD blijft uit tot Z-CERT akkoord geeft",
            "decided_by": "CISO ziekenhuis",
            "organisation": hospital.pk,
            "tlp": "AMBER",
        },
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "EPD blijft uit" in body and "Regionaal Ziekenhuis Midden" in body
    assert "-overleg" not in body
    assert not Decision.objects.filter(incident=incident).exists()


def test_a_content_key_decision_without_organisation_returns_422_in_dutch(
    client_for, crisis_user, incident, hospital
):
    row = _row(incident, "vrijgeven-systemen")
    response = client_for(crisis_user).post(
        reverse("playbook:key_decision_take", args=[incident.pk, row.pk]),
        {"text": "Mijn tekst", "decided_by": "CISO", "organisation": "", "tlp": "AMBER"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Kies de getroffen organisatie die dit besluit nam." in body
    assert "Mijn tekst" in body


def test_the_tile_keeps_the_affected_partys_decisions_apart(
    client_for, crisis_user, incident, hospital
):
    take_ransom(incident, crisis_user, hospital)
    body = client_for(crisis_user).get(
        reverse("incidents:tile", args=[incident.pk, "key_decisions"]), headers=HTMX
    )
    body = body.content.decode()
    assert "Besluiten van getroffen partijen" in body
    party = body[body.index('data-testid="party-decisions"') :]
    assert "Regionaal Ziekenhuis Midden" in party and "Geen losgeld" in party
    # The region's progress line counts only the four process key decisions.
    assert "4 open · 0 genomen" in body


def test_the_sitrep_has_a_section_for_the_affected_partys_decisions(
    incident, crisis_user, hospital
):
    take_ransom(incident, crisis_user, hospital, tlp="AMBER")
    section = sitrep.affected_party_decisions_section(incident, audience_tlp="AMBER", since=None)
    assert [(r.organisation, r.text) for r in section["records"]] == [
        (hospital, "Geen losgeld; herstel uit back-ups")
    ]
    assert len(section["open"]) == 5 and section["tlp"] == "AMBER"
    green = sitrep.affected_party_decisions_section(incident, audience_tlp="GREEN", since=None)
    assert green["records"] == [] and green["withheld"] == 1
    region = sitrep.key_decisions_section(incident, audience_tlp="AMBER", since=None)
    assert region["taken"] == []
    assert all(not row.is_content for row in region["open"])


def test_the_sitrep_section_is_registered_after_the_key_decisions():
    from incidents.registry import sitrep_sections

    keys = [section.key for section in sitrep_sections()]
    assert keys.index("key_decisions") + 1 == keys.index("affected_party_decisions")
    section = next(s for s in sitrep_sections() if s.key == "affected_party_decisions")
    assert str(section.title) == "Besluiten van getroffen partijen"


def test_the_rendered_sitrep_names_the_organisation(incident, crisis_user, hospital):
    from sitreps.rendering import build_sections, render_document

    take_ransom(incident, crisis_user, hospital)
    document = build_sections(incident, audience_tlp="AMBER", since=None)
    html = render_document(incident=incident, sitrep=None, document=document, preview=True)
    part = html[html.index("Besluiten van getroffen partijen") :]
    assert "Regionaal Ziekenhuis Midden" in part and "Geen losgeld" in part


# --- Process key decisions: the region's, taken again by the features that carry them out ------


def test_a_grip_change_records_op_en_afschalen_with_the_grip_decision(incident, vic_user):
    levels = {level.code: level for level in GripLevel.objects.all()}
    for code in ("grip-1", "grip-2"):
        change = escalation_services.grip_change(
            incident=incident,
            actor=vic_user,
            to_level=levels[code],
            decided_by="Petra Jansen",
            decided_by_function="Operationeel leider",
            reason=f"naar {code}",
        )
    row = _row(incident, "op-en-afschalen")
    records = list(row.records.all())
    assert row.outcome == "genomen" and len(records) == 2
    assert records[0].via == KeyDecisionRecord.Via.GRIP
    assert records[0].decision == change.decision
    assert "GRIP 2" in records[0].text and "naar grip-2" in records[0].text
    # The GRIP decision is the one besluitenlijst entry per change: no second decision.
    assert Decision.objects.filter(incident=incident).count() == 2


def test_a_roster_change_records_aflossing(incident, vic_user):
    now = timezone.now()
    services.roster_entry_add(
        incident=incident,
        actor=vic_user,
        function="Leider VIC",
        person="Victor",
        starts_at=now,
        ends_at=now + timedelta(hours=8),
    )
    row = _row(incident, "aflossing")
    record = row.records.get()
    assert row.outcome == "genomen"
    assert record.via == KeyDecisionRecord.Via.ROSTER
    assert "Victor" in record.text and "Leider VIC" in record.text


def test_informing_a_stakeholder_records_informeer_stakeholders(incident, vic_user):
    involvement = services.stakeholder_involve(
        incident=incident,
        actor=vic_user,
        stakeholder=Stakeholder.objects.get(slug="ncc"),
        needs_to_know="Duiding",
    )
    services.stakeholder_mark_informed(involvement=involvement, actor=vic_user)
    row = _row(incident, "informeer-stakeholders")
    record = row.records.get()
    assert row.outcome == "genomen" and record.via == KeyDecisionRecord.Via.STAKEHOLDERS
    assert record.text.startswith(involvement.stakeholder.name)


def test_a_taken_process_key_decision_offers_to_decide_again(client_for, crisis_user, incident):
    row = _row(incident, "liaisons")
    services.key_decision_take(key_decision=row, actor=crisis_user, text="x", decided_by="OL")
    body = client_for(crisis_user).get(reverse("playbook:key_decisions", args=[incident.pk]))
    body = body.content.decode()
    part = body[body.index(f'id="kd-{row.pk}"') :]
    assert "Opnieuw besluiten" in part[: part.index("</form>")]
