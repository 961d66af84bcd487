"""Turning a trigger into message text, per receiver, behind the TLP gate.

A message is built from a template text with {placeholders}. Each placeholder is a Part with
its own TLP label:

- the template's own text and the register facts (reference, title, GRIP level, region, the
  name of a key decision, the sitrep's number) carry the template's label (MessageTemplate.tlp,
  or the label the user chose for a manual message);
- incident content carries its own label: the classification summary, the reason for a GRIP
  change and the text of a key decision are at the incident's TLP (a key decision linked to a
  decision has that decision's TLP).

For one receiver (StakeholderInvolvement.max_tlp) a part above their level is replaced by a
notice naming what was withheld, and the message's label is the highest label among what is
left. When even the template's own label is above their level the receiver is skipped (the
caller records a skipped row with the reason). Every subject and body carries the label.

Rendering runs inside translation.override("nl"): messages leave the app in Dutch whatever the
language of the user who triggered them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.selectors import classification_current, classification_summary
from incidents.tlp import TLP, tlp_max, visible_at

PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Placeholder name -> what it holds (shown to administrators in the template admin).
PLACEHOLDERS = {
    "kenmerk": "kenmerk van het incident (bijv. CC-2025-0001)",
    "titel": "titel van het incident",
    "regio": "naam van de veiligheidsregio",
    "grip": "huidig GRIP-niveau",
    "grip_van": "vorig GRIP-niveau (bij een GRIP-wijziging)",
    "reden": "reden van de GRIP-wijziging (TLP van het incident)",
    "duiding": "samenvatting van de duiding NCP-D (TLP van het incident)",
    "sleutelbesluit": "naam van het sleutelbesluit",
    "besluit": "tekst van het genomen besluit (TLP van het besluit)",
    "sitrep": "aanduiding van het situatierapport",
}


# What a part that can be withheld is, for the notice in the message and the UI.
PART_LABELS = {
    "duiding": gettext_lazy("de duiding (NCP-D)"),
    "reden": gettext_lazy("de reden van de GRIP-wijziging"),
    "besluit": gettext_lazy("de tekst van het besluit"),
}


def withheld_text(items: list[dict]) -> str:
    """'de duiding (NCP-D) (TLP:AMBER); ...' for stored withheld items, in the active language."""
    return "; ".join(
        f"{PART_LABELS.get(item['part'], item['part'])} (TLP:{item['tlp']})" for item in items
    )


@dataclass(frozen=True)
class Part:
    value: str
    tlp: str


@dataclass
class Draft:
    """A message before it is cut to one receiver's TLP level."""

    trigger: str
    subject: str
    body: str
    tlp: str  # label of the text itself and the register facts
    parts: dict[str, Part] = field(default_factory=dict)
    template: object = None


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    tlp: str
    withheld: list[dict]  # [{"part": "duiding", "tlp": "AMBER"}]


def tlp_meaning(tlp: str) -> str:
    meanings = {
        TLP.CLEAR: _("mag openbaar worden gedeeld"),
        TLP.GREEN: _("mag binnen uw eigen gemeenschap worden gedeeld, niet openbaar"),
        TLP.AMBER: _(
            "alleen delen binnen uw eigen organisatie en met wie het moet weten om te handelen"
        ),
        TLP.AMBER_STRICT: _("alleen delen binnen uw eigen organisatie"),
        TLP.RED: _("alleen voor u persoonlijk; niet verder delen"),
    }
    return str(meanings[TLP(tlp)])


def _label(level) -> str:
    if level is None:
        return _("geen GRIP")
    return str(getattr(level, "label", None) or getattr(level, "name", None) or level)


def _in_dutch(function):
    """Parts are message text: Dutch, whatever the language of the user who triggered them."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override("nl"):
            return function(*args, **kwargs)

    return wrapper


@_in_dutch
def incident_parts(incident) -> dict[str, Part]:
    """Facts every message may use."""
    classification = classification_current(incident)
    summary = classification_summary(classification) if classification else ""
    return {
        "kenmerk": Part(incident.reference, TLP.CLEAR),
        "titel": Part(incident.title, TLP.CLEAR),
        "regio": Part(settings.REGION_NAME, TLP.CLEAR),
        "grip": Part(incident.grip_label or _("geen GRIP"), TLP.CLEAR),
        "duiding": Part(summary, incident.tlp),
    }


@_in_dutch
def grip_parts(incident, change) -> dict[str, Part]:
    to_level = getattr(change, "to_level", None)
    return {
        "grip": Part(incident.grip_label or _label(to_level), TLP.CLEAR),
        "grip_van": Part(_label(getattr(change, "from_level", None)), TLP.CLEAR),
        "reden": Part(getattr(change, "reason", "") or "-", incident.tlp),
    }


@_in_dutch
def key_decision_parts(incident, key_decision) -> dict[str, Part]:
    decision = getattr(key_decision, "decision", None)
    text = getattr(key_decision, "text", "") or (decision.text if decision else "")
    tlp = decision.tlp if decision is not None else incident.tlp
    return {
        "sleutelbesluit": Part(str(getattr(key_decision, "key_decision", key_decision)), TLP.CLEAR),
        "besluit": Part(text or "-", tlp),
    }


@_in_dutch
def sitrep_parts(incident, sitrep) -> dict[str, Part]:
    number = getattr(sitrep, "number", None)
    name = _("situatierapport nr. %(number)s") % {"number": number} if number else str(sitrep)
    return {"sitrep": Part(name, TLP.CLEAR)}


def _fill(text: str, parts: dict[str, Part], audience_tlp: str | None, used: list, withheld: list):
    def replace(match: re.Match) -> str:
        name = match.group(1)
        part = parts.get(name)
        if part is None:
            return match.group(0)  # unknown placeholder: leave it visible for the editor
        if audience_tlp is not None and not visible_at(part.tlp, audience_tlp):
            item = {"part": name, "tlp": part.tlp}
            if item not in withheld:
                withheld.append(item)
            return _("[weggelaten: boven uw TLP-niveau]")
        used.append(part.tlp)
        return part.value

    return PLACEHOLDER.sub(replace, text)


def render(draft: Draft, audience_tlp: str | None) -> Rendered | None:
    """The message for a receiver cleared up to audience_tlp (None: no cut, for previews).

    Returns None when the text itself is above the receiver's level.
    """
    if audience_tlp is not None and not visible_at(draft.tlp, audience_tlp):
        return None
    with translation.override("nl"):
        used: list[str] = [draft.tlp]
        withheld: list[dict] = []
        subject = _fill(draft.subject, draft.parts, audience_tlp, used, withheld)
        body = _fill(draft.body, draft.parts, audience_tlp, used, withheld)
        tlp = tlp_max(used)
        label = f"TLP:{tlp}"
        subject = f"[{label}] {' '.join(subject.split())}"
        lines = [label, "", body.strip(), ""]
        if withheld:
            lines += [
                _(
                    "Voor u weggelaten omdat het boven uw TLP-niveau (TLP:%(level)s) ligt: %(parts)s."
                )
                % {"level": audience_tlp, "parts": withheld_text(withheld)},
                "",
            ]
        lines += [
            "-- ",
            _("Dit bericht is %(label)s: %(meaning)s.")
            % {"label": label, "meaning": tlp_meaning(tlp)},
        ]
        return Rendered(subject=subject, body="\n".join(lines), tlp=tlp, withheld=withheld)
