"""EXPLAIN ANALYZE of every query of the dashboard and of the sitrep build, at 100 and 10,000
log entries: does any query's time grow with the log?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crisiscentre_bench \\
        .venv/bin/python bench/explain.py [--plans]

Builds two incidents (beside 100 others holding --background log entries, so the planner sees
production-like tables) with the test suite's crisis-scale data (tests/sitreps/scale.py: log
entries with decisions, actions, organisations, messages and stakeholders in proportion),
ANALYZEs the tables, captures the queries of one dashboard request (the first load, every tile
rendered) and of one sitrep build (all sections collected, audience TLP:AMBER) with
django.test.utils.CaptureQueriesContext, and runs EXPLAIN (ANALYZE, FORMAT JSON) on each
SELECT. Queries are paired across the two sizes by their text with the literals taken out.
A query is reported as growing when at 10,000 entries it takes more than 3x its time at 100
and more than 1 ms (a read bounded by a
section's limit or sitreps.sitrep.COUNT_CAP stays below that). Everything it creates is rolled back.
"""

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisiscentre.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from incidents.models import LogEntry, Role  # noqa: E402
from incidents.services import incident_open  # noqa: E402
from sitreps import services as sitrep_services  # noqa: E402
from tests.sitreps.scale import fill  # noqa: E402

SIZES = (100, 10_000)
GROWTH_FACTOR = 3.0
GROWTH_FLOOR_MS = 1.0


class Rollback(Exception):
    pass


def shape(sql: str) -> str:
    """The query without its literals, to pair the same query across incidents."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    sql = re.sub(r"\(\?(, \?)*\)", "(?...)", sql)
    return re.sub(r"\s+", " ", sql).strip()


def explain(sql: str) -> tuple[float, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    top = plan[0]
    return top["Execution Time"], _nodes(top["Plan"])


def _nodes(node, depth=0) -> str:
    label = node["Node Type"]
    if node.get("Index Name"):
        label += f" using {node['Index Name']}"
    if node.get("Relation Name"):
        label += f" on {node['Relation Name']}"
    line = f"{'  ' * depth}{label} (rows {node.get('Actual Rows')})"
    return "\n".join([line, *(_nodes(child, depth + 1) for child in node.get("Plans", []))])


def captured(user, incident) -> dict[str, list[str]]:
    client = Client()
    client.force_login(user)
    pages = {}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("incidents:detail", args=[incident.pk]))
        assert response.status_code == 200, response.status_code
    pages["dashboard"] = [q["sql"] for q in queries.captured_queries]
    with CaptureQueriesContext(connection) as queries:
        sitrep_services.sitrep_document(incident=incident, audience_tlp="AMBER")
    pages["sitrep"] = [q["sql"] for q in queries.captured_queries]
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", action="store_true", help="print the plan of every query")
    parser.add_argument(
        "--background",
        type=int,
        default=100_000,
        help="log entries of 100 other incidents, so the tables look like production's to the "
        "planner (issue 20 measured 100,000 over 1,000 incidents); 0 for none",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("needs DATABASE_URL=postgres://... (EXPLAIN ANALYZE of PostgreSQL)")
        return 1
    setup_test_environment()
    call_command("migrate", verbosity=0)
    growing = 0
    try:
        with transaction.atomic():
            user, _ = get_user_model().objects.get_or_create(username="bench-explain")
            user.groups.add(Group.objects.get_or_create(name=Role.VIC)[0])
            incidents = {}
            for size in SIZES:
                incidents[size] = incident_open(actor=user, title=f"Explain {size}")
                fill(incidents[size], user, size)
            others = [incident_open(actor=user, title=f"Achtergrond {n}") for n in range(100)]
            LogEntry.objects.bulk_create(
                (
                    LogEntry(
                        incident=others[i % len(others)],
                        author=user,
                        category=("beeld", "informatie", "melding")[i % 3],
                        text=f"Achtergrondregel {i}",
                        tlp=("GREEN", "AMBER", "RED")[i % 3],
                    )
                    for i in range(args.background)
                ),
                batch_size=5000,
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            for size in SIZES:  # warm: playbook copies, caches, the first plans
                captured(user, incidents[size])
            results = {size: captured(user, incidents[size]) for size in SIZES}
            for page in ("dashboard", "sitrep"):
                timings: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
                plans: dict[str, str] = {}
                counts = {size: len(results[size][page]) for size in SIZES}
                for size in SIZES:
                    for sql in results[size][page]:
                        if not sql.lstrip().upper().startswith("SELECT"):
                            continue
                        ms, plan = explain(sql)
                        timings[shape(sql)][size].append(ms)
                        if size == SIZES[-1]:
                            plans[shape(sql)] = plan
                print(
                    f"\n== {page}: {counts[SIZES[0]]} queries at {SIZES[0]} entries, "
                    f"{counts[SIZES[-1]]} at {SIZES[-1]:,} =="
                )
                print(f"{'ms @100':>9} {'ms @10k':>9}  query")
                rows = sorted(timings.items(), key=lambda kv: -sum(kv[1].get(SIZES[-1], [0])))
                for sql, by_size in rows:
                    small = sum(by_size.get(SIZES[0], [0.0]))
                    large = sum(by_size.get(SIZES[-1], [0.0]))
                    grows = large > GROWTH_FACTOR * small and large > GROWTH_FLOOR_MS
                    growing += grows
                    mark = "  GROWS" if grows else ""
                    print(f"{small:9.3f} {large:9.3f}  {sql[:150]}{mark}")
                    if args.plans or grows:
                        print("            " + plans.get(sql, "").replace("\n", "\n            "))
                total = {s: sum(sum(v.get(s, [0.0])) for v in timings.values()) for s in SIZES}
                print(
                    f"total execution time: {total[SIZES[0]]:.2f} ms at {SIZES[0]}, "
                    f"{total[SIZES[-1]]:.2f} ms at {SIZES[-1]:,}"
                )
            raise Rollback
    except Rollback:
        pass
    print(f"\n{growing} queries grow with the log" if growing else "\nno query grows with the log")
    return 1 if growing else 0


if __name__ == "__main__":
    sys.exit(main())
