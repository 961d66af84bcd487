"""Reads for meetings: the agenda built from the incident, and the verslag as a reader sees it.

Agenda rows are plain dicts (text, TLP, time, detail, flag) so that the live agenda and the
verslag fixed at closing are one shape: the verslag keeps every row with its TLP label and is
filtered on the reader's clearance each time it is shown (like the sitrep). Each section costs a
fixed number of queries and shows at most ``ROWS`` rows with the total.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from communication.selectors import core_message_current
from incidents.models import LogEntry
from incidents.registry import WorkList
from incidents.selectors import decisions_due, label_actions, open_actions, work_list
from incidents.tlp import TLP, tlp_max, tlps_visible_at, visible_at
from playbook.selectors import open_key_decisions, stakeholders_not_informed

from .models import Assessment, Meeting, MeetingRecord, TabledItem

ROWS = 10
ALL_LABELS = list(TLP.values)

# The BOB order of the agenda; titles are looked up when shown, so a verslag reads in the
# reader's language.
SECTIONS = {
    "beeld": _("Beeldvorming: het beeld sinds het vorige overleg"),
    "oordeel": _("Oordeelsvorming: verwachtingen en scenario's"),
    "herijken": _("Besluiten die herijkt moeten worden"),
    "ter-besluitvorming": _("Ter besluitvorming: sleutelbesluiten en geagendeerde dilemma's"),
    "acties": _("Acties: over tijd en open"),
    "stakeholders": _("Stakeholders nog niet geïnformeerd"),
    "kernboodschap": _("Kernboodschap"),
    "volgend-overleg": _("Volgend overleg"),
}


def meetings_for_incident(incident) -> QuerySet[Meeting]:
    return incident.meetings.select_related("minute_taker").order_by("-starts_at", "-pk")


def meeting_for_incident(incident, pk) -> Meeting:
    return Meeting.objects.select_related("minute_taker", "incident").get(incident=incident, pk=pk)


def previous_closed_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(incident_id=meeting.incident_id, status=Meeting.Status.CLOSED)
        .exclude(pk=meeting.pk)
        .filter(closed_at__lte=meeting.closed_at or timezone.now())
        .order_by("-closed_at", "-pk")
        .first()
    )


def last_meeting_at(incident):
    """When the incident's last meeting closed (None before the first)."""
    return (
        Meeting.objects.filter(incident_id=incident.pk, status=Meeting.Status.CLOSED)
        .order_by("-closed_at")
        .values_list("closed_at", flat=True)
        .first()
    )


def _row(text, tlp=TLP.CLEAR, at=None, detail="", flag="") -> dict:
    return {
        "text": str(text),
        "tlp": tlp,
        "at": at.isoformat() if at else None,
        "detail": str(detail or ""),
        "flag": flag,
    }


def _section(key: str, queryset, make_row, *, limit=ROWS) -> dict:
    rows = list(queryset[:limit])
    return {"key": key, "rows": [make_row(obj) for obj in rows], "total": queryset.count()}


def _picture(incident, since, visible) -> dict:
    """The totaalbeeld and the current deelbeelden (verouderd: older than the last meeting),
    then the *beeld* log lines since the last meeting."""
    from incidents.picture import current_overall_picture, current_partial_pictures

    rows = []
    overall = current_overall_picture(incident, visible=visible)
    if overall is not None:
        rows.append(_row(overall.text, overall.tlp, overall.occurred_at, _("totaalbeeld")))
    for partial in current_partial_pictures(incident, visible=visible, limit=ROWS):
        stale = since is not None and partial.occurred_at < since
        rows.append(
            _row(
                partial.text,
                partial.tlp,
                partial.occurred_at,
                partial.discipline.name,
                "stale" if stale else "",
            )
        )
    lines = incident.log_entries.filter(category=LogEntry.Category.PICTURE, tlp__in=visible)
    if since is not None:
        lines = lines.filter(occurred_at__gt=since)
    lines = lines.select_related("author").order_by("-occurred_at", "-pk")
    section = _section("beeld", lines, lambda e: _row(e.text, e.tlp, e.occurred_at, e.source))
    return section | {"rows": rows + section["rows"], "total": len(rows) + section["total"]}


