from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from incidents.access import incident_writers
from incidents.forms import DateTimeInput
from incidents.models import Team
from incidents.validators import InputLimitsMixin

from .models import GripLevel, IncidentVitalProcess, RecoveryStatus, VitalProcess

User = get_user_model()


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


class ScaleDownForm(GripChangeForm):
    """Afschalen: a GRIP change downward, with who takes over and what is still there."""

    coordination_by = forms.CharField(
        label=_("Coördinatie gaat over naar"),
        max_length=200,
        help_text=_("Bijvoorbeeld: de gemeente Utrecht (team OOV) of de getroffen organisatie."),
        error_messages={"required": _("Vermeld wie de coördinatie overneemt.")},
    )
    remaining_effects = forms.CharField(
        label=_("Effecten die er nog zijn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, levels=None, current=None, **kwargs):
        kwargs.setdefault("auto_id", "afschalen_%s")
        super().__init__(*args, levels=levels, current=current, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Geef de reden om af te schalen.")
        if levels is not None and current is not None:
            lower = [level for level in levels if level.rank < current.rank]
            self.fields["to_level"].choices = [(level.pk, level.name) for level in lower]
            if not self.is_bound and lower:
                self.initial["to_level"] = lower[-1].pk


class MeasureForm(InputLimitsMixin, forms.Form):
    title = forms.CharField(
        label=_("Maatregel"),
        max_length=200,
        help_text=_("Bijvoorbeeld: systemen ontkoppeld, noodprocedure op papier."),
        error_messages={"required": _("Omschrijf de maatregel.")},
    )
    owner = forms.CharField(
        label=_("Eigenaar"),
        max_length=200,
        error_messages={"required": _("Vermeld wie eigenaar is van de maatregel.")},
    )
    since = forms.DateTimeField(
        label=_("Sinds"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Leeg laten voor nu."),
    )
    end_criterion = forms.CharField(
        label=_("Criterium voor beperken of beëindigen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Geef het criterium waarop de maatregel weer wordt beperkt of beëindigd.")
        },
    )

    def __init__(self, *args, prefix_id: str = "maatregel", **kwargs):
        kwargs.setdefault("auto_id", f"{prefix_id}_%s")
        super().__init__(*args, **kwargs)


class MeasureEndForm(InputLimitsMixin, forms.Form):
    end_reason = forms.CharField(
        label=_("Reden van beëindigen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef de reden waarom de maatregel eindigt.")},
    )
    ended_at = forms.DateTimeField(
        label=_("Beëindigd op"), widget=DateTimeInput(), required=False, help_text=_("Leeg: nu.")
    )

    def __init__(self, *args, prefix_id: str = "einde", **kwargs):
        kwargs.setdefault("auto_id", f"{prefix_id}_%s")
        super().__init__(*args, **kwargs)


class RecoveryItemForm(InputLimitsMixin, forms.Form):
    subject = forms.ChoiceField(
        label=_("Getroffen organisatie of vitaal proces"),
        error_messages={"required": _("Kies wat u wilt volgen.")},
    )
    status = forms.ChoiceField(
        label=_("Herstelstatus"), choices=RecoveryStatus.choices, initial=RecoveryStatus.DISRUPTED
    )
    status_at = forms.DateTimeField(
        label=_("Datum"), widget=DateTimeInput(), required=False, help_text=_("Leeg: nu.")
    )
    source = forms.CharField(label=_("Bron"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_recovery = forms.CharField(
        label=_("Verwacht herstel"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: eind volgende week, of onbekend."),
    )
    owner_user = forms.ModelChoiceField(
        label=_("Eigenaar (lid van het incident)"),
        queryset=None,
        required=False,
        help_text=_("Krijgt een wekelijkse herinnering als het herstel niet is bijgewerkt."),
    )
    owner_organisation = forms.CharField(
        label=_("Eigenaar (organisatie)"), max_length=200, required=False
    )

    def __init__(self, *args, incident=None, organisations=(), processes=(), **kwargs):
        kwargs.setdefault("auto_id", "herstel_%s")
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [
            (_("Getroffen organisaties"), [(f"org-{o.pk}", o.name) for o in organisations]),
            (_("Vitale processen"), [(f"proc-{p.pk}", p.process.name) for p in processes]),
        ]
        self.fields["owner_user"].queryset = (
            incident_writers(incident) if incident is not None else User.objects.none()
        )
        self.fields["owner_user"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class RecoveryUpdateForm(InputLimitsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Herstelstatus"), choices=RecoveryStatus.choices)
    status_at = forms.DateTimeField(
        label=_("Datum"), widget=DateTimeInput(), required=False, help_text=_("Leeg: nu.")
    )
    source = forms.CharField(
        label=_("Bron"),
        max_length=200,
        required=False,
        help_text=_("Wie meldt dit? Verplicht bij betrouwbaar bevestigd."),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    technically_resolved = forms.BooleanField(
        label=_("Technisch opgelost (de digitale verstoring is verholpen)"), required=False
    )
    societal_effects_over = forms.BooleanField(
        label=_("Maatschappelijke effecten voorbij (ook voor de getroffenen)"), required=False
    )
    expected_recovery = forms.CharField(label=_("Verwacht herstel"), max_length=200, required=False)

    def __init__(self, *args, item=None, **kwargs):
        kwargs.setdefault("auto_id", f"herstel_{item.pk if item else 'x'}_%s")
        super().__init__(*args, **kwargs)
        if item is not None and not self.is_bound:
            self.initial.update(
                status=item.status,
                technically_resolved=item.technically_resolved_at is not None,
                societal_effects_over=item.societal_effects_ended_at is not None,
                expected_recovery=item.expected_recovery,
            )
