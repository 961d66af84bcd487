"""The playbook: seeded content (editable by administrators) and its per-incident use.

Content rows carry a unique slug so the loader in playbook/content.py can match them and only
create what is missing: an administrator's edits survive every reload.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import (
    AffectedOrganisation,
    CrisisFunction,
    Decision,
    Incident,
    LogEntry,
    Team,
)
from incidents.tlp import TLP

# --- Content ----------------------------------------------------------------------------------


class KeyDecision(models.Model):
    class Kind(models.TextChoices):
        PROCESS = "proces", _("Proces (voor crisisteams)")
        CONTENT = "inhoudelijk", _("Inhoudelijk (voor getroffenen)")

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    explanation = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("sleutelbesluit")
        verbose_name_plural = _("sleutelbesluiten")
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Dilemma(models.Model):
    """One administrative dilemma theme (bestuurlijk dilemma) for the GBT/RBT."""

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    title = models.CharField(_("thema"), max_length=200)
    questions = models.TextField(_("vragen"), help_text=_("Eén vraag per regel."))
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("bestuurlijk dilemma")
        verbose_name_plural = _("bestuurlijke dilemma's")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class ChecklistList(models.TextChoices):
    """The lists ChecklistItem rows belong to. The first nine are attention points per
    function (aandachtspunten, seed 000); the rest come from the national guide (seed 002)."""

    REPORTING = "melding_alarmering", _("Melding & alarmering")
    LEADERSHIP = "leiding_coordinatie", _("Leiding & coördinatie")
    INFORMATION = "informatiemanagement", _("Informatiemanagement / VIC")
    COMMUNICATION = "crisiscommunicatie", _("Crisiscommunicatie")
    AFTERMATH = "nafase", _("Nafase")
    OPERATIONAL = "operationeel", _("Operationeel")
    KEEP_IN_MIND = "houd_rekening_met", _("Houd rekening met")
    PREPARED = "voorbereid_zijn", _("Voorbereid zijn")
    RESPOND = "reageren", _("Reageren")
    COMMS_PREPARATION = "communicatie_voorbereiding", _("Tips voor de voorbereiding")
    COMMS_ATTENTION = (
        "communicatie_aandachtspunten",
        _("Aandachtspunten voor crisiscommunicatie bij een digitaal incident"),
    )
    SOURCES = "bronnen", _("Digitale bronnen")


ATTENTION_LISTS = (
    ChecklistList.REPORTING,
    ChecklistList.LEADERSHIP,
    ChecklistList.INFORMATION,
    ChecklistList.COMMUNICATION,
    ChecklistList.AFTERMATH,
    ChecklistList.OPERATIONAL,
    ChecklistList.KEEP_IN_MIND,
)
# Lists every incident gets its own tickable copy of (spelled out again in
# playbook/content.py for the data migration; tests/playbook checks they agree).
INCIDENT_LISTS = (*ATTENTION_LISTS, ChecklistList.RESPOND)


class ChecklistItem(models.Model):
    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    list = models.CharField(_("lijst"), max_length=40, choices=ChecklistList.choices)
    text = models.TextField(_("tekst"))
    url = models.URLField(_("link"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    # The crisis functions this point is for ("mijn taken"); seeded per list from
    # playbook.content.FUNCTION_LISTS, edited in the admin.
    functions = models.ManyToManyField(
        CrisisFunction, blank=True, related_name="checklist_items", verbose_name=_("functies")
    )

    class Meta:
        verbose_name = _("checklistpunt")
        verbose_name_plural = _("checklistpunten")
        ordering = ["list", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ReferenceText(models.Model):
    """Role cards and reference texts (Wie doet wat?, Bepaal je rol, Definities, ...)."""

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"), help_text=_("Eén punt per regel."))
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("naslagtekst")
        verbose_name_plural = _("naslagteksten")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def points(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class Stakeholder(models.Model):
    """The directory of parties (betrokken instanties); contact fields are filled in locally."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        WEBHOOK = "webhook", _("webhook")
        PHONE = "phone", _("telefoon")
        OTHER = "other", _("anders")

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    role_text = models.TextField(_("rol"), blank=True)
    when_to_involve = models.TextField(_("wanneer betrekken"), blank=True)
    channel = models.CharField(
        _("kanaal"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    webhook_url = models.URLField(_("webhook-URL"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    max_tlp = models.CharField(
        _("hoogste TLP"), max_length=12, choices=TLP.choices, default=TLP.GREEN
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("instantie")
        verbose_name_plural = _("betrokken instanties")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class SectorReporting(models.Model):
    """Which directory entries are a sector's CERT and regulator (toezichthouder).

    The reporting decision tree says "uw sectorale CERT" and "uw toezichthouder"; this row
    names the concrete party for an affected organisation's sector. Matched on the sector
    name and its aliases, ignoring case (escalation.reporting uses it for the outcome)."""

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    sector = models.CharField(_("sector"), max_length=100)
    aliases = models.TextField(
        _("ook herkend als"),
        blank=True,
        help_text=_(
            "Eén sectornaam per regel, zoals die bij een getroffen organisatie staat; "
            "hoofdletters tellen niet mee."
        ),
    )
    cert = models.ForeignKey(
        Stakeholder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sectorale CERT"),
    )
    regulator = models.ForeignKey(
        Stakeholder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toezichthouder"),
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("meldpunten van een sector")
        verbose_name_plural = _("meldpunten per sector")
        ordering = ["order", "sector"]

    def __str__(self) -> str:
        return self.sector

    @property
    def names(self) -> set[str]:
        lines = [self.sector, *self.aliases.splitlines()]
        return {line.strip().casefold() for line in lines if line.strip()}

    def matches(self, sector: str) -> bool:
        return bool(sector.strip()) and sector.strip().casefold() in self.names


# --- Per incident -----------------------------------------------------------------------------


class StakeholderInvolvement(models.Model):
    """Stakeholder analysis: one involved party for one incident."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="stakeholder_involvements"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, related_name="involvements"
    )
    needs_to_know = models.TextField(_("moet weten"), blank=True)
    contact_person = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("e-mailadres contactpersoon"),
        blank=True,
        help_text=_("Gaat voor het algemene adres van de instantie."),
    )
    max_tlp = models.CharField(
        _("hoogste TLP"), max_length=12, choices=TLP.choices, default=TLP.GREEN
    )
    informed_at = models.DateTimeField(_("geïnformeerd op"), null=True, blank=True)
    informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geïnformeerd door"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("betrokken instantie bij incident")
        verbose_name_plural = _("stakeholderanalyse")
        ordering = ["stakeholder__order", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "stakeholder"], name="unique_stakeholder_per_incident"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} @ {self.incident}"

    @property
    def is_informed(self) -> bool:
        return self.informed_at is not None

    @property
    def email(self) -> str:
        return self.contact_email or self.stakeholder.email


class IncidentKeyDecision(models.Model):
    """The incident's status of one key decision. Its text fields hold the latest record
    (KeyDecisionRecord); a process key decision may be taken more than once."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Open")
        TAKEN = "genomen", _("Genomen")
        NOT_APPLICABLE = "nvt", _("Niet van toepassing")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="key_decisions")
    key_decision = models.ForeignKey(KeyDecision, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        _("uitkomst"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    text = models.TextField(_("besluit"), blank=True)
    rationale = models.TextField(_("onderbouwing"), blank=True)
    decided_by = models.CharField(_("besloten door"), max_length=200, blank=True)
    team = models.CharField(_("team"), max_length=10, choices=Team.choices, blank=True)
    meeting_at = models.DateTimeField(_("vergadering"), null=True, blank=True)
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="key_decision"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sleutelbesluit bij incident")
        verbose_name_plural = _("sleutelbesluiten bij incidenten")
        ordering = ["key_decision__kind", "key_decision__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "key_decision"], name="unique_key_decision_per_incident"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_decision} ({self.get_outcome_display()})"

    @property
    def is_content(self) -> bool:
        return self.key_decision.kind == KeyDecision.Kind.CONTENT


class KeyDecisionRecord(models.Model):
    """One taking of a key decision.

    Process key decisions (for crisis teams) are the region's: they are in the besluitenlijst
    (``decision``) and may be taken again (op- & afschalen with every GRIP change, aflossing
    with every roster change, ...). Content key decisions (for the affected) are taken by an
    affected organisation of the incident: they are logged as information and never written
    into the region's besluitenlijst.
    """

    class Via(models.TextChoices):
        MANUAL = "handmatig", _("Sleutelbesluitenpagina")
        GRIP = "grip", _("GRIP-wijziging")
        ROSTER = "rooster", _("Aflosrooster")
        STAKEHOLDERS = "stakeholders", _("Stakeholderanalyse")

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="key_decision_records"
    )
    key_decision = models.ForeignKey(
        IncidentKeyDecision, on_delete=models.CASCADE, related_name="records"
    )
    text = models.TextField(_("besluit"))
    rationale = models.TextField(_("onderbouwing"), blank=True)
    decided_by = models.CharField(_("besloten door"), max_length=200, blank=True)
    team = models.CharField(_("team"), max_length=10, choices=Team.choices, blank=True)
    organisation = models.ForeignKey(
        AffectedOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_decision_records",
        verbose_name=_("getroffen organisatie"),
    )
    decided_at = models.DateTimeField(_("tijdstip besluit"), default=timezone.now)
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_decision_records",
        verbose_name=_("besluit in de besluitenlijst"),
    )
    log_entry = models.OneToOneField(
        LogEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    via = models.CharField(_("vastgelegd via"), max_length=15, choices=Via.choices)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("genomen sleutelbesluit")
        verbose_name_plural = _("genomen sleutelbesluiten")
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["incident", "-decided_at"])]

    def __str__(self) -> str:
        return self.text[:80]


class IncidentChecklistItem(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="checklist_items")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    done = models.BooleanField(_("afgevinkt"), default=False)
    done_at = models.DateTimeField(_("afgevinkt op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgevinkt door"),
    )
    note = models.TextField(_("notitie"), blank=True)

    class Meta:
        verbose_name = _("checklistpunt bij incident")
        verbose_name_plural = _("checklistpunten bij incidenten")
        ordering = ["item__list", "item__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "item"], name="unique_item_per_incident")
        ]

    def __str__(self) -> str:
        return str(self.item)


class DilemmaPosition(models.Model):
    """The GBT/RBT's position on a dilemma; the newest per dilemma is the current one."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="dilemma_positions"
    )
    dilemma = models.ForeignKey(Dilemma, on_delete=models.PROTECT, related_name="+")
    position = models.TextField(_("standpunt"))
    decided_on = models.DateTimeField(_("datum"), default=timezone.now)
    team = models.CharField(_("team"), max_length=10, choices=Team.choices, default=Team.GBT)
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("standpunt over dilemma")
        verbose_name_plural = _("standpunten over dilemma's")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.dilemma}: {self.position[:60]}"


class RosterEntry(models.Model):
    """Relief (aflossing): who holds which crisis function from when to when."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="roster")
    # The function's name as entered (kept for a name no CrisisFunction matches) and the
    # function it means, when one does (playbook.services.roster_entry_add).
    function = models.CharField(_("functie"), max_length=100)
    crisis_function = models.ForeignKey(
        CrisisFunction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roster_entries",
        verbose_name=_("crisisfunctie"),
    )
    person = models.CharField(_("naam"), max_length=200)
    starts_at = models.DateTimeField(_("van"))
    ends_at = models.DateTimeField(_("tot"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("aflosrooster")
        ordering = ["function", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.function}: {self.person}"


class NextMeeting(models.Model):
    """The next crisis team meeting, for the handover brief and the relief tile."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="next_meeting")
    at = models.DateTimeField(_("volgend overleg"))
    team = models.CharField(_("team"), max_length=10, choices=Team.choices, default=Team.ROT)
    place = models.CharField(_("plaats"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("volgend overleg")
        verbose_name_plural = _("volgende overleggen")

    def __str__(self) -> str:
        return f"{self.team} {self.at:%Y-%m-%d %H:%M}"
