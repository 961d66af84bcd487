"""The input limits every app shares: plausible dates and sensible text lengths.

One place so that a form and the service behind it refuse the same values with the same Dutch
message: forms get them through ``InputLimitsMixin``, services call ``validate_datetimes`` and
``validate_lengths`` (or the single-value validators) before they save. A date outside the
window once made every page listing it fail (issue 19.1); see also ``incidents.dbsafety``, which
keeps such a value, once stored, from breaking reads.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR = 1990
YEARS_AHEAD = 10
# A log line may be stamped a little ahead of the server clock (a wrist watch that runs fast),
# not more.
FUTURE_TOLERANCE = timedelta(minutes=5)

# Longest accepted texts, by kind. The body of a post is capped separately
# (DATA_UPLOAD_MAX_MEMORY_SIZE); these are what a person can sensibly type in one field.
TEXT_MAX_LENGTH = 10_000
LINE_MAX_LENGTH = 200


class StaleEdit(ValidationError):
    """The object changed since the form was rendered; carries what changed for the user.

    Services raise it; ``incidents.htmx.save_form`` answers it with 409 and the changes.
    """

    def __init__(self, message: str, *, changes: list[str]):
        super().__init__(message)
        self.changes = changes


def plausible_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    earliest = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
    latest = now.replace(year=now.year + YEARS_AHEAD, month=12, day=31, hour=23, minute=59)
    return earliest, latest


def validate_plausible_datetime(value) -> None:
    """Refuse a date before 1990 or more than ten years ahead (a typo such as year 1 or 20266)."""
    if value is None:
        return
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    elif timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    earliest, latest = plausible_window()
    try:
        plausible = earliest <= value <= latest
    except OverflowError:  # the offset of a year-1 or year-9999 value overflows
        plausible = False
    if not plausible:
        raise ValidationError(
            _("Vul een datum in tussen %(earliest)s en %(latest)s; controleer het jaartal."),
            code="implausible_date",
            params={"earliest": EARLIEST_YEAR, "latest": latest.year},
        )


def validate_not_in_future(value, *, tolerance: timedelta = FUTURE_TOLERANCE) -> None:
    """An event time cannot lie ahead: refuse more than a few minutes in the future."""
    if value is not None and value > timezone.now() + tolerance:
        raise ValidationError(
            _(
                "Dit tijdstip ligt in de toekomst. Vul het tijdstip van de gebeurtenis in, "
                "of laat het veld leeg voor nu."
            ),
            code="future",
        )


def validate_datetimes(**values) -> None:
    """Service-side check of several dates at once; errors are keyed by field name."""
    errors = {}
    for name, value in values.items():
        try:
            validate_plausible_datetime(value)
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)


def length_message(limit: int):
    return _("Deze tekst is te lang: hoogstens %(limit)s tekens (nu %(show_value)s).")


def validate_lengths(*, limit: int = TEXT_MAX_LENGTH, **values) -> None:
    """Service-side length check; errors are keyed by field name and name the limit."""
    errors = {}
    for name, value in values.items():
        if value is not None and len(value) > limit:
            errors[name] = ValidationError(
                length_message(limit),
                code="max_length",
                params={"limit": limit, "show_value": len(value)},
            )
    if errors:
        raise ValidationError(errors)


class InputLimitsMixin:
    """For every form that takes user input: dates within the plausible window, and a length
    limit on every text field (``TEXT_MAX_LENGTH`` when the field sets none) with a Dutch
    message that names the limit. The typed text stays in the form, as with any form error.
    Put it first among the bases: ``class LogEntryForm(InputLimitsMixin, forms.ModelForm)``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField | forms.DateField):
                field.validators.append(validate_plausible_datetime)
                field.error_messages["invalid"] = _(
                    "Vul een geldige datum en tijd in, bijvoorbeeld 14-03-2026 09:30."
                )
            elif type(field) in (forms.CharField, forms.SlugField, forms.EmailField):
                limit = field.max_length or TEXT_MAX_LENGTH
                field.max_length = limit
                field.validators = [
                    v for v in field.validators if not isinstance(v, MaxLengthValidator)
                ] + [_MaxLength(limit)]
                # No maxlength attribute: a browser cuts pasted text off at it without a word;
                # the server's message says what is too long and keeps the text.
                field.widget.attrs.pop("maxlength", None)

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and self._errors:
            from .htmx import surface_hidden_errors

            surface_hidden_errors(self)


class _MaxLength:
    """MaxLengthValidator with our message; a class so Django can compare and deepcopy it."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value) -> None:
        if value is not None and len(value) > self.limit:
            raise ValidationError(
                length_message(self.limit),
                code="max_length",
                params={"limit": self.limit, "show_value": len(value)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, _MaxLength) and other.limit == self.limit
