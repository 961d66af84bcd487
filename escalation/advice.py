"""Escalation advice: which steps to consider, from the NCP-D classification and incident facts.

The rules are code: each Rule has a stable id (its code), a condition on the Facts, the advice
and the sentence(s) of the regional attention card (seed 000) it rests on. The *texts* are the
region's: `AdviceText` rows (seeded from RULES, edited in the admin) override the advice, the
quoted sources and the source title per code; without a row the code's text is used. Advice
is only ever shown: a person decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from incidents.models import Actor, Area, Cause, Domain, Outlook, Source

CARD = "Aandachtskaart cybercrisis / digitale verstoring (VRU)"

# GRIP ranks (escalation.GripLevel.rank, seeded): a rule that advises considering a level is
# settled once the incident is at that level or higher ("advice reads the current level").
GRIP_3_RANK, GRIP_4_RANK, GRIP_5_RANK = 3, 4, 5


@dataclass(frozen=True)
class Facts:
    """What the rules look at; built by `facts_for` or directly in tests."""

    cause: str = Cause.UNKNOWN
    source: str = Source.UNKNOWN
    actor: str = Actor.UNKNOWN
    domain: str = Domain.UNKNOWN
    area: str = Area.UNKNOWN
    outlook: str = Outlook.UNKNOWN
    assumed_blocks: tuple[str, ...] = ()
    # Vital processes (category A/B) affected or threatened for this incident.
    vital_processes_affected: int = 0
    grip_rank: int | None = None
    # Number of affected municipalities (Incident.municipalities, one per line).
    municipalities: int = 0

    @property
    def vital_or_disruption(self) -> bool:
        return self.domain == Domain.VITAL or self.vital_processes_affected > 0

    @property
    def large_societal_effects(self) -> bool:
        """The card's "grote maatschappelijke effecten": vital processes hit (even within one
        region) or effects beyond the region."""
        return self.vital_or_disruption or self.area in (
            Area.SEVERAL_REGIONS,
            Area.SEVERAL_COUNTRIES,
        )

    @property
    def societal_effects(self) -> bool:
        return self.vital_or_disruption or self.domain == Domain.IMPORTANT_SERVICES


@dataclass(frozen=True)
class Rule:
    id: str
    condition: Callable[[Facts], bool]
    advice: str  # Dutch msgid (gettext_noop): translated when shown, unless the region edited it
    sources: tuple[str, ...]  # quoted from the card, Dutch, verbatim
    source_title: str = CARD
    # GRIP level codes to consider; shown as a hint, never applied.
    consider_levels: tuple[str, ...] = ()
    # The rule no longer fires once the current GRIP rank is at least this.
    settled_from_rank: int | None = None

    def applies(self, facts: Facts) -> bool:
        if self.settled_from_rank is not None and (facts.grip_rank or 0) >= self.settled_from_rank:
            return False
        return bool(self.condition(facts))


@dataclass(frozen=True)
class Advice:
    rule: Rule
    # The region's edited text for this rule (escalation.models.AdviceText) or None.
    edited: object | None = None

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def text(self) -> str:
        edited = (getattr(self.edited, "advice", "") or "").strip()
        if edited and edited != self.rule.advice:
            return edited
        # The seeded Dutch text unchanged: show the translation of the code's msgid.
        return gettext(self.rule.advice)

    @property
    def sources(self) -> tuple[str, ...]:
        lines = getattr(self.edited, "source_lines", None)
        return tuple(lines) if lines else self.rule.sources

    @property
    def source_title(self) -> str:
        return (getattr(self.edited, "source_title", "") or "").strip() or self.rule.source_title


RULES: list[Rule] = [
    Rule(
        id="ncc-duiding",
        condition=lambda f: f.large_societal_effects,
        advice=gettext_noop(
            "Laat het VIC contact opnemen met het NCC over de duiding van mogelijke "
            "maatschappelijke ontwrichting."
        ),
        sources=(
            "Bij grote maatschappelijke effecten neem (VIC) contact op met NCC over duiding "
            "mogelijke maatschappelijke ontwrichting;",
            "De regionale crisisorganisatie haalt informatie op via het NCC indien er sprake is "
            "van grote (mogelijke) maatschappelijke effecten.",
        ),
    ),
    Rule(
        id="gebied-bovenregionaal",
        condition=lambda f: f.area in (Area.SEVERAL_REGIONS, Area.SEVERAL_COUNTRIES),
        advice=gettext_noop(
            "Zoek afstemming op MNL-niveau en met de buurregio's. Overweeg GRIP 5 of GRIP Rijk."
        ),
        sources=("Zoek afstemming op MNL-niveau, met buurregio’s en crisispartners.",),
        consider_levels=("grip-5", "grip-rijk"),
        settled_from_rank=GRIP_5_RANK,
    ),
    Rule(
        id="vitale-processen",
        condition=lambda f: f.vital_or_disruption,
        advice=gettext_noop(
            "Overweeg snelle opschaling naar GRIP 4 en informeer de Regionaal Operationeel "
            "Leider van Dienst."
        ),
        sources=(
            "Overweeg snelle opschaling naar GRIP-4 bij (dreigende) maatschappelijke ontwrichting;",
            "Bij een dreiging van maatschappelijke impact: Informeer Regionaal Operationeel "
            "Leider van Dienst",
        ),
        consider_levels=("grip-4",),
        settled_from_rank=GRIP_4_RANK,
    ),
    Rule(
        id="een-gemeente-gbt",
        condition=lambda f: f.societal_effects and f.municipalities == 1,
        advice=gettext_noop(
            "Eén getroffen gemeente: bestuurlijke coördinatie in het GBT onder leiding van de "
            "burgemeester (GRIP 3)."
        ),
        sources=(
            "De volgende bestuurlijke dilemma's, specifiek voor digitale verstoringen, kunnen "
            "gaan spelen voor een GBT/RBT:",
        ),
        consider_levels=("grip-3",),
        settled_from_rank=GRIP_3_RANK,
    ),
    Rule(
        id="meerdere-gemeenten-rbt",
        condition=lambda f: f.societal_effects and f.municipalities > 1,
        advice=gettext_noop(
            "Meerdere getroffen gemeenten: bestuurlijke coördinatie in het RBT onder leiding van "
            "de voorzitter veiligheidsregio (GRIP 4)."
        ),
        sources=(
            "Effecten van digitale verstoringen houden zich vaak niet aan gemeente -of "
            "regiogrenzen:",
            "De volgende bestuurlijke dilemma's, specifiek voor digitale verstoringen, kunnen "
            "gaan spelen voor een GBT/RBT:",
        ),
        consider_levels=("grip-4",),
        settled_from_rank=GRIP_4_RANK,
    ),
    Rule(
        id="alleen-digitaal",
        condition=lambda f: f.domain == Domain.DIGITAL_ONLY and not f.vital_processes_affected,
        advice=gettext_noop(
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
        advice=gettext_noop(
            "Regel de aflossing van de crisisteams en houd rekening met een lange nafase."
        ),
        sources=(
            "Aflossing: Zorg voor continuïteit crisisteam – een cybercrisis heeft de potentie "
            "om lang aan te houden;",
            "Houd rekening met een lange nafase, denk aan herstel en nasleep crisis.",
        ),
    ),
    Rule(
        id="oorzaak-onbekend",
        condition=lambda f: f.cause == Cause.UNKNOWN or "cause" in f.assumed_blocks,
        advice=gettext_noop(
            "De oorzaak staat nog niet vast: ga uit van opzet tot het tegendeel blijkt."
        ),
        sources=(
            "Opzettelijke verstoring: Het is in het begin nog onduidelijk of het een moedwillige "
            "verstoring betreft. Er wordt in beginsel uitgegaan van opzet.",
        ),
    ),
    Rule(
        id="bron-zegt-niets-over-gebied",
        condition=lambda f: f.source != Source.UNKNOWN and f.area != Area.SEVERAL_COUNTRIES,
        advice=gettext_noop(
            "De bron zegt niets over het geraakte gebied: ga snel uit van "
            "gemeentegrensoverschrijdende of landelijke effecten."
        ),
        sources=(
            "De bron van de verstoring zegt niks over het geografisch gebied wat geraakt wordt. "
            "Ga snel uit van gemeentegrensoverschrijdende/landelijke effecten;",
        ),
    ),
    Rule(
        id="actor-opsporing",
        condition=lambda f: f.actor != Actor.UNKNOWN,
        advice=gettext_noop(
            "Er is een actor bekend: leg contact met het cybercrime team van de politie; "
            "opsporing ligt bij de politie en de driehoek."
        ),
        sources=(
            "Leg contact met team cybercrime MNL.",
            "Het cybercrime team kan technische duiding geven op oorzaak en bron en is "
            "verantwoordelijk voor opsporing.",
        ),
    ),
    Rule(
        id="actor-statelijk",
        condition=lambda f: f.actor == Actor.STATE,
        advice=gettext_noop(
            "Statelijke actor: bespreek de rolverdeling tussen de regionale crisisorganisatie, "
            "de driehoek en het Rijk, en stem af via het NCC."
        ),
        sources=(
            "Bespreek en bepaal de rolverdeling tussen regionale crisisorganisatie en het Rijk.",
            "Wat is de rolverdeling tussen de driehoek en de regionale crisisorganisatie en de "
            "getroffen organisatie(s)?",
        ),
    ),
]

RULES_BY_ID = {rule.id: rule for rule in RULES}


def advise(
    facts: Facts, rules: list[Rule] | None = None, *, texts: dict | None = None
) -> list[Advice]:
    """The advice lines whose condition holds, in rule order; texts maps rule id -> AdviceText."""
    texts = texts or {}
    return [
        Advice(rule, texts.get(rule.id))
        for rule in (RULES if rules is None else rules)
        if rule.applies(facts)
    ]


def advice_texts() -> dict:
    """The region's edited advice texts by rule code (one query)."""
    from .models import AdviceText

    return {row.code: row for row in AdviceText.objects.all()}


