"""The dashboard tile: the current core message and the latest approved messages."""

from incidents.access import reader_clearance
from incidents.tlp import visible_at

from .selectors import approved_messages, core_message_current

TILE_MESSAGES = 3


def communication_tile(request, incident) -> dict:
    # Two queries whatever the number of messages (users joined up front).
    clearance = reader_clearance(request.user, incident)
    core = core_message_current(incident)
    # The current core message above the reader's clearance is not replaced by an older one:
    # the tile says there is one they may not see.
    hidden = core is not None and not visible_at(core.tlp, clearance)
    return {
        "core": None if hidden else core,
        "core_hidden": hidden,
        "approved": approved_messages(incident, audience_tlp=clearance, limit=TILE_MESSAGES),
    }
