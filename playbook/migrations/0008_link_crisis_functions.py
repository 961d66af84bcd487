from django.db import migrations


def link(apps, schema_editor):
    """Tie the attention points to their functions and the roster's free-text functions to
    the function they name; a name no function matches stays as it was typed."""
    from incidents import functions
    from playbook import content

    CrisisFunction = apps.get_model("incidents", "CrisisFunction")
    content.link_functions(apps.get_model("playbook", "ChecklistItem"), CrisisFunction)
    RosterEntry = apps.get_model("playbook", "RosterEntry")
    for entry in RosterEntry.objects.filter(crisis_function__isnull=True):
        found = functions.match(CrisisFunction, entry.function)
        if found is not None:
            entry.crisis_function = found
            entry.save(update_fields=["crisis_function"])


class Migration(migrations.Migration):
    dependencies = [
        ("playbook", "0007_crisis_functions"),
        ("incidents", "0016_load_crisis_functions"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
