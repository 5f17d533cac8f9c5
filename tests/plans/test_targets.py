"""Targets: setting, distributing down the tree, the sum check, achievement and percent of plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.common.errors import DomainError, ScopeError
from congdoan.members import services as members
from congdoan.org import services as org
from congdoan.org.models import Level
from congdoan.plans import indicators, selectors, services
from congdoan.plans.models import Target
from dated_tree import people, tree  # noqa: F401
from member_data import person

D = dt.date
NEW = "new_members"
UNIONS = "new_grassroots_unions"


# --------------------------------------------------------------------------
# percent of plan


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (4337, 3000, Decimal("144.56")),  # 144.5666… cut, not rounded to 144.57
        (3000, 3000, Decimal("100.00")),
        (2999, 3000, Decimal("99.96")),  # 99.9666…
        (2, 3, Decimal("66.66")),
        (1, 3, Decimal("33.33")),
        (0, 5, Decimal("0.00")),
        (10**30 - 1, 10**28, Decimal("9999.99")),  # no context precision rounding up to 10000
        (Decimal("36.5"), 40, Decimal("91.25")),
    ],
)
def test_percent_of_plan_is_cut_at_two_decimals(actual, target, expected):
    result = selectors.percent_of_plan(actual, target)
    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize("target", [0, None])
def test_percent_of_plan_without_a_target_is_none(target):
    assert selectors.percent_of_plan(10, target) is None


def test_percent_of_plan_of_an_exact_hundred_keeps_two_decimals():
    assert str(selectors.percent_of_plan(50, 50)) == "100.00"


def test_largest_remainder_adds_up_exactly():
    assert selectors.largest_remainder(3000, [1, 1, 1]) == [1000, 1000, 1000]
    assert selectors.largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    assert selectors.largest_remainder(10, [0, 0]) == [5, 5]
    assert sum(selectors.largest_remainder(4337, [17, 230, 5, 0, 911])) == 4337


# --------------------------------------------------------------------------
# setting and distributing


def admit(unit, on, name="Nguyễn Văn An", **extra):
    return members.admit(actor=None, unit=unit, on=on, person=person(name, **extra))


def test_the_province_sets_its_target_and_distributes_it_down_the_tree(tree, people):
    target = services.set_target(
        actor=people.province_admin, unit=tree.province, year=2024, indicator=NEW, value=100
    )
    assert target.assigned_by == tree.province and target.is_top and target.tree_on == D(2024, 1, 1)
    services.distribute(
        actor=people.province_admin,
        parent=tree.province,
        year=2024,
        indicator=NEW,
        values={tree.district_a: 70, tree.district_b: 30},
        tree_on=D(2024, 1, 1),
    )
    services.distribute(
        actor=people.officer_a,
        parent=tree.district_a,
        year=2024,
        indicator=NEW,
        values={tree.school_a: 30, tree.company_a: 25, tree.agency_a: 15},
        tree_on=D(2024, 1, 1),
    )
    got = {
        t.unit.code: (t.value, t.assigned_by.code)
        for t in Target.objects.select_related("unit", "assigned_by")
    }
    assert got == {
        "P": (100, "P"),
        "A": (70, "P"),
        "B": (30, "P"),
        "A1": (30, "A"),
        "A2": (25, "A"),
        "A3": (15, "A"),
    }
    entry = AuditEntry.objects.filter(action="plans.distribute").order_by("id").first()
    assert entry.unit_id == tree.province.pk
    assert entry.after["children"] == {"A": 70, "B": 30} and entry.after["target"] == 100
    assert selectors.mismatches(tree.province, 2024, D(2024, 6, 30), NEW) == [
        # B has not distributed to its grassroots union yet
        selectors.Mismatch(
            unit=tree.district_b,
            indicator=indicators.NEW_MEMBERS,
            target=30,
            children_total=0,
            children=1,
            without_target=[tree.school_b],
        )
    ]


def _province_target(tree, value=100):
    services.set_target(actor=None, unit=tree.province, year=2024, indicator=NEW, value=value)


def test_children_that_do_not_add_up_are_refused_with_the_difference_and_nothing_is_stored(tree, people):
    _province_target(tree, 3000)
    with pytest.raises(DomainError) as short:
        services.distribute(
            actor=people.province_admin,
            parent=tree.province,
            year=2024,
            indicator=NEW,
            values={tree.district_a: 2000, tree.district_b: 950},
            tree_on=D(2024, 1, 1),
        )
    assert short.value.code == "sum_mismatch"
    assert short.value.message == (
        "Tổng chỉ tiêu giao cho 2 đơn vị là 2.950, thiếu 50 so với chỉ tiêu 3.000 của Liên đoàn Lao động tỉnh Thử."
    )
    with pytest.raises(DomainError) as over:
        services.distribute(
            actor=people.province_admin,
            parent=tree.province,
            year=2024,
            indicator=NEW,
            values={tree.district_a: 2000, tree.district_b: 1250},
            tree_on=D(2024, 1, 1),
        )
    assert over.value.message == (
        "Tổng chỉ tiêu giao cho 2 đơn vị là 3.250, thừa 250 so với chỉ tiêu 3.000 của Liên đoàn Lao động tỉnh Thử."
    )
    assert Target.objects.count() == 1
    assert not AuditEntry.objects.filter(action="plans.distribute").exists()


def test_a_distribution_names_every_child_and_only_children(tree, people):
    _province_target(tree)
    with pytest.raises(DomainError) as missing:
        services.distribute(
            actor=None, parent=tree.province, year=2024, indicator=NEW,
            values={tree.district_a: 100}, tree_on=D(2024, 1, 1),
        )  # fmt: skip
    assert missing.value.code == "missing_child"
    assert missing.value.message == "Chưa giao chỉ tiêu cho LĐLĐ huyện Bảo Thắng."
    with pytest.raises(DomainError) as stranger:
        services.distribute(
            actor=None, parent=tree.province, year=2024, indicator=NEW,
            values={tree.district_a: 50, tree.district_b: 40, tree.school_b: 10}, tree_on=D(2024, 1, 1),
        )  # fmt: skip
    assert stranger.value.code == "not_a_child"
    with pytest.raises(DomainError) as negative:
        services.distribute(
            actor=None, parent=tree.province, year=2024, indicator=NEW,
            values={tree.district_a: 120, tree.district_b: -20}, tree_on=D(2024, 1, 1),
        )  # fmt: skip
    assert negative.value.message == "Giá trị chỉ tiêu không được âm."
    with pytest.raises(DomainError) as other_year:
        services.distribute(
            actor=None, parent=tree.province, year=2024, indicator=NEW,
            values={tree.district_a: 50, tree.district_b: 50}, tree_on=D(2025, 1, 1),
        )  # fmt: skip
    assert other_year.value.field == "tree_on"
    assert Target.objects.count() == 1


def test_a_unit_without_its_own_target_has_nothing_to_distribute(tree):
    with pytest.raises(DomainError) as error:
        services.distribute(
            actor=None, parent=tree.district_a, year=2024, indicator=NEW,
            values={tree.school_a: 1, tree.company_a: 1, tree.agency_a: 1}, tree_on=D(2024, 1, 1),
        )  # fmt: skip
    assert error.value.code == "no_parent_target"


def test_a_target_given_by_the_parent_is_changed_only_by_the_parent(tree, people):
    _province_target(tree)
    services.distribute(
        actor=None, parent=tree.province, year=2024, indicator=NEW,
        values={tree.district_a: 60, tree.district_b: 40}, tree_on=D(2024, 1, 1),
    )  # fmt: skip
    with pytest.raises(DomainError) as error:
        services.set_target(actor=people.officer_a, unit=tree.district_a, year=2024, indicator=NEW, value=10)
    assert error.value.code == "assigned_by_parent"
    assert error.value.message == (
        "Chỉ tiêu này do Liên đoàn Lao động tỉnh Thử giao; hãy sửa ở trang phân bổ của Liên đoàn Lao động tỉnh Thử."
    )
    assert selectors.target_value(tree.district_a, 2024, NEW) == 60


def test_only_officers_of_the_unit_may_set_or_distribute(tree, people):
    with pytest.raises(ScopeError):
        services.set_target(actor=people.officer_b, unit=tree.district_a, year=2024, indicator=NEW, value=5)
    with pytest.raises(ScopeError):
        services.set_target(actor=people.viewer, unit=tree.province, year=2024, indicator=NEW, value=5)
    _province_target(tree)
    with pytest.raises(ScopeError):
        services.distribute(
            actor=people.officer_a, parent=tree.province, year=2024, indicator=NEW,
            values={tree.district_a: 100, tree.district_b: 0}, tree_on=D(2024, 1, 1),
        )  # fmt: skip
    assert Target.objects.count() == 1


def test_unknown_indicator_and_year_are_refused(tree):
    with pytest.raises(DomainError) as unknown:
        services.set_target(actor=None, unit=tree.province, year=2024, indicator="sleep", value=5)
    assert unknown.value.message == "Chỉ tiêu không hợp lệ: “sleep”."
    with pytest.raises(DomainError) as year:
        services.set_target(actor=None, unit=tree.province, year=1990, indicator=NEW, value=5)
    assert year.value.field == "year"


def test_the_suggestion_follows_the_members_of_each_child(tree):
    for n in range(3):
        admit(tree.school_a, D(2020, 1, 1), f"Nguyễn Văn {n}")
    admit(tree.school_b, D(2020, 1, 1), "Lò Thị Mỷ", gender="female")
    _province_target(tree, 1000)
    rows = selectors.distribution_rows(tree.province, 2024, NEW, D(2024, 1, 1))
    assert [(r.unit.code, r.members, r.suggested, r.current) for r in rows] == [
        ("B", 1, 250, None),
        ("A", 3, 750, None),
    ]


def test_new_grassroots_union_targets_stop_above_the_grassroots(tree):
    services.set_target(actor=None, unit=tree.province, year=2024, indicator=UNIONS, value=5)
    assert selectors.distribution_rows(tree.district_a, 2024, UNIONS, D(2024, 1, 1)) == []
    assert [
        u.code
        for u in selectors.eligible_children(tree.province, D(2024, 1, 1), indicators.NEW_GRASSROOTS_UNIONS)
    ] == ["B", "A"]


def test_a_redistribution_after_a_merge_replaces_the_earlier_one(tree, people):
    services.set_target(actor=None, unit=tree.district_a, year=2024, indicator=NEW, value=60)
    services.distribute(
        actor=None, parent=tree.district_a, year=2024, indicator=NEW,
        values={tree.school_a: 20, tree.company_a: 20, tree.agency_a: 20}, tree_on=D(2024, 1, 1),
    )  # fmt: skip
    org.merge_units(actor=None, sources=[tree.agency_a], into=tree.company_a, on=D(2024, 7, 1))
    assert selectors.mismatches(tree.province, 2024, D(2024, 3, 1)) == []
    [gap] = selectors.mismatches(tree.province, 2024, D(2024, 7, 1))
    assert (gap.unit, gap.target, gap.children_total, gap.difference, gap.children) == (
        tree.district_a,
        60,
        40,
        -20,
        2,
    )
    services.distribute(
        actor=people.officer_a, parent=tree.district_a, year=2024, indicator=NEW,
        values={tree.school_a: 20, tree.company_a: 40}, tree_on=D(2024, 7, 1),
    )  # fmt: skip
    assert selectors.mismatches(tree.province, 2024, D(2024, 7, 1)) == []
    assert dict(
        Target.objects.filter(assigned_by=tree.district_a)
        .exclude(unit=tree.district_a)
        .values_list("unit__code", "value")
    ) == {
        "A1": 20,
        "A2": 40,
    }
    entry = AuditEntry.objects.filter(action="plans.distribute").latest("id")
    assert entry.after["removed"] == ["A3"] and entry.before == {"A1": 20, "A2": 20, "A3": 20}


# --------------------------------------------------------------------------
# achievement


def test_achievement_across_a_merge_counts_where_the_union_stood_then(tree):
    # A3 (under district A) admits two in March, then merges into B1 (district B) on 1 July.
    admit(tree.agency_a, D(2024, 3, 5), "Hoàng Văn Hải")
    admit(tree.agency_a, D(2024, 3, 6), "Vàng Thị Mai", gender="female")
    admit(tree.school_b, D(2024, 2, 1), "Lò Văn Sướng")
    org.merge_units(actor=None, sources=[tree.agency_a], into=tree.school_b, on=D(2024, 7, 1))
    admit(tree.school_b, D(2024, 9, 1), "Giàng A Páo")
    # a transfer in is not a new member
    moved = admit(tree.school_a, D(2019, 1, 1), "Đỗ Thị Hà", gender="female")
    members.transfer(actor=None, person=moved, to_unit=tree.school_b, on=D(2024, 10, 1))

    services.set_target(actor=None, unit=tree.province, year=2024, indicator=NEW, value=3)
    services.distribute(
        actor=None, parent=tree.province, year=2024, indicator=NEW,
        values={tree.district_a: 2, tree.district_b: 1}, tree_on=D(2024, 1, 1),
    )  # fmt: skip
    assert selectors.achievement(tree.district_a, 2024, NEW) == 2
    assert selectors.achievement(tree.district_b, 2024, NEW) == 2
    assert selectors.achievement(tree.province, 2024, NEW) == 4
    assert selectors.achievement(tree.agency_a, 2024, NEW) == 2
    assert selectors.achievement(tree.district_a, 2024, NEW, D(2024, 3, 5)) == 1
    assert selectors.percent(tree.province, 2024, NEW) == Decimal("133.33")
    assert selectors.percent(tree.district_b, 2024, NEW, D(2024, 6, 30)) == Decimal("100.00")
    done = selectors.achievements(tree.province, 2024, NEW)
    assert (done[tree.province.pk], done[tree.district_a.pk], done[tree.district_b.pk]) == (4, 2, 2)
    assert (done[tree.agency_a.pk], done[tree.school_b.pk]) == (2, 2)
    assert selectors.targets_met(tree.province, 2024, NEW) == (3, 3)
    assert selectors.targets_met(tree.province, 2024, NEW, D(2024, 3, 4)) == (1, 3)  # B met its 1 in February
    assert selectors.new_members_percent(tree.province, D(2024, 1, 1), D(2024, 12, 31)) == Decimal("133.33")
    assert selectors.targets_met_count(tree.province, D(2024, 1, 1), D(2024, 12, 31)) == {
        NEW: {"met": 3, "with_target": 3},
        UNIONS: {"met": 0, "with_target": 0},
    }


def test_new_grassroots_unions_are_founded_ones_not_reorganised_ones(tree):
    org.found_unit(
        actor=None, parent=tree.district_a, code="A9", name="CĐCS Công ty TNHH Mới", level=Level.GRASSROOTS,
        on=D(2024, 4, 1),
    )  # fmt: skip
    org.found_unit(
        actor=None, parent=tree.district_b, code="B9", name="CĐCS Hợp tác xã Chè", level=Level.GRASSROOTS,
        on=D(2023, 12, 31),
    )  # fmt: skip
    org.merge_units(
        actor=None,
        sources=[tree.school_a, tree.company_a],
        new_code="A8",
        new_name="CĐCS Hợp nhất",
        on=D(2024, 5, 1),
    )
    start, end = D(2024, 1, 1), D(2024, 12, 31)
    assert indicators.grassroots_founded(tree.district_a, start, end) == 1
    assert indicators.grassroots_founded(tree.district_b, start, end) == 0
    assert indicators.grassroots_founded(tree.province, start, end) == 1
    assert indicators.grassroots_founded(tree.province, D(2023, 1, 1), D(2023, 12, 31)) == 1
    # moved to B afterwards: still counts for A, where it was founded
    org.move_units(
        actor=None,
        units=[tree.district_a.current_children.get(code="A9")],
        new_parent=tree.district_b,
        on=D(2024, 8, 1),
    )
    assert indicators.grassroots_founded(tree.district_a, start, end) == 1
    assert indicators.grassroots_founded(tree.district_b, start, end) == 0
    services.set_target(actor=None, unit=tree.province, year=2024, indicator=UNIONS, value=2)
    assert selectors.percent(tree.province, 2024, UNIONS) == Decimal("50.00")


def test_overview_lists_the_units_target_and_each_child(tree):
    admit(tree.school_a, D(2024, 3, 1), "Hoàng Văn Hải")
    services.set_target(actor=None, unit=tree.province, year=2024, indicator=NEW, value=3)
    services.distribute(
        actor=None, parent=tree.province, year=2024, indicator=NEW,
        values={tree.district_a: 2, tree.district_b: 1}, tree_on=D(2024, 1, 1),
    )  # fmt: skip
    [new, unions] = selectors.overview(tree.province, 2024, D(2024, 12, 31))
    assert (new.own.target, new.own.actual, new.own.percent) == (3, 1, Decimal("33.33"))
    assert [(r.unit.code, r.target, r.actual, r.percent, r.has_children) for r in new.children] == [
        ("B", 1, 0, Decimal("0.00"), True),
        ("A", 2, 1, Decimal("50.00"), True),
    ]
    assert new.children_target_total == 3
    assert unions.own.target is None and unions.own.percent is None
