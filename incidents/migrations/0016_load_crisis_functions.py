from django.db import migrations


def load(apps, schema_editor):
    from incidents import functions

    functions.load(apps.get_model("incidents", "CrisisFunction"))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0015_crisis_functions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
