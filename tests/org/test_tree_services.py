"""The dated tree through its services: the tree as of dates around each operation, history, audit, rules."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.common.errors import DomainError, ScopeError
from congdoan.org import hooks, selectors, services
from congdoan.org.models import (
    OPEN_END,
    EventKind,
    Level,
    Status,
    Unit,
    UnitEvent,
    UnitVersion,
    WorkforceReport,
)
from factories import UnitFactory

D = dt.date(2025, 7, 1)
DAY_BEFORE = D - dt.timedelta(days=1)
LATER = dt.date(2026, 3, 1)
FOUNDED = dt.date(2020, 1, 1)

BEFORE_ANY_CHANGE = {
    "LC": ("TLD", "Liên đoàn Lao động tỉnh Lào Cai"),
    "BT": ("LC", "LĐLĐ huyện Bảo Thắng"),
    "BX": ("LC", "LĐLĐ huyện Bát Xát"),
    "SP": ("LC", "LĐLĐ thị xã Sa Pa"),
    "BT-01": ("BT", "Công đoàn cơ sở Trường Tiểu học Kim Đồng"),
    "BT-02": ("BT", "Công đoàn cơ sở Công ty Cổ phần Apatit"),
    "BX-01": ("BX", "Công đoàn cơ sở Trường Mầm non Bản Vược"),
    "BX-02": ("BX", "Công đoàn cơ sở Trạm Y tế xã Cốc San"),
    "SP-01": ("SP", "Công đoàn cơ sở Khách sạn Hoàng Liên"),
}


def snapshot(root: Unit, on: dt.date, *, include_inactive: bool = False) -> dict[str, tuple]:
    """{code: (parent code, name)} of the units under ``root`` on ``on`` (with status when inactive ones are asked)."""
    rows = selectors.subtree_versions(root, on, include_inactive=include_inactive).select_related(
        "unit", "parent"
    )
    if include_inactive:
        return {v.unit.code: (v.parent.code if v.parent else None, v.name, v.status) for v in rows}
    return {v.unit.code: (v.parent.code if v.parent else None, v.name) for v in rows}


def new_audit(since: int) -> list[tuple[str, str, str | None]]:
    """(action, object code or id, unit code) of the audit entries written after id ``since``, in order."""
    rows = AuditEntry.objects.filter(id__gt=since).select_related("unit").order_by("id")
    return [(e.action, e.object_repr, e.unit.code if e.unit else None) for e in rows]


def last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def transfers():
    """Records every call of the members' hook (merge, split, dissolve) during the test."""
    calls: list[hooks.UnitTransfer] = []
    hooks.on_unit_absorbed(calls.append)
    yield calls
    hooks._handlers.remove(calls.append)


# --------------------------------------------------------------------------
# the tree as of dates around each operation


def test_the_tree_before_any_change_is_the_founded_tree(tree):
    assert snapshot(tree.province, DAY_BEFORE) == BEFORE_ANY_CHANGE
    assert snapshot(tree.province, dt.date(2019, 12, 31)) == {}


