"""Full-text search on PostgreSQL for communication messages, like incidents 0011: a stored
generated tsvector column (Dutch) with a GIN index; the title weighs most. SQLite: nothing."""

from django.db import migrations

TABLE = "communication_message"
COLUMN = "search_vector"


def _doc(column: str, weight: str) -> str:
    return f"setweight(to_tsvector('dutch'::regconfig, coalesce({column}, '')), '{weight}')"


DOCUMENT = f"{_doc('title', 'A')} || {_doc('text', 'B')} || {_doc('action_perspective', 'C')}"


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TABLE}_search ON {TABLE} USING gin ({COLUMN})"
    )


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_search")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("communication", "0003_check_rules")]

    operations = [migrations.RunPython(add_column, drop_column, elidable=False)]
