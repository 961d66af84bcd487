import re
from pathlib import Path

import pytest

from escalation import services
from escalation.advice import RULES, Facts, advise, facts_for
from incidents import services as incident_services
from incidents.models import Actor, Area, Cause, Domain, Outlook, Source
from tests.helpers import HTMX

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
    assert [line.id for line in lines] == ["ncc-duiding", "gebied-bovenregionaal"]
    assert "NCC" in lines[0].text and "MNL" in lines[1].text
    assert lines[1].rule.consider_levels == ("grip-5", "grip-rijk")


@pytest.mark.parametrize("area", [Area.ONE_REGION, Area.UNKNOWN])
def test_one_region_or_an_unknown_area_does_not_advise_the_ncc(area):
    ids = _ids(Facts(**{**QUIET.__dict__, "area": area}))
    assert "gebied-bovenregionaal" not in ids and "ncc-duiding" not in ids


def test_the_vital_domain_advises_fast_scaling_to_grip_4_and_informing_the_rol():
    lines = advise(Facts(**{**QUIET.__dict__, "domain": Domain.VITAL}))
    assert [line.id for line in lines] == ["ncc-duiding", "vitale-processen"]
    assert "GRIP 4" in lines[1].text
    assert "Regionaal Operationeel Leider van Dienst" in lines[1].text


def test_vital_processes_hit_within_one_region_advise_the_vic_to_contact_the_ncc():
    # The card: "Bij grote maatschappelijke effecten neem (VIC) contact op met NCC".
    facts = Facts(**{**QUIET.__dict__, "area": Area.ONE_REGION, "vital_processes_affected": 1})
    lines = advise(facts)
    assert lines[0].id == "ncc-duiding"
    assert "VIC" in lines[0].text and "NCC" in lines[0].text


def test_an_affected_vital_process_counts_as_the_vital_domain():
    facts = Facts(**{**QUIET.__dict__, "vital_processes_affected": 1})
    assert _ids(facts) == ["ncc-duiding", "vitale-processen"]


@pytest.mark.parametrize("rank", [4, 5, 6])
def test_the_grip_4_advice_is_gone_once_grip_4_or_higher_is_set(rank):
    facts = Facts(**{**QUIET.__dict__, "domain": Domain.VITAL, "grip_rank": rank})
    assert "vitale-processen" not in _ids(facts)
    assert "ncc-duiding" in _ids(facts)


@pytest.mark.parametrize("rank", [None, 0, 2, 3])
def test_the_grip_4_advice_stays_below_grip_4(rank):
    facts = Facts(**{**QUIET.__dict__, "domain": Domain.VITAL, "grip_rank": rank})
    assert "vitale-processen" in _ids(facts)


def test_the_grip_5_hint_is_gone_at_grip_5_but_the_ncc_advice_stays():
    facts = Facts(**{**QUIET.__dict__, "area": Area.SEVERAL_REGIONS, "grip_rank": 5})
    assert _ids(facts) == ["ncc-duiding"]


def test_one_affected_municipality_advises_the_gbt_under_the_mayor():
    lines = advise(Facts(**{**QUIET.__dict__, "municipalities": 1}))
    assert [line.id for line in lines] == ["een-gemeente-gbt"]
    assert "GBT" in lines[0].text and "burgemeester" in lines[0].text
    assert lines[0].rule.consider_levels == ("grip-3",)


def test_several_affected_municipalities_advise_the_rbt_under_the_chair():
    lines = advise(Facts(**{**QUIET.__dict__, "municipalities": 3}))
    assert [line.id for line in lines] == ["meerdere-gemeenten-rbt"]
    assert "RBT" in lines[0].text and "voorzitter veiligheidsregio" in lines[0].text


def test_the_gbt_advice_is_settled_at_grip_3_and_the_rbt_advice_at_grip_4():
    one = Facts(**{**QUIET.__dict__, "municipalities": 1, "grip_rank": 3})
    several = Facts(**{**QUIET.__dict__, "municipalities": 2, "grip_rank": 3})
    assert _ids(one) == []
    assert _ids(several) == ["meerdere-gemeenten-rbt"]
    assert _ids(Facts(**{**several.__dict__, "grip_rank": 4})) == []


def test_municipalities_without_societal_effects_give_no_administrative_advice():
    facts = Facts(**{**QUIET.__dict__, "domain": Domain.DIGITAL_ONLY, "municipalities": 2})
    assert _ids(facts) == ["alleen-digitaal"]


@pytest.mark.parametrize("source", [Source.DOMESTIC, Source.FOREIGN])
def test_a_known_source_warns_that_it_says_nothing_about_the_area(source):
    lines = advise(Facts(**{**QUIET.__dict__, "source": source}))
    assert [line.id for line in lines] == ["bron-zegt-niets-over-gebied"]
    assert "De bron van de verstoring zegt niks over het geografisch gebied" in lines[0].sources[0]


