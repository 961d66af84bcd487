"""The dashboard tile: the open or next meetings, the last verslag and what is tabled."""

from incidents.access import is_partner

from .models import Meeting
from .selectors import tabled_items

SHOWN = 3


def meetings_tile(request, incident) -> dict:
    if is_partner(request.user, incident):
        return {"hidden": True}  # the crisis team's meetings are not a guest's
    meetings = incident.meetings.order_by("starts_at", "pk")
    return {
        "coming": list(
            meetings.filter(status__in=[Meeting.Status.OPEN, Meeting.Status.PLANNED])[:SHOWN]
        ),
        "last_closed": incident.meetings.filter(status=Meeting.Status.CLOSED)
        .order_by("-closed_at", "-pk")
        .first(),
        "tabled_count": tabled_items(incident).count(),
    }