def test_merge_of_two_districts_into_a_new_one_reads_back_on_three_dates(tree):
    merged = services.merge_units(
        actor=None,
        sources=[tree.a, tree.b],
        on=D,
        new_code="BT-BX",
        new_name="LĐLĐ liên huyện Bảo Thắng – Bát Xát",
    )

    assert snapshot(tree.province, DAY_BEFORE) == BEFORE_ANY_CHANGE
    after = {
        "LC": ("TLD", "Liên đoàn Lao động tỉnh Lào Cai"),
        "BT-BX": ("LC", "LĐLĐ liên huyện Bảo Thắng – Bát Xát"),
        "SP": ("LC", "LĐLĐ thị xã Sa Pa"),
        "BT-01": ("BT-BX", "Công đoàn cơ sở Trường Tiểu học Kim Đồng"),
        "BT-02": ("BT-BX", "Công đoàn cơ sở Công ty Cổ phần Apatit"),
        "BX-01": ("BT-BX", "Công đoàn cơ sở Trường Mầm non Bản Vược"),
        "BX-02": ("BT-BX", "Công đoàn cơ sở Trạm Y tế xã Cốc San"),
        "SP-01": ("SP", "Công đoàn cơ sở Khách sạn Hoàng Liên"),
    }
    assert snapshot(tree.province, D) == after
    assert snapshot(tree.province, LATER) == after
    # The merged districts are still there on the day, with their new status.
    with_inactive = snapshot(tree.province, D, include_inactive=True)
    assert with_inactive["BT"] == ("LC", "LĐLĐ huyện Bảo Thắng", Status.MERGED)
    assert with_inactive["BX"] == ("LC", "LĐLĐ huyện Bát Xát", Status.MERGED)
    # The subtree of a district on a past date is still its 2024 subtree.
    assert set(snapshot(tree.a, DAY_BEFORE)) == {"BT", "BT-01", "BT-02"}
    assert snapshot(tree.a, D) == {}
    assert set(snapshot(merged, D)) == {"BT-BX", "BT-01", "BT-02", "BX-01", "BX-02"}
    assert snapshot(merged, DAY_BEFORE) == {}


def test_merge_into_an_existing_unit_moves_the_children_there(tree):
    services.merge_units(actor=None, sources=[tree.b], into=tree.a, on=D)

    assert snapshot(tree.a, DAY_BEFORE) == {
        "BT": ("LC", "LĐLĐ huyện Bảo Thắng"),
        "BT-01": ("BT", "Công đoàn cơ sở Trường Tiểu học Kim Đồng"),
        "BT-02": ("BT", "Công đoàn cơ sở Công ty Cổ phần Apatit"),
    }
    assert set(snapshot(tree.a, D)) == {"BT", "BT-01", "BT-02", "BX-01", "BX-02"}
    tree.b.refresh_from_db()
    assert (tree.b.status, tree.b.successor, tree.b.ended_on) == (Status.MERGED, tree.a, D)


def test_history_of_a_merged_unit_is_intact(tree, transfers):
    merged = services.merge_units(
        actor=None, sources=[tree.a, tree.b], on=D, new_code="BT-BX", new_name="LĐLĐ liên huyện"
    )

    versions = list(UnitVersion.objects.filter(unit=tree.a).order_by("valid_from"))
    assert [(v.valid_from, v.valid_to, v.parent_id, v.name, v.status) for v in versions] == [
        (FOUNDED, D, tree.province.pk, "LĐLĐ huyện Bảo Thắng", Status.ACTIVE),
        (D, OPEN_END, tree.province.pk, "LĐLĐ huyện Bảo Thắng", Status.MERGED),
    ]
    assert [(e.kind, e.on) for e in tree.a.events.all()] == [
        (EventKind.FOUNDED, FOUNDED),
        (EventKind.MERGED, D),
    ]
    assert [(e.kind, e.on) for e in merged.events.all()] == [
        (EventKind.FOUNDED, D),
        (EventKind.ABSORBED, D),
    ]
    assert merged.events.get(kind=EventKind.ABSORBED).details == {"sources": ["BT", "BX"]}
    # A grassroots union of a merged district: under the district until D, under the new one from D.
    school = [(v.valid_from, v.valid_to, v.parent_id) for v in tree.a1.versions.order_by("valid_from")]
    assert school == [(FOUNDED, D, tree.a.pk), (D, OPEN_END, merged.pk)]
    assert [e.kind for e in tree.a1.events.all()] == [EventKind.FOUNDED, EventKind.MOVED]
    tree.a.refresh_from_db()
    assert tree.a.successor == merged
    assert list(merged.predecessors.order_by("code")) == [tree.a, tree.b]
    # Members follow: the hook is told where each source's members go, and from when.
    assert [(t.source.code, t.target.code, t.on) for t in transfers] == [
        ("BT", "BT-BX", D),
        ("BX", "BT-BX", D),
    ]