def seed_texts(apps) -> None:
    """Seed one AdviceText per rule code (data migration, `apps` registry); existing rows stay."""
    model = apps.get_model("escalation", "AdviceText")
    have = set(model.objects.values_list("code", flat=True))
    model.objects.bulk_create(
        [
            model(
                code=rule.id,
                advice=rule.advice,
                sources="\n".join(rule.sources),
                source_title=rule.source_title,
            )
            for rule in RULES
            if rule.id not in have
        ]
    )


def facts_for(incident, *, classification=None, vital_processes_affected=None, grip_rank=None):
    """Facts from the current classification, the incident's affected vital processes and its
    affected municipalities."""
    from incidents.selectors import classification_current

    from .models import IncidentVitalProcess, VitalProcess

    classification = classification or classification_current(incident)
    if vital_processes_affected is None:
        vital_processes_affected = IncidentVitalProcess.objects.filter(
            incident=incident,
            status__in=IncidentVitalProcess.ACTIVE,
            process__category__in=VitalProcess.VITAL,
        ).count()
    common = {
        "vital_processes_affected": vital_processes_affected,
        "grip_rank": grip_rank,
        "municipalities": len(incident.municipality_list),
    }
    if classification is None:
        return Facts(**common)
    return Facts(
        cause=classification.cause,
        source=classification.source,
        actor=classification.actor,
        domain=classification.domain,
        area=classification.area,
        outlook=classification.outlook,
        assumed_blocks=tuple(classification.assumed_blocks or ()),
        **common,
    )