def test_a_known_actor_advises_the_police_cybercrime_team():
    lines = advise(Facts(**{**QUIET.__dict__, "actor": Actor.NON_STATE}))
    assert [line.id for line in lines] == ["actor-opsporing"]
    assert "cybercrime" in lines[0].text


def test_a_state_actor_also_advises_the_role_division_with_the_rijk():
    ids = _ids(Facts(**{**QUIET.__dict__, "actor": Actor.STATE}))
    assert ids == ["actor-opsporing", "actor-statelijk"]


def test_only_the_digital_domain_advises_flexible_scaling_without_grip():
    lines = advise(Facts(**{**QUIET.__dict__, "domain": Domain.DIGITAL_ONLY}))
    assert [line.id for line in lines] == ["alleen-digitaal"]
    assert "Nog geen GRIP" in lines[0].text


def test_digital_only_with_an_affected_vital_process_advises_grip_4_not_no_grip():
    facts = Facts(
        **{**QUIET.__dict__, "domain": Domain.DIGITAL_ONLY, "vital_processes_affected": 2}
    )
    assert _ids(facts) == ["ncc-duiding", "vitale-processen"]


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
        "ncc-duiding",
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
    response = client_for(bestuurder).get(f"/incidents/{incident.pk}/tegel/advice/", headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="advice-body"' in body
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
    body = client_for(vic_user).get(f"/incidents/{incident.pk}/tegel/advice/").content.decode()
    assert 'data-rule="vitale-processen"' in body


def test_facts_count_the_affected_municipalities(incident):
    incident.municipalities = "Utrecht\nZeist\n\nNieuwegein"
    assert facts_for(incident).municipalities == 3


def test_facts_carry_source_and_actor(incident, vic_user):
    incident_services.classification_change(
        incident=incident,
        actor=vic_user,
        changes={"source": Source.FOREIGN, "actor": Actor.STATE},
        reason="NCSC: statelijke actor uit het buitenland",
    )
    facts = facts_for(incident)
    assert (facts.source, facts.actor) == (Source.FOREIGN, Actor.STATE)


def test_the_advice_tile_reads_the_current_grip_level(client_for, incident, vic_user, levels):
    incident_services.classification_change(
        incident=incident, actor=vic_user, changes={"domain": Domain.VITAL}, reason="Drinkwater"
    )
    client = client_for(vic_user)
    assert (
        'data-rule="vitale-processen"'
        in client.get(f"/incidents/{incident.pk}/tegel/advice/").content.decode()
    )
    services.grip_change(
        incident=incident,
        actor=vic_user,
        to_level=levels["grip-4"],
        decided_by="Voorzitter",
        decided_by_function="Voorzitter veiligheidsregio",
        reason="Maatschappelijke ontwrichting dreigt",
    )
    body = client.get(f"/incidents/{incident.pk}/tegel/advice/").content.decode()
    assert 'data-rule="vitale-processen"' not in body
    assert 'data-rule="ncc-duiding"' in body


def test_every_rule_has_a_seeded_editable_text():
    from escalation.models import AdviceText

    texts = {row.code: row for row in AdviceText.objects.all()}
    for rule in RULES:
        assert texts[rule.id].advice == rule.advice
        assert texts[rule.id].source_lines == list(rule.sources)


def test_the_advice_tile_shows_the_regions_edited_text(client_for, incident, bestuurder):
    from escalation.models import AdviceText

    AdviceText.objects.filter(code="oorzaak-onbekend").update(
        advice="Regionale tekst: ga uit van opzet.",
        sources="Eigen citaat uit de regionale kaart.",
        source_title="Kaart VRU 2027",
    )
    body = client_for(bestuurder).get(f"/incidents/{incident.pk}/tegel/advice/").content.decode()
    assert "Regionale tekst: ga uit van opzet." in body
    assert "Eigen citaat uit de regionale kaart." in body
    assert "Kaart VRU 2027" in body
    assert 'data-rule="oorzaak-onbekend"' in body


def test_without_a_text_row_the_codes_text_is_shown(client_for, incident, bestuurder):
    from escalation.models import AdviceText

    AdviceText.objects.filter(code="oorzaak-onbekend").delete()
    body = client_for(bestuurder).get(f"/incidents/{incident.pk}/tegel/advice/").content.decode()
    assert "ga uit van opzet tot het tegendeel blijkt" in body
    assert "Er wordt in beginsel uitgegaan van opzet." in body


def test_the_admin_edits_the_text_but_not_the_code(admin_client):
    from escalation.models import AdviceText

    row = AdviceText.objects.get(code="ncc-duiding")
    url = f"/admin/escalation/advicetext/{row.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {"code": "iets-anders", "advice": "Bel het NCC.", "sources": "x", "source_title": "y"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.code, row.advice) == ("ncc-duiding", "Bel het NCC.")
    assert admin_client.get("/admin/escalation/advicetext/add/").status_code == 403
