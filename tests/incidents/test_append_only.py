"""The audit trail, the log, the classification history and the pictures are append-only in
the database itself on PostgreSQL (migrations incidents 0006 and 0019): SQL that rewrites them
is refused.

On SQLite the migration adds nothing (no triggers there); these tests skip with the reason,
and under CI=true a missing PostgreSQL fails the run instead (tests/conftest.py)."""

import pytest
from django.db import IntegrityError, connection, transaction

from incidents import picture, services
from incidents.models import (
    AuditEvent,
    Classification,
    Discipline,
    LogEntry,
    OverallPicture,
    PartialPicture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TABLES = [AuditEvent, LogEntry, Classification, PartialPicture, OverallPicture]


def _refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError as exc:
        assert "append-only" in str(exc)
        return True
    return False


@pytest.fixture
def history(incident, vic_user):
    """An incident with rows in all these tables."""
    services.log_entry_add(incident=incident, actor=vic_user, category="melding", text="Eerste")
    partial = picture.partial_picture_set(
        incident=incident,
        actor=vic_user,
        discipline=Discipline.objects.first(),
        text="Deelbeeld",
        tlp="AMBER",
    )
    picture.overall_picture_set(
        incident=incident, actor=vic_user, text="Totaal", tlp="AMBER", based_on=[partial]
    )
    return incident


@pytest.mark.parametrize("model", TABLES, ids=lambda model: model.__name__)
def test_sql_update_and_delete_are_refused(history, model):
    table = model._meta.db_table
    row = model.objects.filter(incident=history).first()
    assert row is not None
    assert _refused(f"UPDATE {table} SET created_at = created_at WHERE id = %s", [row.pk])  # noqa: S608
    assert _refused(f"DELETE FROM {table} WHERE id = %s", [row.pk])  # noqa: S608
    assert _refused(f"DELETE FROM {table}")  # noqa: S608
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", TABLES, ids=lambda model: model.__name__)
def test_orm_bulk_update_and_delete_are_refused(history, model):
    rows = model.objects.filter(incident=history)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(created_at=rows.first().created_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows._raw_delete(rows.db)  # what a cascade or a bulk delete would run
    assert rows.exists()


def test_deleting_log_lines_through_the_orm_is_refused(history):
    with pytest.raises(IntegrityError), transaction.atomic():
        history.log_entries.all().delete()
    assert history.log_entries.exists()


def test_adding_and_correcting_keep_working(history, vic_user):
    entry = history.log_entries.get()
    correction = services.log_entry_add(
        incident=history, actor=vic_user, category="melding", text="Tweede", corrects=entry
    )
    services.classification_change(
        incident=history, actor=vic_user, changes={"actor": "statelijk"}, reason="NCSC"
    )
    entry.refresh_from_db()
    assert entry.corrected_by == correction
    assert history.classifications.count() == 2


def test_the_triggers_are_in_the_database():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s",
            ["%_append_only"],
        )
        tables = {row[0] for row in cursor.fetchall()}
    assert tables == {model._meta.db_table for model in TABLES}
