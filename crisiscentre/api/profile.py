"""The profile page (/profiel/): the user's personal API tokens. Dutch UI, like every page."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from incidents.htmx import save_form
from incidents.validators import InputLimitsMixin

from . import tokens

DAY_CHOICES = [
    (7, _lazy("7 dagen")),
    (30, _lazy("30 dagen")),
    (90, _lazy("90 dagen")),
    (365, _lazy("een jaar")),
]


class ApiTokenForm(InputLimitsMixin, forms.Form):
    name = forms.CharField(
        label=_lazy("Naam"),
        max_length=100,
        help_text=_lazy("Waarvoor u het token gebruikt, bijvoorbeeld ‘Koppeling LCMS’."),
    )
    days = forms.TypedChoiceField(
        label=_lazy("Geldig"), choices=DAY_CHOICES, coerce=int, initial=90
    )


def _page(request, form, *, new_token: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "api/profile.html",
        {
            "form": form,
            "tokens": tokens.tokens_of(request.user)[:50],
            "new_token": new_token,
        },
        status=status,
    )


@never_cache
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return _page(request, ApiTokenForm())


@never_cache
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Answers with the page itself (no redirect): the token is in this one response only."""
    form = ApiTokenForm(request.POST)
    result = save_form(form, lambda data: tokens.api_token_create(user=request.user, **data))
    if not result.saved:
        return _page(request, form, status=result.status)
    _row, token = result.value
    return _page(request, ApiTokenForm(), new_token=token)


@require_POST
def token_revoke(request: HttpRequest, token_pk: int) -> HttpResponse:
    token = get_object_or_404(tokens.tokens_of(request.user), pk=token_pk)
    tokens.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Het token ‘%(name)s’ is ingetrokken.") % {"name": token.name})
    return redirect("profile")