def _assessments(incident, visible) -> dict:
    current = {}
    for assessment in Assessment.objects.filter(incident=incident, tlp__in=visible).order_by(
        "-created_at", "-pk"
    )[:100]:
        current.setdefault(assessment.kind, assessment)
    rows = [
        _row(current[kind].text, current[kind].tlp, current[kind].created_at, label)
        for kind, label in Assessment.Kind.choices
        if kind in current
    ]
    return {"key": "oordeel", "rows": rows, "total": len(rows)}


def _due_decisions(incident, visible) -> dict:
    due = decisions_due(incident, visible=visible)
    return _section(
        "herijken", due, lambda d: _row(d.text, d.tlp, d.reevaluate_at, d.get_team_display())
    )


def _to_decide(meeting, visible) -> dict:
    tabled = list(
        TabledItem.objects.filter(incident_id=meeting.incident_id, team=meeting.team)
        .filter(Q(handled_in__isnull=True) | Q(handled_in=meeting))
        .select_related("dilemma", "key_decision__key_decision")
        .order_by("tabled_at", "pk")[:ROWS]
    )
    rows = [
        _row(item.title, TLP.CLEAR, item.tabled_at, _("geagendeerd"), "tabled") for item in tabled
    ]
    open_process = open_key_decisions(meeting.incident).filter(key_decision__kind="proces")
    tabled_keys = {item.key_decision_id for item in tabled}
    keys = _section(
        "ter-besluitvorming",
        open_process.exclude(pk__in=tabled_keys),
        lambda k: _row(k.key_decision.title, TLP.CLEAR, None, _("open sleutelbesluit")),
        limit=ROWS - len(rows) or 1,
    )
    return {
        "key": "ter-besluitvorming",
        "rows": rows + keys["rows"],
        "total": len(rows) + keys["total"],
    }


def _actions(incident, visible) -> dict:
    """Open actions with their label (incidents.selectors.action_tlp), up to ``visible``."""
    now = timezone.now()
    actions = open_actions(incident, visible=visible)
    rows = label_actions(
        actions.select_related("owner_user", "decision", "log_entry")[:ROWS], incident
    )
    section = {
        "key": "acties",
        "rows": [
            _row(
                a.description,
                a.tlp,
                a.due_at,
                a.owner_display,
                "overdue" if a.due_at and a.due_at < now else "",
            )
            for a in rows
        ],
        "total": actions.count(),
    }
    section["overdue"] = actions.filter(due_at__lt=now).count()
    return section


def _stakeholders(incident) -> dict:
    waiting = stakeholders_not_informed(incident)
    return _section("stakeholders", waiting, lambda s: _row(s.stakeholder.name, s.max_tlp))


def _core_message(incident, visible) -> dict:
    core = core_message_current(incident)
    rows = []
    hidden = 0
    if core is not None:
        if core.tlp in visible:
            rows = [_row(core.text, core.tlp, core.created_at)]
        else:
            hidden = 1
    return {"key": "kernboodschap", "rows": rows, "total": len(rows), "hidden": hidden}


def _next_meeting(meeting) -> dict:
    following = (
        Meeting.objects.filter(incident_id=meeting.incident_id, status=Meeting.Status.PLANNED)
        .exclude(pk=meeting.pk)
        .filter(starts_at__gte=meeting.starts_at)
        .order_by("starts_at", "pk")
        .first()
    )
    rows = []
    if following is not None:
        rows = [_row(following.get_team_display(), TLP.CLEAR, following.starts_at, following.place)]
    return {"key": "volgend-overleg", "rows": rows, "total": len(rows)}


def agenda(meeting: Meeting, *, visible) -> list[dict]:
    """The agenda of a planned or open meeting, from the incident as it is now."""
    incident = meeting.incident
    previous = previous_closed_meeting(meeting)
    since = previous.closed_at if previous else None
    sections = [
        _picture(incident, since, visible),
        _assessments(incident, visible),
        _due_decisions(incident, visible),
        _to_decide(meeting, visible),
        _actions(incident, visible),
        _stakeholders(incident),
        _core_message(incident, visible),
        _next_meeting(meeting),
    ]
    return [section | {"since": since.isoformat() if since else None} for section in sections]


