from io import StringIO

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from escalation import demo, services
from escalation.models import GripChange, IncidentVitalProcess, ReportingRun
from escalation.sitrep import reporting_section
from incidents.registry import demo_seeders, sitrep_sections, tiles


def test_the_app_registers_its_tiles_sections_and_demo():
    names = {tile.name: tile.order for tile in tiles()}
    assert names["grip"] == 5 and names["advice"] == 6
    assert names["reporting"] == 45
    sections = {section.key: section.order for section in sitrep_sections()}
    assert sections["cirkel"] == 7 and sections["reporting"] == 60
    assert "escalation" in [name for name, _seed in demo_seeders()]


def test_the_demo_seed_is_idempotent(incident, demo_users):
    for _ in range(2):
        demo.seed(incident=incident, users=demo_users, stdout=StringIO())
    incident.refresh_from_db()
    assert incident.grip_label == "GRIP 2"
    assert GripChange.objects.filter(incident=incident).count() == 2
    assert ReportingRun.objects.filter(incident=incident).count() == 1
    assert IncidentVitalProcess.objects.filter(incident=incident).count() == 3
    assert incident.log_entries.filter(category="besluit").count() == 2


def test_the_demo_run_names_z_cert_and_igj_for_the_hospital(incident, vic_user, crisis_user):
    from incidents.services import affected_organisation_add

    hospital = affected_organisation_add(
        incident=incident, actor=vic_user, name="Regionaal Ziekenhuis Midden", sector="Zorg"
    )
    demo.seed(incident=incident, users={"vic": vic_user, "crisisteam": crisis_user}, stdout=None)
    run = ReportingRun.objects.get(incident=incident)
    assert run.organisation == hospital and run.sector.slug == "zorg"
    parties = {
        item.point.key: [party.slug for party in item.parties.all()] for item in run.items.all()
    }
    assert parties["sectorale-cert"] == ["z-cert"]
    assert parties["toezichthouder-politie"] == ["igj", "cybercrime-team"]
    assert "meldkamer" in parties  # the SEH on paper: the physical rung, so all three rungs
    zcert = run.items.get(point__key="sectorale-cert").parties.get()
    assert zcert.email  # the demo gives the named parties a contact


@pytest.fixture
def run(incident, vic_user, tree):
    return services.reporting_run_attach(
        incident=incident,
        actor=vic_user,
        tree=tree,
        answers={
            "effect": ["continuiteit"],
            "rijksoverheid-vitaal": ["nee"],
            "wettelijke-meldplicht": ["nee"],
        },
    )


def test_the_reporting_section_lists_done_and_open(incident, vic_user, run):
    since = timezone.now()
    services.reporting_item_mark(item=run.items.first(), actor=vic_user, reported_to="Centralist")
    section = reporting_section(incident, audience_tlp="AMBER", since=since)
    assert len(section["done"]) == 1 and len(section["open"]) == 4
    assert section["tlp"] == "AMBER"
    html = render_to_string(
        "escalation/sitrep/reporting.html", {"section": section, "incident": incident}
    )
    assert "Centralist" in html and '<span class="new">' in html


def test_the_reporting_section_leaves_out_to_whom_for_a_lower_audience(incident, vic_user, run):
    services.reporting_item_mark(item=run.items.first(), actor=vic_user, reported_to="Centralist")
    section = reporting_section(incident, audience_tlp="GREEN", since=None)
    assert section["tlp"] == "GREEN" and not section["show_details"]
    html = render_to_string(
        "escalation/sitrep/reporting.html", {"section": section, "incident": incident}
    )
    assert "Centralist" not in html


def test_the_reporting_section_is_withheld_below_the_trees_tlp(incident, run):
    section = reporting_section(incident, audience_tlp="CLEAR", since=None)
    assert section["is_empty"] and section["items"] == []


def test_the_reporting_section_is_empty_without_a_run(incident):
    assert reporting_section(incident, audience_tlp="AMBER", since=None)["is_empty"]
