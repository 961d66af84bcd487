"""Matching text in the log, decisions, actions (and other apps' rows) the same way everywhere.

PostgreSQL: the stored generated `search_vector` column (migration incidents 0011,
communication 0004: Dutch configuration, GIN index) against websearch_to_tsquery, so
"gemalen" finds "gemaal"; ranking with ts_rank and highlighting with ts_headline.
SQLite (development, unit tests): every word must occur in one of the fields (icontains),
"-woord" excludes; highlighting in Python.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import FloatField, Q, QuerySet, Value
from django.db.models.expressions import Expression
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_COLUMN = "search_vector"
CONFIG = "dutch"
SNIPPET_CHARS = 300
MAX_WORDS = 10
# Private-use characters mark the hits (ts_headline's StartSel/StopSel and the fallback); the
# text is escaped afterwards and only these become <mark>, so no stored text injects HTML.
START, STOP = "\ue000", "\ue001"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=CONFIG)


class _SearchColumn(Expression):
    """The row's `search_vector` column under whatever alias the query gives the base table
    (a RawSQL with the table name would point a subquery at the outer query's row)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return (
            f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(SEARCH_COLUMN)}",
            [],
        )


def vector(model) -> Expression:
    return _SearchColumn()


def words(q: str) -> list[str]:
    return [w for w in re.split(r"\s+", q.replace('"', " ")) if w.strip("-")][:MAX_WORDS]


def matching(queryset: QuerySet, fields: tuple[str, ...], q: str) -> QuerySet:
    """The rows of `queryset` that match `q` (searched fields: those of the migration)."""
    if is_postgres():
        return queryset.annotate(hit_vector=vector(queryset.model)).filter(
            hit_vector=search_query(q)
        )
    for word in words(q):
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word.lstrip("-")})
        queryset = (
            queryset.exclude(condition) if word.startswith("-") else queryset.filter(condition)
        )
    return queryset


def rank(model, q: str):
    if is_postgres():
        return SearchRank(vector(model), search_query(q))
    return Value(0.0, output_field=FloatField())


def mark_words(text: str, q: str) -> str:
    """The fallback's highlight: the query's words marked, the snippet around the first hit."""
    terms = [re.escape(w) for w in words(q) if not w.startswith("-")]
    if not terms:
        return text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else "")
    pattern = re.compile("|".join(terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_CHARS // 3) if first else 0
    snippet = text[start : start + SNIPPET_CHARS]
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", snippet)
    return ("…" if start else "") + marked + ("…" if start + SNIPPET_CHARS < len(text) else "")


def to_html(text: str) -> SafeString:
    return mark_safe(  # noqa: S308 - escaped first; only our markers become <mark>
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )
