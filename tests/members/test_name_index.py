"""The name index that proposes search candidates stays in step with the registry.

On SQLite it is an FTS5 table filled by triggers; on PostgreSQL the trigram
index. Either way a search finds the name as it is now, and the result does
not depend on whether the candidates came from the index or from walking
the names in order.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from congdoan.members import name_index, selectors, services
from congdoan.members.models import Person
from congdoan.members.services import History, HistoryEvent, load_histories
from dated_tree import people, tree  # noqa: F401
from member_data import person

NAMES = ["Hoàng Văn Giang", "Nguyễn Hoàng Giang", "Giàng A Dình", "Lò Thị Hoa", "Hoàng Thị Giang"]


@pytest.fixture
def named(tree):
    return load_histories(
        actor=None,
        histories=[
            History(
                person=person(name, "female" if " Thị " in name else "male", dt.date(1985, 1, 1 + i)),
                events=[HistoryEvent("admitted", dt.date(2015, 1, 1), tree.school_a)],
            )
            for i, name in enumerate(NAMES)
        ],
    )


def _names(user, query):
    return [p.full_name for p in selectors.search_people(user, query)]


def test_a_renamed_person_is_found_by_the_new_name_only(named, people):
    services.update_person(
        actor=None, person=named[3], full_name="Lò Thị Hoà Bình", reason="sai chính tả khi nhập"
    )
    assert _names(people.admin, "hoa binh") == ["Lò Thị Hoà Bình"]
    assert _names(people.admin, "lo thi hoa") == ["Lò Thị Hoà Bình"]
    named[0].refresh_from_db()
    Person.objects.filter(pk=named[0].pk).delete()
    assert _names(people.admin, "hoang van") == []


@pytest.mark.parametrize("dense", [0, 1, 50_000])
def test_index_candidates_and_the_name_walk_agree(named, people, monkeypatch, dense):
    monkeypatch.setattr(selectors, "DENSE_NAMES", dense)
    assert _names(people.admin, "giang hoang") == ["Hoàng Thị Giang", "Hoàng Văn Giang", "Nguyễn Hoàng Giang"]
    assert _names(people.admin, "gi") == [
        "Giàng A Dình",
        "Hoàng Thị Giang",
        "Hoàng Văn Giang",
        "Nguyễn Hoàng Giang",
    ]


def test_candidates_are_a_superset_counted_up_to_a_limit(named):
    condition = selectors.search_condition("hoang gi")
    matching = set(Person.objects.filter(condition).values_list("pk", flat=True))
    assert matching == {named[0].pk, named[1].pk, named[4].pk}
    narrowed = name_index.narrow(Person.objects.all(), ["hoang", "gi"], condition, dense=10)
    assert matching <= set(narrowed.values_list("pk", flat=True))
    assert name_index.count_candidates(["hoang", "gi"], condition, limit=10) == 3
    assert name_index.count_candidates(["hoang", "gi"], condition, limit=2) == 2
    # Beyond the limit the people are left as they were: the caller walks the names.
    everyone = Person.objects.all()
    assert name_index.narrow(everyone, ["hoang", "gi"], condition, dense=2) is everyone


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS table and its triggers are SQLite's")
def test_ensure_rebuilds_the_sqlite_index_after_a_table_rebuild(named, people):
    # Django's SQLite schema editor remakes a table to alter it, dropping its triggers.
    with connection.cursor() as cursor:
        for trigger in name_index.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {trigger}")
        cursor.execute("DROP TABLE members_person_fts")
    name_index.ensure()
    assert _names(people.admin, "dinh") == ["Giàng A Dình"]
    services.update_person(actor=None, person=named[2], full_name="Giàng A Dính", reason="sửa dấu")
    assert _names(people.admin, "dinh giang") == ["Giàng A Dính"]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO members_person_fts(members_person_fts, rank) VALUES ('integrity-check', 1)"
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk with a time budget is PostgreSQL's")
def test_a_walk_over_its_time_budget_falls_back_to_the_trigram_candidates(named, monkeypatch):
    monkeypatch.setattr(name_index, "WALK_BUDGET_MS", 5)
    monkeypatch.setattr(name_index, "WORD_START_BUDGET_MS", 5)
    condition = selectors.search_condition("giang")
    # Each row checked costs 20 ms: the walk cannot finish in 5 ms and is cancelled.
    slow = Person.objects.filter(condition).extra(where=["(SELECT pg_sleep(0.02)::text) IS NOT NULL"])  # noqa: S610
    found = name_index.first_matches(slow, ["giang"], condition, order=("name_sort", "id"), limit=2, dense=10)
    assert [p.full_name for p in found] == ["Giàng A Dình", "Hoàng Thị Giang"]
    # The transaction is usable afterwards: the cancelled walk was rolled back to its savepoint.
    assert Person.objects.count() == len(NAMES)


LONG_NAMES = [
    "Quàng Văn Quý",
    "Lường Thị Quyên",
    "Nguyễn Quý Dương",
    "Tòng Văn Ban",
    "Hoàng Thị Quỳnh Anh",
    "Giàng Thị Ngọc Mai Quyên",  # a fifth word: the long names' index
    "Phạm Quang Huy",
    "Lò Văn Quyết",
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the word-start indexes are PostgreSQL's")
@pytest.mark.parametrize("query", ["quy", "quyen", "van quy", "quang", "anh quy", "mai", "ban"])
@pytest.mark.parametrize("limit", [1, 2, 50])
def test_the_word_start_indexes_give_the_first_matches_in_name_order(tree, query, limit):
    load_histories(
        actor=None,
        histories=[
            History(
                person=person(name, "female" if " Thị " in name else "male", dt.date(1980, 1, 1 + i)),
                events=[HistoryEvent("admitted", dt.date(2015, 1, 1), tree.school_a)],
            )
            for i, name in enumerate(LONG_NAMES)
        ],
    )
    words = query.split()
    condition = selectors.search_condition(query)
    start = name_index.word_start(words)
    assert start is not None
    people = Person.objects.filter(condition)
    found = name_index.by_word_start(people, start, order=("name_sort", "id"), limit=limit)
    expected = list(people.order_by("name_sort", "id")[:limit])
    assert found == expected and found


def test_the_word_start_is_the_most_telling_word():
    assert name_index.word_start(["nguyen", "thi", "quynh"]) == "quy"
    assert name_index.word_start(["hoang", "giang"]) == "gia"
    assert name_index.word_start(["nguyen", "van"]) is None  # the commonest starts: the walk does better
    assert name_index.word_start(["an", "le"]) is None  # too short for three letters
