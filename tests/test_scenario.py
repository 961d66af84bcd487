"""Scenario: ransomware at a regional hospital, played end to end by three people.

This test is also the shortest description of what Crisiscentre does. It runs the whole
product the way a regional crisis room would use it: real Chromium, real PostgreSQL, a real
Celery worker on Redis, and a real SMTP server that receives the mail to partners.

The story
---------
Friday morning. Ziekenhuis Midden reports that its systems are encrypted and a ransom note is
on the screens. Shortly after, patients at home in several municipalities report that their
home dialysis and monitoring devices no longer send data to the hospital.

Three people work the incident, each in their own browser:

- **Vera**, VIC-medewerker (safety information centre): reports the incident, invites the
  others, keeps the logbook, classifies the incident (NCP-D) as facts come in, informs the
  partners, and approves the public message.
- **Chris**, Crisisteamlid: follows the escalation advice to GRIP 4, runs the reporting
  decision tree, takes two key decisions from the playbook, drafts the public message with the
  live plain-language check, and issues a situation report (sitrep).
- **Bram**, Bestuurder (mayor's office, read-only): keeps the incident dashboard open the whole
  time and sees every change of the others appear without reloading; at the end he downloads
  the sitrep PDF for the policy team meeting.

Each step below is a commented block. Selectors follow the apps' own browser tests.
"""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.helpers import browser_login, walk_the_reporting_wizard
from tests.notifications.conftest import smtp_server  # noqa: F401 - fixture: a real SMTP server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

LIVE = 10_000  # ms: the dashboard polls every 3 s; allow a few rounds on a busy machine
WORKER = 30_000  # ms: a job for the real worker (mail delivery, PDF rendering)

TITLE = "Ransomware Ziekenhuis Midden, thuismedische apparatuur valt uit"
FIRST_REPORT = "Ziekenhuis Midden meldt versleutelde systemen en een losgeldbericht"
HOME_DEVICES = "Thuisdialyse en thuismonitoring in Utrecht, Zeist en Amersfoort geven geen data"
NEIGHBOURS = "Ook patiënten in Hilversum (regio Gooi en Vechtstreek) zijn geraakt"
NO_RANSOM = "Er wordt geen losgeld betaald"
SWITCH_OFF = "Koppeling thuisapparatuur met het ziekenhuisnetwerk blijft uit"
STAKEHOLDERS = {
    "Z-CERT – CERT voor de zorgsector": "soc@z-cert.example",
    "Gemeenten (OOV)": "oov@gemeenten.example",
    "NCSC – Nationaal Cyber Security Centrum": "meldingen@ncsc.example",
}


@pytest.fixture
def person(browser, live_server):
    """person(user) -> a logged-in page in its own browser context (closed afterwards, also on
    failure, so no page keeps polling the live server while the database is torn down)."""
    contexts = []

    def open_as(user):
        context = browser.new_context(
            viewport={"width": 1366, "height": 900}, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        browser_login(page, live_server, user)
        return page

    yield open_as
    for context in contexts:
        context.close()


def pdf_text(data: bytes) -> str:
    """All pages as one line of text, as a reader of the paper would see it."""
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pages))


