"""The plain-language checker: pure functions, tested against the seeded glossary."""

import importlib

import pytest

from communication import checker
from communication.checker import (
    ACTION_PERSPECTIVE,
    ATTRIBUTION,
    JARGON,
    TECHNICAL,
    WORDING,
    check,
    findings_from_dicts,
)

SEED = importlib.import_module("communication.migrations.0002_seed_glossary").TERMS
GLOSSARY = tuple(SEED)


def run(text, action_perspective="Bel bij spoed 112."):
    return check(text, glossary=GLOSSARY, action_perspective=action_perspective)


def matches(text, rule=None):
    return [(f.rule, f.match) for f in run(text) if rule is None or f.rule == rule]


def alternative(term):
    return dict(SEED)[term]


# --- The seeded glossary ----------------------------------------------------------------------


def test_the_seed_holds_at_least_sixty_terms_each_with_an_alternative():
    assert len(SEED) >= 60
    assert all(term.strip() and alt.strip() for term, alt in SEED)
    assert len({term.lower() for term, _alt in SEED}) == len(SEED)


@pytest.mark.parametrize(
    "term",
    [
        "ransomware",
        "DDoS",
        "phishing",
        "malware",
        "exploit",
        "patch",
        "zero-day",
        "botnet",
        "encryptie",
        "firewall",
        "hack",
        "hacker",
        "cyberaanval",
    ],
)
def test_the_seed_includes_the_common_cyber_terms(term):
    assert term in dict(SEED)


@pytest.mark.django_db
def test_the_data_migration_loaded_the_glossary_into_the_database():
    from communication.models import GlossaryTerm

    assert GlossaryTerm.objects.count() == len(SEED)
    assert GlossaryTerm.objects.get(term="phishing").alternative == alternative("phishing")


# --- Jargon -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_match", "term"),
    [
        ("Er is ransomware gevonden.", "ransomware", "ransomware"),
        ("De website ligt plat door een DDoS.", "DDoS", "DDoS"),
        ("Pas op voor phishing.", "phishing", "phishing"),
        ("Er kwam een phishingmail binnen.", "phishingmail", "phishing"),
        ("Medewerkers kregen phishingmails.", "phishingmails", "phishing"),
        ("Er zijn twee exploits gebruikt.", "exploits", "exploit"),
        ("De systemen zijn gepatcht.", "gepatcht", "patch"),
        ("Er wordt een patch uitgerold.", "patch", "patch"),
        ("Het ging om botnetten.", "botnetten", "botnet"),
        ("Er zijn meerdere zero-days.", "zero-days", "zero-day"),
        ("Een zeroday in de software.", "zeroday", "zero-day"),
        ("Een zero day in de software.", "zero day", "zero-day"),
        ("Alle firewalls staan aan.", "firewalls", "firewall"),
        ("De encryptie is sterk.", "encryptie", "encryptie"),
        ("Er zijn kwetsbaarheden gevonden.", "kwetsbaarheden", "kwetsbaarheid"),
        ("De MALWARE is verwijderd.", "MALWARE", "malware"),
        ("Door hackers is dit gebeurd.", "hackers", "hacker"),
    ],
)
def test_it_flags_jargon_in_dutch_inflections_and_compounds_with_the_plain_alternative(
    text, expected_match, term
):
    jargon = [f for f in run(text) if f.rule == JARGON]
    assert [(f.match, f.suggestion) for f in jargon] == [(expected_match, alternative(term))]


@pytest.mark.parametrize(
    "text",
    [
        "De patiënt ligt op de afdeling.",  # patiënt is not patch
        "Patiënten worden opgevangen in een ander ziekenhuis.",
        "Een deken van patchwork.",  # not a compound we recognise: decided to stay quiet
        "De hackathon gaat door.",
        "De exploitatie van het zwembad stopt.",
        "Het dossier is compleet.",
        "Botsing op de A12; de boten liggen stil.",
        "De gemeente serveert koffie.",
        "Het certificaat is verlopen.",
        "Zorg voor elkaar en blijf rustig.",
    ],
)
def test_it_does_not_flag_ordinary_words(text):
    assert run(text) == []


def test_a_longer_term_wins_over_a_shorter_one_on_the_same_word():
    findings = run("Hackers zitten niet stil.")
    assert [(f.match, f.suggestion) for f in findings if f.rule == JARGON] == [
        ("Hackers", alternative("hacker"))
    ]


def test_an_empty_glossary_gives_no_jargon_findings():
    assert check("Er is ransomware.", glossary=(), action_perspective="x") == []


# --- Wording: cyberaanval, hack, aanval -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_match"),
    [
        ("Er is een cyberaanval gaande.", "cyberaanval"),
        ("Er zijn cyberaanvallen gemeld.", "cyberaanvallen"),
        ("Een cyber-aanval op het ziekenhuis.", "cyber-aanval"),
        ("Het ziekenhuis is gehackt.", "gehackt"),
        ("Na de hack ligt alles stil.", "hack"),
        ("Er was een aanval op het netwerk.", "aanval"),
        ("Het ging om een digitale aanval.", "digitale aanval"),
        ("De ransomware-aanval duurt voort.", "ransomware-aanval"),
        ("De ransomwareaanval duurt voort.", "ransomwareaanval"),
        ("Er waren DDoS-aanvallen op de gemeente.", "DDoS-aanvallen"),
        ("Er kwam een hackpoging binnen.", "hackpoging"),
    ],
)
def test_it_flags_attack_wording_and_suggests_digitale_verstoring(text, expected_match):
    wording = [f for f in run(text) if f.rule == WORDING]
    assert [(f.match, f.suggestion) for f in wording] == [(expected_match, "digitale verstoring")]


