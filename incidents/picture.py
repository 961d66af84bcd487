"""The picture per discipline (*beeldvorming*, issue 14): deelbeelden and the totaalbeeld.

Each discipline (incidents.models.Discipline, editable data) keeps its own *deelbeeld*; the
information manager writes the *totaalbeeld* resting on some of them. Both are append-only:
setting one adds a row, the newest (by *stand van*, then id) is the current one, the rest is
history. A deelbeeld is *verouderd* when its *stand van* lies before the last meeting
(``registry.last_meeting_at``, filled in by a meetings app) or, inside a totaalbeeld, when a
newer deelbeeld of the same discipline exists. Every read takes ``visible`` (the reader's or
audience's labels, incidents.tlp.tlps_visible_at): nothing above it is shown or counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from . import registry
from .access import partner_organisation, reader_clearance
from .models import Discipline, Incident, OverallPicture, PartialPicture
from .services import audit_record, incident_touch
from .services.recording import _snapshot
from .tlp import TLP, tlps_visible_at, visible_at
from .validators import validate_datetimes, validate_lengths, validate_not_in_future

# Seeded by migration 0019 (the region edits them in the admin; the loader adds missing slugs).
DISCIPLINES = [
    ("brandweer", "Brandweer", Discipline.Kind.DISCIPLINE),
    ("politie", "Politie", Discipline.Kind.DISCIPLINE),
    ("ghor", "GHOR", Discipline.Kind.DISCIPLINE),
    ("bevolkingszorg", "Bevolkingszorg", Discipline.Kind.DISCIPLINE),
    ("communicatie", "Communicatie", Discipline.Kind.DISCIPLINE),
    ("informatiemanagement", "Informatiemanagement", Discipline.Kind.DISCIPLINE),
    ("getroffen-organisaties", "Getroffen organisatie(s)", Discipline.Kind.AFFECTED),
    ("ncsc-cert", "NCSC/CERT", Discipline.Kind.TECHNICAL),
    ("ciso", "CISO", Discipline.Kind.TECHNICAL),
]


def load_disciplines(model) -> int:
    existing = set(model.objects.values_list("slug", flat=True))
    rows = [
        model(slug=slug, name=name, kind=kind.value, order=(index + 1) * 10)
        for index, (slug, name, kind) in enumerate(DISCIPLINES)
        if slug not in existing
    ]
    model.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- Services ---------------------------------------------------------------------------------


def _validate(*, incident: Incident, actor, text: str, tlp: str, occurred_at) -> str:
    errors: dict[str, str] = {}
    if not text or not text.strip():
        errors["text"] = _("Vul het beeld in; een leeg beeld kan niet worden vastgelegd.")
    if tlp not in TLP.values:
        errors["tlp"] = _("Kies een TLP-niveau.")
    elif not visible_at(tlp, reader_clearance(actor, incident)):
        # Nobody records what they could not read back themselves.
        errors["tlp"] = _("Kies een TLP-niveau tot en met uw eigen rubricering.")
    if errors:
        raise ValidationError(errors)
    validate_lengths(text=text)
    validate_datetimes(occurred_at=occurred_at)
    try:
        validate_not_in_future(occurred_at)
    except ValidationError as exc:
        raise ValidationError({"occurred_at": exc.error_list}) from None
    return text.strip()


def partial_picture_set(
    *,
    incident: Incident,
    actor,
    discipline: Discipline,
    text: str,
    tlp: str,
    occurred_at: datetime | None = None,
) -> PartialPicture:
    """A new deelbeeld for the discipline (the previous one stays, as history). A partner
    guest may set one; their organisation is recorded with it."""
    text = _validate(incident=incident, actor=actor, text=text, tlp=tlp, occurred_at=occurred_at)
    if discipline is None or not discipline.is_active:
        raise ValidationError({"discipline": _("Kies een actieve discipline.")})
    now = timezone.now()
    picture = PartialPicture.objects.create(
        incident=incident,
        discipline=discipline,
        text=text,
        tlp=tlp,
        occurred_at=occurred_at or now,
        created_at=now,
        created_by=actor,
        organisation=partner_organisation(actor, incident),
    )
    audit_record(
        actor=actor,
        action="incidents.partial_picture.set",
        incident=incident,
        obj=picture,
        after={"discipline": discipline.slug}
        | _snapshot(picture, ("text", "tlp", "occurred_at", "organisation")),
    )
    incident_touch(incident, parts={"picture"})
    return picture


@transaction.atomic
def overall_picture_set(
    *,
    incident: Incident,
    actor,
    text: str,
    tlp: str,
    based_on,
    occurred_at: datetime | None = None,
) -> OverallPicture:
    """A new totaalbeeld resting on ``based_on`` (deelbeelden of this incident the actor may
    read); the previous one stays, as history."""
    text = _validate(incident=incident, actor=actor, text=text, tlp=tlp, occurred_at=occurred_at)
    based_on = list(based_on or [])
    readable = set(visible_labels(actor, incident))
    if any(p.incident_id != incident.pk or p.tlp not in readable for p in based_on):
        raise ValidationError(
            {"based_on": _("Een totaalbeeld rust alleen op deelbeelden van dit incident.")}
        )
    now = timezone.now()
    picture = OverallPicture.objects.create(
        incident=incident,
        text=text,
        tlp=tlp,
        occurred_at=occurred_at or now,
        created_at=now,
        created_by=actor,
    )
    picture.based_on.set(based_on)
    audit_record(
        actor=actor,
        action="incidents.overall_picture.set",
        incident=incident,
        obj=picture,
        after=_snapshot(picture, ("text", "tlp", "occurred_at"))
        | {"based_on": sorted(p.pk for p in based_on)},
    )
    incident_touch(incident, parts={"picture"})
    return picture


def visible_labels(user, incident: Incident) -> list[str]:
    return tlps_visible_at(reader_clearance(user, incident))


# --- Selectors --------------------------------------------------------------------------------


def active_disciplines() -> list[Discipline]:
    return list(Discipline.objects.filter(is_active=True).order_by("order", "name"))


def _newest_first(pictures: QuerySet) -> QuerySet:
    return pictures.order_by("-occurred_at", "-pk")


def current_partial_pictures(
    incident: Incident, *, visible, limit: int | None = None
) -> list[PartialPicture]:
    """The current deelbeeld of every active discipline, as far as ``visible`` reaches (a
    newer deelbeeld above it leaves the reader with the newest they may see), in the
    disciplines' order: one query."""
    newest = _newest_first(
        PartialPicture.objects.filter(
            incident=OuterRef("incident"), discipline=OuterRef("discipline"), tlp__in=visible
        )
    ).values("pk")[:1]
    pictures = (
        PartialPicture.objects.filter(
            incident=incident, tlp__in=visible, discipline__is_active=True, pk=Subquery(newest)
        )
        .select_related("discipline", "created_by")
        .order_by("discipline__order", "discipline__name")
    )
    return list(pictures if limit is None else pictures[:limit])


