"""The playbook's seeded content, in the Dutch wording of the two source documents.

Seed 000 is the regional attention card (aandachtskaart cybercrisis / digitale verstoring, VRU);
seed 002 is the national guide (NCTV/NCSC: praktische informatie en tips voor crisismanagement
en crisiscommunicatie bij digitale incidenten). This is product data, not gettext strings.

`load()` is called by the data migration 0002 and by `manage.py load_playbook`. It matches rows
on slug and only creates what is missing, so running it twice creates nothing twice and an
administrator's edits in the admin are never overwritten.

`incident_rows()` gives every incident its own copy of key decisions and checklist items it
lacks: called by the data migration 0009, by `manage.py load_playbook` and when an administrator
adds content (playbook/admin.py). A new incident gets its rows when it opens
(services.on_incident_opened), so no page has to write them when it is read.
"""

from __future__ import annotations

from collections.abc import Callable

# --- Sleutelbesluiten (000) -------------------------------------------------------------------

KEY_DECISIONS = [
    # Proces – voor crisisteams
    {
        "slug": "op-en-afschalen",
        "kind": "proces",
        "title": "Op- & afschalen",
        "explanation": "Wordt de crisis door het juiste team bestreden?",
    },
    {
        "slug": "aflossing",
        "kind": "proces",
        "title": "Aflossing",
        "explanation": (
            "Zorg voor continuïteit crisisteam – een cybercrisis heeft de potentie om lang "
            "aan te houden."
        ),
    },
    {
        "slug": "liaisons",
        "kind": "proces",
        "title": "Liaisons",
        "explanation": "Stem af aan welk crisisteam een liaison van getroffen partij deelneemt.",
    },
    {
        "slug": "informeer-stakeholders",
        "kind": "proces",
        "title": "Informeer stakeholders",
        "explanation": "Wie moet wat weten?",
    },
    # Inhoudelijk – voor getroffenen
    {
        "slug": "losgeld-ransomware",
        "kind": "inhoudelijk",
        "title": "Het wel/niet betalen van losgeld voor ransomware",
        "explanation": (
            "Betalen van losgeld bij ransomware is een eigenstandige verantwoordelijkheid van "
            "organisaties / bedrijven. Welke rol pak je als openbaar bestuur indien betalen van "
            "losgeld een directe fysieke dreiging wegneemt?"
        ),
    },
    {
        "slug": "forensische-experts",
        "kind": "inhoudelijk",
        "title": "Het inhuren van forensische experts",
        "explanation": (
            "Zorg dat uw forensic readiness op orde is. Bij binnentreden van organisatie voor "
            "forensische opsporing, stem indien nodig af met hulpdiensten in het kader van "
            "veiligheid."
        ),
    },
    {
        "slug": "vrijgeven-systemen",
        "kind": "inhoudelijk",
        "title": "Vrijgeven van systemen",
        "explanation": (
            "Onduidelijk wanneer systemen weer bruikbaar, betrouwbaar zijn. Technische analyse "
            "door betrokken instantie(s). Wanneer kunnen kritieke processen of activiteiten weer "
            "worden toegestaan wanneer de dreiging nog niet volledig is afgenomen?"
        ),
    },
    {
        "slug": "uitschakelen-systemen",
        "kind": "inhoudelijk",
        "title": "Uitschakelen van (nog niet getroffen) systemen met onvoorspelbare keteneffecten",
        "explanation": (
            "Bij overwegen van ingrijpender maatregelen: houd oog voor de impact in de keten en "
            "informeer partners tijdig. Denk bij mogelijke ingrijpende maatregelen ook na over "
            "criteria voor het weer beperken of beëindigen van deze maatregelen."
        ),
    },
    {
        "slug": "dienstverlening-voortzetten",
        "kind": "inhoudelijk",
        "title": "Dienstverlening voortzetten van (nog) niet getroffen systemen",
        "explanation": (
            "Elke organisatie is zelf verantwoordelijk voor de continuïteit van haar eigen "
            "processen. Cascade- en keteneffecten zorgen ervoor dat organisaties hinder "
            "ondervinden van digitale verstoringen zonder dat zij getroffen worden."
        ),
    },
    {
        "slug": "communicatie-dreiging",
        "kind": "inhoudelijk",
        "title": "Communicatie over dreiging, aanval of escalatie",
        "explanation": (
            "Een cybercrisis kan escaleren, maar kan ook een dreiging blijven. Communiceer je "
            "over de dreiging of niet?"
        ),
    },
]

# --- Bestuurlijke dilemma's (000) -------------------------------------------------------------

DILEMMAS = [
    {
        "slug": "classificatie-incident",
        "title": "Classificatie van incident",
        "questions": (
            "In welke hoedanigheid hebben de (dreigende) continuïteitsproblemen, al dan niet bij "
            "directe crisispartners, effect op hun dienstverlening en in de samenleving?"
        ),
    },
    {
        "slug": "organisatie-keten",
        "title": "Organisatie van de keten",
        "questions": (
            "Welke rol heb je als bestuurder richting maatschappelijke partijen / bedrijven waar "
            "de oorzaak van de verstoring ligt? Hoe verhoudt zich dat tot een situatie met "
            "dreigende effecten of maatschappelijke ontwrichting?\n"
            "Bespreek en bepaal de rolverdeling tussen regionale crisisorganisatie en het Rijk. "
            "Wat is de rolverdeling tussen de driehoek en de regionale crisisorganisatie en de "
            "getroffen organisatie(s)?"
        ),
    },
    {
        "slug": "communicatie",
        "title": "Communicatie",
        "questions": (
            "Een cybercrisis kan escaleren, maar kan ook een dreiging blijven. Communiceer je "
            "over de dreiging of niet?"
        ),
    },
    {
        "slug": "kritieke-processen",
        "title": "(Ontkoppelen) Kritieke processen",
        "questions": (
            "Indien een cybercrisis ophanden is met mogelijk fysieke effecten, welke kritieke "
            "processen of activiteiten moeten mogelijk worden ontkoppeld?\n"
            "Wanneer kunnen kritieke processen of activiteiten weer worden toegestaan wanneer de "
            "dreiging nog niet volledig is afgenomen?"
        ),
    },
    {
        "slug": "verantwoording",
        "title": "Verantwoording",
        "questions": (
            "Betalen van losgeld bij ransomware is een eigenstandige verantwoordelijkheid van "
            "organisaties / bedrijven. Welke rol pak je als openbaar bestuur indien betalen van "
            "losgeld een directe fysieke dreiging wegneemt?"
        ),
    },
]

