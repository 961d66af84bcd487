"""The dashboard tile of the delivery log (registered in NotificationsConfig.ready)."""

from __future__ import annotations

from incidents.access import can_write

from .selectors import tile_body


def tile(request, incident) -> dict:
    """Context of the tile's body (the delivery log); ?alle=1 shows all messages."""
    return tile_body(incident, show_all=bool(request.GET.get("alle")))


def tile_outside(request, incident) -> dict:
    """What the tile shows outside its (cached) body: the form to inform stakeholders."""
    from .forms import ManualNotificationForm

    return {"form": ManualNotificationForm(incident=incident) if can_write(request.user) else None}