def records(meeting: Meeting, *, visible) -> list[MeetingRecord]:
    return list(
        meeting.records.filter(tlp__in=visible)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )


def minutes_snapshot(meeting: Meeting) -> dict:
    """The verslag as fixed at closing: every row with its TLP label (filtered when shown)."""
    recorded = records(meeting, visible=ALL_LABELS)
    return {
        "agenda": agenda(meeting, visible=ALL_LABELS),
        "records": [
            {
                "item": record.item,
                "kind": record.kind,
                "text": record.text,
                "tlp": record.tlp,
                "at": record.created_at.isoformat(),
                "by": (record.created_by.get_full_name() or record.created_by.get_username())
                if record.created_by
                else "",
            }
            for record in recorded
        ],
        "opened_at": meeting.opened_at.isoformat() if meeting.opened_at else None,
    }


def _times(row: dict) -> dict:
    return row | {"at": parse_datetime(row["at"]) if row.get("at") else None}


def shown(sections: list[dict], records_: list, *, clearance: str) -> dict:
    """Sections and records for a reader: rows above their clearance left out (and counted),
    titles in the reader's language, times as datetimes, records grouped under their item."""
    withheld = 0
    result = []
    by_item: dict[str, list] = {}
    for record in records_:
        tlp = record["tlp"] if isinstance(record, dict) else record.tlp
        if not visible_at(tlp, clearance):
            withheld += 1
            continue
        row = record if isinstance(record, dict) else None
        if row is None:
            row = {
                "item": record.item,
                "kind": record.kind,
                "text": record.text,
                "tlp": record.tlp,
                "at": record.created_at.isoformat(),
                "by": (record.created_by.get_full_name() or record.created_by.get_username())
                if record.created_by
                else "",
            }
        row = _times(row) | {"kind_label": MeetingRecord.Kind(row["kind"]).label}
        by_item.setdefault(row["item"], []).append(row)
    labels = []
    for section in sections:
        rows = [_times(row) for row in section["rows"] if visible_at(row["tlp"], clearance)]
        withheld += len(section["rows"]) - len(rows)
        labels += [row["tlp"] for row in rows]
        result.append(
            section
            | {
                "title": SECTIONS.get(section["key"], section["key"]),
                "rows": rows,
                "more": max(0, section["total"] - len(section["rows"])),
                "records": by_item.pop(section["key"], []),
            }
        )
    for rows in by_item.values():  # items no longer on the agenda: under the last section
        result[-1]["records"] += rows
    labels += [row["tlp"] for section in result for row in section["records"]]
    return {"sections": result, "withheld": withheld, "max_tlp": tlp_max(labels, default=TLP.CLEAR)}


def meeting_page(meeting: Meeting, *, clearance: str) -> dict:
    """What the meeting page (and the projector, the print and the PDF) show this reader."""
    if meeting.is_closed:
        minutes = meeting.minutes or {}
        return shown(minutes.get("agenda", []), minutes.get("records", []), clearance=clearance)
    visible = tlps_visible_at(clearance)
    return shown(
        agenda(meeting, visible=visible), records(meeting, visible=ALL_LABELS), clearance=clearance
    )


def tabled_items(incident) -> QuerySet[TabledItem]:
    """Items *geagendeerd* and waiting for a team's meeting (not handled yet), oldest first."""
    return (
        TabledItem.objects.waiting()
        .filter(incident=incident)
        .select_related("dilemma", "key_decision__key_decision")
        .order_by("tabled_at", "pk")
    )


def open_tabled_items(incident, *, limit: int = 20) -> list[TabledItem]:
    """Items waiting for a team's meeting, the oldest first (at most ``limit``)."""
    return list(tabled_items(incident)[:limit])


def tabled_work(incident, *, visible, limit: int) -> WorkList:
    """Open work (incidents.registry.register_open_work "tabled"): the items waiting for a
    meeting. They are the playbook's titles, not incident data: no label to filter on."""
    return work_list(tabled_items(incident), limit)
