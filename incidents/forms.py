from django import forms
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from . import audit, ncpd
from .access import incident_writers
from .models import (
    BLOCKS,
    Action,
    AffectedOrganisation,
    CrisisFunction,
    Decision,
    Incident,
    LogEntry,
)
from .tlp import TLP
from .validators import InputLimitsMixin, validate_not_in_future


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class IncidentForm(InputLimitsMixin, forms.ModelForm):
    class Meta:
        model = Incident
        fields = [
            "title",
            "description",
            "reported_at",
            "started_at",
            "status",
            "tlp",
            "is_exercise",
            "region_role",
            "municipalities",
        ]
        widgets = {
            "reported_at": DateTimeInput(),
            "started_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "municipalities": forms.Textarea(attrs={"rows": 3}),
        }


class IncidentFilterForm(InputLimitsMixin, forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle open")), ("alle", _("Alle"))] + Incident.Status.choices,
    )
    exercise = forms.ChoiceField(
        label=_("Oefening"),
        required=False,
        choices=[
            ("", _("Oefening en echt")),
            ("ja", _("Alleen oefeningen")),
            ("nee", _("Geen oefeningen")),
        ],
    )


class AuditFilterForm(InputLimitsMixin, forms.Form):
    """The filters of the audit page: who, which part of the incident and when."""

    persoon = forms.TypedChoiceField(
        label=_("Persoon"), required=False, coerce=int, empty_value=None
    )
    onderdeel = forms.ChoiceField(label=_("Onderdeel"), required=False)
    van = forms.DateTimeField(label=_("Van"), required=False, widget=DateTimeInput())
    tot = forms.DateTimeField(label=_("Tot en met"), required=False, widget=DateTimeInput())

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persoon"].choices = [("", _("Iedereen"))] + [
            (person.pk, person.get_full_name() or person.get_username()) for person in people
        ]
        entities = sorted(audit.ENTITIES.items(), key=lambda item: str(item[1]).casefold())
        self.fields["onderdeel"].choices = [("", _("Alle onderdelen")), *entities]

    def clean(self):
        data = super().clean()
        since, until = data.get("van"), data.get("tot")
        if since and until and since > until:
            self.add_error("tot", _("Het einde ligt vóór het begin van de periode."))
        return data


