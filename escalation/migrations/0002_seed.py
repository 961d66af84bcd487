"""Seed GRIP levels, the vital process list and the reporting decision tree (editable data)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from escalation.seed import seed_all

    seed_all(apps)


class Migration(migrations.Migration):
    dependencies = [("escalation", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
