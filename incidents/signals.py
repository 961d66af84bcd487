"""Events other apps subscribe to. `incidents` sends or defines them and imports no other app.

Every signal is sent by a service *inside* its database transaction, after its rows are saved,
so a receiver's own writes (the notification outbox) commit or roll back together with the
change. Receivers that do I/O (mail, HTTP, Celery) must defer it with transaction.on_commit.

incident_opened(sender=Incident, incident)
classification_changed(sender=Classification, incident, classification)
grip_changed(sender=GripChange, incident, change)
    change.from_level / change.to_level (escalation.GripLevel or None), change.reason,
    change.is_upscaling, change.decided_by.
key_decision_taken(sender=IncidentKeyDecision, incident, key_decision)
sitrep_ready(sender=Sitrep, incident, sitrep)
    a sitrep's PDF is made; it is still a concept (nothing may go out yet).
sitrep_approved(sender=Sitrep, incident, sitrep)
    a sitrep is vastgesteld (sitrep.approved_by, sitrep.approved_at); sent once per sitrep.
"""

from django.dispatch import Signal

incident_opened = Signal()
classification_changed = Signal()
grip_changed = Signal()
key_decision_taken = Signal()
sitrep_ready = Signal()
sitrep_approved = Signal()
