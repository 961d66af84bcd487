"""Seed the plain-language glossary with common cyber terms and plain Dutch alternatives.

Data, editable by administrators afterwards; re-running never overwrites an edited term.
"""

from django.db import migrations

TERMS = [
    ("ransomware", "gijzelsoftware (software die systemen blokkeert en losgeld eist)"),
    ("cryptolocker", "gijzelsoftware"),
    ("DDoS", "overbelasting van een website of dienst"),
    ("denial of service", "overbelasting van een website of dienst"),
    ("phishing", "nepbericht om gegevens of wachtwoorden te stelen"),
    ("spear phishing", "gericht nepbericht"),
    ("smishing", "nep-sms om gegevens te stelen"),
    ("vishing", "nepbelletje om gegevens te stelen"),
    ("malware", "kwaadaardige software"),
    ("spyware", "spionagesoftware"),
    ("infostealer", "software die gegevens steelt"),
    ("trojan", "verborgen kwaadaardige software"),
    ("trojaans paard", "verborgen kwaadaardige software"),
    ("rootkit", "verborgen kwaadaardige software"),
    ("keylogger", "software die meeleest wat iemand typt"),
    ("wiper", "software die gegevens wist"),
    ("backdoor", "verborgen toegang"),
    ("payload", "kwaadaardige inhoud"),
    ("exploit", "misbruik van een zwakke plek"),
    ("zero-day", "nog onbekende zwakke plek"),
    ("0-day", "nog onbekende zwakke plek"),
    ("kwetsbaarheid", "zwakke plek"),
    ("CVE", "bekende zwakke plek in software"),
    ("patch", "software-update"),
    ("botnet", "netwerk van overgenomen computers"),
    ("encryptie", "versleuteling"),
    ("decryptie", "ontsleutelen"),
    ("firewall", "digitale afscherming van een netwerk"),
    ("hack", "digitale verstoring"),
    ("hacker", "onbekende partij"),
    ("cyberaanval", "digitale verstoring"),
    ("cyberincident", "digitale verstoring"),
    ("cybercrime", "digitale criminaliteit"),
    ("cybersecurity", "digitale beveiliging"),
    ("spoofing", "zich voordoen als een ander"),
    ("social engineering", "misleiding om toegang te krijgen"),
    ("brute force", "wachtwoorden raden"),
    ("credential stuffing", "inloggen met gestolen wachtwoorden"),
    ("man-in-the-middle", "meekijken met communicatie"),
    ("SQL-injectie", "misbruik van een zwakke plek in een website"),
    ("cross-site scripting", "misbruik van een zwakke plek in een website"),
    ("datalek", "gegevens die in verkeerde handen zijn gekomen"),
    ("exfiltratie", "diefstal van gegevens"),
    ("data-exfiltratie", "diefstal van gegevens"),
    ("APT", "langdurige, gerichte digitale inbraak"),
    ("IP-adres", "internetadres"),
    ("DNS", "adresboek van internet"),
    ("server", "centrale computer"),
    ("cloud", "online dienst of opslag via internet"),
    ("VPN", "beveiligde verbinding op afstand"),
    ("router", "netwerkapparaat"),
    ("endpoint", "computer, laptop of telefoon"),
    ("SOC", "beveiligingscentrum"),
    ("CERT", "computercrisisteam"),
    ("CISO", "verantwoordelijke voor informatiebeveiliging"),
    ("SIEM", "beveiligingsmonitoring"),
    ("EDR", "beveiligingssoftware op computers"),
    ("IOC", "sporen van een digitale inbraak"),
    ("indicators of compromise", "sporen van een digitale inbraak"),
    ("tweefactorauthenticatie", "inloggen met een extra code"),
    ("multifactorauthenticatie", "inloggen met een extra code"),
    ("MFA", "inloggen met een extra code"),
    ("authenticatie", "controle wie iemand is (inloggen)"),
    ("command-and-control", "besturing op afstand"),
    ("sandbox", "afgeschermde testomgeving"),
    ("honeypot", "lokaas-systeem"),
    ("darkweb", "verborgen deel van internet"),
    ("dark web", "verborgen deel van internet"),
    ("deepfake", "nagemaakte video, foto of stem"),
    ("SCADA", "besturingssystemen van installaties"),
    ("ICS", "besturingssystemen van installaties"),
    ("supply chain attack", "verstoring via een leverancier"),
    ("mitigatie", "maatregel om de gevolgen te beperken"),
    ("remediatie", "herstel"),
    ("airgap", "volledig losgekoppeld systeem"),
    ("incident response", "aanpak van het incident"),
    ("downtime", "uitval"),
    ("bitcoin", "digitaal geld"),
]


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("communication", "GlossaryTerm")
    for term, alternative in TERMS:
        GlossaryTerm.objects.get_or_create(term=term, defaults={"alternative": alternative})


class Migration(migrations.Migration):
    dependencies = [("communication", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
