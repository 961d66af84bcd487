"""Full-text search over an incident's logbook, decisions, actions and messages, or over every
incident the user may see.

PostgreSQL: the stored `search_vector` columns (migrations incidents 0011 and communication 0004, Dutch,
GIN index) matched with websearch_to_tsquery, ranked with ts_rank, highlighted with
ts_headline. SQLite: every word must occur (icontains), newest first, highlighted in Python.
Every kind is filtered on the reader's clearance per incident (reader_clearance), in SQL, so
the pages are bounded and never count hidden rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.postgres.search import SearchHeadline
from django.db.models import F, Q, QuerySet, Value
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from communication.models import Message
from incidents.access import incidents_for_user, reader_clearance
from incidents.fulltext import (
    CONFIG,
    START,
    STOP,
    is_postgres,
    mark_words,
    matching,
    rank,
    search_query,
    to_html,
)
from incidents.models import Action, Decision, Incident, LogEntry
from incidents.tlp import TLP, tlp_max, tlps_visible_at

PAGE_SIZE = 20
MAX_OFFSET = 180  # past 10 pages: refine the query instead (the page says so)
CANDIDATES = MAX_OFFSET + PAGE_SIZE  # per kind, newest first, then ranked


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    fields: tuple[str, ...]  # searched, the first is the headline
    time: str  # the event time shown and filtered on
    author: str


KINDS = {
    "logboek": Kind("logboek", _("Logboek"), LogEntry, ("text", "source"), "occurred_at", "author"),
    "besluiten": Kind(
        "besluiten",
        _("Besluiten"),
        Decision,
        ("text", "rationale", "decided_by"),
        "meeting_at",
        "created_by",
    ),
    "acties": Kind(
        "acties",
        _("Acties"),
        Action,
        ("description", "owner_organisation"),
        "created_at",
        "created_by",
    ),
    "berichten": Kind(
        "berichten",
        _("Berichten"),
        Message,
        ("text", "title", "action_perspective"),  # the title is shown above the headline
        "updated_at",
        "created_by",
    ),
}


def visible_condition(kind: Kind, groups: dict[str, list[int]]) -> Q:
    """Rows of these incidents the reader may see: `groups` maps a clearance to incident ids.

    An action has no label of its own: it carries the highest label of the decision or log
    line it came from, else the incident's (incidents.selectors.action_tlp); because the visible
    labels are a prefix of the scale, "the highest is visible" is "each one is visible"."""
    condition = Q(pk__in=[])
    for clearance, pks in groups.items():
        visible = tlps_visible_at(clearance)
        if kind.model is Action:
            labelled = (
                (Q(decision__isnull=True) | Q(decision__tlp__in=visible))
                & (Q(log_entry__isnull=True) | Q(log_entry__tlp__in=visible))
                & (
                    Q(decision__isnull=False)
                    | Q(log_entry__isnull=False)
                    | Q(incident__tlp__in=visible)
                )
            )
        else:
            labelled = Q(tlp__in=visible)
        condition |= Q(incident_id__in=pks) & labelled
    return condition


def clearance_groups(user, incidents) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for incident in incidents:
        groups.setdefault(reader_clearance(user, incident), []).append(incident.pk)
    return groups


@dataclass
class Filters:
    q: str
    kind: str = ""
    category: str = ""
    author: str = ""
    since: datetime | None = None
    until: datetime | None = None


@dataclass
class Hit:
    kind: Kind
    obj: object
    incident: Incident
    time: datetime
    tlp: str
    headline: SafeString
    url: str
    rank: float = 0.0


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    capped: bool = False  # the last page we serve: refine the query
    filtered_tlp: bool = False  # some incident is read below TLP:RED

    @property
    def max_tlp(self) -> str:
        return tlp_max(hit.tlp for hit in self.hits)


def _kinds_for(filters: Filters) -> list[Kind]:
    if filters.category:
        return [KINDS["logboek"]]
    if filters.kind in KINDS:
        return [KINDS[filters.kind]]
    return list(KINDS.values())


def _rows(kind: Kind, filters: Filters, groups) -> QuerySet:
    queryset = kind.model.objects.filter(visible_condition(kind, groups))
    queryset = matching(queryset, kind.fields, filters.q)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.author:
        prefix = kind.author
        queryset = queryset.filter(
            Q(**{f"{prefix}__username__icontains": filters.author})
            | Q(**{f"{prefix}__first_name__icontains": filters.author})
            | Q(**{f"{prefix}__last_name__icontains": filters.author})
        )
    if filters.since:
        queryset = queryset.filter(**{f"{kind.time}__gte": filters.since})
    if filters.until:
        queryset = queryset.filter(**{f"{kind.time}__lte": filters.until})
    if is_postgres():
        # Rank the newest CANDIDATES hits of each kind, not every hit: a word in every tenth
        # of 100,000 lines would otherwise rank 10,000 rows per keystroke (bench/search.py).
        newest = queryset.order_by(f"-{kind.time}", "-pk").values("pk")[:CANDIDATES]
        queryset = kind.model.objects.filter(pk__in=newest)
    return (
        queryset.annotate(
            hit_kind=Value(kind.key), hit_time=F(kind.time), hit_rank=rank(kind.model, filters.q)
        )
        .order_by()
        .values_list("hit_kind", "pk", "hit_time", "hit_rank")
    )


def search(user, filters: Filters, *, incident: Incident | None = None, page: int = 1) -> Results:
    """One page of hits, best first (PostgreSQL) or newest first (SQLite).

    Queries: the incidents (when searching all), one UNION for the page, one per kind on it.
    """
    page = max(1, page)
    offset = (page - 1) * PAGE_SIZE
    results = Results(page=page)
    if offset > MAX_OFFSET:
        results.capped = True
        return results
    incidents = [incident] if incident is not None else list(incidents_for_user(user))
    groups = clearance_groups(user, incidents)
    results.filtered_tlp = any(clearance != TLP.RED for clearance in groups)
    if not filters.q.strip() or not groups:
        return results
    kinds = _kinds_for(filters)
    first, *rest = [_rows(kind, filters, groups) for kind in kinds]
    union = first.union(*rest, all=True) if rest else first
    ordering = ("-hit_rank", "-hit_time", "-pk") if is_postgres() else ("-hit_time", "-pk")
    rows = list(union.order_by(*ordering)[offset : offset + PAGE_SIZE + 1])
    results.has_next = len(rows) > PAGE_SIZE
    results.capped = results.has_next and offset + PAGE_SIZE > MAX_OFFSET
    rows = rows[:PAGE_SIZE]
    by_incident = {i.pk: i for i in incidents}
    loaded = {}
    for kind in kinds:
        pks = [pk for key, pk, _t, _r in rows if key == kind.key]
        if pks:
            loaded[kind.key] = _load(kind, pks, filters.q)
    for key, pk, time, score in rows:
        kind = KINDS[key]
        obj = loaded[key][pk]
        incident_obj = by_incident[obj.incident_id]
        results.hits.append(
            Hit(
                kind=kind,
                obj=obj,
                incident=incident_obj,
                time=time,
                tlp=_tlp_of(obj, incident_obj),
                headline=obj.headline,
                url=_url(kind, obj),
                rank=score,
            )
        )
    return results


def _load(kind: Kind, pks: list[int], q: str) -> dict:
    queryset = kind.model.objects.filter(pk__in=pks)
    if kind.model is Action:
        queryset = queryset.select_related("decision", "log_entry")  # for its label
    headline_field = kind.fields[0]
    if is_postgres():
        queryset = queryset.annotate(
            hit_headline=SearchHeadline(
                headline_field,
                search_query(q),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=15,
                max_fragments=2,
            )
        )
    objects = {}
    for obj in queryset:
        text = obj.hit_headline if is_postgres() else mark_words(getattr(obj, headline_field), q)
        obj.headline = to_html(text)
        objects[obj.pk] = obj
    return objects


def _tlp_of(obj, incident: Incident) -> str:
    if isinstance(obj, Action):
        linked = [o.tlp for o in (obj.decision, obj.log_entry) if o is not None]
        return tlp_max(linked) if linked else incident.tlp
    return obj.tlp


def _url(kind: Kind, obj) -> str:
    pk = obj.incident_id
    if kind.key == "logboek":
        return f"{reverse('incidents:tile', args=[pk, 'log'])}?vanaf={obj.pk}#log-{obj.pk}"
    if kind.key == "berichten":
        return reverse("communication:message", args=[pk, obj.pk])
    anchor = "tile-decisions" if kind.key == "besluiten" else "tile-actions"
    return f"{reverse('incidents:detail', args=[pk])}#{anchor}"
