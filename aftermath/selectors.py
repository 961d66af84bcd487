"""Reads for the nafase board, the evaluation and the whole-incident timeline.

Each read is a fixed number of queries whatever the incident's size, and filters on the
reader's TLP (incidents.access.reader_clearance, passed in as `clearance`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, F, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communication.models import Message
from escalation import selectors as escalation_selectors
from escalation.models import GripChange, IncidentVitalProcess, Measure, RecoveryItem
from incidents.models import Classification, Decision, LogEntry
from incidents.selectors import open_actions
from incidents.tlp import tlps_visible_at, visible_at
from notifications.models import Notification
from playbook.models import ChecklistList, IncidentChecklistItem
from sitreps.models import Sitrep

from .models import Evaluation, EvaluationTheme, Finding, Improvement, Participant

BOARD_LIMIT = 10  # rows per board section; each section links to its full page

# The NCTV guide's "Reageren" point on the welfare of the professionals involved.
WELFARE_ITEM = "reageren-6"


def board(incident, *, clearance: str) -> dict:
    """What is still disrupted (and for how long), expected recovery, open measures, aftercare
    for people and communication still needed."""
    items = escalation_selectors.recovery_items(incident, open_only=True)
    open_items = list(items[:BOARD_LIMIT])
    measures = escalation_selectors.measures(incident, status=Measure.Status.OPEN)
    aftercare = list(
        IncidentChecklistItem.objects.filter(incident=incident)
        .filter(Q(item__list=ChecklistList.AFTERMATH) | Q(item__slug=WELFARE_ITEM))
        .select_related("item", "done_by")
        .order_by("item__list", "item__order", "pk")[:BOARD_LIMIT]
    )
    messages = Message.objects.filter(
        incident=incident,
        status__in=Message.EDITABLE_STATUSES,
        tlp__in=tlps_visible_at(clearance),
    ).order_by("-pk")
    # The open actions the reader may see (their label: incidents.selectors.action_tlp).
    actions = open_actions(incident, visible=tlps_visible_at(clearance)).select_related(
        "owner_user"
    )
    evaluation = Evaluation.objects.filter(incident=incident).first()
    now = timezone.now()
    technical_only = [
        i for i in open_items if i.technically_resolved_at and not i.societal_effects_ended_at
    ]
    return {
        "now": now,
        "recovery": open_items,
        "recovery_count": items.count(),
        "recovery_done_count": RecoveryItem.objects.filter(incident=incident).count()
        - items.count(),
        "technical_only": technical_only,
        "processes": list(
            IncidentVitalProcess.objects.filter(
                incident=incident, status__in=IncidentVitalProcess.ACTIVE
            ).select_related("process")[:BOARD_LIMIT]
        ),
        "measures": list(measures[:BOARD_LIMIT]),
        "measure_count": measures.count(),
        "aftercare": aftercare,
        "messages": list(messages[:BOARD_LIMIT]),
        "message_count": messages.count(),
        "actions": list(actions[:BOARD_LIMIT]),
        "action_count": actions.count(),
        "evaluation": evaluation,
    }


def evaluation_page(incident, *, clearance: str, show_all: bool = False, limit: int = 50) -> dict:
    """The evaluation with participants, findings per theme and improvements, TLP-filtered.
    A fixed number of queries; lists bounded unless show_all."""
    evaluation = Evaluation.objects.filter(incident=incident).select_related("decided_by").first()
    visible = tlps_visible_at(clearance)
    themes = list(EvaluationTheme.objects.filter(is_active=True).order_by("order", "pk"))
    data = {
        "evaluation": evaluation,
        "themes": themes,
        "participants": [],
        "findings_by_theme": [],
        "improvements": [],
        "finding_count": 0,
        "improvement_count": 0,
        "hidden_count": 0,
    }
    if evaluation is None:
        return data
    data["participants"] = list(Participant.objects.filter(evaluation=evaluation)[: limit * 2])
    findings = Finding.objects.filter(evaluation=evaluation).select_related("theme")
    improvements = Improvement.objects.filter(evaluation=evaluation).select_related("theme")
    shown_findings = findings.filter(tlp__in=visible)
    shown_improvements = improvements.filter(tlp__in=visible)
    data["finding_count"] = shown_findings.count()
    data["improvement_count"] = shown_improvements.count()
    data["hidden_count"] = (
        findings.count() + improvements.count() - data["finding_count"] - data["improvement_count"]
    )
    rows = list(
        shown_findings.order_by("theme__order", "theme_id", "kind", "pk")
        if show_all
        else shown_findings.order_by("theme__order", "theme_id", "kind", "pk")[:limit]
    )
    groups: dict[int, dict] = {}
    for finding in rows:
        group = groups.setdefault(
            finding.theme_id, {"theme": finding.theme, "goed": [], "verbeteren": []}
        )
        group[finding.kind].append(finding)
    data["findings_by_theme"] = list(groups.values())
    ordered = shown_improvements.order_by("status", "due_at", "pk")
    data["improvements"] = list(ordered if show_all else ordered[:limit])
    data["tlp"] = _max_tlp([*rows, *data["improvements"]])
    return data


def _max_tlp(rows) -> str:
    from incidents.tlp import tlp_max

    return tlp_max(row.tlp for row in rows)


# --- Timeline of the whole incident -----------------------------------------------------------

PAGE_SIZE = 50


@dataclass
class Event:
    at: datetime
    kind: str
    label: str
    text: str
    tlp: str
    who: str = ""


KIND_LABELS = {
    "log": gettext_lazy("Logboek"),
    "besluit": gettext_lazy("Besluit"),
    "grip": gettext_lazy("GRIP"),
    "duiding": gettext_lazy("Duiding"),
    "sitrep": gettext_lazy("Sitrep"),
    "notificatie": gettext_lazy("Notificatie"),
}


def _rows(queryset, kind: str, at: str):
    # No ordering of its own: a compound statement orders once, over the whole union.
    return (
        queryset.order_by()
        .annotate(ev_at=F(at), ev_kind=Value(kind, output_field=CharField()))
        .values_list("ev_at", "ev_kind", "pk")
    )


def _sources(incident, clearance: str) -> list:
    visible = tlps_visible_at(clearance)
    sources = [
        # A decision writes its own log line and a GRIP change its own decision: each event
        # appears once, as the most specific record.
        _rows(
            LogEntry.objects.filter(incident=incident, tlp__in=visible, decision__isnull=True),
            "log",
            "occurred_at",
        ),
        _rows(
            Decision.objects.filter(incident=incident, tlp__in=visible, grip_change__isnull=True),
            "besluit",
            "meeting_at",
        ),
        _rows(
            GripChange.objects.filter(incident=incident, decision__tlp__in=visible),
            "grip",
            "decided_at",
        ),
        _rows(
            Sitrep.objects.filter(incident=incident, audience_tlp__in=visible),
            "sitrep",
            "created_at",
        ),
        _rows(
            Notification.objects.filter(incident=incident, tlp__in=visible),
            "notificatie",
            "created_at",
        ),
    ]
    # The classification carries no label of its own: it is as sensitive as the incident.
    if visible_at(incident.tlp, clearance):
        sources.append(
            _rows(Classification.objects.filter(incident=incident), "duiding", "created_at")
        )
    return sources


def timeline(incident, *, clearance: str, page: int = 1, page_size: int = PAGE_SIZE) -> dict:
    """One chronology of log, decisions, GRIP changes, classification changes, sitreps and
    notifications, oldest first (the order one evaluates in), paged. Queries: one COUNT and
    one page of the UNION, then one per kind on the page."""
    first, *rest = _sources(incident, clearance)
    union = first.union(*rest, all=True)
    total = union.count()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    start = (page - 1) * page_size
    keys = list(union.order_by("ev_at", "ev_kind", "pk")[start : start + page_size])
    wanted: dict[str, list[int]] = {}
    for _at, kind, pk in keys:
        wanted.setdefault(kind, []).append(pk)
    loaded = {kind: _load(kind, pks) for kind, pks in wanted.items()}
    events = [
        _event(kind, loaded[kind][pk], incident) for _at, kind, pk in keys if pk in loaded[kind]
    ]
    return {
        "events": events,
        "total": total,
        "page": page,
        "pages": pages,
        "has_previous": page > 1,
        "has_next": page < pages,
    }


def _load(kind: str, pks: list[int]) -> dict:
    if kind == "log":
        return LogEntry.objects.select_related("author").in_bulk(pks)
    if kind == "besluit":
        return Decision.objects.in_bulk(pks)
    if kind == "grip":
        return GripChange.objects.select_related("from_level", "to_level", "decision").in_bulk(pks)
    if kind == "duiding":
        return Classification.objects.select_related("created_by").in_bulk(pks)
    if kind == "sitrep":
        return Sitrep.objects.select_related("requested_by").in_bulk(pks)
    return Notification.objects.select_related("stakeholder").in_bulk(pks)


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _event(kind: str, obj, incident) -> Event:
    label = str(KIND_LABELS[kind])
    if kind == "log":
        return Event(
            obj.occurred_at,
            kind,
            f"{label}: {obj.get_category_display()}",
            obj.text,
            obj.tlp,
            obj.source or _name(obj.author),
        )
    if kind == "besluit":
        return Event(
            obj.meeting_at, kind, label, obj.text, obj.tlp, f"{obj.team} – {obj.decided_by}"
        )
    if kind == "grip":
        text = f"{obj.from_level or _('geen')} → {obj.to_level}. {obj.reason}"
        return Event(
            obj.decided_at,
            kind,
            f"{label}: {_('opschaling') if obj.is_upscaling else _('afschaling')}",
            text,
            obj.decision.tlp if obj.decision_id else incident.tlp,
            obj.decided_by,
        )
    if kind == "duiding":
        from incidents.selectors import classification_summary

        return Event(
            obj.created_at,
            kind,
            label,
            f"{classification_summary(obj)} {_('Reden')}: {obj.reason}",
            incident.tlp,
            _name(obj.created_by),
        )
    if kind == "sitrep":
        return Event(
            obj.created_at,
            kind,
            label,
            _("Sitrep %(number)s (doelgroep TLP:%(tlp)s): %(state)s")
            % {"number": obj.number, "tlp": obj.audience_tlp, "state": obj.get_state_display()},
            obj.audience_tlp,
            _name(obj.requested_by),
        )
    return Event(
        obj.created_at,
        kind,
        label,
        f"{obj.stakeholder.name}: {obj.subject} ({obj.get_state_display()})",
        obj.tlp,
        "",
    )


def report_timeline(incident, *, audience_tlp: str, limit: int = 200) -> dict:
    """The timeline for the evaluation report: the first `limit` events, and how many more."""
    data = timeline(incident, clearance=audience_tlp, page=1, page_size=limit)
    data["omitted"] = max(0, data["total"] - len(data["events"]))
    return data
