"""PostgreSQL full-text search: Dutch stemming, ranking, ts_headline, the GIN index."""

import pytest
from django.db import connection

from exchange.search import Filters, search
from incidents import services
from incidents.models import LogEntry

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_dutch_stemming_finds_gemaal_for_gemalen(logged, vic_user):
    texts = [
        hit.obj.text
        for hit in search(vic_user, Filters(q="gemalen"), incident=logged).hits
        if hit.kind.key == "logboek"
    ]
    assert "Het gemaal bij de Zuidsluis is uitgevallen" in texts


def test_the_best_match_comes_first(incident, vic_user):
    services.log_entry_add(
        incident=incident, actor=vic_user, category="melding", text="Storing gemeld bij de provider"
    )
    services.log_entry_add(
        incident=incident,
        actor=vic_user,
        category="melding",
        text="Storing: het gemaal, opnieuw het gemaal, en nog een gemaal in storing",
    )
    hits = search(vic_user, Filters(q="gemaal storing"), incident=incident).hits
    assert hits[0].obj.text.startswith("Storing: het gemaal")
    assert hits[0].rank > 0


def test_the_headline_marks_the_stemmed_words(logged, vic_user):
    hit = next(
        h
        for h in search(vic_user, Filters(q="gemaal"), incident=logged).hits
        if h.kind.key == "logboek"
    )
    assert "<mark>" in hit.headline


def test_the_headline_escapes_stored_html(incident, vic_user):
    services.log_entry_add(
        incident=incident, actor=vic_user, category="melding", text="<b>Gemaal</b> uitgevallen"
    )
    hit = search(vic_user, Filters(q="gemaal"), incident=incident).hits[0]
    assert "<b>" not in hit.headline  # ts_headline's parser drops tags; the rest is escaped


def test_tlp_filtering_on_postgres(logged, vic_user, green_reader):
    hits = search(vic_user, Filters(q="gemalen"), incident=logged).hits
    assert hits and all(hit.tlp in ("CLEAR", "GREEN") for hit in hits)


def test_websearch_syntax_excludes_words(logged, vic_user):
    hits = search(vic_user, Filters(q="gemaal -zuidsluis", kind="logboek"), incident=logged).hits
    assert {hit.obj.text for hit in hits} == {
        "Ransomware bij twee gemalen; de besturing draait handmatig",
        "Gemalen handmatig bedienen tot de besturing hersteld is",  # the decision's log line
    }


def test_the_log_search_uses_the_gin_index(incident):
    queryset = LogEntry.objects.all()
    from incidents.fulltext import matching

    sql, params = matching(queryset, ("text", "source"), "gemaal").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "incidents_logentry_search" in plan
