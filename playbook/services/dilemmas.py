"""Dilemmas: the position a team takes on one."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Incident, Team
from incidents.services import audit_record, incident_touch
from incidents.validators import validate_datetimes

from ..models import Dilemma, DilemmaPosition


@transaction.atomic
def dilemma_position_record(
    *,
    incident: Incident,
    actor,
    dilemma: Dilemma,
    position: str,
    team: str = Team.GBT,
    decided_on: datetime | None = None,
    tlp: str | None = None,
) -> DilemmaPosition:
    if not position or not position.strip():
        raise ValidationError({"position": _("Beschrijf het standpunt.")})
    validate_datetimes(decided_on=decided_on)
    if team not in Team.values:
        raise ValidationError({"team": _("Kies een team.")})
    record = DilemmaPosition.objects.create(
        incident=incident,
        dilemma=dilemma,
        position=position.strip(),
        team=team,
        decided_on=decided_on or timezone.now(),
        tlp=tlp or incident.tlp,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="playbook.dilemma.position_recorded",
        incident=incident,
        obj=record,
        after={"dilemma": dilemma.slug, "position": record.position, "team": team},
    )
    incident_touch(incident, parts={"dilemmas"})
    return record
