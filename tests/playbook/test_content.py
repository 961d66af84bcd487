import re
from pathlib import Path

import pytest
from django.core.management import call_command

from playbook import content
from playbook.models import (
    ChecklistItem,
    Dilemma,
    KeyDecision,
    ReferenceText,
    SectorReporting,
    Stakeholder,
)

pytestmark = pytest.mark.django_db

SEEDS = Path("/work/shared/seeds")
MODELS = [KeyDecision, Dilemma, ChecklistItem, ReferenceText, Stakeholder, SectorReporting]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_data_migration_loads_the_content():
    from importlib import import_module

    from django.apps import apps

    for model in MODELS:
        model.objects.all().delete()
    import_module("playbook.migrations.0002_load_content").load_content(apps, None)
    assert KeyDecision.objects.count() == 10
    assert Stakeholder.objects.filter(slug="ncc").exists()


def test_loading_twice_creates_nothing_twice():
    before = counts()
    call_command("load_playbook", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_playbook", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
    assert content.load() == dict.fromkeys(before, 0)


def test_an_administrators_edit_survives_a_reload():
    item = ChecklistItem.objects.get(slug="reageren-1")
    item.text = "Eigen regionale tekst"
    item.save()
    ncc = Stakeholder.objects.get(slug="ncc")
    ncc.email = "ncc@example.invalid"
    ncc.save()
    call_command("load_playbook", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ChecklistItem.objects.get(slug="reageren-1").text == "Eigen regionale tekst"
    assert Stakeholder.objects.get(slug="ncc").email == "ncc@example.invalid"


def test_a_deleted_row_comes_back_on_reload():
    KeyDecision.objects.filter(slug="liaisons").delete()
    assert content.load()["KeyDecision"] == 1
    assert KeyDecision.objects.filter(slug="liaisons").exists()


def test_key_decisions_are_four_process_and_six_content_with_explanations():
    assert KeyDecision.objects.filter(kind="proces").count() == 4
    assert KeyDecision.objects.filter(kind="inhoudelijk").count() == 6
    assert not KeyDecision.objects.filter(explanation="").exists()


def test_there_are_five_dilemma_themes_with_their_questions():
    dilemmas = list(Dilemma.objects.all())
    assert [d.title for d in dilemmas] == [
        "Classificatie van incident",
        "Organisatie van de keten",
        "Communicatie",
        "(Ontkoppelen) Kritieke processen",
        "Verantwoording",
    ]
    assert [len(d.question_list) for d in dilemmas] == [1, 2, 1, 2, 1]


# Counts per list, taken from the seeds' bullets (000: attention card; 002: national guide).
EXPECTED_LISTS = {
    "melding_alarmering": 5,  # 4 reporting channels + inform the ROL
    "leiding_coordinatie": 3,
    "informatiemanagement": 5,
    "crisiscommunicatie": 6,
    "nafase": 4,
    "operationeel": 9,
    "houd_rekening_met": 5,
    "voorbereid_zijn": 11,
    "reageren": 6,
    "communicatie_voorbereiding": 9,
    "communicatie_aandachtspunten": 11,
    "bronnen": 8,
}


@pytest.mark.parametrize(("list_key", "expected"), EXPECTED_LISTS.items())
def test_each_list_has_the_seeds_number_of_items(list_key, expected):
    assert ChecklistItem.objects.filter(list=list_key).count() == expected


def test_numbered_lists_match_the_numbering_in_seed_002():
    text = (SEEDS / "002_4abdd7458619295b.txt").read_text()
    prepared = text.split("VOORBEREID ZIJN")[1].split("REAGEREN")[0]
    respond = text.split("REAGEREN")[1].split("Tips voor de voorbereiding")[0]
    assert len(re.findall(r"^\d+\. ", prepared, re.M)) == 11 == EXPECTED_LISTS["voorbereid_zijn"]
    assert len(re.findall(r"^\d+\. ", respond, re.M)) == 6 == EXPECTED_LISTS["reageren"]


def test_seeded_texts_keep_the_sources_wording():
    seed = re.sub(r"\s+", " ", (SEEDS / "000_193f1c882abe4660.txt").read_text())
    for slug in ["leiding-2", "im-vic-2", "crisiscom-4", "operationeel-2", "nafase-1"]:
        assert ChecklistItem.objects.get(slug=slug).text in seed


def test_the_stakeholder_directory_has_the_seeds_parties_without_contact_details():
    slugs = set(Stakeholder.objects.values_list("slug", flat=True))
    assert {
        "ncc",
        "nkc",
        "locc",
        "ncsc",
        "cert",
        "ibd",
        "z-cert",
        "ciso",
        "vr-isac",
        "cybercrime-team",
        "igj",
    } <= slugs
    assert Stakeholder.objects.count() == 16
    assert not Stakeholder.objects.exclude(email="").exists()
    assert not Stakeholder.objects.exclude(phone="").exists()
    assert not Stakeholder.objects.filter(role_text="").exists()
    assert not Stakeholder.objects.filter(when_to_involve="").exists()


def test_the_role_cards_and_reference_texts_are_there():
    titles = set(ReferenceText.objects.values_list("title", flat=True))
    assert {
        "Wie doet wat?",
        "Bepaal je rol",
        "Definities",
        "Kenmerken ‘Cyber’",
        "Relatie met andere plannen",
        "Afbakening",
        "Impact bepalen",
        "Opschaling",
        "Nuttige informatie",
    } <= titles
    assert len(ReferenceText.objects.get(slug="wie-doet-wat").points) == 6
    assert len(ReferenceText.objects.get(slug="definities").points) == 3


def test_the_sector_table_names_its_parties_by_slug_and_survives_a_reload():
    zorg = SectorReporting.objects.get(slug="zorg")
    assert (zorg.cert.slug, zorg.regulator.slug) == ("z-cert", "igj")
    zorg.regulator = None
    zorg.save()
    call_command("load_playbook", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SectorReporting.objects.get(slug="zorg").regulator is None
    assert zorg.matches(" zorg ") and zorg.matches("Ziekenhuis") and not zorg.matches("")
