from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.forms import DateTimeInput
from incidents.tlp import TLP
from incidents.validators import InputLimitsMixin

from .models import EvaluationTheme, Finding, Improvement, Participant


class ParticipantForm(InputLimitsMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    organisation = forms.CharField(label=_("Organisatie"), max_length=200)
    side = forms.ChoiceField(label=_("Soort partner"), choices=Participant.Side.choices)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "deelnemer_%s")
        super().__init__(*args, **kwargs)


class FindingForm(InputLimitsMixin, forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=EvaluationTheme.objects.filter(is_active=True), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=Finding.Kind.choices)
    text = forms.CharField(label=_("Bevinding"), widget=forms.Textarea(attrs={"rows": 2}))
    tlp = forms.ChoiceField(label=_("TLP"), choices=TLP.choices)

    def __init__(self, *args, themes=None, incident=None, **kwargs):
        kwargs.setdefault("auto_id", "bevinding_%s")
        super().__init__(*args, **kwargs)
        if themes is not None:
            self.fields["theme"].choices = [(t.pk, t.title) for t in themes]
        if incident is not None and not self.is_bound:
            self.initial["tlp"] = incident.tlp


class ImprovementForm(InputLimitsMixin, forms.Form):
    description = forms.CharField(
        label=_("Verbeteractie (voor de voorbereiding)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.CharField(label=_("Eigenaar"), max_length=200)
    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=EvaluationTheme.objects.filter(is_active=True), required=False
    )
    due_at = forms.DateField(
        label=_("Gereed voor"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tlp = forms.ChoiceField(label=_("TLP"), choices=TLP.choices)

    def __init__(self, *args, themes=None, incident=None, **kwargs):
        kwargs.setdefault("auto_id", "verbetering_%s")
        super().__init__(*args, **kwargs)
        if themes is not None:
            self.fields["theme"].choices = [("", "—"), *((t.pk, t.title) for t in themes)]
        if incident is not None and not self.is_bound:
            self.initial["tlp"] = incident.tlp


class ImprovementStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Improvement.Status.choices)


class RecordForm(InputLimitsMixin, forms.Form):
    held_at = forms.DateTimeField(
        label=_("Gehouden op"), widget=DateTimeInput(), required=False, help_text=_("Leeg: nu.")
    )
    summary = forms.CharField(
        label=_("Samenvatting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "vaststellen_%s")
        super().__init__(*args, **kwargs)


class WaiveForm(InputLimitsMixin, forms.Form):
    waiver_reason = forms.CharField(
        label=_("Reden om van evaluatie af te zien"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "afzien_%s")
        super().__init__(*args, **kwargs)
