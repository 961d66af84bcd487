"""Sitrep section "Stakeholders" (registered in NotificationsConfig.ready)."""

from __future__ import annotations

from incidents.tlp import tlp_max, visible_at
from playbook.selectors import stakeholder_involvements

from .models import Notification

State = Notification.State


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