def _superseded(visible) -> Exists:
    """A newer deelbeeld of the same discipline that the reader may see exists."""
    return Exists(
        PartialPicture.objects.filter(
            incident=OuterRef("incident"), discipline=OuterRef("discipline"), tlp__in=visible
        ).filter(
            Q(occurred_at__gt=OuterRef("occurred_at"))
            | Q(occurred_at=OuterRef("occurred_at"), pk__gt=OuterRef("pk"))
        )
    )


def overall_pictures(incident: Incident, *, visible) -> QuerySet[OverallPicture]:
    """Totaalbeelden newest first, each with the deelbeelden it rests on that ``visible``
    reaches (``based_on_visible``, each marked ``is_superseded``): two queries per page."""
    based_on = (
        PartialPicture.objects.filter(tlp__in=visible)
        .select_related("discipline", "created_by")
        .annotate(is_superseded=_superseded(visible))
        .order_by("discipline__order", "discipline__name", "-occurred_at")
    )
    return _newest_first(
        incident.overall_pictures.filter(tlp__in=visible).select_related("created_by")
    ).prefetch_related(Prefetch("based_on", queryset=based_on, to_attr="based_on_visible"))


def current_overall_picture(incident: Incident, *, visible) -> OverallPicture | None:
    return overall_pictures(incident, visible=visible).first()


