from django import forms
from django.core.exceptions import ValidationError

from incidents.htmx import apply_errors


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_service_error_on_a_form_field_is_shown_at_that_field():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    apply_errors(form, ValidationError({"name": "Deze naam bestaat al."}))
    assert form.errors["name"] == ["Deze naam bestaat al."]


def test_a_service_error_on_a_field_the_form_lacks_is_shown_for_the_whole_form():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    apply_errors(form, ValidationError({"incident": "Hoort bij een ander incident."}))
    assert form.non_field_errors() == ["Hoort bij een ander incident."]


def test_a_plain_service_error_is_shown_for_the_whole_form():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    apply_errors(form, ValidationError("Er is niets gewijzigd."))
    assert form.non_field_errors() == ["Er is niets gewijzigd."]


def test_every_htmx_post_button_sits_in_a_form_so_it_works_without_javascript():
    """A button with hx-post of its own does nothing without JavaScript (issue 13)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    loose = [
        f"{path.relative_to(root)}: {match.group(0)[:80]}"
        for path in root.glob("*/templates/**/*.html")
        if ".venv" not in path.parts
        for match in re.finditer(r"<button[^>]*hx-post[^>]*>", path.read_text(encoding="utf-8"))
    ]
    assert loose == []
