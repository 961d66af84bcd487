"""Reads for incident pages, with their related rows fetched up front (no N+1)."""

import re
from datetime import datetime, timedelta

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, fulltext
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


def decision_list(incident: Incident, *, visible) -> QuerySet[Decision]:
    """The besluitenlijst up to the reader's clearance, newest meeting first."""
    return incident.decisions.filter(tlp__in=visible).order_by("-meeting_at", "-pk")


def decisions_due_for_review(incident: Incident, *, visible) -> QuerySet[Decision]:
    return incident.decisions.filter(
        tlp__in=visible,
        evaluation__in=[Decision.Evaluation.VALID, Decision.Evaluation.TO_REVIEW],
        reevaluate_at__lte=timezone.now(),
    ).order_by("reevaluate_at")


def open_actions(incident: Incident) -> QuerySet[Action]:
    """Open actions, the most urgent first (no due time last)."""
    return (
        incident.actions.filter(status__in=Action.OPEN_STATUSES)
        .select_related("owner_user", "decision")
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )


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
