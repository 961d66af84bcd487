"""Reads for playbook pages and tiles, with related rows fetched up front (no N+1).

Every function here runs a fixed number of queries regardless of how many rows there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from incidents.models import Action, Decision, Incident, LogEntry
from incidents.services import classification_current

from .models import (
    ATTENTION_LISTS,
    ChecklistItem,
    ChecklistList,
    Dilemma,
    DilemmaPosition,
    IncidentChecklistItem,
    IncidentKeyDecision,
    KeyDecision,
    KeyDecisionRecord,
    NextMeeting,
    ReferenceText,
    RosterEntry,
    Stakeholder,
    StakeholderInvolvement,
)

RELIEF_WARNING_WINDOW = timedelta(hours=1)


# --- Content ----------------------------------------------------------------------------------


def playbook_content() -> dict:
    """Everything for the reading page, grouped (five queries)."""
    items = list(ChecklistItem.objects.order_by("list", "order", "pk"))
    by_list: dict[str, list[ChecklistItem]] = {key: [] for key in ChecklistList.values}
    for item in items:
        by_list.setdefault(item.list, []).append(item)
    texts = list(ReferenceText.objects.all())
    intros = {t.slug.removeprefix("intro-"): t for t in texts if t.slug.startswith("intro-")}
    labels = dict(ChecklistList.choices)
    return {
        "key_decisions_process": list(
            KeyDecision.objects.filter(kind=KeyDecision.Kind.PROCESS).order_by("order", "pk")
        ),
        "key_decisions_content": list(
            KeyDecision.objects.filter(kind=KeyDecision.Kind.CONTENT).order_by("order", "pk")
        ),
        "dilemmas": list(Dilemma.objects.all()),
        "reference_texts": [t for t in texts if not t.slug.startswith("intro-")],
        "intros": intros,
        "attention_lists": [
            {"key": key, "label": labels[key], "items": by_list[key], "intro": intros.get(key)}
            for key in ATTENTION_LISTS
        ],
        "guide_lists": [
            {"key": key, "label": labels[key], "items": by_list[key]}
            for key in (
                ChecklistList.PREPARED,
                ChecklistList.RESPOND,
                ChecklistList.COMMS_PREPARATION,
                ChecklistList.COMMS_ATTENTION,
            )
        ],
        "sources": by_list[ChecklistList.SOURCES],
        "stakeholders": list(Stakeholder.objects.all()),
    }


# --- Per incident -----------------------------------------------------------------------------


def _records() -> Prefetch:
    return Prefetch(
        "records",
        queryset=KeyDecisionRecord.objects.select_related(
            "organisation", "decision", "created_by"
        ).order_by("-decided_at", "-pk"),
    )


def incident_key_decisions(incident: Incident) -> list[IncidentKeyDecision]:
    """The incident's key decisions with every record (newest first) as ``row.records``."""
    return list(
        IncidentKeyDecision.objects.filter(incident=incident)
        .select_related("key_decision", "decision", "updated_by")
        .prefetch_related(_records())
        .order_by("key_decision__kind", "key_decision__order", "pk")
    )


def incident_key_decision(incident: Incident, pk: int) -> IncidentKeyDecision:
    """One key decision of the incident (404 otherwise), with its records."""
    return get_object_or_404(
        IncidentKeyDecision.objects.select_related(
            "key_decision", "decision", "updated_by", "incident"
        ).prefetch_related(_records()),
        pk=pk,
        incident=incident,
    )


def affected_party_decisions(incident: Incident) -> list[KeyDecisionRecord]:
    """Content key decisions taken by affected organisations, newest first."""
    return list(
        KeyDecisionRecord.objects.filter(
            incident=incident, key_decision__key_decision__kind=KeyDecision.Kind.CONTENT
        )
        .select_related("organisation", "key_decision__key_decision", "created_by")
        .order_by("-decided_at", "-pk")
    )


def key_decisions_by_kind(incident: Incident) -> list[dict]:
    rows = incident_key_decisions(incident)
    return [
        {
            "kind": kind,
            "label": label,
            "rows": [r for r in rows if r.key_decision.kind == kind],
        }
        for kind, label in KeyDecision.Kind.choices
    ]


def incident_checklists(incident: Incident) -> list[dict]:
    """The incident's own checklists grouped per list, in list order."""
    rows = list(
        IncidentChecklistItem.objects.filter(incident=incident)
        .select_related("item", "done_by")
        .order_by("item__order", "pk")
    )
    labels = dict(ChecklistList.choices)
    groups = []
    for key in (*ATTENTION_LISTS, ChecklistList.RESPOND):
        items = [row for row in rows if row.item.list == key]
        groups.append(
            {
                "key": key,
                "label": labels[key],
                "items": items,
                "done": sum(1 for row in items if row.done),
            }
        )
    return groups


@dataclass
class DilemmaRow:
    dilemma: Dilemma
    positions: list[DilemmaPosition]

    @property
    def current(self) -> DilemmaPosition | None:
        return self.positions[0] if self.positions else None

    @property
    def is_open(self) -> bool:
        return not self.positions


