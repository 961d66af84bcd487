"""The incidents app's own sitrep sections (registered in apps.py)."""

from __future__ import annotations

from .models import Incident
from .partners import partner_contributions
from .picture import picture_state
from .tlp import TLP, tlp_max, tlps_visible_at


def contributions_section(incident: Incident, *, audience_tlp: str, since) -> dict | None:
    """The sitrep's "bijdragen van partners" line; left out when no partner contributed."""
    rows = partner_contributions(incident, visible=tlps_visible_at(audience_tlp))
    if not rows:
        return None
    return {"rows": rows, "tlp": TLP.CLEAR, "is_empty": False, "placeholders": []}


SITREP_PARTIALS = 30  # one per discipline; the disciplines are the region's (admin) list


def picture_section(incident: Incident, *, audience_tlp: str, since) -> dict | None:
    """ "Beeld": the totaalbeeld and the current deelbeelden the audience may see, with their
    *verouderd* marks; left out while neither exists."""
    state = picture_state(incident, visible=tlps_visible_at(audience_tlp), limit=SITREP_PARTIALS)
    overall = state.overall
    if overall is None and not state.partials:
        return None
    shown = [*state.partials, *(overall.based_on_shown if overall else [])]
    for item in [*state.partials, *([overall] if overall else [])]:
        item.is_new = since is not None and item.created_at > since
    return {
        "overall": overall,
        "partials": state.partials,
        "partials_more": state.partials_more,
        "last_meeting": state.last_meeting,
        "tlp": tlp_max([p.tlp for p in shown] + ([overall.tlp] if overall else [])),
        "is_empty": False,
        "placeholders": [],
        "changed_count": sum(1 for item in state.partials if item.is_new)
        + (1 if overall is not None and overall.is_new else 0),
        "snapshot": {
            "overall": overall.pk if overall else None,
            "partials": [p.pk for p in state.partials],
        },
    }
