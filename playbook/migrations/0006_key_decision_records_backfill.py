"""Give every key decision already taken its first record (the summary row's fields)."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    IncidentKeyDecision = apps.get_model("playbook", "IncidentKeyDecision")
    KeyDecisionRecord = apps.get_model("playbook", "KeyDecisionRecord")
    records = [
        KeyDecisionRecord(
            incident_id=row.incident_id,
            key_decision_id=row.pk,
            text=row.text,
            rationale=row.rationale,
            decided_by=row.decided_by,
            team=row.team,
            decided_at=row.meeting_at or row.updated_at or timezone.now(),
            tlp=row.decision.tlp if row.decision_id else "AMBER",
            decision_id=row.decision_id,
            log_entry_id=row.decision.log_entry_id if row.decision_id else None,
            via="handmatig",
            created_at=row.updated_at or row.meeting_at or timezone.now(),
            created_by_id=row.updated_by_id,
        )
        for row in IncidentKeyDecision.objects.filter(outcome="genomen").select_related("decision")
        if not KeyDecisionRecord.objects.filter(key_decision_id=row.pk).exists()
    ]
    KeyDecisionRecord.objects.bulk_create(records)


class Migration(migrations.Migration):
    dependencies = [("playbook", "0005_key_decision_records")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
