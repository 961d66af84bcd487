"""Seeded product content: GRIP levels, the national list of vital processes and the
reporting decision tree. Dutch source wording; this is data, not gettext.

Every function takes an app registry (`apps` in a data migration, `django.apps.apps`
elsewhere) and is idempotent: existing rows are left alone, so a region's edits survive.
"""

GRIP_LEVELS = [
    {
        "code": "geen",
        "name": "Geen GRIP",
        "rank": 0,
        "team": "Routine / flexibel opschalen",
        "led_by": "Dienstdoende functionarissen; het VIC ondersteunt",
        "description": (
            "Geen multidisciplinaire coördinatie nodig. Bij digitale verstoring zal er geen "
            "sprake zijn van een flitsramp: schaal flexibel op en werk opgavegericht."
        ),
        "activation_checklist": [
            "Gebruik LCMS ook buiten de GRIP-structuur; het VIC ondersteunt",
            "Bij een dreiging van maatschappelijke impact: informeer de Regionaal Operationeel Leider van Dienst",
            "Blijf de vragen van de Cyber-Crisis-Cirkel stellen",
        ],
    },
    {
        "code": "grip-1",
        "name": "GRIP 1",
        "rank": 1,
        "team": "CoPI",
        "led_by": "Leider CoPI",
        "description": "Multidisciplinaire coördinatie op de plaats incident (CoPI).",
        "activation_checklist": [
            "Alarmeer het CoPI",
            "Leider CoPI neemt de leiding",
            "Bepaal plaats incident en effectgebied",
            "Overweeg een liaison van de getroffen organisatie uit te nodigen",
        ],
    },
    {
        "code": "grip-2",
        "name": "GRIP 2",
        "rank": 2,
        "team": "ROT",
        "led_by": "Operationeel leider",
        "description": "Multidisciplinaire coördinatie in het Regionaal Operationeel Team (ROT).",
        "activation_checklist": [
            "Alarmeer het ROT",
            "Operationeel leider neemt de leiding",
            "VIC: deel het beeld in LCMS met alle actieve teams",
            "Nodig de CISO of een liaison van de getroffen organisatie uit",
            "Maak een stakeholderanalyse van betrokken organisaties",
        ],
    },
    {
        "code": "grip-3",
        "name": "GRIP 3",
        "rank": 3,
        "team": "GBT",
        "led_by": "Burgemeester",
        "description": (
            "Bestuurlijke coördinatie in het Gemeentelijk Beleidsteam (GBT) van één gemeente."
        ),
        "activation_checklist": [
            "Alarmeer het GBT",
            "Informeer de burgemeester",
            "Bepaal de kernboodschap en de rolverdeling in de communicatie",
            "Regel de aflossing van het crisisteam",
        ],
    },
    {
        "code": "grip-4",
        "name": "GRIP 4",
        "rank": 4,
        "team": "RBT",
        "led_by": "Voorzitter veiligheidsregio",
        "description": (
            "Effecten in meerdere gemeenten: bestuurlijke coördinatie in het Regionaal "
            "Beleidsteam (RBT)."
        ),
        "activation_checklist": [
            "Alarmeer het RBT",
            "Informeer de voorzitter veiligheidsregio",
            "VIC: neem contact op met het NCC over duiding van mogelijke maatschappelijke ontwrichting",
            "Zoek afstemming op MNL-niveau, met buurregio's en crisispartners",
            "Neem bij (dreigende) grote maatschappelijke effecten contact op met het NKC",
        ],
    },
    {
        "code": "grip-5",
        "name": "GRIP 5",
        "rank": 5,
        "team": "Interregionaal (meerdere RBT's)",
        "led_by": "Coördinerend voorzitter veiligheidsregio",
        "description": "Effecten in meerdere veiligheidsregio's: interregionale coördinatie.",
        "activation_checklist": [
            "Wijs de coördinerend voorzitter aan",
            "Stem af met de buurregio's en het NCC/LOCC",
            "Eén gezamenlijk beeld in LCMS",
        ],
    },
    {
        "code": "grip-rijk",
        "name": "GRIP Rijk",
        "rank": 6,
        "team": "Nationale crisisstructuur (NCC)",
        "led_by": "Rijk (nationale crisisstructuur)",
        "description": (
            "Landelijke verstoring: de nationale crisisstructuur is actief; informatie-uitwisseling "
            "tussen Rijk en regio's via het LOCC."
        ),
        "activation_checklist": [
            "Informatie-uitwisseling Rijk en regio via het LOCC",
            "Stem de crisiscommunicatie af met het NKC",
            "Bespreek de rolverdeling tussen regionale crisisorganisatie en het Rijk",
        ],
    },
]