def test_move_changes_the_parent_from_its_date_only(tree):
    services.move_units(actor=None, units=[tree.b1], new_parent=tree.sapa, on=D)

    assert snapshot(tree.province, DAY_BEFORE) == BEFORE_ANY_CHANGE
    expected = {**BEFORE_ANY_CHANGE, "BX-01": ("SP", "Công đoàn cơ sở Trường Mầm non Bản Vược")}
    assert snapshot(tree.province, D) == expected
    assert snapshot(tree.province, LATER) == expected
    assert set(snapshot(tree.b, DAY_BEFORE)) == {"BX", "BX-01", "BX-02"}
    assert set(snapshot(tree.b, D)) == {"BX", "BX-02"}
    tree.b1.refresh_from_db()
    assert tree.b1.parent == tree.sapa
    assert tree.b1.path == tree.sapa.path + f"{tree.b1.pk:010d}."


def test_moving_a_unit_takes_its_whole_subtree_along(tree):
    branch = UnitFactory(
        parent=tree.b1, code="BX-01-1", name="Công đoàn bộ phận Tổ Văn phòng", level=Level.BRANCH
    )

    services.move_units(actor=None, units=[tree.b1], new_parent=tree.sapa, on=D)

    assert set(snapshot(tree.sapa, DAY_BEFORE)) == {"SP", "SP-01"}
    assert set(snapshot(tree.sapa, D)) == {"SP", "SP-01", "BX-01", "BX-01-1"}
    assert set(snapshot(tree.b, DAY_BEFORE)) == {"BX", "BX-01", "BX-01-1", "BX-02"}
    branch.refresh_from_db()
    assert branch.path.startswith(tree.sapa.path)


def test_moving_a_unit_on_the_day_of_its_last_change_takes_its_subtree_along(tree):
    branch = UnitFactory(
        parent=tree.b1, code="BX-01-1", name="Công đoàn bộ phận Tổ Văn phòng", level=Level.BRANCH
    )
    # A rename and a move on the same day, as a restructuring decision often does both.
    services.rename_unit(actor=None, unit=tree.b1, name="Công đoàn cơ sở Trường Mầm non Sa Pa", on=D)

    services.move_units(actor=None, units=[tree.b1], new_parent=tree.sapa, on=D)

    assert snapshot(tree.sapa, D) == {
        "SP": ("LC", "LĐLĐ thị xã Sa Pa"),
        "SP-01": ("SP", "Công đoàn cơ sở Khách sạn Hoàng Liên"),
        "BX-01": ("SP", "Công đoàn cơ sở Trường Mầm non Sa Pa"),
        "BX-01-1": ("BX-01", "Công đoàn bộ phận Tổ Văn phòng"),
    }
    assert set(snapshot(tree.b, D)) == {"BX", "BX-02"}
    branch.refresh_from_db()
    assert branch.path.startswith(tree.sapa.path)


def test_dissolve_moves_the_children_to_the_unit_named(tree, transfers):
    services.dissolve_unit(actor=None, unit=tree.sapa, on=D, children_to=tree.a)

    assert snapshot(tree.province, DAY_BEFORE) == BEFORE_ANY_CHANGE
    expected = {k: v for k, v in BEFORE_ANY_CHANGE.items() if k != "SP"}
    expected["SP-01"] = ("BT", "Công đoàn cơ sở Khách sạn Hoàng Liên")
    assert snapshot(tree.province, D) == expected
    assert snapshot(tree.province, LATER) == expected
    tree.sapa.refresh_from_db()
    assert (tree.sapa.status, tree.sapa.ended_on, tree.sapa.successor) == (Status.DISSOLVED, D, None)
    assert [(t.source.code, t.target, t.on) for t in transfers] == [("SP", None, D)]


def test_dissolve_of_a_unit_with_children_needs_a_choice(tree):
    with pytest.raises(DomainError, match="còn 1 đơn vị trực thuộc"):
        services.dissolve_unit(actor=None, unit=tree.sapa, on=D)
    assert snapshot(tree.province, D) == BEFORE_ANY_CHANGE


