"""Stakeholder notifications: message templates, the outbox and its delivery attempts.

The Notification row is the transactional outbox: it is written in the same database
transaction as what triggers it (a GRIP change, a key decision, a sitrep, a manual
"informeer stakeholders") and only then handed to Celery (transaction.on_commit). The row's
state is the single source of truth for delivery: a task only sends after claiming the row
(queued -> sending), so a retried or redelivered task never sends the same message twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident
from incidents.tlp import TLP
from playbook.models import Stakeholder

Channel = Stakeholder.Channel  # e-mail and webhook are sent; phone and other are skipped


class Trigger(models.TextChoices):
    GRIP = "grip", _("GRIP-wijziging")
    KEY_DECISION = "sleutelbesluit", _("Sleutelbesluit genomen")
    SITREP = "sitrep", _("Situatierapport gereed")
    MANUAL = "handmatig", _("Handmatig bericht")


class SkipReason(models.TextChoices):
    TLP = "tlp", _("boven TLP-niveau van de ontvanger")
    NO_ADDRESS = "geen_adres", _("geen adres bekend")
    CHANNEL = "kanaal", _("kanaal niet automatisch")


class MessageTemplate(models.Model):
    """A Dutch message text per trigger, editable by administrators.

    Placeholders in {braces} are filled with incident facts when a message is made (see
    notifications.rendering.PLACEHOLDERS). `tlp` is the label of the template's own text
    together with the register facts (reference, title, GRIP level); placeholders that carry
    incident content (classification, decision, reason) have their own label and are left
    out for a receiver who may not receive it.
    """

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    trigger = models.CharField(_("aanleiding"), max_length=20, choices=Trigger.choices)
    name = models.CharField(_("naam"), max_length=200)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.GREEN)
    is_active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Automatische berichten gebruiken de eerste actieve tekst van hun aanleiding."),
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("berichtsjabloon")
        verbose_name_plural = _("berichtsjablonen")
        ordering = ["trigger", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    class State(models.TextChoices):
        QUEUED = "gepland", _("in wachtrij")
        SENDING = "bezig", _("wordt verzonden")
        SENT = "verzonden", _("verzonden")
        FAILED = "mislukt", _("mislukt")
        SKIPPED = "overgeslagen", _("overgeslagen")

    PENDING_STATES = (State.QUEUED, State.SENDING)

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notifications")
    involvement = models.ForeignKey(
        "playbook.StakeholderInvolvement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, related_name="notifications"
    )
    trigger = models.CharField(_("aanleiding"), max_length=20, choices=Trigger.choices)
    template = models.ForeignKey(
        MessageTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # e-mail or webhook; a skipped row may name the stakeholder's other channel.
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("ontvanger"), max_length=300, blank=True)
    # Snapshots of what is (or would have been) sent, TLP labels included.
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"))
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.GREEN)
    # Human-readable descriptions of the parts left out for this receiver's TLP level.
    withheld = models.JSONField(default=list, blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=State.choices, default=State.QUEUED
    )
    # The receiver's level when the message was made (StakeholderInvolvement.max_tlp).
    audience_tlp = models.CharField(
        _("hoogste TLP ontvanger"), max_length=12, choices=TLP.choices, default=TLP.GREEN
    )
    skip_reason = models.CharField(
        _("reden overgeslagen"), max_length=12, choices=SkipReason.choices, blank=True
    )
    last_error = models.TextField(_("laatste fout"), blank=True)
    attempt_count = models.PositiveIntegerField(_("pogingen"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # When the state last changed; the recovery task looks for rows stuck in sending.
    state_changed_at = models.DateTimeField(default=timezone.now)
    # When a queued row is due (later than now while it waits for a retry's backoff).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["incident", "-created_at"]),
            models.Index(fields=["state", "state_changed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder_id} {self.subject[:60]} ({self.state})"

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def skip_explanation(self) -> str:
        """Why no message went out, in the active language (shown in the delivery log)."""
        if self.skip_reason == SkipReason.TLP:
            return _(
                "Het bericht is TLP:%(message)s; deze instantie mag bij dit incident ten hoogste "
                "TLP:%(level)s ontvangen. Verhoog het TLP-niveau in de stakeholderanalyse of "
                "stuur een bericht met een lager TLP-label."
            ) % {"message": self.tlp, "level": self.audience_tlp}
        if self.skip_reason == SkipReason.NO_ADDRESS:
            return _(
                "Geen %(channel)s-adres bekend voor deze instantie; vul het in bij de instantie "
                "of de stakeholderanalyse."
            ) % {"channel": self.get_channel_display()}
        if self.skip_reason == SkipReason.CHANNEL:
            return _(
                "Deze instantie wordt per %(channel)s geïnformeerd; dat gaat niet automatisch. "
                "Neem zelf contact op en markeer haar als geïnformeerd."
            ) % {"channel": self.get_channel_display()}
        return ""

    @property
    def withheld_explanation(self) -> str:
        from .rendering import withheld_text

        return withheld_text(self.withheld) if self.withheld else ""


class DeliveryAttempt(models.Model):
    class Result(models.TextChoices):
        OK = "ok", _("geslaagd")
        TRANSIENT = "tijdelijk", _("tijdelijke fout")
        PERMANENT = "blijvend", _("blijvende fout")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveIntegerField(_("poging"))
    started_at = models.DateTimeField(_("begonnen"))
    finished_at = models.DateTimeField(_("klaar"))
    result = models.CharField(_("resultaat"), max_length=10, choices=Result.choices)
    error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        verbose_name = _("bezorgpoging")
        verbose_name_plural = _("bezorgpogingen")
        ordering = ["notification", "number"]

    def __str__(self) -> str:
        return f"#{self.number} {self.result}"
