from escalation import services
from escalation.advice import Facts
from escalation.cirkel import DIGITAL, SOCIETAL, UNDECIDED, incident_ring, incident_side, picture
from escalation.sitrep import cirkel_section
from incidents import services as incident_services
from incidents.models import Area, Domain


def active(facts):
    return {team["key"] for team in picture(facts)["teams"] if team["active"]}


def test_the_side_follows_the_affected_domain():
    assert incident_side(Facts(domain=Domain.DIGITAL_ONLY)) == DIGITAL
    assert incident_side(Facts(domain=Domain.IMPORTANT_SERVICES)) == SOCIETAL
    assert incident_side(Facts(domain=Domain.VITAL)) == SOCIETAL
    assert incident_side(Facts(domain=Domain.UNKNOWN)) == UNDECIDED
    assert incident_side(Facts(domain=Domain.DIGITAL_ONLY, vital_processes_affected=1)) == SOCIETAL


def test_the_ring_follows_the_area_and_the_grip_level():
    assert incident_ring(Facts(area=Area.ONE_REGION)) == 1
    assert incident_ring(Facts(area=Area.SEVERAL_REGIONS)) == 2
    assert incident_ring(Facts(area=Area.SEVERAL_COUNTRIES)) == 3
    assert incident_ring(Facts(area=Area.ONE_REGION, grip_rank=5)) == 2
    assert incident_ring(Facts(area=Area.ONE_REGION, grip_rank=6)) == 3


def test_a_digital_only_incident_has_only_the_cert_probably_active():
    assert active(Facts(domain=Domain.DIGITAL_ONLY, area=Area.ONE_REGION)) == {"cert"}


def test_grip_levels_activate_the_regional_teams():
    assert active(Facts(grip_rank=2)) == {"cert", "rot"}
    assert active(Facts(grip_rank=3)) == {"cert", "rot", "gbt"}
    assert active(Facts(grip_rank=4)) == {"cert", "rot", "rbt"}


def test_a_wide_vital_incident_involves_the_ncsc_and_the_national_teams():
    facts = Facts(domain=Domain.VITAL, area=Area.SEVERAL_COUNTRIES, grip_rank=6)
    assert active(facts) == {"cert", "ncsc", "rot", "rbt", "ncc-locc", "nkc"}


def test_the_blank_cirkel_has_no_marker_and_no_active_team():
    blank = picture(None)
    assert blank["marker"] is None
    assert blank["active_teams"] == []


def test_the_incident_page_draws_the_svg_with_patterns_and_labels(
    client_for, incident, vic_user, bestuurder, levels
):
    incident_services.classification_change(
        incident=incident, actor=vic_user, changes={"domain": Domain.VITAL}, reason="Drinkwater"
    )
    services.grip_change(
        incident=incident,
        actor=vic_user,
        to_level=levels["grip-4"],
        decided_by="Voorzitter",
        decided_by_function="Voorzitter veiligheidsregio",
        reason="Ontwrichting dreigt",
    )
    response = client_for(bestuurder).get(f"/incidents/{incident.pk}/cirkel/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "url(#esc-hatch)" in body and "url(#esc-dots)" in body
    assert "Digitale verstoring" in body and "Maatschappelijk leven" in body
    assert "Dit incident" in body
    assert "✓ RBT" in body  # active teams carry a tick, not only a heavier line
    assert "Bijstaan en adviseren Rijksoverheid en vitale processen" in body


def test_the_blank_cirkel_page_is_readable_without_an_incident(client_for, bestuurder):
    response = client_for(bestuurder).get("/escalation/cirkel/")
    assert response.status_code == 200
    assert "Dit incident" not in response.content.decode().split("</svg>")[0].split("<desc")[0]


def test_the_sitrep_section_leaves_out_vital_processes_above_the_audience(
    incident, vic_user, process
):
    services.vital_process_set(
        incident=incident, actor=vic_user, process=process("drinkwater"), status="geraakt"
    )
    assert incident.tlp == "AMBER"
    for_amber = cirkel_section(incident, audience_tlp="AMBER", since=None)
    assert [r.process.code for r in for_amber["processes"]] == ["drinkwater"]
    assert for_amber["tlp"] == "AMBER"
    for_green = cirkel_section(incident, audience_tlp="GREEN", since=None)
    assert for_green["processes"] == [] and for_green["processes_withheld"]
    assert for_green["tlp"] == "CLEAR"


def test_the_sitrep_template_renders_without_javascript(incident):
    from django.template.loader import render_to_string

    section = cirkel_section(incident, audience_tlp="AMBER", since=None)
    html = render_to_string(
        "escalation/sitrep/cirkel.html", {"section": section, "incident": incident}
    )
    assert "<svg" in html and "<script" not in html and "hx-" not in html
