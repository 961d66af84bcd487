import re
from pathlib import Path

import pytest

from escalation import services
from escalation.advice import RULES, Facts, advise, facts_for
from incidents import services as incident_services
from incidents.models import Area, Cause, Domain, Outlook

SEED = Path(__file__).parent / "data" / "seed_000_aandachtskaart.txt"


def _ids(facts):
    return [line.id for line in advise(facts)]


def _normalise(text):
    text = re.sub(r"[·Á]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# A known, fully established classification fires no rule: the baseline for every case.
QUIET = Facts(
    cause=Cause.DELIBERATE,
    domain=Domain.IMPORTANT_SERVICES,
    area=Area.ONE_REGION,
    outlook=Outlook.PRESENT,
)


def test_a_quiet_established_classification_gives_no_advice():
    assert _ids(QUIET) == []


@pytest.mark.parametrize("area", [Area.SEVERAL_REGIONS, Area.SEVERAL_COUNTRIES])
def test_a_wide_area_advises_the_ncc_mnl_alignment_and_grip_5_or_rijk(area):
    lines = advise(Facts(**{**QUIET.__dict__, "area": area}))
    assert [line.id for line in lines] == ["gebied-bovenregionaal"]
    assert "NCC" in lines[0].text and "MNL" in lines[0].text
    assert lines[0].rule.consider_levels == ("grip-5", "grip-rijk")


@pytest.mark.parametrize("area", [Area.ONE_REGION, Area.UNKNOWN])
def test_one_region_or_an_unknown_area_does_not_advise_the_ncc(area):
    assert "gebied-bovenregionaal" not in _ids(Facts(**{**QUIET.__dict__, "area": area}))


def test_the_vital_domain_advises_fast_scaling_to_grip_4_and_informing_the_rol():
    lines = advise(Facts(**{**QUIET.__dict__, "domain": Domain.VITAL}))
    assert [line.id for line in lines] == ["vitale-processen"]
    assert "GRIP 4" in lines[0].text
    assert "Regionaal Operationeel Leider van Dienst" in lines[0].text


def test_an_affected_vital_process_counts_as_the_vital_domain():
    facts = Facts(**{**QUIET.__dict__, "vital_processes_affected": 1})
    assert _ids(facts) == ["vitale-processen"]


def test_only_the_digital_domain_advises_flexible_scaling_without_grip():
    lines = advise(Facts(**{**QUIET.__dict__, "domain": Domain.DIGITAL_ONLY}))
    assert [line.id for line in lines] == ["alleen-digitaal"]
    assert "Nog geen GRIP" in lines[0].text


def test_digital_only_with_an_affected_vital_process_advises_grip_4_not_no_grip():
    facts = Facts(
        **{**QUIET.__dict__, "domain": Domain.DIGITAL_ONLY, "vital_processes_affected": 2}
    )
    assert _ids(facts) == ["vitale-processen"]


def test_a_long_unknown_outlook_advises_relief_and_a_long_after_phase():
    lines = advise(Facts(**{**QUIET.__dict__, "outlook": Outlook.LONG_UNKNOWN}))
    assert [line.id for line in lines] == ["langdurig-onbekend"]
    assert "aflossing" in lines[0].text and "nafase" in lines[0].text


def test_an_unknown_cause_advises_to_treat_it_as_deliberate():
    lines = advise(Facts(**{**QUIET.__dict__, "cause": Cause.UNKNOWN}))
    assert [line.id for line in lines] == ["oorzaak-onbekend"]
    assert "opzet" in lines[0].text


def test_an_assumed_cause_is_still_treated_as_not_established():
    facts = Facts(**{**QUIET.__dict__, "assumed_blocks": ("cause",)})
    assert _ids(facts) == ["oorzaak-onbekend"]


def test_rules_combine_in_rule_order():
    facts = Facts(
        cause=Cause.UNKNOWN,
        domain=Domain.VITAL,
        area=Area.SEVERAL_COUNTRIES,
        outlook=Outlook.LONG_UNKNOWN,
    )
    assert _ids(facts) == [
        "gebied-bovenregionaal",
        "vitale-processen",
        "langdurig-onbekend",
        "oorzaak-onbekend",
    ]


def test_every_rule_quotes_the_attention_card_verbatim():
    card = _normalise(SEED.read_text(encoding="utf-8"))
    for rule in RULES:
        assert rule.sources, rule.id
        for sentence in rule.sources:
            assert _normalise(sentence) in card, (rule.id, sentence)


def test_rule_ids_are_unique():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


def test_facts_come_from_the_current_classification_and_vital_processes(
    incident, vic_user, process
):
    incident_services.classification_change(
        incident=incident,
        actor=vic_user,
        changes={"area": Area.SEVERAL_REGIONS, "outlook": Outlook.LONG_UNKNOWN},
        reason="Meerdere regio's melden uitval",
    )
    services.vital_process_set(
        incident=incident, actor=vic_user, process=process("drinkwater"), status="dreigend"
    )
    services.vital_process_set(
        incident=incident, actor=vic_user, process=process("acute-zorg"), status="geraakt"
    )
    facts = facts_for(incident)
    assert facts.area == Area.SEVERAL_REGIONS
    assert facts.outlook == Outlook.LONG_UNKNOWN
    assert facts.assumed_blocks == ("cause",)
    # Acute care is a societal service, not a vital process: only drinking water counts.
    assert facts.vital_processes_affected == 1


def test_a_recovered_vital_process_no_longer_counts(incident, vic_user, process):
    services.vital_process_set(
        incident=incident, actor=vic_user, process=process("drinkwater"), status="geraakt"
    )
    services.vital_process_set(
        incident=incident, actor=vic_user, process=process("drinkwater"), status="hersteld"
    )
    assert facts_for(incident).vital_processes_affected == 0


def test_the_advice_tile_shows_the_advice_with_its_source(client_for, incident, bestuurder):
    response = client_for(bestuurder).get(
        f"/incidents/{incident.pk}/advies/tegel", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="advies-body"' in body
    assert 'data-rule="oorzaak-onbekend"' in body
    assert "Er wordt in beginsel uitgegaan van opzet." in body
    assert "<html" not in body


def test_the_advice_tile_follows_a_classification_change(client_for, incident, vic_user):
    incident_services.classification_change(
        incident=incident,
        actor=vic_user,
        changes={"domain": Domain.VITAL},
        reason="Drinkwaterbedrijf geraakt",
    )
    body = client_for(vic_user).get(f"/incidents/{incident.pk}/advies/tegel").content.decode()
    assert 'data-rule="vitale-processen"' in body