def test_dissolve_with_its_children_ends_the_whole_subtree(tree, transfers):
    services.dissolve_unit(actor=None, unit=tree.sapa, on=D, dissolve_children=True)

    assert set(snapshot(tree.province, D)) == set(BEFORE_ANY_CHANGE) - {"SP", "SP-01"}
    assert snapshot(tree.province, DAY_BEFORE) == BEFORE_ANY_CHANGE
    assert sorted((t.source.code, t.target) for t in transfers) == [("SP", None), ("SP-01", None)]


def test_rename_keeps_the_old_name_in_history_and_search(tree, users):
    services.rename_unit(actor=None, unit=tree.a, name="LĐLĐ thị xã Bảo Thắng", on=D)

    assert selectors.unit_on(tree.a, DAY_BEFORE).name == "LĐLĐ huyện Bảo Thắng"
    assert selectors.unit_on(tree.a, D).name == "LĐLĐ thị xã Bảo Thắng"
    assert list(tree.a.versions.order_by("valid_from").values_list("name", flat=True)) == [
        "LĐLĐ huyện Bảo Thắng",
        "LĐLĐ thị xã Bảo Thắng",
    ]
    event = tree.a.events.get(kind=EventKind.RENAMED)
    assert (event.on, event.details) == (D, {"old": "LĐLĐ huyện Bảo Thắng", "new": "LĐLĐ thị xã Bảo Thắng"})
    # Both the old and the new name find the unit, without diacritics.
    assert list(selectors.search_units(users.viewer, "huyen bao thang")) == [tree.a]
    assert list(selectors.search_units(users.viewer, "thi xa bao thang")) == [tree.a]


def test_split_gives_each_new_unit_its_children(tree, transfers):
    made = services.split_unit(
        actor=None,
        unit=tree.b,
        on=D,
        parts=[
            services.SplitPart(code="BX-N", name="Công đoàn khu vực Bát Xát Bắc", children=[tree.b1]),
            services.SplitPart(code="BX-S", name="Công đoàn khu vực Bát Xát Nam", children=[tree.b2]),
        ],
    )

    assert snapshot(tree.province, DAY_BEFORE) == BEFORE_ANY_CHANGE
    on_day = snapshot(tree.province, D)
    assert "BX" not in on_day
    assert on_day["BX-N"] == ("LC", "Công đoàn khu vực Bát Xát Bắc")
    assert on_day["BX-S"] == ("LC", "Công đoàn khu vực Bát Xát Nam")
    assert on_day["BX-01"] == ("BX-N", "Công đoàn cơ sở Trường Mầm non Bản Vược")
    assert on_day["BX-02"] == ("BX-S", "Công đoàn cơ sở Trạm Y tế xã Cốc San")
    assert all(u.level == Level.DISTRICT_FEDERATION for u in made)
    tree.b.refresh_from_db()
    assert (tree.b.status, tree.b.successor.code) == (Status.SPLIT, "BX-N")
    assert [(t.source.code, t.target.code) for t in transfers] == [("BX", "BX-N")]


def test_split_refuses_to_leave_a_child_without_a_new_parent(tree):
    with pytest.raises(DomainError, match="Còn 1 đơn vị trực thuộc chưa được giao"):
        services.split_unit(
            actor=None,
            unit=tree.b,
            on=D,
            parts=[
                services.SplitPart(code="BX-N", name="Bắc", children=[tree.b1]),
                services.SplitPart(code="BX-S", name="Nam"),
            ],
        )
    assert not Unit.objects.filter(code__in=["BX-N", "BX-S"]).exists()


# --------------------------------------------------------------------------
# preview


