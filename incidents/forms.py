from django import forms
from django.utils.translation import gettext_lazy as _

from . import ncpd
from .access import incident_writers
from .models import BLOCKS, Action, AffectedOrganisation, Decision, Incident, LogEntry
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

    def __init__(self, *args, incident, **kwargs):
        kwargs.setdefault("auto_id", "decision_%s")  # unique ids on the dashboard
        super().__init__(*args, **kwargs)
        self.fields["basis_entries"].queryset = incident.log_entries.filter(
            category=LogEntry.Category.PICTURE, corrected_by__isnull=True
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
    username = forms.CharField(label=_("Gebruikersnaam"))


class AffectedOrganisationForm(InputLimitsMixin, forms.ModelForm):
    class Meta:
        model = AffectedOrganisation
        fields = ["name", "sector", "is_vital", "is_government"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "organisation_%s")  # unique ids on the dashboard
        super().__init__(*args, **kwargs)
