"""Full-text search on PostgreSQL: a stored generated tsvector column (Dutch configuration)
with a GIN index on the log, decisions and actions (communication 0004 does the messages).

The column is not a model field: incidents/fulltext.py reads it by name (SEARCH_COLUMN).
PostgreSQL keeps it current on every INSERT, so no service has to. Adding it rewrites each
table once, which fires no row triggers (the log stays append-only, 0006). On SQLite this
migration does nothing; search falls back to icontains there.
"""

from django.db import migrations

COLUMN = "search_vector"


def _doc(column: str, weight: str) -> str:
    return f"setweight(to_tsvector('dutch'::regconfig, coalesce({column}, '')), '{weight}')"


# table -> the document; weight B for the main text, C for source, rationale or owner.
DOCUMENTS = {
    "incidents_logentry": f"{_doc('text', 'B')} || {_doc('source', 'C')}",
    "incidents_decision": (
        f"{_doc('text', 'B')} || {_doc('rationale', 'C')} || {_doc('decided_by', 'C')}"
    ),
    "incidents_action": f"{_doc('description', 'B')} || {_doc('owner_organisation', 'C')}",
}


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, document in DOCUMENTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({document}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} USING gin ({COLUMN})"
        )


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in DOCUMENTS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0011_api_tokens_and_audit_via")]

    operations = [migrations.RunPython(add_columns, drop_columns, elidable=False)]
