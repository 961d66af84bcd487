"""Full-text search over 100,000 log entries on PostgreSQL: p50/p95 per query kind.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_search .venv/bin/python bench/search.py

Seeds (once; a second run reuses them) one incident with 100,000 log lines of Dutch crisis
text from a fixed vocabulary, so words range from rare to in every tenth line, plus a few
decisions, actions and messages. Then times, in-process and through the same code as the
pages (exchange.search.search and the log tile's selector):
- the search page within the incident (UNION of the four kinds, ranked, headlines for 20);
- the search page across all the user's incidents;
- the log tile search box (time order, keyset page of 25).
Each query runs RUNS times after one warm-up; times are wall clock including the ORM.
Nothing asserts a time: the figures go in bench/README.md.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisiscentre.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from exchange.search import KINDS, Filters, _rows, clearance_groups, search  # noqa: E402
from incidents import selectors, services  # noqa: E402
from incidents.models import Incident, LogEntry, Role  # noqa: E402
from incidents.tlp import tlps_visible_at  # noqa: E402

SIZE = 100_000
RUNS = 60
TITLE = "Bench zoeken (100.000 regels)"

SUBJECTS = [
    "Het gemaal",
    "De provider",
    "Het ziekenhuis",
    "De waterzuivering",
    "Het rioolgemaal",
    "De meldkamer",
    "Het datacenter",
    "De netbeheerder",
    "De gemeente",
    "Het waterschap",
]
EVENTS = [
    "meldt een storing",
    "is uitgevallen",
    "draait op noodstroom",
    "is weer bereikbaar",
    "vraagt om bijstand",
    "heeft ransomware aangetroffen",
    "schaalt op naar GRIP 2",
    "meldt een datalek",
    "werkt handmatig",
    "heeft de back-up teruggezet",
]
PLACES = [
    "bij de Zuidsluis",
    "in Utrecht",
    "in Amersfoort",
    "aan de Lek",
    "in Nieuwegein",
    "in Zeist",
    "bij de A12",
    "in de binnenstad",
    "op het bedrijventerrein",
    "in Houten",
]
DETAILS = [
    "monteurs zijn onderweg",
    "oorzaak nog onbekend",
    "bewoners merken niets",
    "CISO is geïnformeerd",
    "update volgt om het hele uur",
    "pers belt over de storing",
    "de burgemeester is ingelicht",
    "back-ups zijn intact",
    "telefonie valt af en toe weg",
    "NCSC is gewaarschuwd",
]
# From rare to common: a unique code, a place, an event, a subject, a two-word query, a stem.
QUERIES = {
    "rare (1 line)": "kenmerk-77777",
    "place (~10%)": "Zuidsluis",
    "event (~10%)": "ransomware",
    "stem: gemalen -> gemaal (~20%)": "gemalen",
    "two words (~1%)": "datalek Amersfoort",
    "phrase (~1%)": '"noodstroom in Zeist"',
    "no hit": "aardbeving",
}


def seed():
    user, _ = get_user_model().objects.get_or_create(username="bench-search")
    user.groups.add(Group.objects.get_or_create(name=Role.VIC)[0])
    incident = Incident.objects.filter(title=TITLE).first()
    if incident is not None and incident.log_entries.count() >= SIZE:
        return user, incident
    incident = services.incident_open(actor=user, title=TITLE)
    rng = random.Random(15)
    now = timezone.now()
    batch = []
    for i in range(SIZE):
        text = (
            f"{rng.choice(SUBJECTS)} {rng.choice(EVENTS)} {rng.choice(PLACES)}; "
            f"{rng.choice(DETAILS)}."
        )
        if i == SIZE // 2:
            text += " Zie kenmerk-77777."
        batch.append(
            LogEntry(
                incident=incident,
                author=user,
                category=("melding", "informatie", "beeld", "communicatie")[i % 4],
                text=text,
                source=rng.choice(["Meldkamer", "Waterschap", "CISO", "Provider", ""]),
                tlp=("GREEN", "AMBER", "AMBER", "RED")[i % 4],
                occurred_at=now - timedelta(seconds=(SIZE - i) * 3),
                created_at=now - timedelta(seconds=(SIZE - i) * 3),
            )
        )
        if len(batch) == 5000:
            LogEntry.objects.bulk_create(batch)
            batch = []
    LogEntry.objects.bulk_create(batch)
    for n in range(50):
        decision = services.decision_record(
            incident=incident,
            actor=user,
            text=f"Besluit {n}: gemalen handmatig bedienen bij de Zuidsluis",
            decided_by="Voorzitter ROT",
        )
        services.action_create(
            incident=incident,
            actor=user,
            description=f"Actie {n}: monteurs naar het gemaal",
            owner_organisation="Waterschap",
            decision=decision,
        )
    # A few other incidents of the same user, for the search across incidents.
    for n in range(20):
        other = services.incident_open(actor=user, title=f"Bench ander incident {n}")
        for k in range(20):
            services.log_entry_add(
                incident=other, actor=user, category="melding", text=f"Storing gemaal {n}-{k}"
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE incidents_logentry")
    return user, incident


def timed(fn) -> list[float]:
    fn()  # warm-up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench/search.py measures PostgreSQL full-text search: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    user, incident = seed()
    print(f"seeded/reused in {time.perf_counter() - started:.1f} s; ", end="")
    print(f"{incident.log_entries.count()} log entries in the incident")
    visible = tlps_visible_at("RED")

    def union_sql_only(q):
        """The page's ranked UNION as the database runs it, without building it in the ORM."""
        key = ("sql", q)
        if key not in sql_cache:
            groups = clearance_groups(user, [incident])
            first, *rest = [_rows(kind, Filters(q=q), groups) for kind in KINDS.values()]
            union = first.union(*rest, all=True).order_by("-hit_rank", "-hit_time", "-pk")[:21]
            sql_cache[key] = union.query.sql_with_params()
        sql, params = sql_cache[key]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    sql_cache = {}
    scenarios = {
        "ranked UNION, SQL only": union_sql_only,
        "search page, one incident": lambda q: search(user, Filters(q=q), incident=incident),
        "search page, all incidents": lambda q: search(user, Filters(q=q)),
        "log tile search box": lambda q: selectors.log_entries(
            incident, q=q, visible=visible, limit=26
        ),
    }
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print(f"{'scenario':28} {'query':32} {'hits':>5} {'p50 ms':>7} {'p95 ms':>7}")
    worst = 0.0
    for name, run in scenarios.items():
        for label, q in QUERIES.items():
            result = run(q)
            hits = len(result.hits) if hasattr(result, "hits") else len(result)
            times = timed(lambda run=run, q=q: run(q))
            worst = max(worst, p95(times))
            print(
                f"{name:28} {label:32} {hits:>5} "
                f"{statistics.median(times):>7.1f} {p95(times):>7.1f}"
            )
    print(f"worst p95: {worst:.1f} ms")
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
