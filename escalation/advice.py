"""Escalation advice: which steps to consider, from the NCP-D classification and incident facts.

The rules are data: a list of Rule records, each with an id, a condition on the Facts, the
advice and the sentence(s) of the regional attention card (seed 000) it rests on. A region
adjusts its advice by editing RULES. Advice is only ever shown: a person decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from incidents.models import Area, Cause, Domain, Outlook

CARD = "Aandachtskaart cybercrisis / digitale verstoring (VRU)"


@dataclass(frozen=True)
class Facts:
    """What the rules look at; built by `facts_for` or directly in tests."""

    cause: str = Cause.UNKNOWN
    domain: str = Domain.UNKNOWN
    area: str = Area.UNKNOWN
    outlook: str = Outlook.UNKNOWN
    assumed_blocks: tuple[str, ...] = ()
    # Vital processes (category A/B) affected or threatened for this incident.
    vital_processes_affected: int = 0
    grip_rank: int | None = None

    @property
    def vital_or_disruption(self) -> bool:
        return self.domain == Domain.VITAL or self.vital_processes_affected > 0


@dataclass(frozen=True)
class Rule:
    id: str
    condition: Callable[[Facts], bool]
    advice: str
    sources: tuple[str, ...]  # quoted from the card, Dutch, verbatim
    source_title: str = CARD
    # GRIP level codes to consider; shown as a hint, never applied.
    consider_levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Advice:
    rule: Rule

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def text(self) -> str:
        return str(self.rule.advice)


RULES: list[Rule] = [
    Rule(
        id="gebied-bovenregionaal",
        condition=lambda f: f.area in (Area.SEVERAL_REGIONS, Area.SEVERAL_COUNTRIES),
        advice=_(
            "Laat het VIC contact opnemen met het NCC over de duiding van mogelijke "
            "maatschappelijke ontwrichting. Zoek afstemming op MNL-niveau en met de buurregio's. "
            "Overweeg GRIP 5 of GRIP Rijk."
        ),
        sources=(
            "Bij grote maatschappelijke effecten neem (VIC) contact op met NCC over duiding "
            "mogelijke maatschappelijke ontwrichting;",
            "Zoek afstemming op MNL-niveau, met buurregio’s en crisispartners.",
        ),
        consider_levels=("grip-5", "grip-rijk"),
    ),
    Rule(
        id="vitale-processen",
        condition=lambda f: f.vital_or_disruption,
        advice=_(
            "Overweeg snelle opschaling naar GRIP 4 en informeer de Regionaal Operationeel "
            "Leider van Dienst."
        ),
        sources=(
            "Overweeg snelle opschaling naar GRIP-4 bij (dreigende) maatschappelijke ontwrichting;",
            "Bij een dreiging van maatschappelijke impact: Informeer Regionaal Operationeel "
            "Leider van Dienst",
        ),
        consider_levels=("grip-4",),
    ),
    Rule(
        id="alleen-digitaal",
        condition=lambda f: f.domain == Domain.DIGITAL_ONLY and not f.vital_processes_affected,
        advice=_(
            "Nog geen GRIP nodig: schaal flexibel op en werk opgavegericht. Blijf de vragen "
            "stellen; de antwoorden kunnen veranderen."
        ),
        sources=(
            "Schaal flexibel op indien er nog geen maatschappelijke effecten zijn, maar wanneer "
            "dit wel verwacht wordt.",
            "Het is belangrijk om de vragen gedurende de crisis te blijven stellen. Let op: de "
            "antwoorden kunnen gedurende de crisis veranderen.",
        ),
    ),
    Rule(
        id="langdurig-onbekend",
        condition=lambda f: f.outlook == Outlook.LONG_UNKNOWN,
        advice=_("Regel de aflossing van de crisisteams en houd rekening met een lange nafase."),
        sources=(
            "Aflossing: Zorg voor continuïteit crisisteam – een cybercrisis heeft de potentie "
            "om lang aan te houden;",
            "Houd rekening met een lange nafase, denk aan herstel en nasleep crisis.",
        ),
    ),
    Rule(
        id="oorzaak-onbekend",
        condition=lambda f: f.cause == Cause.UNKNOWN or "cause" in f.assumed_blocks,
        advice=_("De oorzaak staat nog niet vast: ga uit van opzet tot het tegendeel blijkt."),
        sources=(
            "Opzettelijke verstoring: Het is in het begin nog onduidelijk of het een moedwillige "
            "verstoring betreft. Er wordt in beginsel uitgegaan van opzet.",
        ),
    ),
]


def advise(facts: Facts, rules: list[Rule] | None = None) -> list[Advice]:
    """The advice lines whose condition holds, in rule order."""
    return [Advice(rule) for rule in (RULES if rules is None else rules) if rule.condition(facts)]


def facts_for(incident, *, classification=None, vital_processes_affected=None, grip_rank=None):
    """Facts from the current classification and the incident's affected vital processes."""
    from incidents.services import classification_current

    from .models import IncidentVitalProcess, VitalProcess

    classification = classification or classification_current(incident)
    if vital_processes_affected is None:
        vital_processes_affected = IncidentVitalProcess.objects.filter(
            incident=incident,
            status__in=IncidentVitalProcess.ACTIVE,
            process__category__in=VitalProcess.VITAL,
        ).count()
    if classification is None:
        return Facts(vital_processes_affected=vital_processes_affected, grip_rank=grip_rank)
    return Facts(
        cause=classification.cause,
        domain=classification.domain,
        area=classification.area,
        outlook=classification.outlook,
        assumed_blocks=tuple(classification.assumed_blocks or ()),
        vital_processes_affected=vital_processes_affected,
        grip_rank=grip_rank,
    )
