"""Vietnamese order and accentless search of people, identical on SQLite and PostgreSQL.

The suite runs on both databases; each test asserts one fixed expected
order, so both databases produce exactly that order.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import pytest

from congdoan.members import selectors
from congdoan.members.models import Person
from congdoan.members.services import History, HistoryEvent, load_histories
from dated_tree import people, tree  # noqa: F401
from member_data import person

#: Given names in Vietnamese alphabetical order: letters a ă â b c d đ e ê … o ô ơ … u ư y,
#: then tones (none, huyền, hỏi, ngã, sắc, nặng); every vowel and tone, d/đ, minority names.
GIVEN_IN_ORDER = [
    "An", "Anh", "Ánh", "Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Chư", "Diệp", "Dung", "Đào", "Đức",
    "Hà", "Hạ", "Hải", "Hằng", "Hân", "Hậu", "Hiền", "Hiếu", "Long", "Lộc", "Lợi", "My", "Mỷ",
    "Páo", "Sen", "Sướng", "Tú", "Tuấn", "Tư",
]  # fmt: skip
FAMILY = {"Páo": "Sùng A", "Sướng": "Lò Văn", "Mỷ": "Giàng Thị", "Chư": "Vàng Seo"}


def _load(tree, names: list[str]) -> list[Person]:
    histories = [
        History(
            person=person(
                name, "female" if " Thị " in name else "male", dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28)
            ),
            events=[HistoryEvent("admitted", dt.date(2015, 1, 1), tree.school_a)],
        )
        for i, name in enumerate(names)
    ]
    return load_histories(actor=None, histories=histories)


@pytest.fixture
def named(tree):
    names = [f"{FAMILY.get(g, 'Phạm Văn')} {g}" for g in GIVEN_IN_ORDER]
    # Same given name: the rest decides (đ < l < n).
    names += ["Nguyễn Văn An", "Đỗ Thị An", "Lê An"]
    names += ["Nguyễn Hoàng Giang", "Hoàng Văn Giang", "Giàng A Dình"]
    random.Random(7).shuffle(names)
    _load(tree, names)
    return tree


def test_people_sort_by_given_name_in_vietnamese_order(named):
    ordered = [p.full_name for p in Person.objects.order_by("name_sort", "id")]
    given = [name.split()[-1] for name in ordered]
    # Dình: d i n h after Diệp (d i ê p: ê < n), before Dung; Giang between Đức and Hà.
    expected = ["An", "An", "An", *GIVEN_IN_ORDER]
    expected.insert(expected.index("Dung"), "Dình")
    expected[expected.index("Hà") : expected.index("Hà")] = ["Giang", "Giang"]
    assert given == expected
    assert ordered[:5] == ["Đỗ Thị An", "Lê An", "Nguyễn Văn An", "Phạm Văn An", "Phạm Văn Anh"]
    assert ordered.index("Hoàng Văn Giang") + 1 == ordered.index("Nguyễn Hoàng Giang")


def test_the_whole_order_is_fixed(named):
    ordered = [p.full_name.split()[-1] for p in Person.objects.order_by("name_sort", "id")]
    assert [g for g in ordered if g in GIVEN_IN_ORDER and g != "An"] == GIVEN_IN_ORDER[1:]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hoang giang", {"Nguyễn Hoàng Giang", "Hoàng Văn Giang"}),
        ("hoàng gi", {"Nguyễn Hoàng Giang", "Hoàng Văn Giang"}),
        ("Giang Hoàng", {"Nguyễn Hoàng Giang", "Hoàng Văn Giang"}),
        ("HOANG", {"Nguyễn Hoàng Giang", "Hoàng Văn Giang"}),
        ("giang", {"Nguyễn Hoàng Giang", "Hoàng Văn Giang", "Giàng Thị Mỷ", "Giàng A Dình"}),
        ("sung a pao", {"Sùng A Páo"}),
        ("lo van suong", {"Lò Văn Sướng"}),
        ("giàng thị mỷ", {"Giàng Thị Mỷ"}),
        ("duc", {"Phạm Văn Đức"}),
        ("Đức", {"Phạm Văn Đức"}),
        ("dung", {"Phạm Văn Dung"}),
        ("oang", set()),  # words are matched from their start
        ("", set()),
    ],
)
def test_search_without_diacritics_and_by_partial_words(named, people, query, expected):
    found = {p.full_name for p in selectors.search_people(people.admin, query)}
    assert found == expected


def test_search_accepts_decomposed_input(named, people):
    query = unicodedata.normalize("NFD", "Hoàng Giang")
    assert len(selectors.search_people(people.admin, query)) == 2


def test_search_results_are_in_vietnamese_order(named, people):
    found = [p.full_name for p in selectors.search_people(people.admin, "van")]
    assert found == [
        p.full_name for p in Person.objects.filter(name_fold__contains=" van").order_by("name_sort", "id")
    ]
    assert found[0] == "Nguyễn Văn An"


def test_search_by_cccd_card_and_phone(tree, people):
    [p] = _load(tree, ["Lò Thị Sen"])
    Person.objects.filter(pk=p.pk).update(phone="0912345678", card_number="15240000017")
    for query in (p.cccd, "0912 345 678", "+84912345678", "15240000017"):
        assert [x.pk for x in selectors.search_people(people.admin, query)] == [p.pk], query


def test_search_is_scoped(named, people):
    assert selectors.search_people(people.officer_b, "giang") == []
    assert len(selectors.search_people(people.officer_a, "giang")) == 4
