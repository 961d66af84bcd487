"""Reads for playbook pages and tiles, with related rows fetched up front (no N+1).

Every function here runs a fixed number of queries regardless of how many rows there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from incidents.models import Decision, Incident, LogEntry
from incidents.partners import partner_contributions
from incidents.registry import WorkList
from incidents.selectors import classification_current, open_work, work_list
from incidents.tlp import TLP, tlp_max, tlps_visible_at, visible_at

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
    SectorReporting,
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


def sector_reportings() -> list[SectorReporting]:
    """The sector -> CERT / regulator table with both parties (one query)."""
    return list(SectorReporting.objects.select_related("cert", "regulator"))


def sector_reporting_match(rows: list[SectorReporting], sector: str) -> SectorReporting | None:
    """The row for an affected organisation's (free-text) sector, if any."""
    return next((row for row in rows if row.matches(sector)), None)


# --- Per incident -----------------------------------------------------------------------------


def _records(visible=None) -> Prefetch:
    records = KeyDecisionRecord.objects.select_related("organisation", "decision", "created_by")
    if visible is not None:
        records = records.filter(tlp__in=visible)
    return Prefetch("records", queryset=records.order_by("-decided_at", "-pk"))


def incident_key_decisions(incident: Incident, *, visible=None) -> list[IncidentKeyDecision]:
    """The incident's key decisions with every record (newest first) as ``row.records``;
    ``visible``: only records with these TLP labels (the reader's clearance)."""
    return list(
        IncidentKeyDecision.objects.filter(incident=incident)
        .select_related("key_decision", "decision", "updated_by")
        .prefetch_related(_records(visible))
        .order_by("key_decision__kind", "key_decision__order", "pk")
    )


def incident_key_decision(incident: Incident, pk: int, *, visible=None) -> IncidentKeyDecision:
    """One key decision of the incident (404 otherwise), with its records."""
    return get_object_or_404(
        IncidentKeyDecision.objects.select_related(
            "key_decision", "decision", "updated_by", "incident"
        ).prefetch_related(_records(visible)),
        pk=pk,
        incident=incident,
    )


def key_decisions_by_kind(incident: Incident, *, visible=None) -> list[dict]:
    rows = incident_key_decisions(incident, visible=visible)
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


def incident_dilemmas(incident: Incident, *, visible=None) -> list[DilemmaRow]:
    """Every dilemma with the incident's positions (``visible``: only these TLP labels)."""
    positions = DilemmaPosition.objects.filter(incident=incident)
    if visible is not None:
        positions = positions.filter(tlp__in=visible)
    positions = list(positions.select_related("created_by").order_by("-decided_on", "-pk"))
    rows = []
    for dilemma in Dilemma.objects.all():
        mine = [p for p in positions if p.dilemma_id == dilemma.pk]
        for position in mine:
            position.dilemma = dilemma  # fills the cache: no query per position in templates
        rows.append(DilemmaRow(dilemma, mine))
    return rows


def open_dilemmas(incident: Incident) -> QuerySet[Dilemma]:
    """The dilemmas without any position of the incident (DilemmaRow.is_open, in one query)."""
    positions = DilemmaPosition.objects.filter(incident=incident)
    return Dilemma.objects.exclude(pk__in=positions.values("dilemma_id"))


def stakeholder_involvements(incident: Incident) -> QuerySet[StakeholderInvolvement]:
    """The stakeholder analysis of an incident, in directory order."""
    return (
        StakeholderInvolvement.objects.filter(incident=incident)
        .select_related("stakeholder", "informed_by")
        .order_by("stakeholder__order", "stakeholder__name")
    )


# --- Open work (incidents.selectors.open_work; registered in PlaybookConfig.ready) -----------


def open_key_decisions(incident: Incident) -> QuerySet[IncidentKeyDecision]:
    """The incident's key decisions still open (neither taken nor not applicable), process
    ones first, in the playbook's order."""
    return (
        IncidentKeyDecision.objects.filter(
            incident=incident, outcome=IncidentKeyDecision.Outcome.OPEN
        )
        .select_related("key_decision")
        .order_by("key_decision__kind", "key_decision__order", "pk")
    )


def stakeholders_not_informed(incident: Incident) -> QuerySet[StakeholderInvolvement]:
    """The stakeholders involved in the incident who have not been informed yet."""
    return stakeholder_involvements(incident).filter(informed_at__isnull=True)


def key_decisions_work(incident: Incident, *, visible, limit: int) -> WorkList:
    """Open key decisions: the playbook's titles, not incident data (no label to filter on)."""
    return work_list(open_key_decisions(incident), limit)


def stakeholders_work(incident: Incident, *, visible, limit: int) -> WorkList:
    """Stakeholders not informed; the analysis carries the incident's TLP."""
    if incident.tlp not in visible:
        return WorkList([], 0)
    return work_list(stakeholders_not_informed(incident), limit)


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


