"""Demo data for `seed_demo`: a second demo incident, weeks into its nafase, scaled down from
GRIP 2 to GRIP 1, with measures, recovery items and a draft evaluation. Idempotent: the
incident is found by its title and left alone once it exists."""

from __future__ import annotations

from django.utils import timezone

from escalation import services as escalation_services
from escalation.models import GripLevel, IncidentVitalProcess, RecoveryStatus, VitalProcess
from incidents import services as incident_services
from incidents.models import Incident, LogEntry

from . import services
from .models import EvaluationTheme, Finding, Participant

TITLE = "Digitale verstoring gemeentelijke dienstverlening (oefening, nafase)"


def seed(*, incident, users, stdout) -> None:
    if Incident.objects.filter(title=TITLE, is_exercise=True).exists():
        return
    vic, crisis = users["vic"], users["crisisteam"]
    now = timezone.now()
    weeks = timezone.timedelta(weeks=1)
    second = incident_services.incident_open(
        actor=vic,
        title=TITLE,
        description=(
            "Ransomware bij de ICT-leverancier van drie gemeenten: burgerzaken, "
            "betalingen van uitkeringen en de klantcontactcentra vielen uit."
        ),
        is_exercise=True,
        status=Incident.Status.ACTIVE,
        reported_at=now - 3 * weeks,
        started_at=now - 3 * weeks,
        municipalities="Utrecht\nHouten\nIJsselstein",
    )
    for user in users.values():
        incident_services.membership_add(incident=second, actor=vic, user=user)
    municipality = incident_services.affected_organisation_add(
        incident=second, actor=vic, name="Gemeente Houten", sector="Overheid", is_government=True
    )
    supplier = incident_services.affected_organisation_add(
        incident=second, actor=vic, name="ICT-leverancier GemeenteNet", sector="ICT"
    )
    incident_services.log_entry_add(
        incident=second,
        actor=vic,
        category=LogEntry.Category.REPORT,
        text="Leverancier meldt versleutelde servers; gemeentelijke loketten werken niet.",
        source="ICT-leverancier",
        occurred_at=now - 3 * weeks,
    )
    process = VitalProcess.objects.filter(process_list__is_current=True).order_by("order").first()
    vital = None
    if process is not None:
        vital = escalation_services.vital_process_set(
            incident=second,
            actor=vic,
            process=process,
            status=IncidentVitalProcess.Status.AFFECTED,
            note="Uitbetaling via noodprocedure.",
        )
    levels = {level.code: level for level in GripLevel.objects.all()}
    if "grip-2" in levels and "grip-1" in levels:
        escalation_services.grip_change(
            incident=second,
            actor=vic,
            to_level=levels["grip-2"],
            decided_by="Petra Jansen",
            decided_by_function="Operationeel leider",
            reason="Meerdere gemeenten geraakt; afstemming in het ROT.",
            decided_at=now - 3 * weeks,
        )
    escalation_services.measure_create(
        incident=second,
        actor=vic,
        title="Noodprocedure op papier bij burgerzaken",
        owner="Gemeente Houten, afdeling Burgerzaken",
        end_criterion="Basisregistratie Personen weer betrouwbaar bevestigd door de leverancier.",
        since=now - 3 * weeks,
    )
    decoupled = escalation_services.measure_create(
        incident=second,
        actor=vic,
        title="Systemen van de leverancier ontkoppeld",
        owner="CISO gemeente Utrecht",
        end_criterion="Forensisch onderzoek afgerond en schone omgeving opgeleverd.",
        since=now - 3 * weeks,
    )
    escalation_services.measure_end(
        measure=decoupled,
        actor=vic,
        reason="Schone omgeving opgeleverd en getest.",
        ended_at=now - 2 * weeks,
    )
    if "grip-1" in levels:
        escalation_services.grip_scale_down(
            incident=second,
            actor=crisis,
            to_level=levels["grip-1"],
            decided_by="Petra Jansen",
            decided_by_function="Operationeel leider",
            reason="Geen multidisciplinaire afstemming meer nodig; herstel loopt bij de gemeenten.",
            coordination_by="Gemeente Houten (team OOV)",
            remaining_effects="Burgerzaken werkt nog op papier.",
            decided_at=now - 2 * weeks,
        )
    items = [
        escalation_services.recovery_item_add(
            incident=second,
            actor=vic,
            organisation=municipality,
            status=RecoveryStatus.DISRUPTED,
            status_at=now - 3 * weeks,
            source="Gemeente Houten",
            expected_recovery="Eind deze maand",
            owner_user=vic,
        ),
        escalation_services.recovery_item_add(
            incident=second,
            actor=vic,
            organisation=supplier,
            status=RecoveryStatus.DISRUPTED,
            status_at=now - 3 * weeks,
            source="ICT-leverancier",
            owner_organisation="ICT-leverancier GemeenteNet",
        ),
    ]
    escalation_services.recovery_item_update(
        item=items[0],
        actor=vic,
        status=RecoveryStatus.EMERGENCY,
        status_at=now - 2 * weeks,
        source="Gemeente Houten",
        note="Paspoorten en rijbewijzen alleen op afspraak, op papier.",
    )
    escalation_services.recovery_item_update(
        item=items[1],
        actor=vic,
        status=RecoveryStatus.RECOVERED,
        status_at=now - weeks,
        source="ICT-leverancier",
        note="Servers hersteld; gemeenten melden nog wantrouwen in de gegevens.",
        technically_resolved=True,
    )
    if vital is not None:
        escalation_services.recovery_item_add(
            incident=second,
            actor=vic,
            vital_process=vital,
            status=RecoveryStatus.PARTIAL,
            status_at=now - weeks,
            source="Sociale dienst",
            note="Uitkeringen betaald; correcties volgen handmatig.",
            owner_user=crisis,
        )
    incident_services.incident_update(
        incident=second,
        actor=vic,
        expected_register_version=second.register_version,
        status=Incident.Status.AFTERCARE,
    )
    services.participant_add(
        incident=second,
        actor=vic,
        name="Petra Jansen",
        organisation="Veiligheidsregio",
        side="crisis",
    )
    services.participant_add(
        incident=second,
        actor=vic,
        name="Sanne de Boer",
        organisation="ICT-leverancier GemeenteNet",
        side=Participant.Side.TECHNICAL,
    )
    themes = {theme.slug: theme for theme in EvaluationTheme.objects.all()}
    if "kaart-leiding" in themes:
        services.finding_add(
            incident=second,
            actor=vic,
            theme=themes["kaart-leiding"],
            kind=Finding.Kind.WENT_WELL,
            text="Snel opgeschaald naar GRIP 2 met liaison van de leverancier in het ROT.",
        )
    if "kaart-nafase" in themes:
        services.finding_add(
            incident=second,
            actor=vic,
            theme=themes["kaart-nafase"],
            kind=Finding.Kind.IMPROVE,
            text="Na het technisch herstel bleef onduidelijk wie de betrouwbaarheid bevestigt.",
        )
    services.improvement_add(
        incident=second,
        actor=vic,
        theme=themes.get("voorbereid-7"),
        description="Leg vooraf vast wie bij de leverancier systemen als betrouwbaar vrijgeeft.",
        owner="Adviseur crisisbeheersing, Veiligheidsregio",
        due_at=(now + 8 * weeks).date(),
    )
    stdout.write(f"  aftermath: second demo incident {second.reference} in the nafase")
