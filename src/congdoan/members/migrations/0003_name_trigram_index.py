"""On PostgreSQL, a trigram index serves the name search (``name_fold LIKE '% hoang%'``).

Search semantics are the same on every database (each query word begins a
word of the name); SQLite scans, PostgreSQL reads this GIN index. pg_trgm
is a trusted extension since PostgreSQL 13: the database owner may create
it. See docs/decisions/0003-member-search.md.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_name_fold_trgm ON members_person USING gin (name_fold gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_name_fold_trgm")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_other_id_index")]

    operations = [migrations.RunPython(forwards, backwards)]
