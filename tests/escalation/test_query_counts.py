"""Each tile's context and fragment run a fixed number of queries, whatever the row count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalation import services, tiles
from escalation.models import VitalProcess


def fill(incident, user, levels, tree, size):
    codes = ["grip-1", "grip-2", "grip-3", "grip-4", "grip-5", "grip-rijk"]
    for code in codes[:size]:
        services.grip_change(
            incident=incident,
            actor=user,
            to_level=levels[code],
            decided_by="A",
            decided_by_function="B",
            reason=f"naar {code}",
        )
    for process in VitalProcess.objects.filter(category__in=["A", "B"])[:size]:
        services.vital_process_set(incident=incident, actor=user, process=process, status="geraakt")
    highest = ["digitaal", "continuiteit", "fysiek"][min(2, size // 2)]
    answers = {
        "effect": [highest],
        "rijksoverheid-vitaal": ["ja"],
        "wettelijke-meldplicht": ["ja"],
    }
    if highest == "fysiek":
        answers |= {"overheid-vitaal": ["ja"], "crisisorganisatie": ["ja"]}
    run = services.reporting_run_attach(incident=incident, actor=user, tree=tree, answers=answers)
    for item in run.items.all()[: size // 2]:
        services.reporting_item_mark(item=item, actor=user, reported_to="x")


def count(func):
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "tegel/grip/",
        "tegel/advice/",
        "tegel/vital/",
        "tegel/reporting/",
        "cirkel/",
        "meldpunten/",
    ],
)
def test_fragments_use_the_same_number_of_queries_for_small_and_large_incidents(
    client_for, vic_user, levels, tree, path, no_tile_cache
):
    from incidents.services import incident_open

    small = incident_open(actor=vic_user, title="Klein")
    large = incident_open(actor=vic_user, title="Groot")
    fill(small, vic_user, levels, tree, 1)
    fill(large, vic_user, levels, tree, 6)
    client = client_for(vic_user)
    client.get(f"/incidents/{small.pk}/{path}")  # warm the session and role caches
    small_count = count(lambda: client.get(f"/incidents/{small.pk}/{path}"))
    large_count = count(lambda: client.get(f"/incidents/{large.pk}/{path}"))
    assert small_count == large_count


def test_tile_contexts_on_the_dashboard_stay_within_a_fixed_budget(
    rf, vic_user, incident, levels, tree
):
    fill(incident, vic_user, levels, tree, 6)
    request = rf.get("/")
    request.user = vic_user
    vic_user._crisis_roles = {"VIC-medewerker"}
    budgets = {
        tiles.grip_context: 3,  # levels, history, checklist ticks
        tiles.advice_context: 4,  # + the edited advice texts
        tiles.vital_context: 3,
        # Run, items, and the items' concrete parties (Z-CERT, IGJ, ...) from the directory.
        tiles.reporting_context: 3,
    }
    for context, budget in budgets.items():
        assert count(lambda context=context: context(request, incident)) <= budget, context
