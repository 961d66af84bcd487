import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from incidents import registry, services
from incidents.models import Incident, Role

DEMO_USERS = [
    ("vic", "Vera", "Informatie", Role.VIC, False),
    ("crisisteam", "Chris", "Teamlid", Role.CRISIS_TEAM, False),
    ("bestuurder", "Bram", "Burgemeester", Role.EXECUTIVE, False),
    ("beheerder", "Bea", "Beheer", None, True),
]
DEMO_TITLE = "Ransomware bij regionaal ziekenhuis (oefening)"


class Command(BaseCommand):
    help = (
        "Loads playbook content, one demo user per role and a demo exercise incident. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the server will listen; printed in the welcome at the end.",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give every demo user a new random password and print it (a lost password).",
        )

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data is switched off on this installation (ALLOW_DEMO_DATA=false): "
                "demo users with printed passwords do not belong on a production stack."
            )
        self.new_passwords = []
        with transaction.atomic():
            users = self.ensure_users()
            if options.get("reset_passwords"):
                self.reset_passwords(users)
            incident = self.ensure_incident(users)
            for name, seed in registry.demo_seeders():
                seed(incident=incident, users=users, stdout=self.stdout)
                self.stdout.write(f"  {name}: ok")
        self.stdout.write(
            self.style.SUCCESS(f"Demo incident: {incident.reference} (/incidents/{incident.pk}/)")
        )
        self.welcome(incident, options["base_url"].rstrip("/"))

    def welcome(self, incident, base_url: str) -> None:
        """Printed last, so `make run` shows it right above runserver's own lines (seeders
        may print console e-mails before it)."""
        bar = "=" * 72
        self.stdout.write(f"\n{bar}")
        self.stdout.write(self.style.SUCCESS("Crisiscentre demo ready"))
        self.stdout.write(f"  Open:    {base_url}/incidents/{incident.pk}/")
        self.stdout.write(f"  Log in:  {base_url}/accounts/login/")
        self.stdout.write(
            "  Try first: 'vic' (VIC-medewerker, writes the log and messages); then "
            "'bestuurder' (read-only), 'crisisteam', 'beheerder' (admin at /admin/)."
        )
        if self.new_passwords:
            for line in self.new_passwords:
                self.stdout.write(f"  {line}")
            self.stdout.write("  Note them now: they are shown only once.")
        else:
            self.stdout.write(
                "  Passwords were printed when the demo users were created; "
                "set a new one with: python manage.py changepassword vic "
                "(or all of them: python manage.py seed_demo --reset-passwords)"
            )
        self.stdout.write(bar)

    def ensure_users(self) -> dict:
        user_model = get_user_model()
        users = {}
        for username, first, last, role, is_admin in DEMO_USERS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.invalid",
                },
            )
            if created:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.is_staff = user.is_superuser = is_admin
                user.save()
                # Printed once: the password is not stored anywhere else.
                self.new_passwords.append(
                    f"Demo user {username!r} ({role or 'beheerder'}): password {password}"
                )
            if role:
                user.groups.add(Group.objects.get_or_create(name=role)[0])
            users[username] = user
        return users

    def reset_passwords(self, users: dict) -> None:
        """New passwords for the demo users whose password was not just printed."""
        printed = {line.split("'")[1] for line in self.new_passwords}
        roles = {username: role for username, _f, _l, role, _a in DEMO_USERS}
        for username, user in users.items():
            if username in printed:
                continue
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
            self.new_passwords.append(
                f"Demo user {username!r} ({roles[username] or 'beheerder'}): password {password}"
            )

    def ensure_incident(self, users) -> Incident:
        incident = Incident.objects.filter(title=DEMO_TITLE, is_exercise=True).first()
        if incident is None:
            incident = services.incident_open(
                actor=users["vic"],
                title=DEMO_TITLE,
                description=(
                    "Het regionale ziekenhuis meldt een digitale verstoring: patiëntsystemen zijn "
                    "versleuteld. Thuiszorgapparatuur in meerdere gemeenten meldt storingen."
                ),
                is_exercise=True,
                status=Incident.Status.ACTIVE,
                started_at=timezone.now() - timezone.timedelta(hours=3),
                municipalities="Utrecht\nNieuwegein\nZeist",
            )
            services.affected_organisation_add(
                incident=incident,
                actor=users["vic"],
                name="Regionaal Ziekenhuis Midden",
                sector="Zorg",
                is_vital=True,
            )
            services.log_entry_add(
                incident=incident,
                actor=users["vic"],
                category="melding",
                text="Ziekenhuis meldt uitval van het elektronisch patiëntendossier.",
                source="Meldkamer",
                # Typed in afterwards: the dashboard shows the event time and the entry time.
                occurred_at=timezone.now() - timezone.timedelta(minutes=40),
            )
            picture = services.log_entry_add(
                incident=incident,
                actor=users["vic"],
                category="beeld",
                text="Spoedeisende hulp werkt op papier; opnames worden beperkt.",
                source="CISO ziekenhuis",
            )
            services.classification_change(
                incident=incident,
                actor=users["crisisteam"],
                changes={"domain": "vitaal", "area": "een_regio"},
                reason="Ziekenhuiszorg (vitaal) geraakt; tot nu toe alleen in onze regio.",
            )
            decision = services.decision_record(
                incident=incident,
                actor=users["crisisteam"],
                text="Ambulances rijden patiënten voorlopig naar omliggende ziekenhuizen.",
                rationale="SEH werkt op papier met beperkte capaciteit.",
                decided_by="R. de Vries, operationeel leider",
                team="ROT",
                reevaluate_at=timezone.now() + timezone.timedelta(hours=2),
                basis_entries=[picture],
            )
            services.action_create(
                incident=incident,
                actor=users["crisisteam"],
                description="Meldkamer ambulancezorg informeren over de spreiding.",
                owner_organisation="RAV",
                decision=decision,
                due_at=timezone.now() + timezone.timedelta(minutes=30),
            )
        for user in users.values():
            services.membership_add(incident=incident, actor=users["vic"], user=user)
        return incident