def partial_picture_history(
    incident: Incident, discipline: Discipline, *, visible
) -> QuerySet[PartialPicture]:
    """Every deelbeeld of the discipline the reader may see, newest first."""
    return _newest_first(
        incident.partial_pictures.filter(discipline=discipline, tlp__in=visible)
    ).select_related("created_by")


def has_hidden_pictures(incident: Incident, *, visible) -> bool:
    """Whether a deelbeeld or totaalbeeld above ``visible`` exists (the "gefilterd" notice)."""
    return (
        incident.partial_pictures.exclude(tlp__in=visible).exists()
        or incident.overall_pictures.exclude(tlp__in=visible).exists()
    )


# --- Verouderd marks --------------------------------------------------------------------------


@dataclass
class PictureState:
    """What the page, the tile and the sitrep show: current deelbeelden and totaalbeeld with
    their *verouderd* marks (``is_stale``: before the last meeting)."""

    partials: list[PartialPicture]
    overall: OverallPicture | None
    last_meeting: datetime | None
    partials_more: bool = False
    stale_count: int = 0
    overall_rests_on_stale: bool = False


def mark(pictures, *, last_meeting: datetime | None) -> None:
    for picture in pictures:
        picture.is_stale = last_meeting is not None and picture.occurred_at < last_meeting


def picture_state(incident: Incident, *, visible, limit: int | None = None) -> PictureState:
    """Current deelbeelden (at most ``limit``; ``partials_more`` says whether there are more)
    and the current totaalbeeld (as many of the deelbeelden it rests on shown), marked: four
    queries plus the last-meeting hook's."""
    last_meeting = registry.last_meeting_at(incident)
    partials = current_partial_pictures(
        incident, visible=visible, limit=None if limit is None else limit + 1
    )
    more = limit is not None and len(partials) > limit
    partials = partials[:limit] if more else partials
    overall = current_overall_picture(incident, visible=visible)
    mark(partials, last_meeting=last_meeting)
    state = PictureState(partials, overall, last_meeting, partials_more=more)
    state.stale_count = sum(1 for p in partials if p.is_stale)
    if overall is not None:
        mark_overall(overall, last_meeting=last_meeting, limit=limit)
        state.overall_rests_on_stale = overall.rests_on_stale
        based_ids = {p.pk for p in overall.based_on_visible}
        for picture in partials:
            # Set after the totaalbeeld and not in it: the totaalbeeld does not know it yet.
            picture.newer_than_overall = (
                picture.pk not in based_ids and picture.occurred_at > overall.occurred_at
            )
    return state


def mark_overall(
    overall: OverallPicture, *, last_meeting: datetime | None, limit: int | None = None
) -> None:
    """Mark the deelbeelden a totaalbeeld rests on (``is_stale``; ``is_superseded`` comes from
    the query) and whether any of them is out of date (``rests_on_stale``)."""
    mark(overall.based_on_visible, last_meeting=last_meeting)
    mark([overall], last_meeting=last_meeting)
    rows = overall.based_on_visible
    overall.based_on_shown = rows if limit is None else rows[:limit]
    overall.based_on_more = len(rows) - len(overall.based_on_shown)
    overall.rests_on_stale = any(p.is_stale or p.is_superseded for p in overall.based_on_visible)
