"""Reads for incident pages, with their related rows fetched up front (no N+1)."""

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from .access import incidents_for_user
from .models import Action, Classification, Decision, Incident, LogEntry


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


def classification_history(incident: Incident, *, limit: int = 20) -> list[Classification]:
    return list(
        incident.classifications.select_related("created_by").order_by("-created_at", "-pk")[:limit]
    )


def picture_entries(incident: Incident, *, limit: int = 8) -> list[LogEntry]:
    """The current picture: the newest *beeld* entries that were not corrected."""
    return list(
        incident.log_entries.filter(category=LogEntry.Category.PICTURE)
        # NOT EXISTS, not corrected_by__isnull (a LEFT JOIN over the whole log): this way
        # PostgreSQL reads the newest rows from log_incident_category_time and stops.
        .exclude(Exists(LogEntry.objects.filter(corrects=OuterRef("pk"))))
        .select_related("author")
        .order_by("-occurred_at", "-pk")[:limit]
    )


def log_entries(incident: Incident, *, category: str = "", limit: int = 50) -> list[LogEntry]:
    entries = incident.log_entries.select_related("author", "corrects", "corrected_by")
    if category:
        entries = entries.filter(category=category)
    return list(entries.order_by("-occurred_at", "-pk")[:limit])


def decision_list(incident: Incident, *, limit: int = 20) -> list[Decision]:
    return list(incident.decisions.order_by("-meeting_at", "-pk")[:limit])


def decisions_due_for_review(incident: Incident) -> list[Decision]:
    return list(
        incident.decisions.filter(
            evaluation__in=[Decision.Evaluation.VALID, Decision.Evaluation.TO_REVIEW],
            reevaluate_at__lte=timezone.now(),
        ).order_by("reevaluate_at")
    )


def open_actions(incident: Incident, *, limit: int = 50) -> list[Action]:
    return list(
        incident.actions.filter(status__in=Action.OPEN_STATUSES)
        .select_related("owner_user", "decision")
        .order_by(F("due_at").asc(nulls_last=True), "pk")[:limit]
    )
