from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.tlp import TLP
from incidents.validators import InputLimitsMixin


class SitrepRequestForm(InputLimitsMixin, forms.Form):
    audience_tlp = forms.ChoiceField(
        label=_("Doelgroep (TLP)"),
        choices=TLP.choices,
        help_text=_("Inhoud met een hogere rubricering dan de doelgroep wordt weggelaten."),
        error_messages={"required": _("Kies de TLP van de doelgroep.")},
    )


class SitrepApproveForm(forms.Form):
    """Vaststellen asks nothing: the form carries the service's refusal, as the reject form
    does (sitreps.views._judgement)."""


class SitrepRejectForm(InputLimitsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef aan waarom de sitrep wordt afgewezen.")},
    )