VITAL_PROCESS_LIST = {
    "name": "Overzicht vitale processen (NCTV), indeling categorie A/B",
    "version": "NCTV-2021-AB",
    "source": (
        "nctv.nl – Overzicht vitale processen, indeling categorie A en B (stand 2021); "
        "aangevuld met maatschappelijk belangrijke voorzieningen (regionale aanvulling, niet-vitaal)"
    ),
}

_POWER = [
    "Blijft de drinkwaterdruk op peil zonder stroom (pompen en gemalen)?",
    "Is 112 bereikbaar en houdt C2000 het op noodstroom?",
    "Welke inwoners zijn thuis afhankelijk van medische apparatuur (beademing, thuisdialyse)?",
    "Hoe lang hebben ziekenhuizen en zorginstellingen noodstroom en brandstof?",
    "Werken telecom, pinautomaten en tankstations nog?",
]
_GAS = [
    "Hoeveel huishoudens en instellingen zitten zonder verwarming, en hoe lang?",
    "Welke kwetsbare inwoners hebben opvang of warmte nodig?",
]

# (code, name, sector, category, cascade questions)
VITAL_PROCESSES = [
    (
        "elektriciteit-landelijk",
        "Landelijk transport, distributie en productie elektriciteit",
        "Energie",
        "A",
        _POWER,
    ),
    ("elektriciteit-regionaal", "Regionale distributie elektriciteit", "Energie", "B", _POWER),
    ("gas-landelijk", "Gasproductie, landelijk transport en distributie gas", "Energie", "A", _GAS),
    ("gas-regionaal", "Regionale distributie gas", "Energie", "B", _GAS),
    (
        "olie",
        "Olievoorziening",
        "Energie",
        "A",
        [
            "Is er brandstof voor noodstroomaggregaten en hulpdiensten?",
            "Werken tankstations en de brandstofdistributie?",
        ],
    ),
    (
        "internet-datadiensten",
        "Internet en datadiensten",
        "ICT/Telecom",
        "B",
        [
            "Welke (overheids)diensten en zorgsystemen draaien in de getroffen datacentra of clouddiensten?",
            "Werken betalingsverkeer en online dienstverlening nog?",
        ],
    ),
    (
        "internettoegang",
        "Internettoegang en dataverkeer",
        "ICT/Telecom",
        "B",
        [
            "Zijn inwoners bereikbaar voor crisiscommunicatie (NL-Alert, websites, sociale media)?",
            "Werken personenalarmering en domotica in de zorg nog?",
        ],
    ),
    (
        "spraak-sms",
        "Spraakdienst en SMS",
        "ICT/Telecom",
        "B",
        [
            "Is 112 bereikbaar, vast en mobiel? Is het protocol uitval 1-1-2 nodig?",
            "Zijn huisartsen, huisartsenposten en zorgcentrales bereikbaar?",
        ],
    ),
    (
        "gnss",
        "Plaats- en tijdsbepaling middels GNSS",
        "ICT/Telecom",
        "B",
        [
            "Welke systemen gebruiken GNSS-tijd (telecom, energie, betalingsverkeer)?",
            "Werkt de plaatsbepaling van hulpdiensten nog?",
        ],
    ),
    (
        "drinkwater",
        "Drinkwatervoorziening",
        "Drinkwater",
        "A",
        [
            "Is nooddrinkwater nodig, en waar?",
            "Welke zorginstellingen en kwetsbare inwoners hebben voorrang?",
            "Is de bluswatervoorziening geraakt?",
        ],
    ),
    (
        "waterkwantiteit",
        "Keren en beheren waterkwantiteit",
        "Water",
        "A",
        [
            "Werken gemalen, sluizen en stuwen die op afstand worden bediend?",
            "Dreigt wateroverlast?",
        ],
    ),
    (
        "luchtvaart",
        "Vlucht- en vliegtuigafhandeling",
        "Transport",
        "B",
        [
            "Zijn er gestrande reizigers die opvang nodig hebben?",
        ],
    ),
    ("scheepvaart", "Scheepvaartafwikkeling", "Transport", "B", []),
    (
        "spoor",
        "Vervoer van personen en goederen over (hoofd)spoorweginfrastructuur",
        "Transport",
        "B",
        [
            "Zijn er gestrande reizigers die opvang nodig hebben?",
        ],
    ),
    (
        "wegennet",
        "Vervoer over (hoofd)wegennet",
        "Transport",
        "B",
        [
            "Werken verkeerslichten, tunnels en beweegbare bruggen?",
            "Blijven de aanrijroutes van hulpdiensten vrij?",
        ],
    ),
    (
        "chemie",
        "Grootschalige productie/verwerking en/of opslag (petro)chemische stoffen",
        "Chemie",
        "B",
        [
            "Zijn BRZO-bedrijven geraakt, en werken hun procesbeveiligingen?",
        ],
    ),
    ("nucleair", "Opslag, productie en verwerking nucleair materiaal", "Nucleair", "A", []),
    (
        "toonbankbetalingsverkeer",
        "Toonbankbetalingsverkeer",
        "Financieel",
        "B",
        [
            "Kunnen inwoners betalen voor eerste levensbehoeften (pinnen, contant geld)?",
        ],
    ),
    (
        "giraal-betalingsverkeer",
        "Massaal giraal betalingsverkeer",
        "Financieel",
        "B",
        [
            "Komen uitkeringen en salarissen op tijd binnen?",
        ],
    ),
    (
        "betalingsverkeer-banken",
        "Hoogwaardig betalingsverkeer tussen banken",
        "Financieel",
        "B",
        [],
    ),
    ("effectenverkeer", "Effectenverkeer", "Financieel", "B", []),
    (
        "112-c2000",
        "Communicatie met en tussen hulpdiensten middels 112 en C2000",
        "Openbare orde en veiligheid",
        "B",
        [
            "Is 112 bereikbaar? Moet het protocol uitval 1-1-2 in werking?",
            "Kunnen hulpdiensten onderling communiceren (C2000, terugvaloptie)?",
            "Zijn noodposten nodig waar inwoners hulp kunnen vragen?",
        ],
    ),
    ("politie", "Inzet politie", "Openbare orde en veiligheid", "B", []),
    (
        "basisregistraties",
        "Basisregistraties personen en organisaties",
        "Digitale overheidsprocessen",
        "B",
        [],
    ),
    (
        "interconnectiviteit",
        "Interconnectiviteit (transactie-infrastructuur voor informatie uit basisregistraties)",
        "Digitale overheidsprocessen",
        "B",
        [],
    ),
    (
        "berichtenverkeer",
        "Elektronisch berichtenverkeer en informatieverschaffing aan burgers",
        "Digitale overheidsprocessen",
        "B",
        [],
    ),
    (
        "identificatie",
        "Identificatie en authenticatie van burgers en bedrijven",
        "Digitale overheidsprocessen",
        "B",
        [
            "Kunnen inwoners en bedrijven nog bij de digitale overheid (DigiD, eHerkenning)?",
        ],
    ),
    ("defensie", "Inzet defensie", "Defensie", "B", []),
    # Regional addition: not vital in the national sense, but important societal services.
    (
        "acute-zorg",
        "Acute zorg (ziekenhuizen, spoedeisende hulp, ambulancezorg)",
        "Zorg",
        "M",
        [
            "Moeten patiënten worden gespreid of opnames worden beperkt?",
            "Werken patiëntdossiers, laboratorium en medicatiesystemen?",
            "Is de ambulancezorg (meldkamer, ritregistratie) geraakt?",
        ],
    ),
    (
        "thuiszorg",
        "Grondgebonden zorg en thuiszorg",
        "Zorg",
        "M",
        [
            "Welke inwoners zijn thuis afhankelijk van medische apparatuur die op ICT draait?",
            "Werkt de opvolging van personenalarmering?",
        ],
    ),
    (
        "gemeentelijke-dienstverlening",
        "Gemeentelijke dienstverlening",
        "Openbaar bestuur",
        "M",
        [
            "Welke gemeentelijke processen (uitkeringen, burgerzaken, Wmo) liggen stil?",
        ],
    ),
    (
        "voedselvoorziening",
        "Voedselvoorziening en supermarkten",
        "Voedsel",
        "M",
        [
            "Zijn kassasystemen, logistiek en koeling geraakt?",
        ],
    ),
    ("openbaar-vervoer", "Regionaal openbaar vervoer", "Transport", "M", []),
    ("onderwijs", "Onderwijs en kinderopvang", "Onderwijs", "M", []),
]


