"""Every path through the beslisboom meldpunten, against an independent statement of seed 002."""

import itertools

import pytest

from escalation import services
from escalation.models import ReportingItem, ReportingRun
from escalation.reporting import InvalidAnswers, parse_answers, walk

EFFECTS = ["digitaal", "continuiteit", "fysiek"]


def expected_points(effects, *, rijk_vitaal, meldplicht, overheid_vitaal, crisisorganisatie):
    """Seed 002 read box by box (the oracle; the app reads the tree from data)."""
    points = set()
    if "digitaal" in effects:
        points |= {"it-leverancier", "toezichthouder-politie"}
        points.add("ncsc" if rijk_vitaal else "sectorale-cert")
        if meldplicht:
            points.add("wettelijk-meldpunt")
    if "continuiteit" in effects:
        if overheid_vitaal:
            points.add("veiligheidsregio")
        if crisisorganisatie:
            points.add("ncc")
    if "fysiek" in effects:
        points |= {"meldkamer", "stelselverantwoordelijke", "keten"}
    return points


def all_paths():
    """Each non-empty set of effects with every answer to the questions it leads to."""
    for size in (1, 2, 3):
        for effects in itertools.combinations(EFFECTS, size):
            digital = [(None, None)]
            if "digitaal" in effects:
                digital = list(itertools.product([True, False], repeat=2))
            continuity = [(None, None)]
            if "continuiteit" in effects:
                continuity = list(itertools.product([True, False], repeat=2))
            for (rv, mp), (ov, co) in itertools.product(digital, continuity):
                yield effects, rv, mp, ov, co


PATHS = list(all_paths())


def yes_no(value):
    return ["ja"] if value else ["nee"]


def answers_for(effects, rv, mp, ov, co):
    answers = {"effect": list(effects)}
    if rv is not None:
        answers["rijksoverheid-vitaal"] = yes_no(rv)
        answers["wettelijke-meldplicht"] = yes_no(mp)
    if ov is not None:
        answers["overheid-vitaal"] = yes_no(ov)
        answers["crisisorganisatie"] = yes_no(co)
    return answers


def test_the_enumeration_covers_all_49_paths():
    # 1 effect: 4 + 4 + 1; 2 effects: 16 + 4 + 4; 3 effects: 16 = 49.
    assert len(PATHS) == 49


@pytest.mark.parametrize(("effects", "rv", "mp", "ov", "co"), PATHS)
def test_every_path_ends_in_the_seed_reporting_points(tree_data, effects, rv, mp, ov, co):
    result = walk(tree_data, answers_for(effects, rv, mp, ov, co))
    assert result.is_complete
    assert {point.key for point in result.points} == expected_points(
        effects, rijk_vitaal=rv, meldplicht=mp, overheid_vitaal=ov, crisisorganisatie=co
    )


@pytest.mark.parametrize(("effects", "rv", "mp", "ov", "co"), PATHS)
def test_every_path_asks_only_the_questions_its_effects_lead_to(tree_data, effects, rv, mp, ov, co):
    result = walk(tree_data, answers_for(effects, rv, mp, ov, co))
    asked = [question.key for question, _choices in result.answered]
    expected = ["effect"]
    if "digitaal" in effects:
        expected += ["rijksoverheid-vitaal", "wettelijke-meldplicht"]
    if "continuiteit" in effects:
        expected += ["overheid-vitaal", "crisisorganisatie"]
    assert asked == expected


def test_it_asks_one_question_at_a_time_in_the_trees_order(tree_data):
    steps = []
    answers = {}
    full = answers_for(("digitaal", "continuiteit"), True, False, False, True)
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