def test_preview_reports_the_change_and_leaves_the_database_unchanged(tree):
    counts = {m: m.objects.count() for m in (Unit, UnitVersion, UnitEvent, AuditEntry, WorkforceReport)}

    result = services.preview(
        services.merge_units,
        root=tree.province,
        on=D,
        actor=None,
        sources=[tree.a, tree.b],
        new_code="BT-BX",
        new_name="LĐLĐ liên huyện",
    )

    assert result.before[Level.DISTRICT_FEDERATION] == 3
    assert result.after[Level.DISTRICT_FEDERATION] == 2
    assert result.after[Level.GRASSROOTS] == 5
    assert any("Hợp nhất vào LĐLĐ liên huyện" in line for line in result.events)
    assert {m: m.objects.count() for m in counts} == counts
    assert snapshot(tree.province, D) == BEFORE_ANY_CHANGE
    assert not Unit.objects.filter(code="BT-BX").exists()


def test_preview_leaves_the_units_it_was_given_as_they_were(tree):
    services.preview(
        services.rename_unit, root=tree.province, on=D, actor=None, unit=tree.a, name="Tên thử xem trước"
    )

    assert Unit.objects.get(pk=tree.a.pk).name == "LĐLĐ huyện Bảo Thắng"
    # The page that shows the preview renders the same object: it must not show the new name as current.
    assert tree.a.name == "LĐLĐ huyện Bảo Thắng"


# --------------------------------------------------------------------------
# rules


def test_a_change_dated_before_a_later_change_is_refused(tree):
    services.rename_unit(actor=None, unit=tree.a, name="LĐLĐ thị xã Bảo Thắng", on=D)

    with pytest.raises(DomainError) as error:
        services.rename_unit(actor=None, unit=tree.a, name="Tên cũ hơn", on=dt.date(2025, 1, 1))
    assert str(error.value) == (
        "“LĐLĐ thị xã Bảo Thắng” đã có thay đổi từ ngày 01/07/2025; chỉ ghi được thay đổi từ ngày đó "
        "trở đi. Hãy nhập các thay đổi theo thứ tự thời gian."
    )
    with pytest.raises(DomainError, match="đã có thay đổi từ ngày 01/07/2025"):
        services.move_units(actor=None, units=[tree.a], new_parent=tree.confederation, on=dt.date(2025, 1, 1))
    assert list(tree.a.versions.values_list("name", flat=True)) == [
        "LĐLĐ huyện Bảo Thắng",
        "LĐLĐ thị xã Bảo Thắng",
    ]


def test_a_unit_cannot_move_under_itself_or_its_descendant(tree):
    for target in (tree.a, tree.a1):
        with pytest.raises(DomainError, match="vào chính đơn vị cấp dưới của nó"):
            services.move_units(actor=None, units=[tree.a], new_parent=target, on=D)
    assert snapshot(tree.province, D) == BEFORE_ANY_CHANGE


def test_a_unit_cannot_sit_under_a_unit_of_its_own_or_a_lower_level(tree):
    with pytest.raises(DomainError, match="không thể là cấp trên"):
        services.move_units(actor=None, units=[tree.a1], new_parent=tree.b1, on=D)
    with pytest.raises(DomainError, match="không thể là cấp trên"):
        services.move_units(actor=None, units=[tree.a], new_parent=tree.b, on=D)
    with pytest.raises(DomainError, match="không thể là cấp trên"):
        services.found_unit(
            actor=None, parent=tree.a1, code="X", name="LĐLĐ huyện Lạ", level=Level.DISTRICT_FEDERATION, on=D
        )
    assert snapshot(tree.province, D) == BEFORE_ANY_CHANGE


def test_operations_need_an_active_unit_on_their_date(tree):
    with pytest.raises(DomainError, match="không hoạt động vào ngày 31/12/2019"):
        services.rename_unit(actor=None, unit=tree.a, name="Trước khi lập", on=dt.date(2019, 12, 31))
    services.dissolve_unit(actor=None, unit=tree.b, on=D, dissolve_children=True)
    with pytest.raises(DomainError, match="không hoạt động"):
        services.move_units(actor=None, units=[tree.a1], new_parent=tree.b, on=LATER)


def test_found_refuses_a_code_already_used(tree):
    with pytest.raises(DomainError, match="“BT-01” đã được dùng"):
        services.found_unit(
            actor=None, parent=tree.a, code="bt-01", name="Trùng mã", level=Level.GRASSROOTS, on=D
        )