# --- Checklists: attention points (000) and the national guide's lists (002) ------------------

NCSC_CYBERLOKETTEN = "https://www.ncsc.nl/contact/cyberloketten"
KOEPELNOTITIE = (
    "https://www.nctv.nl/documenten/publicaties/2023/01/31/"
    "koepelnotitie-communicatie-bij-digitale-incidenten"
)

CHECKLISTS: dict[str, list[str | tuple[str, str]]] = {
    "melding_alarmering": [
        "Meldkamer/CaCo/VIC",
        "Partners, Politie",
        "VR-ISAC, CISO VRU of CISO gemeenten",
        "NCC/LOCC",
        "Bij een dreiging van maatschappelijke impact: informeer Regionaal Operationeel "
        "Leider van Dienst",
    ],
    "leiding_coordinatie": [
        "Tijdens een cybercrisis kunnen er verschillende crisisteams actief zijn. Indien er "
        "fysieke effecten zijn waar multidisciplinaire afstemming voor vereist is wordt er met "
        "de GRIP-structuur gewerkt.",
        "Schaal flexibel op indien er nog geen maatschappelijke effecten zijn, maar wanneer dit "
        "wel verwacht wordt.",
        "Overweeg om liaison van getroffen instantie(s) uit te nodigen.",
    ],
    "informatiemanagement": [
        "Gebruik LCMS ook buiten GRIP-structuur. Het VIC kan hierin ondersteunen.",
        "Maak een stakeholderanalyse van betrokken organisaties.",
        "Stem af met andere crisisteams die actief zijn. Landelijk via NCC.",
        "Houd rekening met IT-technische taal.",
        "Informeer crisispartners en bestuurders over (dreigende) impact op samenleving + "
        "proces crisisbeheersing.",
    ],
    "crisiscommunicatie": [
        "Bij (dreigende) grote maatschappelijke effecten neem contact op met NKC.",
        "Iedere betrokken partij communiceert vanuit eigen verantwoordelijkheid over eigen "
        "onderwerp. Regionale crisisorganisatie geeft, indien nodig, procesinformatie. Draag "
        "zorg voor afstemming en eenduidigheid.",
        "De regionale crisisorganisatie geeft geen technische duiding.",
        "Spreek niet over een cyberaanval maar eerder over een digitale verstoring.",
        "Gebruik in communicatieberichten zo min mogelijk (cyber)technisch taalgebruik. Voor "
        "duiding maak gebruik van CyberWoordenboek op crisisutrecht.nl.",
        "Bij (mogelijke) aantasting van eigen systemen, zoek afstemming met corporate "
        "communicatie.",
    ],
    "nafase": [
        "Houd rekening met een lange nafase, denk aan herstel en nasleep crisis.",
        "Onduidelijk wanneer systemen weer bruikbaar, betrouwbaar zijn. Technische analyse door "
        "betrokken instantie(s).",
        "Houd rekening met ‘het gevoel’ van onbetrouwbaarheid van systemen.",
        "Evalueer gezamenlijk, zowel met crisis- als technische partners.",
    ],
    "operationeel": [
        "Bij brand bij datacentra/servers – houd rekening met alternatieve wijze van blussen. "
        "Serverruimtes hebben vaak de mogelijkheid om zuurstof te onttrekken.",
        "Bij betreden van gebouwen, trek niet zo maar kabels uit servers.",
        "Leg contact met team cybercrime MNL.",
        "Bij binnentreden van organisatie voor forensische opsporing, stem indien nodig af met "
        "hulpdiensten in het kader van veiligheid.",
        "Heb aandacht voor onduidelijkheid en onzekerheid.",
        "Houd rekening met langere herstelfase / nafase.",
        "De nafase kan voor gemeente beperkt zijn, maar voor getroffen organisatie(s) lang "
        "aanhouden.",
        "Zorgcontinuïteit – apparaten voor medische zorg in thuissituatie ook steeds meer "
        "afhankelijk van ICT middelen.",
        "Digitale verstoringen hebben impact op de mens. Gevoel van inbraak, maar ook "
        "onbereikbaarheid van data.",
    ],
    "houd_rekening_met": [
        "Acuut vs. niet-acuut (dreigend), vaak meer tijd om gewenste crisisstructuur op te "
        "zetten dan bij flitsramp;",
        "Continuïteit van processen regionale crisisorganisatie;",
        "Veel onbekendheid over oorzaak, schade, bron en tijdsduur;",
        "Veel betrokken partijen",
        "Snelle bovenregionale opschaling.",
    ],
    "voorbereid_zijn": [
        ("Blijf de updates vanuit het NCSC volgen: www.ncsc.nl", "https://www.ncsc.nl/"),
        "Ken de eigen technische mogelijkheden en onmogelijkheden in de incidentrespons",
        (
            "Zorg dat uw forensic readiness op orde is.",
            "https://www.ncsc.nl/actueel/weblog/weblog/2021/bent-u-al-klaar-voor-forensic-readiness",
        ),
        (
            "Ken de bestaande hulplijnen voor de eigen branche/sector (zoals de sectorale CERT’s, "
            "het Digital Trust Center, etc.) en andere relevante cyberloketten. Ken ook de "
            "eventuele meldingsplichten. Een overzicht van de relevante cyberloketten is te "
            "vinden op onze website.",
            NCSC_CYBERLOKETTEN,
        ),
        "Maak in de eigen organisatie afspraken over escalatiecriteria: van IT naar de "
        "crisisorganisatie. Trek samen op in de voorbereiding",
        "Doordenk een best, realistic en worst case scenario. Doorleef deze scenario’s met "
        "sleutelfunctionarissen die een rol kunnen hebben in het incident- en crisismanagement. "
        "Denk aan de volgende disciplines: IT, operatie/uitvoering, HR, juridisch, privacy, "
        "communicatie en bestuur/directie",
        "Bereid mogelijke ingrijpende maatregelen voor: wie neemt het besluit en wat is hiervoor "
        "nodig?",
        "Denk na over de wijze van organiseren bij een incident of crisis. Zorg voor een goede "
        "rolverdeling qua IT respons, omgaan met impact / continuïteit en communicatie. Ken de "
        "eigen positie binnen het netwerk en ga na welke eventuele keten-/sectorale afspraken en "
        "afhankelijkheden er zijn",
        "Verken mogelijke dilemma’s: waar kunnen belangen gaan botsen? En hoe hier mee om te "
        "gaan (uitgangspunten)?",
        "Ga na welke bestaande voorzieningen en plannen er zijn rond continuïteit: bekijk deze "
        "door de bril van de huidige kwetsbaarheid. Worden er zaken gemist voor de belangrijkste "
        "toepassingen? Zijn er alternatieven?",
        "Maak afspraken over bereikbaarheid en beschikbaarheid, ook (of juist) in de "
        "vakantieperiode",
    ],
    "reageren": [
        "Bij overwegen van ingrijpender maatregelen: houd oog voor de impact in de keten en "
        "informeer partners tijdig",
        "Denk bij mogelijke ingrijpende maatregelen ook na over criteria voor het weer beperken "
        "of beëindigen van deze maatregelen",
        "Houd rekening met de ‘taalbarrière’: terminologie uit de IT wereld is waarschijnlijk "
        "minder goed bekend bij anderen en vice versa",
        "Benut bestaande crisisvoorbereidingen en ervaren crisisfunctionarissen: ga na wat er "
        "‘bijzonder’ is voor de specifieke situatie en wat dit betekent voor te betrekken "
        "functionarissen/te benutten expertise.",
        (
            "Meld het incident (o.a. bij NCSC). Doe aangifte. Zie onder andere voor informatie "
            "over de politie het overzicht cyberloketten: www.ncsc.nl/contact/cyberloketten",
            NCSC_CYBERLOKETTEN,
        ),
        "Let op het welzijn van betrokken professionals en zorg voor goede begeleiding. Ook "
        "digitale incidenten kunnen grote impact hebben",
    ],
    "communicatie_voorbereiding": [
        "Maak een overzicht van je communicatiepartners. Deze zijn vaak anders dan bij een "
        "fysieke crisis. Wellicht zijn het er meer, vanwege digitale en fysieke effecten.",
        "Zorg voor aansluiting bij de operationele collega’s die zich met digitale incidenten "
        "bezig houden.",
        "Bereid een lijstje met (in-en externe) experts/deskundigen voor die technische "
        "informatie kunnen duiden tijdens een incident. Want crisiscommunicatie bij incidenten "
        "met een cyber component vraagt veelal om de vertaling van technische termen en uitleg "
        "van processen.",
        "Zoek uit aan welke specifieke expertise je behoefte hebt, welke kennis je nu mist, wat "
        "je nodig hebt om te kunnen communiceren.",
        "Maak goede afspraken over (tijdige) opschaling en wijze van afstemming.",
        "Zorg voor communicatievertegenwoordiging in de crisisteams van de eigen organisatie.",
        "Verkrijg inzicht in communicatieve vraagstukken, dilemma’s en beslispunten.",
        "Maak een plan B uitval van digitale communicatiemiddelen.",
        "Denk na over hoe beeld (visuals, infographics etc.) kan bijdragen om duiding, en "
        "handelingsperspectief over vaak ingewikkelde technische materie, begrijpelijk te "
        "communiceren.",
    ],
    "communicatie_aandachtspunten": [
        "Denk na over de timing van je boodschap. Breng zoveel mogelijk zelf het nieuws naar "
        "buiten.",
        "Deel wat je al wél weet (procesinformatie) - Cyberanalyses kosten relatief meer tijd "
        "dan analyses in de fysieke wereld. Het duurt vrij lang om scenario’s te kunnen "
        "wegstrepen.",
        "Beschrijf wat er anders is bij een ICT-crisis: attributie; analyse / duiding; "
        "bestrijden verdere verspreiding (domino-effecten)",
        "Geef zodra het kan een handelingsperspectief",
        "Visualiseer ingewikkelde technische materie",
        "Formuleer een kernboodschap. Maak hierbij – indien nodig- je communicatiedilemma’s "
        "bekend.",
        "Houd direct rekening met het ergste: bij uitval van digitale middelen is de "
        "maatschappelijke impact / ontwrichting al snel groot.",
        "Heb oog voor de mogelijke domino-effecten / cascade effecten. Deze zijn al snel merkbaar.",
        "Gebruik beeld om je technische verhaal te ondersteunen. Denk hierbij aan visuals en "
        "infographics, afgestemd per doelgroep.",
        "Vergeet interne communicatie niet: ook medewerkers communiceren mogelijk naar "
        "buiten/partners.",
        ("Zie ook de Koepelnotitie crisiscommunicatie bij digitale incidenten.", KOEPELNOTITIE),
    ],
    "bronnen": [
        (
            "Nationaal crisisplan digitaal",
            "https://www.nctv.nl/documenten/publicaties/2022/12/23/landelijk-crisisplan-digitaal",
        ),
        ("Overzicht cyberloketten", NCSC_CYBERLOKETTEN),
        (
            "Cybersecurity woordenboek",
            "https://www.cybersecurityalliantie.nl/ecp_images/2021/05/"
            "VCNL-Woordenboek-2eDruk-webversie-Final-2.pdf",
        ),
        ("NCSC-website", "https://www.ncsc.nl/"),
        ("Koepelnotitie crisiscommunicatie", KOEPELNOTITIE),
        (
            "NAC/NCSC webinar masterclass voor crisisbeheersers: ISIDOOR 23-03-2021 9:30 "
            "(vimeo.com)",
            "https://vimeo.com/530684336/2ba519a6f4",
        ),
        (
            "NAC/NCSC webinar masterclass voor cyberspecialisten: Isidoor 25-03-2021 14:00 "
            "(vimeo.com)",
            "https://vimeo.com/531342779/4a855be710",
        ),
        (
            "Digitale overheid: Wees voorbereid Toolbox Cyberincident - Digitale Overheid",
            "https://www.digitaleoverheid.nl/overzicht-van-alle-onderwerpen/"
            "informatieveiligheid/oefenen-en-kennisdelen/toolbox-cyberincident/wees-voorbereid/",
        ),
    ],
}