def incident_dilemmas(incident: Incident) -> list[DilemmaRow]:
    positions = list(
        DilemmaPosition.objects.filter(incident=incident)
        .select_related("created_by")
        .order_by("-decided_on", "-pk")
    )
    rows = []
    for dilemma in Dilemma.objects.all():
        mine = [p for p in positions if p.dilemma_id == dilemma.pk]
        for position in mine:
            position.dilemma = dilemma  # fills the cache: no query per position in templates
        rows.append(DilemmaRow(dilemma, mine))
    return rows


def stakeholder_involvements(incident: Incident) -> QuerySet[StakeholderInvolvement]:
    """The stakeholder analysis of an incident, in directory order."""
    return (
        StakeholderInvolvement.objects.filter(incident=incident)
        .select_related("stakeholder", "informed_by")
        .order_by("stakeholder__order", "stakeholder__name")
    )


# --- Relief -----------------------------------------------------------------------------------


def roster(incident: Incident) -> list[RosterEntry]:
    return list(
        RosterEntry.objects.filter(incident=incident).order_by("function", "starts_at", "pk")
    )


def _has_successor(entry: RosterEntry, entries: list[RosterEntry]) -> bool:
    """Someone else holds the same function from the moment this shift ends."""
    function = entry.function.casefold()
    return any(
        other.pk != entry.pk
        and other.function.casefold() == function
        and other.starts_at <= entry.ends_at < other.ends_at
        for other in entries
    )


def relief_warnings(entries: list[RosterEntry], now: datetime | None = None) -> list[RosterEntry]:
    """Shifts that end within the hour (or have ended) while nobody takes over the function."""
    now = now or timezone.now()
    return [
        entry
        for entry in entries
        if entry.starts_at <= now
        and entry.ends_at <= now + RELIEF_WARNING_WINDOW
        and not _has_successor(entry, entries)
        # A shift whose function someone has since taken over (even after a gap) is done.
        and not any(
            other.function.casefold() == entry.function.casefold()
            and entry.starts_at < other.starts_at <= now
            for other in entries
        )
    ]


def current_shift(entries: list[RosterEntry], now: datetime | None = None) -> list[RosterEntry]:
    now = now or timezone.now()
    return [entry for entry in entries if entry.starts_at <= now < entry.ends_at]


def shift_started_at(entries: list[RosterEntry], now: datetime | None = None) -> datetime | None:
    """When the shift being handed over started: the latest start that is not in the future."""
    now = now or timezone.now()
    starts = [entry.starts_at for entry in entries if entry.starts_at <= now]
    return max(starts) if starts else None


def handover_brief(incident: Incident, *, since: datetime | None = None) -> dict:
    """What the next shift needs: changes since `since`, open work and open questions."""
    now = timezone.now()
    entries = roster(incident)
    since = since or shift_started_at(entries, now) or incident.reported_at
    classification = classification_current(incident)
    decisions_due = list(
        Decision.objects.filter(incident=incident)
        .filter(
            Q(evaluation=Decision.Evaluation.TO_REVIEW)
            | Q(evaluation=Decision.Evaluation.VALID, reevaluate_at__isnull=False)
        )
        .order_by("reevaluate_at", "pk")
    )
    involvements = list(stakeholder_involvements(incident))
    key_decisions = incident_key_decisions(incident)
    return {
        "now": now,
        "since": since,
        "roster": entries,
        "current_shift": current_shift(entries, now),
        "warnings": relief_warnings(entries, now),
        "log_entries": list(
            LogEntry.objects.filter(incident=incident, created_at__gte=since)
            .select_related("author", "corrects")
            .order_by("occurred_at", "pk")
        ),
        "decisions": list(
            Decision.objects.filter(incident=incident, created_at__gte=since).order_by(
                "meeting_at", "pk"
            )
        ),
        "open_actions": list(
            Action.objects.filter(incident=incident, status__in=Action.OPEN_STATUSES)
            .select_related("owner_user")
            .order_by("due_at", "pk")
        ),
        "decisions_due": decisions_due,
        "unknown_blocks": [row for row in classification.rows() if row["is_unknown"]]
        if classification
        else [],
        "assumed_blocks": [row for row in classification.rows() if row["is_assumption"]]
        if classification
        else [],
        "not_informed": [i for i in involvements if not i.is_informed],
        "open_key_decisions": [
            kd for kd in key_decisions if kd.outcome == IncidentKeyDecision.Outcome.OPEN
        ],
        "open_dilemmas": [row.dilemma for row in incident_dilemmas(incident) if row.is_open],
        "next_meeting": next_meeting(incident),
    }


def _has_next_meeting(incident: Incident) -> bool:
    try:
        incident.next_meeting  # noqa: B018 - fetches and caches the reverse one-to-one
    except NextMeeting.DoesNotExist:
        return False
    return True


def next_meeting(incident: Incident):
    return incident.next_meeting if _has_next_meeting(incident) else None
