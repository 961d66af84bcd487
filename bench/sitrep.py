"""How long does a sitrep take to render? `python bench/sitrep.py` (target: 200 entries < 2 s).

Uses DATABASE_URL when set (everything it creates is rolled back), else a throw-away SQLite
file. Times the whole job the Celery task does for a first sitrep (all sections built, HTML
rendered, PDF written by WeasyPrint) for incidents with 200 and 10,000 logbook entries.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmpdir = None
if not os.environ.get("DATABASE_URL"):
    _tmpdir = tempfile.TemporaryDirectory(prefix="sitrep-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmpdir.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisiscentre.settings")
os.environ.setdefault("CELERY_BROKER_URL", "")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from incidents import services as incident_services  # noqa: E402
from incidents.models import Action, Decision, LogEntry  # noqa: E402
from sitreps import rendering, services  # noqa: E402

SIZES = (200, 10_000)
REPEAT = 3
CATEGORIES = ["melding", "beeld", "informatie", "actie", "communicatie", "informatie"]
TLPS = ["GREEN", "AMBER", "AMBER", "GREEN", "CLEAR", "RED"]


class Rollback(Exception):
    pass


def make_incident(user, entries: int):
    incident = incident_services.incident_open(
        actor=user,
        title=f"Benchmark {entries} regels",
        description="Uitval betalingsverkeer in de regio.",
        municipalities="Utrecht\nZeist\nNieuwegein",
        status="actief",
    )
    now = timezone.now()
    LogEntry.objects.bulk_create(
        LogEntry(
            incident=incident,
            occurred_at=now - timedelta(minutes=entries - n),
            created_at=now - timedelta(minutes=entries - n),
            category=CATEGORIES[n % len(CATEGORIES)],
            text=(
                f"Regel {n}: de gemeente meldt dat winkels en tankstations in de wijk "
                "geen pinbetalingen kunnen verwerken; contant geld raakt op."
            ),
            source="Meldkamer" if n % 2 else "Gemeente Utrecht",
            tlp=TLPS[n % len(TLPS)],
            author=user,
        )
        for n in range(entries)
    )
    Decision.objects.bulk_create(
        Decision(
            incident=incident,
            text=f"Besluit {n}: noodvoorziening contant geld uitbreiden.",
            decided_by="Voorzitter ROT",
            tlp="AMBER",
            reevaluate_at=now + timedelta(hours=n - 5),
        )
        for n in range(20)
    )
    Action.objects.bulk_create(
        Action(
            incident=incident,
            description=f"Actie {n}: geldtransport regelen.",
            owner_organisation="Bank",
            due_at=now + timedelta(hours=n - 10),
        )
        for n in range(30)
    )
    return incident


def measure(incident) -> tuple[list[float], list[float], list[float], int]:
    totals, cpus, builds = [], [], []
    pages = 0
    for _ in range(REPEAT):
        start = time.perf_counter()
        services.sitrep_document(incident=incident, audience_tlp="AMBER")
        builds.append(time.perf_counter() - start)
        start, cpu = time.perf_counter(), time.process_time()
        pdf = services.sitrep_draft_pdf(incident=incident, audience_tlp="AMBER")
        totals.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return totals, cpus, builds, pages


def main() -> int:
    problem = rendering.weasyprint_problem()
    if problem:
        print(problem)
        return 1
    call_command("migrate", verbosity=0)
    print(
        f"database: {django.db.connection.vendor}; {REPEAT} runs each, audience TLP:AMBER; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    ok = True
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(username="bench-sitrep")
            # Warm up: imports, fonts and template loading are paid once per worker process.
            services.sitrep_draft_pdf(incident=make_incident(user, 5), audience_tlp="AMBER")
            for size in SIZES:
                totals, cpus, builds, pages = measure(make_incident(user, size))
                median = statistics.median(totals)
                print(
                    f"{size:>5} logbook entries: {median:.2f} s median wall clock "
                    f"(best {min(totals):.2f} s; CPU {statistics.median(cpus):.2f} s; "
                    f"collecting the sections {statistics.median(builds):.2f} s), {pages} pages"
                )
                if size == 200 and min(totals) >= 2.0:
                    ok = False
                    print(
                        "      above the 2 s target (on a busy machine compare the CPU time: "
                        "the wall clock includes waiting for a core)"
                    )
            raise Rollback
    except Rollback:
        pass
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