# The crisis functions (incidents.functions slugs) each list of attention points is for:
# "mijn taken" shows a member the points of their function. The card groups its points by
# task; this is the region's reading of who carries each task (editable in the admin).
FUNCTION_LISTS = {
    "melding_alarmering": ["operationeel-leider", "leider-vic", "informatiemanager"],
    "leiding_coordinatie": [
        "leider-copi",
        "operationeel-leider",
        "burgemeester",
        "voorzitter-vr",
    ],
    "informatiemanagement": ["informatiemanager", "leider-vic", "informatiecoordinator"],
    "crisiscommunicatie": ["communicatieadviseur"],
    "nafase": ["burgemeester", "voorzitter-vr", "operationeel-leider", "secretaris-gbt-rbt"],
    "operationeel": [
        "leider-copi",
        "ac-brandweer",
        "ac-politie",
        "ac-ghor",
        "ac-bevolkingszorg",
    ],
    "houd_rekening_met": ["operationeel-leider", "leider-copi"],
    "reageren": ["ciso", "liaison-getroffen"],
    "communicatie_aandachtspunten": ["communicatieadviseur"],
}


def link_functions(checklist_model, function_model) -> int:
    """Tie each seeded attention point to its list's functions, for points not tied yet
    (an administrator's choice is left alone). Returns how many points were tied."""
    functions = {f.slug: f for f in function_model.objects.all()}
    tied = 0
    for item in checklist_model.objects.filter(list__in=FUNCTION_LISTS, functions__isnull=True):
        chosen = [functions[slug] for slug in FUNCTION_LISTS[item.list] if slug in functions]
        if chosen:
            item.functions.add(*chosen)
            tied += 1
    return tied


