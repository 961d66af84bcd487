"""Dashboard tile contexts and sitrep sections (registered in PlaybookConfig.ready).

Each context runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from django.db.models import Count, Q

from incidents.tlp import TLP, tlp_max, visible_at

from . import selectors
from .models import IncidentChecklistItem, IncidentKeyDecision
from .services import playbook_ensure

# --- Dashboard tiles --------------------------------------------------------------------------


def key_decisions_tile(request, incident) -> dict:
    playbook_ensure(incident)
    rows = selectors.incident_key_decisions(incident)
    progress = IncidentChecklistItem.objects.filter(incident=incident).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done=True))
    )
    return {
        "open": [r for r in rows if r.outcome == IncidentKeyDecision.Outcome.OPEN],
        "taken": [r for r in rows if r.outcome == IncidentKeyDecision.Outcome.TAKEN],
        "not_applicable": [
            r for r in rows if r.outcome == IncidentKeyDecision.Outcome.NOT_APPLICABLE
        ],
        "checklist_total": progress["total"],
        "checklist_done": progress["done"],
    }


def dilemmas_tile(request, incident) -> dict:
    rows = selectors.incident_dilemmas(incident)
    return {"rows": rows, "open": [row for row in rows if row.is_open]}


def relief_tile(request, incident) -> dict:
    entries = selectors.roster(incident)
    return {
        "current": selectors.current_shift(entries),
        "warnings": selectors.relief_warnings(entries),
        "next_meeting": selectors.next_meeting(incident),
    }


def stakeholders_tile(request, incident) -> dict:
    rows = list(selectors.stakeholder_involvements(incident))
    return {"rows": rows, "not_informed": [row for row in rows if not row.is_informed]}


# --- Sitrep sections --------------------------------------------------------------------------


def key_decisions_section(incident, *, audience_tlp: str, since) -> dict | None:
    """Key decisions taken since the previous sitrep, and those still open (order 50)."""
    playbook_ensure(incident)
    rows = selectors.incident_key_decisions(incident)
    taken = [
        r
        for r in rows
        if r.outcome == IncidentKeyDecision.Outcome.TAKEN
        and r.decision is not None
        and (since is None or r.decision.created_at >= since)
    ]
    visible = [r for r in taken if visible_at(r.decision.tlp, audience_tlp)]
    open_rows = [r for r in rows if r.outcome == IncidentKeyDecision.Outcome.OPEN]
    return {
        "taken": visible,
        "withheld": len(taken) - len(visible),
        "open": open_rows,
        "tlp": tlp_max([r.decision.tlp for r in visible], default=TLP.CLEAR),
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
