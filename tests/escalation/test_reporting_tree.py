"""Every path through the beslisboom meldpunten, against an independent statement of seed 002."""

import itertools

import pytest

from escalation import services
from escalation.models import ReportingItem, ReportingRun
from escalation.reporting import InvalidAnswers, parse_answers, walk

pytestmark = pytest.mark.django_db

# Seed 002, "Beslisboom meldpunten cyberincident", read on its own (the oracle; the app reads
# the tree from data). Every path starts at "Uw organisatie ervaart een digitaal incident" and
# climbs the "Escalatieladder digitaal incident": each rung adds its boxes to those below.
LADDER = ["digitaal", "continuiteit", "fysiek"]  # bottom to top


def expected_points(highest, *, rijk_vitaal, meldplicht, overheid_vitaal, crisisorganisatie):
    rung = LADDER.index(highest)
    # Rung 1, effect op digitale organisatie: always.
    points = {"it-leverancier", "toezichthouder-politie"}
    points.add("ncsc" if rijk_vitaal else "sectorale-cert")  # rijksoverheid of vitaal? ja/nee
    if meldplicht:  # "wettelijk meldpunt (indien van toepassing ...)"
        points.add("wettelijk-meldpunt")
    if rung >= 1:  # Rung 2, effect op continuïteit dienstverlening: chain and DCC.
        points |= {"keten", "stelselverantwoordelijke"}
    if rung >= 2:  # Rung 3, effect op fysieke veiligheid & openbare orde.
        points.add("meldkamer")
        if overheid_vitaal:  # "Indien ... overheid of vitale infrastructuur"
            points.add("veiligheidsregio")
        if crisisorganisatie:  # "Indien ... (landelijke) crisisorganisatie"
            points.add("ncc")
    return points


def all_paths():
    """Each rung as the highest effect, with every answer to the questions it leads to."""
    for highest in LADDER:
        for rv, mp in itertools.product([True, False], repeat=2):
            physical = [(None, None)]
            if highest == "fysiek":
                physical = list(itertools.product([True, False], repeat=2))
            for ov, co in physical:
                yield highest, rv, mp, ov, co


PATHS = list(all_paths())


def yes_no(value):
    return ["ja"] if value else ["nee"]


def answers_for(highest, rv, mp, ov=None, co=None):
    answers = {
        "effect": [highest],
        "rijksoverheid-vitaal": yes_no(rv),
        "wettelijke-meldplicht": yes_no(mp),
    }
    if ov is not None:
        answers["overheid-vitaal"] = yes_no(ov)
        answers["crisisorganisatie"] = yes_no(co)
    return answers


def test_the_enumeration_covers_all_24_paths():
    # digitaal: 4; continuïteit: 4; fysiek: 4 x 4 = 16.
    assert len(PATHS) == 24


@pytest.mark.parametrize(("highest", "rv", "mp", "ov", "co"), PATHS)
def test_every_path_ends_in_the_seed_reporting_points(tree_data, highest, rv, mp, ov, co):
    result = walk(tree_data, answers_for(highest, rv, mp, ov, co))
    assert result.is_complete
    assert {point.key for point in result.points} == expected_points(
        highest, rijk_vitaal=rv, meldplicht=mp, overheid_vitaal=ov, crisisorganisatie=co
    )


@pytest.mark.parametrize(("highest", "rv", "mp", "ov", "co"), PATHS)
def test_no_path_ends_without_a_reporting_point(tree_data, highest, rv, mp, ov, co):
    result = walk(tree_data, answers_for(highest, rv, mp, ov, co))
    assert "it-leverancier" in {point.key for point in result.points}


@pytest.mark.parametrize(("highest", "rv", "mp", "ov", "co"), PATHS)
def test_every_path_asks_only_the_questions_its_rungs_lead_to(tree_data, highest, rv, mp, ov, co):
    result = walk(tree_data, answers_for(highest, rv, mp, ov, co))
    asked = [question.key for question, _choices in result.answered]
    expected = ["effect", "rijksoverheid-vitaal", "wettelijke-meldplicht"]
    if highest == "fysiek":
        expected += ["overheid-vitaal", "crisisorganisatie"]
    assert asked == expected


def test_continuity_with_two_no_answers_still_names_the_digital_rung_and_the_chain(tree_data):
    """The old tree gave an empty list here: continuity added nothing by itself."""
    result = walk(tree_data, answers_for("continuiteit", False, False))
    assert [point.key for point in result.points] == [
        "it-leverancier",
        "sectorale-cert",
        "toezichthouder-politie",
        "keten",
        "stelselverantwoordelijke",
    ]


def test_the_dcc_and_the_chain_belong_to_continuity_not_to_physical_safety(tree):
    from escalation.models import TreeChoice

    choices = {
        c.key: {p.key for p in c.points.all()}
        for c in TreeChoice.objects.filter(question__tree=tree, question__key="effect")
    }
    assert choices["continuiteit"] == {"keten", "stelselverantwoordelijke"}
    assert choices["fysiek"] == {"meldkamer"}


