"""The dashboard tile of the delivery log (registered in NotificationsConfig.ready)."""

from __future__ import annotations

from incidents.access import can_write, reader_clearance
from incidents.tlp import tlps_visible_at

from .selectors import tile_body


def tile(request, incident) -> dict:
    """Context of the tile's body (the delivery log); ?alle=1 shows all messages."""
    return tile_body(
        incident,
        show_all=bool(request.GET.get("alle")),
        visible=tlps_visible_at(reader_clearance(request.user, incident)),
    )


def tile_outside(request, incident) -> dict:
    """Outside the (cached) body: whether the reader may inform stakeholders. The form itself
    (a row per stakeholder) loads when opened (notifications.views.inform)."""
    return {"form": None, "may_inform": can_write(request.user)}
