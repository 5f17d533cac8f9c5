"""Restructuring plans: the 2025 reform on a small province, preview, all-or-nothing, CSV, scope."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from congdoan.accounts.models import AuditEntry, RoleKind
from congdoan.common.errors import DomainError, ScopeError
from congdoan.org import hooks, selectors, services
from congdoan.org.models import Level, Status, Unit, UnitEvent, UnitKind, UnitVersion
from congdoan.org.restructure import (
    CSV_HEADER,
    Plan,
    Step,
    apply_plan,
    plan_2025_reform,
    preview_plan,
)
from factories import UserFactory, grant

pytestmark = pytest.mark.django_db

FOUNDED = dt.date(2010, 1, 1)
AGENCIES_DAY = dt.date(2025, 6, 1)
REFORM_DAY = dt.date(2025, 7, 1)


@pytest.fixture
def province() -> SimpleNamespace:
    """A small Lào Cai: two district federations, a commune union, a sector and an industrial-zone union.

    ::

        TLD → LC
              ├── BX  LĐLĐ huyện Bát Xát: BX-TH, BX-TYT (xã Bát Xát), BX-UB (agency, xã Cốc San),
              │                            BX-CT (no ward) with its branch BX-CT-1
              ├── TP  LĐLĐ thành phố Lào Cai: TP-MN (phường Cam Đường), TP-CT (phường Lào Cai)
              ├── XLC Công đoàn phường Lào Cai (from 2025-01-01)
              ├── VC  Công đoàn Viên chức tỉnh: VC-STC (agency), VC-TT
              └── KCN Công đoàn các Khu công nghiệp: KCN-01
    """
    units: dict[str, Unit] = {}

    def found(code, parent, name, level, *, kind="", ward=None, on=FOUNDED):  # type: ignore[no-untyped-def]
        units[code] = services.found_unit(
            actor=None,
            parent=units[parent] if parent else None,
            code=code,
            name=name,
            level=level,
            kind=kind,
            province_code=15 if ward else None,
            ward_code=ward,
            on=on,
        )

    g = Level.GRASSROOTS
    found("TLD", None, "Tổng Liên đoàn Lao động Việt Nam", Level.CONFEDERATION)
    found("LC", "TLD", "Liên đoàn Lao động tỉnh Lào Cai", Level.PROVINCE_FEDERATION)
    Unit.objects.filter(code="LC").update(province_code=15)
    units["LC"].refresh_from_db()
    found("BX", "LC", "LĐLĐ huyện Bát Xát", Level.DISTRICT_FEDERATION)
    found("TP", "LC", "LĐLĐ thành phố Lào Cai", Level.DISTRICT_FEDERATION)
    found("VC", "LC", "Công đoàn Viên chức tỉnh Lào Cai", Level.SECTOR_UNION)
    found("KCN", "LC", "Công đoàn các Khu công nghiệp tỉnh Lào Cai", Level.INDUSTRIAL_ZONE_UNION)
    found("BX-TH", "BX", "CĐCS Trường Tiểu học Bát Xát", g, kind=UnitKind.PUBLIC_SERVICE_UNIT, ward=2683)
    found("BX-TYT", "BX", "CĐCS Trạm Y tế xã Bát Xát", g, kind=UnitKind.PUBLIC_SERVICE_UNIT, ward=2683)
    found("BX-UB", "BX", "CĐCS cơ quan UBND xã Cốc San", g, kind=UnitKind.ADMINISTRATIVE_AGENCY, ward=2746)
    found("BX-CT", "BX", "CĐCS Công ty TNHH Hoàng Liên", g, kind=UnitKind.PRIVATE_ENTERPRISE)
    found("BX-CT-1", "BX-CT", "Công đoàn bộ phận Phân xưởng 1", Level.BRANCH)
    found("TP-MN", "TP", "CĐCS Trường Mầm non Hoa Ban", g, kind=UnitKind.PUBLIC_SERVICE_UNIT, ward=2674)
    found("TP-CT", "TP", "CĐCS Công ty Cổ phần Cấp nước", g, kind=UnitKind.STATE_ENTERPRISE, ward=2647)
    found("XLC", "LC", "Công đoàn phường Lào Cai", Level.COMMUNE_UNION, ward=2647, on=dt.date(2025, 1, 1))
    found("VC-STC", "VC", "CĐCS Sở Tài chính", g, kind=UnitKind.ADMINISTRATIVE_AGENCY, ward=2674)
    found("VC-TT", "VC", "CĐCS Trung tâm Lưu trữ lịch sử", g, kind=UnitKind.PUBLIC_SERVICE_UNIT, ward=2674)
    found(
        "KCN-01", "KCN", "CĐCS Công ty TNHH Khoáng sản Việt Trung", g, kind=UnitKind.FDI_ENTERPRISE, ward=2908
    )
    return SimpleNamespace(**{code.replace("-", "_").lower(): unit for code, unit in units.items()})


def snapshot(root: Unit, on: dt.date) -> dict[str, str | None]:
    """{code: parent code} of the active units under ``root`` on ``on``."""
    return {
        v.unit.code: v.parent.code if v.parent else None
        for v in selectors.subtree_versions(root, on).select_related("unit", "parent")
    }


TREE_2024 = {
    "LC": "TLD",
    "BX": "LC",
    "TP": "LC",
    "VC": "LC",
    "KCN": "LC",
    "BX-TH": "BX",
    "BX-TYT": "BX",
    "BX-UB": "BX",
    "BX-CT": "BX",
    "BX-CT-1": "BX-CT",
    "TP-MN": "TP",
    "TP-CT": "TP",
    "VC-STC": "VC",
    "VC-TT": "VC",
    "KCN-01": "KCN",
}


def test_the_2025_reform_reads_back_as_expected_on_three_dates(province):
    plan = plan_2025_reform(actor=None, province=province.lc)
    result = apply_plan(actor=None, plan=plan, decision="QĐ 01/2025")

    assert snapshot(province.lc, dt.date(2024, 12, 31)) == TREE_2024
    agencies_gone = {code: parent for code, parent in TREE_2024.items() if code not in {"BX-UB", "VC-STC"}}
    assert snapshot(province.lc, dt.date(2025, 6, 15)) == {**agencies_gone, "XLC": "LC"}
    assert snapshot(province.lc, REFORM_DAY) == {
        "LC": "TLD",
        "VC": "LC",
        "KCN": "LC",
        "XLC": "LC",
        "CDX-15-02683": "LC",
        "CDX-15-02674": "LC",
        "BX-TH": "CDX-15-02683",
        "BX-TYT": "CDX-15-02683",
        "TP-MN": "CDX-15-02674",
        "TP-CT": "XLC",
        "BX-CT": "LC",
        "BX-CT-1": "BX-CT",
        "VC-TT": "VC",
        "KCN-01": "KCN",
    }
    assert Unit.objects.get(code="CDX-15-02683").name == "Công đoàn xã Bát Xát"
    assert Unit.objects.get(code="CDX-15-02674").name == "Công đoàn phường Cam Đường"
    assert Unit.objects.get(code="CDX-15-02674").level == Level.COMMUNE_UNION
    for code in ("BX", "TP", "BX-UB", "VC-STC"):
        assert Unit.objects.get(code=code).status == Status.DISSOLVED
    assert result.counts == {"dissolve": 4, "found": 2, "move": 5}
    batch_events = UnitEvent.objects.filter(batch=result.batch)
    assert batch_events.count() == 11
    assert set(batch_events.values_list("decision", flat=True)) == {"QĐ 01/2025"}


def test_the_2025_plan_orders_each_day_found_then_move_then_dissolve(province):
    plan = plan_2025_reform(actor=None, province=province.lc)

    ops = [(step.on, step.op) for step in plan.steps]
    assert ops == sorted(ops, key=lambda item: (item[0], ["found", "move", "dissolve"].index(item[1])))
    assert dict(plan.summary()) == {
        "Giải thể CĐCS khối hành chính": 2,
        "Thành lập công đoàn xã, phường": 2,
        "Chuyển công đoàn cơ sở": 5,
        "Giải thể LĐLĐ huyện": 2,
    }
    sentences = {step.describe() for step in plan.steps}
    assert "01/07/2025: chuyển CĐCS Trường Tiểu học Bát Xát về Công đoàn xã Bát Xát" in sentences
    assert "01/06/2025: giải thể CĐCS Sở Tài chính" in sentences


def test_members_of_dissolved_agencies_leave_the_union_through_the_hooks(province, monkeypatch):
    transfers: list[hooks.UnitTransfer] = []
    monkeypatch.setattr(hooks, "_handlers", [transfers.append])

    apply_plan(actor=None, plan=plan_2025_reform(actor=None, province=province.lc))

    left = {(t.source.code, t.on) for t in transfers if t.target is None}
    assert ("BX-UB", AGENCIES_DAY) in left
    assert ("VC-STC", AGENCIES_DAY) in left


def test_preview_counts_before_and_after_and_changes_nothing(province):
    plan = plan_2025_reform(actor=None, province=province.lc)
    stored = [m.objects.count() for m in (Unit, UnitVersion, UnitEvent, AuditEntry)]

    preview = preview_plan(actor=None, plan=plan)

    assert preview.error is None
    assert preview.steps_applied == len(plan.steps)
    assert preview.before_date == dt.date(2025, 5, 31)
    rows = {label: (before, after) for label, before, after in preview.rows()}
    assert rows["Liên đoàn Lao động huyện, thị xã, thành phố"] == (2, 0)
    assert rows["Công đoàn xã, phường, đặc khu"] == (1, 3)
    assert rows["Công đoàn cơ sở"] == (9, 7)
    assert [m.objects.count() for m in (Unit, UnitVersion, UnitEvent, AuditEntry)] == stored
    assert snapshot(province.lc, REFORM_DAY) == {**TREE_2024, "XLC": "LC"}


def test_a_failing_step_rolls_the_whole_plan_back(province):
    plan = Plan(
        title="Thử",
        root=province.lc,
        steps=[
            Step("found", REFORM_DAY, "CDX-NEW", "LC", name="Công đoàn xã Mới", level=Level.COMMUNE_UNION),
            Step("move", REFORM_DAY, "BX-TH", "CDX-NEW"),
            # A grassroots union cannot sit under another grassroots union.
            Step("move", REFORM_DAY, "BX-TYT", "KCN-01"),
            Step("dissolve", REFORM_DAY, "BX", "LC"),
        ],
    )
    stored = [m.objects.count() for m in (Unit, UnitVersion, UnitEvent, AuditEntry)]

    with pytest.raises(DomainError, match="Bước 3"):
        apply_plan(actor=None, plan=plan)

    assert [m.objects.count() for m in (Unit, UnitVersion, UnitEvent, AuditEntry)] == stored
    assert not Unit.objects.filter(code="CDX-NEW").exists()
    assert snapshot(province.lc, REFORM_DAY)["BX-TH"] == "BX"
    preview = preview_plan(actor=None, plan=plan)
    assert preview.error is not None and preview.error.startswith("Bước 3")
    assert preview.steps_applied == 2


def test_a_plan_round_trips_through_csv(province):
    plan = plan_2025_reform(actor=None, province=province.lc)
    text = plan.to_csv()

    again = Plan.from_csv(text, root=province.lc)

    assert text.splitlines()[0] == ",".join(CSV_HEADER)
    assert again.steps == plan.steps
    assert again.to_csv() == text
    assert [s.describe() for s in again.steps] == [s.describe() for s in plan.steps]


def test_a_plan_note_that_looks_like_a_formula_is_guarded_in_the_csv(province):
    plan = plan_2025_reform(actor=None, province=province.lc)
    plan.steps[0].note = "=1+1"
    text = plan.to_csv()
    assert ",'=1+1" in text
    assert Plan.from_csv(text, root=province.lc).steps[0].note == "=1+1"


def test_a_spreadsheet_csv_with_semicolons_and_vietnamese_dates_is_read():
    text = (
        "ngay;thao_tac;ma_don_vi;ma_don_vi_dich;ten;cap;ma_xa;ghi_chu\n"
        "01/07/2025;thanh_lap;cdx-a;LC;Công đoàn xã A;commune_union;2683;\n"
    )
    root = services.found_unit(
        actor=None, parent=None, code="LC", name="LĐLĐ tỉnh", level=Level.PROVINCE_FEDERATION, on=FOUNDED
    )

    plan = Plan.from_csv(text, root=root)

    assert plan.steps == [
        Step(
            "found",
            REFORM_DAY,
            "CDX-A",
            "LC",
            name="Công đoàn xã A",
            level=Level.COMMUNE_UNION,
            ward_code=2683,
        )
    ]


def test_a_csv_with_bad_rows_names_every_bad_row(province):
    text = "\n".join(
        [
            ",".join(CSV_HEADER),
            "2025-07-01,chuyen,BX-TH,LC,,,,",
            "2025-13-01,chuyen,BX-TYT,LC,,,,",
            "2025-07-01,xoay,BX-CT,LC,,,,",
            "2025-07-01,chuyen,KHONG-CO,LC,,,,",
            "2025-07-01,thanh_lap,CDX-X,LC,,commune_union,99999999,",
            "2025-07-01,giai_the,BX,LC,,,,",
        ]
    )

    with pytest.raises(DomainError) as caught:
        Plan.from_csv(text, root=province.lc)

    lines = caught.value.message.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]
    assert "2025-13-01" in lines[0]
    assert "xoay" in lines[1]
    assert "KHONG-CO" in lines[2]
    assert "thiếu tên" in lines[3] and "99999999" in lines[3]


def test_a_csv_without_the_header_is_refused(province):
    with pytest.raises(DomainError, match="dòng tiêu đề"):
        Plan.from_csv("2025-07-01,chuyen,BX-TH,LC\n", root=province.lc)


def test_only_users_who_may_restructure_the_province_run_its_plan(province):
    plan = plan_2025_reform(actor=None, province=province.lc)
    officer = grant(UserFactory(), province.lc, RoleKind.OFFICER)
    district_admin = grant(UserFactory(), province.bx, RoleKind.FEDERATION_ADMIN)
    province_admin = grant(UserFactory(), province.lc, RoleKind.FEDERATION_ADMIN)

    for user in (officer, district_admin):
        with pytest.raises(ScopeError):
            plan_2025_reform(actor=user, province=province.lc)
        with pytest.raises(ScopeError):
            preview_plan(actor=user, plan=plan)
        with pytest.raises(ScopeError):
            apply_plan(actor=user, plan=plan)
    assert not Unit.objects.filter(level=Level.COMMUNE_UNION).exclude(code="XLC").exists()

    result = apply_plan(
        actor=province_admin, plan=plan_2025_reform(actor=province_admin, province=province.lc)
    )
    assert result.counts["move"] == 5
    assert set(UnitEvent.objects.filter(batch=result.batch).values_list("recorded_by", flat=True)) == {
        province_admin.pk
    }


def test_a_plan_cannot_touch_units_outside_its_root(province):
    plan = Plan(title="Thử", root=province.bx, steps=[Step("move", REFORM_DAY, "TP-MN", "BX")])

    with pytest.raises(ScopeError, match="Bước 1"):
        apply_plan(actor=None, plan=plan)

    assert snapshot(province.lc, REFORM_DAY)["TP-MN"] == "TP"


def test_steps_listed_in_any_order_run_found_then_move_then_dissolve(province):
    plan = plan_2025_reform(actor=None, province=province.lc)
    plan.steps.reverse()

    apply_plan(actor=None, plan=plan)

    assert snapshot(province.lc, REFORM_DAY)["BX-TH"] == "CDX-15-02683"
    assert not Unit.objects.filter(level=Level.DISTRICT_FEDERATION, status=Status.ACTIVE).exists()
