"""Demo data for issue 16: crisis functions and clearances for the demo members (the
Bestuurder at TLP:GREEN shows the "u ziet informatie tot en met" notice) and one partner
guest of the hospital with a log line (the "bijdragen van partners" line). Idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from . import services
from .models import Affiliation, CrisisFunction, LogEntry, Membership, Role
from .tlp import TLP

DEMO_FUNCTIONS = {
    "vic": ("leider-vic", None, "Veiligheidsregio"),
    "crisisteam": ("operationeel-leider", TLP.AMBER, "Veiligheidsregio"),
    "bestuurder": ("burgemeester", TLP.GREEN, "Gemeente"),
}
PARTNER_EMAIL = "ciso@ziekenhuis.example.invalid"
PARTNER_ORGANISATION = "Regionaal Ziekenhuis"


def seed(*, incident, users, stdout) -> None:
    functions = {f.slug: f for f in CrisisFunction.objects.all()}
    for username, (slug, clearance, organisation) in DEMO_FUNCTIONS.items():
        user = users.get(username)
        if user is None:
            continue
        Affiliation.objects.get_or_create(user=user, defaults={"organisation": organisation})
        membership = Membership.objects.filter(incident=incident, user=user).first()
        if membership is None or membership.function_id:
            continue  # already seeded (or chosen by someone): leave it
        services.membership_change(
            membership=membership,
            actor=users["vic"],
            function=functions.get(slug),
            clearance=clearance,
        )
    _partner(incident, users, stdout)


def _partner(incident, users, stdout) -> None:
    user_model = get_user_model()
    guest, created = user_model.objects.get_or_create(
        username=PARTNER_EMAIL,
        defaults={"email": PARTNER_EMAIL, "first_name": "Carla", "last_name": "CISO"},
    )
    if created:
        # No printed password (the welcome lists the four demo users last): to try the
        # partner's view, `manage.py changepassword ciso@ziekenhuis.example.invalid`.
        guest.set_unusable_password()
        guest.save()
    guest.groups.add(Group.objects.get_or_create(name=Role.PARTNER.value)[0])
    Affiliation.objects.get_or_create(user=guest, defaults={"organisation": PARTNER_ORGANISATION})
    membership, made = Membership.objects.get_or_create(
        incident=incident,
        user=guest,
        defaults={
            "is_partner": True,
            "organisation": PARTNER_ORGANISATION,
            "clearance": TLP.GREEN,
            "access_until": timezone.now() + timedelta(days=14),
            "function": CrisisFunction.objects.filter(slug="ciso").first(),
        },
    )
    if made:
        services.audit_record(
            actor=users["vic"],
            action="incidents.partner.joined",
            incident=incident,
            obj=membership,
            after={"user": guest.get_username(), "organisation": PARTNER_ORGANISATION},
        )
    if not LogEntry.objects.filter(incident=incident, author=guest).exists():
        services.log_entry_add(
            incident=incident,
            actor=guest,
            category=LogEntry.Category.INFORMATION,
            text="Ziekenhuis werkt op papier; spoedeisende hulp blijft open.",
            tlp=TLP.GREEN,
        )


HOME_CARE = [
    "Buurtzorg Utrecht-West",
    "Careyn Thuiszorg",
    "Vivium Zorggroep",
    "Zorgspectrum Thuiszorg",
    "Thuiszorg Stad Utrecht",
    "Axion Continu",
    "Sensire Thuiszorg",
    "Zuwe Zorg",
    "Amerpoort Thuisbegeleiding",
    "Kwintes Ambulant",
    "Altrecht Thuis",
    "Tante Louise Thuis",
]


def seed_call_round(*, incident, users, stdout) -> None:
    """A call round of the GHOR (one action per home-care organisation): more open actions than
    the dashboard tile shows, so the demo shows "toon alle" (issue 20)."""
    marker = "over cliënten met thuisbeademing"
    if incident.actions.filter(description__contains=marker).exists():
        return
    now = timezone.now()
    for number, organisation in enumerate(HOME_CARE):
        services.action_create(
            incident=incident,
            actor=users["crisisteam"],
            description=f"{organisation} nabellen {marker}.",
            owner_organisation="GHOR",
            due_at=now + timedelta(minutes=20 + 10 * number),
        )
    stdout.write("  a GHOR call round of 12 actions (the actions tile shows 'toon alle')")
