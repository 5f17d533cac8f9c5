"""The dated tree: operations, the tree as of dates around them, history and audit."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.common.errors import DomainError, ScopeError
from congdoan.org import hooks, selectors, services
from congdoan.org.models import EventKind, Level, Status, Unit, UnitEvent, UnitVersion
from dated_tree import people, tree  # noqa: F401, E402 - fixtures

pytestmark = pytest.mark.django_db

MERGE_DAY = dt.date(2025, 7, 1)


def snapshot(root: Unit, on: dt.date) -> dict[str, tuple[str | None, str]]:
    """{code: (parent code, name)} of the active units under ``root`` on ``on``."""
    return {
        v.unit.code: (v.parent.code if v.parent else None, v.name)
        for v in selectors.subtree_versions(root, on).select_related("unit", "parent")
    }


def test_merge_of_two_districts_reads_back_on_three_dates(tree):
    merged = services.merge_units(
        actor=None,
        sources=[tree.district_a, tree.district_b],
        on=MERGE_DAY,
        new_code="C",
        new_name="Công đoàn xã Mới",
    )
    before = snapshot(tree.province, MERGE_DAY - dt.timedelta(days=1))
    on_day = snapshot(tree.province, MERGE_DAY)
    later = snapshot(tree.province, dt.date(2026, 1, 1))
    assert before == {
        "P": ("TLD", "Liên đoàn Lao động tỉnh Thử"),
        "A": ("P", "LĐLĐ huyện Bát Xát"),
        "B": ("P", "LĐLĐ huyện Bảo Thắng"),
        "A1": ("A", "CĐCS Trường Tiểu học Bản Xèo"),
        "A2": ("A", "CĐCS Công ty TNHH Hoàng Liên"),
        "A3": ("A", "CĐCS Cơ quan UBND xã Bát Xát"),
        "B1": ("B", "CĐCS Trường THCS Phong Hải"),
    }
    expected_after = {
        "P": ("TLD", "Liên đoàn Lao động tỉnh Thử"),
        "C": ("P", "Công đoàn xã Mới"),
        "A1": ("C", "CĐCS Trường Tiểu học Bản Xèo"),
        "A2": ("C", "CĐCS Công ty TNHH Hoàng Liên"),
        "A3": ("C", "CĐCS Cơ quan UBND xã Bát Xát"),
        "B1": ("C", "CĐCS Trường THCS Phong Hải"),
    }
    assert on_day == expected_after
    assert later == expected_after
    tree.district_a.refresh_from_db()
    assert tree.district_a.status == Status.MERGED
    assert tree.district_a.successor == merged
    assert tree.district_a.ended_on == MERGE_DAY


def test_history_of_a_merged_unit_stays_intact(tree):
    services.rename_unit(
        actor=None, unit=tree.district_a, name="LĐLĐ huyện Bát Xát (mới)", on=dt.date(2020, 1, 1)
    )
    services.merge_units(actor=None, sources=[tree.district_a], into=tree.district_b, on=MERGE_DAY)
    versions = list(UnitVersion.objects.filter(unit=tree.district_a).order_by("valid_from"))
    assert [(v.valid_from, v.name, v.status) for v in versions] == [
        (dt.date(2000, 1, 1), "LĐLĐ huyện Bát Xát", Status.ACTIVE),
        (dt.date(2020, 1, 1), "LĐLĐ huyện Bát Xát (mới)", Status.ACTIVE),
        (MERGE_DAY, "LĐLĐ huyện Bát Xát (mới)", Status.MERGED),
    ]
    assert [e.kind for e in UnitEvent.objects.filter(unit=tree.district_a).order_by("id")] == [
        EventKind.FOUNDED,
        EventKind.RENAMED,
        EventKind.MERGED,
    ]
    # The 2019 and 2021 trees still show the unit under its old names, with its children.
    assert snapshot(tree.province, dt.date(2019, 6, 1))["A"] == ("P", "LĐLĐ huyện Bát Xát")
    assert snapshot(tree.province, dt.date(2021, 6, 1))["A1"] == ("A", "CĐCS Trường Tiểu học Bản Xèo")
    assert UnitEvent.objects.filter(unit=tree.district_b, kind=EventKind.ABSORBED).count() == 1


def test_merge_calls_the_handlers_that_move_members(tree):
    calls = []

    def handler(event: hooks.UnitTransfer) -> None:
        calls.append((event.source.code, event.target.code if event.target else None, event.on))

    hooks.on_unit_absorbed(handler)
    try:
        services.merge_units(actor=None, sources=[tree.school_a], into=tree.company_a, on=MERGE_DAY)
        services.dissolve_unit(actor=None, unit=tree.school_b, on=MERGE_DAY)
    finally:
        hooks._handlers.remove(handler)
    assert calls == [("A1", "A2", MERGE_DAY), ("B1", None, MERGE_DAY)]


def test_move_reparents_the_whole_subtree_from_its_date(tree):
    branch = services.found_unit(
        actor=None,
        parent=tree.school_a,
        code="A1-1",
        name="Tổ Văn",
        level=Level.BRANCH,
        on=dt.date(2015, 1, 1),
    )
    services.move_units(actor=None, units=[tree.school_a], new_parent=tree.district_b, on=dt.date(2024, 1, 1))
    assert [u.code for u in selectors.ancestors_on(branch, dt.date(2023, 12, 31))] == ["TLD", "P", "A", "A1"]
    assert [u.code for u in selectors.ancestors_on(branch, dt.date(2024, 1, 1))] == ["TLD", "P", "B", "A1"]
    assert set(
        selectors.subtree_units(tree.district_b, dt.date(2024, 1, 1)).values_list("code", flat=True)
    ) == {
        "B",
        "B1",
        "A1",
        "A1-1",
    }
    branch.refresh_from_db()
    assert branch.path.startswith(tree.district_b.path)


def test_dissolve_moves_children_or_refuses_without_a_choice(tree):
    with pytest.raises(DomainError, match="còn 3 đơn vị trực thuộc"):
        services.dissolve_unit(actor=None, unit=tree.district_a, on=MERGE_DAY)
    services.dissolve_unit(actor=None, unit=tree.district_a, on=MERGE_DAY, children_to=tree.province)
    after = snapshot(tree.province, MERGE_DAY)
    assert "A" not in after
    assert after["A1"][0] == "P"
    assert snapshot(tree.province, MERGE_DAY - dt.timedelta(days=1))["A1"][0] == "A"


def test_dissolve_with_children_dissolves_the_whole_subtree(tree):
    services.dissolve_unit(actor=None, unit=tree.district_a, on=MERGE_DAY, dissolve_children=True)
    assert set(snapshot(tree.province, MERGE_DAY)) == {"P", "B", "B1"}
    assert Unit.objects.get(code="A2").status == Status.DISSOLVED


def test_split_gives_each_part_its_children(tree):
    parts = [
        services.SplitPart(code="A-N", name="LĐLĐ Bắc", children=[tree.school_a]),
        services.SplitPart(code="A-S", name="LĐLĐ Nam", children=[tree.company_a, tree.agency_a]),
    ]
    services.split_unit(actor=None, unit=tree.district_a, parts=parts, on=MERGE_DAY)
    after = snapshot(tree.province, MERGE_DAY)
    assert after["A1"][0] == "A-N"
    assert after["A2"][0] == after["A3"][0] == "A-S"
    assert "A" not in after
    assert Unit.objects.get(code="A").status == Status.SPLIT


def test_split_refuses_a_child_left_behind(tree):
    parts = [
        services.SplitPart(code="A-N", name="LĐLĐ Bắc", children=[tree.school_a]),
        services.SplitPart(code="A-S", name="LĐLĐ Nam", children=[tree.company_a]),
    ]
    with pytest.raises(DomainError, match="chưa được giao"):
        services.split_unit(actor=None, unit=tree.district_a, parts=parts, on=MERGE_DAY)
    assert not Unit.objects.filter(code__in=["A-N", "A-S"]).exists()


def test_a_change_dated_before_a_later_change_is_refused(tree):
    services.rename_unit(actor=None, unit=tree.school_a, name="Tên mới", on=dt.date(2024, 1, 1))
    with pytest.raises(DomainError, match="theo thứ tự thời gian"):
        services.rename_unit(actor=None, unit=tree.school_a, name="Tên khác", on=dt.date(2023, 1, 1))
    assert selectors.unit_on(tree.school_a, dt.date(2023, 6, 1)).name == "CĐCS Trường Tiểu học Bản Xèo"


def test_a_unit_cannot_move_under_its_own_descendant_or_a_lower_level(tree):
    with pytest.raises(DomainError, match="đơn vị cấp dưới"):
        services.move_units(actor=None, units=[tree.district_a], new_parent=tree.school_a, on=MERGE_DAY)
    with pytest.raises(DomainError, match="không thể là cấp trên"):
        services.move_units(actor=None, units=[tree.school_b], new_parent=tree.school_a, on=MERGE_DAY)


def test_preview_reports_counts_and_changes_nothing(tree):
    versions_before = UnitVersion.objects.count()
    audit_before = AuditEntry.objects.count()
    preview = services.preview(
        services.dissolve_unit,
        root=tree.province,
        on=MERGE_DAY,
        actor=None,
        unit=tree.district_a,
        children_to=tree.district_b,
    )
    rows = {label: (before, after) for label, before, after in preview.rows()}
    assert rows[Level.DISTRICT_FEDERATION.label] == (2, 1)
    assert rows[Level.GRASSROOTS.label] == (4, 4)
    assert any("Giải thể" in e for e in preview.events)
    assert UnitVersion.objects.count() == versions_before
    assert AuditEntry.objects.count() == audit_before
    assert Unit.objects.get(code="A").status == Status.ACTIVE


def test_found_refuses_a_duplicate_code_and_an_unknown_ward(tree):
    with pytest.raises(DomainError, match="đã được dùng"):
        services.found_unit(
            actor=None, parent=tree.district_a, code="a1", name="X", level=Level.GRASSROOTS, on=MERGE_DAY
        )
    with pytest.raises(DomainError, match="xã, phường không có"):
        services.found_unit(
            actor=None,
            parent=tree.district_a,
            code="NEW",
            name="X",
            level=Level.GRASSROOTS,
            on=MERGE_DAY,
            ward_code=1,
        )


@pytest.mark.parametrize(
    ("operation", "action"),
    [
        (
            lambda t, a: services.rename_unit(
                actor=a, unit=t.school_a, name="Mới", on=MERGE_DAY, reason="theo QĐ"
            ),
            "unit.rename",
        ),
        (
            lambda t, a: services.move_units(
                actor=a, units=[t.school_a], new_parent=t.district_b, on=MERGE_DAY
            ),
            "unit.move",
        ),
        (lambda t, a: services.dissolve_unit(actor=a, unit=t.school_a, on=MERGE_DAY), "unit.dissolved"),
        (
            lambda t, a: services.merge_units(actor=a, sources=[t.school_a], into=t.company_a, on=MERGE_DAY),
            "unit.merged",
        ),
        (
            lambda t, a: services.found_unit(
                actor=a, parent=t.district_a, code="N1", name="CĐCS Mới", level=Level.GRASSROOTS, on=MERGE_DAY
            ),
            "unit.found",
        ),
        (
            lambda t, a: services.update_unit_details(actor=a, unit=t.school_a, employer="Trường Bản Xèo"),
            "unit.update",
        ),
        (
            lambda t, a: services.record_workforce(actor=a, unit=t.school_a, as_of=MERGE_DAY, workers=42),
            "unit.workforce",
        ),
    ],
)
def test_every_operation_writes_its_audit_entry(tree, people, operation, action):
    operation(tree, people.province_admin)
    entry = AuditEntry.objects.filter(action=action).latest("id")
    assert entry.actor == people.province_admin
    assert entry.actor_name == str(people.province_admin)
    assert entry.unit is not None
    assert entry.after
    if action == "unit.rename":
        assert entry.before["name"] == "CĐCS Trường Tiểu học Bản Xèo"
        assert entry.after["name"] == "Mới"
        assert entry.reason == "theo QĐ"


def test_an_operation_refused_by_a_rule_leaves_no_audit_entry(tree, people):
    count = AuditEntry.objects.count()
    with pytest.raises(DomainError):
        services.rename_unit(actor=people.province_admin, unit=tree.school_a, name="", on=MERGE_DAY)
    assert AuditEntry.objects.count() == count


def test_officers_change_only_their_subtree_and_only_admins_restructure(tree, people):
    services.rename_unit(actor=people.officer_a, unit=tree.school_a, name="Đổi bởi huyện A", on=MERGE_DAY)
    with pytest.raises(ScopeError):
        services.rename_unit(actor=people.officer_a, unit=tree.school_b, name="Không được", on=MERGE_DAY)
    with pytest.raises(ScopeError):
        services.move_units(
            actor=people.officer_a, units=[tree.school_a], new_parent=tree.district_a, on=MERGE_DAY
        )
    with pytest.raises(ScopeError):
        services.rename_unit(actor=people.viewer, unit=tree.school_a, name="Không được", on=MERGE_DAY)
    assert Unit.objects.get(code="B1").name == "CĐCS Trường THCS Phong Hải"


def test_a_unit_merges_only_into_a_unit_of_the_same_tier(tree):
    with pytest.raises(DomainError, match="cùng cấp"):
        services.merge_units(actor=None, sources=[tree.school_a], into=tree.district_b, on=MERGE_DAY)
    assert Unit.objects.get(code="A1").status == Status.ACTIVE