def test_ransomware_at_a_regional_hospital(
    live_server,
    person,
    celery_worker,
    smtp_server,  # noqa: F811
    media_root,
    vic_user,
    crisis_user,
    bestuurder,
):
    vera, chris, bram = person(vic_user), person(crisis_user), person(bestuurder)

    # --- 1. Vera reports the incident and invites the crisis team member and the Bestuurder --
    vera.goto(f"{live_server.url}/incidents/nieuw/")
    vera.fill("#id_title", TITLE)
    vera.fill(
        "#id_description",
        "Systemen van Ziekenhuis Midden zijn versleuteld; thuismedische apparatuur van "
        "patiënten stuurt geen gegevens meer.",
    )
    vera.fill("#id_municipalities", "Utrecht\nZeist\nAmersfoort")
    vera.get_by_role("button", name="Registreren").click()
    expect(vera.locator("h1")).to_contain_text(TITLE)
    dashboard = vera.url
    # The NCP-D classification starts from the working assumption: deliberate, until disproved.
    expect(vera.locator("#classification-body")).to_contain_text("Moedwillig aanname")

    vera.goto(dashboard + "leden/")
    for user in (crisis_user, bestuurder):
        vera.fill("#id_username", user.username)
        vera.get_by_role("button", name="Toevoegen", exact=True).click()
        expect(vera.locator("table")).to_contain_text(f"({user.username})")

    # Bram and Chris open the dashboard and leave it open. Bram never reloads it: a marker on
    # the window would be gone after a reload.
    bram.goto(dashboard)
    chris.goto(dashboard)
    expect(bram.locator("h1")).to_contain_text(TITLE)
    bram.evaluate("window.__scenario = 'never reloaded'")
    # Bram is read-only: no logbook form, no GRIP form.
    expect(bram.locator("#log-form")).to_have_count(0)
    expect(bram.locator("#grip-form")).to_have_count(0)

    # Vera logs what comes in; Bram sees the entries appear on his dashboard by himself.
    vera.goto(dashboard)
    for category, text, source in [
        ("melding", FIRST_REPORT, "Ziekenhuis Midden"),
        ("beeld", HOME_DEVICES, "Meldkamer ambulancezorg"),
    ]:
        vera.select_option("#log_category", category)
        vera.fill("#log_text", text)
        vera.fill("#log_source", source)
        vera.get_by_role("button", name="Toevoegen aan logboek").click()
        expect(vera.locator("#log-body")).to_contain_text(text)
    expect(bram.locator("#log-body")).to_contain_text(FIRST_REPORT, timeout=LIVE)
    expect(bram.locator("#log-body")).to_contain_text(HOME_DEVICES, timeout=LIVE)

    # --- 2. Vera classifies step by step as facts arrive, each time with a reason ------------
    def classify(block, label, value, reason, *, confirm_assumption=False):
        vera.get_by_role("link", name=f"{label} wijzigen").click()
        vera.select_option(f"#classification_{block}", value)
        if confirm_assumption:  # no longer an assumption: it is established
            vera.locator("#classification_assumed_0").uncheck()
        vera.fill("#classification_reason", reason)
        vera.get_by_role("button", name="Duiding vastleggen").click()
        expect(vera.locator("#classification-body")).to_contain_text(reason)

    # The ransom note settles the cause: deliberate, no longer an assumption.
    classify(
        "cause",
        "Oorzaak",
        "moedwillig",
        "Losgeldbericht aangetroffen; Z-CERT bevestigt ransomware",
        confirm_assumption=True,
    )
    cause = vera.locator("#classification-body tr").filter(has_text="Oorzaak")
    expect(cause).to_contain_text("Moedwillig")
    expect(cause).not_to_contain_text("aanname")
    # Home dialysis is care that cannot stop: a vital process.
    classify(
        "domain", "Geraakt domein", "vitaal", "Thuisdialyse is acute zorg: vitaal proces geraakt"
    )
    # Chris, who only watches, sees the escalation advice change on his dashboard: GRIP 4.
    advice = chris.locator("#advice-body")
    expect(advice.locator('[data-rule="vitale-processen"]')).to_contain_text(
        "Overweeg snelle opschaling naar GRIP 4", timeout=LIVE
    )
    expect(advice.locator('[data-rule="oorzaak-onbekend"]')).to_have_count(0)
    # Patients in a neighbouring safety region are affected too.
    classify("area", "Geraakt gebied", "meerdere_regios", NEIGHBOURS)
    classification = bram.locator("#classification-body")
    expect(classification).to_contain_text("Vitale processen", timeout=LIVE)
    expect(classification).to_contain_text("Meerdere veiligheidsregio's", timeout=LIVE)
    expect(classification).to_contain_text(NEIGHBOURS)
    expect(advice.locator('[data-rule="gebied-bovenregionaal"]')).to_be_visible(timeout=LIVE)

    # --- 3. Chris follows the advice: GRIP 4, with who decided it and why ---------------------
    chris.select_option("#grip_to_level", label="GRIP 4")
    chris.fill("#grip_decided_by", "Petra Jansen")
    chris.fill("#grip_decided_by_function", "Regionaal Operationeel Leider")
    chris.fill(
        "#grip_reason", "Vitale zorg thuis in meerdere gemeenten uitgevallen, conform advies"
    )
    chris.get_by_role("button", name="GRIP-besluit vastleggen").click()
    expect(chris.get_by_test_id("grip-current")).to_contain_text("GRIP 4")
    history = chris.locator("#grip-body .esc-grip-history")
    expect(history).to_contain_text("geen → GRIP 4")
    expect(history).to_contain_text("Petra Jansen (Regionaal Operationeel Leider)")
    # The decision lands in the logbook as a *besluit* entry; Bram sees both without reloading.
    expect(chris.locator("#log-body")).to_contain_text("GRIP-niveau gewijzigd van geen naar GRIP 4")
    expect(bram.get_by_test_id("grip-current")).to_contain_text("GRIP 4", timeout=LIVE)
    expect(bram.locator("#log-body")).to_contain_text(
        "GRIP-niveau gewijzigd van geen naar GRIP 4", timeout=LIVE
    )

    # --- 4. Chris runs the reporting decision tree and attaches the result -------------------
    chris.goto(dashboard + "beslisboom/")
    # One answer: the highest rung of the escalation ladder (it includes the lower ones); a
    # hospital, so it reports to its sector CERT (Z-CERT).
    walk_the_reporting_wizard(chris)
    points = chris.get_by_test_id("reporting-points")
    expect(points).to_contain_text("U meldt het incident bij uw sectorale CERT")
    expect(points).to_contain_text("Neem contact op met de meldkamer van de hulpdiensten")
    chris.get_by_role("button", name=re.compile(r"^Als checklist aan .* koppelen$")).click()
    chris.wait_for_url(dashboard)
    expect(chris.locator("#reporting-body")).to_contain_text("0 van 7 meldpunten gemeld.")

    # --- 5. The hospital decides on ransom and on switching off; Chris records it for it ----
    # Content key decisions are the affected party's, not the region's: first the hospital is
    # registered as affected organisation (the organisations tile), then its decisions.
    chris.locator("#organisation-form summary").click()
    chris.locator("#organisation_name").fill("Ziekenhuis Midden")
    chris.locator("#organisation-form").get_by_role("button", name="Organisatie toevoegen").click()
    expect(chris.locator("#tile-organisations")).to_contain_text("Ziekenhuis Midden")
    chris.goto(dashboard + "sleutelbesluiten/")
    for title, text in [
        ("Het wel/niet betalen van losgeld voor ransomware", NO_RANSOM),
        ("Uitschakelen van (nog niet getroffen) systemen", SWITCH_OFF),
    ]:
        row = chris.locator(".kd-row").filter(has_text=title)
        row.get_by_text("Besluit van een getroffen organisatie vastleggen").click()
        row.get_by_label("Genomen door (getroffen organisatie)").select_option(
            label="Ziekenhuis Midden"
        )
        row.get_by_label("Besluit", exact=True).fill(text)
        row.get_by_label("Besloten door (naam en functie bij de organisatie)").fill(
            "Raad van bestuur"
        )
        row.get_by_role("button", name="Sleutelbesluit vastleggen").click()
        expect(row.locator(".kd-records")).to_contain_text(text)
    # Bram sees them as the hospital's decisions, not in the region's decision list.
    party = bram.get_by_test_id("party-decisions")
    expect(party).to_contain_text(NO_RANSOM, timeout=LIVE)
    expect(party).to_contain_text(SWITCH_OFF, timeout=LIVE)
    expect(bram.locator("#decisions-body")).not_to_contain_text(NO_RANSOM)

    # --- 6. Vera informs three partners; the worker mails them, TLP label in every mail ------
    # The stakeholder analysis: who is involved, their contact, what they may receive.
    vera.goto(dashboard + "stakeholders/")
    for name, address in STAKEHOLDERS.items():
        vera.select_option("#id_stakeholder", label=name)
        vera.fill("#id_needs_to_know", "Uitval thuismedische apparatuur en stand van de opschaling")
        vera.fill("#id_contact_email", address)
        vera.select_option("#id_max_tlp", "AMBER")
        vera.get_by_role("button", name="Opslaan").click()
        expect(vera.locator("#stakeholders-body")).to_contain_text(address)
    # "Informeer stakeholders" on the dashboard: choose them, write the message, send.
    vera.goto(dashboard)
    inform = vera.locator("#inform-form")
    inform.locator("summary").click()
    for name in STAKEHOLDERS:
        inform.get_by_label(name).check()
    inform.locator("#id_subject").fill("{kenmerk}: ransomware Ziekenhuis Midden")
    inform.locator("#id_body").fill("{titel}. Opschaling: {grip}. Duiding: {duiding}")
    inform.locator("#id_tlp").select_option("AMBER")
    inform.get_by_role("button", name="Verstuur").click()
    expect(vera.locator("#inform-form")).to_contain_text("3 berichten in de wachtrij.")
    expect(vera.locator("#notifications-body tr.notification-verzonden")).to_have_count(
        3, timeout=WORKER
    )
    mails = list(smtp_server.wait_for(3, timeout=WORKER / 1000))
    assert sorted(m.rcpt_tos[0] for m in mails) == sorted(STAKEHOLDERS.values())
    for mail in mails:
        assert mail["Subject"].startswith("[TLP:AMBER] "), mail["Subject"]
        assert "ransomware Ziekenhuis Midden" in mail["Subject"]
        body = mail.get_content()
        assert "TLP:AMBER" in body
        assert "Opschaling: GRIP 4" in body
        assert "geraakt domein: vitale processen" in body

    # --- 7. Chris drafts a public message; the live check catches jargon; Vera approves -----
    chris.goto(dashboard + "communicatie/")
    chris.get_by_role("link", name="Nieuw bericht opstellen").click()
    chris.fill("#id_title", "Thuisapparatuur patiënten Ziekenhuis Midden")
    chris.locator("#id_text").press_sequentially(
        "Door een cyberaanval op Ziekenhuis Midden sturen sommige thuisapparaten geen gegevens."
    )
    wording = chris.locator('#check-findings [data-rule="wording"]')
    expect(wording).to_contain_text("cyberaanval")
    expect(wording).to_contain_text("digitale verstoring")
    chris.fill(
        "#id_text",
        "Door een digitale verstoring bij Ziekenhuis Midden sturen sommige thuisapparaten "
        "geen gegevens.",
    )
    chris.fill(
        "#id_action_perspective", "Voelt u zich niet goed? Bel uw huisarts of bij spoed 112."
    )
    expect(chris.locator("#check-clear")).to_be_visible()
    chris.get_by_role("checkbox", name="Gemeente(n)").check()
    chris.get_by_role("button", name="Opslaan als concept").click()
    chris.wait_for_url(re.compile(r"/communicatie/berichten/\d+/$"))
    chris.get_by_role("button", name="Ter afstemming aanbieden").click()
    expect(chris.locator("#status-badge")).to_have_text("Ter afstemming")

    vera.goto(chris.url)  # four eyes: someone else approves
    vera.get_by_role("button", name="Vaststellen").click()
    expect(vera.locator("#status-badge")).to_have_text("Vastgesteld")
    vera.get_by_role("button", name="Vastleggen als verstuurd / gepubliceerd").click()
    expect(vera.locator("#published-by")).to_contain_text("Vera")
    expect(bram.locator("#log-body")).to_contain_text(
        "Bericht verstuurd/gepubliceerd: Thuisapparatuur patiënten", timeout=LIVE
    )

    # --- 8. Chris issues a sitrep; the worker renders it; Bram downloads the PDF -------------
    chris.goto(dashboard + "sitreps/")
    chris.select_option("#id_audience_tlp", "AMBER")
    chris.get_by_role("button", name="Sitrep uitgeven").click()
    expect(chris.get_by_role("link", name="Download concept van sitrep 1")).to_be_visible(
        timeout=WORKER
    )
    # A concept until another member approves it (vaststellen, four eyes): Vera does.
    vera.goto(dashboard + "sitreps/")
    vera.get_by_role("button", name="Vaststellen").click()
    expect(vera.locator("table")).to_contain_text("Vastgesteld door Vera op")
    # Bram's dashboard offers the approved PDF by itself; he downloads it.
    pdf_link = bram.locator("#sitreps-body").get_by_role("link", name="PDF")
    expect(pdf_link).to_be_visible(timeout=LIVE)
    with bram.expect_download() as download:
        pdf_link.click()
    text = pdf_text(download.value.path().read_bytes())
    for expected in [
        TITLE,
        "GRIP 4",  # the GRIP level
        "Oorzaak Moedwillig vastgesteld",  # the classification, block by block
        "Geraakt domein Vitale processen vastgesteld",
        "Geraakt gebied Meerdere veiligheidsregio's vastgesteld",
        f"losgeld voor ransomware: {NO_RANSOM}",  # the key decisions
        f"keteneffecten: {SWITCH_OFF}",
        "Alle instanties zijn geïnformeerd.",  # step 6
        "Verstuurd / gepubliceerd",  # step 7
    ]:
        assert expected in text, f"{expected!r} is missing from the sitrep PDF"
    # The partners were told by mail that a new sitrep is out (not the sitrep itself).
    announced = smtp_server.wait_for(6, timeout=WORKER / 1000)[3:]
    assert sorted(m.rcpt_tos[0] for m in announced) == sorted(STAKEHOLDERS.values())
    assert all("nieuw situatierapport" in m["Subject"] for m in announced)

    # --- 9. Bram watched it all on one page -------------------------------------------------
    assert bram.evaluate("window.__scenario") == "never reloaded"