def test_a_compound_attack_also_names_the_jargon_inside_it():
    assert matches("De ransomware-aanval duurt voort.") == [
        (WORDING, "ransomware-aanval"),
        (JARGON, "ransomware"),
    ]


def test_a_glossary_entry_for_the_same_word_does_not_double_the_finding():
    assert matches("Een cyberaanval.") == [(WORDING, "cyberaanval")]


@pytest.mark.parametrize(
    "text",
    [
        "Een patiënt met een hartaanval is overgebracht.",
        "Bij een astma-aanval: bel de huisarts.",
        "Het aanvallend spel van FC Utrecht.",
        "De tegenaanval kwam laat.",
    ],
)
def test_it_does_not_flag_attacks_that_are_not_digital(text):
    assert run(text) == []


# --- Attribution ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_match"),
    [
        ("Russische hackers hebben dit gedaan.", "Russische hackers"),
        ("Vermoedelijk zit een statelijke actor hierachter.", "statelijke actor"),
        ("Het lijken criminelen achter de schermen.", "criminelen achter"),
        ("Dit is het werk van een bekende groep.", "is het werk van"),
        ("Rusland zit achter de aanval.", "zit achter de aanval"),
        ("Criminelen zitten erachter.", "Criminelen zitten erachter"),
        ("De verstoring wordt toegeschreven aan Noord-Korea.", "toegeschreven aan"),
        ("LockBit heeft de aanval opgeëist.", "LockBit"),
        (
            "Het gebeurde in opdracht van een buitenlandse staat.",
            "in opdracht van een buitenlandse staat",
        ),
        ("Het zijn hackers uit China.", "hackers uit China"),
    ],
)
def test_it_flags_attribution_claims(text, expected_match):
    attribution = [f.match for f in run(text) if f.rule == ATTRIBUTION]
    assert expected_match in attribution
    assert all(f.suggestion == "" for f in run(text) if f.rule == ATTRIBUTION)


@pytest.mark.parametrize(
    "text",
    [
        "Het systeem staat uit.",
        "Wie erachter zit, is niet bekend en daar doen wij geen uitspraak over.",
        "De Amerikaanse overheid is geïnformeerd.",
        "Medewerkers zitten achter hun bureau te wachten.",
    ],
)
def test_it_does_not_call_ordinary_sentences_attribution(text):
    assert [f for f in run(text) if f.rule == ATTRIBUTION] == []


# --- Technical explanation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_match"),
    [
        ("Zij kwamen binnen via CVE-2024-3400.", "CVE-2024-3400"),
        ("Verkeer kwam van 185.220.101.4 af.", "185.220.101.4"),
        ("Poort 3389 stond open.", "Poort 3389"),
        ("Toegang verkregen via een leverancier.", "Toegang verkregen via"),
        ("Binnengedrongen via de VPN.", "Binnengedrongen via"),
        ("Zij kwamen via een kwetsbaarheid in de software.", "via een kwetsbaarheid in"),
        ("De bestanden zijn versleuteld met AES-256.", "versleuteld met"),
        ("Het bestand invoice.exe werd geopend.", "invoice.exe"),
        ("Het gaat om versie 7.2.1 van de software.", "versie 7.2.1"),
    ],
)
def test_it_flags_technical_explanation(text, expected_match):
    assert expected_match in [f.match for f in run(text) if f.rule == TECHNICAL]


def test_many_technical_terms_read_as_technical_explanation():
    findings = run("De malware kwam via phishing en een exploit op de server.")
    assert [f.rule for f in findings].count(JARGON) == 4
    assert Finding_whole(TECHNICAL) in findings


def test_two_technical_terms_are_not_yet_an_explanation():
    findings = run("De malware kwam via phishing.")
    assert TECHNICAL not in [f.rule for f in findings]


def Finding_whole(rule):  # noqa: N802 - reads as the finding it builds
    return checker.Finding(rule, field="text")


# --- Action perspective -----------------------------------------------------------------------


@pytest.mark.parametrize("perspective", ["", "   ", "\n"])
def test_it_warns_when_there_is_no_action_perspective(perspective):
    findings = check("Er is een storing.", glossary=GLOSSARY, action_perspective=perspective)
    assert [(f.rule, f.field) for f in findings] == [(ACTION_PERSPECTIVE, "action_perspective")]


def test_it_skips_the_action_perspective_rule_for_texts_without_one():
    assert check("Er is een storing.", glossary=GLOSSARY, action_perspective=None) == []


def test_it_checks_the_action_perspective_text_too():
    findings = check(
        "Er is een storing.", glossary=GLOSSARY, action_perspective="Installeer de patch."
    )
    assert [(f.rule, f.match, f.field) for f in findings] == [
        (JARGON, "patch", "action_perspective")
    ]


# --- Output -----------------------------------------------------------------------------------


def test_findings_come_in_reading_order_with_their_position():
    text = "Door een DDoS en een cyberaanval."
    findings = run(text)
    assert [f.match for f in findings] == ["DDoS", "cyberaanval"]
    assert all(text[f.start : f.end] == f.match for f in findings)


def test_a_clean_message_has_no_findings():
    assert (
        run(
            "Door een digitale verstoring is de website van de gemeente niet bereikbaar. "
            "Wij werken aan een oplossing en informeren u om 16.00 uur opnieuw."
        )
        == []
    )


def test_findings_survive_a_round_trip_through_json():
    findings = run("Een cyberaanval door Russische hackers.", action_perspective="")
    assert findings_from_dicts([f.as_dict() for f in findings]) == findings


def test_every_rule_has_a_label_and_advice():
    for finding in run("Cyberaanval, DDoS, Russische hackers, CVE-2024-1234.", ""):
        assert finding.label and finding.advice
