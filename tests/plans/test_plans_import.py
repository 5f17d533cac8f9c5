"""The "targets" import: rows checked one by one, sums per parent, all or nothing, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.imports.records import ImportRefused, import_records
from congdoan.plans import services
from congdoan.plans.models import Target
from dated_tree import people, tree  # noqa: F401

D = dt.date


def csv(*rows: str) -> bytes:
    return ("\n".join(["Đơn vị,Chỉ tiêu,Năm,Giá trị", *rows]) + "\n").encode("utf-8")


def run(data: bytes, actor, **kw):
    return import_records("targets", data, actor=actor, filename="chi-tieu.csv", **kw)


def stored() -> dict:
    return {
        (t.unit.code, t.indicator): (t.value, t.assigned_by.code)
        for t in Target.objects.select_related("unit", "assigned_by")
    }


def test_a_whole_distribution_is_imported_with_who_assigned_each(tree, people):
    result = run(
        csv(
            'P,Kết nạp đoàn viên mới,2024,"3.000"',
            "A,Kết nạp đoàn viên mới,2024,2000",
            "B,Kết nạp đoàn viên,2024,1000",
            "A1,new_members,2024,1000",
            "A2,new_members,2024,600",
            "A3,new_members,2024,400",
            "B1,new_members,2024,1000",
            "P,Thành lập CĐCS,2024,5",
        ),
        people.province_admin,
    )
    assert (result.error_count, result.created, result.written) == (0, 8, True)
    assert stored() == {
        ("P", "new_members"): (3000, "P"),
        ("A", "new_members"): (2000, "P"),
        ("B", "new_members"): (1000, "P"),
        ("A1", "new_members"): (1000, "A"),
        ("A2", "new_members"): (600, "A"),
        ("A3", "new_members"): (400, "A"),
        ("B1", "new_members"): (1000, "B"),
        ("P", "new_grassroots_unions"): (5, "P"),
    }
    assert AuditEntry.objects.filter(action="plans.load").count() == 1
    assert AuditEntry.objects.get(action="targets.import").after["created"] == 8


def test_sums_that_do_not_add_up_refuse_the_file_naming_the_parents_row(tree, people):
    with pytest.raises(ImportRefused) as refused:
        run(
            csv(
                "P,new_members,2024,3000",
                "A,new_members,2024,2000",
                "B,new_members,2024,950",
            ),
            people.province_admin,
        )
    assert str(refused.value) == (
        "dòng 2 (trang chi-tieu.csv): Tổng chỉ tiêu giao cho 2 đơn vị là 2.950, thiếu 50 so với chỉ tiêu 3.000 của Liên đoàn Lao động tỉnh Thử."
    )
    assert Target.objects.count() == 0


def test_rows_are_checked_and_one_bad_row_rejects_the_file(tree, people):
    result = run(
        csv(
            "P,new_members,2024,30",
            "A,new_members,2024,-5",
            "B,ngủ trưa,2024,10",
            "A1,new_grassroots_unions,2024,1",
            "ZZ,new_members,2024,1",
            "P,new_members,2024,31",
            "A2,new_members,1990,1",
        ),
        people.province_admin,
    )
    codes = sorted((e.row, e.code) for e in result.errors)
    assert codes == [
        (3, "value_negative"),
        (4, "choice_unknown"),
        (5, "level_without_target"),
        (6, "unit_unknown"),
        (7, "duplicate_in_file"),
        (8, "year_invalid"),
    ]
    assert not result.written and Target.objects.count() == 0


def test_an_officer_cannot_import_over_the_target_the_province_gave(tree, people):
    services.set_target(actor=None, unit=tree.province, year=2024, indicator="new_members", value=30)
    services.distribute(
        actor=None, parent=tree.province, year=2024, indicator="new_members",
        values={tree.district_a: 20, tree.district_b: 10}, tree_on=D(2024, 1, 1),
    )  # fmt: skip
    result = run(csv("A,new_members,2024,25", "B1,new_members,2024,1"), people.officer_a)
    assert sorted((e.row, e.code) for e in result.errors) == [(2, "assigned_by_parent"), (3, "unit_unknown")]
    ok = run(
        csv("A1,new_members,2024,10", "A2,new_members,2024,5", "A3,new_members,2024,5"), people.officer_a
    )
    assert ok.written and ok.created == 3
    assert stored()[("A1", "new_members")] == (10, "A")