def test_a_walk_the_tree_data_leaves_without_points_is_refused(tree):
    """Never an empty outcome, even after an administrator's edit."""
    from escalation.models import TreeChoice, TreeQuestion
    from escalation.reporting import EmptyOutcome, load_tree

    TreeQuestion.objects.filter(tree=tree, key="effect").update(is_ladder=False)
    TreeChoice.objects.get(
        question__tree=tree, question__key="effect", key="continuiteit"
    ).points.clear()
    with pytest.raises(EmptyOutcome):
        walk(load_tree(tree), {"effect": ["continuiteit"]})


def test_the_effect_is_one_answer_the_highest_rung(tree_data):
    root = tree_data.questions[tree_data.root_key]
    assert root.is_ladder and not root.allows_multiple
    with pytest.raises(InvalidAnswers):
        walk(tree_data, {"effect": ["digitaal", "fysiek"]})


def test_the_answers_summary_lists_the_rungs_the_answer_includes(tree_data):
    result = walk(tree_data, answers_for("fysiek", False, False, False, False))
    assert result.summary[0]["answers"] == [
        "Effect op digitale organisatie",
        "Effect op continuïteit dienstverlening",
        "Effect op fysieke veiligheid & openbare orde",
    ]
    assert result.params[0] == "effect:fysiek"


def test_it_asks_one_question_at_a_time_in_the_trees_order(tree_data):
    steps = []
    answers = {}
    full = answers_for("fysiek", True, False, False, True)
    while True:
        result = walk(tree_data, answers)
        if result.is_complete:
            break
        key = result.next_question.key
        steps.append(key)
        answers[key] = full[key]
    assert steps == [
        "effect",
        "rijksoverheid-vitaal",
        "wettelijke-meldplicht",
        "overheid-vitaal",
        "crisisorganisatie",
    ]


def test_the_points_keep_the_seed_wording_in_ladder_order(tree_data):
    result = walk(tree_data, answers_for("fysiek", True, True, True, True))
    texts = [point.text for point in result.points]
    assert texts[0] == (
        "Neem contact op met uw IT-leverancier en (eventueel) uw cybersecurity provider"
    )
    assert "U meldt het incident bij het NCSC" in texts
    assert (
        "Informeer uw wettelijk meldpunt (indien van toepassing, bijvoorbeeld conform WBNI)"
        in texts
    )
    assert texts.index("Informeer afnemers en leveranciers in uw keten") < texts.index(
        "Neem contact op met de meldkamer van de hulpdiensten"
    )
    assert texts[-1] == (
        "Indien uw organisatie behoort tot de (landelijke) crisisorganisatie, contacteer het NCC"
    )


def test_where_the_tree_names_the_wbni_it_says_the_cyberbeveiligingswet_replaces_it(tree_data):
    point = tree_data.points["wettelijk-meldpunt"]
    assert "Cyberbeveiligingswet" in point.note and "NIS2" in point.note
    assert "Cyberbeveiligingswet" in tree_data.questions["wettelijke-meldplicht"].help_text


def test_the_cbw_note_is_editable_data(tree):
    from escalation.models import ReportingPoint
    from escalation.reporting import load_tree

    ReportingPoint.objects.filter(tree=tree, key="wettelijk-meldpunt").update(note="Eigen tekst")
    assert load_tree(tree).points["wettelijk-meldpunt"].note == "Eigen tekst"


def test_the_tree_is_marked_tlp_green_with_the_source_date(tree):
    assert tree.tlp == "GREEN"
    assert tree.published == "02-03-2022"


def test_a_yes_no_question_refuses_two_answers(tree_data):
    with pytest.raises(InvalidAnswers):
        walk(tree_data, {"effect": ["digitaal"], "rijksoverheid-vitaal": ["ja", "nee"]})


def test_an_unknown_answer_is_refused(tree_data):
    with pytest.raises(InvalidAnswers):
        walk(tree_data, {"effect": ["misschien"]})


def test_answers_to_questions_not_asked_are_dropped(tree_data):
    answers = answers_for("continuiteit", True, False) | {"crisisorganisatie": ["ja"]}
    result = walk(tree_data, answers)
    assert result.is_complete
    assert "ncc" not in {point.key for point in result.points}
    assert "crisisorganisatie:ja" not in result.params


def test_parse_answers_reads_question_choice_pairs():
    assert parse_answers(["effect:digitaal", "effect:fysiek", "effect:digitaal"]) == {
        "effect": ["digitaal", "fysiek"]
    }
    with pytest.raises(InvalidAnswers):
        parse_answers(["effect"])


