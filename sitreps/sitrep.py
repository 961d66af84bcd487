"""The sitrep sections built from the incidents app (summary, NCP-D, picture, decisions,
actions, logbook). Other apps register their own sections the same way.

TLP rule: content with its own label (log entries, decisions) is shown when that label is
visible to the audience. Content without one inherits: the incident's status, GRIP and
classification carry the incident's TLP; an action carries the highest label of the decision
or log entry it came from, else the incident's TLP.

Each build returns a `snapshot` (stored in Sitrep.summary under the section key); the next
sitrep compares with it to mark what changed. Entries are new when created after `since`.
`changed_count` (optional, any section) feeds the document's "sinds sitrep N" summary.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import BLOCKS, Decision, Incident, LogEntry
from incidents.registry import SitrepSection, register_sitrep_section
from incidents.selectors import (
    action_tlp,
    classification_current,
    classification_summary,
    open_actions,
    with_review_state,
)
from incidents.tlp import TLP, tlp_max, tlps_visible_at, visible_at


def previous_snapshot(incident: Incident, since: datetime | None, key: str) -> dict | None:
    """What the previous sitrep (the vastgesteld one taken at `since`) held for a section."""
    if since is None:
        return None
    from .models import Sitrep

    summary = (
        Sitrep.objects.filter(
            incident=incident,
            state=Sitrep.State.DONE,
            approval=Sitrep.Approval.APPROVED,
            snapshot_at=since,
        )
        .values_list("summary", flat=True)
        .first()
    )
    if summary is None:
        return None
    return summary.get(key) or {}


# Past a section's limit, the rows left out are counted up to this many: the count reads the
# newest rows from an index and stops, so its time does not grow with the log; beyond it the
# sitrep says "en 1000+ meer" (bench/explain.py).
COUNT_CAP = 1000


def _count_beyond(ordered, shown: int) -> tuple[int, bool]:
    """(rows after the first `shown` of `ordered`, counted up to COUNT_CAP; whether capped)."""
    counted = ordered[: shown + COUNT_CAP + 1].count() - shown
    if counted > COUNT_CAP:
        return COUNT_CAP, True
    return counted, False


def _corrected():
    return Exists(LogEntry.objects.filter(corrects=OuterRef("pk")))


def _count_beyond_uncorrected(candidates, shown: int) -> tuple[int, bool]:
    """_count_beyond for log entries that no correction replaced: the ids of the newest
    candidates are read from the index (bounded), the corrections of those looked up by
    their unique index."""
    window = shown + COUNT_CAP + 1
    ids = list(candidates.order_by("-occurred_at", "-pk").values_list("pk", flat=True)[:window])
    corrected = LogEntry.objects.filter(corrects_id__in=ids).count() if ids else 0
    counted = len(ids) - corrected - shown
    if counted > COUNT_CAP or len(ids) == window:  # more candidates than were read
        return min(counted, COUNT_CAP), True
    return counted, False


def _is_new(created_at: datetime, since: datetime | None) -> bool:
    return since is not None and created_at > since


def _withheld(incident: Incident) -> dict:
    return {"withheld": True, "withheld_tlp": incident.tlp, "tlp": TLP.CLEAR, "is_empty": True}


# Every section is bounded: past its limit it says "en N meer, zie het incident"
# (sitreps/sections/_more.html), so a sitrep stays a few pages however large the incident.
ORGANISATIONS_LIMIT = 15
CLASSIFICATION_CHANGES_LIMIT = 10


# --- 2. Summary box --------------------------------------------------------------------------


def build_summary(incident: Incident, *, audience_tlp: str, since: datetime | None):
    if not visible_at(incident.tlp, audience_tlp):
        return _withheld(incident)
    previous = previous_snapshot(incident, since, "summary")
    current = {
        "status": incident.status,
        "grip": incident.grip_label,
        "region_role": incident.region_role,
    }

    def changed(field: str) -> bool:
        return previous is not None and previous.get(field) != current[field]

    placeholders = []
    if not incident.grip_label:
        placeholders.append(_("GRIP-niveau is niet vastgesteld"))
    if not incident.description.strip():
        placeholders.append(_("korte omschrijving ontbreekt"))
    if not incident.municipality_list:
        placeholders.append(_("getroffen gemeenten zijn niet ingevuld"))
    classification = classification_current(incident)
    organisations = list(incident.affected_organisations.all()[:ORGANISATIONS_LIMIT])
    organisations_more = 0
    if len(organisations) == ORGANISATIONS_LIMIT:  # the count only when there may be more
        organisations_more = incident.affected_organisations.count() - len(organisations)
    return {
        "tlp": incident.tlp,
        "status": incident.get_status_display(),
        "status_changed": changed("status"),
        "grip": incident.grip_label,
        "grip_since": incident.grip_since,
        "grip_changed": changed("grip"),
        "region_role": incident.get_region_role_display(),
        "region_role_changed": changed("region_role"),
        "classification_summary": classification_summary(classification) if classification else "",
        "description": incident.description,
        "municipalities": incident.municipality_list,
        "organisations": organisations,
        "organisations_more": organisations_more,
        "placeholders": placeholders,
        "changed_count": sum(changed(field) for field in current),
        "snapshot": current,
    }


# --- 3. NCP-D classification -----------------------------------------------------------------


def build_classification(incident: Incident, *, audience_tlp: str, since: datetime | None):
    if not visible_at(incident.tlp, audience_tlp):
        return _withheld(incident)
    current = classification_current(incident)
    previous = previous_snapshot(incident, since, "classification")
    rows = current.rows() if current else []
    for row in rows:
        row["is_changed"] = previous is not None and (
            previous.get(row["block"]) != row["value"]
            or (row["block"] in previous.get("assumed", [])) != row["is_assumption"]
        )
    changes = []
    changes_more = 0
    if since is not None:
        newer = incident.classifications.filter(created_at__gt=since)
        latest = list(newer.order_by("-created_at", "-pk")[:CLASSIFICATION_CHANGES_LIMIT])[::-1]
        if len(latest) == CLASSIFICATION_CHANGES_LIMIT:
            changes_more = newer.count() - len(latest)
        for change in latest:
            changes.append(
                {
                    "at": change.created_at,
                    "blocks": [
                        f"{BLOCKS[block][0]}: {change.value_label(block)}"
                        for block in change.changed_blocks
                        if block in BLOCKS
                    ],
                    "reason": change.reason,
                }
            )
    snapshot = {row["block"]: row["value"] for row in rows}
    snapshot["assumed"] = list(current.assumed_blocks) if current else []
    return {
        "tlp": incident.tlp,
        "rows": rows,
        "changes": changes,
        "changes_more": changes_more,
        "is_empty": not rows,
        "changed_count": len(changes) + changes_more,
        "snapshot": snapshot,
    }


# --- 5. Picture, decisions, actions ----------------------------------------------------------


# The current picture lists the newest *beeld* entries; past this the older ones are left out
# with a count ("en nog N ..."), so the section stays a page or two however long the log gets.
PICTURE_LIMIT = 20


def build_picture(incident: Incident, *, audience_tlp: str, since: datetime | None):
    candidates = LogEntry.objects.filter(
        incident=incident,
        category=LogEntry.Category.PICTURE,
        tlp__in=tlps_visible_at(audience_tlp),
    )
    matching = candidates.exclude(_corrected())  # index-friendly
    entries = list(matching.order_by("-occurred_at", "-pk")[:PICTURE_LIMIT])
    more, more_at_least = 0, False
    if len(entries) == PICTURE_LIMIT:
        more, more_at_least = _count_beyond_uncorrected(candidates, PICTURE_LIMIT)
    for entry in entries:
        entry.is_new = _is_new(entry.created_at, since)
    changed = sum(1 for entry in entries if entry.is_new)
    if more and since is not None:
        newer = matching.filter(created_at__gt=since).order_by("-occurred_at", "-pk")
        changed, _at_least = _count_beyond(newer, 0)
    return {
        "tlp": tlp_max(entry.tlp for entry in entries),  # the highest label printed
        "entries": entries,
        "more": more,
        "more_at_least": more_at_least,
        "is_empty": not entries,
        "changed_count": changed,
        "snapshot": {"ids": [entry.pk for entry in entries]},
    }


# Every sitrep is complete on its own (a chair may hold only the latest), so the decisions section
# lists every decision in force, marked new or changed, plus what changed since the previous
# sitrep. Bounded: past the limit the oldest unmarked decisions are left out with a count (the
# marked ones first, so past the limit even those: the newest marked ones are kept).
DECISIONS_LIMIT = 20
DECISION_CHANGES_LIMIT = 15
IN_FORCE = (Decision.Evaluation.VALID, Decision.Evaluation.TO_REVIEW)


def _decision_state(decision: Decision) -> str:
    """What a reader would see change: the status and when it is to be re-evaluated."""
    review = decision.reevaluate_at.isoformat() if decision.reevaluate_at else ""
    return f"{decision.evaluation}|{review}"


def build_decisions(incident: Incident, *, audience_tlp: str, since: datetime | None):
    previous = previous_snapshot(incident, since, "decisions")
    previous_states = (previous or {}).get("states")
    previous_evaluations = (previous or {}).get("evaluations", {})
    decisions = list(
        with_review_state(
            Decision.objects.filter(incident=incident, tlp__in=tlps_visible_at(audience_tlp))
        ).order_by("-meeting_at", "-pk")
    )
    in_force, ended = [], []
    for decision in decisions:
        key = str(decision.pk)
        decision.is_new = _is_new(decision.created_at, since)
        if previous_states is not None:  # snapshots since the "states" key hold more than status
            was = previous_states.get(key)
            decision.is_changed = was is not None and was != _decision_state(decision)
        else:
            was = previous_evaluations.get(key)
            decision.is_changed = was is not None and was != decision.evaluation
        decision.is_changed = previous is not None and not decision.is_new and decision.is_changed
        decision.needs_review = decision.is_due_for_review  # Decision.due_for_review
        decision.is_marked = decision.is_new or decision.is_changed or decision.needs_review
        if decision.evaluation in IN_FORCE:
            in_force.append(decision)
        elif decision.is_new or decision.is_changed:
            ended.append(decision)  # no longer in force since the previous sitrep
    # Marked decisions are never the ones left out; then the newest meetings.
    keep = {d.pk for d in sorted(in_force, key=lambda d: not d.is_marked)[:DECISIONS_LIMIT]}
    shown = [d for d in in_force if d.pk in keep]
    new = [d for d in in_force if d.is_new]
    changed = [d for d in in_force if d.is_changed]
    changes = None
    if since is not None:
        changes = {
            "new": new[:DECISION_CHANGES_LIMIT],
            "new_more": max(0, len(new) - DECISION_CHANGES_LIMIT),
            "changed": changed[:DECISION_CHANGES_LIMIT],
            "changed_more": max(0, len(changed) - DECISION_CHANGES_LIMIT),
            "ended": ended[:DECISION_CHANGES_LIMIT],
            "ended_more": max(0, len(ended) - DECISION_CHANGES_LIMIT),
            "is_empty": not (new or changed or ended),
        }
    listed = [*shown, *ended[:DECISION_CHANGES_LIMIT]]
    if changes is not None:
        listed += [*changes["new"], *changes["changed"]]
    return {
        "tlp": tlp_max(decision.tlp for decision in listed),  # the highest label printed
        "decisions": shown,
        "omitted": len(in_force) - len(shown),
        "changes": changes,
        "is_empty": not shown and not ended,
        "changed_count": len(new) + len(changed) + len(ended),
        "snapshot": {
            "evaluations": {str(d.pk): d.evaluation for d in decisions},
            "states": {str(d.pk): _decision_state(d) for d in decisions},
        },
    }


# Open actions: overdue first, then by deadline; past the limit the latest deadlines are left out.
ACTIONS_LIMIT = 20


def build_actions(incident: Incident, *, audience_tlp: str, since: datetime | None):
    previous = previous_snapshot(incident, since, "actions")
    previous_statuses = (previous or {}).get("statuses", {})
    visible = tlps_visible_at(audience_tlp)
    # One definition of the open actions a reader may see (incidents.selectors.open_actions,
    # action_tlp in SQL), so the database filters, orders and limits (overdue first, then by
    # deadline, none last: the order of due_at) and the log is never joined as a whole.
    matching = open_actions(incident, visible=visible)
    totals = matching.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=timezone.now()))
    )
    shown = list(
        matching.select_related("owner_user")
        .prefetch_related("decision", "log_entry")  # for the shown rows only
        .order_by(F("due_at").asc(nulls_last=True), "pk")[:ACTIONS_LIMIT]
    )
    statuses = dict(matching.values_list("pk", "status"))  # the next sitrep's "new" marks
    for action in shown:
        action.tlp = action_tlp(action, incident)
        if previous is not None:
            action.is_new = previous_statuses.get(str(action.pk)) != action.status
        else:
            action.is_new = _is_new(action.created_at, since)
    if previous is not None:
        changed = sum(
            1 for pk, status in statuses.items() if previous_statuses.get(str(pk)) != status
        )
    else:
        changed = sum(1 for action in shown if action.is_new)
        if since is not None and totals["total"] > len(shown):
            changed = matching.filter(created_at__gt=since).count()
    return {
        "tlp": tlp_max(action.tlp for action in shown),  # the highest label printed
        "actions": shown,
        "omitted": totals["total"] - len(shown),
        "overdue_count": totals["overdue"],
        "is_empty": not shown,
        "changed_count": changed,
        "snapshot": {"statuses": {str(pk): status for pk, status in statuses.items()}},
    }


# --- 7. Logbook excerpt ----------------------------------------------------------------------


# A sitrep is read on paper in minutes: the excerpt shows the newest lines, the app has the rest.
LOG_EXCERPT_LIMIT = 60


def build_logbook(incident: Incident, *, audience_tlp: str, since: datetime | None):
    entries = LogEntry.objects.filter(incident=incident, tlp__in=tlps_visible_at(audience_tlp))
    if since is not None:
        entries = entries.filter(created_at__gt=since)
    ordered = entries.order_by("-occurred_at", "-pk")
    entries = list(ordered[:LOG_EXCERPT_LIMIT])[::-1]
    omitted, omitted_at_least = 0, False
    if len(entries) == LOG_EXCERPT_LIMIT:
        omitted, omitted_at_least = _count_beyond(ordered, LOG_EXCERPT_LIMIT)
    return {
        "tlp": tlp_max(entry.tlp for entry in entries),
        "entries": entries,
        "omitted": omitted,
        "omitted_at_least": omitted_at_least,
        "is_empty": not entries,
        "changed_count": len(entries) + omitted if since is not None else 0,
        "snapshot": {"ids": [entry.pk for entry in entries]},
    }


SECTIONS = [
    SitrepSection(
        "summary",
        gettext_lazy("Samenvatting"),
        1,
        build_summary,
        "sitreps/sections/summary.html",
    ),
    SitrepSection(
        "classification",
        gettext_lazy("Duiding (NCP-D-bouwstenen)"),
        5,
        build_classification,
        "sitreps/sections/classification.html",
    ),
    SitrepSection(
        "picture",
        gettext_lazy("Actueel beeld"),
        9,
        build_picture,
        "sitreps/sections/picture.html",
    ),
    SitrepSection(
        "decisions",
        gettext_lazy("Besluitenlijst"),
        30,
        build_decisions,
        "sitreps/sections/decisions.html",
    ),
    SitrepSection(
        "actions",
        gettext_lazy("Openstaande acties"),
        50,
        build_actions,
        "sitreps/sections/actions.html",
    ),
    SitrepSection(
        "logbook",
        gettext_lazy("Logboekuittreksel"),
        90,
        build_logbook,
        "sitreps/sections/logbook.html",
    ),
]


def register() -> None:
    for section in SECTIONS:
        register_sitrep_section(section)
