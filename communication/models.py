from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, LogEntry
from incidents.tlp import TLP


class GlossaryTerm(models.Model):
    """A technical term the plain-language check flags, with the plain Dutch alternative.

    Data, not gettext: administrators edit it in the admin; seeded by a data migration.
    """

    term = models.CharField(
        _("term"),
        max_length=80,
        unique=True,
        help_text=_(
            "Zoals het in een tekst staat, bijvoorbeeld 'ransomware' of 'zero-day'. "
            "Vervoegingen en samenstellingen (ransomware-aanval, gehackt) worden herkend."
        ),
    )
    alternative = models.CharField(_("begrijpelijk alternatief"), max_length=200)
    explanation = models.TextField(_("toelichting"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("woordenlijstterm")
        verbose_name_plural = _("woordenlijst (taalcheck)")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class CheckRule(models.Model):
    """The region's wording of one rule of the plain-language check (communication/rules.py).

    What a rule looks for stays in checker.py (by code); its name, its advice to the writer,
    its suggested wording and whether it runs at all are edited in the admin.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("naam"), max_length=80)
    advice = models.TextField(_("advies aan de schrijver"))
    suggestion = models.CharField(
        _("voorgestelde formulering"),
        max_length=200,
        blank=True,
        help_text=_("Alleen voor woordkeus: wat de schrijver in plaats daarvan kan zeggen."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("regel van de taalcheck")
        verbose_name_plural = _("regels van de taalcheck")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class CoreMessage(models.Model):
    """One version of the core message (kernboodschap); the newest per incident is current.

    Rows are never updated: every change is a new row, so the history shows who said what when.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="core_messages")
    text = models.TextField(_("kernboodschap"))
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.CLEAR)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("kernboodschap")
        verbose_name_plural = _("kernboodschappen")
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Audience(models.TextChoices):
    RESIDENTS = "inwoners", _("Inwoners")
    BUSINESSES = "bedrijven", _("Bedrijven")
    PARTNERS = "partners", _("Partners")
    STAFF = "intern", _("Medewerkers (intern)")
    PRESS = "pers", _("Pers")


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    SOCIAL = "sociale_media", _("Sociale media")
    PRESS_RELEASE = "persbericht", _("Persbericht")
    NL_ALERT = "nl_alert", _("NL-Alert")
    EMAIL = "email", _("E-mail / nieuwsbrief")
    INTRANET = "intranet", _("Intranet")
    PHONE = "telefoon", _("Telefoon / publieksinformatienummer")
    OTHER = "anders", _("Anders")


class AlignmentParty(models.TextChoices):
    """Parties a message is aligned with ("draag zorg voor afstemming en eenduidigheid")."""

    NKC = "nkc", _("NKC (Nationaal Kernteam Crisiscommunicatie)")
    CORPORATE = "corporate", _("Corporate communicatie getroffen organisatie")
    MUNICIPALITY = "gemeente", _("Gemeente(n)")
    POLICE = "politie", _("Politie")
    NCSC = "ncsc", _("NCSC")


class Message(models.Model):
    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        IN_REVIEW = "ter_afstemming", _("Ter afstemming")
        APPROVED = "vastgesteld", _("Vastgesteld")
        PUBLISHED = "gepubliceerd", _("Verstuurd / gepubliceerd")

    EDITABLE_STATUSES = (Status.DRAFT, Status.IN_REVIEW)
    APPROVED_STATUSES = (Status.APPROVED, Status.PUBLISHED)

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="communication_messages"
    )
    title = models.CharField(_("onderwerp"), max_length=200)
    audience = models.CharField(
        _("doelgroep"), max_length=20, choices=Audience.choices, default=Audience.RESIDENTS
    )
    channel = models.CharField(
        _("kanaal"), max_length=20, choices=Channel.choices, default=Channel.WEBSITE
    )
    text = models.TextField(_("tekst"))
    action_perspective = models.TextField(
        _("handelingsperspectief"),
        blank=True,
        help_text=_("Wat kan de lezer zelf doen? Bijvoorbeeld: bel bij spoed 112."),
    )
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.CLEAR)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    aligned_with = models.JSONField(_("afgestemd met"), default=list, blank=True)
    aligned_other = models.CharField(_("afgestemd met (overig)"), max_length=200, blank=True)
    # Plain-language findings of the last save (list of checker.Finding dicts).
    findings = models.JSONField(default=list, blank=True)
    findings_acknowledged = models.BooleanField(default=False)
    # Bumped by every edit; approving names the revision the approver read.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    approved_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("vastgesteld door"),
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("gepubliceerd door"),
    )
    log_entry = models.OneToOneField(
        LogEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("communicatiebericht")
        verbose_name_plural = _("communicatieberichten")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["incident", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def aligned_labels(self) -> list[str]:
        labels = dict(AlignmentParty.choices)
        parties = [str(labels.get(value, value)) for value in self.aligned_with]
        if self.aligned_other:
            parties.append(self.aligned_other)
        return parties
