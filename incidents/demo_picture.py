"""Demo data for issue 14: deelbeelden of four disciplines (one set by the hospital's partner
guest, so its organisation shows) and a totaalbeeld resting on them. Idempotent: nothing is
added once the demo incident has a deelbeeld."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import picture
from .demo import PARTNER_EMAIL
from .models import Discipline
from .tlp import TLP

PARTIALS = [
    (
        "ghor",
        "crisisteam",
        "SEH werkt op papier met beperkte capaciteit; twee ambulances per uur worden "
        "doorgestuurd naar omliggende ziekenhuizen. Geen slachtoffers bekend.",
        TLP.AMBER,
        50,
    ),
    (
        "bevolkingszorg",
        "crisisteam",
        "Gemeenten Utrecht, Nieuwegein en Zeist bellen thuiszorgcliënten met apparatuur die "
        "storingen meldt; 14 cliënten tijdelijk elders ondergebracht.",
        TLP.GREEN,
        35,
    ),
    (
        "ncsc-cert",
        "vic",
        "Z-CERT bevestigt ransomware; de aanvaller is nog niet bekend. Geen aanwijzingen dat "
        "andere zorginstellingen in de regio zijn geraakt.",
        TLP.AMBER,
        25,
    ),
    (
        "ciso",
        PARTNER_EMAIL,
        "Back-ups van het patiëntendossier zijn intact; herstel van de eerste systemen "
        "verwacht over 12 tot 24 uur.",
        TLP.GREEN,
        15,
    ),
]


def seed(*, incident, users, stdout) -> None:
    if incident.partial_pictures.exists():
        return
    now = timezone.now()
    disciplines = {d.slug: d for d in Discipline.objects.filter(is_active=True)}
    people = {
        **users,
        PARTNER_EMAIL: get_user_model().objects.filter(username=PARTNER_EMAIL).first(),
    }
    partials = []
    for slug, who, text, tlp, minutes_ago in PARTIALS:
        actor = people.get(who) or users["vic"]
        if slug not in disciplines:
            continue  # switched off by the region
        partials.append(
            picture.partial_picture_set(
                incident=incident,
                actor=actor,
                discipline=disciplines[slug],
                text=text,
                tlp=tlp,
                occurred_at=now - timedelta(minutes=minutes_ago),
            )
        )
    picture.overall_picture_set(
        incident=incident,
        actor=users["vic"],
        text=(
            "Ransomware bij het regionale ziekenhuis: de spoedeisende hulp draait beperkt op "
            "papier, patiënten worden gespreid. Thuiszorgcliënten in drie gemeenten worden "
            "opgevangen. Herstel van de eerste systemen wordt binnen een dag verwacht; de "
            "aanvaller is nog onbekend."
        ),
        tlp=TLP.AMBER,
        based_on=partials,
        occurred_at=now - timedelta(minutes=10),
    )
    stdout.write(f"  picture: {len(partials)} deelbeelden and a totaalbeeld")