# Slug prefix per list; items get "<prefix>-<n>" so an edited text keeps its identity.
CHECKLIST_PREFIX = {
    "melding_alarmering": "melding",
    "leiding_coordinatie": "leiding",
    "informatiemanagement": "im-vic",
    "crisiscommunicatie": "crisiscom",
    "nafase": "nafase",
    "operationeel": "operationeel",
    "houd_rekening_met": "houd-rekening-met",
    "voorbereid_zijn": "voorbereid",
    "reageren": "reageren",
    "communicatie_voorbereiding": "com-voorbereiding",
    "communicatie_aandachtspunten": "com-aandachtspunt",
    "bronnen": "bron",
}

# --- Role cards and reference texts -----------------------------------------------------------
# Slugs starting with "intro-" are the introductions shown above a list, not separate cards.

REFERENCE_TEXTS = [
    {
        "slug": "afbakening",
        "title": "Afbakening",
        "body": (
            "Het document richt zich op de taken van de regionale crisisorganisatie indien er "
            "sprake is van een – dreigende – maatschappelijke ontwrichting bij verstoring van een "
            "digitaal (ICT)-systeem.\n"
            "Het document richt zich niet op de eigen continuïteit. Indien de eigen organisatie "
            "getroffen is door een digitale verstoring is de CISO van de betreffende organisatie "
            "het aanspreekpunt."
        ),
    },
    {
        "slug": "bepaal-je-rol",
        "title": "Bepaal je rol",
        "body": (
            "De regionale crisisorganisatie is als gevolgbestrijder verantwoordelijk voor het "
            "bestrijden van de fysieke effecten bij een cybercrisis / digitale verstoring "
            "(bijvoorbeeld bij uitval nutsvoorzieningen, data-en spraakdiensten, regionale "
            "zorginstellingen en BRZO-bedrijven).\n"
            "De regionale crisisorganisatie kan als bijstandsverlener bij een cyber(crisis) / "
            "digitale verstoring op verzoek ondersteunen in het kader van crisismanagement bij "
            "gemeentelijke organisaties.\n"
            "De regionale crisisorganisatie is niet verantwoordelijk voor de bronbestrijding of "
            "het bieden van technische oplossingen bij derden."
        ),
    },
    {
        "slug": "wie-doet-wat",
        "title": "Wie doet wat?",
        "body": (
            "Leverancier (ICT): Oplossen van technische kant van verstoring.\n"
            "Getroffen organisatie(s): Bepalen van impact verstoring, CISO of ICT team. Zelf "
            "verantwoordelijk voor continuïteit van eigen processen.\n"
            "Driehoek: Verantwoordelijk voor de handhaving van de openbare orde en de rechtsorde "
            "en voor de opsporing en strafrechtelijke handhaving.\n"
            "Gemeenten: Verantwoordelijk voor openbare orde en veiligheid, bevolkingszorg en "
            "herstellen van maatschappelijke continuïteit.\n"
            "Veiligheidsregio (crisisorganisatie): Effectbestrijding bij gevolgen voor "
            "maatschappelijke ontwrichting/ gecoördineerde inzet van hulpdiensten. Eventueel de "
            "gemeenten faciliteren en ondersteunen.\n"
            "Rijksoverheid (NCC/NCSC): Nationale crisisstructuur bij landelijke verstoringen."
        ),
    },
    {
        "slug": "impact-bepalen",
        "title": "Impact bepalen",
        "body": (
            "Om de gevolgen adequaat te bestrijden moet de (mogelijke) impact bepaald worden. De "
            "regionale crisisorganisatie is, in gezamenlijkheid met gemeenten (OOV), "
            "verantwoordelijk voor het bepalen van de impact op het maatschappelijk leven bij een "
            "– dreigende – digitale verstoring.\n"
            "Hiervoor kan gebruik worden gemaakt van de cybercrisiscirkel."
        ),
    },
    {
        "slug": "opschaling",
        "title": "Opschaling",
        "body": (
            "Bij digitale verstoring zal er geen sprake zijn van een flitsramp, schaal flexibel "
            "op en werk opgavegericht.\n"
            "De duur van de effecten van de digitale verstoring zijn moeilijk in te schatten bij "
            "de start van het incident;\n"
            "Effecten van digitale verstoringen houden zich vaak niet aan gemeente- of "
            "regiogrenzen:\n"
            "– Bij grote maatschappelijke effecten neem (VIC) contact op met NCC over duiding "
            "mogelijke maatschappelijke ontwrichting;\n"
            "– Overweeg snelle opschaling naar GRIP-4 bij (dreigende) maatschappelijke "
            "ontwrichting;\n"
            "– Zoek afstemming op MNL-niveau, met buurregio’s en crisispartners."
        ),
    },
    {
        "slug": "nuttige-informatie",
        "title": "Nuttige informatie",
        "body": (
            "CERTS zijn sectoraal ingericht, NCSC is het informatieknooppunt. De regionale "
            "crisisorganisatie haalt informatie op via het NCC indien er sprake is van grote "
            "(mogelijke) maatschappelijke effecten.\n"
            "Elke organisatie is zelf verantwoordelijk voor de continuïteit van haar eigen "
            "processen."
        ),
    },
    {
        "slug": "definities",
        "title": "Definities",
        "body": (
            "Digitale verstoring: een verstoring van een digitaal (ICT) systeem, onbedoeld, "
            "moedwillig of door een fout, wat de betrouwbaarheid en/of bereikbaarheid van een "
            "gedigitaliseerd proces, (informatie)systeem of informatiedienst, waardoor de "
            "dienstverlening niet meer, of nauwelijks, functioneert.\n"
            "Digitale ontwrichting: maatschappelijke ontwrichting waar een verstoring van een "
            "digitaal (ICT)-systeem aan ten grondslag ligt.\n"
            "Cybergevolgbestrijding: Alle activiteiten in het kader van bestrijden van de "
            "effecten van een incident in het fysieke domein, waarvan de oorzaak en/of gevolg in "
            "het digitale domein ligt."
        ),
    },
    {
        "slug": "kenmerken-cyber",
        "title": "Kenmerken ‘Cyber’",
        "body": (
            "Cybercrises onderscheiden zich door de grote snelheid van verspreiding, geografische "
            "onafhankelijkheid en de koppeling met het fysieke domein in combinatie met cascade- "
            "en keteneffecten.\n"
            "Cascade- en keteneffecten zorgen ervoor dat organisaties hinder ondervinden van "
            "digitale verstoringen zonder dat zij getroffen worden.\n"
            "Soms zichtbare effecten in het fysieke domein terwijl het nog niet duidelijk is wat "
            "de oorzaak is (bron).\n"
            "Het is niet altijd meteen duidelijk of er opzet in het spel is.\n"
            "Tijdsduur kan lang aanhouden. Effecten kunnen nog merkbaar zijn wanneer de oorzaak "
            "is verholpen."
        ),
    },
    {
        "slug": "relatie-met-andere-plannen",
        "title": "Relatie met andere plannen",
        "body": (
            "Nationaal Crisisplan Digitaal (NCTV)\n"
            "Handreiking Cybergevolgbestrijding G4-gemeenten (G4)\n"
            "IBP Continuïteit van de samenleving (VRU)\n"
            "Protocol uitval 1-1-2 (VRU)\n"
            "Koepelnotitie Communicatie bij digitale incidenten (NCTV)\n"
            "Continuiteitsplan regionale crisisorganisatie (VRU)\n"
            "Cybersecurity Woordenboek\n"
            "Zie crisisutrecht.nl voor plannen"
        ),
    },
    {
        "slug": "cyber-crisis-cirkel",
        "title": "Cyber-Crisis-Cirkel",
        "body": (
            "De Cyber-Crisis-Cirkel is een hulpmiddel om een indicatie te geven van het scenario "
            "van een cybercrisis. Deze kan gebruikt worden in zowel de voorbereidende fase als de "
            "acute fase.\n"
            "Daarnaast geeft de Cyber-Crisis-Cirkel een indicatie welke crisisteams – mogelijk – "
            "actief zijn.\n"
            "Bij een digitale verstoring/cyberincident is het zinvol om onderscheid te maken "
            "tussen (1) de digitale verstoring en (2) het effect op het maatschappelijk leven. "
            "Primaire focus van de regionale crisisorganisatie ligt op effecten op het "
            "maatschappelijk leven.\n"
            "Er is niet altijd meteen een antwoord voor handen!\n"
            "Het is belangrijk om de vragen gedurende de crisis te blijven stellen. Let op: de "
            "antwoorden kunnen gedurende de crisis veranderen."
        ),
    },
    {
        "slug": "duiding",
        "title": "Aandachtspunten bij duiding",
        "body": (
            "Informatie over (digitale) verstoring bij organisatie/bedrijf wordt altijd geleverd "
            "door betreffende organisatie en daar waar mogelijk door het NCSC.\n"
            "Opzettelijke verstoring: Het is in het begin nog onduidelijk of het een moedwillige "
            "verstoring betreft. Er wordt in beginsel uitgegaan van opzet.\n"
            "Bij onduidelijkheden over technische aspecten kán het VR-ISAC / CISO VRU dienen als "
            "informatieknooppunt.\n"
            "De bron van de verstoring zegt niks over het geografisch gebied wat geraakt wordt. "
            "Ga snel uit van gemeentegrensoverschrijdende/landelijke effecten;\n"
            "Het oplossen van de technische verstoring zorgt niet automatisch voor het verhelpen "
            "van maatschappelijke effecten, deze kunnen langer aanhouden."
        ),
    },
    {
        "slug": "inleiding-handreiking",
        "title": "Inleiding: praktische informatie en tips bij digitale incidenten",
        "body": (
            "Digitale incidenten zijn een groot risico voor de maatschappelijke continuïteit. Het "
            "NCSC waarschuwt dagelijks voor mogelijk digitale dreigingen en incidenten (zie "
            "www.ncsc.nl). Een goede en doordachte voorbereiding is essentieel. Immers, zowel "
            "incidenten als de maatregelen hierop kunnen grote impact hebben op de continuïteit "
            "van processen en diensten. Een gecoördineerde en goed voorbereide digitale respons "
            "moet helpen het risico te beperken.\n"
            "Het belang van monitoring en het treffen van technische maatregelen zoals "
            "geadviseerd\n"
            "Om de mogelijke impact te verkleinen is het van belang om ook voorbereidingen te "
            "treffen gericht op; de incident respons op een eventuele aanval; het borgen c.q. "
            "herstellen van de continuïteit; passende interne en externe communicatie; het "
            "bijbehorende crisismanagement\n"
            "Naarmate de individuele organisatie er in slaagt de impact te beperken, blijft ook de "
            "bredere maatschappelijke impact beperkt. Aanvullend op de tips vanuit het NCSC deelt "
            "de NCTV tips over crisismanagement en crisiscommunicatie."
        ),
    },
    {
        "slug": "bijzonderheden-digitale-crises",
        "title": "Bijzonderheden bij digitale crises",
        "body": (
            "De snelheid waarmee dergelijke incidenten zich manifesteren;\n"
            "door complexe ketenafhankelijkheden kan de bron soms lastig te achterhalen zijn, "
            "waardoor respons wordt bemoeilijkt;\n"
            "de crisisorganisaties worden zelf mogelijk ook zwaar geraakt in hun functioneren;\n"
            "bij de bronbestrijding is de overheid grotendeels afhankelijk van het handelen van "
            "private partijen;\n"
            "bronbepaling en attributie zijn moeilijk. Het is complex om te bepalen waar een "
            "incident vandaan komt, wie er achter een eventuele aanval zit en wat het eventuele "
            "doel van de aanval is;\n"
            "een incident in de netwerk- en informatiesystemen treft zelden alleen het digitale "
            "domein. Vaak treden er ook ongewenste effecten op in het fysieke domein;\n"
            "er is mogelijk een tekort aan specifieke deskundigen;\n"
            "het mogelijke intensieve en langdurige herstel."
        ),
    },
    {
        "slug": "intro-melding_alarmering",
        "title": "Melding & alarmering",
        "body": (
            "Een (dreigende) cybercrisis, inclusief mogelijke fysieke effecten, kan op "
            "verschillende manieren gemeld worden."
        ),
    },
    {
        "slug": "intro-dilemmas",
        "title": "Bestuurlijke dilemma’s",
        "body": (
            "Tijdens een cybercrisis spelen er verschillende bestuurlijke dilemma’s. De volgende "
            "bestuurlijke dilemma's, specifiek voor digitale verstoringen, kunnen gaan spelen "
            "voor een GBT/RBT:\n"
            "Zie crisisutrecht.nl – crisisorganisatie voor de generieke bestuurlijke "
            "aandachtskaart"
        ),
    },
]

