"""On PostgreSQL, refuse UPDATE and DELETE on the append-only tables in the database itself.

The audit trail, the log and the NCP-D classification history are written by services only
and never changed (a correction is a new log line; a new classification is a new row). Until
now that was a convention: any SQL client could rewrite history. These row triggers make the
database refuse it (SQLSTATE 23001, restrict_violation, which Django raises as IntegrityError).

- There is no runtime switch: only a later migration can drop the triggers (see reverse).
- TRUNCATE is not a row operation and stays possible (test-database flushes use it).
- Deleting an incident is refused too once it has a log line or a classification (every
  incident has one from incident_open): its rows would go with it. Incidents are closed, never
  deleted.
- SQLite has no such triggers here: on SQLite (development, unit tests) this migration does
  nothing, and the models' own save()/delete() guards are the only protection.
"""

from django.db import migrations

TABLES = ("AuditEvent", "LogEntry", "Classification")
FUNCTION = "crisiscentre_refuse_history_change"


def _tables(apps):
    return [apps.get_model("incidents", name)._meta.db_table for name in TABLES]


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: no triggers (see the module docstring)
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% on % is refused: this table is append-only', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation',
                      HINT = 'History is never rewritten; record a correction instead.';
        END
        $$;
        """,
        params=None,  # no interpolation: the % are RAISE placeholders
    )
    for table in _tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables(apps):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}();")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0005_incident_register_version")]

    operations = [migrations.RunPython(add_triggers, drop_triggers, elidable=False)]
