"""Logbook, decisions and actions as CSV (Excel: UTF-8 with BOM, `;`) and JSON, and the
"Kopieer voor LCMS" text.

Each export is filtered on an audience TLP like the sitrep and the handover brief
(`?doelgroep=`, default the incident's TLP) and never above the reader's clearance; it carries
the highest label it contains (CSV: the first line; JSON: "tlp"). Rows stream from the
database in chunks, so an export of 100,000 lines never sits in memory at once.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crisiscentre.templatetags.moments import moment_text
from crisiscentre.templatetags.people import person
from incidents.models import Action, Decision, Incident, LogEntry
from incidents.selectors import action_tlp  # one rule: the sitrep's, the brief's, the dashboard's
from incidents.tlp import TLP, tlp_max, tlp_rank, tlps_visible_at

CHUNK = 2000
BOM = "\ufeff"

KINDS = {
    "logboek": gettext_lazy("Logboek"),
    "besluiten": gettext_lazy("Besluiten"),
    "acties": gettext_lazy("Acties"),
}
FORMATS = ("csv", "json")


def audience_for(requested: str, *, incident: Incident, clearance: str) -> str:
    """The audience TLP of an export: the requested one (default the incident's), never above
    what the reader may see."""
    audience = requested if requested in TLP.values else incident.tlp
    return audience if tlp_rank(audience) <= tlp_rank(clearance) else clearance


@dataclass
class Export:
    kind: str
    incident: Incident
    audience_tlp: str
    max_tlp: str
    count: int
    header: list[str]
    rows: Iterator[dict]  # column key -> value (JSON types)

    @property
    def filename(self) -> str:
        return f"{self.incident.reference}-{self.kind}-TLP-{self.max_tlp}".replace("+", "-")


def _labelled(queryset: QuerySet, visible: list[str]) -> tuple[QuerySet, str, int]:
    shown = queryset.filter(tlp__in=visible)
    labels = list(shown.order_by().values_list("tlp", flat=True).distinct())
    return shown, tlp_max(labels), shown.count()


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def log_export(incident: Incident, *, audience_tlp: str) -> Export:
    shown, max_tlp, count = _labelled(incident.log_entries.all(), tlps_visible_at(audience_tlp))
    shown = (
        shown.select_related("author")
        .annotate(corrects_pk=F("corrects_id"))
        .order_by("occurred_at", "pk")
    )

    def rows():
        for entry in shown.iterator(chunk_size=CHUNK):
            yield {
                "id": entry.pk,
                "occurred_at": _iso(entry.occurred_at),
                "created_at": _iso(entry.created_at),
                "category": entry.get_category_display(),
                "text": entry.text,
                "source": entry.source,
                "author": person(entry.author),
                "tlp": entry.tlp,
                "corrects": entry.corrects_pk,
            }

    header = {
        "id": _("Nummer"),
        "occurred_at": _("Tijdstip gebeurtenis"),
        "created_at": _("Ingevoerd"),
        "category": _("Categorie"),
        "text": _("Tekst"),
        "source": _("Bron"),
        "author": _("Auteur"),
        "tlp": "TLP",
        "corrects": _("Corrigeert nummer"),
    }
    return Export("logboek", incident, audience_tlp, max_tlp, count, header, rows())


def decision_export(incident: Incident, *, audience_tlp: str) -> Export:
    shown, max_tlp, count = _labelled(incident.decisions.all(), tlps_visible_at(audience_tlp))
    shown = shown.order_by("meeting_at", "pk")

    def rows():
        for decision in shown.iterator(chunk_size=CHUNK):
            yield {
                "id": decision.pk,
                "meeting_at": _iso(decision.meeting_at),
                "team": decision.get_team_display(),
                "text": decision.text,
                "rationale": decision.rationale,
                "decided_by": decision.decided_by,
                "evaluation": decision.get_evaluation_display(),
                "reevaluate_at": _iso(decision.reevaluate_at),
                "tlp": decision.tlp,
            }

    header = {
        "id": _("Nummer"),
        "meeting_at": _("Vergadering"),
        "team": _("Team"),
        "text": _("Besluit"),
        "rationale": _("Onderbouwing"),
        "decided_by": _("Besloten door"),
        "evaluation": _("Status"),
        "reevaluate_at": _("Herijken om"),
        "tlp": "TLP",
    }
    return Export("besluiten", incident, audience_tlp, max_tlp, count, header, rows())


def _visible_actions(incident: Incident, audience_tlp: str, *, open_only=False) -> list[Action]:
    visible = tlps_visible_at(audience_tlp)
    actions = []
    queryset = incident.actions.all()
    if open_only:
        queryset = queryset.filter(status__in=Action.OPEN_STATUSES)
    for action in (
        queryset.select_related("owner_user", "decision", "log_entry")
        .order_by(F("due_at").asc(nulls_last=True), "pk")
        .iterator(chunk_size=CHUNK)
    ):
        action.tlp = action_tlp(action, incident)
        if action.tlp in visible:
            actions.append(action)
    return actions


def action_export(incident: Incident, *, audience_tlp: str) -> Export:
    actions = _visible_actions(incident, audience_tlp)

    def rows():
        for action in actions:
            yield {
                "id": action.pk,
                "created_at": _iso(action.created_at),
                "description": action.description,
                "owner": action.owner_display,
                "due_at": _iso(action.due_at),
                "status": action.get_status_display(),
                "decision": action.decision_id,
                "tlp": action.tlp,
            }

    header = {
        "id": _("Nummer"),
        "created_at": _("Aangemaakt"),
        "description": _("Omschrijving"),
        "owner": _("Actiehouder"),
        "due_at": _("Gereed om"),
        "status": _("Status"),
        "decision": _("Besluit nummer"),
        "tlp": "TLP",
    }
    max_tlp = tlp_max(action.tlp for action in actions)
    return Export("acties", incident, audience_tlp, max_tlp, len(actions), header, rows())


BUILDERS = {"logboek": log_export, "besluiten": decision_export, "acties": action_export}


class _Echo:
    def write(self, value: str) -> str:
        return value


def _excel_time(value: str | None) -> str:
    """ISO times as the app writes them (02-12-2026 14:59:30); Excel reads that as a date."""
    if not value:
        return ""
    return moment_text(datetime.fromisoformat(value), "s")


_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _cell(value) -> str:
    """A text Excel would run as a formula (=, +, @, or - before a non-space) gets a leading
    apostrophe, which Excel shows as plain text (OWASP CSV injection)."""
    if value is None:
        return ""
    text = str(value) if not isinstance(value, str) else value
    if text.startswith(_FORMULA_START) or (text[:1] == "-" and text[1:2] not in ("", " ")):
        return "'" + text
    return text


def csv_lines(export: Export) -> Iterator[str]:
    """BOM, then the TLP line, then the header, then one line per row; `;` as Excel in Dutch
    expects, every field quoted when needed (line breaks in a text stay in their cell)."""
    writer = csv.writer(_Echo(), delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    incident = export.incident
    yield BOM + writer.writerow(
        [
            f"TLP:{export.max_tlp}",
            f"{incident.reference} {incident.title}",
            str(KINDS[export.kind]),
            _("Doelgroep TLP:%(tlp)s") % {"tlp": export.audience_tlp},
            moment_text(timezone.now()),
        ]
        + ([_("OEFENING")] if incident.is_exercise else [])
    )
    keys = list(export.header)
    yield writer.writerow([str(export.header[key]) for key in keys])
    times = {k for k in keys if k.endswith("_at")}
    for row in export.rows:
        yield writer.writerow(
            [_excel_time(row[key]) if key in times else _cell(row[key]) for key in keys]
        )


def json_chunks(export: Export) -> Iterator[str]:
    incident = export.incident
    head = {
        "tlp": export.max_tlp,
        "audience_tlp": export.audience_tlp,
        "incident": {
            "id": incident.pk,
            "reference": incident.reference,
            "title": incident.title,
            "is_exercise": incident.is_exercise,
        },
        "kind": export.kind,
        "exported_at": timezone.localtime().isoformat(),
        "count": export.count,
        "columns": {key: str(label) for key, label in export.header.items()},
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    yield opening + ', "items": ['
    for index, row in enumerate(export.rows):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


# --- Kopieer voor LCMS ------------------------------------------------------------------------

LCMS_PICTURE = 8  # as the picture tile
LCMS_DECISIONS = 25
LCMS_ACTIONS = 25


def lcms_text(incident: Incident, *, audience_tlp: str) -> tuple[str, str]:
    """The text for LCMS's actueel beeld and its highest label: fixed sections in this order
    (totaalbeeld, besluiten van kracht, open acties), each bounded with an "en N meer" line."""
    visible = tlps_visible_at(audience_tlp)
    picture = list(
        incident.log_entries.filter(category=LogEntry.Category.PICTURE, tlp__in=visible)
        .exclude(Exists(LogEntry.objects.filter(corrects=OuterRef("pk"))))
        .order_by("-occurred_at", "-pk")[:LCMS_PICTURE]
    )
    in_force = incident.decisions.filter(
        tlp__in=visible, evaluation__in=[Decision.Evaluation.VALID, Decision.Evaluation.TO_REVIEW]
    ).order_by("-meeting_at", "-pk")
    decisions = list(in_force[: LCMS_DECISIONS + 1])
    actions = _visible_actions(incident, audience_tlp, open_only=True)
    labels = [row.tlp for row in (*picture, *decisions[:LCMS_DECISIONS], *actions[:LCMS_ACTIONS])]
    max_tlp = tlp_max(labels)
    lines = [
        f"TLP:{max_tlp}",
        f"{incident.reference} · {incident.title}"
        + (f" · {_('OEFENING')}" if incident.is_exercise else ""),
        _("Actueel beeld uit Crisiscentre, %(time)s") % {"time": moment_text(timezone.now())},
        "",
        _("1. TOTAALBEELD"),
    ]
    lines += [f"- {moment_text(e.occurred_at)} {_one_line(e.text)}" for e in picture] or [
        _("- Nog geen beeld vastgelegd.")
    ]
    lines += ["", _("2. BESLUITEN VAN KRACHT")]
    lines += [
        f"- {moment_text(d.meeting_at)} {d.team}: {_one_line(d.text)} ({d.decided_by})"
        for d in decisions[:LCMS_DECISIONS]
    ] or [_("- Geen besluiten van kracht.")]
    if len(decisions) > LCMS_DECISIONS:
        lines.append(_more_line(in_force.count() - LCMS_DECISIONS))
    lines += ["", _("3. OPEN ACTIES")]
    for action in actions[:LCMS_ACTIONS]:
        due = (
            _("gereed om %(time)s") % {"time": moment_text(action.due_at)}
            if action.due_at
            else _("geen termijn")
        )
        lines.append(
            f"- {_one_line(action.description)} ({action.owner_display}; {due}; "
            f"{action.get_status_display()})"
        )
    if not actions:
        lines.append(_("- Geen open acties."))
    if len(actions) > LCMS_ACTIONS:
        lines.append(_more_line(len(actions) - LCMS_ACTIONS))
    return "\n".join(lines) + "\n", max_tlp


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _more_line(count: int) -> str:
    return _("- en nog %(count)s (zie Crisiscentre)") % {"count": count}
