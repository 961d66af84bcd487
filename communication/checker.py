"""Plain-language check for crisis communication (pure functions: text in, findings out).

The rules follow the attention card's crisis-communication points: say "digitale verstoring"
rather than "cyberaanval"; minimal (cyber)technical language; the region gives process
information, no technical explanation; no attribution (who is behind it); always an action
perspective. The glossary is passed in (GlossaryTerm rows as (term, alternative) pairs), so
this module never touches the database and can be tested on its own.

Dutch word forms are handled without a dictionary:
- inflections after a term: ransomware-aanval, DDoS'en, hackers, botnetten, firewalls;
- a participle: gehackt, gepatcht;
- a compound with a common Dutch head noun: phishingmail, ransomwarebende, zero-daylek.
A term must start a word (or a hyphenated part) and the rest of the word must be one of those
endings, so ordinary words stay quiet: "patchwork", "hackathon", "exploitatie", "patiënt",
"hartaanval", "aanvallend".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

WORDING = "wording"
JARGON = "jargon"
ATTRIBUTION = "attribution"
TECHNICAL = "technical"
ACTION_PERSPECTIVE = "action_perspective"

# What each rule asks of the writer (shown next to the findings).
RULE_ADVICE = {
    WORDING: _("Spreek niet over een cyberaanval of hack, maar over een digitale verstoring."),
    JARGON: _("Vakterm: gebruik een woord dat iedereen begrijpt."),
    ATTRIBUTION: _(
        "De regio doet geen uitspraak over wie erachter zit of waar het vandaan komt (geen attributie)."
    ),
    TECHNICAL: _(
        "Technische uitleg: de regio geeft procesinformatie; technische duiding komt van de getroffen organisatie of het NCSC."
    ),
    ACTION_PERSPECTIVE: _(
        "Er is geen handelingsperspectief: vertel wat de lezer zelf kan doen of waar hij terecht kan."
    ),
}
RULE_LABELS = {
    WORDING: _("Woordkeus"),
    JARGON: _("Vakterm"),
    ATTRIBUTION: _("Attributie"),
    TECHNICAL: _("Technische uitleg"),
    ACTION_PERSPECTIVE: _("Handelingsperspectief"),
}
# Identical spans: the first rule in this order wins.
PRIORITY = {ATTRIBUTION: 0, WORDING: 1, TECHNICAL: 2, JARGON: 3, ACTION_PERSPECTIVE: 4}

PLAIN_WORDING = "digitale verstoring"
# This many different technical terms in one text reads as a technical explanation.
JARGON_DENSITY = 3


@dataclass(frozen=True)
class Finding:
    rule: str
    match: str = ""  # the words as written; "" when the finding is about the whole field
    suggestion: str = ""  # a plain alternative to use instead (glossary data), or ""
    field: str = "text"  # "title", "text" or "action_perspective"
    start: int = -1
    end: int = -1
    # The region's wording of the rule (communication/rules.py); not stored with the finding,
    # so stored findings show the current wording.
    label_text: str = dataclass_field(default="", compare=False, repr=False)
    advice_text: str = dataclass_field(default="", compare=False, repr=False)

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["label_text"], data["advice_text"]
        return data

    @property
    def advice(self) -> str:
        return self.advice_text or str(RULE_ADVICE[self.rule])

    @property
    def label(self) -> str:
        return self.label_text or str(RULE_LABELS[self.rule])


# --- Dutch word forms -------------------------------------------------------------------------

INFLECTIONS = r"s|'s|en|e|es|er|ers|t|te|ten|de|den|je|jes|tje|tjes"
# Head nouns that often follow a technical term in a Dutch compound (phishingmail).
COMPOUND_HEADS = (
    r"aanval|aanvallen|aanvaller|mail|e-?mail|bericht|software|programma|code|groep|bende|"
    r"campagne|poging|lek|incident|dreiging|besmetting|infectie|netwerk|server|systeem|site|"
    r"website|link|actor|crimineel|criminelen|verkeer|golf|aanvraag|melding|bijlage|"
    r"onderzoek|verstoring|update|beveiliging"
)
CONSONANTS = set("bcdfghjklmnpqrstvwxz")
ATTACK = r"aanval(?:len)?"
# Words glued or hyphenated to "aanval" that make it cyber-attack wording.
ATTACK_MODIFIERS = r"cyber|hack|hackers?|digitale\s+"


def _flexible(term: str) -> str:
    """'zero-day' also matches 'zero day' and 'zeroday'."""
    parts = [re.escape(part) for part in re.split(r"[-\s]+", term.strip()) if part]
    return r"[-\s]?".join(parts)


def _term_regex(term: str) -> re.Pattern:
    core = _flexible(term)
    if term.lower().endswith("heid"):  # kwetsbaarheid -> kwetsbaarheden
        core = rf"(?:{core}|{re.escape(term[:-4])}heden)"
    last = term.strip()[-1].lower()
    double = f"{re.escape(last)}?" if last in CONSONANTS else ""
    tail = rf"(?:{double}(?:{INFLECTIONS})|(?:{COMPOUND_HEADS})(?:{INFLECTIONS})?)"
    return re.compile(rf"(?<!\w)(?:ge)?{core}{tail}?(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=16)
def _compiled(glossary: tuple[tuple[str, str], ...]):
    terms = sorted(
        ((term, alternative) for term, alternative in glossary if term.strip()),
        key=lambda pair: -len(pair[0]),
    )
    jargon = [(term, alternative, _term_regex(term)) for term, alternative in terms]
    modifiers = "|".join([ATTACK_MODIFIERS] + [_flexible(term) for term, _alt in terms])
    wording = [
        # cyberaanval, ransomware-aanval, DDoS-aanvallen, digitale aanval, hackaanval
        re.compile(rf"(?<![\w-])(?:{modifiers})[-\s]?{ATTACK}(?!\w)", re.IGNORECASE),
        # a bare "aanval(len)"; not hartaanval, astma-aanval or aanvallend
        re.compile(rf"(?<![\w-]){ATTACK}(?!\w)", re.IGNORECASE),
        re.compile(r"(?<!\w)cyber[-\s]?(?:attack|attacks|aanvaller|aanvallers)(?!\w)", re.I),
        # hack, hacks, hacken, gehackt, hackte(n), hackpoging; hackers is a glossary term
        re.compile(r"(?<![\w-])(?:ge)?hack(?:s|t|te|ten|en|poging|pogingen)?(?!\w)", re.I),
    ]
    return jargon, wording


NATIONALITIES = (
    r"russische|chinese|noord-koreaanse|iraanse|oekraïense|wit-russische|buitenlandse|"
    r"oost-europese|amerikaanse|israëlische|turkse"
)
PERPETRATORS = (
    r"hackers?|hackersgroep(?:en)?|hackerscollectief|(?:cyber)?criminelen|criminele\s+groep|"
    r"actoren|actor|staatshackers?|inlichtingendienst(?:en)?|groep(?:en)?|"
    r"bende|daders?|aanvallers?|activisten|hacktivisten"
)
ATTRIBUTION_PATTERNS = [
    rf"(?<!\w)(?:{NATIONALITIES})\s+(?:{PERPETRATORS})(?!\w)",
    r"(?<!\w)(?:niet-)?statelijke?\s+actor(?:en)?(?!\w)",
    r"(?<!\w)staatshackers?(?!\w)",
    r"(?<!\w)(?:cyber)?criminelen\s+(?:zitten\s+)?(?:er)?achter(?!\w)",
    # "Rusland zit achter de aanval", "criminelen zitten erachter"; not "wie erachter zit"
    r"(?<!\w)(?:zit|zitten|zat|zaten|steekt|steken|stak|staken)\s+(?:waarschijnlijk\s+|vermoedelijk\s+|mogelijk\s+)?"
    r"(?:erachter|achter\s+(?:de|deze|het)\s+(?:digitale\s+)?(?:verstoring|storing|hack|incident|[\w-]*aanval(?:len)?))(?!\w)",
    r"(?<!\w)(?:is|was|zijn|waren)\s+het\s+werk\s+van(?!\w)",
    r"(?<!\w)toegeschreven\s+aan(?!\w)",
    r"(?<!\w)opge[eë]ist(?!\w)",
    r"(?<!\w)in\s+opdracht\s+van\s+(?:een\s+)?(?:buitenlandse\s+)?(?:staat|overheid|mogendheid|land)(?!\w)",
    r"(?<!\w)(?:hackers?|(?:cyber)?criminelen|daders?|aanvallers?|groep)\s+uit\s+(?:het\s+)?"
    r"(?:buitenland|rusland|china|noord-korea|iran|oost-europa|wit-rusland)(?!\w)",
    # Named criminal groups: naming one is attribution.
    r"(?<!\w)(?:lockbit|conti|revil|killnet|noname057(?:\(16\))?|akira|blackcat|alphv|cl[o0]p|lazarus|apt\s?\d+)(?!\w)",
]
TECHNICAL_PATTERNS = [
    r"(?<!\w)CVE-\d{4}-\d{3,}(?!\w)",
    r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])",  # an IPv4 address
    r"(?<!\w)poort\s+\d+(?!\w)",
    r"(?<!\w)versie\s+\d+(?:\.\d+)+(?!\w)",
    r"(?<!\w)(?:AES|RSA)-?\d{3,4}(?!\w)",
    r"(?<!\w)[\w-]+\.(?:exe|dll|ps1|bat|vbs|js)(?!\w)",  # a file name such as payload.exe
    r"(?<!\w)(?:via|door|met)\s+(?:een|de|het)\s+(?:bekende\s+|onbekende\s+)?"
    r"(?:kwetsbaarheid|beveiligingslek|lek|zwakke\s+plek|bug|exploit|backdoor|achterdeur|"
    r"phishingmail|geïnfecteerde\s+bijlage|vpn[\w-]*|server|firewall)\s+(?:in|van|op|bij)(?!\w)",
    r"(?<!\w)(?:binnengedrongen|binnengekomen|ingebroken|toegang\s+(?:verkregen|gekregen|verschaft))\s+(?:via|door|met)(?!\w)",
    r"(?<!\w)versleuteld\s+met(?!\w)",
    r"(?<!\w)(?:lateral\s+movement|privilege[-\s]escalation|rechtenescalatie)(?!\w)",
]
_ATTRIBUTION = [re.compile(p, re.IGNORECASE) for p in ATTRIBUTION_PATTERNS]
_TECHNICAL = [re.compile(p, re.IGNORECASE) for p in TECHNICAL_PATTERNS]


# --- The check --------------------------------------------------------------------------------


def _scan(text: str, field: str, glossary: tuple[tuple[str, str], ...]) -> list[Finding]:
    jargon, wording = _compiled(glossary)
    candidates: list[tuple[Finding, int]] = []  # (finding, tie-break: longer term first)

    def add(rule, match, suggestion="", weight=0):
        candidates.append(
            (
                Finding(rule, match.group(0), suggestion, field, match.start(), match.end()),
                weight,
            )
        )

    for pattern in _ATTRIBUTION:
        for match in pattern.finditer(text):
            add(ATTRIBUTION, match)
    for pattern in wording:
        for match in pattern.finditer(text):
            add(WORDING, match, PLAIN_WORDING)
    for pattern in _TECHNICAL:
        for match in pattern.finditer(text):
            add(TECHNICAL, match)
    for term, alternative, pattern in jargon:
        for match in pattern.finditer(text):
            add(JARGON, match, alternative, -len(term))

    candidates.sort(key=lambda c: (c[0].start, -(c[0].end - c[0].start), PRIORITY[c[0].rule], c[1]))
    # Sorted by start, so a finding overlaps an accepted one of the same rule exactly when
    # that rule's furthest accepted end lies beyond its start (linear, not quadratic).
    accepted: list[Finding] = []
    spans: set[tuple[int, int]] = set()
    furthest_end: dict[str, int] = {}
    for finding, _weight in candidates:
        span = (finding.start, finding.end)
        if span in spans or furthest_end.get(finding.rule, -1) > finding.start:
            continue
        accepted.append(finding)
        spans.add(span)
        furthest_end[finding.rule] = max(furthest_end.get(finding.rule, -1), finding.end)

    distinct_jargon = {f.match.lower() for f in accepted if f.rule == JARGON}
    if len(distinct_jargon) >= JARGON_DENSITY and not any(f.rule == TECHNICAL for f in accepted):
        accepted.append(Finding(TECHNICAL, field=field))
    return accepted


def check(
    text: str,
    *,
    glossary: Iterable[tuple[str, str]] = (),
    action_perspective: str | None = None,
    title: str = "",
) -> list[Finding]:
    """All findings for a message's subject, text and action perspective, in reading order.

    The subject (title) is what most readers see first (a headline, a mail subject), so it
    is held to the same rules as the text. Pass action_perspective=None for texts that have
    no such field (e.g. the core message); an empty string means the field exists but is
    empty, which is itself a finding.
    """
    glossary = tuple((str(term), str(alternative)) for term, alternative in glossary)
    findings = _scan(title, "title", glossary) if title and title.strip() else []
    findings += _scan(text or "", "text", glossary)
    if action_perspective is not None:
        if action_perspective.strip():
            findings += _scan(action_perspective, "action_perspective", glossary)
        else:
            findings.append(Finding(ACTION_PERSPECTIVE, field="action_perspective"))
    return findings


def findings_from_dicts(rows: Iterable[dict]) -> list[Finding]:
    """Findings stored as JSON (Message.findings) back into Finding objects."""
    fields = set(Finding.__dataclass_fields__)
    return [Finding(**{k: v for k, v in row.items() if k in fields}) for row in rows]