# --------------------------------------------------------------------------
# audit: every operation writes exactly its entries, with the actor


def _after(tree, users):
    return {
        "found": lambda: services.found_unit(
            actor=users.fed_admin,
            parent=tree.a,
            code="BT-03",
            name="Công đoàn cơ sở Mới",
            level=Level.GRASSROOTS,
            on=D,
        ),
        "rename": lambda: services.rename_unit(actor=users.fed_admin, unit=tree.a1, name="Tên mới", on=D),
        "move": lambda: services.move_units(actor=users.fed_admin, units=[tree.a1], new_parent=tree.b, on=D),
        "merge": lambda: services.merge_units(actor=users.fed_admin, sources=[tree.sapa], into=tree.a, on=D),
        "split": lambda: services.split_unit(
            actor=users.fed_admin,
            unit=tree.sapa,
            on=D,
            parts=[
                services.SplitPart(code="SP-N", name="Bắc Sa Pa", children=[tree.sapa1]),
                services.SplitPart(code="SP-S", name="Nam Sa Pa"),
            ],
        ),
        "dissolve": lambda: services.dissolve_unit(
            actor=users.fed_admin, unit=tree.sapa, on=D, children_to=tree.b
        ),
        "update": lambda: services.update_unit_details(
            actor=users.fed_admin, unit=tree.a1, employer="Trường Tiểu học Kim Đồng"
        ),
        "workforce": lambda: services.record_workforce(
            actor=users.fed_admin, unit=tree.a1, as_of=dt.date(2024, 12, 31), workers=42, women=30
        ),
    }


EXPECTED_AUDIT = {
    "found": [("unit.found", "Công đoàn cơ sở Mới", "BT-03")],
    "rename": [("unit.rename", "Tên mới", "BT-01")],
    "move": [("unit.move", "Công đoàn cơ sở Trường Tiểu học Kim Đồng", "BT-01")],
    "merge": [
        ("unit.move", "Công đoàn cơ sở Khách sạn Hoàng Liên", "SP-01"),
        ("unit.merged", "LĐLĐ thị xã Sa Pa", "SP"),
    ],
    "split": [
        ("unit.found", "Bắc Sa Pa", "SP-N"),
        ("unit.move", "Công đoàn cơ sở Khách sạn Hoàng Liên", "SP-01"),
        ("unit.found", "Nam Sa Pa", "SP-S"),
        ("unit.split", "LĐLĐ thị xã Sa Pa", "SP"),
    ],
    "dissolve": [
        ("unit.move", "Công đoàn cơ sở Khách sạn Hoàng Liên", "SP-01"),
        ("unit.dissolved", "LĐLĐ thị xã Sa Pa", "SP"),
    ],
    "update": [("unit.update", "Công đoàn cơ sở Trường Tiểu học Kim Đồng", "BT-01")],
    "workforce": [("unit.workforce", "Công đoàn cơ sở Trường Tiểu học Kim Đồng", "BT-01")],
}


@pytest.mark.parametrize("operation", sorted(EXPECTED_AUDIT))
def test_every_operation_writes_exactly_its_audit_entries(tree, users, operation):
    since = last_audit_id()

    _after(tree, users)[operation]()

    assert new_audit(since) == EXPECTED_AUDIT[operation]
    entries = AuditEntry.objects.filter(id__gt=since)
    assert {(e.actor_id, e.actor_name) for e in entries} == {(users.fed_admin.pk, "Nguyễn Thị Hương")}
    assert all(e.object_type == "org.unit" and e.object_id == str(e.unit_id) for e in entries)


