"""On PostgreSQL, the member list reads people by their current unit (index-only) instead of by id.

``person_unit_cover`` holds, per unit, each person's id and what the list
filters and sorts on (and the folded name for a search in the list): the
people of a province's units are read as index ranges and matched with the
spells of the date by hashing, instead of one index descent per listed
person (``selectors.MemberListing._ids_by_current_unit``). It replaces
``person_list_cover`` (migration 0005), which served those descents.
SQLite has no INCLUDE and keeps reading its rowid table. See
docs/decisions/0003-member-search.md.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_unit_cover ON members_person (unit_id, id) "
        "INCLUDE (name_sort, gender, birth_year, birth_date, ethnicity, citizenship, joined_on, name_fold)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_list_cover")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_list_cover ON members_person (id) "
        "INCLUDE (name_sort, gender, birth_year, ethnicity, citizenship, joined_on)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_unit_cover")


class Migration(migrations.Migration):
    dependencies = [("members", "0006_person_union_office")]

    operations = [migrations.RunPython(forwards, backwards)]
