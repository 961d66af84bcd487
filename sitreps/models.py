from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from incidents.models import Incident
from incidents.tlp import TLP


def sitrep_upload_to(sitrep: "Sitrep", filename: str) -> str:
    return f"sitreps/{sitrep.incident.reference}/{filename}"


class Sitrep(models.Model):
    """One numbered situation report of an incident; its PDF never changes once it is done."""

    class State(models.TextChoices):
        QUEUED = "wachtrij", pgettext_lazy("sitrep state", "In de wachtrij")
        RUNNING = "bezig", pgettext_lazy("sitrep state", "Bezig")
        DONE = "klaar", pgettext_lazy("sitrep state", "Klaar")
        FAILED = "mislukt", pgettext_lazy("sitrep state", "Mislukt")

    FINISHED_STATES = (State.DONE, State.FAILED)

    class Approval(models.TextChoices):
        """A made sitrep is a concept until another writer *vaststelt* (approves) it; a
        rejection keeps it a concept, with the reason (services.sitrep_reject)."""

        CONCEPT = "concept", _("Concept")
        APPROVED = "vastgesteld", _("Vastgesteld")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sitreps")
    number = models.PositiveIntegerField(_("nummer"))
    audience_tlp = models.CharField(
        _("doelgroep (TLP)"), max_length=12, choices=TLP.choices, default=TLP.AMBER
    )
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    error = models.TextField(_("foutmelding"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=sitrep_upload_to, blank=True)
    # The moment the incident's data was read; the next sitrep marks what is newer.
    snapshot_at = models.DateTimeField(_("stand van"), null=True, blank=True)
    max_tlp = models.CharField(
        _("hoogste TLP van de inhoud"), max_length=12, choices=TLP.choices, blank=True
    )
    # Per section key, what the section contained (classification values, entry ids, action
    # statuses); the next sitrep compares with it to mark what is new or changed.
    summary = models.JSONField(default=dict, blank=True)
    empty_sections = models.JSONField(default=list, blank=True)
    # The rendered concept document: the approved PDF is made from it with "Vastgesteld door
    # ... op ..." in place of CONCEPT (rendering.approved_html), so its content stays the
    # snapshot that was reviewed.
    html = models.TextField(_("HTML van het concept"), blank=True)

    approval = models.CharField(
        _("vaststelling"), max_length=12, choices=Approval.choices, default=Approval.CONCEPT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    approved_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    # The PDF that may be distributed; empty while it is being made after the approval.
    approved_pdf = models.FileField(_("vastgestelde PDF"), upload_to=sitrep_upload_to, blank=True)
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgewezen door"),
    )
    rejected_at = models.DateTimeField(_("afgewezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("sitrep")
        verbose_name_plural = _("sitreps")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "number"], name="unique_sitrep_number")
        ]

    def __str__(self) -> str:
        return f"{self.incident.reference} sitrep {self.number}"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    @property
    def is_approved(self) -> bool:
        return self.approval == self.Approval.APPROVED

    @property
    def is_concept(self) -> bool:
        """Made, but not (yet) vastgesteld: only writers see it, marked CONCEPT."""
        return self.state == self.State.DONE and not self.is_approved

    @property
    def awaits_approved_pdf(self) -> bool:
        """Vastgesteld, its approved PDF still being made (services.sitrep_stamp)."""
        return self.is_approved and not self.approved_pdf and bool(self.html)

    @property
    def polls(self) -> bool:
        """The list row asks for news until the worker has finished with it."""
        return not self.is_finished or self.awaits_approved_pdf

    @property
    def poll_marker(self) -> str:
        return "vastgesteld" if self.awaits_approved_pdf else self.state

    @property
    def filename(self) -> str:
        return f"sitrep-{self.incident.reference}-{self.number}.pdf"

    @property
    def approved_filename(self) -> str:
        return f"sitrep-{self.incident.reference}-{self.number}-vastgesteld.pdf"


class SitrepCounter(models.Model):
    """The last number handed out per incident. Sitrep numbers never repeat: this row stays
    when a sitrep row is gone, so the next one never reuses an old number (whose PDF may
    still be on disk or on paper). Incremented only by services.sitrep_request."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sitrepteller")
        verbose_name_plural = _("sitreptellers")

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.last_number}"


class OfflineExport(models.Model):
    """One run of the degraded-mode export (paper copies for when the ICT is down)."""

    started_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    ok = models.BooleanField(_("gelukt"), default=False)
    error = models.TextField(_("foutmelding"), blank=True)
    files = models.JSONField(_("bestanden"), default=list, blank=True)

    class Meta:
        verbose_name = _("offline export")
        verbose_name_plural = _("offline exports")
        ordering = ["-started_at", "-pk"]
        get_latest_by = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'fout'}"
