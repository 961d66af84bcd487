"""The dashboard tile: the current core message and the latest approved messages."""

from .selectors import approved_messages, core_message_current

TILE_MESSAGES = 3


def communication_tile(request, incident) -> dict:
    # Two queries whatever the number of messages (users joined up front).
    return {
        "core": core_message_current(incident),
        "approved": approved_messages(incident, limit=TILE_MESSAGES),
    }
