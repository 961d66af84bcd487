"""Relief (aflossing): the roster of who takes over which function when, and the next meeting."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import functions
from incidents.models import CrisisFunction, Incident, Team
from incidents.services import audit_record, incident_touch
from incidents.validators import validate_datetimes

from ..models import KeyDecisionRecord, NextMeeting, RosterEntry
from .key_decisions import RELIEF_SLUG, _user_name, key_decision_record_linked


@transaction.atomic
def roster_entry_add(
    *,
    incident: Incident,
    actor,
    function: str,
    person: str,
    starts_at: datetime,
    ends_at: datetime,
) -> RosterEntry:
    validate_datetimes(starts_at=starts_at, ends_at=ends_at)
    errors = {}
    if not function.strip():
        errors["function"] = _("Vul de functie in.")
    if not person.strip():
        errors["person"] = _("Vul de naam in.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("Het einde van de dienst ligt na het begin.")
    if errors:
        raise ValidationError(errors)
    # The same functions as the members': a known name links the record (and takes its
    # spelling); another name is kept as typed.
    crisis_function = functions.match(CrisisFunction, function)
    entry = RosterEntry.objects.create(
        incident=incident,
        function=crisis_function.name if crisis_function else function.strip(),
        crisis_function=crisis_function,
        person=person.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="playbook.roster.added",
        incident=incident,
        obj=entry,
        after={
            "function": entry.function,
            "person": entry.person,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
        },
    )
    key_decision_record_linked(
        incident=incident,
        slug=RELIEF_SLUG,
        actor=actor,
        via=KeyDecisionRecord.Via.ROSTER,
        text=f"{entry.person} neemt {entry.function} waar van "
        f"{timezone.localtime(starts_at):%d-%m %H:%M} tot {timezone.localtime(ends_at):%d-%m %H:%M}.",
        decided_by=_user_name(actor),
    )
    incident_touch(incident, parts={"relief"})
    return entry


@transaction.atomic
def roster_entry_remove(*, entry: RosterEntry, actor) -> None:
    incident = entry.incident
    audit_record(
        actor=actor,
        action="playbook.roster.removed",
        incident=incident,
        obj=entry,
        before={"function": entry.function, "person": entry.person},
    )
    entry.delete()
    incident_touch(incident, parts={"relief"})


@transaction.atomic
def next_meeting_set(
    *, incident: Incident, actor, at: datetime, team: str = Team.ROT, place: str = ""
) -> NextMeeting:
    if team not in Team.values:
        raise ValidationError({"team": _("Kies een team.")})
    validate_datetimes(at=at)
    meeting, _created = NextMeeting.objects.update_or_create(
        incident=incident, defaults={"at": at, "team": team, "place": place.strip()}
    )
    audit_record(
        actor=actor,
        action="playbook.next_meeting.set",
        incident=incident,
        obj=meeting,
        after={"at": at.isoformat(), "team": team, "place": meeting.place},
    )
    incident_touch(incident, parts={"relief"})
    return meeting
