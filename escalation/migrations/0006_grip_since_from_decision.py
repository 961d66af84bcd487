"""Incidents whose GRIP level was set before the fix carry the entry time as grip_since; the
sitrep and dashboard print the decision time, so copy it from the latest GRIP change."""

from django.db import migrations


def forwards(apps, schema_editor):
    GripChange = apps.get_model("escalation", "GripChange")
    Incident = apps.get_model("incidents", "Incident")
    latest = {}
    for change in GripChange.objects.order_by("incident_id", "-decided_at", "-pk"):
        latest.setdefault(change.incident_id, change.decided_at)
    for incident_id, decided_at in latest.items():
        Incident.objects.filter(pk=incident_id).update(grip_since=decided_at)


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0005_cirkel_teams"),
        ("incidents", "0004_grip_since"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
