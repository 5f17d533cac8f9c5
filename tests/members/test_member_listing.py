"""The member list's pages: every way of reading them gives the same people in the same order.

``MemberListing`` chooses per page between walking the name index, one
pass over all ids, and sorting the ids of the page; these tests read every
page of small pages (where the walk pays) and compare them with the plain
ordered queryset.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.paginator import Paginator

from congdoan.members import selectors, services
from congdoan.members.services import History, HistoryEvent, load_histories
from dated_tree import people, tree  # noqa: F401
from member_data import person

ON = dt.date(2024, 6, 1)
NAMES = [
    "Nguyễn Văn An", "Lò Thị Ánh", "Sùng A Páo", "Trần Thị Bình", "Đỗ Văn Đức", "Hoàng Thị Hà",
    "Lê Văn Hải", "Vàng Seo Chư", "Phạm Thị Hằng", "Giàng Thị Mỷ", "Bùi Văn Long", "Mai Thị Sen",
]  # fmt: skip


@pytest.fixture
def members(tree):
    histories = []
    for i, name in enumerate(NAMES):
        unit = (tree.school_a, tree.company_a, tree.school_b)[i % 3]
        histories.append(
            History(
                person=person(
                    name,
                    "female" if " Thị " in name else "male",
                    dt.date(1970 + 2 * i, 1 + i % 12, 1 + i),
                    ethnicity="01" if i % 4 else "02",
                ),
                events=[HistoryEvent("admitted", dt.date(2015 + i % 5, 3, 1), unit)],
            )
        )
    people_ = load_histories(actor=None, histories=histories)
    # One leaves before the date, one joins after it: neither is on the list of ON.
    services.leave(actor=None, person=people_[0], on=dt.date(2023, 1, 1), reason="nghỉ hưu")
    late = load_histories(
        actor=None,
        histories=[
            History(
                person=person("Hà Văn Muộn", "male", dt.date(1990, 1, 1)),
                events=[HistoryEvent("admitted", dt.date(2025, 1, 1), tree.school_a)],
            )
        ],
    )
    return people_, late


def _pages(listing, size: int) -> list[list[int]]:
    paginator = Paginator(listing, size)
    return [[p.pk for p in paginator.page(n).object_list] for n in paginator.page_range]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"sort": "-name"},
        {"sort": "born"},
        {"gender": "female"},
        {"gender": "male", "sort": "-name"},
        {"ethnicity": "minority"},
        {"status": "members", "age_band": "30to39"},
        {"status": "former"},
        {"query": "van"},
    ],
)
@pytest.mark.parametrize("size", [1, 2, 5, 50])
def test_every_page_matches_the_ordered_queryset(tree, people, members, filters, size):
    listing = selectors.member_list(people.province_admin, tree.province, ON, **filters)
    expected = [p.pk for p in listing.people]
    assert listing.count() == len(expected)
    assert [pk for page in _pages(listing, size) for pk in page] == expected
    assert len(expected) > 0


@pytest.mark.parametrize("walk", [True, False])
@pytest.mark.parametrize("filters", [{}, {"sort": "-name"}, {"gender": "female"}])
def test_the_index_walk_and_the_sort_give_the_same_pages(tree, people, members, monkeypatch, filters, walk):
    monkeypatch.setattr(selectors.MemberListing, "_walk_pays", lambda self, stop: walk)
    monkeypatch.setattr(selectors.MemberListing, "ONE_PASS", 0)  # not the one-pass read either
    listing = selectors.member_list(people.province_admin, tree.province, ON, **filters)
    expected = [p.pk for p in listing.people]
    assert [pk for page in _pages(listing, 3) for pk in page] == expected


def test_the_list_of_a_date_is_who_belonged_then(tree, people, members):
    listed = {p.full_name for p in selectors.member_list(people.province_admin, tree.province, ON).people}
    assert "Nguyễn Văn An" not in listed  # left in 2023
    assert "Hà Văn Muộn" not in listed  # admitted in 2025
    assert len(listed) == len(NAMES) - 1
    later = selectors.member_list(people.province_admin, tree.province, dt.date(2025, 6, 1))
    assert "Hà Văn Muộn" in {p.full_name for p in later.people}


def test_a_unit_outside_the_scope_lists_nobody(tree, people, members):
    listing = selectors.member_list(people.officer_b, tree.district_a, ON)
    assert listing.count() == 0
    assert _pages(listing, 5) == [[]]
    own = selectors.member_list(people.officer_b, tree.district_b, ON)
    assert {p.unit_id for p in own.people} == {tree.school_b.pk}
    assert own.count() == 4


# --------------------------------------------------------------------------
# reading the one pass by current unit (the PostgreSQL path, forced on both databases)


@pytest.mark.parametrize("by_unit", [True, False])
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"sort": "-name"},
        {"sort": "joined"},
        {"sort": "-joined"},
        {"sort": "born"},
        {"sort": "-born"},
        {"sort": "unit"},
        {"gender": "female"},
        {"ethnicity": "minority"},
        {"age_band": "40to49", "sort": "-name"},
        {"query": "thi"},
        {"unit_kind": "private_enterprise"},
        {"status": "members", "gender": "male"},
    ],
)
def test_reading_by_current_unit_gives_the_ordered_queryset(
    tree, people, members, monkeypatch, filters, by_unit
):
    monkeypatch.setattr(selectors.MemberListing, "BY_CURRENT_UNIT", by_unit)
    monkeypatch.setattr(selectors.MemberListing, "_walk_pays", lambda self, stop: False)
    listing = selectors.member_list(people.province_admin, tree.province, ON, **filters)
    expected = [p.pk for p in listing.people]
    assert listing.count() == len(expected)
    assert [pk for page in _pages(listing, 4) for pk in page] == expected
    assert len(expected) > 0


def test_people_who_moved_since_the_date_are_listed_where_they_were(tree, people, members, monkeypatch):
    """Their current unit is elsewhere: the by-unit reading finds them through their spells."""
    monkeypatch.setattr(selectors.MemberListing, "BY_CURRENT_UNIT", True)
    people_, _late = members
    my = next(p for p in people_ if p.full_name == "Giàng Thị Mỷ")
    assert my.unit == tree.school_a
    services.transfer(actor=None, person=my, to_unit=tree.school_b, on=dt.date(2024, 9, 1))
    # Moved in after the date: in district A now, not on its list of ON.
    hang = next(p for p in people_ if p.full_name == "Phạm Thị Hằng")
    assert hang.unit == tree.school_b
    services.transfer(actor=None, person=hang, to_unit=tree.company_a, on=dt.date(2024, 9, 1))

    def names(root, day, **filters):
        listing = selectors.member_list(people.province_admin, root, day, **filters)
        ordered = [p.full_name for p in listing.people]
        assert [p.full_name for p in listing[0:50]] == ordered
        assert listing.count() == len(ordered)
        return ordered

    assert names(tree.district_a, ON, gender="female") == ["Lò Thị Ánh", "Trần Thị Bình", "Giàng Thị Mỷ"]
    assert names(tree.district_b, ON, gender="female") == ["Hoàng Thị Hà", "Phạm Thị Hằng", "Mai Thị Sen"]
    after = dt.date(2024, 10, 1)
    assert names(tree.district_a, after, gender="female") == ["Lò Thị Ánh", "Trần Thị Bình", "Phạm Thị Hằng"]
    assert names(tree.district_b, after, gender="female") == ["Hoàng Thị Hà", "Giàng Thị Mỷ", "Mai Thị Sen"]
    # Unfiltered, a page far from the top (no walk): the same.
    monkeypatch.setattr(selectors.MemberListing, "_walk_pays", lambda self, stop: False)
    plain = selectors.member_list(people.province_admin, tree.district_a, ON)
    assert [p.pk for p in plain[0:50]] == [p.pk for p in plain.people]


def test_postgresql_reads_filtered_lists_by_current_unit(tree, people, members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    listing = selectors.member_list(people.province_admin, tree.province, ON, gender="female")
    with CaptureQueriesContext(connection) as queries:
        listing.count()
    by_unit = any(q["sql"].startswith("WITH s(person_id)") for q in queries.captured_queries)
    assert by_unit == (connection.vendor == "postgresql")
