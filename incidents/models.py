from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tlp import TLP


class Role(models.TextChoices):
    """The auth groups; their names are what administrators see in the admin."""

    CRISIS_TEAM = "Crisisteamlid", _("Crisisteamlid")
    VIC = "VIC-medewerker", _("VIC-medewerker")
    EXECUTIVE = "Bestuurder", _("Bestuurder")  # the mayor or chair: reads, never writes
    # A guest of another organisation in one incident (incidents.partners): reads up to
    # their clearance and adds log lines; see incidents.access for what they never see.
    PARTNER = "Partner", _("Partner")


WRITER_ROLES = (Role.CRISIS_TEAM, Role.VIC)


class Incident(models.Model):
    class Status(models.TextChoices):
        REPORTED = "melding", _("Melding")
        ACTIVE = "actief", _("Actief")
        AFTERCARE = "nafase", _("Nafase")
        CLOSED = "gesloten", _("Gesloten")

    class RegionRole(models.TextChoices):
        CONSEQUENCE_MANAGER = "gevolgbestrijder", _("Gevolgbestrijder")
        ASSISTANCE = "bijstandsverlener", _("Bijstandsverlener")

    OPEN_STATUSES = (Status.REPORTED, Status.ACTIVE, Status.AFTERCARE)

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("korte omschrijving"), blank=True)
    reported_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REPORTED
    )
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    is_exercise = models.BooleanField(_("oefening"), default=False)
    region_role = models.CharField(
        _("rol van de regio"),
        max_length=20,
        choices=RegionRole.choices,
        default=RegionRole.CONSEQUENCE_MANAGER,
    )
    municipalities = models.TextField(
        _("getroffen gemeenten"), blank=True, help_text=_("Eén gemeente per regel.")
    )
    # Denormalised for the register; set by escalation through incident_set_grip_label.
    grip_label = models.CharField(_("GRIP"), max_length=30, blank=True)
    grip_since = models.DateTimeField(_("GRIP sinds"), null=True, blank=True)
    # Bumped by every service that changes something visible on the incident; live viewers
    # poll it (see incidents.services.incident_touch and the pulse view).
    version = models.PositiveIntegerField(default=1)
    # {part: version at which that part last changed}, written in the same UPDATE as version;
    # "*" marks a change to every part. The pulse answers with the parts changed since the
    # viewer's version (docs/architecture.md, "Change sets").
    part_versions = models.JSONField(default=dict, blank=True, editable=False)
    # Bumped only when the register fields (incidents.services.INCIDENT_FIELDS) change, so the
    # edit form's stale check ignores log lines, notifications and other unrelated activity.
    register_version = models.PositiveIntegerField(default=1)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="incidents"
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidenten")
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["status", "-last_activity_at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def municipality_list(self) -> list[str]:
        return [line.strip() for line in self.municipalities.splitlines() if line.strip()]


class CrisisFunction(models.Model):
    """A function in the crisis organisation (Leider CoPI, Informatiemanager, CISO, ...):
    editable data, seeded by a data migration (incidents/functions.py). Members and the
    relief roster (playbook.RosterEntry) name one; the playbook ties its attention points to
    them (playbook.ChecklistItem.functions) for "mijn taken"."""

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    teams = models.CharField(
        _("team(s)"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: CoPI, ROT.")
    )
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("crisisfunctie")
        verbose_name_plural = _("crisisfuncties")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    added_at = models.DateTimeField(auto_now_add=True)
    # How far this member may read (incidents.access.reader_clearance). Set by
    # incidents.services.membership_add: the incident's TLP at the time of adding unless
    # chosen; TLP:RED only when a member who holds RED grants it explicitly.
    clearance = models.CharField(
        _("rubricering tot en met"),
        max_length=12,
        choices=TLP.choices,
        default=TLP.AMBER,
        help_text=_("Het hoogste TLP-niveau dat dit lid te zien krijgt."),
    )
    function = models.ForeignKey(
        CrisisFunction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("crisisfunctie"),
    )
    # A partner guest (samenwerkingsprofiel): someone of another organisation let into this
    # one incident only (incidents.partners). Sees up to `clearance`, adds log lines, never
    # the member list or the audit trail; refused from `access_until` or once revoked.
    is_partner = models.BooleanField(_("partner"), default=False)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    access_until = models.DateTimeField(_("toegang tot"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["incident", "user"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.incident}"


class Affiliation(models.Model):
    """The organisation a user works for, shown and searched when adding members."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliation"
    )
    organisation = models.CharField(_("organisatie"), max_length=200, db_index=True)

    class Meta:
        verbose_name = _("organisatie van een gebruiker")
        verbose_name_plural = _("organisaties van gebruikers")

    def __str__(self) -> str:
        return f"{self.user}: {self.organisation}"


class PartnerInvitation(models.Model):
    """A one-time link that lets a partner into one incident. Only a hash of the token is
    stored; the link expires and works once (incidents.partners)."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="partner_invitations"
    )
    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.CharField(_("organisatie"), max_length=200)
    clearance = models.CharField(
        _("rubricering tot en met"), max_length=12, choices=TLP.choices, default=TLP.GREEN
    )
    access_until = models.DateTimeField(_("toegang tot"))
    token_hash = models.CharField(max_length=64, unique=True)
    link_expires_at = models.DateTimeField(_("link geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("uitnodiging partner")
        verbose_name_plural = _("uitnodigingen partners")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.email}) @ {self.incident}"


class AffectedOrganisation(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="affected_organisations"
    )
    name = models.CharField(_("naam"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    is_vital = models.BooleanField(_("vitaal"), default=False)
    is_government = models.BooleanField(_("overheid"), default=False)

    class Meta:
        verbose_name = _("getroffen organisatie")
        verbose_name_plural = _("getroffen organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- NCP-D building blocks (bouwstenen voor duiding) -------------------------------------------

UNKNOWN = "onbekend"


class Cause(models.TextChoices):
    UNKNOWN = UNKNOWN, _("Onbekend")
    DELIBERATE = "moedwillig", _("Moedwillig")
    NOT_DELIBERATE = "niet_moedwillig", _("Niet moedwillig")


class Source(models.TextChoices):
    UNKNOWN = UNKNOWN, _("Onbekend")
    DOMESTIC = "binnen_nl", _("Binnen Nederland")
    FOREIGN = "buiten_nl", _("Buiten Nederland")


class Actor(models.TextChoices):
    UNKNOWN = UNKNOWN, _("Onbekend")
    STATE = "statelijk", _("Statelijke actor")
    NON_STATE = "niet_statelijk", _("Niet-statelijke actor")


class Domain(models.TextChoices):
    UNKNOWN = UNKNOWN, _("Onbekend")
    DIGITAL_ONLY = "digitaal", _("Alleen het digitale domein")
    IMPORTANT_SERVICES = (
        "voorzieningen",
        _("Maatschappelijk belangrijke voorzieningen (niet-vitaal)"),
    )
    VITAL = "vitaal", _("Vitale processen")


class Area(models.TextChoices):
    UNKNOWN = UNKNOWN, _("Onbekend")
    ONE_REGION = "een_regio", _("Eén veiligheidsregio")
    SEVERAL_REGIONS = "meerdere_regios", _("Meerdere veiligheidsregio's")
    SEVERAL_COUNTRIES = "meerdere_landen", _("Meerdere landen")


class Outlook(models.TextChoices):
    UNKNOWN = UNKNOWN, _("Onbekend")
    PRESENT = "aanwezig", _("Aanwezig")
    LONG_UNKNOWN = "langdurig_onbekend", _("Langdurig onbekend")


# Block field name -> (label, choices). The order is the NCP-D table's order.
BLOCKS = {
    "cause": (_("Oorzaak"), Cause),
    "source": (_("Bron"), Source),
    "actor": (_("Actor"), Actor),
    "domain": (_("Geraakt domein"), Domain),
    "area": (_("Geraakt gebied"), Area),
    "outlook": (_("Oplossingsperspectief"), Outlook),
}


class ClassificationValue(models.Model):
    """The region's wording of one NCP-D value (incidents/ncpd.py): the code is stable,
    label and description are edited in the admin; seeded by a data migration."""

    block = models.CharField(
        _("bouwsteen"), max_length=20, choices=[(key, label) for key, (label, _c) in BLOCKS.items()]
    )
    value = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("naam"), max_length=200)
    description = models.TextField(
        _("toelichting"), blank=True, help_text=_("Wordt bij de keuze en in de duiding getoond.")
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("waarde (NCP-D)")
        verbose_name_plural = _("waarden (NCP-D)")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["block", "value"], name="unique_ncpd_value")]

    def __str__(self) -> str:
        return f"{self.get_block_display()}: {self.label}"


class Classification(models.Model):
    """One immutable snapshot of the six blocks; the newest per incident is the current one."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="classifications")
    cause = models.CharField(_("oorzaak"), max_length=20, choices=Cause.choices, default=UNKNOWN)
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices, default=UNKNOWN)
    actor = models.CharField(_("actor"), max_length=20, choices=Actor.choices, default=UNKNOWN)
    domain = models.CharField(
        _("geraakt domein"), max_length=20, choices=Domain.choices, default=UNKNOWN
    )
    area = models.CharField(
        _("geraakt gebied"), max_length=20, choices=Area.choices, default=UNKNOWN
    )
    outlook = models.CharField(
        _("oplossingsperspectief"), max_length=20, choices=Outlook.choices, default=UNKNOWN
    )
    # Blocks whose value is a working assumption rather than an established fact.
    assumed_blocks = models.JSONField(default=list, blank=True)
    changed_blocks = models.JSONField(default=list, blank=True)
    # The questions were asked again and the answers stayed the same ("blijf de vragen
    # stellen"): a snapshot equal to the previous one, kept for its reason and time.
    is_confirmation = models.BooleanField(_("ongewijzigd bevestigd"), default=False)
    reason = models.TextField(_("reden"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("duiding (NCP-D)")
        verbose_name_plural = _("duidingen (NCP-D)")
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident} {self.created_at:%Y-%m-%d %H:%M}"

    def value_label(self, block: str) -> str:
        from .ncpd import value_label  # the region's wording (admin), code text as fallback

        return value_label(block, getattr(self, block))

    def rows(self) -> list[dict]:
        from .ncpd import value_description

        return [
            {
                "block": block,
                "label": label,
                "value": getattr(self, block),
                "value_label": self.value_label(block),
                "value_description": value_description(block, getattr(self, block)),
                "is_unknown": getattr(self, block) == UNKNOWN,
                "is_assumption": block in self.assumed_blocks,
            }
            for block, (label, _choices) in BLOCKS.items()
        ]


# --- Logbook, decisions, actions --------------------------------------------------------------


class LogEntry(models.Model):
    class Category(models.TextChoices):
        REPORT = "melding", _("Melding")
        PICTURE = "beeld", _("Beeld")
        DECISION = "besluit", _("Besluit")
        ACTION = "actie", _("Actie")
        COMMUNICATION = "communicatie", _("Communicatie")
        INFORMATION = "informatie", _("Informatie")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="log_entries")
    occurred_at = models.DateTimeField(_("tijdstip gebeurtenis"), default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    category = models.CharField(_("categorie"), max_length=15, choices=Category.choices)
    text = models.TextField(_("tekst"))
    source = models.CharField(_("bron"), max_length=200, blank=True)
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrigeert"),
    )

    class Meta:
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["incident", "-occurred_at"]),
            # The newest *beeld* entries (dashboard picture tile, sitrep picture section)
            # without sorting every entry of that category.
            models.Index(
                fields=["incident", "category", "-occurred_at"],
                name="log_incident_category_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.text[:60]}"

    # The event time (occurred_at) is what the user typed, or the moment of entry when left
    # empty; lists show the entry time too when they lie further apart than this.
    ENTRY_TIME_SHOWN_AFTER = timedelta(minutes=1)

    @property
    def entered_later(self) -> bool:
        """True when the line was entered noticeably later (or earlier) than it happened."""
        try:
            return abs(self.created_at - self.occurred_at) > self.ENTRY_TIME_SHOWN_AFTER
        except (TypeError, OverflowError):
            return False


class Team(models.TextChoices):
    COPI = "CoPI", _("CoPI")
    ROT = "ROT", _("ROT")
    GBT = "GBT", _("GBT")
    RBT = "RBT", _("RBT")
    OTHER = "anders", _("Anders")


class Decision(models.Model):
    class Evaluation(models.TextChoices):
        VALID = "geldig", _("Geldig")
        TO_REVIEW = "herijken", _("Herijken")
        REVISED = "herzien", _("Herzien")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("besluit"))
    rationale = models.TextField(_("oordeel (onderbouwing)"), blank=True)
    basis_entries = models.ManyToManyField(
        LogEntry, blank=True, related_name="+", verbose_name=_("gebaseerd op beeld")
    )
    team = models.CharField(_("team"), max_length=10, choices=Team.choices, default=Team.ROT)
    meeting_at = models.DateTimeField(_("vergadering"), default=timezone.now)
    decided_by = models.CharField(_("besloten door"), max_length=200)
    evaluation = models.CharField(
        _("status"), max_length=12, choices=Evaluation.choices, default=Evaluation.VALID
    )
    reevaluate_at = models.DateTimeField(_("herijken om"), null=True, blank=True)
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    log_entry = models.OneToOneField(
        LogEntry, on_delete=models.PROTECT, null=True, related_name="decision"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluitenlijst")
        ordering = ["-meeting_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def due_for_review(cls, now=None) -> models.Q:
        """The one definition of a decision *due for re-evaluation* (herijken): its status is
        *herijken*, or it is *geldig* and its time to re-evaluate has passed. Selectors filter
        and mark rows with it (incidents.selectors.decisions_due, with_review_state)."""
        now = now or timezone.now()
        return models.Q(evaluation=cls.Evaluation.TO_REVIEW) | models.Q(
            evaluation=cls.Evaluation.VALID, reevaluate_at__lte=now
        )


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        BUSY = "bezig", _("Bezig")
        DONE = "gereed", _("Gereed")
        CANCELLED = "vervallen", _("Vervallen")

    OPEN_STATUSES = (Status.OPEN, Status.BUSY)

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("omschrijving"))
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actiehouder (gebruiker)"),
    )
    owner_organisation = models.CharField(
        _("actiehouder (organisatie)"), max_length=200, blank=True
    )
    due_at = models.DateTimeField(_("gereed om"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    log_entry = models.ForeignKey(
        LogEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owner_display(self) -> str:
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.get_username()
        return self.owner_organisation

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in self.OPEN_STATUSES
            and self.due_at is not None
            and self.due_at < timezone.now()
        )


class AuditEvent(models.Model):
    """Append-only record of every change; rows are never updated or deleted."""

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=100)  # namespaced, e.g. incidents.classification.changed
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # How the change came in when not through the pages, e.g. "API (token: Koppeling LCMS)"
    # (incidents.services.audit_via).
    via = models.CharField(_("via"), max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only")


class ApiToken(models.Model):
    """A personal API token (crisiscentre/api). Only the SHA-256 of the token is stored: it is
    shown once, when it is made, and can then only be revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("naam"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("begin van het token"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


# --- Picture per discipline (beeldvorming, issue 14) -------------------------------------------


class Discipline(models.Model):
    """A discipline or section that keeps its own deelbeeld (Brandweer, GHOR, NCSC/CERT, ...):
    editable data, seeded by migration 0019 (incidents/picture.py, DISCIPLINES)."""

    class Kind(models.TextChoices):
        DISCIPLINE = "kolom", _("Kolom/discipline")
        AFFECTED = "getroffen", _("Getroffen organisatie")
        TECHNICAL = "technisch", _("Technische partner")

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    kind = models.CharField(
        _("soort"), max_length=12, choices=Kind.choices, default=Kind.DISCIPLINE
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(
        _("actief"), default=True, help_text=_("Alleen actieve disciplines krijgen een deelbeeld.")
    )

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class _EventTime:
    """``entered_later``, as LogEntry has it: the entry time lies well apart from *stand van*."""

    @property
    def entered_later(self) -> bool:
        try:
            return abs(self.created_at - self.occurred_at) > LogEntry.ENTRY_TIME_SHOWN_AFTER
        except (TypeError, OverflowError):
            return False


class PartialPicture(_EventTime, models.Model):
    """One discipline's deelbeeld at one moment. Append-only: a new deelbeeld is a new row;
    the newest (by *stand van*, then id) per incident and discipline is the current one."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="partial_pictures"
    )
    discipline = models.ForeignKey(
        Discipline,
        on_delete=models.PROTECT,
        related_name="partial_pictures",
        verbose_name=_("discipline"),
    )
    text = models.TextField(_("deelbeeld"))
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    occurred_at = models.DateTimeField(_("stand van"), default=timezone.now)
    created_at = models.DateTimeField(_("ingevoerd op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # The partner guest's organisation when a guest set it (incidents.partners); else blank.
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deelbeeld")
        verbose_name_plural = _("deelbeelden")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(
                fields=["incident", "discipline", "-occurred_at"], name="picture_incident_disc_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.discipline_id}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Deelbeelden are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Deelbeelden are append-only")


class OverallPicture(_EventTime, models.Model):
    """The totaalbeeld the information manager writes, resting on deelbeelden. Append-only;
    the newest (by *stand van*, then id) per incident is the current one."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="overall_pictures"
    )
    text = models.TextField(_("totaalbeeld"))
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    occurred_at = models.DateTimeField(_("stand van"), default=timezone.now)
    created_at = models.DateTimeField(_("ingevoerd op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    based_on = models.ManyToManyField(
        PartialPicture, blank=True, related_name="overall_pictures", verbose_name=_("rust op")
    )

    class Meta:
        verbose_name = _("totaalbeeld")
        verbose_name_plural = _("totaalbeelden")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["incident", "-occurred_at"], name="overall_incident_time")]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Totaalbeelden are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Totaalbeelden are append-only")