def test_the_points_keep_the_seed_wording_and_order(tree_data):
    result = walk(tree_data, answers_for(tuple(EFFECTS), True, True, True, True))
    texts = [point.text for point in result.points]
    assert texts[0] == (
        "Neem contact op met uw IT-leverancier en (eventueel) uw cybersecurity provider"
    )
    assert "U meldt het incident bij het NCSC" in texts
    assert (
        "Informeer uw wettelijk meldpunt (indien van toepassing, bijvoorbeeld conform WBNI)"
        in texts
    )
    assert texts[-1] == "Informeer afnemers en leveranciers in uw keten"


def test_the_tree_is_marked_tlp_green_with_the_source_date(tree):
    assert tree.tlp == "GREEN"
    assert tree.published == "02-03-2022"


def test_the_first_question_allows_several_effects(tree_data):
    root = tree_data.questions[tree_data.root_key]
    assert root.allows_multiple
    assert {choice.label for choice in root.choices} == {
        "Effect op digitale organisatie",
        "Effect op continuïteit dienstverlening",
        "Effect op fysieke veiligheid & openbare orde",
    }


def test_a_yes_no_question_refuses_two_answers(tree_data):
    with pytest.raises(InvalidAnswers):
        walk(tree_data, {"effect": ["digitaal"], "rijksoverheid-vitaal": ["ja", "nee"]})


def test_an_unknown_answer_is_refused(tree_data):
    with pytest.raises(InvalidAnswers):
        walk(tree_data, {"effect": ["misschien"]})


def test_answers_to_questions_not_asked_are_dropped(tree_data):
    result = walk(tree_data, {"effect": ["fysiek"], "crisisorganisatie": ["ja"]})
    assert result.is_complete
    assert "ncc" not in {point.key for point in result.points}
    assert result.params == ["effect:fysiek"]


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

    choice = TreeChoice.objects.get(question__tree=tree, question__key="effect", key="fysiek")
    choice.points.add(ReportingPoint.objects.get(tree=tree, key="ncc"))
    result = walk(load_tree(tree), {"effect": ["fysiek"]})
    assert "ncc" in {point.key for point in result.points}


# --- Attaching to an incident -----------------------------------------------------------------


def test_attaching_creates_a_checklist_of_the_points(incident, vic_user, tree):
    answers = answers_for(("digitaal",), False, True, None, None)
    run = services.reporting_run_attach(
        incident=incident, actor=vic_user, tree=tree, answers=answers
    )
    assert [item.point.key for item in run.items.order_by("order")] == [
        "it-leverancier",
        "sectorale-cert",
        "toezichthouder-politie",
        "wettelijk-meldpunt",
    ]
    assert run.answers_summary[0]["question"].startswith("Welk effect")
    assert incident.audit_events.filter(action="escalation.reporting.run_attached").exists()


def test_an_incomplete_walk_cannot_be_attached(incident, vic_user, tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.reporting_run_attach(
            incident=incident, actor=vic_user, tree=tree, answers={"effect": ["digitaal"]}
        )
    assert not ReportingRun.objects.exists()


def test_rerunning_keeps_the_previous_run_and_carries_over_what_was_reported(
    incident, vic_user, tree
):
    first = services.reporting_run_attach(
        incident=incident, actor=vic_user, tree=tree, answers={"effect": ["fysiek"]}
    )
    meldkamer = first.items.get(point__key="meldkamer")
    services.reporting_item_mark(item=meldkamer, actor=vic_user, reported_to="Meldkamer MN")
    second = services.reporting_run_attach(
        incident=incident,
        actor=vic_user,
        tree=tree,
        answers=answers_for(("fysiek", "continuiteit"), None, None, True, False),
    )
    assert ReportingRun.objects.filter(incident=incident).count() == 2
    assert first.items.count() == 3
    carried = second.items.get(point__key="meldkamer")
    assert carried.is_done and carried.reported_to == "Meldkamer MN"
    assert not second.items.get(point__key="veiligheidsregio").is_done


def test_marking_an_item_records_who_to_whom_and_when(incident, vic_user, tree):
    run = services.reporting_run_attach(
        incident=incident, actor=vic_user, tree=tree, answers={"effect": ["fysiek"]}
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
