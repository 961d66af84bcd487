"""Dashboard tile contexts (registered in PlaybookConfig.ready); sitrep sections: sitrep.py.

Each context runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from django.db.models import Count, Q

from incidents.access import is_partner

from . import people, selectors
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


def who_is_who_tile(request, incident) -> dict:
    if is_partner(request.user, incident):
        return {"hidden": True}  # the crisis organisation's staffing is not a guest's
    rows = people.who_is_who(incident)
    limit = people.WHO_IS_WHO_LIMIT
    return {"rows": rows[:limit], "more": max(0, len(rows) - limit)}
