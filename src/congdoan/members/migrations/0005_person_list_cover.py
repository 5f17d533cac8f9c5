"""On PostgreSQL, an index that covers what the member list filters and sorts on.

The list reads every listed person's name key, gender, birth year,
ethnicity, citizenship and date of joining (a province: ~29,000 people out
of a million); with this index PostgreSQL reads them without visiting the
table (index-only, once autovacuum has marked the pages). SQLite has no
INCLUDE and reads its rowid table directly. See
docs/decisions/0003-member-search.md.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_list_cover ON members_person (id) "
        "INCLUDE (name_sort, gender, birth_year, ethnicity, citizenship, joined_on)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_list_cover")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_spell_cover_index")]

    operations = [migrations.RunPython(forwards, backwards)]
