"""Sitrep sections of the playbook (registered in PlaybookConfig.ready)."""

from __future__ import annotations

from incidents.tlp import TLP, tlp_max, tlps_visible_at, visible_at

from . import selectors
from .models import KeyDecision, KeyDecisionRecord
from .tiles import _split

# Every taking of a key decision is a record (each GRIP change, each informed stakeholder), so
# the sections show the newest ones and say "en N meer, zie het incident" for the rest.
KEY_DECISION_RECORDS_LIMIT = 20
PARTY_DECISIONS_LIMIT = 20


def _newest_records(incident, *, kind: str, audience_tlp: str, limit: int):
    """(newest `limit` visible records oldest first, how many more are visible, how many are
    withheld for the audience's TLP): three bounded queries, whatever the number of records."""
    records = KeyDecisionRecord.objects.filter(
        incident=incident, key_decision__key_decision__kind=kind
    )
    visible = records.filter(tlp__in=tlps_visible_at(audience_tlp))
    shown = list(
        visible.prefetch_related("key_decision__key_decision", "organisation", "decision").order_by(
            "-decided_at", "-pk"
        )[:limit]
    )
    for record in shown:
        record.title = record.key_decision.key_decision.title
    more = visible.count() - len(shown) if len(shown) == limit else 0
    withheld = records.count() - len(shown) - more
    return shown, more, withheld


def key_decisions_section(incident, *, audience_tlp: str, since) -> dict | None:
    """The region's process key decisions: every taking (new ones since the previous sitrep
    marked) and those still open (order 32, besluiten). Content key decisions have their own
    section."""
    process, _content = _split(list(selectors.open_key_decisions(incident)))
    visible, more, withheld = _newest_records(
        incident,
        kind=KeyDecision.Kind.PROCESS,
        audience_tlp=audience_tlp,
        limit=KEY_DECISION_RECORDS_LIMIT,
    )
    for record in visible:
        record.is_new = since is None or record.created_at >= since
    visible.sort(key=lambda r: (r.decided_at, r.pk))
    open_rows = process
    return {
        "taken": visible,
        "more": more,
        "withheld": withheld,
        "open": open_rows,
        "tlp": tlp_max([r.tlp for r in visible], default=TLP.CLEAR),
        "is_empty": not visible and not open_rows,
        "placeholders": [],
    }


def affected_party_decisions_section(incident, *, audience_tlp: str, since) -> dict | None:
    """ "Besluiten van getroffen partijen" (order 34): the content key decisions, each with the
    affected organisation that took it, and the ones no organisation has decided on yet."""
    _process, content = _split(list(selectors.open_key_decisions(incident)))
    visible, more, withheld = _newest_records(
        incident,
        kind=KeyDecision.Kind.CONTENT,
        audience_tlp=audience_tlp,
        limit=PARTY_DECISIONS_LIMIT,
    )
    for record in visible:
        record.is_new = since is None or record.created_at >= since
    open_rows = content
    return {
        "records": visible,  # newest first
        "more": more,
        "withheld": withheld,
        "open": open_rows,
        "tlp": tlp_max([r.tlp for r in visible], default=TLP.CLEAR),
        "is_empty": not visible and not open_rows,
        "placeholders": [],
    }


def dilemmas_section(incident, *, audience_tlp: str, since) -> dict | None:
    """*Ter besluitvorming* (order 40): the open administrative dilemmas, the questions the
    administrators still have to answer, and positions recorded since the previous sitrep."""
    rows = selectors.incident_dilemmas(incident)
    open_rows = [row.dilemma for row in rows if row.is_open]
    positions = [
        row.current
        for row in rows
        if row.current is not None
        and (since is None or row.current.created_at >= since)
        and visible_at(row.current.tlp, audience_tlp)
    ]
    return {
        "open": open_rows,
        "positions": positions,
        "tlp": tlp_max([p.tlp for p in positions], default=TLP.CLEAR),
        "is_empty": not open_rows and not positions,
        "placeholders": [],
    }
