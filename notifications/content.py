"""Seeded message templates (Dutch product content, editable by administrators afterwards).

Loaded by a data migration; rows are matched on slug and only created when missing, so an
administrator's edits survive.
"""

TEMPLATES = [
    {
        "slug": "grip-wijziging",
        "trigger": "grip",
        "name": "GRIP-wijziging",
        "subject": "{kenmerk}: GRIP-niveau gewijzigd naar {grip}",
        "body": (
            "Geachte relatie,\n\n"
            "Voor het incident {kenmerk} ({titel}) is het GRIP-niveau gewijzigd van {grip_van} "
            "naar {grip}.\n\n"
            "Reden: {reden}\n\n"
            "Duiding (NCP-D): {duiding}\n\n"
            "De veiligheidsregio richt zich op de gevolgen van de digitale verstoring voor het "
            "maatschappelijk leven. U ontvangt dit bericht omdat uw organisatie is opgenomen in "
            "de stakeholderanalyse van dit incident. Vragen of aanvullende informatie: neem "
            "contact op met het VIC.\n\n"
            "Met vriendelijke groet,\n{regio}"
        ),
        "tlp": "GREEN",
        "order": 10,
    },
    {
        "slug": "sleutelbesluit-genomen",
        "trigger": "sleutelbesluit",
        "name": "Sleutelbesluit genomen",
        "subject": "{kenmerk}: sleutelbesluit {sleutelbesluit}",
        "body": (
            "Geachte relatie,\n\n"
            "In het incident {kenmerk} ({titel}, {grip}) is een sleutelbesluit genomen: "
            "{sleutelbesluit}.\n\n"
            "Besluit: {besluit}\n\n"
            "Duiding (NCP-D): {duiding}\n\n"
            "Met vriendelijke groet,\n{regio}"
        ),
        "tlp": "GREEN",
        "order": 10,
    },
    {
        "slug": "situatierapport-gereed",
        "trigger": "sitrep",
        "name": "Situatierapport gereed",
        "subject": "{kenmerk}: nieuw situatierapport",
        "body": (
            "Geachte relatie,\n\n"
            "Voor het incident {kenmerk} ({titel}, {grip}) is een nieuw situatierapport "
            "vastgesteld: {sitrep}.\n\n"
            "Duiding (NCP-D): {duiding}\n\n"
            "Het rapport is op te vragen bij het VIC van {regio}.\n\n"
            "Met vriendelijke groet,\n{regio}"
        ),
        "tlp": "GREEN",
        "order": 10,
    },
    {
        "slug": "eerste-informatie",
        "trigger": "handmatig",
        "name": "Eerste informatie digitale verstoring",
        "subject": "{kenmerk}: digitale verstoring – eerste informatie",
        "body": (
            "Geachte relatie,\n\n"
            "{regio} is betrokken bij een digitale verstoring: {titel} ({kenmerk}, {grip}).\n\n"
            "Duiding (NCP-D): {duiding}\n\n"
            "De veiligheidsregio richt zich op de gevolgen voor het maatschappelijk leven, niet "
            "op het technisch herstel. Wij vragen u na te gaan of uw organisatie of uw "
            "ketenpartners gevolgen ondervinden en dit te melden bij het VIC.\n\n"
            "Met vriendelijke groet,\n{regio}"
        ),
        "tlp": "GREEN",
        "order": 10,
    },
    {
        "slug": "update",
        "trigger": "handmatig",
        "name": "Update",
        "subject": "{kenmerk}: update digitale verstoring",
        "body": (
            "Geachte relatie,\n\n"
            "Een update over de digitale verstoring {titel} ({kenmerk}). Het huidige "
            "GRIP-niveau is {grip}.\n\n"
            "Duiding (NCP-D): {duiding}\n\n"
            "Met vriendelijke groet,\n{regio}"
        ),
        "tlp": "GREEN",
        "order": 20,
    },
]


def load_templates(model) -> int:
    """Create the missing templates (matched on slug); returns how many were created."""
    created = 0
    for row in TEMPLATES:
        _obj, was_created = model.objects.get_or_create(slug=row["slug"], defaults=row)
        created += was_created
    return created
