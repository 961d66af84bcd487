"""Traffic Light Protocol 2.0: one ordered scale used everywhere data leaves the app."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class TLP(models.TextChoices):
    CLEAR = "CLEAR", _("TLP:CLEAR")
    GREEN = "GREEN", _("TLP:GREEN")
    AMBER = "AMBER", _("TLP:AMBER")
    AMBER_STRICT = "AMBER+STRICT", _("TLP:AMBER+STRICT")
    RED = "RED", _("TLP:RED")


_ORDER = [TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT, TLP.RED]
RANK = {value: index for index, value in enumerate(_ORDER)}

# Colours from the FIRST TLP 2.0 standard (text on black), used in the UI and PDF labels.
COLOURS = {
    TLP.CLEAR: "#FFFFFF",
    TLP.GREEN: "#33FF00",
    TLP.AMBER: "#FFC000",
    TLP.AMBER_STRICT: "#FFC000",
    TLP.RED: "#FF2B2B",
}


def tlp_rank(value: str) -> int:
    return RANK[TLP(value)]


def visible_at(item_tlp: str, audience_tlp: str) -> bool:
    """True when content marked item_tlp may be shown to an audience cleared for audience_tlp."""
    return tlp_rank(item_tlp) <= tlp_rank(audience_tlp)


def tlp_max(values: Iterable[str], default: str = TLP.CLEAR) -> str:
    """The most restrictive label among values (default when there are none)."""
    return max((TLP(v) for v in values), key=tlp_rank, default=TLP(default))


def tlps_visible_at(audience_tlp: str) -> list[str]:
    """The labels an audience may see, for use in queryset filters: tlp__in=..."""
    return [value.value for value in _ORDER if visible_at(value, audience_tlp)]
