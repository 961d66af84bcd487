from django.core.management.base import BaseCommand
from django.db import transaction

from communication import rules
from escalation import cirkel
from incidents import ncpd


class Command(BaseCommand):
    help = (
        "Seeds the texts the region maintains in the admin (NCP-D values, Cyber-Crisis-Cirkel "
        "teams, the plain-language check's rules) from the code. Idempotent: only creates "
        "missing rows, never overwrites edits. The data migrations run the same loaders."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            created = {
                "NCP-D values": ncpd.load(),
                "Cirkel teams": cirkel.load_teams(),
                "check rules": rules.load(),
            }
        for name, count in created.items():
            self.stdout.write(f"{name}: {count} new")
        self.stdout.write(self.style.SUCCESS("Region texts are up to date."))