# --- Betrokken instanties (000) plus the "Wie doet wat?" parties ------------------------------

STAKEHOLDERS = [
    {
        "slug": "ncc",
        "name": "NCC – het Nationaal Crisiscentrum",
        "role_text": (
            "Het eerste aanspreekpunt voor veiligheidsregio’s bij een (dreigende) cybercrisis met "
            "effecten in het fysieke domein."
        ),
        "when_to_involve": (
            "Indien er signalen binnenkomen van een (mogelijke) cybercrisis / digitale verstoring "
            "neem dan contact op met het NCC voor duiding. Bij grote maatschappelijke effecten "
            "neem (VIC) contact op met NCC over duiding mogelijke maatschappelijke ontwrichting."
        ),
        "max_tlp": "AMBER",
    },
    {
        "slug": "nkc",
        "name": "Nationaal Kernteam Crisiscommunicatie (NKC)",
        "role_text": (
            "Coördineert de pers- en publieksvoorlichting vanuit de rijksoverheid indien "
            "nationale crisisorganisatie is geactiveerd."
        ),
        "when_to_involve": (
            "Bij (dreigende) grote maatschappelijke effecten neem contact op met NKC."
        ),
        "max_tlp": "GREEN",
    },
    {
        "slug": "locc",
        "name": "LOCC(-B) – het Landelijk Operationeel Coördinatiecentrum",
        "role_text": (
            "Het LOCC zal bij een cybercrisis met effecten in het fysieke domein zorgdragen voor "
            "informatie-uitwisseling tussen Rijk en regio’s."
        ),
        "when_to_involve": "Bij een cybercrisis met effecten in het fysieke domein.",
        "max_tlp": "AMBER",
    },
    {
        "slug": "ncsc",
        "name": "NCSC – Nationaal Cyber Security Centrum",
        "role_text": (
            "Bijstaan en adviseren Rijksoverheid en vitale processen bij digitale dreigingen en "
            "incidenten. Het NCSC onderhoudt contacten met sectorale CERTS, in het bijzonder van "
            "vitale processen, om hen van de noodzakelijke informatie te voorzien."
        ),
        "when_to_involve": (
            "Informatie vanuit het NCSC loopt middels het NCC/LOCC naar de regionale "
            "crisisorganisatie van de veiligheidsregio. Behoort de getroffen organisatie tot de "
            "rijksoverheid of vitale infrastructuur, dan meldt zij het incident bij het NCSC."
        ),
        "max_tlp": "AMBER",
    },
    {
        "slug": "cert",
        "name": "CERT – Computer Emergency Response Teams (sectoraal)",
        "role_text": (
            "Coördinerend computer crisisteam voor de warme fase (bronbestrijding). Deze zijn "
            "sectoraal ingericht en staan in direct contact met het NCSC en de "
            "organisaties/bedrijven die zij vertegenwoordigen."
        ),
        "when_to_involve": (
            "Behoort de getroffen organisatie niet tot de rijksoverheid of vitale "
            "infrastructuur, dan meldt zij het incident bij haar sectorale CERT."
        ),
        "max_tlp": "AMBER",
    },
    {
        "slug": "ibd",
        "name": "Informatiebeveiligingsdienst (IBD) – CERT voor gemeenten",
        "role_text": (
            "Sectorale CERT voor gemeenten: coördinerend computer crisisteam voor de warme fase "
            "(bronbestrijding), in direct contact met het NCSC."
        ),
        "when_to_involve": "Bij een digitale verstoring die gemeenten raakt.",
        "max_tlp": "AMBER",
    },
    {
        "slug": "z-cert",
        "name": "Z-CERT – CERT voor de zorgsector",
        "role_text": (
            "Sectorale CERT voor de zorgsector: coördinerend computer crisisteam voor de warme "
            "fase (bronbestrijding), in direct contact met het NCSC."
        ),
        "when_to_involve": "Bij een digitale verstoring die zorginstellingen raakt.",
        "max_tlp": "AMBER",
    },
    {
        "slug": "igj",
        "name": "Inspectie Gezondheidszorg en Jeugd (IGJ) – toezichthouder zorg",
        "role_text": (
            "Toezichthouder op de kwaliteit en veiligheid van de zorg. Zorgaanbieders melden "
            "hier incidenten en calamiteiten die de zorg raken."
        ),
        "when_to_involve": (
            "Meld het incident bij uw toezichthouder (indien van toepassing): een digitaal "
            "incident dat de kwaliteit of veiligheid van zorg raakt."
        ),
        "max_tlp": "AMBER",
    },
    {
        "slug": "ciso",
        "name": "CISO (Chief Information and Security Officer)",
        "role_text": (
            "De CISO van betreffende organisaties heeft de kennis van impact digitale verstoring "
            "op organisatieprocessen."
        ),
        "when_to_involve": (
            "De CISO van getroffen instantie(s) kan worden uitgenodigd om aan te sluiten bij de "
            "regionale crisisorganisatie. Indien de eigen organisatie getroffen is door een "
            "digitale verstoring is de CISO van de betreffende organisatie het aanspreekpunt."
        ),
        "max_tlp": "AMBER",
    },
    {
        "slug": "vr-isac",
        "name": "VR-ISAC (Information Sharing and Analysis Centre)",
        "role_text": (
            "Dit platform bedient alle veiligheidsregio’s, waaronder de VRU, voor het uitwisselen "
            "van informatie op het gebied van informatiebeveiliging. VR-ISAC staat in direct "
            "contact met het NCSC. De CISO VRU maakt onderdeel uit van dit netwerk."
        ),
        "when_to_involve": (
            "Bij onduidelijkheden over technische aspecten kán het VR-ISAC / CISO VRU dienen als "
            "informatieknooppunt."
        ),
        "max_tlp": "AMBER",
    },
    {
        "slug": "cybercrime-team",
        "name": "Cybercrime team Midden Nederland / Team High Tech Crime – Politie",
        "role_text": (
            "Het cybercrime team kan technische duiding geven op oorzaak en bron en is "
            "verantwoordelijk voor opsporing."
        ),
        "when_to_involve": (
            "Leg contact met team cybercrime MNL. Bij binnentreden van organisatie voor "
            "forensische opsporing, stem indien nodig af met hulpdiensten in het kader van "
            "veiligheid."
        ),
        "max_tlp": "AMBER",
    },
    {
        "slug": "leverancier-ict",
        "name": "Leverancier (ICT)",
        "role_text": "Oplossen van technische kant van verstoring.",
        "when_to_involve": (
            "Neem contact op met uw IT-leverancier en (eventueel) uw cybersecurity provider."
        ),
        "max_tlp": "GREEN",
    },
    {
        "slug": "getroffen-organisatie",
        "name": "Getroffen organisatie(s)",
        "role_text": (
            "Bepalen van impact verstoring, CISO of ICT team. Zelf verantwoordelijk voor "
            "continuïteit van eigen processen."
        ),
        "when_to_involve": "Overweeg om liaison van getroffen instantie(s) uit te nodigen.",
        "max_tlp": "AMBER",
    },
    {
        "slug": "driehoek",
        "name": "Driehoek",
        "role_text": (
            "Verantwoordelijk voor de handhaving van de openbare orde en de rechtsorde en voor de "
            "opsporing en strafrechtelijke handhaving."
        ),
        "when_to_involve": (
            "Wat is de rolverdeling tussen de driehoek en de regionale crisisorganisatie en de "
            "getroffen organisatie(s)?"
        ),
        "max_tlp": "AMBER",
    },
    {
        "slug": "gemeenten",
        "name": "Gemeenten (OOV)",
        "role_text": (
            "Verantwoordelijk voor openbare orde en veiligheid, bevolkingszorg en herstellen van "
            "maatschappelijke continuïteit."
        ),
        "when_to_involve": (
            "De regionale crisisorganisatie is, in gezamenlijkheid met gemeenten (OOV), "
            "verantwoordelijk voor het bepalen van de impact op het maatschappelijk leven."
        ),
        "max_tlp": "AMBER",
    },
    {
        "slug": "buurregios",
        "name": "Buurregio’s en crisispartners (MNL)",
        "role_text": (
            "Effecten van digitale verstoringen houden zich vaak niet aan gemeente- of "
            "regiogrenzen."
        ),
        "when_to_involve": "Zoek afstemming op MNL-niveau, met buurregio’s en crisispartners.",
        "max_tlp": "GREEN",
    },
]


