"""Importing a grant list through the import engine: all or nothing, row errors, the double-payment guard."""

from __future__ import annotations

import datetime as dt
import io

from congdoan.accounts.models import AuditEntry
from congdoan.care import services as care
from congdoan.care.imports import GRANTS, KIND, export_row
from congdoan.care.models import GrantState, SupportGrant
from congdoan.imports.records import import_records, write_table
from imports.sheet_factory import write_xlsx
from member_data import cccd_for

D = dt.date
TITLE = [
    ["LIÊN ĐOÀN LAO ĐỘNG HUYỆN BÁT XÁT"],
    ["DANH SÁCH ĐOÀN VIÊN, NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ TẾT GIÁP THÌN 2024"],
    [],
]
HEADER = ["STT", "Họ và tên", "Số CCCD", "Đơn vị", "Chương trình", "Số tiền", "Hình thức", "Ngày", "Ghi chú"]


def sheet(tmp_path, rows, name="ho-tro.xlsx"):
    body = [[i, *row] for i, row in enumerate(rows, start=1)]
    return write_xlsx(tmp_path / name, {"Tết 2024": [*TITLE, HEADER, *body, [], ["", "Người lập biểu"]]})


def test_a_grant_list_imports_members_and_workers_as_requested_grants(tree, staff, tet, folks, tmp_path):
    worker = cccd_for("female", 1995)
    path = sheet(
        tmp_path,
        [
            [
                "Sùng A Páo",
                folks.pao.cccd,
                "A1",
                "Tết Sum vầy 2024",
                "500.000",
                "Tiền mặt",
                D(2024, 1, 25),
                "",
            ],
            ["Giàng Thị Mỷ", folks.my.cccd, "A1", "tet sum vay 2024", 1_000_000, "Quà Tết", "26/01/2024", ""],
            ["Vàng Thị Sua", worker, "A2", "Tết Sum vầy 2024", 300000, "", "27/01/2024", "Công nhân thời vụ"],
        ],
    )
    result = import_records(KIND, path, actor=staff.officer_a, unit=tree.district_a)
    assert (result.rows_read, result.created, result.rejected, result.error_count) == (3, 3, 0, 0)
    grants = list(SupportGrant.objects.order_by("on"))
    assert [(g.recipient_name, g.person_id, g.unit.code, g.amount, g.in_kind, g.state) for g in grants] == [
        ("Sùng A Páo", folks.pao.pk, "A1", 500_000, "", GrantState.REQUESTED),
        ("Giàng Thị Mỷ", folks.my.pk, "A1", 1_000_000, "Quà Tết", GrantState.REQUESTED),
        ("Vàng Thị Sua", None, "A2", 300_000, "", GrantState.REQUESTED),
    ]
    assert grants[2].recipient_cccd == worker and grants[2].note == "Công nhân thời vụ"
    assert AuditEntry.objects.filter(action="grants.import").count() == 1
    assert AuditEntry.objects.filter(action="care.grant_request_bulk").get().after["count"] == 3
    # The same file again: every row is now a second grant in the programme.
    again = import_records(KIND, path, actor=staff.officer_a, unit=tree.district_a)
    assert again.created == 0 and {e.code for e in again.errors} == {"duplicate"}
    assert SupportGrant.objects.count() == 3


