"""Seed the advice texts (one row per rule code) so the region can edit them in the admin."""

from django.db import migrations


def forwards(apps, schema_editor):
    from escalation.advice import seed_texts

    seed_texts(apps)


class Migration(migrations.Migration):
    dependencies = [("escalation", "0007_advice_texts_and_grip_checklist_ticks")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
