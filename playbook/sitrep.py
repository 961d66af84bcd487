"""Sitrep sections of the playbook (registered in PlaybookConfig.ready)."""

from __future__ import annotations

from incidents.tlp import TLP, tlp_max, visible_at

from . import selectors
from .models import IncidentKeyDecision
from .services import playbook_ensure
from .tiles import _party_decisions, _split


def key_decisions_section(incident, *, audience_tlp: str, since) -> dict | None:
    """The region's process key decisions: every taking (new ones since the previous sitrep
    marked) and those still open (order 50). Content key decisions have their own section."""
    playbook_ensure(incident)
    process, _content = _split(selectors.incident_key_decisions(incident))
    taken = [record for row in process for record in row.records.all()]
    for record in taken:
        record.title = next(r.key_decision.title for r in process if r.pk == record.key_decision_id)
        record.is_new = since is None or record.created_at >= since
    taken.sort(key=lambda r: (r.decided_at, r.pk))
    visible = [r for r in taken if visible_at(r.tlp, audience_tlp)]
    open_rows = [r for r in process if r.outcome == IncidentKeyDecision.Outcome.OPEN]
    return {
        "taken": visible,
        "withheld": len(taken) - len(visible),
        "open": open_rows,
        "tlp": tlp_max([r.tlp for r in visible], default=TLP.CLEAR),
        "is_empty": not visible and not open_rows,
        "placeholders": [],
    }


def affected_party_decisions_section(incident, *, audience_tlp: str, since) -> dict | None:
    """ "Besluiten van getroffen partijen" (order 51): the content key decisions, each with the
    affected organisation that took it, and the ones no organisation has decided on yet."""
    playbook_ensure(incident)
    _process, content = _split(selectors.incident_key_decisions(incident))
    records = _party_decisions(content)
    for record in records:
        record.is_new = since is None or record.created_at >= since
    visible = [r for r in records if visible_at(r.tlp, audience_tlp)]
    open_rows = [r for r in content if r.outcome == IncidentKeyDecision.Outcome.OPEN]
    return {
        "records": visible,
        "withheld": len(records) - len(visible),
        "open": open_rows,
        "tlp": tlp_max([r.tlp for r in visible], default=TLP.CLEAR),
        "is_empty": not visible and not open_rows,
        "placeholders": [],
    }


def dilemmas_section(incident, *, audience_tlp: str, since) -> dict | None:
    """Open administrative dilemmas, and positions recorded since the previous sitrep (55)."""
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