REPORTING_TREE = {
    "slug": "meldpunten-cyberincident",
    "title": "Beslisboom meldpunten cyberincident",
    "source": "NCTV/NCSC, Praktische informatie en tips voor crisismanagement en crisiscommunicatie bij digitale incidenten",
    "published": "02-03-2022",
    "tlp": "GREEN",
}

CBW_NOTE = (
    "De Wbni wordt vervangen door de Cyberbeveiligingswet (Cbw), de Nederlandse invulling van "
    "de Europese NIS2-richtlijn. Ga na of uw organisatie onder de Cbw valt en waar zij dan "
    "moet melden."
)

# The tree is an escalation ladder ("Escalatieladder digitaal incident"): every path starts
# with "Uw organisatie ervaart een digitaal incident", so the digital rung always applies and
# each higher rung adds its points to the lower ones. Points are in ladder order.
# (key, name, text as in the source, extras: note, party_role, stakeholder slugs)
REPORTING_POINTS = [
    # Rung 1: effect op digitale organisatie
    (
        "it-leverancier",
        "IT-leverancier / cybersecurity provider",
        "Neem contact op met uw IT-leverancier en (eventueel) uw cybersecurity provider",
        {"stakeholders": ["leverancier-ict"]},
    ),
    ("ncsc", "NCSC", "U meldt het incident bij het NCSC", {"stakeholders": ["ncsc"]}),
    (
        "sectorale-cert",
        "Sectorale CERT",
        "U meldt het incident bij uw sectorale CERT",
        {"party_role": "cert"},
    ),
    (
        "toezichthouder-politie",
        "Toezichthouder en aangifte bij de politie",
        "Meld het incident bij uw toezichthouder (indien van toepassing) en start aangifte bij de politie.",
        {"party_role": "toezichthouder", "stakeholders": ["cybercrime-team"]},
    ),
    (
        "wettelijk-meldpunt",
        "Wettelijk meldpunt (Wbni)",
        "Informeer uw wettelijk meldpunt (indien van toepassing, bijvoorbeeld conform WBNI)",
        {"note": CBW_NOTE},
    ),
    # Rung 2: effect op continuïteit dienstverlening
    (
        "keten",
        "Afnemers en leveranciers in de keten",
        "Informeer afnemers en leveranciers in uw keten",
        {},
    ),
    (
        "stelselverantwoordelijke",
        "Stelselverantwoordelijke partij / beleidsdepartement / DCC",
        "Informeer uw stelselverantwoordelijke partij, beleidsdepartement of DCC",
        {},
    ),
    # Rung 3: effect op fysieke veiligheid & openbare orde
    (
        "meldkamer",
        "Meldkamer hulpdiensten",
        "Neem contact op met de meldkamer van de hulpdiensten",
        {},
    ),
    (
        "veiligheidsregio",
        "Veiligheidsregio",
        "Indien uw organisatie behoort tot de overheid of vitale infrastructuur, contacteer direct de veiligheidsregio",
        {},
    ),
    (
        "ncc",
        "NCC",
        "Indien uw organisatie behoort tot de (landelijke) crisisorganisatie, contacteer het NCC",
        {"stakeholders": ["ncc"]},
    ),
]

