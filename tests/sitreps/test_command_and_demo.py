import io

import pytest
from django.core.management import CommandError, call_command

from incidents.registry import demo_seeders
from sitreps import rendering
from sitreps.models import Sitrep

from .conftest import pdf_of, pdf_pages

pytestmark = pytest.mark.django_db


def test_the_command_issues_a_numbered_sitrep_and_writes_the_pdf(rich_incident, tmp_path):
    output = tmp_path / "out" / "sitrep.pdf"
    stdout = io.StringIO()
    call_command("sitrep", rich_incident.reference, "--output", str(output), stdout=stdout)
    sitrep = rich_incident.sitreps.get()
    assert sitrep.state == Sitrep.State.DONE
    assert output.read_bytes() == sitrep.pdf.open("rb").read()
    assert "sitrep 1" in stdout.getvalue()


def test_the_command_accepts_an_id_an_audience_and_a_draft(rich_incident, tmp_path):
    output = tmp_path / "draft.pdf"
    call_command(
        "sitrep",
        str(rich_incident.pk),
        "--output",
        str(output),
        "--audience",
        "RED",
        "--draft",
        stdout=io.StringIO(),
    )
    assert not rich_incident.sitreps.exists()
    pages = pdf_pages(output.read_bytes())
    assert all("TLP:RED" in page for page in pages)
    assert "(concept)" in pages[0]


def test_the_command_names_an_unknown_incident(db, tmp_path):
    with pytest.raises(CommandError, match="No incident 'CC-1999-0001'"):
        call_command("sitrep", "CC-1999-0001", "--output", str(tmp_path / "x.pdf"))


def test_the_command_explains_missing_weasyprint(incident, tmp_path, monkeypatch):
    monkeypatch.setattr(rendering, "weasyprint_problem", lambda: "installeer libpango-1.0-0")
    with pytest.raises(CommandError, match="libpango"):
        call_command("sitrep", incident.reference, "--output", str(tmp_path / "x.pdf"))


def test_the_demo_command_writes_the_demo_sitrep(tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    output = tmp_path / "demo.pdf"
    call_command("sitrep", "--demo", "--output", str(output), "--draft", stdout=io.StringIO())
    pages = pdf_pages(output.read_bytes())
    assert all("OEFENING" in page for page in pages)


def test_seed_demo_issues_two_sitreps_once():
    stdout = io.StringIO()
    call_command("seed_demo", stdout=stdout)
    call_command("seed_demo", stdout=stdout)
    assert Sitrep.objects.count() == 2
    sitrep = Sitrep.objects.order_by("number").last()
    assert sitrep.state == Sitrep.State.DONE and sitrep.incident.is_exercise
    # Sitrep 1 vastgesteld by another member than its requester (four eyes), with its approved
    # PDF; sitrep 2 a concept awaiting approval, marking what changed since sitrep 1.
    approved = Sitrep.objects.get(approval=Sitrep.Approval.APPROVED)
    assert approved.number == 1 and approved.approved_pdf
    assert approved.approved_by and approved.approved_by != approved.requested_by
    assert sitrep.approval == Sitrep.Approval.CONCEPT
    assert "Nieuw of gewijzigd sinds sitrep 1" in " ".join(pdf_of(sitrep))
    # The follow-up still lists the demo decision (every sitrep is complete on its own).
    assert sitrep.summary["decisions"]["evaluations"]
    assert "sitreps" in [name for name, _seed in demo_seeders()]


def test_seed_demo_skips_the_sitrep_when_weasyprint_is_missing(monkeypatch):
    from sitreps import demo

    monkeypatch.setattr(demo, "weasyprint_problem", lambda: "installeer libpango-1.0-0")
    stdout = io.StringIO()
    call_command("seed_demo", stdout=stdout)
    assert "sitreps: overgeslagen – installeer libpango-1.0-0" in stdout.getvalue()
    assert not Sitrep.objects.exists()
