"""Seed the evaluation themes: the attention card's sections and "Voorbereid zijn" 1-11."""

from django.db import migrations


def forwards(apps, schema_editor):
    from aftermath.seed import seed_themes

    seed_themes(apps)


class Migration(migrations.Migration):
    dependencies = [("aftermath", "0001_evaluation")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