EFFECT_QUESTION = {
    "key": "effect",
    "text": "Wat is het zwaarste effect van het digitale incident op uw organisatie?",
    "help_text": (
        "Uw organisatie ervaart een digitaal incident: het effect op de digitale organisatie "
        "geldt dus altijd. Elke hogere trede van de escalatieladder komt daar bovenop; kies de "
        "hoogste trede die geldt."
    ),
    "is_root": True,
    "allows_multiple": False,
    "is_ladder": True,
    "choices": [
        (
            "digitaal",
            "Effect op digitale organisatie",
            ["it-leverancier", "toezichthouder-politie"],
            "rijksoverheid-vitaal",
        ),
        (
            "continuiteit",
            "Effect op continuïteit dienstverlening",
            ["keten", "stelselverantwoordelijke"],
            None,
        ),
        (
            "fysiek",
            "Effect op fysieke veiligheid & openbare orde",
            ["meldkamer"],
            "overheid-vitaal",
        ),
    ],
}

# Questions in asking order. choices: (key, label, points, next question key)
REPORTING_QUESTIONS = [
    EFFECT_QUESTION,
    {
        "key": "rijksoverheid-vitaal",
        "text": "Behoort uw organisatie tot de rijksoverheid of vitale infrastructuur?",
        "help_text": "Ja: u meldt het incident bij het NCSC. Nee: u meldt het incident bij uw sectorale CERT.",
        "choices": [
            ("ja", "Ja", ["ncsc"], "wettelijke-meldplicht"),
            ("nee", "Nee", ["sectorale-cert"], "wettelijke-meldplicht"),
        ],
    },
    {
        "key": "wettelijke-meldplicht",
        "text": "Geldt voor uw organisatie een wettelijke meldplicht (bijvoorbeeld conform de Wbni)?",
        "help_text": (
            "De melding bij uw toezichthouder (indien van toepassing) en de aangifte bij de "
            "politie staan al op de lijst. " + CBW_NOTE
        ),
        "choices": [
            ("ja", "Ja", ["wettelijk-meldpunt"], None),
            ("nee", "Nee", [], None),
        ],
    },
    {
        "key": "overheid-vitaal",
        "text": "Behoort uw organisatie tot de overheid of vitale infrastructuur?",
        "help_text": "Ja: contacteer direct de veiligheidsregio.",
        "choices": [
            ("ja", "Ja", ["veiligheidsregio"], "crisisorganisatie"),
            ("nee", "Nee", [], "crisisorganisatie"),
        ],
    },
    {
        "key": "crisisorganisatie",
        "text": "Behoort uw organisatie tot de (landelijke) crisisorganisatie?",
        "help_text": "Ja: contacteer het NCC.",
        "choices": [
            ("ja", "Ja", ["ncc"], None),
            ("nee", "Nee", [], None),
        ],
    },
]


