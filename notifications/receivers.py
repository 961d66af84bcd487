"""Receivers of incidents.signals: each writes outbox rows inside the trigger's transaction.

The signals are sent by the services of escalation (GRIP), playbook (key decisions) and
sitreps (on approval) *inside* their transaction, so a rolled-back change leaves no message behind and a
committed one always has its messages (transactional outbox). Sending happens on commit.
"""

from . import rendering, services
from .models import Trigger


def on_grip_changed(sender, *, incident, change, **kwargs):
    services.notifications_for_trigger(
        incident=incident,
        trigger=Trigger.GRIP,
        parts=rendering.grip_parts(incident, change),
        actor=getattr(change, "created_by", None),
    )


def on_key_decision_taken(sender, *, incident, key_decision, **kwargs):
    services.notifications_for_trigger(
        incident=incident,
        trigger=Trigger.KEY_DECISION,
        parts=rendering.key_decision_parts(incident, key_decision),
        actor=getattr(key_decision, "updated_by", None),
    )


def on_sitrep_approved(sender, *, incident, sitrep, **kwargs):
    """ "Situatierapport vastgesteld": sent by sitreps.services.sitrep_approve, once per sitrep
    (it claims the concept with a conditional update), never when a concept is made."""
    services.notifications_for_trigger(
        incident=incident,
        trigger=Trigger.SITREP,
        parts=rendering.sitrep_parts(incident, sitrep),
        actor=getattr(sitrep, "approved_by", None),
    )
