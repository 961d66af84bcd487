"""The incidents app's own sitrep sections (registered in apps.py)."""

from __future__ import annotations

from .models import Incident
from .partners import partner_contributions
from .tlp import TLP, tlps_visible_at


def contributions_section(incident: Incident, *, audience_tlp: str, since) -> dict | None:
    """The sitrep's "bijdragen van partners" line; left out when no partner contributed."""
    rows = partner_contributions(incident, visible=tlps_visible_at(audience_tlp))
    if not rows:
        return None
    return {"rows": rows, "tlp": TLP.CLEAR, "is_empty": False, "placeholders": []}
