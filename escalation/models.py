"""Scaling up (GRIP), affected vital processes and the reporting decision tree.

Levels, vital processes and the decision tree are seeded, editable data (see
escalation/seed.py, loaded by data migrations): regions differ, so nothing here is hard-coded.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident
from incidents.tlp import TLP

# --- GRIP -------------------------------------------------------------------------------------


class GripLevel(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=40)
    # Higher rank = heavier scaling; up/down of a change is computed from the ranks.
    rank = models.PositiveSmallIntegerField(_("rang"), unique=True)
    team = models.CharField(_("team"), max_length=100, blank=True)
    led_by = models.CharField(_("leiding"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    activation_checklist = models.JSONField(
        _("checklist teamactivering"),
        default=list,
        blank=True,
        help_text=_("Een lijst met teksten, één punt per activeringsstap."),
    )
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("GRIP-niveau")
        verbose_name_plural = _("GRIP-niveaus")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class GripChange(models.Model):
    """One change of GRIP level; the newest per incident is the current level."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="grip_changes")
    from_level = models.ForeignKey(
        GripLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("van"),
    )
    to_level = models.ForeignKey(
        GripLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("naar")
    )
    decided_at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    decided_by_name = models.CharField(_("besloten door (naam)"), max_length=200)
    decided_by_function = models.CharField(_("functie"), max_length=200)
    reason = models.TextField(_("reden"))
    is_upscaling = models.BooleanField(_("opschaling"))
    log_entry = models.OneToOneField(
        "incidents.LogEntry", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # A GRIP change is a decision of the region: its entry in the besluitenlijst.
    decision = models.OneToOneField(
        "incidents.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grip_change",
        verbose_name=_("besluit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # Scaling down (afschalen) also names who takes over and what is still there.
    coordination_by = models.CharField(_("coördinatie gaat over naar"), max_length=200, blank=True)
    remaining_effects = models.TextField(_("effecten die er nog zijn"), blank=True)

    class Meta:
        verbose_name = _("GRIP-wijziging")
        verbose_name_plural = _("GRIP-wijzigingen")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_level or '-'} → {self.to_level}"

    @property
    def decided_by(self) -> str:
        """Name and function in one line, as the logbook and notifications show it."""
        return f"{self.decided_by_name} ({self.decided_by_function})"


# --- Vital processes --------------------------------------------------------------------------


class VitalProcessList(models.Model):
    """One published version of the national list; a new version is a new row."""

    name = models.CharField(_("naam"), max_length=200)
    version = models.CharField(_("versie"), max_length=40, unique=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    is_current = models.BooleanField(_("actuele versie"), default=False)

    class Meta:
        verbose_name = _("lijst vitale processen")
        verbose_name_plural = _("lijsten vitale processen")
        ordering = ["-is_current", "-version"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class VitalProcess(models.Model):
    class Category(models.TextChoices):
        A = "A", _("Categorie A (vitaal)")
        B = "B", _("Categorie B (vitaal)")
        SERVICE = "M", _("Maatschappelijk belangrijke voorziening (niet-vitaal)")

    VITAL = (Category.A, Category.B)

    process_list = models.ForeignKey(
        VitalProcessList, on_delete=models.CASCADE, related_name="processes"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("naam"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    category = models.CharField(_("categorie"), max_length=1, choices=Category.choices)
    cascade_questions = models.JSONField(
        _("vragen over keteneffecten"),
        default=list,
        blank=True,
        help_text=_("Vragen om te stellen, geen feiten; één vraag per regel in de lijst."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("vitaal proces of voorziening")
        verbose_name_plural = _("vitale processen en voorzieningen")
        ordering = ["process_list", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process_list", "code"], name="unique_process_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_vital(self) -> bool:
        return self.category in self.VITAL


class IncidentVitalProcess(models.Model):
    class Status(models.TextChoices):
        AFFECTED = "geraakt", _("Geraakt")
        THREATENED = "dreigend", _("Dreigt geraakt te worden")
        RECOVERED = "hersteld", _("Niet meer geraakt")

    ACTIVE = (Status.AFFECTED, Status.THREATENED)

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="vital_processes")
    process = models.ForeignKey(VitalProcess, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("geraakt vitaal proces")
        verbose_name_plural = _("geraakte vitale processen")
        ordering = ["process__order", "process__name"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "process"], name="unique_incident_process")
        ]

    def __str__(self) -> str:
        return f"{self.process} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


# --- Reporting decision tree (beslisboom meldpunten) ----------------------------------------


class ReportingTree(models.Model):
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    published = models.CharField(_("datum bron"), max_length=20, blank=True)
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.GREEN)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("beslisboom meldpunten")
        verbose_name_plural = _("beslisbomen meldpunten")

    def __str__(self) -> str:
        return self.title


class ReportingPoint(models.Model):
    """A place to report to, in the source's wording, and who that concretely is.

    The concrete parties come from the stakeholder directory: fixed ones (NCSC, the police
    cybercrime team) and, by `party_role`, the CERT or regulator of the affected
    organisation's sector (playbook.SectorReporting)."""

    class PartyRole(models.TextChoices):
        NONE = "", _("Geen")
        CERT = "cert", _("Sectorale CERT van de organisatie")
        REGULATOR = "toezichthouder", _("Toezichthouder van de sector")

    tree = models.ForeignKey(ReportingTree, on_delete=models.CASCADE, related_name="points")
    key = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("meldpunt"), max_length=200)
    text = models.TextField(_("tekst uit de bron"))
    note = models.TextField(
        _("toelichting"),
        blank=True,
        help_text=_("Aanvulling van de regio op de bron, bijvoorbeeld over nieuwe wetgeving."),
    )
    party_role = models.CharField(
        _("instantie volgens sector"), max_length=20, choices=PartyRole.choices, blank=True
    )
    stakeholders = models.ManyToManyField(
        "playbook.Stakeholder", blank=True, related_name="+", verbose_name=_("vaste instanties")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("meldpunt")
        verbose_name_plural = _("meldpunten")
        ordering = ["tree", "order"]
        constraints = [models.UniqueConstraint(fields=["tree", "key"], name="unique_point_key")]

    def __str__(self) -> str:
        return self.name


class TreeQuestion(models.Model):
    tree = models.ForeignKey(ReportingTree, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("code"), max_length=60)
    text = models.CharField(_("vraag"), max_length=300)
    help_text = models.TextField(_("toelichting"), blank=True)
    is_root = models.BooleanField(_("eerste vraag"), default=False)
    allows_multiple = models.BooleanField(_("meerdere antwoorden mogelijk"), default=False)
    # An escalation ladder (the effect question): one answer, the highest rung that applies;
    # it includes every answer ordered before it, with their points and follow-up questions.
    is_ladder = models.BooleanField(
        _("escalatieladder"),
        default=False,
        help_text=_(
            "Eén antwoord: de hoogste trede die geldt. Die omvat alle antwoorden met een lagere "
            "volgorde, met hun meldpunten en vervolgvragen."
        ),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["tree", "order"]
        constraints = [models.UniqueConstraint(fields=["tree", "key"], name="unique_question_key")]

    def __str__(self) -> str:
        return self.text


class TreeChoice(models.Model):
    """An answer: it adds its reporting points and may lead to a follow-up question."""

    question = models.ForeignKey(TreeQuestion, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("antwoord"), max_length=200)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    next_question = models.ForeignKey(
        TreeQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vervolgvraag"),
    )
    points = models.ManyToManyField(
        ReportingPoint, blank=True, related_name="+", verbose_name=_("meldpunten")
    )

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="unique_choice_key")
        ]

    def __str__(self) -> str:
        return self.label


class ReportingRun(models.Model):
    """One pass through the tree attached to an incident; older runs stay as history."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reporting_runs")
    tree = models.ForeignKey(ReportingTree, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(_("antwoorden"), default=dict)
    # For whom the tree was walked: names the concrete CERT and regulator of its sector.
    organisation = models.ForeignKey(
        "incidents.AffectedOrganisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("getroffen organisatie"),
    )
    sector = models.ForeignKey(
        "playbook.SectorReporting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    # Question and answer texts as they were asked: the tree may be edited later.
    answers_summary = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("doorloop beslisboom")
        verbose_name_plural = _("doorlopen beslisboom")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.incident} {self.created_at:%Y-%m-%d %H:%M}"


class ReportingItem(models.Model):
    run = models.ForeignKey(ReportingRun, on_delete=models.CASCADE, related_name="items")
    point = models.ForeignKey(ReportingPoint, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("meldpunt"), max_length=200)
    text = models.TextField(_("tekst uit de bron"))
    order = models.PositiveSmallIntegerField(default=0)
    parties = models.ManyToManyField(
        "playbook.Stakeholder", blank=True, related_name="+", verbose_name=_("instanties")
    )
    reported_at = models.DateTimeField(_("gemeld op"), null=True, blank=True)
    reported_to = models.CharField(_("gemeld aan"), max_length=200, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeld door"),
    )

    class Meta:
        verbose_name = _("meldpunt van het incident")
        verbose_name_plural = _("meldpunten van het incident")
        ordering = ["run", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_done(self) -> bool:
        return self.reported_at is not None


# --- Cyber-Crisis-Cirkel teams ------------------------------------------------------------------


class CirkelTeam(models.Model):
    """The region's wording of a crisis team on the Cyber-Crisis-Cirkel (escalation/cirkel.py
    keeps its key, place and when it is probably active); seeded by a data migration."""

    key = models.SlugField(_("sleutel"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=40)
    text = models.TextField(_("tekst uit de aandachtskaart"))
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("crisisteam (Cyber-Crisis-Cirkel)")
        verbose_name_plural = _("crisisteams (Cyber-Crisis-Cirkel)")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


# --- Advice texts -----------------------------------------------------------------------------


class AdviceText(models.Model):
    """The region's wording of one advice rule. The rule's code and condition stay in code
    (escalation/advice.py::RULES); a rule without a row shows the code's own text."""

    code = models.SlugField(
        _("regelcode"),
        max_length=60,
        unique=True,
        help_text=_("De code van de regel in de software; niet wijzigen."),
    )
    advice = models.TextField(_("advies"))
    sources = models.TextField(
        _("bron (citaat)"),
        blank=True,
        help_text=_("De zinnen uit de aandachtskaart waarop het advies rust; één per regel."),
    )
    source_title = models.CharField(_("titel bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("adviestekst")
        verbose_name_plural = _("adviesteksten")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def source_lines(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class GripChecklistTick(models.Model):
    """A ticked step of a GRIP level's team-activation checklist for one incident. The step's
    text is copied: the level's checklist may be edited later."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="grip_checklist_ticks"
    )
    level = models.ForeignKey(GripLevel, on_delete=models.PROTECT, related_name="+")
    index = models.PositiveSmallIntegerField(_("stap"))
    text = models.CharField(_("tekst"), max_length=300)
    done_at = models.DateTimeField(_("afgevinkt op"), default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("afgevinkt door"),
    )

    class Meta:
        verbose_name = _("afgevinkte activeringsstap")
        verbose_name_plural = _("afgevinkte activeringsstappen")
        ordering = ["level__rank", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "level", "index"], name="unique_grip_checklist_tick"
            )
        ]

    def __str__(self) -> str:
        return self.text


# --- Measures (maatregelen) and recovery (nafase) ---------------------------------------------


class Measure(models.Model):
    """A measure in force ("systemen ontkoppeld", "noodprocedure op papier") with the criterion
    for ending it (NCTV guide: "denk na over criteria voor het weer beperken of beëindigen");
    an open measure keeps the incident from being closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Van kracht")
        ENDED = "beeindigd", _("Beëindigd")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("maatregel"), max_length=200)
    owner = models.CharField(_("eigenaar"), max_length=200)
    since = models.DateTimeField(_("sinds"), default=timezone.now)
    end_criterion = models.TextField(_("criterium voor beëindigen"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.TextField(_("reden van beëindigen"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["status", "-since", "-pk"]
        indexes = [models.Index(fields=["incident", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RecoveryStatus(models.TextChoices):
    DISRUPTED = "verstoord", _("Verstoord")
    EMERGENCY = "noodvoorziening", _("Noodvoorziening")
    PARTIAL = "deels_hersteld", _("Deels hersteld")
    RECOVERED = "hersteld", _("Hersteld")
    CONFIRMED = "bevestigd", _("Betrouwbaar bevestigd")


class RecoveryItem(models.Model):
    """How far one affected organisation or one affected vital process has recovered.

    The status scale is the service's; whether the technical disruption is solved and whether
    the societal effects are over are kept apart (the card: solving the technical disruption
    does not end the societal effects). The history is RecoveryUpdate, append-only; the
    fields here are the latest update, denormalised for the board."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="recovery_items")
    organisation = models.ForeignKey(
        "incidents.AffectedOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("getroffen organisatie"),
    )
    vital_process = models.ForeignKey(
        IncidentVitalProcess,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geraakt vitaal proces"),
    )
    status = models.CharField(_("herstelstatus"), max_length=20, choices=RecoveryStatus.choices)
    status_at = models.DateTimeField(_("datum"))
    source = models.CharField(_("bron"), max_length=200, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    disrupted_since = models.DateTimeField(_("verstoord sinds"))
    expected_recovery = models.CharField(_("verwacht herstel"), max_length=200, blank=True)
    technically_resolved_at = models.DateTimeField(
        _("technisch opgelost op"), null=True, blank=True
    )
    societal_effects_ended_at = models.DateTimeField(
        _("maatschappelijke effecten voorbij op"), null=True, blank=True
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eigenaar (gebruiker)"),
    )
    owner_organisation = models.CharField(_("eigenaar (organisatie)"), max_length=200, blank=True)
    # Entry time of the latest update: the weekly reminder looks at it.
    updated_at = models.DateTimeField(_("bijgewerkt"), default=timezone.now)
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("herstelpunt")
        verbose_name_plural = _("herstelpunten")
        ordering = ["disrupted_since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, vital_process__isnull=True)
                | models.Q(organisation__isnull=True, vital_process__isnull=False),
                name="recovery_item_one_subject",
            ),
            models.UniqueConstraint(
                fields=["incident", "organisation"], name="unique_recovery_organisation"
            ),
            models.UniqueConstraint(
                fields=["incident", "vital_process"], name="unique_recovery_process"
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def subject(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.vital_process.process.name

    @property
    def is_done(self) -> bool:
        """Reliable again and the societal effects over: nothing left to follow up."""
        return (
            self.status == RecoveryStatus.CONFIRMED and self.societal_effects_ended_at is not None
        )

    @property
    def owner_display(self) -> str:
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.get_username()
        return self.owner_organisation


class RecoveryUpdate(models.Model):
    """One step in an item's recovery, never changed afterwards (a correction is a new row)."""

    item = models.ForeignKey(RecoveryItem, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("herstelstatus"), max_length=20, choices=RecoveryStatus.choices)
    status_at = models.DateTimeField(_("datum"))
    source = models.CharField(_("bron"), max_length=200, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    technically_resolved = models.BooleanField(_("technisch opgelost"), default=False)
    societal_effects_over = models.BooleanField(
        _("maatschappelijke effecten voorbij"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("herstelupdate")
        verbose_name_plural = _("herstelupdates")
        ordering = ["-status_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.status_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Recovery updates are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Recovery updates are append-only")
