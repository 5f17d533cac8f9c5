"""On PostgreSQL, indexes that give the people whose n-th name word begins with three letters, in name order.

The name search wants the first 50 matches in Vietnamese order. The trigram
index of 0003 finds every match, which then must be sorted: at national
scale a word such as "quy" (Quý, Quyên, Quỳnh, Quyết…) matches hundreds of
thousands of people. These btree indexes on (the first three letters of
word n, name_sort, id), one per word position, are each already in name
order for one three-letter start: the search reads the first rows of each
position and merges them (``name_index.by_word_start``). Names of five
words or more, rare, have their own small partial index. See
docs/decisions/0003-member-search.md.
"""

from django.db import migrations

#: Word positions of ``name_fold`` (it begins with a space: the first word is position 2).
POSITIONS = (2, 3, 4, 5)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for position in POSITIONS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS person_word{position}_start ON members_person "
            f"((left(split_part(name_fold, ' ', {position}), 3)), name_sort, id)"
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_long_name ON members_person (name_sort, id) "
        "WHERE split_part(name_fold, ' ', 6) <> ''"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for position in POSITIONS:
        schema_editor.execute(f"DROP INDEX IF EXISTS person_word{position}_start")
    schema_editor.execute("DROP INDEX IF EXISTS person_long_name")


class Migration(migrations.Migration):
    dependencies = [("members", "0007_person_unit_cover")]

    operations = [migrations.RunPython(forwards, backwards)]
