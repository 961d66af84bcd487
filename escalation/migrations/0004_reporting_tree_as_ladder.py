"""The seeded reporting tree becomes the seed's escalation ladder and names its parties."""

from django.db import migrations


def forwards(apps, schema_editor):
    from escalation.seed import link_reporting_parties, reporting_tree_as_ladder

    reporting_tree_as_ladder(apps)
    link_reporting_parties(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0003_reporting_ladder_and_parties"),
        ("playbook", "0004_load_sector_reporting"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
