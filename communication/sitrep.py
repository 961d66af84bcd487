"""Sitrep sections: the core message (order 15) and approved messages (order 68)."""

from incidents.tlp import TLP, tlp_max, visible_at

from .selectors import approved_messages, approved_messages_count, core_message_current

SITREP_MESSAGES = 10


def _is_new(moment, since) -> bool:
    return since is not None and moment is not None and moment > since


def core_message_section(incident, *, audience_tlp, since) -> dict:
    core = core_message_current(incident)
    if core is None or not visible_at(core.tlp, audience_tlp):
        # A current core message above the audience's TLP is left out, not replaced by an
        # older version: an outdated core message would mislead the meeting.
        return {"tlp": TLP.CLEAR, "is_empty": True, "core": None}
    return {
        "tlp": core.tlp,
        "is_empty": False,
        "core": core,
        "is_new": _is_new(core.created_at, since),
    }


def messages_section(incident, *, audience_tlp, since) -> dict:
    messages = approved_messages(incident, audience_tlp=audience_tlp, limit=SITREP_MESSAGES)
    more = 0
    if len(messages) == SITREP_MESSAGES:  # "en N meer, zie het incident"; counted only then
        more = approved_messages_count(incident, audience_tlp=audience_tlp) - len(messages)
    rows = [
        {
            "message": message,
            "is_new": _is_new(message.published_at or message.approved_at, since),
        }
        for message in messages
    ]
    return {
        "tlp": tlp_max(message.tlp for message in messages),
        "is_empty": not rows,
        "rows": rows,
        "more": more,
    }
