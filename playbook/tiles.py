"""Dashboard tile contexts and sitrep sections (registered in PlaybookConfig.ready).

Each context runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from django.db.models import Count, Q

from incidents.tlp import TLP, tlp_max, visible_at

from . import selectors
from .models import IncidentChecklistItem, IncidentKeyDecision, KeyDecisionRecord
from .services import playbook_ensure

# --- Dashboard tiles --------------------------------------------------------------------------


def _split(rows: list[IncidentKeyDecision]) -> tuple[list, list]:
    process = [r for r in rows if not r.is_content]
    content = [r for r in rows if r.is_content]
    return process, content


def _party_decisions(content_rows) -> list[KeyDecisionRecord]:
    """Records of content key decisions (prefetched on the rows), newest first."""
    records = []
    for row in content_rows:
        for record in row.records.all():
            record.title = row.key_decision.title
            records.append(record)
    return sorted(records, key=lambda r: (r.decided_at, r.pk), reverse=True)


def key_decisions_tile(request, incident) -> dict:
    playbook_ensure(incident)
    rows = selectors.incident_key_decisions(incident)
    process, content = _split(rows)
    progress = IncidentChecklistItem.objects.filter(incident=incident).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done=True))
    )
    return {
        "open": [r for r in process if r.outcome == IncidentKeyDecision.Outcome.OPEN],
        "taken": [r for r in process if r.outcome == IncidentKeyDecision.Outcome.TAKEN],
        "not_applicable": [
            r for r in process if r.outcome == IncidentKeyDecision.Outcome.NOT_APPLICABLE
        ],
        # Content key decisions are the affected organisations': kept apart from the region's.
        "party_decisions": _party_decisions(content),
        "party_open": [r for r in content if r.outcome == IncidentKeyDecision.Outcome.OPEN],
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
