"""After the acute phase: the joint evaluation of an incident (evaluatie).

Measures, recovery items and scaling down live in escalation next to GRIP; this app reads them
(and every other app) for the nafase board, the whole-incident timeline and the evaluation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident
from incidents.tlp import TLP


class EvaluationTheme(models.Model):
    """A theme to evaluate against: the attention card's sections and the NCTV guide's
    "Voorbereid zijn" 1-11, seeded (aftermath/seed.py) and edited by the region."""

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    title = models.CharField(_("thema"), max_length=200)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    text = models.TextField(_("tekst uit de bron"), blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("evaluatiethema")
        verbose_name_plural = _("evaluatiethema's")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        RECORDED = "vastgesteld", _("Vastgesteld")
        WAIVED = "afgezien", _("Afgezien van evaluatie")

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="evaluation")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    held_at = models.DateTimeField(_("gehouden op"), null=True, blank=True)
    summary = models.TextField(_("samenvatting"), blank=True)
    waiver_reason = models.TextField(_("reden om af te zien"), blank=True)
    decided_at = models.DateTimeField(_("vastgesteld of afgezien op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")

    def __str__(self) -> str:
        return f"{self.incident} ({self.get_status_display()})"

    @property
    def is_settled(self) -> bool:
        """Recorded or explicitly waived: the incident may be closed as far as this goes."""
        return self.status in (self.Status.RECORDED, self.Status.WAIVED)


class Participant(models.Model):
    class Side(models.TextChoices):
        CRISIS = "crisis", _("Crisispartner")
        TECHNICAL = "technisch", _("Technische partner")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.CharField(_("organisatie"), max_length=200)
    side = models.CharField(_("soort partner"), max_length=10, choices=Side.choices)

    class Meta:
        verbose_name = _("deelnemer evaluatie")
        verbose_name_plural = _("deelnemers evaluatie")
        ordering = ["side", "organisation", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Finding(models.Model):
    class Kind(models.TextChoices):
        WENT_WELL = "goed", _("Ging goed")
        IMPROVE = "verbeteren", _("Moet beter")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="findings")
    theme = models.ForeignKey(
        EvaluationTheme, on_delete=models.PROTECT, related_name="+", verbose_name=_("thema")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("bevinding"))
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
        ordering = ["theme__order", "kind", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Improvement(models.Model):
    """An improvement as an action for the preparedness phase (preparatie), with an owner."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "gereed", _("Gereed")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="improvements"
    )
    theme = models.ForeignKey(
        EvaluationTheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thema"),
    )
    description = models.TextField(_("verbeteractie"))
    owner = models.CharField(_("eigenaar"), max_length=200)
    due_at = models.DateField(_("gereed voor"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["status", "due_at", "pk"]

    def __str__(self) -> str:
        return self.description[:80]
