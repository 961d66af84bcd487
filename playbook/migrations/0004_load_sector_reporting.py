from django.db import migrations


def load_content(apps, schema_editor):
    # Idempotent: adds the new directory entries (IGJ) and the sector -> CERT / regulator rows;
    # rows that already exist, edited or not, are left alone.
    from playbook import content

    content.load(lambda name: apps.get_model("playbook", name))


class Migration(migrations.Migration):
    dependencies = [("playbook", "0003_sector_reporting")]

    operations = [migrations.RunPython(load_content, migrations.RunPython.noop)]
