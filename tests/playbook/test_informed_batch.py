"""stakeholders_mark_informed: many stakeholders at once, the outcome of one-by-one marking."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents import services as incident_services
from incidents.models import AuditEvent, LogEntry
from playbook import services
from playbook.models import IncidentKeyDecision, KeyDecisionRecord, Stakeholder

pytestmark = pytest.mark.django_db


def _involved(incident, actor, count, prefix):
    return [
        services.stakeholder_involve(
            incident=incident,
            actor=actor,
            stakeholder=Stakeholder.objects.create(
                slug=f"{prefix}-{i}",
                name=f"Partner {i}",
                channel="email",
                email=f"{prefix}{i}@x.example",
                order=1000 + i,
            ),
            needs_to_know="Duiding" if i % 2 else "",
            max_tlp="AMBER" if i % 2 else "GREEN",
        )
        for i in range(count)
    ]


def _outcome(incident):
    """What a reader of the incident sees of the marking, without ids and row times."""
    involvements = sorted(
        (i.stakeholder.name, i.informed_at, i.informed_by_id)
        for i in incident.stakeholder_involvements.select_related("stakeholder")
    )

    def after(event):  # the stakeholder's slug differs by its prefix only
        values = dict(event.after or {})
        if "stakeholder" in values:
            values["stakeholder"] = values["stakeholder"].rpartition("-")[2]
        return repr(sorted(values.items()))

    events = sorted(
        (e.action, e.actor_id, e.object_type, after(e), repr(e.before))
        for e in AuditEvent.objects.filter(
            incident=incident,
            action__in=["playbook.stakeholder.informed", "playbook.key_decision.taken"],
        )
    )
    records = sorted(
        (r.text, r.decided_by, r.decided_at, r.tlp, r.via, r.created_by_id)
        for r in KeyDecisionRecord.objects.filter(incident=incident)
    )
    row = IncidentKeyDecision.objects.get(
        incident=incident, key_decision__slug=services.INFORM_SLUG
    )
    key_decision = (row.outcome, row.text, row.decided_by, row.meeting_at, row.updated_by_id)
    return involvements, events, records, key_decision


def test_marking_many_at_once_has_the_outcome_of_marking_one_by_one(vic_user):
    one = incident_services.incident_open(actor=vic_user, title="Een voor een")
    many = incident_services.incident_open(actor=vic_user, title="In een keer")
    at = timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    singles = _involved(one, vic_user, 4, "one")
    batch = _involved(many, vic_user, 4, "many")
    logs_before = LogEntry.objects.count()

    for n, involvement in enumerate(singles):
        services.stakeholder_mark_informed(
            involvement=involvement, actor=vic_user, at=at + timedelta(seconds=n)
        )
    version = many.version
    services.stakeholders_mark_informed(
        marks=[
            (involvement, vic_user, at + timedelta(seconds=n))
            for n, involvement in enumerate(batch)
        ]
    )

    for got, expected in zip(_outcome(many), _outcome(one), strict=True):
        assert got == expected
    involvements, events, records, key_decision = _outcome(many)
    assert all(
        informed_at is not None and by == vic_user.pk for _n, informed_at, by in involvements
    )
    assert len(events) == 8  # one "informed" and one "key decision taken" per stakeholder
    assert [r[0] for r in records][:2] == [
        "Partner 0 geïnformeerd.",
        "Partner 1 geïnformeerd: Duiding",
    ]
    assert key_decision[0] == IncidentKeyDecision.Outcome.TAKEN
    assert key_decision[3] == at + timedelta(seconds=3)  # the key decision shows the last one
    # No logbook line either way (the key decision record is not a log entry), and live
    # viewers of the stakeholder tile refresh.
    assert LogEntry.objects.count() == logs_before
    many.refresh_from_db()
    assert many.version > version and "stakeholders" in many.part_versions


def test_marking_many_costs_the_same_queries_for_3_as_for_30(vic_user):
    small = incident_services.incident_open(actor=vic_user, title="Klein")
    large = incident_services.incident_open(actor=vic_user, title="Groot")
    counts = []
    for incident, count in ((small, 3), (large, 30)):
        involvements = _involved(incident, vic_user, count, f"q{count}")
        with CaptureQueriesContext(connection) as queries:
            services.stakeholders_mark_informed(
                marks=[(involvement, vic_user, timezone.now()) for involvement in involvements]
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 15


def test_an_empty_batch_writes_nothing(vic_user):
    before = AuditEvent.objects.count()
    assert services.stakeholders_mark_informed(marks=[]) == []
    assert AuditEvent.objects.count() == before


def test_an_implausible_time_refuses_the_whole_batch(vic_user):
    from django.core.exceptions import ValidationError

    incident = incident_services.incident_open(actor=vic_user, title="Onmogelijk")
    involvements = _involved(incident, vic_user, 2, "bad")
    with pytest.raises(ValidationError):
        services.stakeholders_mark_informed(
            marks=[
                (involvements[0], vic_user, timezone.now()),
                (involvements[1], vic_user, timezone.now() + timedelta(days=20 * 365)),
            ]
        )
    assert not incident.stakeholder_involvements.filter(informed_at__isnull=False).exists()