class IncidentEditForm(IncidentForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClassificationForm(InputLimitsMixin, forms.Form):
    """All six blocks, or one (`only`), plus the required reason."""

    expected_id = forms.IntegerField(widget=forms.HiddenInput)
    assumed = forms.MultipleChoiceField(
        label=_("Aanname (nog niet bevestigd)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reden van de wijziging"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef een reden voor de wijziging van de duiding.")},
    )

    def __init__(self, *args, current, only: str | None = None, **kwargs):
        kwargs.setdefault("auto_id", "classification_%s")  # unique ids on the dashboard
        super().__init__(*args, **kwargs)
        blocks = [only] if only else list(BLOCKS)
        self.blocks = blocks
        for block in blocks:
            label, choices = BLOCKS[block]
            self.fields[block] = forms.ChoiceField(
                label=label,
                choices=ncpd.value_choices(block),
                initial=getattr(current, block),
                help_text=ncpd.block_help(block),
            )
        self.fields["assumed"].choices = [(b, BLOCKS[b][0]) for b in blocks]
        self.fields["assumed"].initial = [b for b in blocks if b in current.assumed_blocks]
        self.fields["expected_id"].initial = current.pk
        self.order_fields([*blocks, "assumed", "reason"])

    def changes(self) -> dict[str, str]:
        return {block: self.cleaned_data[block] for block in self.blocks}


class LogEntryForm(InputLimitsMixin, forms.ModelForm):
    corrects = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LogEntry
        fields = ["category", "text", "source", "tlp", "occurred_at"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "occurred_at": DateTimeInput(),
        }
        error_messages = {"text": {"required": _("Het logboek kan geen lege regel bevatten.")}}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "log_%s")  # unique ids on the dashboard
        super().__init__(*args, **kwargs)
        occurred_at = self.fields["occurred_at"]
        occurred_at.required = False
        occurred_at.help_text = _("Leeg laten voor nu.")
        # Empty means "when the server receives it". The model default (timezone.now) would
        # prefill the time the page was loaded, and a live dashboard is never reloaded.
        occurred_at.initial = None
        occurred_at.show_hidden_initial = False
        occurred_at.validators.append(validate_not_in_future)


class DecisionForm(InputLimitsMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "text",
            "rationale",
            "basis_entries",
            "team",
            "meeting_at",
            "decided_by",
            "reevaluate_at",
            "tlp",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "rationale": forms.Textarea(attrs={"rows": 2}),
            "meeting_at": DateTimeInput(),
            "reevaluate_at": DateTimeInput(),
            "basis_entries": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "decided_by": _("Naam en functie, bijvoorbeeld: J. Jansen, operationeel leider.")
        }

    def __init__(self, *args, incident, visible, **kwargs):
        """``visible``: the TLP labels the reader may see; the picture lines offered as the
        decision's basis are quoted in the form."""
        kwargs.setdefault("auto_id", "decision_%s")  # unique ids on the dashboard
        super().__init__(*args, **kwargs)
        self.fields["basis_entries"].queryset = incident.log_entries.filter(
            category=LogEntry.Category.PICTURE, corrected_by__isnull=True, tlp__in=visible
        )[:20]
        self.fields["basis_entries"].required = False


class ActionForm(InputLimitsMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "description",
            "owner_user",
            "owner_organisation",
            "due_at",
            "decision",
            "log_entry",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_at": DateTimeInput(),
            "decision": forms.HiddenInput,
            "log_entry": forms.HiddenInput,
        }

    def __init__(self, *args, incident, **kwargs):
        kwargs.setdefault("auto_id", "action_%s")  # unique ids on the dashboard
        super().__init__(*args, **kwargs)
        # Only members who can write: a read-only Bestuurder could not update the action.
        self.fields["owner_user"].queryset = incident_writers(incident).order_by(
            "first_name", "username"
        )
        self.fields["owner_user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["decision"].queryset = incident.decisions.all()
        self.fields["log_entry"].queryset = incident.log_entries.all()


class MemberAddForm(InputLimitsMixin, forms.Form):
    """Search a person by name, username, e-mail or organisation (htmx suggestions as radio
    buttons inside the form, so it works without JavaScript too); pick function and
    clearance. The view resolves the text to one user or says why not."""

    username = forms.CharField(
        label=_("Naam, gebruikersnaam of organisatie"),
        max_length=150,
        error_messages={"required": _("Typ een naam, gebruikersnaam of organisatie.")},
    )
    user = forms.IntegerField(required=False, widget=forms.HiddenInput)
    function = forms.ModelChoiceField(
        label=_("Crisisfunctie"),
        queryset=CrisisFunction.objects.all(),
        required=False,
        empty_label=_("(geen functie)"),
    )
    # Left out: the incident's TLP (incidents.services.default_clearance).
    clearance = forms.ChoiceField(
        label=_("Ziet informatie tot en met"), choices=TLP.choices, required=False
    )

    def __init__(self, *args, clearance_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if clearance_choices is not None:
            self.fields["clearance"].choices = clearance_choices


# The row's selects offer valid values only: a wrong one (a function removed meanwhile, a
# garbled post) gets one plain sentence rather than Django's "not one of the choices".
_WRONG_CHANGE = {
    "invalid_choice": _("Kies een geldige functie en rubricering."),
    "required": _("Kies een geldige functie en rubricering."),
}


class MembershipChangeForm(forms.Form):
    """One row of the members page; the choices are computed once for all rows."""

    function = forms.TypedChoiceField(
        label=_("Crisisfunctie"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages=_WRONG_CHANGE,
    )
    clearance = forms.ChoiceField(
        label=_("Ziet informatie tot en met"), choices=TLP.choices, error_messages=_WRONG_CHANGE
    )

    def __init__(self, *args, function_choices, clearance_choices=TLP.choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function"].choices = function_choices
        self.fields["clearance"].choices = clearance_choices

    def clean_function(self):
        pk = self.cleaned_data["function"]
        return CrisisFunction.objects.filter(pk=pk).first() if pk else None


def function_choices() -> list:
    return [("", _("(geen functie)")), *CrisisFunction.objects.values_list("pk", "name")]


class AffectedOrganisationForm(InputLimitsMixin, forms.ModelForm):
    class Meta:
        model = AffectedOrganisation
        fields = ["name", "sector", "is_vital", "is_government"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "organisation_%s")  # unique ids on the dashboard
        super().__init__(*args, **kwargs)


class PartnerInviteForm(InputLimitsMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={"invalid": _("Vul een geldig e-mailadres in.")},
    )
    organisation = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        help_text=_("Staat bij elke bijdrage van deze partner, in de audittrail en de sitrep."),
    )
    clearance = forms.ChoiceField(label=_("Ziet informatie tot en met"), choices=TLP.choices)
    access_until = forms.DateTimeField(
        label=_("Toegang tot"),
        widget=DateTimeInput(),
        error_messages={"required": _("Kies tot wanneer de partner toegang heeft.")},
    )

    def __init__(self, *args, clearance_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if clearance_choices is not None:
            self.fields["clearance"].choices = clearance_choices


# --- Picture per discipline (incidents/picture.py) --------------------------------------------


def _tlp_field(form, *, visible, initial: str) -> None:
    """Only the labels the writer may read (the service refuses others too)."""
    field = form.fields["tlp"]
    field.choices = [(value, label) for value, label in TLP.choices if value in visible]
    field.initial = initial if initial in visible else visible[-1]


def _stand_van(form) -> None:
    occurred_at = form.fields["occurred_at"]
    occurred_at.required = False
    occurred_at.label = _("Stand van")
    occurred_at.help_text = _("Leeg laten voor nu.")
    occurred_at.validators.append(validate_not_in_future)


class PartialPictureForm(InputLimitsMixin, forms.Form):
    text = forms.CharField(
        label=_("Deelbeeld"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Vul het deelbeeld in; een leeg beeld kan niet worden vastgelegd.")
        },
    )
    tlp = forms.ChoiceField(label=_("TLP"))
    occurred_at = forms.DateTimeField(widget=DateTimeInput())

    def __init__(self, *args, discipline, visible, initial_tlp: str, **kwargs):
        kwargs.setdefault("auto_id", f"picture_{discipline.slug}_%s")  # one form per discipline
        super().__init__(*args, **kwargs)
        self.discipline = discipline
        _tlp_field(self, visible=visible, initial=initial_tlp)
        _stand_van(self)


class OverallPictureForm(InputLimitsMixin, forms.Form):
    """The totaalbeeld; ``based_on`` offers the current deelbeelden (all ticked at first)."""

    text = forms.CharField(
        label=_("Totaalbeeld"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Vul het totaalbeeld in; een leeg beeld kan niet worden vastgelegd.")
        },
    )
    based_on = forms.TypedMultipleChoiceField(
        label=_("Rust op de deelbeelden"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Een aangevinkt deelbeeld is intussen vervangen door een nieuwer; kijk de keuze "
                "opnieuw na."
            )
        },
    )
    tlp = forms.ChoiceField(label=_("TLP"))
    occurred_at = forms.DateTimeField(widget=DateTimeInput())

    def __init__(self, *args, partials, visible, initial_tlp: str, **kwargs):
        kwargs.setdefault("auto_id", "overall_%s")
        super().__init__(*args, **kwargs)
        self.partials = {p.pk: p for p in partials}
        self.fields["based_on"].choices = [
            (p.pk, f"{p.discipline.name} ({localtime(p.occurred_at):%d-%m %H:%M}): {p.text[:80]}")
            for p in partials
        ]
        self.fields["based_on"].initial = list(self.partials)
        _tlp_field(self, visible=visible, initial=initial_tlp)
        _stand_van(self)

    def based_on_pictures(self) -> list:
        return [self.partials[pk] for pk in self.cleaned_data["based_on"]]
