"""Reads for incident pages, with their related rows fetched up front (no N+1)."""

import re
from datetime import datetime, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, fulltext, registry
from .access import incidents_for_user
from .models import (
    BLOCKS,
    UNKNOWN,
    Action,
    AuditEvent,
    Classification,
    Decision,
    Incident,
    LogEntry,
)
from .registry import WorkList
from .tlp import TLP, tlp_max


def incident_list(user, *, q: str = "", status: str = "", exercise: str = "") -> QuerySet[Incident]:
    incidents = incidents_for_user(user)
    if status == "alle":
        pass
    elif status:
        incidents = incidents.filter(status=status)
    else:
        incidents = incidents.filter(status__in=Incident.OPEN_STATUSES)
    if exercise == "ja":
        incidents = incidents.filter(is_exercise=True)
    elif exercise == "nee":
        incidents = incidents.filter(is_exercise=False)
    if q:
        incidents = incidents.filter(Q(title__icontains=q) | Q(reference__icontains=q))
    closed_last = Case(When(status=Incident.Status.CLOSED, then=Value(1)), default=Value(0))
    return incidents.order_by(closed_last, "-last_activity_at", "-pk")


def audit_events(
    incident: Incident,
    *,
    persoon: int | None = None,
    onderdeel: str = "",
    van: datetime | None = None,
    tot: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """The incident's audit trail, newest first, filtered on person, entity (the middle part
    of the code, stored codes from before a rename included) and period ("tot" takes in
    its whole minute)."""
    events = incident.audit_events.select_related("actor").order_by("-created_at", "-pk")
    if persoon is not None:
        events = events.filter(actor_id=persoon)
    if onderdeel:
        events = events.filter(action__in=audit.codes_of_entity(onderdeel))
    if van is not None:
        events = events.filter(created_at__gte=van)
    if tot is not None:
        events = events.filter(created_at__lt=tot + timedelta(minutes=1))
    return events


def audit_people(incident: Incident) -> QuerySet:
    """Everyone who appears in the incident's audit trail (the person filter's choices)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        pk__in=AuditEvent.objects.filter(incident=incident).values("actor_id")
    )
    return users.order_by("first_name", "last_name", "username")


def classification_history(incident: Incident, *, limit: int = 20) -> list[Classification]:
    return list(
        incident.classifications.select_related("created_by").order_by("-created_at", "-pk")[:limit]
    )


def picture_entries(incident: Incident, *, visible, limit: int = 8) -> list[LogEntry]:
    """The current picture: the newest *beeld* entries that were not corrected, up to the
    reader's clearance (``visible``: incidents.tlp.tlps_visible_at)."""
    return list(
        incident.log_entries.filter(category=LogEntry.Category.PICTURE, tlp__in=visible)
        # NOT EXISTS, not corrected_by__isnull (a LEFT JOIN over the whole log): this way
        # PostgreSQL reads the newest rows from log_incident_category_time and stops.
        .exclude(Exists(LogEntry.objects.filter(corrects=OuterRef("pk"))))
        .select_related("author")
        .order_by("-occurred_at", "-pk")[:limit]
    )


def log_entries(
    incident: Incident,
    *,
    category: str = "",
    limit: int = 50,
    q: str = "",
    visible: list[str] | None = None,
    before: LogEntry | None = None,
    from_entry: LogEntry | None = None,
) -> list[LogEntry]:
    """The log newest first (event time, then id), optionally matching `q`, only the labels in
    `visible`, and keyset-paged: strictly older than `before`, or starting at `from_entry`.
    Paging by (occurred_at, id) never repeats or skips a line, whatever is added meanwhile."""
    entries = incident.log_entries.select_related("author", "corrects", "corrected_by")
    if category:
        entries = entries.filter(category=category)
    if visible is not None:
        entries = entries.filter(tlp__in=visible)
    if q:
        entries = fulltext.matching(entries, LOG_SEARCH_FIELDS, q)
    cursor = before or from_entry
    if cursor is not None:
        same_time = {"pk__lt": cursor.pk} if before else {"pk__lte": cursor.pk}
        entries = entries.filter(
            Q(occurred_at__lt=cursor.occurred_at) | Q(occurred_at=cursor.occurred_at, **same_time)
        )
    return list(entries.order_by("-occurred_at", "-pk")[:limit])


LOG_SEARCH_FIELDS = ("text", "source")  # as in migration 0011


def with_review_state(decisions: QuerySet[Decision], now=None) -> QuerySet[Decision]:
    """Mark each decision ``is_due_for_review`` (Decision.due_for_review, in SQL)."""
    due = Case(When(Decision.due_for_review(now), then=Value(True)), default=Value(False))
    return decisions.annotate(is_due_for_review=due)


def decision_list(incident: Incident, *, visible) -> QuerySet[Decision]:
    """The besluitenlijst up to the reader's clearance, newest meeting first."""
    decisions = incident.decisions.filter(tlp__in=visible).order_by("-meeting_at", "-pk")
    return with_review_state(decisions)


# --- Open work: one selector per question (the handover brief, the dashboard, the sitrep and
# the meeting agenda all ask these) ------------------------------------------------------------


def decisions_due(incident: Incident, *, visible, now=None) -> QuerySet[Decision]:
    """Decisions due for re-evaluation (Decision.due_for_review) up to the reader's clearance,
    the longest overdue first (*herijken* without a time first of all)."""
    return with_review_state(
        incident.decisions.filter(Decision.due_for_review(now), tlp__in=visible), now
    ).order_by(*_REVIEW_ORDER)


def _upcoming(now) -> Q:
    return Q(evaluation=Decision.Evaluation.VALID, reevaluate_at__gt=now)


def decisions_upcoming(incident: Incident, *, visible, now=None) -> QuerySet[Decision]:
    """Decisions in force to be re-evaluated later (*geldig*, the time still to come): not due
    yet, the soonest first."""
    now = now or timezone.now()
    return with_review_state(
        incident.decisions.filter(_upcoming(now), tlp__in=visible), now
    ).order_by(*_REVIEW_ORDER)


_REVIEW_ORDER = (F("reevaluate_at").asc(nulls_first=True), F("pk").asc())


def action_tlp(action: Action, incident: Incident) -> str:
    """An action carries the highest label of the decision or log entry it came from, else the
    incident's TLP (load ``decision`` and ``log_entry`` with the action)."""
    linked = [obj.tlp for obj in (action.decision, action.log_entry) if obj is not None]
    return tlp_max(linked) if linked else incident.tlp


def label_actions(actions, incident: Incident) -> list[Action]:
    """The actions as a list, each with its ``tlp`` (action_tlp)."""
    actions = list(actions)
    for action in actions:
        action.tlp = action_tlp(action, incident)
    return actions


def _open_action_labels(incident: Incident) -> list[tuple]:
    """(id, due time, label) of every open action of the incident, in one query.

    The labels of the linked decision and log entry are read per open action by primary key
    (scalar subqueries: bounded by the open actions, never a join over the log, see
    bench/README.md "EXPLAIN"); the label is then action_tlp's."""
    rows = (
        incident.actions.filter(status__in=Action.OPEN_STATUSES)
        .annotate(
            decision_tlp=Subquery(
                Decision.objects.filter(pk=OuterRef("decision_id")).order_by().values("tlp")
            ),
            entry_tlp=Subquery(
                LogEntry.objects.filter(pk=OuterRef("log_entry_id")).order_by().values("tlp")
            ),
        )
        .values_list("pk", "due_at", "decision_tlp", "entry_tlp")
    )
    labels = []
    for pk, due_at, decision_tlp, entry_tlp in rows:
        linked = [tlp for tlp in (decision_tlp, entry_tlp) if tlp is not None]
        labels.append((pk, due_at, tlp_max(linked) if linked else incident.tlp))
    return labels


def hidden_open_actions(incident: Incident, *, visible) -> list[int]:
    """The ids of the open actions whose label (action_tlp) is above ``visible``: one query,
    none when every label is visible."""
    if all(tlp in visible for tlp in TLP.values):
        return []
    return [pk for pk, _due, tlp in _open_action_labels(incident) if tlp not in visible]


def open_actions(incident: Incident, *, visible, hidden: list[int] | None = None):
    """Open actions whose label (action_tlp) is in ``visible``, the most urgent first (no due
    time last); ``hidden``: hidden_open_actions if the caller has it. Without related rows:
    callers load what they show (label_actions needs ``decision`` and ``log_entry``)."""
    if hidden is None:
        hidden = hidden_open_actions(incident, visible=visible)
    actions = incident.actions.filter(status__in=Action.OPEN_STATUSES)
    if hidden:
        actions = actions.exclude(pk__in=hidden)
    return actions.order_by(F("due_at").asc(nulls_last=True), "pk")


def visible_actions(incident: Incident, *, visible) -> QuerySet[Action]:
    """Every action (open ones first, by due time) whose label, action_tlp's, is in ``visible``:
    the decision and the log entry it came from are visible, and an action that came from
    neither carries the incident's label. One query, for lists that page (the API)."""
    hidden_source = Exists(
        Decision.objects.filter(pk=OuterRef("decision_id")).exclude(tlp__in=visible)
    ) | Exists(LogEntry.objects.filter(pk=OuterRef("log_entry_id")).exclude(tlp__in=visible))
    actions = incident.actions.exclude(hidden_source)
    if incident.tlp not in visible:
        actions = actions.exclude(decision__isnull=True, log_entry__isnull=True)
    open_first = Case(When(status__in=Action.OPEN_STATUSES, then=Value(0)), default=Value(1))
    return actions.select_related("owner_user").order_by(
        open_first, F("due_at").asc(nulls_last=True), "pk"
    )


OPEN_WORK_ROWS = 10


def work_list(queryset: QuerySet, limit: int) -> WorkList:
    """The first ``limit`` rows of ``queryset`` and the total, in one query (the count is a
    window over every matching row, read with the first one)."""
    rows = list(queryset.annotate(_work_total=Window(Count("pk")))[:limit])
    return WorkList(rows, rows[0]._work_total if rows else 0)


def _decisions_to_review(incident: Incident, *, visible, limit: int, now) -> tuple:
    """(due, upcoming, how many of either are above ``visible``) in one query: the first
    ``limit`` of each (a row number per kind and label), the totals as windows over all."""
    due, upcoming, shown = Decision.due_for_review(now), _upcoming(now), Q(tlp__in=visible)
    is_due = Case(When(due, then=Value(True)), default=Value(False))
    is_shown = Case(When(shown, then=Value(True)), default=Value(False))
    rows = list(
        incident.decisions.filter(due | upcoming)
        .annotate(
            is_due_for_review=is_due,
            is_shown=is_shown,
            place=Window(RowNumber(), partition_by=[is_due, is_shown], order_by=_REVIEW_ORDER),
            due_total=Window(Count("pk", filter=due & shown)),
            upcoming_total=Window(Count("pk", filter=upcoming & shown)),
            hidden_total=Window(Count("pk", filter=~shown)),
        )
        .filter(place__lte=limit)
        .order_by(*_REVIEW_ORDER)
    )
    first = rows[0] if rows else None
    shown_rows = [row for row in rows if row.is_shown]
    return (
        WorkList([d for d in shown_rows if d.is_due_for_review], first.due_total if first else 0),
        WorkList(
            [d for d in shown_rows if not d.is_due_for_review],
            first.upcoming_total if first else 0,
        ),
        first.hidden_total if first else 0,
    )


def open_work(incident: Incident, *, visible, limit: int = OPEN_WORK_ROWS, now=None) -> dict:
    """What is still open in the incident, up to the reader's clearance: each kind as a
    WorkList (at most ``limit`` rows and the total), a fixed number of queries whatever the
    number of rows: one for the decisions, two for the actions, one per registered kind.

    - ``decisions_due``: due for re-evaluation (as decisions_due); ``decisions_upcoming``: to
      be re-evaluated later, not due yet (as decisions_upcoming);
    - ``actions``: open actions (open_actions), each with its ``tlp``; ``counts["overdue"]``:
      how many are past their due time;
    - ``withheld``: how many due or upcoming decisions and open actions are above ``visible``;
    - what other apps register (incidents.registry.register_open_work): ``key_decisions``,
      ``stakeholders`` (playbook), ``tabled`` (meetings).
    """
    now = now or timezone.now()
    due, upcoming, hidden_decisions = _decisions_to_review(
        incident, visible=visible, limit=limit, now=now
    )
    # Every open action's label in one query; the shown rows (the most urgent first, as
    # open_actions orders them) fetched with what they show by primary key.
    labels = _open_action_labels(incident)
    shown = sorted(
        ((due_at is None, due_at, pk) for pk, due_at, tlp in labels if tlp in visible),
        key=lambda row: (row[0], row[1] or now, row[2]),
    )
    first = [pk for _none, _due, pk in shown[:limit]]
    rows = label_actions(
        incident.actions.filter(pk__in=first)
        .select_related("owner_user", "decision", "log_entry")
        .order_by(F("due_at").asc(nulls_last=True), "pk"),
        incident,
    )
    overdue = sum(1 for _none, due_at, _pk in shown if due_at is not None and due_at < now)
    work = {
        "decisions_due": due,
        "decisions_upcoming": upcoming,
        "actions": WorkList(rows, len(shown), {"overdue": overdue}),
        "withheld": hidden_decisions + len(labels) - len(shown),
    }
    for name, part in registry.open_work_parts():
        work[name] = part(incident, visible=visible, limit=limit)
    return work


# --- Classification ---------------------------------------------------------------------------


def classification_current(incident: Incident) -> Classification:
    return incident.classifications.order_by("-created_at", "-pk").first()


def lower_dutch(text) -> str:
    """Lower-case a Dutch label mid-sentence: "Eén" (the capital of "één") becomes "één",
    not "eén" as str.lower() makes it."""
    return _EEN_CAPITALISED.sub("één", str(text).lower())


_EEN_CAPITALISED = re.compile(r"\beén\b")


def classification_summary(classification: Classification) -> str:
    """A plain-language sentence for sitreps, notifications and the dashboard."""
    known = [
        f"{lower_dutch(label)}: {lower_dutch(classification.value_label(block))}"
        + (f" ({_('aanname')})" if block in classification.assumed_blocks else "")
        for block, (label, _choices) in BLOCKS.items()
        if getattr(classification, block) != UNKNOWN
    ]
    unknown = [
        lower_dutch(label)
        for block, (label, _choices) in BLOCKS.items()
        if getattr(classification, block) == UNKNOWN
    ]
    parts = []
    if known:
        parts.append(_("Bekend: %(known)s.") % {"known": "; ".join(known)})
    if unknown:
        parts.append(_("Nog onbekend: %(unknown)s.") % {"unknown": ", ".join(unknown)})
    return " ".join(parts)
