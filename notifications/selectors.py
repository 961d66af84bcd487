"""Reads for the delivery log tile, the sitrep section and /healthz (fixed query counts)."""

from __future__ import annotations

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone

from incidents.access import can_write
from incidents.tlp import tlp_max, visible_at
from playbook.selectors import stakeholder_involvements

from .models import Notification

State = Notification.State
LOG_LIMIT = 200
DASHBOARD_LIMIT = 10  # the dashboard stays scannable; "toon alle" shows up to LOG_LIMIT


def delivery_log(incident, *, limit: int = LOG_LIMIT) -> list[Notification]:
    """Newest first, but failed messages always on top so none scrolls out of sight."""
    failed_first = Case(When(state=State.FAILED, then=Value(0)), default=Value(1))
    return list(
        Notification.objects.filter(incident=incident)
        .select_related("stakeholder")
        .order_by(failed_first, "-created_at", "-pk")[:limit]
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


def tile(request, incident) -> dict:
    """Context of the dashboard tile (and of its refreshing body)."""
    from .forms import ManualNotificationForm

    return {
        **tile_body(incident),
        "form": ManualNotificationForm(incident=incident) if can_write(request.user) else None,
    }


def tile_body(incident, *, show_all: bool = False) -> dict:
    return {
        "log": delivery_log(incident, limit=LOG_LIMIT if show_all else DASHBOARD_LIMIT),
        "counts": state_counts(incident),
        "show_all": show_all,
    }


def sitrep_section(incident, *, audience_tlp: str, since=None) -> dict | None:
    """Sitrep "Stakeholders": who has been informed and who is still pending.

    Stakeholder names and informed times carry no TLP of their own; the subject of the last
    message is only shown when its label is visible to the sitrep's audience.
    """
    involvements = list(stakeholder_involvements(incident))
    latest: dict[int, Notification] = {}
    for notification in (
        Notification.objects.filter(incident=incident, involvement__isnull=False)
        .exclude(state=State.SKIPPED)
        .order_by("created_at", "pk")
        .only("involvement_id", "subject", "tlp", "state", "channel", "created_at", "sent_at")
    ):
        latest[notification.involvement_id] = notification
    shown_tlps = []
    rows = []
    for involvement in involvements:
        last = latest.get(involvement.pk)
        subject = ""
        if last is not None and visible_at(last.tlp, audience_tlp):
            subject = last.subject
            shown_tlps.append(last.tlp)
        rows.append(
            {
                "name": involvement.stakeholder.name,
                "contact_person": involvement.contact_person,
                "informed_at": involvement.informed_at,
                "is_new": bool(
                    involvement.informed_at and since and involvement.informed_at > since
                ),
                "last": last,
                "last_subject": subject,
            }
        )
    return {
        "informed": [row for row in rows if row["informed_at"]],
        "pending": [row for row in rows if not row["informed_at"]],
        "is_empty": not rows,
        "tlp": tlp_max(shown_tlps),
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