def test_one_bad_row_and_nothing_is_written_with_each_error_where_it_is(tree, staff, tet, folks, tmp_path):
    path = sheet(
        tmp_path,
        [
            ["Sùng A Páo", folks.pao.cccd, "A1", "Tết Sum vầy 2024", 500000, "", D(2024, 1, 25), ""],
            ["Hầu A Dế", "10090012345", "A1", "Tết Sum vầy 2024", 500000, "", D(2024, 1, 25), ""],
            ["Lò Văn Sướng", folks.suong.cccd, "A2", "Tết Sum vầy 2024", 500000, "", D(2024, 3, 5), ""],
            ["Hoàng Văn Giang", folks.giang.cccd, "B1", "Tết Sum vầy 2024", 500000, "", D(2024, 1, 25), ""],
            ["Vàng Thị Sua", cccd_for("female", 1995), "A1", "Tết 2025", 500000, "", D(2024, 1, 25), ""],
            ["Sùng A Páo", folks.pao.cccd, "A1", "Tết Sum vầy 2024", 200000, "", D(2024, 1, 30), ""],
        ],
    )
    result = import_records(KIND, path, actor=staff.officer_a, unit=tree.district_a)
    assert result.created == 0 and not result.written
    assert SupportGrant.objects.count() == 0
    found = {(e.row, e.column, e.code) for e in result.errors}
    assert found == {
        (6, "C", "invalid_recipient_cccd"),  # 11 digits: the leading zero was lost
        (7, "H", "invalid_on"),  # outside the programme's period
        (8, "D", "unit_unknown"),  # B's union is not A's officer's
        (9, "E", "programme_unknown"),
        (10, "C", "duplicate_in_file"),  # Páo twice in the file
    }
    messages = {e.row: e.message for e in result.errors}
    assert messages[7] == (
        "Ngày hỗ trợ 05/03/2024 nằm ngoài thời gian của chương trình (01/01/2024 – 29/02/2024)."
    )
    assert messages[9] == (
        "Không có chương trình «Tết 2025» mà bạn được ghi hỗ trợ: ghi đúng tên chương trình."
    )


def test_a_row_for_someone_already_supported_needs_the_reason_column(tree, staff, tet, folks, tmp_path):
    care.request_grant(
        actor=staff.officer_a,
        programme=tet,
        unit=tree.school_a,
        recipient=care.Recipient.member(folks.pao),
        on=D(2024, 1, 20),
        amount=500_000,
    )
    header = [*HEADER, "Lý do hỗ trợ lần nữa"]
    rows = [[1, "Sùng A Páo", folks.pao.cccd, "A1", "Tết Sum vầy 2024", 300000, "", D(2024, 2, 1), "", ""]]
    path = write_xlsx(tmp_path / "a.xlsx", {"Tết": [header, *rows]})
    result = import_records(KIND, path, actor=staff.officer_a, unit=tree.district_a)
    [error] = result.errors
    assert (error.code, error.column) == ("duplicate", "C")
    assert error.message.startswith(
        "Sùng A Páo đã được hỗ trợ trong chương trình này 1 lần (lần đầu ngày 20/01/2024"
    )
    rows[0][-1] = "Gia đình có người ốm nặng"
    path = write_xlsx(tmp_path / "b.xlsx", {"Tết": [header, *rows]})
    result = import_records(KIND, path, actor=staff.officer_a, unit=tree.district_a)
    assert result.created == 1
    assert SupportGrant.objects.latest("id").duplicate_reason == "Gia đình có người ốm nặng"


def test_the_export_reads_back_through_the_import(tree, staff, tet, folks, tmp_path):
    care.request_grants(
        actor=None,
        programme=tet,
        unit=tree.school_a,
        items=[
            care.GrantInput(recipient=care.Recipient.member(folks.pao), on=D(2024, 1, 25), amount=500_000),
            care.GrantInput(
                recipient=care.Recipient(
                    full_name="Vàng Thị Sua", cccd=cccd_for("female", 1995), birth_year=1995
                ),
                on=D(2024, 1, 26),
                amount=700_000,
                in_kind="Quà Tết",
                funding="sponsor",
            ),
        ],
        state=GrantState.PAID,
    )
    out = io.BytesIO()
    write_table(
        GRANTS, [export_row(g) for g in SupportGrant.objects.order_by("on")], out, title_lines=["Tết"]
    )
    SupportGrant.objects.all().delete()
    result = import_records(
        KIND, out.getvalue(), actor=staff.officer_a, unit=tree.district_a, filename="x.xlsx"
    )
    assert result.created == 2, [e.message for e in result.errors]
    rows = list(
        SupportGrant.objects.order_by("on").values_list(
            "recipient_name", "person_id", "amount", "in_kind", "funding", "on", "recipient_birth_year"
        )
    )
    assert rows == [
        ("Sùng A Páo", folks.pao.pk, 500_000, "", "", D(2024, 1, 25), 1985),
        ("Vàng Thị Sua", None, 700_000, "Quà Tết", "sponsor", D(2024, 1, 26), 1995),
    ]