def _fields(model, data: dict) -> dict:
    """Only the fields the (possibly historical) model has: migration 0002 runs this code
    against the model as it was then."""
    names = {field.name for field in model._meta.get_fields()}
    return {key: value for key, value in data.items() if key in names}


def seed_grip_levels(apps) -> None:
    GripLevel = apps.get_model("escalation", "GripLevel")
    for data in GRIP_LEVELS:
        GripLevel.objects.get_or_create(code=data["code"], defaults=data)


def seed_vital_processes(apps) -> None:
    VitalProcessList = apps.get_model("escalation", "VitalProcessList")
    VitalProcess = apps.get_model("escalation", "VitalProcess")
    process_list, created = VitalProcessList.objects.get_or_create(
        version=VITAL_PROCESS_LIST["version"],
        defaults={**VITAL_PROCESS_LIST, "is_current": True},
    )
    if created:
        VitalProcessList.objects.exclude(pk=process_list.pk).update(is_current=False)
    for order, (code, name, sector, category, questions) in enumerate(VITAL_PROCESSES):
        VitalProcess.objects.get_or_create(
            process_list=process_list,
            code=code,
            defaults={
                "name": name,
                "sector": sector,
                "category": category,
                "cascade_questions": list(questions),
                "order": order,
            },
        )


def seed_reporting_tree(apps) -> None:
    ReportingTree = apps.get_model("escalation", "ReportingTree")
    ReportingPoint = apps.get_model("escalation", "ReportingPoint")
    TreeQuestion = apps.get_model("escalation", "TreeQuestion")
    TreeChoice = apps.get_model("escalation", "TreeChoice")
    tree, created = ReportingTree.objects.get_or_create(
        slug=REPORTING_TREE["slug"], defaults=REPORTING_TREE
    )
    if not created:
        return
    points = {
        key: ReportingPoint.objects.create(
            **_fields(
                ReportingPoint,
                {
                    "tree": tree,
                    "key": key,
                    "name": name,
                    "text": text,
                    "order": order,
                    "note": extras.get("note", ""),
                    "party_role": extras.get("party_role", ""),
                },
            )
        )
        for order, (key, name, text, extras) in enumerate(REPORTING_POINTS)
    }
    questions = {
        data["key"]: TreeQuestion.objects.create(
            **_fields(
                TreeQuestion,
                {
                    "tree": tree,
                    "key": data["key"],
                    "text": data["text"],
                    "help_text": data["help_text"],
                    "is_root": data.get("is_root", False),
                    "allows_multiple": data.get("allows_multiple", False),
                    "is_ladder": data.get("is_ladder", False),
                    "order": order,
                },
            )
        )
        for order, data in enumerate(REPORTING_QUESTIONS)
    }
    for data in REPORTING_QUESTIONS:
        for order, (key, label, point_keys, next_key) in enumerate(data["choices"]):
            choice = TreeChoice.objects.create(
                question=questions[data["key"]],
                key=key,
                label=label,
                order=order,
                next_question=questions[next_key] if next_key else None,
            )
            choice.points.set([points[k] for k in point_keys])
    link_reporting_parties(apps)


