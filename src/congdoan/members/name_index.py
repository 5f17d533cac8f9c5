"""Where the names matching a search are found quickly, per database.

The search itself is one condition on every database (each query word
begins a word of ``name_fold``; ``selectors.search_condition``). Evaluating
it on every row is a scan of the whole registry, so before that a cheap
index proposes candidates, a superset of the matches:

- SQLite: an FTS5 table over ``name_fold`` (external content, kept in step
  by triggers), queried with prefix terms (``"hoang"* "gi"*``).
- PostgreSQL: the trigram GIN index of migration 0003 serves the same
  ``LIKE`` condition when the query has no ORDER BY to tempt the planner
  into walking the name index.

Django's SQLite schema editor rebuilds a table to alter it, which drops its
triggers; :func:`ensure` runs after every ``migrate`` and puts the table and
triggers back (refilling the index) when they are missing.
See docs/decisions/0003-member-search.md.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from psycopg.errors import QueryCanceled

FTS = "members_person_fts"
# Literal SQL: the names are constants, nothing here comes from input.
CREATE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS members_person_fts USING fts5(name_fold, "
    "content='members_person', content_rowid='id', tokenize='ascii', prefix='1 2 3')"
)
TRIGGERS = {
    "members_person_fts_ai": """CREATE TRIGGER members_person_fts_ai AFTER INSERT ON members_person BEGIN
        INSERT INTO members_person_fts(rowid, name_fold) VALUES (new.id, new.name_fold); END""",
    "members_person_fts_ad": """CREATE TRIGGER members_person_fts_ad AFTER DELETE ON members_person BEGIN
        INSERT INTO members_person_fts(members_person_fts, rowid, name_fold)
        VALUES ('delete', old.id, old.name_fold); END""",
    "members_person_fts_au": """CREATE TRIGGER members_person_fts_au AFTER UPDATE OF name_fold ON members_person
        BEGIN
        INSERT INTO members_person_fts(members_person_fts, rowid, name_fold)
        VALUES ('delete', old.id, old.name_fold);
        INSERT INTO members_person_fts(rowid, name_fold) VALUES (new.id, new.name_fold); END""",
}
REBUILD = "INSERT INTO members_person_fts(members_person_fts) VALUES ('rebuild')"
MATCH = "SELECT rowid FROM members_person_fts WHERE members_person_fts MATCH %s"
_TOKEN = re.compile(r"[a-z0-9]+")


def ensure(using: Any = None, **_kwargs: Any) -> None:
    """Create the SQLite name index and its triggers if missing, and refill it then (post_migrate)."""
    from django.db import connections

    conn = connections[using or "default"]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'members_person'")
        if cursor.fetchone() is None:
            return  # the members tables are not there (yet)
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()} & {FTS, *TRIGGERS}
        if present == {FTS, *TRIGGERS}:
            return
        cursor.execute(CREATE_TABLE)
        for name, sql in TRIGGERS.items():
            if name not in present:
                cursor.execute(sql)
        cursor.execute(REBUILD)


def _match(words: list[str]) -> str | None:
    tokens = sorted({token for word in words for token in _TOKEN.findall(word)})
    return " ".join(f'"{token}"*' for token in tokens) or None


def _candidates(words: list[str], condition: Q) -> RawSQL | None:
    """A subquery of the ids of people whose name may match (a superset), or None for "everyone"."""
    if connection.vendor == "sqlite":
        match = _match(words)
        return None if match is None else RawSQL(MATCH, [match])  # noqa: S611 - a constant, one parameter
    from congdoan.members.models import Person

    sql, params = Person.objects.filter(condition).order_by().values("pk").query.sql_with_params()
    # OFFSET 0 keeps PostgreSQL from folding the subquery into the outer,
    # ordered query: the trigram index then finds the matches first.
    return RawSQL(f"{sql} OFFSET 0", params)  # noqa: S611 - Django's own SQL and parameters


def count_candidates(words: list[str], condition: Q, *, limit: int) -> int:
    """How many people may match, counted up to ``limit``."""
    candidates = _candidates(words, condition)
    if candidates is None:
        return limit
    sql, params = candidates.sql, candidates.params
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT %s) AS candidates", [*params, limit])  # noqa: S608
        return int(cursor.fetchone()[0])


def narrow(people: QuerySet[Any], words: list[str], condition: Q, *, dense: int) -> QuerySet[Any]:
    """Limit ``people`` (filtered by ``condition``) to the index's candidates, unless they are many.

    Reading the candidates costs in proportion to their number; beyond
    ``dense`` the matches are common enough that walking the names in order
    finds a page of them sooner.
    """
    if count_candidates(words, condition, limit=dense + 1) > dense:
        return people
    candidates = _candidates(words, condition)
    return people if candidates is None else people.filter(pk__in=candidates)


#: How long PostgreSQL may walk the names in order before the search reads the index instead.
WALK_BUDGET_MS = 40
#: How long the word-start indexes may take before the search falls back to the walk (a rare mix of words).
WORD_START_BUDGET_MS = 150

#: Word positions with a word-start index (migration 0008); longer names have a partial index of their own.
WORD_POSITIONS = (2, 3, 4, 5)
#: Three-letter starts of the commonest family and middle names (Nguyễn, Trần, Phạm, Hoàng, Huỳnh,
#: Đặng, Bùi, Ngô, Dương, Thị, Văn…): too many people begin a word so for the word-start indexes to help.
COMMON_STARTS = frozenset(
    {"ngu", "tra", "pha", "hoa", "huy", "dan", "bui", "ngo", "duo", "thi", "van", "din"}
)


def word_start(words: list[str]) -> str | None:
    """The three letters the word-start indexes are read with: the start of the query's most telling
    word (the longest of those not among the commonest starts), or None when no word will do."""
    usable = [w for w in words if len(w) >= 3 and w[:3] not in COMMON_STARTS and w[:3].isalnum()]
    return max(usable, key=len)[:3] if usable else None


def by_word_start(people: QuerySet[Any], start: str, *, order: tuple[str, ...], limit: int) -> list[Any]:
    """The first ``limit`` of ``people`` in ``order`` among those with a word beginning ``start``.

    Each word position's index (migration 0008) lists the people whose word
    there begins ``start`` in name order: the first ``limit`` of each, and of
    the names too long for them, are merged. Every match has its query word
    at some position, so the merged first ``limit`` are the first ``limit``.
    """
    branches = [
        people.extra(  # noqa: S610 - constants; the one value is a parameter
            where=[f'left(split_part("members_person"."name_fold", \' \', {position}), 3) = %s'],
            params=[start],
        )
        for position in WORD_POSITIONS
    ]
    branches.append(people.extra(where=["split_part(\"members_person\".\"name_fold\", ' ', 6) <> ''"]))  # noqa: S610
    keys = [key for key in order if key != "id"]
    parts = [branch.order_by(*order).values_list("pk", *keys)[:limit] for branch in branches]
    rows = set(parts[0].union(*parts[1:], all=True))
    ids = [row[0] for row in sorted(rows, key=lambda row: (*row[1:], row[0]))][:limit]
    found = people.model.objects.select_related("unit").in_bulk(ids)
    return [found[pk] for pk in ids]


def first_matches(
    people: QuerySet[Any], words: list[str], condition: Q, *, order: tuple[str, ...], limit: int, dense: int
) -> list[Any]:
    """The first ``limit`` of ``people`` (already filtered by ``condition``) in ``order``.

    SQLite counts the FTS5 candidates (cheap) and reads them unless they are
    very many. On PostgreSQL counting the trigram candidates of common
    words costs as much as the search, so the search first walks the names
    in order for at most ``WALK_BUDGET_MS`` — enough when matches are
    spread through the order — and only then, unless the matches are more
    than ``dense``, reads the trigram index's candidates and sorts them
    (rare words, or words that cluster in the order like a given name).
    """
    if connection.vendor != "postgresql":
        return list(narrow(people, words, condition, dense=dense).order_by(*order)[:limit])
    start = word_start(words) if order == ("name_sort", "id") else None
    if start is not None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [WORD_START_BUDGET_MS])
                found = by_word_start(people, start, order=order, limit=limit)
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
            return found
        except OperationalError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [WALK_BUDGET_MS])
            found = list(people.order_by(*order)[:limit])
            cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        return found
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
    if count_candidates(words, condition, limit=dense + 1) > dense:
        # Common words: sorting every match would cost more than finishing the walk.
        return list(people.order_by(*order)[:limit])
    # Every match, with its sort key, found through the trigram index (the
    # subquery has no ORDER BY and is fenced with OFFSET 0, so the planner
    # cannot walk the name order instead); sorted outside.
    keys = [key for key in order if key != "id"]
    sql, params = people.order_by().values("pk", *keys).query.sql_with_params()
    ordering = ", ".join([*(f'"{key}"' for key in keys), '"pk"'])
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "pk" FROM ({sql} OFFSET 0) AS matches ORDER BY {ordering} LIMIT %s',  # noqa: S608
            [*params, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
    rows = people.model.objects.select_related("unit").in_bulk(ids)
    return [rows[pk] for pk in ids]
