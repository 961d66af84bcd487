from django.db import migrations


def load_content(apps, schema_editor):
    # The loader only creates rows whose slug is missing and passes only fields the
    # historical model has, so later content or model changes keep this migration working.
    from playbook import content

    content.load(lambda name: apps.get_model("playbook", name))


class Migration(migrations.Migration):
    dependencies = [("playbook", "0001_initial")]

    operations = [migrations.RunPython(load_content, migrations.RunPython.noop)]
