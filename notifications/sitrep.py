"""Sitrep section "Stakeholders" (registered in NotificationsConfig.ready)."""

from __future__ import annotations

from incidents.tlp import tlp_max, visible_at
from playbook.selectors import stakeholder_involvements, stakeholders_not_informed

from .models import Notification

State = Notification.State


# Informed and still-to-inform stakeholders, each list bounded ("en N meer, zie het incident").
STAKEHOLDERS_LIMIT = 15


def sitrep_section(incident, *, audience_tlp: str, since=None) -> dict | None:
    """Sitrep "Stakeholders": who has been informed and who is still pending.

    Stakeholder names and informed times carry no TLP of their own; the subject of the last
    message is only shown when its label is visible to the sitrep's audience. Each list shows
    at most STAKEHOLDERS_LIMIT rows (the most recently informed first; the pending ones in
    the order they were added to the analysis) and the last message of the shown rows only: a fixed number of queries.
    """
    involvements = stakeholder_involvements(incident)
    # Ordered on the involvement's own columns: the database sorts and limits the incident's
    # rows before it joins the stakeholder directory (bench/explain.py).
    informed_rows = involvements.filter(informed_at__isnull=False).order_by("-informed_at", "pk")
    pending_rows = stakeholders_not_informed(incident).order_by("pk")  # the open work's rows
    # The directory rows are fetched for the shown rows only (prefetch), not joined.
    informed = list(
        informed_rows.select_related(None).prefetch_related("stakeholder")[:STAKEHOLDERS_LIMIT]
    )
    pending = list(
        pending_rows.select_related(None).prefetch_related("stakeholder")[:STAKEHOLDERS_LIMIT]
    )
    informed_more = (
        informed_rows.count() - len(informed) if len(informed) == STAKEHOLDERS_LIMIT else 0
    )
    pending_more = pending_rows.count() - len(pending) if len(pending) == STAKEHOLDERS_LIMIT else 0
    latest: dict[int, Notification] = {}
    shown_ids = [involvement.pk for involvement in (*informed, *pending)]
    for notification in (
        Notification.objects.filter(incident=incident, involvement_id__in=shown_ids)
        .exclude(state=State.SKIPPED)
        .order_by("involvement_id", "-created_at", "-pk")
        .only("involvement_id", "subject", "tlp", "state", "channel", "created_at", "sent_at")
    ):
        latest.setdefault(notification.involvement_id, notification)
    shown_tlps = []

    def row(involvement):
        last = latest.get(involvement.pk)
        subject = ""
        if last is not None and visible_at(last.tlp, audience_tlp):
            subject = last.subject
            shown_tlps.append(last.tlp)
        return {
            "name": involvement.stakeholder.name,
            "contact_person": involvement.contact_person,
            "informed_at": involvement.informed_at,
            "is_new": bool(involvement.informed_at and since and involvement.informed_at > since),
            "last": last,
            "last_subject": subject,
        }

    informed = [row(involvement) for involvement in informed]
    pending = [row(involvement) for involvement in pending]
    return {
        "informed": informed,
        "informed_more": informed_more,
        "pending": pending,
        "pending_more": pending_more,
        "is_empty": not informed and not pending,
        "tlp": tlp_max(shown_tlps),
    }
