"""The paper the policy team reads: rendered for real and read back with a PDF text extractor."""

import re

import pytest

from incidents import services as incident_services
from incidents.models import Incident

from .conftest import RED_ACTION, RED_DECISION, RED_SECRET, issue, pdf_of

pytestmark = pytest.mark.django_db

BLOCK_LABELS = [
    "Oorzaak",
    "Bron",
    "Actor",
    "Geraakt domein",
    "Geraakt gebied",
    "Oplossingsperspectief",
]


def test_every_page_carries_the_tlp_label_and_page_x_of_y(rich_incident, vic_user):
    pages = pdf_of(issue(rich_incident, vic_user))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "TLP:AMBER" in text, number
        assert f"pagina {number} van {len(pages)}" in text
        assert rich_incident.reference in text
        assert "Veiligheidsregio Utrecht" in text
        assert "Sitrep 1" in text


def test_it_shows_the_six_ncpd_blocks_with_assumptions_and_unknowns(rich_incident, vic_user):
    text = "\n".join(pdf_of(issue(rich_incident, vic_user)))
    for label in BLOCK_LABELS:
        assert re.search(rf"^{label} ", text, re.MULTILINE), label
    assert re.search(r"^Geraakt domein Vitale processen vastgesteld", text, re.MULTILINE)
    assert re.search(r"^Geraakt gebied Meerdere veiligheidsregio's aanname", text, re.MULTILINE)
    assert re.search(r"^Bron Onbekend onbekend", text, re.MULTILINE)


def test_the_summary_box_has_status_grip_role_and_the_plain_classification(rich_incident, vic_user):
    text = "\n".join(pdf_of(issue(rich_incident, vic_user)))
    assert "Status Actief" in text
    assert "GRIP GRIP 2" in text
    assert "Rol van de regio Gevolgbestrijder" in text
    assert "geraakt domein: vitale processen" in text


def test_an_amber_audience_never_sees_red_content(rich_incident, vic_user):
    sitrep = issue(rich_incident, vic_user, audience="AMBER")
    text = "\n".join(pdf_of(sitrep))
    assert RED_SECRET not in text
    assert RED_DECISION not in text
    assert RED_ACTION not in text  # an action inherits its decision's TLP
    assert "Doelgroep: TLP:AMBER" in text
    assert sitrep.max_tlp == "AMBER"


def test_a_red_audience_gets_the_red_content_and_a_red_label(rich_incident, vic_user):
    sitrep = issue(rich_incident, vic_user, audience="RED")
    pages = pdf_of(sitrep)
    text = "\n".join(pages)
    assert RED_SECRET in text
    assert RED_DECISION in text
    assert all("TLP:RED" in page for page in pages)
    assert sitrep.max_tlp == "RED"


def test_a_green_audience_gets_only_green_entries_and_is_told_what_was_withheld(
    rich_incident, vic_user
):
    sitrep = issue(rich_incident, vic_user, audience="GREEN")
    text = "\n".join(pdf_of(sitrep))
    assert "Logregel 5:" in text
    assert "Pinnen is in de hele regio" not in text  # AMBER picture entry
    assert "Weggelaten: deze gegevens zijn gerubriceerd als TLP:AMBER" in text
    assert sitrep.max_tlp == "GREEN"


def test_an_exercise_says_oefening_on_every_page(rich_incident, vic_user):
    Incident.objects.filter(pk=rich_incident.pk).update(is_exercise=True)
    rich_incident.refresh_from_db()
    pages = pdf_of(issue(rich_incident, vic_user))
    assert all("OEFENING" in page for page in pages)


def test_a_real_incident_does_not_say_oefening(rich_incident, vic_user):
    pages = pdf_of(issue(rich_incident, vic_user))
    assert not any("OEFENING" in page for page in pages)


def test_the_second_sitrep_marks_what_is_new_and_lists_only_new_log_lines(
    rich_incident, vic_user, crisis_user
):
    first = issue(rich_incident, vic_user)
    assert "nieuw" not in "\n".join(pdf_of(first)).replace("Nieuw of gewijzigd", "")
    incident_services.log_entry_add(
        incident=rich_incident,
        actor=vic_user,
        category="beeld",
        text="Supermarkten accepteren weer contant geld.",
        source="Gemeente Utrecht",
        tlp="GREEN",
    )
    incident_services.classification_change(
        incident=rich_incident,
        actor=vic_user,
        changes={"outlook": "aanwezig"},
        reason="De bank verwacht herstel binnen een dag.",
    )
    incident_services.action_create(
        incident=rich_incident,
        actor=crisis_user,
        description="Extra pinautomaten laten bijvullen.",
        owner_organisation="Bank",
    )
    second = issue(rich_incident, vic_user)
    assert second.number == 2
    text = "\n".join(pdf_of(second))
    assert "Nieuw of gewijzigd sinds sitrep 1" in text
    assert "nieuw Supermarkten accepteren weer contant geld." in text
    assert "nieuw Pinnen is in de hele regio" not in text  # unchanged since sitrep 1
    assert "nieuw Extra pinautomaten laten bijvullen." in text
    assert "nieuw Geldtransporten regelen" not in text
    assert re.search(r"^Oplossingsperspectief Aanwezig nieuw", text, re.MULTILINE)
    flat = " ".join(text.split())
    assert (
        "Oplossingsperspectief: Aanwezig – reden: De bank verwacht herstel binnen een dag." in flat
    )
    assert "1 regel toegevoegd sinds" in text
    assert "Logregel 5:" not in text  # already in sitrep 1


def test_empty_sections_are_listed_in_the_pdf(incident, vic_user):
    sitrep = issue(incident, vic_user)
    text = "\n".join(pdf_of(sitrep))
    assert "Openstaande acties" in sitrep.empty_sections
    assert "Lege secties:" in text
    assert "Deze sectie is leeg: er is niets te melden." in text


def test_the_stored_summary_remembers_what_the_sitrep_contained(rich_incident, vic_user):
    sitrep = issue(rich_incident, vic_user)
    assert sitrep.summary["classification"]["domain"] == "vitaal"
    assert sitrep.summary["classification"]["assumed"] == ["area", "cause"]
    assert len(sitrep.summary["logbook"]["ids"]) == 1 + 40 + 1  # no RED entries
    assert sitrep.snapshot_at is not None
    assert sitrep.pdf.name.endswith(".pdf")
