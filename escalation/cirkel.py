"""The Cyber-Crisis-Cirkel: separate (1) the digital disruption from (2) the effect on
societal life, place the incident on it and show which crisis teams are probably active.

Team texts are quoted from the regional attention card (seed 000). The ring of the incident
follows the affected area (and the GRIP level); its side follows the affected domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.utils.translation import gettext_lazy as _

from crisiscentre.texts import TextCache
from incidents.models import Area, Domain

from .advice import Facts

# Geometry of the SVG (viewBox 0 0 WIDTH HEIGHT).
WIDTH, HEIGHT = 720, 540
CX, CY = 360, 250
RADII = (90, 160, 230)
MID_RADII = (50, 125, 195)
BOX_W, BOX_H = 84, 26
# A team box grows with its label so "✓ NCC / LOCC" (bold, 12px) stays inside it: about 8px
# per character of DejaVu Sans Bold plus padding. tests/escalation/test_cirkel_geometry.py
# measures the rendered text in Chromium against its box and the viewBox.
LABEL_CHAR_W, LABEL_PAD = 8, 16

DIGITAL, SOCIETAL, UNDECIDED = "digitaal", "maatschappelijk", "onbepaald"


def _wide(f: Facts) -> bool:
    return f.area in (Area.SEVERAL_REGIONS, Area.SEVERAL_COUNTRIES)


def _rank(f: Facts) -> int:
    return f.grip_rank or 0


@dataclass(frozen=True)
class CrisisTeam:
    key: str
    name: str
    side: str
    ring: int  # 1..3
    slot: int  # stacking position within the ring
    text: str  # from the card, Dutch, verbatim
    is_probably_active: Callable[[Facts], bool]


TEAMS: list[CrisisTeam] = [
    CrisisTeam(
        "cert",
        "CERT",
        DIGITAL,
        1,
        0,
        "Coördinerend computer crisisteam voor de warme fase (bronbestrijding). Deze zijn "
        "sectoraal ingericht en staan in direct contact met het NCSC en de "
        "organisaties/bedrijven die zij vertegenwoordigen.",
        lambda f: True,
    ),
    CrisisTeam(
        "ncsc",
        "NCSC",
        DIGITAL,
        3,
        0,
        "Bijstaan en adviseren Rijksoverheid en vitale processen bij digitale dreigingen en "
        "incidenten.",
        lambda f: f.vital_or_disruption or _wide(f) or _rank(f) >= 5,
    ),
    CrisisTeam(
        "rot",
        "ROT",
        SOCIETAL,
        1,
        0,
        "Veiligheidsregio (crisisorganisatie): Effectbestrijding bij gevolgen voor "
        "maatschappelijke ontwrichting/ gecoördineerde inzet van hulpdiensten.",
        lambda f: _rank(f) >= 2,
    ),
    CrisisTeam(
        "gbt",
        "GBT",
        SOCIETAL,
        1,
        1,
        "Gemeenten: Verantwoordelijk voor openbare orde en veiligheid, bevolkingszorg en "
        "herstellen van maatschappelijke continuïteit.",
        lambda f: _rank(f) == 3,
    ),
    CrisisTeam(
        "rbt",
        "RBT",
        SOCIETAL,
        1,
        2,
        "Overweeg snelle opschaling naar GRIP-4 bij (dreigende) maatschappelijke ontwrichting;",
        lambda f: _rank(f) >= 4,
    ),
    CrisisTeam(
        "ncc-locc",
        "NCC / LOCC",
        SOCIETAL,
        3,
        0,
        "Het eerste aanspreekpunt voor veiligheidsregio’s bij een (dreigende) cybercrisis met "
        "effecten in het fysieke domein. Het LOCC zal bij een cybercrisis met effecten in het "
        "fysieke domein zorgdragen voor informatie-uitwisseling tussen Rijk en regio’s.",
        lambda f: _wide(f) or _rank(f) >= 5,
    ),
    CrisisTeam(
        "nkc",
        "NKC",
        SOCIETAL,
        3,
        1,
        "coördineert de pers- en publieksvoorlichting vanuit de rijksoverheid indien nationale "
        "crisisorganisatie is geactiveerd.",
        lambda f: f.area == Area.SEVERAL_COUNTRIES or _rank(f) >= 6,
    ),
]


def team_rows() -> list[dict]:
    return [
        {"key": team.key, "name": team.name, "text": team.text, "order": i * 10}
        for i, team in enumerate(TEAMS, start=1)
    ]


def load_teams(get_model: Callable | None = None) -> int:
    """Seed the CirkelTeam rows that do not exist yet (data migration); edited rows are kept."""
    if get_model is None:
        from django.apps import apps

        get_model = apps.get_model
    model = get_model("escalation", "CirkelTeam")
    existing = set(model.objects.values_list("key", flat=True))
    new = [model(**row) for row in team_rows() if row["key"] not in existing]
    model.objects.bulk_create(new, ignore_conflicts=True)
    team_texts.clear()
    return len(new)


def _team_texts() -> dict[str, tuple[str, str]]:
    from .models import CirkelTeam

    return {row.key: (row.name, row.text) for row in CirkelTeam.objects.all()}


# key -> (name, text) as the region maintains them in the admin; the code's text is the fallback.
team_texts = TextCache(_team_texts)

REFERENCE_SLUG = "cyber-crisis-cirkel"


def reference_text():
    """The playbook's editable reference text about the cirkel, or None (playbook not
    installed or the text removed). Read by name so escalation does not import playbook."""
    try:
        model = django_apps.get_model("playbook", "ReferenceText")
    except LookupError:
        return None
    return model.objects.filter(slug=REFERENCE_SLUG).first()


RING_LABELS = (_("één regio"), _("meerdere regio's"), _("(inter)nationaal"))


def incident_side(facts: Facts) -> str:
    if facts.domain in (Domain.IMPORTANT_SERVICES, Domain.VITAL) or facts.vital_processes_affected:
        return SOCIETAL
    if facts.domain == Domain.DIGITAL_ONLY:
        return DIGITAL
    return UNDECIDED


def incident_ring(facts: Facts) -> int:
    ring = {Area.SEVERAL_REGIONS: 2, Area.SEVERAL_COUNTRIES: 3}.get(facts.area, 1)
    if _rank(facts) >= 6:
        ring = 3
    elif _rank(facts) >= 5:
        ring = max(ring, 2)
    return ring


def _x(side: str, ring: int, *, marker: bool = False) -> float:
    sign = {DIGITAL: -1, SOCIETAL: 1}.get(side, 0)
    # The marker sits a little off the middle so its label clears the divider.
    offset = MID_RADII[ring - 1] * 0.8 + 20 if marker else MID_RADII[ring - 1]
    return CX + sign * offset


def picture(facts: Facts | None) -> dict:
    """Everything the SVG partial needs; facts=None draws the empty cirkel with all teams."""
    teams = []
    texts = team_texts.get()
    for team in TEAMS:
        name, text = texts.get(team.key, (team.name, team.text))
        active = facts is not None and team.is_probably_active(facts)
        x = _x(team.side, team.ring)
        y = CY + 14 + team.slot * (BOX_H + 8)
        box_w = max(BOX_W, len(f"✓ {team.name}") * LABEL_CHAR_W + LABEL_PAD)
        teams.append(
            {
                "key": team.key,
                "name": name,
                "side": team.side,
                "text": text,
                "active": active,
                "box_x": round(x - box_w / 2),
                "box_w": box_w,
                "box_y": round(y),
                "text_x": round(x),
                "text_y": round(y + BOX_H / 2 + 5),
            }
        )
    rings = [
        {"r": r, "label": label, "label_y": CY - r + 16}
        for r, label in zip(RADII, RING_LABELS, strict=True)
    ]
    marker = None
    if facts is not None:
        side, ring = incident_side(facts), incident_ring(facts)
        marker = {
            "side": side,
            "ring": ring,
            "x": round(_x(side, ring, marker=True)),
            "y": round(CY - MID_RADII[ring - 1] * 0.55 - 18),
            "area_unknown": facts.area == Area.UNKNOWN,
        }
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "cx": CX,
        "cy": CY,
        "r_outer": RADII[-1],
        "rings": rings,
        "teams": teams,
        "active_teams": [team for team in teams if team["active"]],
        "marker": marker,
        "box_w": BOX_W,
        "box_h": BOX_H,
        "left_x": CX - RADII[-1],
        "right_x": CX + RADII[-1],
        "top_y": CY - RADII[-1],
        "bottom_y": CY + RADII[-1],
    }
