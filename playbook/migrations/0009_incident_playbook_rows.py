from django.db import migrations


def create_rows(apps, schema_editor):
    # Incidents opened before their rows were created at opening (issue 13) get them here,
    # so no page has to write them on a read.
    from playbook import content

    content.incident_rows(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0018_partner_role"),
        ("playbook", "0008_link_crisis_functions"),
    ]

    operations = [migrations.RunPython(create_rows, migrations.RunPython.noop)]