# --- Meldpunten per sector: which directory entry is a sector's CERT and regulator ----------
# Seed 000 names the IBD for municipalities and Z-CERT for the care sector; the regulator of
# the care sector is the IGJ. Regions add sectors in the admin.

SECTOR_REPORTING = [
    {
        "slug": "zorg",
        "sector": "Zorg",
        "aliases": "Gezondheidszorg\nZiekenhuis\nZiekenhuizen\nAcute zorg\nThuiszorg\nGGZ\nZorginstelling",
        "cert": "z-cert",
        "regulator": "igj",
    },
    {
        "slug": "gemeenten",
        "sector": "Gemeenten",
        "aliases": "Gemeente\nOpenbaar bestuur\nGemeentelijke dienstverlening\nLokale overheid",
        "cert": "ibd",
        "regulator": None,
    },
]


# --- Loader -----------------------------------------------------------------------------------


def checklist_rows() -> list[dict]:
    rows = []
    for list_key, items in CHECKLISTS.items():
        for number, item in enumerate(items, start=1):
            text, url = item if isinstance(item, tuple) else (item, "")
            rows.append(
                {
                    "slug": f"{CHECKLIST_PREFIX[list_key]}-{number}",
                    "list": list_key,
                    "text": text,
                    "url": url,
                    "order": number * 10,
                }
            )
    return rows


