"""The dashboard tile of the sitreps (registered in SitrepsConfig.ready)."""

from django.http import HttpRequest

from incidents.access import can_write

from . import selectors


def tile_context(request: HttpRequest, incident) -> dict:
    return {
        "sitreps": list(selectors.sitrep_list(incident)[:3]),
        "export": selectors.last_offline_export(),
        "can_write": can_write(request.user),
    }


def tile_outside(request: HttpRequest, incident) -> dict:
    """Outside the cached body: only whether the reader may start a sitrep."""
    return {"can_write": can_write(request.user)}
