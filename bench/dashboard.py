"""The dashboard at 100 and 10,000 log entries against the framework floor (issue 20).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crisiscentre_bench \\
        .venv/bin/python bench/dashboard.py [--rounds 6] [--requests 20]

In-process (django.test.Client, the full middleware stack), interleaved rounds: per round the
floor (`/sessie`, an authenticated view that does nothing), the dashboard's first load with an
empty tile cache (every tile body rendered: the first viewer after a change to everything),
the first load after a log line (the tiles showing the log render again, the rest come from
the cache), the dashboard with everything cached (every later viewer), and one cached tile body. It
prints CPU milliseconds per request (time.process_time: the server's own work, steady on a
shared machine) with the median over rounds, the ratio to the floor, bytes and queries, and
every tile body's size at both incident sizes. Everything it creates is rolled back.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisiscentre.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from incidents import registry  # noqa: E402
from incidents.models import Role  # noqa: E402
from incidents.services import incident_open, log_entry_add  # noqa: E402
from tests.sitreps.scale import fill  # noqa: E402

SIZES = (100, 10_000)
HTMX = {"HX-Request": "true"}


class Rollback(Exception):
    pass


def cpu_ms(client, url, requests, *, before=None, **headers) -> float:
    """Median CPU milliseconds of one request (``before`` runs untimed ahead of each)."""
    times = []
    for _ in range(requests):
        if before is not None:
            before()
        start = time.process_time()
        response = client.get(url, headers=headers)
        times.append((time.process_time() - start) * 1000)
        assert response.status_code in (200, 204), (url, response.status_code)
    return statistics.median(times)


def size_and_queries(client, url, **headers) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return len(response.content), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=20, help="per page per round")
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    cache = caches["default"]
    try:
        with transaction.atomic():
            user, _ = get_user_model().objects.get_or_create(username="bench-dashboard")
            user.groups.add(Group.objects.get_or_create(name=Role.VIC)[0])
            client = Client()
            client.force_login(user)
            incidents = {}
            for size in SIZES:
                incidents[size] = incident_open(actor=user, title=f"Dashboard {size}")
                fill(incidents[size], user, size)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            floor = reverse("session_ping")
            pages = {}
            for size, incident in incidents.items():
                client.get(incident.get_absolute_url())  # warm: first plans, templates
                pages[f"dashboard, first load ({size:,} entries)"] = (
                    incident.get_absolute_url(),
                    cache.clear,
                    {},
                )
                pages[f"dashboard after a log line ({size:,} entries)"] = (
                    incident.get_absolute_url(),
                    lambda incident=incident: log_entry_add(
                        incident=incident, actor=user, category="melding", text="Bench"
                    ),
                    {},
                )
                pages[f"dashboard, bodies cached ({size:,} entries)"] = (
                    incident.get_absolute_url(),
                    None,
                    {},
                )
                pages[f"log tile body, cached ({size:,} entries)"] = (
                    reverse("incidents:tile", args=[incident.pk, "log"]),
                    None,
                    HTMX,
                )
            figures = {"floor (/sessie)": []} | {name: [] for name in pages}
            for _ in range(args.rounds):
                figures["floor (/sessie)"].append(cpu_ms(client, floor, args.requests))
                for name, (url, before, headers) in pages.items():
                    figures[name].append(
                        cpu_ms(client, url, args.requests, before=before, **headers)
                    )
            base = statistics.median(figures["floor (/sessie)"])
            print(f"{connection.vendor}, {args.rounds} rounds x {args.requests} requests")
            print(
                f"{'page':48} {'CPU ms p50':>10} {'range':>13} {'x floor':>8} {'bytes':>8} {'q':>3}"
            )
            for name, values in figures.items():
                url, before, headers = pages.get(name, (floor, None, {}))
                if before is not None:
                    before()
                size, queries = size_and_queries(client, url, **headers)
                median = statistics.median(values)
                spread = f"{min(values):.1f}-{max(values):.1f}"
                print(
                    f"{name:48} {median:10.2f} {spread:>13} {median / base:8.1f} {size:8} {queries:3}"
                )
            print()
            print(f"{'tile body bytes':24}" + "".join(f"{size:>10,}" for size in SIZES))
            for tile in registry.tiles():
                row = [
                    size_and_queries(
                        client, reverse("incidents:tile", args=[incidents[s].pk, tile.name]), **HTMX
                    )[0]
                    for s in SIZES
                ]
                print(f"{tile.name:24}" + "".join(f"{value:10}" for value in row))
            raise Rollback
    except Rollback:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