def _ordered(rows: list[dict]) -> list[dict]:
    return [{**row, "order": row.get("order", (i + 1) * 10)} for i, row in enumerate(rows)]


def content_rows() -> dict[str, list[dict]]:
    """Model name -> the rows it should at least contain."""
    return {
        "KeyDecision": _ordered(KEY_DECISIONS),
        "Dilemma": _ordered(DILEMMAS),
        "ChecklistItem": checklist_rows(),
        "ReferenceText": _ordered(REFERENCE_TEXTS),
        "Stakeholder": _ordered(STAKEHOLDERS),
        # After Stakeholder: its rows name stakeholders by slug.
        "SectorReporting": _ordered(SECTOR_REPORTING),
    }


def load(get_model: Callable | None = None) -> dict[str, int]:
    """Create the content rows whose slug does not exist yet; return how many per model.

    get_model(name) returns the model class; the data migration passes its historical models.
    Existing rows (possibly edited by an administrator) are left exactly as they are.
    """
    if get_model is None:
        from django.apps import apps

        def get_model(name):
            return apps.get_model("playbook", name)

    created = {}
    for model_name, rows in content_rows().items():
        try:
            model = get_model(model_name)
        except LookupError:
            continue  # an older migration's state: a later migration loads this model's rows
        field_names = {field.name for field in model._meta.get_fields()}
        existing = set(model.objects.values_list("slug", flat=True))
        new = [
            model(**_resolved(model, {k: v for k, v in row.items() if k in field_names}))
            for row in rows
            if row["slug"] not in existing
        ]
        model.objects.bulk_create(new, ignore_conflicts=True)
        created[model_name] = len(new)
    return created


