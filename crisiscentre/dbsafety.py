"""Reading a stored date/time never fails, whatever the value (issue 19.1).

Forms and services refuse implausible dates (``incidents.validators``), but a value stored
before that check, by a script or straight in SQL can still sit in the database. Two things
broke on it, for every page that listed the row:

- Python's datetime ends at year 1 and 9999. Converting such a value to local time for display
  overflows (``OverflowError``), and a year-1 local time stored on PostgreSQL becomes a B.C.
  timestamp in UTC that the driver cannot load at all.
- The access helper turned that read error into 404, so the incident vanished for its members.

So the database drivers' loaders clamp what they read into ``[SAFE_MIN, SAFE_MAX]``: two days
inside Python's range, enough for any time-zone offset. The page then shows the (clamped,
clearly wrong) date and the edit form refuses it with the plausibility message until someone
corrects it. Installed once from ``CrisiscentreConfig.ready``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.db.backends.signals import connection_created
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)

SAFE_MIN = datetime(1, 1, 3, tzinfo=UTC)
SAFE_MAX = datetime(9999, 12, 29, tzinfo=UTC)


def clamp(value: datetime) -> datetime:
    """``value`` moved inside the range where every time-zone conversion works (naive values
    are UTC, as Django stores them)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        inside = SAFE_MIN <= aware <= SAFE_MAX
    except OverflowError:
        inside = False
    if inside:
        return value
    logger.warning("Out-of-range date/time %s read from the database; shown as clamped", value)
    edge = SAFE_MIN if aware.year < 5000 else SAFE_MAX
    return edge if value.tzinfo else edge.replace(tzinfo=None)


def _edge_for_text(text: str, *, aware: bool) -> datetime:
    """The edge for a stored text Python cannot parse: B.C. / year 0 / negative -> min."""
    text = text.strip().lower()
    edge = SAFE_MIN if text.endswith("bc") or text.startswith(("-", "0000")) else SAFE_MAX
    return edge if aware else edge.replace(tzinfo=None)


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_datetime(raw: bytes) -> datetime:
    text = raw.decode()
    try:
        value = parse_datetime(text)
    except (ValueError, OverflowError):
        value = None
    if value is None:
        logger.warning("Unreadable date/time %r in the database; shown as clamped", text)
        return _edge_for_text(text, aware=False)
    return clamp(value)


def install_sqlite() -> None:
    """Replace the converters Django registers for SQLite's ``datetime``/``timestamp`` columns."""
    import sqlite3

    import django.db.backends.sqlite3.base  # noqa: F401  (registers Django's own first)

    sqlite3.register_converter("datetime", _sqlite_datetime)
    sqlite3.register_converter("timestamp", _sqlite_datetime)


# --- PostgreSQL (psycopg2) --------------------------------------------------------------------


def _psycopg2_caster(base):
    def cast(value, cursor):
        if value is None:
            return None
        try:
            result = base(value, cursor)
        except (ValueError, OverflowError) as exc:
            logger.warning("Unreadable date/time %r in the database (%s)", value, exc)
            return _edge_for_text(value, aware=base.name.endswith("TZ"))
        return clamp(result) if isinstance(result, datetime) else result

    return cast


def _on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    try:
        import psycopg2.extensions as ext
    except ImportError:  # psycopg 3: not used by this project
        return
    raw = connection.connection
    for base in (ext.PYDATETIMETZ, ext.PYDATETIME):
        ext.register_type(
            ext.new_type(base.values, f"SAFE_{base.name}", _psycopg2_caster(base)), raw
        )


def install() -> None:
    install_sqlite()
    connection_created.connect(_on_connection_created, dispatch_uid="crisiscentre.dbsafety")
