"""Dashboard tile contexts (registered in PlaybookConfig.ready); sitrep sections: sitrep.py.

Each context runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from django.db.models import Count, F, Q

from incidents.access import is_partner, reader_clearance
from incidents.bounded import bounded
from incidents.tlp import tlps_visible_at

from . import people, selectors
from .models import IncidentChecklistItem, IncidentKeyDecision, KeyDecisionRecord

# --- Dashboard tiles --------------------------------------------------------------------------


def _split(rows: list[IncidentKeyDecision]) -> tuple[list, list]:
    process = [r for r in rows if not r.is_content]
    content = [r for r in rows if r.is_content]
    return process, content


PARTY_DECISIONS_SHOWN = 5


def _visible(request, incident) -> list[str]:
    return tlps_visible_at(reader_clearance(request.user, incident))


def _party_decisions(content_rows) -> list[KeyDecisionRecord]:
    """Records of content key decisions (prefetched on the rows), newest first."""
    records = []
    for row in content_rows:
        for record in row.records.all():
            record.title = row.key_decision.title
            records.append(record)
    return sorted(records, key=lambda r: (r.decided_at, r.pk), reverse=True)


def key_decisions_tile(request, incident) -> dict:
    rows = selectors.incident_key_decisions(incident, visible=_visible(request, incident))
    process, content = _split(rows)
    party = _party_decisions(content)
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
        "party_decisions": party[:PARTY_DECISIONS_SHOWN],
        "party_more": max(0, len(party) - PARTY_DECISIONS_SHOWN),
        "party_open": [r for r in content if r.outcome == IncidentKeyDecision.Outcome.OPEN],
        "checklist_total": progress["total"],
        "checklist_done": progress["done"],
    }


def dilemmas_tile(request, incident) -> dict:
    rows = selectors.incident_dilemmas(incident, visible=_visible(request, incident))
    return {"rows": rows, "open": [row for row in rows if row.is_open]}


def relief_tile(request, incident) -> dict:
    entries = selectors.roster(incident)
    return {
        "current": selectors.current_shift(entries),
        "warnings": selectors.relief_warnings(entries),
        "next_meeting": selectors.next_meeting(incident),
    }


def stakeholders_tile(request, incident) -> dict:
    """Who still has to be informed comes first; the counts cover every stakeholder."""
    involvements = selectors.stakeholder_involvements(incident)
    counts = involvements.aggregate(
        total=Count("pk"), not_informed=Count("pk", filter=Q(informed_at__isnull=True))
    )
    uninformed_first = involvements.order_by(
        F("informed_at").asc(nulls_first=True), "stakeholder__order", "stakeholder__name"
    )
    return {"rows": bounded(request, uninformed_first, tile="stakeholders"), **counts}


def who_is_who_tile(request, incident) -> dict:
    if is_partner(request.user, incident):
        return {"hidden": True}  # the crisis organisation's staffing is not a guest's
    rows = people.who_is_who(incident)
    limit = people.WHO_IS_WHO_LIMIT
    return {"rows": rows[:limit], "more": max(0, len(rows) - limit)}
