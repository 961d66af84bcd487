"""The crisis functions seeded into incidents.CrisisFunction (the region edits them in the
admin; the loader only creates missing slugs). Names follow the attention card (seed 000) and
the roster's earlier suggestions, so existing roster lines find their function."""

FUNCTIONS = [
    ("leider-copi", "Leider CoPI", "CoPI"),
    ("operationeel-leider", "Operationeel Leider (ROL)", "ROT"),
    ("ac-brandweer", "Algemeen Commandant Brandweer", "ROT"),
    ("ac-politie", "Algemeen Commandant Politie", "ROT"),
    ("ac-ghor", "Algemeen Commandant GHOR", "ROT"),
    ("ac-bevolkingszorg", "Algemeen Commandant Bevolkingszorg", "ROT"),
    ("informatiemanager", "Informatiemanager ROT", "ROT"),
    ("leider-vic", "Leider VIC", "VIC"),
    ("informatiecoordinator", "Informatiecoördinator", "VIC"),
    ("communicatieadviseur", "Communicatieadviseur", "ROT, GBT"),
    ("burgemeester", "Burgemeester", "GBT"),
    ("voorzitter-vr", "Voorzitter veiligheidsregio", "RBT"),
    ("secretaris-gbt-rbt", "Secretaris GBT/RBT", "GBT, RBT"),
    ("liaison-getroffen", "Liaison getroffen partij", "ROT"),
    ("ciso", "CISO", "ROT"),
]

# Earlier free-text roster names that mean one of the functions above.
ALIASES = {
    "liaison getroffen organisatie": "liaison-getroffen",
    "informatiemanager": "informatiemanager",
    "operationeel leider": "operationeel-leider",
    "rol": "operationeel-leider",
}


def load(model) -> int:
    existing = set(model.objects.values_list("slug", flat=True))
    rows = [
        model(slug=slug, name=name, teams=teams, order=(index + 1) * 10)
        for index, (slug, name, teams) in enumerate(FUNCTIONS)
        if slug not in existing
    ]
    model.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def match(model, text: str):
    """The function a free-text name means (case-insensitive name or a known alias), or None."""
    text = (text or "").strip()
    if not text:
        return None
    found = model.objects.filter(name__iexact=text).first()
    if found is None and text.casefold() in ALIASES:
        found = model.objects.filter(slug=ALIASES[text.casefold()]).first()
    return found
