from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.access import incident_writers
from incidents.forms import DateTimeInput
from incidents.models import Team
from incidents.tlp import TLP
from incidents.validators import InputLimitsMixin
from playbook.models import Dilemma

from .models import Assessment, MeetingRecord

TEAMS = [(team.value, team.label) for team in (Team.ROT, Team.GBT, Team.RBT, Team.COPI)]
REQUIRED = {"required": _("Dit veld is verplicht.")}


class MeetingPlanForm(InputLimitsMixin, forms.Form):
    team = forms.ChoiceField(label=_("Team"), choices=TEAMS, initial=Team.ROT)
    starts_at = forms.DateTimeField(
        label=_("Aanvang"),
        widget=DateTimeInput(),
        error_messages=REQUIRED,
    )
    place = forms.CharField(label=_("Plaats of vergaderlink"), max_length=300, required=False)
    chair = forms.CharField(label=_("Voorzitter"), max_length=200, required=False)
    minute_taker = forms.ModelChoiceField(
        label=_("Notulist"), queryset=None, required=False, empty_label=_("(nog niet bekend)")
    )
    attendees = forms.CharField(
        label=_("Deelnemers"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Namen en functies, gescheiden door komma's."),
    )

    def __init__(self, *args, incident, **kwargs):
        kwargs.setdefault("auto_id", "meeting_%s")
        super().__init__(*args, **kwargs)
        self.fields["minute_taker"].queryset = incident_writers(incident).order_by(
            "first_name", "username"
        )
        self.fields["minute_taker"].label_from_instance = lambda u: u.get_full_name() or u.username


class MeetingRecordForm(InputLimitsMixin, forms.Form):
    """What the notulist records under one agenda item (ids unique per item on the page)."""

    kind = forms.ChoiceField(label=_("Soort"), choices=MeetingRecord.Kind.choices)
    assessment_kind = forms.ChoiceField(
        label=_("Soort oordeel"), choices=Assessment.Kind.choices, required=False
    )
    text = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED
    )
    tlp = forms.ChoiceField(label=_("TLP"), choices=TLP.choices)
    owner = forms.CharField(label=_("Actiehouder"), max_length=200, required=False)
    due_at = forms.DateTimeField(
        label=_("Gereed om"),
        widget=DateTimeInput(),
        required=False,
    )
    reevaluate_at = forms.DateTimeField(
        label=_("Herijken om"),
        widget=DateTimeInput(),
        required=False,
    )
    dilemma = forms.ModelChoiceField(
        label=_("Dilemma"), queryset=Dilemma.objects.all(), required=False
    )

    def __init__(self, *args, item: str, **kwargs):
        kwargs.setdefault("auto_id", f"rec-{item}-%s")
        super().__init__(*args, **kwargs)
