from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.forms import DateTimeInput
from incidents.models import LogEntry
from incidents.tlp import TLP
from incidents.validators import LINE_MAX_LENGTH, InputLimitsMixin

from .search import KINDS
from .services import MAX_MESSAGE_BYTES


class SearchForm(InputLimitsMixin, forms.Form):
    q = forms.CharField(label=_("Zoekwoorden"), max_length=LINE_MAX_LENGTH, required=False)
    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alles"))] + [(key, kind.label) for key, kind in KINDS.items()],
    )
    categorie = forms.ChoiceField(
        label=_("Categorie (logboek)"),
        required=False,
        choices=[("", _("Alle categorieën"))] + LogEntry.Category.choices,
    )
    auteur = forms.CharField(
        label=_("Auteur"),
        max_length=LINE_MAX_LENGTH,
        required=False,
        help_text=_("Naam of gebruikersnaam, of een deel daarvan."),
    )
    van = forms.DateTimeField(label=_("Van"), required=False, widget=DateTimeInput())
    tot = forms.DateTimeField(label=_("Tot en met"), required=False, widget=DateTimeInput())

    def clean(self):
        data = super().clean()
        since, until = data.get("van"), data.get("tot")
        if since and until and since > until:
            self.add_error("tot", _("Het einde ligt vóór het begin van de periode."))
        return data


class ImportForm(InputLimitsMixin, forms.Form):
    tekst = forms.CharField(
        label=_("Bericht plakken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Een e-mail met zijn kopregels (From, Date, Subject) of gewone tekst. Zonder "
            "kopregels wordt het één logboekregel met de bron hieronder en de tijd van nu."
        ),
    )
    bestand = forms.FileField(
        label=_("Of een .eml-bestand"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".eml,message/rfc822"}),
    )
    bron = forms.CharField(
        label=_("Bron (alleen voor gewone tekst)"), max_length=LINE_MAX_LENGTH, required=False
    )
    categorie = forms.ChoiceField(
        label=_("Categorie"), choices=LogEntry.Category.choices, initial=LogEntry.Category.REPORT
    )
    tlp = forms.ChoiceField(label=_("TLP"), choices=TLP.choices)

    def clean(self):
        data = super().clean()
        upload = data.get("bestand")
        if upload and data.get("tekst", "").strip():
            raise forms.ValidationError(_("Plak een bericht óf kies een bestand, niet allebei."))
        if upload is not None and upload.size > MAX_MESSAGE_BYTES:
            self.add_error("bestand", _("Het bestand is groter dan 1 MB."))
        if not upload and not data.get("tekst", "").strip() and not self.errors:
            raise forms.ValidationError(_("Plak een bericht of kies een .eml-bestand."))
        return data
