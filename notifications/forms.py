from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.tlp import TLP
from incidents.validators import InputLimitsMixin
from playbook.selectors import stakeholder_involvements

from .models import MessageTemplate, Trigger


class ManualNotificationForm(InputLimitsMixin, forms.Form):
    """ "Informeer stakeholders": pick stakeholders, then write a message or pick a template."""

    involvements = forms.ModelMultipleChoiceField(
        label=_("Instanties"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één instantie.")},
    )
    template = forms.ModelChoiceField(
        label=_("Sjabloon"),
        queryset=MessageTemplate.objects.filter(trigger=Trigger.MANUAL, is_active=True),
        required=False,
        empty_label=_("(zelf schrijven)"),
        help_text=_("Laat onderwerp en tekst leeg om de tekst van het sjabloon te gebruiken."),
    )
    subject = forms.CharField(label=_("Onderwerp"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Bericht"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "U kunt {kenmerk}, {titel}, {grip}, {regio} en {duiding} gebruiken; de duiding "
            "wordt weggelaten voor wie het TLP-niveau van het incident niet mag ontvangen."
        ),
    )
    tlp = forms.ChoiceField(
        label=_("TLP van dit bericht"),
        choices=TLP.choices,
        initial=TLP.GREEN,
        help_text=_("Instanties die dit niveau niet mogen ontvangen, krijgen het bericht niet."),
    )

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated once: the template lists the rows with their channel and TLP level.
        self.involvement_rows = list(stakeholder_involvements(incident))
        self.fields["involvements"].queryset = stakeholder_involvements(incident)
        self.template_rows = list(self.fields["template"].queryset)

    def selected_ids(self) -> set[str]:
        if self.is_bound:
            return set(self.data.getlist("involvements"))
        return set()

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("template"):
            self.add_error("body", _("Schrijf een bericht of kies een sjabloon."))
        return data
