from django.core.management.base import BaseCommand
from django.db import transaction

from playbook import content


class Command(BaseCommand):
    help = (
        "Loads the playbook content (key decisions, dilemmas, checklists, reference texts, "
        "stakeholder directory). Idempotent: only creates missing rows, never overwrites edits."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            created = content.load()
            rows = content.incident_rows()
        for model_name, count in created.items():
            self.stdout.write(f"{model_name}: {count} new")
        self.stdout.write(f"incident rows: {rows} new")
        self.stdout.write(self.style.SUCCESS("Playbook content is up to date."))
