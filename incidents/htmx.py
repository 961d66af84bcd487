"""The htmx form flow that every app's incident pages share.

A form posts to a view that either saves through a service or shows the same form again with
the user's input and Dutch messages (HTTP 422; ``static/js/app.js`` lets htmx swap it). After a
save, a plain post redirects (post/redirect/get) and an htmx post gets a fresh form plus the
``incidentChanged`` event, so this browser's tiles refresh at once instead of at the next pulse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import trigger_client_event

from .validators import StaleEdit

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


@dataclass
class FormResult:
    """How a submitted form went: saved (200), refused by a stale-edit check (409), or refused
    by the form or the service (422). A refused form carries the user's input and messages."""

    form: Form
    status: int = 422
    value: Any = None  # what the service returned
    stale_changes: list[str] | None = None  # what others changed meanwhile (409 only)

    @property
    def saved(self) -> bool:
        return self.status == 200


def save_form(
    form: Form,
    save: Callable[[dict[str, Any]], object],
    *,
    refresh: Callable[[], dict[str, Any]] | None = None,
) -> FormResult:
    """Validate ``form`` and call ``save(cleaned_data)``; the one flow every form view shares.

    A service's ``ValidationError`` lands on the form next to its field. A ``StaleEdit`` (the
    object changed since the form was rendered) adds its message and gives 409: ``refresh()``
    returns the hidden fields to bring up to date (``{"expected_id": current.pk}``), so that the
    user, having seen what changed, applies their version with a second submit.
    """
    if not form.is_valid():
        return FormResult(form)
    try:
        value = save(form.cleaned_data)
    except StaleEdit as exc:
        form.add_error(None, exc.messages[0])
        if refresh is not None:
            form.data = form.data.copy()
            form.data.update(refresh())
        return FormResult(form, 409, stale_changes=exc.changes)
    except ValidationError as exc:
        apply_errors(form, exc)
        return FormResult(form)
    return FormResult(form, 200, value)


def saved_answer(
    request: HttpRequest,
    incident,
    fragment: Callable[[], HttpResponse],
    *,
    redirect_to: str | None = None,
    message: str | None = None,
) -> HttpResponse:
    """The answer to a saved form: a plain post redirects (post/redirect/get, with ``message``
    as a flash), an htmx post gets ``fragment()`` and the ``incidentChanged`` event."""
    if not request.htmx:
        if message:
            messages.success(request, message)
        return redirect(redirect_to or incident)
    return incident_changed(fragment(), incident)


def button_answer(
    request: HttpRequest,
    incident,
    change: Callable[[], Any],
    *,
    redirect_to: str,
    fragment: Callable[..., HttpResponse] | None = None,
    done: str | Callable[[Any], str] = "",
    refused_status: int = 422,
) -> HttpResponse:
    """The answer to a post without a form (a button: tick, retry, open a meeting, revoke).

    ``change()`` calls the service. An htmx post gets ``fragment(status=...)``, the row or tile
    as it now is (with ``refused_status`` when the service refused, else with the
    ``incidentChanged`` event). A plain post, or any post without a ``fragment``, gets a flash
    (the refusal, or ``done``, or ``done(what the service returned)``) and a redirect to
    ``redirect_to``.
    """
    try:
        value = change()
    except ValidationError as exc:
        if request.htmx and fragment is not None:
            return fragment(status=refused_status)
        messages.error(request, " ".join(exc.messages))
        return redirect(redirect_to)
    if request.htmx and fragment is not None:
        return incident_changed(fragment(status=200), incident)
    message = done(value) if callable(done) else done
    if message:
        messages.success(request, message)
    return redirect(redirect_to)


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
    message: str | None = None,
    context: dict[str, Any] | None = None,
    error_context: dict[str, Any] | None = None,
    refresh: Callable[[], dict[str, Any]] | None = None,
) -> HttpResponse:
    """``save_form`` answered the way every tile form answers.

    - saved, plain post: redirect to ``redirect_to`` (default: the incident dashboard);
    - saved, htmx: ``partial`` with ``blank()`` as ``form_key`` and the ``incidentChanged``
      event, so the user can enter the next item while the tiles refresh;
    - refused: ``partial`` with the bound form (the user's input and the messages) as
      ``form_key``, status 422 (or 409 for a stale edit, with ``stale_changes``).

    ``partial`` always gets ``incident`` and ``context``; ``error_context`` is added only to a
    refusal (e.g. ``{"open": True}`` to keep a folded form unfolded).
    """
    base = {"incident": incident, **(context or {})}
    result = save_form(form, save, refresh=refresh)
    if result.saved:
        return saved_answer(
            request,
            incident,
            lambda: render(request, partial, {**base, form_key: blank()}),
            redirect_to=redirect_to,
            message=message,
        )
    refused = {**base, form_key: form, "stale_changes": result.stale_changes}
    return render(request, partial, {**refused, **(error_context or {})}, status=result.status)


@dataclass(frozen=True)
class TileForm:
    """A form that lives in a tile or a page section, declared once: its class, the partial it
    renders in, its name in the context, and what a refusal adds (``{"open": True}`` keeps a
    folded form unfolded). ``submit`` is ``submit_form`` for it, with the blank form built
    from the same arguments as the bound one."""

    form_class: type[Form]
    partial: str
    key: str
    on_error: dict[str, Any] = dataclasses.field(default_factory=dict)

    def submit(
        self,
        request: HttpRequest,
        incident,
        *,
        service: Callable[..., object] | None = None,
        save: Callable[[dict[str, Any]], object] | None = None,
        form_kwargs: dict[str, Any] | None = None,
        **options: Any,
    ) -> HttpResponse:
        """Save with ``service(incident=, actor=, **cleaned_data)`` or with ``save(cleaned_data)``;
        ``options`` are ``submit_form``'s (``redirect_to``, ``message``, ``context``, ...)."""
        kwargs = form_kwargs or {}
        if save is None:

            def save(data):
                return service(incident=incident, actor=request.user, **data)

        return submit_form(
            request,
            incident,
            self.form_class(request.POST, **kwargs),
            save=save,
            partial=self.partial,
            form_key=self.key,
            blank=lambda: self.form_class(**kwargs),
            error_context=self.on_error,
            **options,
        )