def reporting_tree_as_ladder(apps) -> None:
    """Migration 0004: turn the seeded tree into the escalation ladder of the seed.

    Until then the effect question was a free multi-select with the DCC and the chain partners
    under "fysiek" and the veiligheidsregio/NCC questions under "continuïteit", so
    "continuïteit" with two "nee" answers gave no reporting point at all. Runs once, on the
    seeded tree only, while its effect question is not yet a ladder."""
    TreeQuestion = apps.get_model("escalation", "TreeQuestion")
    ReportingPoint = apps.get_model("escalation", "ReportingPoint")
    if "is_ladder" not in {f.name for f in TreeQuestion._meta.get_fields()}:
        return  # migration 0002: the field comes with 0003; 0004 calls this again
    effect = TreeQuestion.objects.filter(
        tree__slug=REPORTING_TREE["slug"], key="effect", is_ladder=False
    ).first()
    if effect is None:
        return
    tree = effect.tree
    questions = {q.key: q for q in TreeQuestion.objects.filter(tree=tree)}
    points = {p.key: p for p in ReportingPoint.objects.filter(tree=tree)}
    for key in ("text", "help_text", "is_ladder", "allows_multiple"):
        setattr(effect, key, EFFECT_QUESTION[key])
    effect.save(update_fields=["text", "help_text", "is_ladder", "allows_multiple"])
    for choice in effect.choices.all():
        wanted = next((c for c in EFFECT_QUESTION["choices"] if c[0] == choice.key), None)
        if wanted is None:
            continue
        _key, _label, point_keys, next_key = wanted
        choice.next_question = questions.get(next_key) if next_key else None
        choice.save(update_fields=["next_question"])
        choice.points.set([points[k] for k in point_keys if k in points])
    for order, (key, _name, _text, _extras) in enumerate(REPORTING_POINTS):
        if key in points:
            points[key].order = order
            points[key].save(update_fields=["order"])
    for data in REPORTING_QUESTIONS[1:]:
        question = questions.get(data["key"])
        if question is not None:
            question.help_text = data["help_text"]
            question.save(update_fields=["help_text"])
    link_reporting_parties(apps)


def link_reporting_parties(apps) -> None:
    """Name the concrete parties of the seeded points (the Cbw note, the sector role and the
    fixed directory entries) where a point has none yet. Idempotent."""
    if not {"note", "party_role"} <= {
        f.name for f in apps.get_model("escalation", "ReportingPoint")._meta.get_fields()
    }:
        return  # migration 0002: the fields come with 0003, which calls this again
    ReportingPoint = apps.get_model("escalation", "ReportingPoint")
    Stakeholder = apps.get_model("playbook", "Stakeholder")
    directory = {s.slug: s for s in Stakeholder.objects.all()}
    points = {p.key: p for p in ReportingPoint.objects.filter(tree__slug=REPORTING_TREE["slug"])}
    for key, _name, _text, extras in REPORTING_POINTS:
        point = points.get(key)
        if point is None:
            continue
        changed = []
        if extras.get("note") and not point.note:
            point.note = extras["note"]
            changed.append("note")
        if extras.get("party_role") and not point.party_role:
            point.party_role = extras["party_role"]
            changed.append("party_role")
        if changed:
            point.save(update_fields=changed)
        wanted = [directory[slug] for slug in extras.get("stakeholders", []) if slug in directory]
        if wanted and not point.stakeholders.exists():
            point.stakeholders.set(wanted)


def seed_all(apps) -> None:
    seed_grip_levels(apps)
    seed_vital_processes(apps)
    seed_reporting_tree(apps)
    reporting_tree_as_ladder(apps)
    link_reporting_parties(apps)
