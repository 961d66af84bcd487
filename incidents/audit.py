"""The audit trail a person can read: the catalogue of action codes and their Dutch labels,
and the before/after of an event as lines "veld: oud → nieuw".

Every code is `app.entity.verb` (`incidents.classification.changed`). A service writes an
event through `incidents.services.audit_record`, which refuses a code missing here when
settings.AUDIT_STRICT is on (DEBUG and the tests); tests/incidents/test_audit.py scans the
source for every code written and checks it is catalogued. The codes of every app live here,
as data: `incidents` imports none of those apps.

Stored events are never rewritten (the trail is append-only, also in PostgreSQL), so a code
that was renamed stays readable through RENAMED.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crisiscentre.templatetags.moments import moment_text

logger = logging.getLogger(__name__)

ACTIONS = {
    # aftermath
    "aftermath.evaluation.started": gettext_lazy("Evaluatie gestart"),
    "aftermath.evaluation.recorded": gettext_lazy("Evaluatie vastgelegd"),
    "aftermath.evaluation.waived": gettext_lazy("Afgezien van evaluatie"),
    "aftermath.participant.added": gettext_lazy("Deelnemer aan de evaluatie toegevoegd"),
    "aftermath.finding.added": gettext_lazy("Bevinding toegevoegd"),
    "aftermath.improvement.added": gettext_lazy("Verbeterpunt toegevoegd"),
    "aftermath.improvement.status_changed": gettext_lazy("Status van verbeterpunt gewijzigd"),
    # api (crisiscentre/api)
    "api.token.created": gettext_lazy("API-token gemaakt"),
    "api.token.revoked": gettext_lazy("API-token ingetrokken"),
    # communication
    "communication.core_message.set": gettext_lazy("Kernboodschap vastgesteld"),
    "communication.message.created": gettext_lazy("Communicatiebericht aangemaakt"),
    "communication.message.changed": gettext_lazy("Communicatiebericht gewijzigd"),
    "communication.message.submitted": gettext_lazy("Communicatiebericht ter afstemming"),
    "communication.message.approved": gettext_lazy("Communicatiebericht vastgesteld"),
    "communication.message.reopened": gettext_lazy("Communicatiebericht terug naar concept"),
    "communication.message.published": gettext_lazy("Communicatiebericht verstuurd/gepubliceerd"),
    # escalation
    "escalation.grip.changed": gettext_lazy("GRIP-niveau gewijzigd"),
    "escalation.grip.scaled_down": gettext_lazy("Afgeschaald"),
    "escalation.grip.checklist_ticked": gettext_lazy("GRIP-checklistpunt afgevinkt"),
    "escalation.grip.checklist_unticked": gettext_lazy("GRIP-checklistpunt niet meer afgevinkt"),
    "escalation.vital_process.set": gettext_lazy("Status van vitaal proces vastgelegd"),
    "escalation.reporting.run_attached": gettext_lazy("Meldplichten uit de beslisboom gekoppeld"),
    "escalation.reporting.item_reported": gettext_lazy("Melding gedaan"),
    "escalation.reporting.item_reopened": gettext_lazy("Melding weer open"),
    "escalation.measure.created": gettext_lazy("Maatregel ingesteld"),
    "escalation.measure.changed": gettext_lazy("Maatregel gewijzigd"),
    "escalation.measure.ended": gettext_lazy("Maatregel beëindigd"),
    "escalation.recovery.added": gettext_lazy("Herstelpunt toegevoegd"),
    "escalation.recovery.updated": gettext_lazy("Herstelpunt bijgewerkt"),
    "escalation.recovery.reminded": gettext_lazy("Herinnering voor herstelpunt verstuurd"),
    # exchange
    "exchange.export.downloaded": gettext_lazy("Export gedownload"),
    "exchange.message.imported": gettext_lazy("Bericht in het logboek geïmporteerd"),
    # incidents
    "incidents.partial_picture.set": gettext_lazy("Deelbeeld vastgelegd"),
    "incidents.overall_picture.set": gettext_lazy("Totaalbeeld vastgelegd"),
    "incidents.incident.opened": gettext_lazy("Incident geopend"),
    "incidents.incident.changed": gettext_lazy("Incident gewijzigd"),
    "incidents.member.added": gettext_lazy("Lid toegevoegd"),
    "incidents.member.changed": gettext_lazy("Lid gewijzigd"),
    "incidents.member.removed": gettext_lazy("Lid verwijderd"),
    "incidents.partner.invited": gettext_lazy("Partner uitgenodigd"),
    "incidents.partner.joined": gettext_lazy("Partner aangesloten"),
    "incidents.partner.revoked": gettext_lazy("Toegang van partner ingetrokken"),
    "incidents.organisation.added": gettext_lazy("Getroffen organisatie toegevoegd"),
    "incidents.classification.changed": gettext_lazy("Duiding gewijzigd"),
    "incidents.classification.confirmed": gettext_lazy("Duiding ongewijzigd bevestigd"),
    "incidents.log.added": gettext_lazy("Logregel toegevoegd"),
    "incidents.log.corrected": gettext_lazy("Logregel gecorrigeerd"),
    "incidents.decision.recorded": gettext_lazy("Besluit vastgelegd"),
    "incidents.decision.evaluated": gettext_lazy("Besluit geëvalueerd"),
    "incidents.action.created": gettext_lazy("Actie aangemaakt"),
    "incidents.action.status_changed": gettext_lazy("Status van actie gewijzigd"),
    # meetings
    "meetings.meeting.planned": gettext_lazy("Overleg gepland"),
    "meetings.meeting.opened": gettext_lazy("Overleg geopend"),
    "meetings.meeting.closed": gettext_lazy("Overleg gesloten, verslag vastgelegd"),
    "meetings.record.added": gettext_lazy("Vastgelegd in het overleg"),
    "meetings.item.tabled": gettext_lazy("Geagendeerd voor het volgende overleg"),
    # notifications
    "notifications.notification.queued": gettext_lazy("Notificatie klaargezet"),
    "notifications.notification.retried": gettext_lazy("Notificatie opnieuw verstuurd"),
    "notifications.notification.failed": gettext_lazy("Notificatie mislukt"),
    # playbook
    "playbook.checklist.ticked": gettext_lazy("Draaiboekpunt afgevinkt"),
    "playbook.checklist.unticked": gettext_lazy("Draaiboekpunt niet meer afgevinkt"),
    "playbook.key_decision.taken": gettext_lazy("Sleutelbesluit genomen"),
    "playbook.key_decision.outcome_set": gettext_lazy("Uitkomst van sleutelbesluit vastgelegd"),
    "playbook.dilemma.position_recorded": gettext_lazy("Standpunt over dilemma vastgelegd"),
    "playbook.roster.added": gettext_lazy("Dienst in het rooster gezet"),
    "playbook.roster.removed": gettext_lazy("Dienst uit het rooster gehaald"),
    "playbook.next_meeting.set": gettext_lazy("Volgend overleg vastgelegd"),
    "playbook.stakeholder.involved": gettext_lazy("Stakeholder betrokken"),
    "playbook.stakeholder.changed": gettext_lazy("Stakeholder gewijzigd"),
    "playbook.stakeholder.informed": gettext_lazy("Stakeholder geïnformeerd"),
    # sitreps
    "sitreps.sitrep.requested": gettext_lazy("Sitrep aangevraagd"),
    "sitreps.sitrep.retried": gettext_lazy("Sitrep opnieuw aangevraagd"),
    "sitreps.sitrep.done": gettext_lazy("Sitrep gereed"),
    "sitreps.sitrep.failed": gettext_lazy("Sitrep mislukt"),
    "sitreps.sitrep.approved": gettext_lazy("Sitrep vastgesteld"),
    "sitreps.sitrep.rejected": gettext_lazy("Sitrep afgewezen"),
}

# Codes stored before they were renamed -> the code they have now (events are never updated).
RENAMED = {
    "notifications.queued": "notifications.notification.queued",
}

# The middle part of a code, for the filter on the audit page.
ENTITIES = {
    "action": gettext_lazy("Acties"),
    "checklist": gettext_lazy("Draaiboekpunten"),
    "classification": gettext_lazy("Duiding"),
    "core_message": gettext_lazy("Kernboodschap"),
    "decision": gettext_lazy("Besluiten"),
    "dilemma": gettext_lazy("Dilemma's"),
    "evaluation": gettext_lazy("Evaluatie"),
    "export": gettext_lazy("Exports"),
    "finding": gettext_lazy("Bevindingen"),
    "grip": gettext_lazy("GRIP"),
    "improvement": gettext_lazy("Verbeterpunten"),
    "incident": gettext_lazy("Incident"),
    "item": gettext_lazy("Geagendeerde punten"),
    "key_decision": gettext_lazy("Sleutelbesluiten"),
    "log": gettext_lazy("Logboek"),
    "measure": gettext_lazy("Maatregelen"),
    "meeting": gettext_lazy("Overleggen"),
    "member": gettext_lazy("Leden"),
    "message": gettext_lazy("Berichten"),
    "next_meeting": gettext_lazy("Volgend overleg"),
    "notification": gettext_lazy("Notificaties"),
    "organisation": gettext_lazy("Getroffen organisaties"),
    "overall_picture": gettext_lazy("Totaalbeeld"),
    "partial_picture": gettext_lazy("Deelbeelden"),
    "participant": gettext_lazy("Deelnemers aan de evaluatie"),
    "partner": gettext_lazy("Partners"),
    "record": gettext_lazy("Vastleggingen in overleg"),
    "recovery": gettext_lazy("Herstel"),
    "reporting": gettext_lazy("Meldplichten"),
    "roster": gettext_lazy("Rooster"),
    "sitrep": gettext_lazy("Sitreps"),
    "stakeholder": gettext_lazy("Stakeholders"),
    "token": gettext_lazy("API-tokens"),
    "vital_process": gettext_lazy("Vitale processen"),
}

# Keys of before/after that are no field (with a Dutch verbose_name) of the event's object.
KEYS = {
    "access_until": gettext_lazy("toegang tot"),
    "answers": gettext_lazy("antwoorden"),
    "at": gettext_lazy("tijdstip"),
    "audience_tlp": gettext_lazy("doelgroep (TLP)"),
    "clearance": gettext_lazy("rubricering tot en met"),
    "confirmed": gettext_lazy("bevestigt duiding"),
    "coordination_by": gettext_lazy("coördinatie gaat over naar"),
    "corrects": gettext_lazy("corrigeert logregel"),
    "count": gettext_lazy("aantal"),
    "decided_at": gettext_lazy("besloten op"),
    "decided_by": gettext_lazy("besloten door"),
    "decision": gettext_lazy("besluit"),
    "done": gettext_lazy("afgevinkt"),
    "due_at": gettext_lazy("gereed voor"),
    "email": gettext_lazy("e-mailadres"),
    "ended_at": gettext_lazy("beëindigd op"),
    "entries": gettext_lazy("logregels"),
    "error": gettext_lazy("fout"),
    "expires_at": gettext_lazy("verloopt op"),
    "filename": gettext_lazy("bestand"),
    "findings": gettext_lazy("opmerkingen van de taalcheck"),
    "findings_acknowledged": gettext_lazy("opmerkingen van de taalcheck gezien"),
    "format": gettext_lazy("formaat"),
    "function": gettext_lazy("crisisfunctie"),
    "held_at": gettext_lazy("gehouden op"),
    "index": gettext_lazy("punt"),
    "informed_at": gettext_lazy("geïnformeerd op"),
    "is_upscaling": gettext_lazy("opschaling"),
    "item": gettext_lazy("punt"),
    "key_decision": gettext_lazy("sleutelbesluit"),
    "kind": gettext_lazy("soort"),
    "last_update": gettext_lazy("laatste stand"),
    "level": gettext_lazy("GRIP-niveau"),
    "max_tlp": gettext_lazy("hoogste TLP"),
    "message_id": gettext_lazy("berichtkenmerk"),
    "name": gettext_lazy("naam"),
    "note": gettext_lazy("notitie"),
    "number": gettext_lazy("nummer"),
    "open_measures": gettext_lazy("lopende maatregelen"),
    "organisation": gettext_lazy("organisatie"),
    "outcome": gettext_lazy("uitkomst"),
    "owner": gettext_lazy("eigenaar"),
    "owner_user": gettext_lazy("eigenaar (gebruiker)"),
    "partner_organisation": gettext_lazy("partnerorganisatie"),
    "parties": gettext_lazy("partijen"),
    "person": gettext_lazy("persoon"),
    "place": gettext_lazy("plaats"),
    "point": gettext_lazy("meldpunt"),
    "points": gettext_lazy("meldpunten"),
    "position": gettext_lazy("standpunt"),
    "process": gettext_lazy("vitaal proces"),
    "queued": gettext_lazy("klaargezet voor"),
    "reason": gettext_lazy("reden"),
    "remaining_effects": gettext_lazy("effecten die er nog zijn"),
    "reported_to": gettext_lazy("gemeld aan"),
    "revision": gettext_lazy("versie"),
    "run": gettext_lazy("vorige meldplichtenlijst"),
    "side": gettext_lazy("soort partner"),
    "since": gettext_lazy("sinds"),
    "skipped": gettext_lazy("overgeslagen"),
    "societal_effects_over": gettext_lazy("maatschappelijke effecten voorbij"),
    "stakeholder": gettext_lazy("stakeholder"),
    "state": gettext_lazy("toestand"),
    "status_at": gettext_lazy("datum"),
    "step": gettext_lazy("stap"),
    "subject": gettext_lazy("onderwerp"),
    "technically_resolved": gettext_lazy("technisch opgelost"),
    "theme": gettext_lazy("thema"),
    "trigger": gettext_lazy("aanleiding"),
    "user": gettext_lazy("gebruiker"),
    "via": gettext_lazy("via"),
}


class UnknownAction(ValueError):
    pass


def current(action: str) -> str:
    return RENAMED.get(action, action)


def entity(action: str) -> str:
    parts = current(action).split(".")
    return parts[1] if len(parts) == 3 else ""


def label(action: str) -> str:
    """The Dutch (active language) label of a code; an unknown code is shown as it is."""
    text = ACTIONS.get(current(action))
    return str(text) if text is not None else action


def codes_of_entity(name: str) -> list[str]:
    """Every code, stored or current, whose middle part is `name` (for a filter)."""
    return sorted(code for code in [*ACTIONS, *RENAMED] if entity(code) == name)


def check(action: str) -> None:
    """Refuse (AUDIT_STRICT: DEBUG and tests) or log a code missing from the catalogue; in
    production the event is still written: an audit line is never lost over its label."""
    if action in ACTIONS:
        return
    if settings.AUDIT_STRICT:
        raise UnknownAction(f"Audit code {action!r} is not in incidents/audit.py::ACTIONS")
    logger.warning("audit code not in the catalogue: %s", action)


# --- Before/after as readable lines -----------------------------------------------------------


def _model(object_type: str):
    if not object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _key_label(field, key: str) -> str:
    if field is not None and getattr(field, "verbose_name", None):
        name = str(field.verbose_name)
        if name != key.replace("_", " "):  # a verbose_name Django made up from the name
            return name
    if key in KEYS:
        return str(KEYS[key])
    return key.replace("_", " ")


def _value(field, value) -> str:
    if value is None or (isinstance(value, str | list | dict) and not value):
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, list):
        return ", ".join(_value(field, item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(None, v)}" for k, v in value.items())
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if choices:
        for code, text in choices:
            if code == value:
                return str(text)
    if isinstance(value, str) and value[4:5] == "-" and value[7:8] == "-":  # ISO, as stored
        moment = parse_datetime(value) if len(value) > 10 else None
        if moment is not None:
            return moment_text(moment)
        day = parse_date(value) if len(value) == 10 else None
        if day is not None:
            return date_format(day, "DATE_FORMAT")
    if isinstance(value, datetime):
        return moment_text(value)
    return str(value)


def change_lines(event) -> list[str]:
    """The event's before/after as lines "veld: oud → nieuw"; "veld: waarde" for a value that
    is only in one of them (what was made, or the context of what was removed) or stayed the
    same. Field names come from the object's model (verbose_name), values from its choices;
    no query."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    model = _model(event.object_type)
    lines = []
    for key in [*before, *(k for k in after if k not in before)]:
        field = _field(model, key)
        name = _key_label(field, key)
        if key in before and key in after and before[key] != after[key]:
            lines.append(f"{name}: {_value(field, before[key])} → {_value(field, after[key])}")
        else:
            lines.append(f"{name}: {_value(field, after[key] if key in after else before[key])}")
    return lines
