"""Seeded evaluation themes: the attention card's sections (seed 000) and the NCTV guide's
"Voorbereid zijn" 1-11 (seed 002, from playbook/content.py). Only missing rows are created, so
the region's edits survive."""

CARD = "Aandachtskaart cybercrisis / digitale verstoring (VRU)"
GUIDE = "Handreiking crisisbeheersing en crisiscommunicatie bij digitale incidenten (NCTV/NCSC)"

CARD_SECTIONS = [
    ("kaart-melding", "Melding & alarmering", "melding_alarmering"),
    ("kaart-leiding", "Leiding & coördinatie", "leiding_coordinatie"),
    ("kaart-im-vic", "Informatiemanagement / VIC", "informatiemanagement"),
    ("kaart-crisiscommunicatie", "Crisiscommunicatie", "crisiscommunicatie"),
    ("kaart-nafase", "Nafase", "nafase"),
    ("kaart-operationeel", "Operationeel", "operationeel"),
    ("kaart-sleutelbesluiten", "Sleutelbesluiten", None),
    ("kaart-betrokken-instanties", "Betrokken instanties", None),
]


def themes() -> list[dict]:
    from playbook.content import CHECKLISTS

    def text(entry) -> str:
        return entry[0] if isinstance(entry, tuple) else entry

    rows = []
    for order, (slug, title, checklist) in enumerate(CARD_SECTIONS, start=1):
        body = "\n".join(text(e) for e in CHECKLISTS.get(checklist, [])) if checklist else ""
        rows.append(
            {"slug": slug, "title": title, "source": CARD, "text": body, "order": order * 10}
        )
    for number, entry in enumerate(CHECKLISTS["voorbereid_zijn"], start=1):
        rows.append(
            {
                "slug": f"voorbereid-{number}",
                "title": f"Voorbereid zijn {number}",
                "source": GUIDE,
                "text": text(entry),
                "order": 100 + number * 10,
            }
        )
    return rows


def seed_themes(apps=None) -> int:
    if apps is None:
        from .models import EvaluationTheme
    else:
        EvaluationTheme = apps.get_model("aftermath", "EvaluationTheme")  # noqa: N806
    created = 0
    for row in themes():
        _obj, was_created = EvaluationTheme.objects.get_or_create(slug=row["slug"], defaults=row)
        created += was_created
    return created
