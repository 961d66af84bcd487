from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.forms import DateTimeInput
from incidents.models import AffectedOrganisation, Team
from incidents.tlp import TLP
from incidents.validators import InputLimitsMixin

from .models import IncidentKeyDecision, Stakeholder

# Dutch error messages for required fields (the form keeps the user's input on errors).
REQUIRED = {"required": _("Dit veld is verplicht.")}


class ChecklistTickForm(InputLimitsMixin, forms.Form):
    done = forms.BooleanField(label=_("Afgevinkt"), required=False)
    note = forms.CharField(label=_("Notitie"), required=False, max_length=2000)


class KeyDecisionTakeForm(InputLimitsMixin, forms.Form):
    text = forms.CharField(
        label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED
    )
    rationale = forms.CharField(
        label=_("Onderbouwing"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    decided_by = forms.CharField(
        label=_("Besloten door (naam en functie)"), max_length=200, error_messages=REQUIRED
    )
    team = forms.ChoiceField(label=_("Team"), choices=Team.choices, initial=Team.ROT)
    meeting_at = forms.DateTimeField(
        label=_("Vergadering"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Leeg laten voor nu."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Genomen door (getroffen organisatie)"),
        queryset=AffectedOrganisation.objects.none(),
        error_messages={
            "required": _("Kies de getroffen organisatie die dit besluit nam."),
            "invalid_choice": _("Kies een getroffen organisatie van dit incident."),
        },
    )
    tlp = forms.ChoiceField(label=_("TLP"), choices=TLP.choices, initial=TLP.AMBER)

    def __init__(self, *args, row=None, organisations=None, **kwargs):
        """A process key decision is the region's (team, meeting); a content key decision is
        an affected organisation's (which one, and when)."""
        super().__init__(*args, **kwargs)
        if row is not None and row.is_content:
            del self.fields["team"]
            self.fields["decided_by"].label = _(
                "Besloten door (naam en functie bij de organisatie)"
            )
            self.fields["meeting_at"].label = _("Tijdstip besluit")
            queryset = AffectedOrganisation.objects.filter(incident_id=row.incident_id)
            self.fields["organisation"].queryset = queryset
            if organisations is not None:
                # Choices from the rows already fetched: no query per form on the page.
                self.fields["organisation"].choices = [("", "---------")] + [
                    (org.pk, org.name) for org in organisations
                ]
            self.order_fields(["organisation"])
        else:
            del self.fields["organisation"]


class KeyDecisionOutcomeForm(InputLimitsMixin, forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (IncidentKeyDecision.Outcome.OPEN, IncidentKeyDecision.Outcome.OPEN.label),
            (
                IncidentKeyDecision.Outcome.NOT_APPLICABLE,
                IncidentKeyDecision.Outcome.NOT_APPLICABLE.label,
            ),
        ]
    )


class DilemmaPositionForm(InputLimitsMixin, forms.Form):
    position = forms.CharField(
        label=_("Standpunt"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )
    team = forms.ChoiceField(
        label=_("Team"), choices=[(Team.GBT, Team.GBT.label), (Team.RBT, Team.RBT.label)]
    )
    decided_on = forms.DateTimeField(
        label=_("Datum"), widget=DateTimeInput(), required=False, help_text=_("Leeg laten voor nu.")
    )
    tlp = forms.ChoiceField(label=_("TLP"), choices=TLP.choices, initial=TLP.AMBER)


class RosterEntryForm(InputLimitsMixin, forms.Form):
    function = forms.CharField(
        label=_("Functie"),
        max_length=100,
        error_messages=REQUIRED,
        widget=forms.TextInput(attrs={"list": "crisis-functions"}),
    )
    person = forms.CharField(label=_("Naam"), max_length=200, error_messages=REQUIRED)
    starts_at = forms.DateTimeField(label=_("Van"), widget=DateTimeInput(), error_messages=REQUIRED)
    ends_at = forms.DateTimeField(label=_("Tot"), widget=DateTimeInput(), error_messages=REQUIRED)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Het einde van de dienst ligt na het begin."))
        return data


class NextMeetingForm(InputLimitsMixin, forms.Form):
    at = forms.DateTimeField(
        label=_("Volgend overleg"), widget=DateTimeInput(), error_messages=REQUIRED
    )
    team = forms.ChoiceField(label=_("Team"), choices=Team.choices, initial=Team.ROT)
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)


class StakeholderInvolvementForm(InputLimitsMixin, forms.Form):
    stakeholder = forms.ModelChoiceField(
        label=_("Instantie"),
        queryset=Stakeholder.objects.all(),
        error_messages={"required": _("Kies een instantie."), **REQUIRED},
    )
    needs_to_know = forms.CharField(
        label=_("Wat moet deze instantie weten?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    contact_person = forms.CharField(label=_("Contactpersoon"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("E-mailadres contactpersoon"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in.")},
    )
    max_tlp = forms.ChoiceField(
        label=_("Mag ontvangen tot en met"), choices=TLP.choices, initial=TLP.GREEN
    )
