"""The htmx form flow that every app's incident pages share.

A form posts to a view that either saves through a service or shows the same form again with
the user's input and Dutch messages (HTTP 422; ``static/js/app.js`` lets htmx swap it). After a
save, a plain post redirects (post/redirect/get) and an htmx post gets a fresh form plus the
``incidentChanged`` event, so this browser's tiles refresh at once instead of at the next pulse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import trigger_client_event

# The one client event every live tile listens to (``hx-trigger="incidentChanged from:body"``);
# the dashboard pulse sends it too.
INCIDENT_CHANGED = "incidentChanged"


def incident_changed(response: HttpResponse, incident) -> HttpResponse:
    """Tell this browser's tiles to refresh now rather than at the next pulse."""
    parts = sorted(getattr(incident, "_touched_parts", None) or {"*"})
    return trigger_client_event(
        response, INCIDENT_CHANGED, {"version": incident.version, "parts": parts}
    )


def apply_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names.

    Services validate too (a form cannot see the database state), and they key their errors by
    model field. A key the form does not have becomes a form-wide error, because
    ``form.add_error`` would raise on an unknown field and the message would be lost.
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def surface_hidden_errors(form: Form) -> None:
    """Repeat a hidden field's error as a form-wide error, so the user sees it.

    Templates show hidden fields without their errors (there is no place next to them): a bad
    ``expected_id``, ``revision`` or ``decision`` otherwise gave a 422 without a word. Every
    ``InputLimitsMixin`` form calls this after validating; idempotent.
    """
    for name, field in form.fields.items():
        if not field.widget.is_hidden or name not in form.errors:
            continue
        if name in getattr(form, "_surfaced_hidden", set()):
            continue
        form._surfaced_hidden = getattr(form, "_surfaced_hidden", set()) | {name}
        for error in form.errors[name]:
            form.add_error(
                None,
                _(
                    "Het formulier is verouderd of bevat een ongeldige verwijzing "
                    "(%(error)s). Herlaad de pagina en probeer het opnieuw; uw invoer blijft "
                    "hieronder staan."
                )
                % {"error": str(error).rstrip(".")},
            )
        # add_error(None, ...) keeps the hidden field's own error; the form stays invalid.


def submit_form(
    request: HttpRequest,
    incident,
    form: Form,
    *,
    save: Callable[[dict[str, Any]], object],
    partial: str,
    form_key: str,
    blank: Callable[[], Form],
    redirect_to: str | None = None,
    context: dict[str, Any] | None = None,
    error_context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Validate ``form``, call ``save(cleaned_data)``, and answer the way every tile form does.

    - saved, plain post: redirect to ``redirect_to`` (default: the incident dashboard);
    - saved, htmx: ``partial`` with ``blank()`` as ``form_key`` and the ``incidentChanged``
      event, so the user can enter the next item while the tiles refresh;
    - invalid, or the service refused it: ``partial`` with the bound form (the user's input and
      the messages) as ``form_key``, status 422.

    ``partial`` always gets ``incident`` and ``context``; ``error_context`` is added only to the
    422 answer (e.g. ``{"open": True}`` to keep a folded form unfolded).
    """
    base = {"incident": incident, **(context or {})}
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                return redirect(redirect_to or incident)
            response = render(request, partial, {**base, form_key: blank()})
            return incident_changed(response, incident)
    return render(request, partial, {**base, form_key: form, **(error_context or {})}, status=422)
