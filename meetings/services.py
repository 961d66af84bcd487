"""Writes for meetings: plan, open, record per agenda item, close (the verslag), table items."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Incident, Team
from incidents.services import (
    action_create,
    audit_record,
    decision_record,
    incident_touch,
)
from incidents.tlp import TLP
from incidents.validators import validate_datetimes, validate_lengths
from playbook.services import dilemma_position_record

from .models import Assessment, Meeting, MeetingRecord, TabledItem

MEETING_TEAMS = (Team.ROT, Team.GBT, Team.RBT, Team.COPI)


def _touch(incident: Incident, *parts: str) -> None:
    incident_touch(incident, parts={"meetings", *parts})


def meeting_plan(
    *,
    incident: Incident,
    actor,
    team: str,
    starts_at: datetime | None,
    place: str = "",
    chair: str = "",
    minute_taker=None,
    attendees: str = "",
) -> Meeting:
    if team not in MEETING_TEAMS:
        raise ValidationError({"team": _("Kies het ROT, GBT, RBT of CoPI.")})
    if starts_at is None:
        raise ValidationError({"starts_at": _("Vul de aanvangstijd in.")})
    validate_datetimes(starts_at=starts_at)
    validate_lengths(attendees=attendees)
    meeting = Meeting.objects.create(
        incident=incident,
        team=team,
        starts_at=starts_at,
        place=place.strip(),
        chair=chair.strip(),
        minute_taker=minute_taker,
        attendees=attendees.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="meetings.meeting.planned",
        incident=incident,
        obj=meeting,
        after={"team": team, "starts_at": starts_at.isoformat(), "place": meeting.place},
    )
    _touch(incident)
    return meeting


def _require(meeting: Meeting, status: str, message: str) -> None:
    if meeting.status != status:
        raise ValidationError(message)


def meeting_open(*, meeting: Meeting, actor) -> Meeting:
    _require(meeting, Meeting.Status.PLANNED, _("Dit overleg is al geopend of gesloten."))
    updated = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PLANNED).update(
        status=Meeting.Status.OPEN, opened_at=timezone.now()
    )
    if not updated:  # opened by someone else a moment ago
        raise ValidationError(_("Dit overleg is al geopend of gesloten."))
    meeting.refresh_from_db()
    audit_record(
        actor=actor, action="meetings.meeting.opened", incident=meeting.incident, obj=meeting
    )
    _touch(meeting.incident)
    return meeting


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    actor,
    item: str,
    kind: str,
    text: str,
    tlp: str | None = None,
    assessment_kind: str = Assessment.Kind.JUDGEMENT,
    owner: str = "",
    owner_user=None,
    due_at: datetime | None = None,
    reevaluate_at: datetime | None = None,
    dilemma=None,
) -> MeetingRecord:
    """What the notulist records under an agenda item. A decision goes into the besluitenlijst
    (team and chair of this meeting), an action into the open actions, a position onto its
    dilemma, a judgement into the oordeel: every one of them is the incident's own row."""
    _require(meeting, Meeting.Status.OPEN, _("Vastleggen kan alleen tijdens het overleg."))
    if kind not in MeetingRecord.Kind.values:
        raise ValidationError({"kind": _("Kies wat u vastlegt.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf op wat er is vastgesteld.")})
    incident = meeting.incident
    tlp = tlp if tlp in TLP.values else incident.tlp
    record = MeetingRecord(
        meeting=meeting, item=item[:40], kind=kind, text=text, tlp=tlp, created_by=actor
    )
    parts = ["log"]
    if kind == MeetingRecord.Kind.JUDGEMENT:
        if assessment_kind not in Assessment.Kind.values:
            raise ValidationError({"assessment_kind": _("Kies het soort oordeel.")})
        record.assessment = Assessment.objects.create(
            incident=incident,
            meeting=meeting,
            kind=assessment_kind,
            text=text,
            tlp=tlp,
            created_by=actor,
        )
    elif kind == MeetingRecord.Kind.DECISION:
        record.decision = decision_record(
            incident=incident,
            actor=actor,
            text=text,
            decided_by=meeting.chair or meeting.get_team_display(),
            team=meeting.team,
            reevaluate_at=reevaluate_at,
            tlp=tlp,
        )
        parts.append("decisions")
    elif kind == MeetingRecord.Kind.ACTION:
        record.action = action_create(
            incident=incident,
            actor=actor,
            description=text,
            owner_user=owner_user,
            owner_organisation=owner,
            due_at=due_at,
        )
        parts.append("actions")
    elif kind == MeetingRecord.Kind.POSITION:
        if dilemma is None:
            raise ValidationError(
                {"dilemma": _("Kies het dilemma waarover een standpunt is ingenomen.")}
            )
        record.position = dilemma_position_record(
            incident=incident,
            actor=actor,
            dilemma=dilemma,
            position=text,
            team=meeting.team,
            tlp=tlp,
        )
        parts.append("dilemmas")
    record.save()
    audit_record(
        actor=actor,
        action="meetings.record.added",
        incident=incident,
        obj=record,
        after={"meeting": meeting.pk, "item": record.item, "kind": kind},
    )
    _touch(incident, *parts)
    return record


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor) -> Meeting:
    """Fix the verslag: the agenda as it stood and everything recorded, numbered per incident.
    The snapshot never changes afterwards; what it shows a reader is filtered on their TLP."""
    from .selectors import minutes_snapshot

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(meeting, Meeting.Status.OPEN, _("Alleen een geopend overleg kan worden gesloten."))
    incident = meeting.incident
    number = (incident.meetings.aggregate(last=Max("number"))["last"] or 0) + 1
    meeting.closed_at = timezone.now()
    meeting.minutes = minutes_snapshot(meeting)
    meeting.number = number
    meeting.status = Meeting.Status.CLOSED
    meeting.save(update_fields=["closed_at", "minutes", "number", "status"])
    TabledItem.objects.waiting().filter(
        incident=incident, team=meeting.team, tabled_at__lte=meeting.closed_at
    ).update(handled_in=meeting)
    audit_record(
        actor=actor,
        action="meetings.meeting.closed",
        incident=incident,
        obj=meeting,
        after={"number": number, "records": len(meeting.minutes.get("records", []))},
    )
    # The deelbeelden older than this meeting are now verouderd: the picture tile shows it.
    _touch(incident, "dilemmas", "key_decisions", "picture")
    return meeting


def item_table(
    *, incident: Incident, actor, team: str, dilemma=None, key_decision=None
) -> TabledItem:
    """*Agenderen*: put a dilemma or key decision on the agenda of the team's next meeting."""
    if team not in MEETING_TEAMS:
        raise ValidationError({"team": _("Kies het ROT, GBT, RBT of CoPI.")})
    if (dilemma is None) == (key_decision is None):
        raise ValidationError(_("Kies één dilemma of sleutelbesluit om te agenderen."))
    if key_decision is not None and key_decision.incident_id != incident.pk:
        raise ValidationError(_("Dit sleutelbesluit hoort niet bij dit incident."))
    existing = (
        TabledItem.objects.waiting()
        .filter(incident=incident, team=team, dilemma=dilemma, key_decision=key_decision)
        .first()
    )
    if existing is not None:  # tabled twice is tabled once
        return existing
    tabled = TabledItem.objects.create(
        incident=incident, team=team, dilemma=dilemma, key_decision=key_decision, tabled_by=actor
    )
    audit_record(
        actor=actor,
        action="meetings.item.tabled",
        incident=incident,
        obj=tabled,
        after={"team": team, "title": tabled.title},
    )
    _touch(incident, "dilemmas", "key_decisions")
    return tabled
