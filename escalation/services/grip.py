"""The GRIP level: grip_change and its steps (the stale check, the validation, the decision with
its GripChange, the follow-up: label, audit, grip_changed), grip_scale_down (afschalen, a
grip_change that also names who takes over and what is still there) and the ticks of a level's
team-activation checklist."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import signals
from incidents.models import Incident, Team
from incidents.services import (
    StaleEdit,
    audit_record,
    decision_record,
    incident_set_grip_label,
    incident_touch,
)
from incidents.validators import LINE_MAX_LENGTH, validate_datetimes, validate_lengths

from ..models import GripChange, GripChecklistTick, GripLevel
from .common import FUTURE_TOLERANCE, _lock
from .measures import measures_open

NO_LEVEL = 0  # expected_level_id meaning "no GRIP level set yet"


def _current_change(incident: Incident) -> GripChange | None:
    return (
        GripChange.objects.filter(incident=incident)
        .select_related("to_level", "created_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


@transaction.atomic
def grip_change(
    *,
    incident: Incident,
    actor,
    to_level: GripLevel,
    decided_by: str,
    reason: str,
    expected_level_id: int | None = None,
    decided_by_function: str = "",
    decided_at: datetime | None = None,
    team: str = Team.ROT,
) -> GripChange:
    """Change the incident's GRIP level and record who decided it and why.

    expected_level_id is the level the user saw when the form was rendered (its pk, or
    NO_LEVEL = 0 when none was set); None skips the check. A mismatch raises StaleEdit.

    A GRIP change is a decision: it is recorded in the besluitenlijst (incidents Decision,
    meeting time = decided_at, which may be earlier than the entry; that also writes the
    *besluit* logbook entry), sets Incident.grip_label, audits
    ("escalation.grip.changed") and sends, inside the transaction,
    ``incidents.signals.grip_changed(sender=GripChange, incident=incident, change=change)``
    where ``change`` is the saved GripChange:

    - ``change.from_level``: GripLevel or None (no level set before);
    - ``change.to_level``: GripLevel (``.name``, ``.code``, ``.rank``, ``.team``, ``.led_by``);
    - ``change.is_upscaling``: bool (True when to_level ranks higher than from_level);
    - ``change.decided_by``: "name (function)"; also ``decided_by_name`` and
      ``decided_by_function``;
    - ``change.reason``, ``change.decided_at``, ``change.log_entry`` (the besluit entry),
      ``change.created_by`` (the user who recorded it).
    Receivers that do I/O must defer it with transaction.on_commit.
    """
    validate_datetimes(decided_at=decided_at)
    _lock(incident)
    current_change = _current_change(incident)
    _refuse_stale_level(current_change, expected_level_id)
    current = current_change.to_level if current_change else None
    _validate_grip_request(
        current=current,
        to_level=to_level,
        reason=reason,
        decided_by=decided_by,
        team=team,
        decided_at=decided_at,
    )
    change = _grip_change_record(
        incident=incident,
        actor=actor,
        current=current,
        to_level=to_level,
        reason=reason.strip(),
        name=decided_by.strip(),
        function=decided_by_function.strip(),
        team=team,
        decided_at=decided_at or timezone.now(),
    )
    _grip_change_follow_up(incident=incident, actor=actor, change=change)
    return change


def _refuse_stale_level(current_change: GripChange | None, expected_level_id) -> None:
    """StaleEdit when the level the user saw (expected_level_id; NO_LEVEL: none) is no longer
    the current one; it says which level it is now and who set it when."""
    current = current_change.to_level if current_change else None
    if expected_level_id is None or int(expected_level_id) == (current.pk if current else NO_LEVEL):
        return
    who = ""
    if current_change is not None:
        who = _("gewijzigd door %(who)s om %(time)s") % {
            "who": current_change.decided_by,
            "time": f"{timezone.localtime(current_change.decided_at):%H:%M}",
        }
    raise StaleEdit(
        _(
            "Het GRIP-niveau is intussen door iemand anders gewijzigd. Bekijk het huidige "
            "niveau en de reden, en besluit dan opnieuw."
        ),
        changes=[
            _("Huidig niveau: %(level)s") % {"level": current or _("geen")}
            + (f" ({who})" if who else "")
        ],
    )


def _validate_grip_request(
    *,
    current: GripLevel | None,
    to_level: GripLevel | None,
    reason: str,
    decided_by: str,
    team: str,
    decided_at: datetime | None,
) -> None:
    """A reason, who decided, another active level, a known team, not in the future."""
    errors = {}
    if not reason or not reason.strip():
        errors["reason"] = _("Geef de reden voor de wijziging van het GRIP-niveau.")
    if not decided_by or not decided_by.strip():
        errors["decided_by"] = _("Vermeld wie het besluit nam.")
    if to_level is None or not to_level.is_active:
        errors["to_level"] = _("Kies een GRIP-niveau.")
    elif current is not None and to_level.pk == current.pk:
        errors["to_level"] = _("Het incident staat al op %(level)s.") % {"level": to_level}
    if team not in Team.values:
        errors["team"] = _("Kies een team.")
    if decided_at is not None and decided_at > timezone.now() + FUTURE_TOLERANCE:
        errors["decided_at"] = _("Het tijdstip van het besluit ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)


def _decided_by_line(name: str, function: str) -> str:
    return f"{name} ({function})" if function else name


def _grip_change_record(
    *,
    incident: Incident,
    actor,
    current: GripLevel | None,
    to_level: GripLevel,
    reason: str,
    name: str,
    function: str,
    team: str,
    decided_at: datetime,
) -> GripChange:
    """The decision in the besluitenlijst (decision_record also writes the *besluit* log line)
    and the GripChange that points to both."""
    is_upscaling = to_level.rank > (current.rank if current else 0)
    direction = _("opschaling") if is_upscaling else _("afschaling")
    decision = decision_record(
        incident=incident,
        actor=actor,
        text=_("GRIP-niveau gewijzigd van %(from)s naar %(to)s (%(direction)s). Reden: %(reason)s")
        % {
            "from": current or _("geen"),
            "to": to_level,
            "direction": direction,
            "reason": reason,
        },
        decided_by=_decided_by_line(name, function),
        rationale=reason,
        team=team,
        meeting_at=decided_at,
    )
    return GripChange.objects.create(
        incident=incident,
        from_level=current,
        to_level=to_level,
        decided_at=decided_at,
        decided_by_name=name,
        decided_by_function=function,
        reason=reason,
        is_upscaling=is_upscaling,
        log_entry=decision.log_entry,
        decision=decision,
        created_by=actor,
    )


def _grip_change_follow_up(*, incident: Incident, actor, change: GripChange) -> None:
    """After the saved change: the register's GRIP label, the audit event and the grip_changed
    signal (its receivers: the playbook's key decision, the notifications)."""
    # 'GRIP 2 sinds ...' is the decision time (may be earlier than entry), as in the history.
    incident_set_grip_label(incident=incident, label=change.to_level.name, since=change.decided_at)
    audit_record(
        actor=actor,
        action="escalation.grip.changed",
        incident=incident,
        obj=change,
        before={"level": change.from_level.code if change.from_level else None},
        after={
            "level": change.to_level.code,
            "reason": change.reason,
            "decided_by": _decided_by_line(change.decided_by_name, change.decided_by_function),
            "is_upscaling": change.is_upscaling,
            "decided_at": change.decided_at.isoformat(),
            "decision": change.decision.pk,
        },
    )
    signals.grip_changed.send(sender=GripChange, incident=incident, change=change)


@transaction.atomic
def grip_checklist_tick(
    *, incident: Incident, actor, level: GripLevel, index: int, done: bool
) -> GripChecklistTick | None:
    """Tick (or untick) one step of a level's team-activation checklist; audited, and the
    incident is touched so other viewers see it. Ticking twice changes nothing."""
    steps = level.activation_checklist or []
    if not 0 <= index < len(steps):
        raise ValidationError(_("Deze stap staat niet (meer) op de checklist."))
    _lock(incident)
    tick = GripChecklistTick.objects.filter(incident=incident, level=level, index=index).first()
    if done == (tick is not None):
        return tick
    if done:
        tick = GripChecklistTick.objects.create(
            incident=incident, level=level, index=index, text=str(steps[index])[:300], done_by=actor
        )
    else:
        tick.delete()
        tick = None
    audit_record(
        actor=actor,
        action="escalation.grip.checklist_ticked" if done else "escalation.grip.checklist_unticked",
        incident=incident,
        obj=level,
        after={"level": level.code, "index": index, "step": str(steps[index]), "done": done},
    )
    incident_touch(incident, parts={"grip"})
    return tick


@transaction.atomic
def grip_scale_down(
    *,
    incident: Incident,
    actor,
    to_level: GripLevel,
    decided_by: str,
    reason: str,
    coordination_by: str,
    remaining_effects: str = "",
    expected_level_id: int | None = None,
    decided_by_function: str = "",
    decided_at: datetime | None = None,
    team: str = Team.ROT,
) -> GripChange:
    """Scale down: a GRIP change to a lower level, like opschalen a decision with its reason in
    the besluitenlijst and the log, which also names who takes over coordination and which
    effects and measures are still there (the attention card's criteria for afschalen)."""
    validate_lengths(coordination_by=coordination_by, limit=LINE_MAX_LENGTH)
    validate_lengths(remaining_effects=remaining_effects)
    _lock(incident)
    _validate_scale_down(
        _current_change(incident), to_level=to_level, coordination_by=coordination_by
    )
    coordination_by = coordination_by.strip()
    remaining_effects = remaining_effects.strip()
    open_measures = list(measures_open(incident).values_list("title", flat=True))
    change = grip_change(
        incident=incident,
        actor=actor,
        to_level=to_level,
        decided_by=decided_by,
        reason=_scale_down_reason(
            reason,
            coordination_by=coordination_by,
            remaining_effects=remaining_effects,
            open_measures=open_measures,
        ),
        expected_level_id=expected_level_id,
        decided_by_function=decided_by_function,
        decided_at=decided_at,
        team=team,
    )
    change.coordination_by = coordination_by
    change.remaining_effects = remaining_effects
    change.save(update_fields=["coordination_by", "remaining_effects"])
    audit_record(
        actor=actor,
        action="escalation.grip.scaled_down",
        incident=incident,
        obj=change,
        after={
            "level": to_level.code,
            "coordination_by": coordination_by,
            "remaining_effects": remaining_effects,
            "open_measures": open_measures,
        },
    )
    return change


def _validate_scale_down(
    current_change: GripChange | None, *, to_level: GripLevel | None, coordination_by: str
) -> None:
    """A level to scale down from, a lower one to go to, and who takes over coordination."""
    errors = {}
    if current_change is None:
        errors["to_level"] = _("Er is geen GRIP-niveau om van af te schalen.")
    elif to_level is not None and to_level.rank >= current_change.to_level.rank:
        errors["to_level"] = _("Kies een lager niveau dan %(level)s om af te schalen.") % {
            "level": current_change.to_level
        }
    if not coordination_by or not coordination_by.strip():
        errors["coordination_by"] = _("Vermeld wie de coördinatie overneemt.")
    if errors:
        raise ValidationError(errors)


def _scale_down_reason(
    reason: str, *, coordination_by: str, remaining_effects: str, open_measures: list[str]
) -> str:
    """The reason with who takes over and what is still there; empty stays empty (refused)."""
    full_reason = reason.strip() if reason else ""
    if full_reason:
        full_reason += " " + _("Coördinatie gaat over naar %(who)s.") % {"who": coordination_by}
        if remaining_effects:
            full_reason += " " + _("Nog aanwezige effecten: %(effects)s.") % {
                "effects": remaining_effects
            }
        if open_measures:
            full_reason += " " + _("Maatregelen van kracht: %(measures)s.") % {
                "measures": "; ".join(open_measures)
            }
    return full_reason
