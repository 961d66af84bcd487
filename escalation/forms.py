from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.forms import DateTimeInput
from incidents.models import Team
from incidents.validators import InputLimitsMixin

from .models import GripLevel, IncidentVitalProcess, VitalProcess


class GripChangeForm(InputLimitsMixin, forms.Form):
    to_level = forms.ModelChoiceField(
        label=_("Nieuw GRIP-niveau"),
        queryset=GripLevel.objects.filter(is_active=True).order_by("rank"),
        empty_label=None,
        error_messages={"required": _("Kies een GRIP-niveau.")},
    )
    decided_by = forms.CharField(
        label=_("Besloten door (naam)"),
        max_length=200,
        error_messages={"required": _("Vermeld wie het besluit nam.")},
    )
    decided_by_function = forms.CharField(
        label=_("Functie"),
        max_length=200,
        error_messages={"required": _("Vermeld de functie van wie besloot.")},
    )
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef de reden voor de wijziging van het GRIP-niveau.")},
    )
    team = forms.ChoiceField(
        label=_("Besloten in"), choices=Team.choices, initial=Team.ROT, required=False
    )
    decided_at = forms.DateTimeField(
        label=_("Tijdstip besluit"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Leeg laten voor nu; vul in als het besluit eerder viel."),
        error_messages={"invalid": _("Vul een geldige datum en tijd in.")},
    )
    expected_level = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, levels=None, current=None, **kwargs):
        # Unique ids: several tiles' forms share one dashboard page.
        kwargs.setdefault("auto_id", "grip_%s")
        super().__init__(*args, **kwargs)
        if levels is not None:
            self.fields["to_level"].queryset = GripLevel.objects.filter(
                pk__in=[level.pk for level in levels]
            ).order_by("rank")
            # Precompute the choices from the levels already fetched: no extra query.
            self.fields["to_level"].choices = [(level.pk, level.name) for level in levels]
            if not self.is_bound:
                higher = [level for level in levels if current is None or level.rank > current.rank]
                if higher:
                    self.initial.setdefault("to_level", higher[0].pk)
        if not self.is_bound:
            self.initial.setdefault("expected_level", current.pk if current else 0)


class VitalProcessForm(InputLimitsMixin, forms.Form):
    process = forms.ModelChoiceField(
        label=_("Vitaal proces of voorziening"),
        queryset=VitalProcess.objects.filter(process_list__is_current=True),
        error_messages={"required": _("Kies een vitaal proces of voorziening.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=IncidentVitalProcess.Status.choices,
        initial=IncidentVitalProcess.Status.AFFECTED,
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.TextInput())

    def __init__(self, *args, processes=None, **kwargs):
        kwargs.setdefault("auto_id", "vital_%s")
        super().__init__(*args, **kwargs)
        if processes is not None:
            groups: dict[str, list] = {}
            for process in processes:
                groups.setdefault(process.get_category_display(), []).append(
                    (process.pk, process.name)
                )
            self.fields["process"].choices = [("", "---------"), *groups.items()]


class ReportingItemForm(InputLimitsMixin, forms.Form):
    reported_to = forms.CharField(
        label=_("Gemeld aan (naam of functie)"), max_length=200, required=False
    )
