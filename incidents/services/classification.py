"""The classification (duiding): every change is a new snapshot with a reason; asking the
questions again without a change is recorded as a confirmation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import signals
from ..models import BLOCKS, Classification, Incident
from ..selectors import classification_current
from ..validators import StaleEdit
from .recording import audit_record, incident_touch


@transaction.atomic
def classification_change(
    *,
    incident: Incident,
    actor,
    changes: dict[str, str],
    reason: str,
    expected_classification_id: int | None = None,
    assumed_blocks: list[str] | None = None,
    confirm: bool = False,
) -> Classification:
    """Record a new snapshot with the changed blocks; a reason is always required.

    A block that is set explicitly stops being an assumption unless it is listed in
    assumed_blocks. Without any change the call is refused, unless confirm is set: then the
    unchanged classification is confirmed (is_confirmation, audited with its reason, shown in
    the history), so asking the questions again leaves a trace. A confirmation sends no
    classification_changed signal: nothing changed.
    """
    Incident.objects.select_for_update().filter(pk=incident.pk).first()
    current = classification_current(incident)
    if expected_classification_id is not None and current.pk != expected_classification_id:
        raise StaleEdit(
            _(
                "De duiding is intussen door iemand anders gewijzigd. Bekijk de nieuwe stand en probeer opnieuw."
            ),
            changes=[f"{row['label']}: {row['value_label']}" for row in current.rows()],
        )
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor de wijziging van de duiding.")})
    for block, value in changes.items():
        if block not in BLOCKS:
            raise ValidationError(_("Onbekende bouwsteen: %(block)s") % {"block": block})
        if value not in BLOCKS[block][1].values:
            raise ValidationError(
                _("Ongeldige waarde voor %(block)s: %(value)s")
                % {"block": BLOCKS[block][0], "value": value}
            )
    assumed = set(assumed_blocks or [])
    changed = [block for block, value in changes.items() if getattr(current, block) != value]
    new_assumed = {b for b in current.assumed_blocks if b not in changes} | assumed
    is_confirmation = not changed and new_assumed == set(current.assumed_blocks)
    if is_confirmation and not confirm:
        raise ValidationError(
            _(
                "Er is niets gewijzigd aan de duiding. Kies “Ongewijzigd bevestigen” "
                "om vast te leggen dat de vragen opnieuw zijn gesteld."
            )
        )
    values = {block: changes.get(block, getattr(current, block)) for block in BLOCKS}
    if is_confirmation:
        return _classification_confirm(
            incident=incident, actor=actor, current=current, values=values, reason=reason
        )
    classification = Classification.objects.create(
        incident=incident,
        assumed_blocks=sorted(new_assumed),
        changed_blocks=changed,
        reason=reason.strip(),
        created_by=actor,
        **values,
    )
    audit_record(
        actor=actor,
        action="incidents.classification.changed",
        incident=incident,
        obj=classification,
        before={block: getattr(current, block) for block in changed},
        after={block: values[block] for block in changed} | {"reason": reason.strip()},
    )
    incident_touch(incident, parts={"classification"})
    signals.classification_changed.send(
        sender=Classification, incident=incident, classification=classification
    )
    return classification


def _classification_confirm(*, incident, actor, current, values, reason) -> Classification:
    classification = Classification.objects.create(
        incident=incident,
        assumed_blocks=list(current.assumed_blocks),
        changed_blocks=[],
        is_confirmation=True,
        reason=reason.strip(),
        created_by=actor,
        **values,
    )
    audit_record(
        actor=actor,
        action="incidents.classification.confirmed",
        incident=incident,
        obj=classification,
        after={"reason": classification.reason, "confirmed": current.pk},
    )
    incident_touch(incident, parts={"classification"})
    return classification
