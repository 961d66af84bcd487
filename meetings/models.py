"""Crisis team meetings on the BOB structure (beeldvorming, oordeelsvorming, besluitvorming).

A meeting (*overleg*) of the ROT, GBT or RBT is planned, opened and closed. Its agenda is built
from the incident (meetings.selectors.agenda); during the meeting the notulist records per
agenda item what was judged, decided and assigned (MeetingRecord: decisions and actions are the
incident's own rows, so they are in the besluitenlijst and the actions tile at once). Closing
fixes the minutes (*verslag*): a numbered snapshot that never changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Action, Decision, Incident, Team
from incidents.tlp import TLP


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "gepland", _("Gepland")
        OPEN = "bezig", _("Bezig")
        CLOSED = "gesloten", _("Gesloten")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="meetings")
    team = models.CharField(_("team"), max_length=10, choices=Team.choices, default=Team.ROT)
    starts_at = models.DateTimeField(_("aanvang"))
    place = models.CharField(_("plaats of vergaderlink"), max_length=300, blank=True)
    chair = models.CharField(_("voorzitter"), max_length=200, blank=True)
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notulist"),
    )
    attendees = models.TextField(_("deelnemers"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    # The verslag: numbered per incident and fixed when the meeting closes.
    number = models.PositiveIntegerField(_("verslagnummer"), null=True, blank=True)
    minutes = models.JSONField(_("verslag"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "number"], name="meeting_minutes_number_per_incident"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Assessment(models.Model):
    """An *oordeel*: what the team expects, and the scenarios (as in the NCTV guide). Rows are
    never changed: the newest per kind is the current one, the rest is its history."""

    class Kind(models.TextChoices):
        JUDGEMENT = "oordeel", _("Oordeel")
        EXPECTATION = "verwachting", _("Verwachting")
        BEST = "gunstig", _("Scenario: gunstig (best case)")
        REALISTIC = "realistisch", _("Scenario: realistisch")
        WORST = "ongunstig", _("Scenario: ongunstig (worst case)")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="assessments")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("tekst"))
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("oordeel")
        verbose_name_plural = _("oordelen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class MeetingRecord(models.Model):
    """One thing the notulist recorded under an agenda item, in the order it happened."""

    class Kind(models.TextChoices):
        JUDGEMENT = "oordeel", _("Oordeel")
        DECISION = "besluit", _("Besluit")
        ACTION = "actie", _("Actie")
        POSITION = "standpunt", _("Standpunt dilemma")
        NOTE = "notitie", _("Notitie")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="records")
    item = models.CharField(_("agendapunt"), max_length=40)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("tekst"))
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    assessment = models.OneToOneField(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="record"
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_record"
    )
    action = models.OneToOneField(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_record"
    )
    position = models.OneToOneField(
        "playbook.DilemmaPosition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_record",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("vastlegging in overleg")
        verbose_name_plural = _("vastleggingen in overleg")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class TabledItemQuerySet(models.QuerySet):
    def waiting(self) -> TabledItemQuerySet:
        """Not handled yet: waiting for its team's next meeting (the one definition)."""
        return self.filter(handled_in__isnull=True)


class TabledItem(models.Model):
    """A bestuurlijk dilemma or key decision *geagendeerd* for a team's next meeting; handled
    when that team's meeting closes."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tabled_items")
    team = models.CharField(_("team"), max_length=10, choices=Team.choices, default=Team.GBT)
    dilemma = models.ForeignKey(
        "playbook.Dilemma", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    key_decision = models.ForeignKey(
        "playbook.IncidentKeyDecision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    tabled_at = models.DateTimeField(default=timezone.now)
    tabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    handled_in = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="handled_items"
    )

    objects = TabledItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("geagendeerd punt")
        verbose_name_plural = _("geagendeerde punten")
        ordering = ["tabled_at", "pk"]

    def __str__(self) -> str:
        subject = self.dilemma or self.key_decision
        return f"{self.team}: {subject}"

    @property
    def title(self) -> str:
        if self.dilemma_id:
            return self.dilemma.title
        return self.key_decision.key_decision.title