def test_audit_entries_hold_what_changed(tree, users):
    since = last_audit_id()
    old_path = tree.a1.path

    services.rename_unit(actor=users.fed_admin, unit=tree.a1, name="Tên mới", on=D, reason="Quyết định 12")
    services.move_units(actor=users.fed_admin, units=[tree.a1], new_parent=tree.b, on=D)
    services.dissolve_unit(actor=users.fed_admin, unit=tree.a1, on=LATER)
    services.record_workforce(actor=users.fed_admin, unit=tree.a2, as_of=dt.date(2024, 12, 31), workers=40)
    services.record_workforce(actor=users.fed_admin, unit=tree.a2, as_of=dt.date(2024, 12, 31), workers=41)

    rename, move, dissolve, first_count, correction = AuditEntry.objects.filter(id__gt=since).order_by("id")
    name = "Công đoàn cơ sở Trường Tiểu học Kim Đồng"
    a_parent, b_parent = tree.a.pk, tree.b.pk
    new_path = tree.b.path + f"{tree.a1.pk:010d}."
    assert (rename.before, rename.after, rename.reason) == (
        {"parent": a_parent, "name": name, "status": "active", "path": old_path},
        {"parent": a_parent, "name": "Tên mới", "status": "active", "path": old_path},
        "Quyết định 12",
    )
    assert (move.before["parent"], move.after["parent"], move.after["path"]) == (a_parent, b_parent, new_path)
    assert (dissolve.before["status"], dissolve.after["status"], dissolve.after["successor"]) == (
        "active",
        "dissolved",
        None,
    )
    assert (first_count.before, first_count.after) == (
        None,
        {"as_of": "2024-12-31", "workers": 40, "women": None},
    )
    assert correction.before == {"workers": 40, "women": None}


def test_a_refused_operation_leaves_no_trace(tree, users):
    since = last_audit_id()
    events = UnitEvent.objects.count()

    with pytest.raises(DomainError):
        services.merge_units(
            actor=users.fed_admin, sources=[tree.a, tree.b], on=D, new_code="BT-01", new_name="X"
        )

    assert new_audit(since) == []
    assert UnitEvent.objects.count() == events
    assert snapshot(tree.province, D) == BEFORE_ANY_CHANGE


# --------------------------------------------------------------------------
# scope of the services


def test_an_officer_changes_only_inside_their_subtree_and_does_not_restructure(tree, users):
    services.rename_unit(actor=users.officer_a, unit=tree.a1, name="Tên do cán bộ huyện đặt", on=D)

    with pytest.raises(ScopeError, match="Bạn không có quyền"):
        services.rename_unit(actor=users.officer_a, unit=tree.b1, name="Ngoài phạm vi", on=D)
    with pytest.raises(ScopeError):
        services.move_units(actor=users.officer_a, units=[tree.a1], new_parent=tree.a, on=LATER)
    with pytest.raises(ScopeError):
        services.record_workforce(actor=users.officer_a, unit=tree.b1, as_of=D, workers=1)
    with pytest.raises(ScopeError):
        services.found_unit(
            actor=users.officer_a, parent=tree.b, code="BX-09", name="Ngoài", level=Level.GRASSROOTS, on=D
        )


def test_a_viewer_and_a_user_without_role_change_nothing(tree, users):
    for user in (users.viewer, users.norole):
        with pytest.raises(ScopeError):
            services.rename_unit(actor=user, unit=tree.a1, name="Không được", on=D)
        with pytest.raises(ScopeError):
            services.update_unit_details(actor=user, unit=tree.a1, employer="Không được")
        with pytest.raises(ScopeError):
            services.dissolve_unit(actor=user, unit=tree.sapa1, on=D)
    assert snapshot(tree.province, D) == BEFORE_ANY_CHANGE


def test_a_federation_admin_restructures_only_inside_the_province(tree, users):
    services.move_units(actor=users.fed_admin, units=[tree.a1], new_parent=tree.b, on=D)

    with pytest.raises(ScopeError):
        services.move_units(actor=users.fed_admin, units=[tree.province], new_parent=tree.confederation, on=D)
    with pytest.raises(ScopeError):
        services.found_unit(
            actor=users.fed_admin, parent=None, code="TOP", name="Đỉnh", level=Level.CONFEDERATION, on=D
        )
