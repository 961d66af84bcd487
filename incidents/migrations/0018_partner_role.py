from django.db import migrations


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Partner")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0017_partner_guests")]

    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
