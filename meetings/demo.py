"""The demo incident's meetings: one closed ROT meeting with its verslag, one GBT planned."""

from datetime import timedelta

from django.utils import timezone

from incidents.models import Team

from . import services
from .models import Assessment, MeetingRecord


def seed(*, incident, users, stdout) -> None:
    if incident.meetings.exists():
        return
    vic, crisis = users["vic"], users["crisisteam"]
    now = timezone.now()
    rot = services.meeting_plan(
        incident=incident,
        actor=vic,
        team=Team.ROT,
        starts_at=now - timedelta(hours=2),
        place="Crisiscentrum, zaal 2 / Teams-link in de agenda",
        chair="Operationeel Leider (ROL)",
        minute_taker=crisis,
        attendees="ROL, AC Bevolkingszorg, AC GHOR, Informatiemanager, Communicatieadviseur, CISO ziekenhuis",
    )
    services.meeting_open(meeting=rot, actor=crisis)
    for item, kind, text, extra in [
        (
            "oordeel",
            MeetingRecord.Kind.JUDGEMENT,
            "Herstel van de patiëntsystemen duurt naar verwachting minstens 48 uur.",
            {"assessment_kind": Assessment.Kind.EXPECTATION},
        ),
        (
            "oordeel",
            MeetingRecord.Kind.JUDGEMENT,
            "Ongunstig: ook de thuiszorgapparatuur valt langer dan een dag uit en patiënten met "
            "thuisbeademing moeten worden opgevangen.",
            {"assessment_kind": Assessment.Kind.WORST},
        ),
        (
            "ter-besluitvorming",
            MeetingRecord.Kind.DECISION,
            "Opvanglocatie voor patiënten met thuisbeademing gereedmaken in sporthal De Kamp.",
            {"reevaluate_at": now + timedelta(hours=4)},
        ),
        (
            "acties",
            MeetingRecord.Kind.ACTION,
            "Lijst van thuisbeademde patiënten opvragen bij de thuiszorgorganisaties.",
            {"owner": "AC GHOR", "due_at": now + timedelta(hours=1)},
        ),
    ]:
        services.meeting_record(meeting=rot, actor=crisis, item=item, kind=kind, text=text, **extra)
    services.meeting_close(meeting=rot, actor=crisis)
    services.meeting_plan(
        incident=incident,
        actor=vic,
        team=Team.GBT,
        starts_at=now + timedelta(hours=2),
        place="Stadhuis, burgemeesterskamer",
        chair="Burgemeester",
        attendees="Burgemeester, ROL, Communicatieadviseur, Informatiemanager",
    )
    stdout.write("  meetings: a closed ROT meeting with its verslag and a planned GBT meeting")
