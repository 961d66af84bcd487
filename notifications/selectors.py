"""Reads for the delivery log tile and /healthz (fixed query counts)."""

from __future__ import annotations

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone

from .models import Notification

State = Notification.State
LOG_LIMIT = 200
DASHBOARD_LIMIT = 10  # the dashboard stays scannable; "toon alle" shows up to LOG_LIMIT


def delivery_log(incident, *, limit: int = LOG_LIMIT, visible=None) -> list[Notification]:
    """Newest first, but failed messages always on top so none scrolls out of sight;
    ``visible``: only messages with these TLP labels (the reader's clearance)."""
    failed_first = Case(When(state=State.FAILED, then=Value(0)), default=Value(1))
    messages = Notification.objects.filter(incident=incident)
    if visible is not None:
        messages = messages.filter(tlp__in=visible)
    return list(
        messages.select_related("stakeholder").order_by(failed_first, "-created_at", "-pk")[:limit]
    )


def state_counts(incident) -> dict[str, int]:
    counts = Notification.objects.filter(incident=incident).aggregate(
        **{state.value: Count("pk", filter=Q(state=state)) for state in State}
    )
    counts["total"] = sum(counts.values())
    return counts


def notification_detail(incident, pk) -> Notification:
    return (
        Notification.objects.select_related("stakeholder", "created_by", "template")
        .prefetch_related("attempts")
        .get(incident=incident, pk=pk)
    )


def tile_body(incident, *, show_all: bool = False, visible=None) -> dict:
    return {
        "log": delivery_log(
            incident, limit=LOG_LIMIT if show_all else DASHBOARD_LIMIT, visible=visible
        ),
        "counts": state_counts(incident),
        "show_all": show_all,
    }


def health() -> dict:
    """Messages stuck past the recovery window mean no worker or no beat is running."""
    from .tasks import stuck_after

    cutoff = timezone.now() - stuck_after()
    counts = Notification.objects.aggregate(
        queued=Count("pk", filter=Q(state=State.QUEUED)),
        failed=Count("pk", filter=Q(state=State.FAILED)),
        stuck=Count(
            "pk",
            filter=Q(state=State.SENDING, state_changed_at__lt=cutoff)
            | Q(state=State.QUEUED, next_attempt_at__lt=cutoff),
        ),
    )
    return {"ok": counts["stuck"] == 0, **counts}