def test_editing_the_tree_data_changes_the_outcome(tree, tree_data):
    """The tree is data: moving a point changes the result without code."""
    from escalation.models import ReportingPoint, TreeChoice
    from escalation.reporting import load_tree

    choice = TreeChoice.objects.get(question__tree=tree, question__key="effect", key="continuiteit")
    choice.points.add(ReportingPoint.objects.get(tree=tree, key="ncc"))
    result = walk(load_tree(tree), answers_for("continuiteit", True, False))
    assert "ncc" in {point.key for point in result.points}


# --- Attaching to an incident -----------------------------------------------------------------


def test_attaching_creates_a_checklist_of_the_points(incident, vic_user, tree):
    answers = answers_for("digitaal", False, True)
    run = services.reporting_run_attach(
        incident=incident, actor=vic_user, tree=tree, answers=answers
    )
    assert [item.point.key for item in run.items.order_by("order")] == [
        "it-leverancier",
        "sectorale-cert",
        "toezichthouder-politie",
        "wettelijk-meldpunt",
    ]
    assert run.answers_summary[0]["question"].startswith("Wat is het zwaarste effect")
    assert incident.audit_events.filter(action="escalation.reporting.run_attached").exists()


def test_an_incomplete_walk_cannot_be_attached(incident, vic_user, tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.reporting_run_attach(
            incident=incident, actor=vic_user, tree=tree, answers={"effect": ["fysiek"]}
        )
    assert not ReportingRun.objects.exists()


def test_rerunning_keeps_the_previous_run_and_carries_over_what_was_reported(
    incident, vic_user, tree
):
    first = services.reporting_run_attach(
        incident=incident, actor=vic_user, tree=tree, answers=answers_for("continuiteit", 0, 0)
    )
    keten = first.items.get(point__key="keten")
    services.reporting_item_mark(item=keten, actor=vic_user, reported_to="Leveranciers EPD")
    second = services.reporting_run_attach(
        incident=incident,
        actor=vic_user,
        tree=tree,
        answers=answers_for("fysiek", False, False, True, False),
    )
    assert ReportingRun.objects.filter(incident=incident).count() == 2
    assert first.items.count() == 5
    carried = second.items.get(point__key="keten")
    assert carried.is_done and carried.reported_to == "Leveranciers EPD"
    assert not second.items.get(point__key="veiligheidsregio").is_done


def test_marking_an_item_records_who_to_whom_and_when(incident, vic_user, tree):
    run = services.reporting_run_attach(
        incident=incident, actor=vic_user, tree=tree, answers=answers_for("digitaal", 1, 0)
    )
    item = services.reporting_item_mark(
        item=run.items.first(), actor=vic_user, reported_to="Dienstdoende meldkamer"
    )
    assert item.reported_by == vic_user and item.reported_at is not None
    again = services.reporting_item_mark(item=item, actor=vic_user, reported_to="iemand anders")
    assert again.reported_to == "Dienstdoende meldkamer"
    reopened = services.reporting_item_unmark(item=item, actor=vic_user)
    assert not reopened.is_done
    assert ReportingItem.objects.get(pk=item.pk).reported_by is None


# --- The data migration that corrects an existing tree ----------------------------------------


def test_the_migration_turns_a_tree_seeded_the_old_way_into_the_ladder(tree):
    from importlib import import_module

    from django.apps import apps

    from escalation.models import ReportingPoint, TreeChoice, TreeQuestion
    from escalation.reporting import load_tree

    # The tree as the first seed made it: a free multi-select, the DCC and the chain under
    # "fysiek", the veiligheidsregio/NCC questions under "continuïteit".
    points = {p.key: p for p in ReportingPoint.objects.filter(tree=tree)}
    questions = {q.key: q for q in TreeQuestion.objects.filter(tree=tree)}
    TreeQuestion.objects.filter(pk=questions["effect"].pk).update(
        is_ladder=False, allows_multiple=True
    )
    choices = {c.key: c for c in TreeChoice.objects.filter(question=questions["effect"])}
    choices["continuiteit"].points.clear()
    choices["continuiteit"].next_question = questions["overheid-vitaal"]
    choices["continuiteit"].save()
    choices["fysiek"].points.set(
        [points["meldkamer"], points["stelselverantwoordelijke"], points["keten"]]
    )
    choices["fysiek"].next_question = None
    choices["fysiek"].save()
    ReportingPoint.objects.filter(tree=tree).update(note="", party_role="")

    import_module("escalation.migrations.0004_reporting_tree_as_ladder").forwards(apps, None)

    data = load_tree(tree)
    assert data.questions["effect"].is_ladder
    for highest, rv, mp, ov, co in PATHS:
        result = walk(data, answers_for(highest, rv, mp, ov, co))
        assert {p.key for p in result.points} == expected_points(
            highest, rijk_vitaal=rv, meldplicht=mp, overheid_vitaal=ov, crisisorganisatie=co
        )
    assert "Cyberbeveiligingswet" in data.points["wettelijk-meldpunt"].note
    assert data.points["sectorale-cert"].party_role == "cert"