HANDOVER_LOG_LIMIT = 100
# Open work per kind (actions, decisions to re-evaluate, ...); past it "en N meer".
HANDOVER_OPEN_LIMIT = 50


def handover_brief(
    incident: Incident, *, since: datetime | None = None, audience_tlp: str | None = None
) -> dict:
    """What the next shift needs: changes since `since`, open work and open questions.

    Filtered on `audience_tlp` (default: the incident's TLP) like the sitrep: labelled content
    (log lines, decisions, actions) is shown when its label is visible to the audience; the
    rest (roster, meeting, NCP-D, stakeholders) carries the incident's TLP; the playbook's own
    titles (open key decisions, dilemmas and the items tabled for a meeting) are not incident
    data. `max_tlp` is the highest label the brief then contains; `withheld` counts what was
    left out. The open work (decisions due and to re-evaluate later, open actions, key
    decisions, stakeholders, tabled items) is incidents.selectors.open_work, as on the
    dashboard, in the sitrep and on the meeting agenda.
    """
    now = timezone.now()
    audience_tlp = audience_tlp if audience_tlp in TLP.values else incident.tlp
    visible = tlps_visible_at(audience_tlp)
    incident_visible = visible_at(incident.tlp, audience_tlp)
    entries = roster(incident)
    since = since or shift_started_at(entries, now) or incident.reported_at
    classification = classification_current(incident) if incident_visible else None
    # Open work as the dashboard, the sitrep and the meeting agenda see it (one selector).
    work = open_work(incident, visible=visible, limit=HANDOVER_OPEN_LIMIT, now=now)
    withheld = work["withheld"]

    def labelled(queryset: QuerySet) -> list:
        nonlocal withheld
        rows = list(queryset)
        shown = [row for row in rows if row.tlp in visible]
        withheld += len(rows) - len(shown)
        return shown

    # The brief stays a few pages however busy the shift was: the newest lines, with a count of
    # the older ones (the full logbook is in the app), as in the sitrep's logbook excerpt.
    log_since = LogEntry.objects.filter(incident=incident, created_at__gte=since)
    log_counts = log_since.aggregate(
        total=Count("pk"), shown=Count("pk", filter=Q(tlp__in=visible))
    )
    withheld += log_counts["total"] - log_counts["shown"]
    log_entries = list(
        log_since.filter(tlp__in=visible)
        .select_related("author", "corrects")
        .order_by("-occurred_at", "-pk")[:HANDOVER_LOG_LIMIT]
    )[::-1]
    log_left_out = log_counts["shown"] - len(log_entries)
    decisions = labelled(
        Decision.objects.filter(incident=incident, created_at__gte=since).order_by(
            "meeting_at", "pk"
        )
    )
    if incident_visible:
        rows = classification.rows() if classification else []
        incident_part = {
            "current_shift": current_shift(entries, now),
            "warnings": relief_warnings(entries, now),
            "next_meeting": next_meeting(incident),
            "unknown_blocks": [row for row in rows if row["is_unknown"]],
            "assumed_blocks": [row for row in rows if row["is_assumption"]],
            "not_informed": work["stakeholders"],
        }
    else:
        incident_part = {"current_shift": [], "warnings": [], "next_meeting": None}
        incident_part |= {"unknown_blocks": [], "assumed_blocks": [], "not_informed": []}
    decisions_due, upcoming, open_actions = (
        work["decisions_due"],
        work["decisions_upcoming"],
        work["actions"],
    )
    shown_labels = [
        row.tlp for row in (*log_entries, *decisions, *decisions_due, *upcoming, *open_actions)
    ]
    if any(incident_part.values()):
        shown_labels.append(incident.tlp)
    return {
        "now": now,
        "since": since,
        "audience_tlp": audience_tlp,
        "max_tlp": tlp_max(shown_labels),
        "incident_withheld": not incident_visible,
        "withheld": withheld + (0 if incident_visible else 1),
        "roster": entries if incident_visible else [],
        "log_entries": log_entries,
        "log_left_out": log_left_out,
        "decisions": decisions,
        "open_actions": open_actions,
        "decisions_due": decisions_due,
        # Not due yet, to be re-evaluated later: listed after the due ones.
        "decisions_upcoming": upcoming,
        "open_key_decisions": work["key_decisions"],
        # Waiting for a team's meeting (the meetings app; empty without it).
        "tabled": work.get("tabled", WorkList([], 0)),
        "open_dilemmas": list(open_dilemmas(incident)),
        # "Bijdragen van partners": the same template as the sitrep's section.
        "partner_section": {"rows": partner_contributions(incident, since=since, visible=visible)},
        **incident_part,
    }


def _has_next_meeting(incident: Incident) -> bool:
    try:
        incident.next_meeting  # noqa: B018 - fetches and caches the reverse one-to-one
    except NextMeeting.DoesNotExist:
        return False
    return True


def next_meeting(incident: Incident):
    return incident.next_meeting if _has_next_meeting(incident) else None
