from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Incident
from .tlp import TLP


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class IncidentForm(forms.ModelForm):
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


class IncidentFilterForm(forms.Form):
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


TLP_CHOICES = TLP.choices