# ChecklistList values every incident gets a tickable copy of (playbook.models.INCIDENT_LISTS,
# spelled out so the data migration keeps working whatever the model says later).
INCIDENT_LISTS = (
    "melding_alarmering",
    "leiding_coordinatie",
    "informatiemanagement",
    "crisiscommunicatie",
    "nafase",
    "operationeel",
    "houd_rekening_met",
    "reageren",
)


def incident_rows(get_model: Callable | None = None) -> int:
    """Create every incident's missing key decision and checklist rows; return how many.

    A fixed number of queries whatever the number of incidents (existing pairs are read once).
    """
    if get_model is None:
        from django.apps import apps

        get_model = apps.get_model
    incidents = list(get_model("incidents", "Incident").objects.values_list("pk", flat=True))
    created = 0
    for row_model, content_model, field, filters in (
        ("IncidentKeyDecision", "KeyDecision", "key_decision_id", {}),
        ("IncidentChecklistItem", "ChecklistItem", "item_id", {"list__in": INCIDENT_LISTS}),
    ):
        rows = get_model("playbook", row_model)
        content = list(
            get_model("playbook", content_model)
            .objects.filter(**filters)
            .values_list("pk", flat=True)
        )
        have = set(rows.objects.values_list("incident_id", field))
        new = [
            rows(incident_id=incident, **{field: pk})
            for incident in incidents
            for pk in content
            if (incident, pk) not in have
        ]
        rows.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        created += len(new)
    return created


def _resolved(model, row: dict) -> dict:
    """Foreign keys are written as the slug of the related row (None: left empty)."""
    for name, value in list(row.items()):
        field = model._meta.get_field(name)
        if field.many_to_one:
            row[name] = field.related_model.objects.filter(slug=value).first() if value else None
    return row
