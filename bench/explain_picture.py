"""EXPLAIN ANALYZE of the two newest-*beeld* queries at 100 and 10,000 log entries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crisiscentre_bench \\
        .venv/bin/python bench/explain_picture.py

Prints the plan and execution time of the dashboard's picture tile query
(incidents.selectors.picture_entries) and the sitrep's picture section
(sitreps.sitrep.build_picture); with the index log_incident_category_time both read the
newest rows from the index instead of sorting every matching row.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisiscentre.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402
from django.utils import timezone  # noqa: E402

from incidents.models import LogEntry  # noqa: E402
from incidents.services import incident_open  # noqa: E402
from incidents.tlp import tlps_visible_at  # noqa: E402
from sitreps.sitrep import PICTURE_LIMIT  # noqa: E402


def picture_entries_query(incident):
    return (
        incident.log_entries.filter(category="beeld")
        .exclude(Exists(LogEntry.objects.filter(corrects=OuterRef("pk"))))
        .order_by("-occurred_at", "-pk")[:8]
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench")
    for size in (100, 10_000):
        incident = incident_open(actor=user, title=f"Explain {size}")
        now = timezone.now()
        LogEntry.objects.bulk_create(
            LogEntry(
                incident=incident,
                author=user,
                category=("beeld", "informatie")[i % 2],
                text=f"Regel {i}",
                tlp="GREEN",
                occurred_at=now - timedelta(seconds=size - i),
                created_at=now - timedelta(seconds=size - i),
            )
            for i in range(size)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE incidents_logentry")
        queries = {
            "dashboard picture tile, before (corrected_by__isnull)": incident.log_entries.filter(
                category="beeld", corrected_by__isnull=True
            ).order_by("-occurred_at", "-pk")[:8],
            "dashboard picture tile (selectors.picture_entries)": picture_entries_query(incident),
            "sitrep picture section (NOT EXISTS)": LogEntry.objects.filter(
                incident=incident, category="beeld", tlp__in=tlps_visible_at("AMBER")
            )
            .exclude(Exists(LogEntry.objects.filter(corrects=OuterRef("pk"))))
            .order_by("-occurred_at", "-pk")[:PICTURE_LIMIT],
        }
        for name, queryset in queries.items():
            print(f"--- {size} entries: {name}")
            print(queryset.explain(analyze=True))


if __name__ == "__main__":
    main()
