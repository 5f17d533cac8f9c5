"""Inserting many rows with one statement per batch, ids chosen up front.

Django's ``bulk_create`` builds a model instance per row and prepares every
field through the field classes: at a million rows that is most of an
import's time. The importer has already checked and normalised every value,
so it inserts plain tuples with ``executemany`` (SQLite) or ``COPY``
(PostgreSQL). Ids are reserved first — from the sequence on PostgreSQL, and
on SQLite from the table's highest id inside the import's transaction,
which holds the database's write lock — so the rows that refer to the new
people (spells, events, cards) are built without reading anything back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models

BATCH = 5000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys for ``model``, unused by anyone else."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')  # noqa: S608 - a model's table
        top = int(cursor.fetchone()[0])
        return list(range(top + 1, top + 1 + count))


def _sqlite_converters(model: type[models.Model], columns: Sequence[str]) -> list[tuple[int, Any]]:
    """(position, converter) of the columns whose values SQLite stores differently from Python's."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    converters: list[tuple[int, Any]] = []
    for index, column in enumerate(columns):
        field = by_column[column]
        if isinstance(field, models.JSONField):
            converters.append((index, lambda v: json.dumps(v, ensure_ascii=False)))
        elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            converters.append((index, lambda v: v.isoformat() if v is not None else None))
    return converters


def _copy_text(value: Any) -> Any:
    """A value as COPY takes it: JSON as text, everything else adapted by psycopg."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def insert(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``, database column names) into ``model``'s table."""
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor: COPY
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:  # noqa: S608 - a model's table
                for row in rows:
                    copy.write_row([_copy_text(v) for v in row])
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 - a model's table
        converters = _sqlite_converters(model, columns)
        for start in range(0, len(rows), BATCH):
            batch = [list(row) for row in rows[start : start + BATCH]]
            for row in batch:
                for index, convert in converters:
                    row[index] = convert(row[index])
            cursor.executemany(sql, batch)
