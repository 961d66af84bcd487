from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from incidents.models import Incident
from incidents.tlp import TLP
from sitreps import rendering, services
from sitreps.models import Sitrep


class Command(BaseCommand):
    help = (
        "Issues a sitrep for an incident (reference such as CC-2026-0001, or its number) and "
        "writes the PDF to a file. With --draft nothing is stored or numbered."
    )

    def add_arguments(self, parser):
        parser.add_argument("incident", nargs="?", help="reference (CC-2026-0001) or id")
        parser.add_argument("--output", "-o", required=True, help="where to write the PDF")
        parser.add_argument(
            "--audience",
            default="",
            choices=TLP.values,
            help="TLP of the audience (default: the incident's TLP)",
        )
        parser.add_argument(
            "--draft", action="store_true", help="render only: no numbered sitrep is stored"
        )
        parser.add_argument("--user", default="", help="username recorded as the requester")
        parser.add_argument(
            "--demo", action="store_true", help="use the demo incident of seed_demo"
        )

    def handle(self, *args, **options):
        problem = rendering.weasyprint_problem()
        if problem:
            raise CommandError(problem)
        incident = self.find_incident(options["incident"], demo=options["demo"])
        audience = options["audience"] or incident.tlp
        output = Path(options["output"])
        if options["draft"]:
            pdf = services.sitrep_draft_pdf(incident=incident, audience_tlp=audience)
            label = "concept"
        else:
            sitrep = services.sitrep_issue_now(
                incident=incident, actor=self.find_user(options["user"]), audience_tlp=audience
            )
            if sitrep.state != Sitrep.State.DONE:
                raise CommandError(f"Sitrep {sitrep.number} failed: {sitrep.error}")
            with sitrep.pdf.open("rb") as handle:
                pdf = handle.read()
            label = f"sitrep {sitrep.number} (concept: approve it in the app before handing it out)"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(pdf)
        self.stdout.write(
            self.style.SUCCESS(
                f"{incident.reference} {label} (TLP:{audience} audience) written to {output}"
            )
        )

    def find_incident(self, value: str | None, *, demo: bool) -> Incident:
        if demo:
            from incidents.management.commands.seed_demo import DEMO_TITLE

            incident = Incident.objects.filter(title=DEMO_TITLE, is_exercise=True).first()
            if incident is None:
                raise CommandError("No demo incident: run `python manage.py seed_demo` first.")
            return incident
        if not value:
            raise CommandError("Name the incident (reference or id), or pass --demo.")
        lookup = {"pk": int(value)} if value.isdigit() else {"reference__iexact": value}
        try:
            return Incident.objects.get(**lookup)
        except Incident.DoesNotExist:
            raise CommandError(f"No incident {value!r}.") from None

    def find_user(self, username: str):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
