"""The dashboard tile of the delivery log (registered in NotificationsConfig.ready)."""

from __future__ import annotations

from incidents.access import can_write

from .selectors import tile_body


def tile(request, incident) -> dict:
    """Context of the dashboard tile (and of its refreshing body)."""
    from .forms import ManualNotificationForm

    return {
        **tile_body(incident, show_all=bool(request.GET.get("alle"))),
        "form": ManualNotificationForm(incident=incident) if can_write(request.user) else None,
    }
