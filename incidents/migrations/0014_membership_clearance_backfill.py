from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    """Existing members keep reading what the incident is marked: clearance = incident TLP."""
    Membership = apps.get_model("incidents", "Membership")
    Incident = apps.get_model("incidents", "Incident")
    Membership.objects.update(
        clearance=Subquery(Incident.objects.filter(pk=OuterRef("incident_id")).values("tlp")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0013_membership_clearance")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
