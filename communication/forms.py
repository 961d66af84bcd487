from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.tlp import TLP
from incidents.validators import InputLimitsMixin

from .models import AlignmentParty, Audience, Channel


class CoreMessageForm(InputLimitsMixin, forms.Form):
    text = forms.CharField(
        label=_("Kernboodschap"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat is er aan de hand, wat doen we eraan en wat kan men zelf doen?"),
    )
    tlp = forms.ChoiceField(label=_("TLP"), choices=TLP.choices, initial=TLP.CLEAR)


class MessageForm(InputLimitsMixin, forms.Form):
    title = forms.CharField(label=_("Onderwerp"), max_length=200)
    audience = forms.ChoiceField(label=_("Doelgroep"), choices=Audience.choices)
    channel = forms.ChoiceField(label=_("Kanaal"), choices=Channel.choices)
    text = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 7}))
    action_perspective = forms.CharField(
        label=_("Handelingsperspectief"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat kan de lezer zelf doen? Bijvoorbeeld: bel bij spoed 112."),
    )
    tlp = forms.ChoiceField(label=_("TLP"), choices=TLP.choices, initial=TLP.CLEAR)
    aligned_with = forms.MultipleChoiceField(
        label=_("Afgestemd met"),
        choices=AlignmentParty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Draag zorg voor afstemming en eenduidigheid."),
    )
    aligned_other = forms.CharField(
        label=_("Afgestemd met (overig)"), max_length=200, required=False
    )

    def __init__(self, *args, check_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The plain-language check runs while the user types (debounced) and swaps only the
        # findings list, never the form itself, so nothing typed is lost.
        live = {
            "hx-post": check_url,
            "hx-trigger": "input changed delay:500ms",
            "hx-target": "#check-findings",
            "hx-swap": "outerHTML",
            "hx-sync": "closest form:abort",
            "aria-describedby": "check-findings",
        }
        for name in ("title", "text", "action_perspective"):
            self.fields[name].widget.attrs.update(live)


class RevisionForm(InputLimitsMixin, forms.Form):
    """The revision the message was read at: a service refuses a stale one (StaleEdit)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MessageEditForm(MessageForm, RevisionForm):
    """A message's change: its fields and the revision they were read at."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The approve form on the same page has a revision too (and the id ``id_revision``).
        self.fields["revision"].widget.attrs["id"] = "message-revision"


class ApproveForm(RevisionForm):
    acknowledge_findings = forms.BooleanField(
        label=_("Ik heb de opmerkingen van de taalcheck gezien en stel het bericht toch vast."),
        required=False,
    )
