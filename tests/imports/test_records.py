"""The import engine for record types other than members (``imports/records.py``).

A test kind (``record_kind.py``: workforce reports written through
``org.services.record_workforce``) stands for the apps' kinds: exact
stored values, exact errors (sheet, row, column, code, message), all or
nothing, skip-invalid, dry run, scope, and the template round trip.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from congdoan.accounts.models import AuditEntry
from congdoan.common.errors import DomainError
from congdoan.imports import records
from congdoan.imports.engine import RowError
from congdoan.imports.records import (
    ImportRefused,
    NoUnit,
    RecordKind,
    import_records,
    write_table,
)
from congdoan.imports.rejects import RejectsWriter
from congdoan.imports.sheets import UnusableFile
from congdoan.org.models import WorkforceReport
from imports import record_kind
from imports.sheet_factory import write

D = dt.date
HEADER = ["STT", "Mã đơn vị", "Tính đến ngày", "Số lao động", "Lao động nữ", "Khu vực", "Đã xác nhận"]


@pytest.fixture(autouse=True)
def workforce_kind():
    records.register(record_kind.KIND)
    record_kind.written_batches.clear()
    yield record_kind.KIND
    records.unregister(record_kind.KIND.name)


def _file(tmp_path: Path, rows, name="lao-dong.xlsx", header=HEADER, sheet="Báo cáo") -> Path:
    """A report with two title rows, a blank row, the header on row 4, data from row 5."""
    return write(
        tmp_path / name,
        {
            sheet: [
                ["LIÊN ĐOÀN LAO ĐỘNG HUYỆN BẢO THẮNG"],
                ["BÁO CÁO SỐ LAO ĐỘNG NĂM 2024"],
                [],
                header,
                *rows,
            ]
        },
    )


ROWS = [
    [1, "BT-01", D(2024, 12, 31), 40, 31, "Nhà nước", "Có"],
    [2, "BT-02", "31/12/2024", "1.250", 300, "Tư nhân", ""],
]


def _reports():
    return sorted(
        (r.unit.code, r.as_of, r.workers, r.women)
        for r in WorkforceReport.objects.filter(unit__code__in=["BT-01", "BT-02", "BX-01"])
    )


def test_every_row_written_once_with_one_audit_entry_for_the_import(tree, users, tmp_path):
    result = import_records("workforce", _file(tmp_path, ROWS), actor=users.officer_a)
    assert (result.rows_read, result.created, result.updated, result.unchanged, result.rejected) == (
        2,
        2,
        0,
        0,
        0,
    )
    assert result.written and result.errors == [] and result.filename == "lao-dong.xlsx"
    assert _reports() == [("BT-01", D(2024, 12, 31), 40, 31), ("BT-02", D(2024, 12, 31), 1250, 300)]
    entry = AuditEntry.objects.get(action="workforce.import")
    assert entry.pk == result.audit_id and entry.actor == users.officer_a
    assert {
        k: entry.after[k]
        for k in ("kind", "file", "rows_read", "created", "updated", "unchanged", "rejected")
    } == {
        "kind": "workforce",
        "file": "lao-dong.xlsx",
        "rows_read": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert len(entry.after["sha256"]) == 64
    # The service's own entries carry the import's reference.
    reasons = list(AuditEntry.objects.filter(action="unit.workforce").values_list("reason", flat=True))
    assert reasons == [f"Nhập từ tệp lao-dong.xlsx (lần nhập {entry.after['import']})"] * 2
    # The same file again: nothing new, reported unchanged.
    again = import_records("workforce", _file(tmp_path, ROWS), actor=users.officer_a)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert WorkforceReport.objects.filter(unit__code__in=["BT-01", "BT-02"]).count() == 2


def test_one_bad_row_writes_nothing_and_says_where(tree, users, tmp_path):
    rows = [*ROWS, [3, "BT-01", "31/02/2024", 12, "", "", ""]]
    result = import_records("workforce", _file(tmp_path, rows), actor=users.officer_a)
    assert not result.written and (result.rows_read, result.rejected, result.error_count) == (3, 1, 1)
    (error,) = result.errors
    assert (error.sheet, error.row, error.column, error.value, error.code, error.field) == (
        "Báo cáo",
        7,
        "C",
        "31/02/2024",
        "date_invalid",
        "as_of",
    )
    assert "31/02/2024" in error.message
    assert _reports() == []
    assert record_kind.written_batches == []  # write was never called
    assert not AuditEntry.objects.filter(action__in=["workforce.import", "unit.workforce"]).exists()


def test_exact_errors_of_cells_required_values_and_the_kinds_check(tree, users, tmp_path):
    rows = [
        [1, "BT-01", D(2024, 12, 31), "", 3, "", ""],  # row 5: required value missing
        [2, "BT-02", D(2024, 12, 31), "nhiều", "", "", ""],  # row 6: not a number
        [3, "BT-02", D(2023, 12, 31), 10, 11, "Hợp tác xã", "có lẽ"],  # row 7: check + choice + bool
        [4, "BT-02", 2024, 10, "", "", ""],  # row 8: a year is not a day
    ]
    result = import_records("workforce", _file(tmp_path, rows), actor=users.officer_a)
    got = [(e.row, e.column, e.code, e.value) for e in result.errors]
    assert got == [
        (5, "D", "required", ""),
        (6, "D", "number_invalid", "nhiều"),
        (7, "F", "choice_unknown", "Hợp tác xã"),
        (7, "G", "bool_unknown", "có lẽ"),
        (8, "C", "date_incomplete", "2024"),
    ]
    messages = {e.code: e.message for e in result.errors}
    assert messages["required"] == "Thiếu «Số lao động»: ô này phải có giá trị."
    assert messages["choice_unknown"] == (
        "Khu vực «Hợp tác xã» không có trong danh mục: ghi một trong các giá trị «Nhà nước»; "
        "«Ngoài nhà nước»; «Tư nhân»."
    )
    # The kind's own problems come with the column of the field it names.
    fixed = import_records(
        "workforce",
        _file(tmp_path, [[1, "BT-02", D(2023, 12, 31), 10, 11, "Tư nhân", "x"]]),
        actor=users.officer_a,
    )
    (error,) = fixed.errors
    assert (error.row, error.column, error.code, error.value, error.message) == (
        5,
        "E",
        "women_over_total",
        "11",
        "Số lao động nữ lớn hơn tổng số lao động.",
    )


def test_skip_invalid_writes_the_valid_rows_and_hands_over_the_rejected_ones(tree, users, tmp_path):
    rows = [*ROWS, [3, "BX-01", D(2024, 12, 31), 12, "", "", ""]]
    handed: list[tuple[int, list[RowError]]] = []
    result = import_records(
        "workforce",
        _file(tmp_path, rows),
        actor=users.officer_a,
        on_reject=lambda row, errors: handed.append((row.number, errors)),
    )
    assert result.written and (result.created, result.rejected) == (2, 1)
    assert [(n, [e.code for e in errors]) for n, errors in handed] == [(7, ["unit_unknown"])]
    assert _reports() == [("BT-01", D(2024, 12, 31), 40, 31), ("BT-02", D(2024, 12, 31), 1250, 300)]
    assert AuditEntry.objects.get(action="workforce.import").after["rejected"] == 1
    # The rejects writer writes them in the kind's template, which reads back.
    out = tmp_path / "dong-loi.xlsx"
    writer = RejectsWriter(str(out), record_kind.SPEC)
    import_records("workforce", _file(tmp_path, rows), actor=users.officer_a, on_reject=writer.add)
    writer.close()
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert sheet[0] == ["STT", *HEADER[1:], "Dòng trong tệp gốc", "Lý do"]
    assert sheet[1][1:3] == ["BX-01", D(2024, 12, 31)] and sheet[1][7] == "Báo cáo, dòng 7"
    assert "BX-01" in sheet[1][8]


def test_a_dry_run_counts_what_the_import_would_do_and_writes_nothing(tree, users, tmp_path):
    import_records("workforce", _file(tmp_path, ROWS[:1]), actor=users.officer_a)
    changed = [[1, "BT-01", D(2024, 12, 31), 41, 31, "", ""], *ROWS[1:], [3, "BT-02", "x", 1, "", "", ""]]
    before = AuditEntry.objects.count()
    result = import_records("workforce", _file(tmp_path, changed), actor=users.officer_a, dry_run=True)
    assert result.dry_run and not result.written and result.audit_id is None
    assert (result.rows_read, result.created, result.updated, result.unchanged, result.rejected) == (
        3,
        1,
        1,
        0,
        1,
    )
    assert _reports() == [("BT-01", D(2024, 12, 31), 40, 31)]
    assert AuditEntry.objects.count() == before


def test_duplicates_within_the_file_through_the_memo(tree, users, tmp_path):
    rows = [*ROWS, [3, "Công đoàn cơ sở Trường Tiểu học Kim Đồng", "31/12/2024", 41, "", "", ""]]
    result = import_records("workforce", _file(tmp_path, rows), actor=users.officer_a)
    (error,) = result.errors
    assert (error.row, error.column, error.code, error.value) == (7, "C", "duplicate_in_file", "31/12/2024")
    assert error.message == (
        "Đơn vị này đã có một dòng cùng ngày báo cáo: trùng với dòng 5 (trang Báo cáo) của tệp."
    )
    assert _reports() == []


def test_units_outside_the_scope_or_the_chosen_unit_or_of_the_wrong_level(tree, users, tmp_path):
    rows = [
        [1, "BX-01", D(2024, 12, 31), 12, "", "", ""],  # another district
        [2, "ZZ-99", D(2024, 12, 31), 12, "", "", ""],  # no such unit
        [3, "BT", D(2024, 12, 31), 12, "", "", ""],  # a district, not a grassroots union
        [4, "BT-02", D(2024, 12, 31), 12, "", "", ""],  # not under the chosen unit
        [5, "", D(2024, 12, 31), 12, "", "", ""],  # the chosen unit
    ]
    result = import_records("workforce", _file(tmp_path, rows), actor=users.officer_a, unit=tree.a1)
    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (r, "B", "unit_unknown") for r in (5, 6, 7, 8)
    ]
    assert [e.message for e in result.errors] == [
        "Không tìm thấy đơn vị «BX-01» trong phạm vi của bạn (ghi mã hoặc tên chính xác).",
        "Không tìm thấy đơn vị «ZZ-99» trong phạm vi của bạn (ghi mã hoặc tên chính xác).",
        "Đơn vị «LĐLĐ huyện Bảo Thắng» không thuộc Công đoàn cơ sở Trường Tiểu học Kim Đồng, đơn vị đã chọn để nhập.",
        "Đơn vị «Công đoàn cơ sở Công ty Cổ phần Apatit» không thuộc Công đoàn cơ sở Trường Tiểu học Kim Đồng, "
        "đơn vị đã chọn để nhập.",
    ]
    # The district chosen, its own code in a row: not a grassroots union.
    district = import_records("workforce", _file(tmp_path, rows[2:3]), actor=users.officer_a, unit=tree.a)
    assert [e.message for e in district.errors] == [
        "«LĐLĐ huyện Bảo Thắng» là liên đoàn lao động huyện, thị xã, thành phố: dòng này cần công đoàn cơ sở."
    ]
    # A unit chosen outside the scope: the file is refused as a whole.
    with pytest.raises(NoUnit) as refused:
        import_records("workforce", _file(tmp_path, ROWS), actor=users.officer_a, unit=tree.b1)
    assert refused.value.code == "scope"
    # The federation may import anywhere.
    fed = import_records("workforce", _file(tmp_path, rows[:1]), actor=users.fed_admin)
    assert fed.written and fed.created == 1


def test_files_that_cannot_be_used(tree, users, tmp_path):
    def code(path, **kwargs):
        with pytest.raises(UnusableFile) as problem:
            import_records("workforce", path, actor=users.officer_a, **kwargs)
        return problem.value.code, problem.value.message

    image = tmp_path / "anh.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    assert code(image)[0] == "not_spreadsheet"
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert code(broken)[0] == "corrupt"
    members = write(tmp_path / "dv.xlsx", {"DS": [["Họ và tên", "Ngày sinh"], ["Lò Thị Mai", "01/01/1990"]]})
    found, message = code(members)
    assert found == "no_table"
    assert message.startswith(
        "Không tìm thấy bảng «Báo cáo số lao động»: cần một dòng tiêu đề có cột «Số lao động»"
    )
    no_unit = _file(tmp_path, [[1, D(2024, 12, 31), 3]], header=["STT", "Tính đến ngày", "Số lao động"])
    assert code(no_unit) == (
        "no_unit",
        "Tệp không có cột «Mã đơn vị»: hãy chọn đơn vị nhận danh sách (trên dòng lệnh: --unit MÃ_ĐƠN_VỊ).",
    )
    no_date = _file(
        tmp_path, [[1, "BT-01", 3]], name="thieu-ngay.xlsx", header=["STT", "Mã đơn vị", "Số lao động"]
    )
    assert code(no_date) == (
        "missing_columns",
        "Trang «Báo cáo» thiếu cột «Tính đến ngày»: thêm cột rồi nhập lại.",
    )
    # With a chosen unit, the unit column may be left out.
    result = import_records("workforce", no_unit, actor=users.officer_a, unit=tree.a1)
    assert result.written and _reports() == [("BT-01", D(2024, 12, 31), 3, None)]


def test_a_refusal_of_the_services_undoes_everything(tree, users, tmp_path, workforce_kind, monkeypatch):
    def refuse(ctx, prepared):
        record_kind.write_rows(ctx, prepared[:1])
        raise DomainError("Sổ đã khoá.")

    kind = RecordKind(
        name="workforce",
        label="Số lao động",
        spec=record_kind.SPEC,
        check=record_kind.check_row,
        write=refuse,
    )
    with pytest.raises(ImportRefused) as refused:
        import_records(kind, _file(tmp_path, ROWS), actor=users.officer_a)
    assert (refused.value.code, refused.value.message) == ("refused", "Sổ đã khoá.")
    assert _reports() == [] and not AuditEntry.objects.filter(action__startswith="unit.workforce").exists()


def test_the_registry(workforce_kind):
    assert records.get_kind("workforce") is workforce_kind
    assert "workforce" in [kind.name for kind in records.kinds()]
    records.register(workforce_kind)  # the same declaration again (a second ready()): harmless
    other = RecordKind(
        name="workforce", label="Khác", spec=record_kind.SPEC, check=record_kind.check_row, write=print
    )
    with pytest.raises(ValueError, match="registered already"):
        records.register(other)
    with pytest.raises(ValueError, match="invalid"):
        records.register(
            RecordKind(name="members", label="x", spec=record_kind.SPEC, check=print, write=print)
        )
    with pytest.raises(KeyError):
        records.get_kind("nothing")


def test_write_table_round_trip(tree, users, tmp_path):
    rows = [
        {
            "unit": "BT-01",
            "as_of": D(2024, 12, 31),
            "workers": 40,
            "women": 31,
            "sector": "public",
            "confirmed": True,
        },
        {"unit": "BT-02", "as_of": D(2024, 6, 30), "workers": 1250, "sector": "private", "confirmed": False},
    ]
    out = tmp_path / "xuat.xlsx"
    count = write_table(
        record_kind.SPEC, rows, out, title_lines=["Liên đoàn Lao động huyện Bảo Thắng", "Năm 2024"]
    )
    assert count == 2
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert sheet[0][0] == "LIÊN ĐOÀN LAO ĐỘNG HUYỆN BẢO THẮNG" and sheet[3][0] == "BÁO CÁO SỐ LAO ĐỘNG"
    assert sheet[5] == HEADER
    assert sheet[6] == [1, "BT-01", D(2024, 12, 31), 40, 31, "Nhà nước", "Có"]
    assert sheet[7] == [2, "BT-02", D(2024, 6, 30), 1250, "", "Ngoài nhà nước", "Không"]
    seen: dict[int, dict] = {}

    def check(ctx, values):
        seen[ctx.row.number] = values
        return record_kind.check_row(ctx, values)

    kind = RecordKind(
        name="workforce",
        label="Số lao động",
        spec=record_kind.SPEC,
        check=check,
        write=record_kind.write_rows,
    )
    result = import_records(kind, out, actor=users.officer_a)
    assert (result.created, result.error_count) == (2, 0)
    assert seen == {
        7: {k: v for k, v in rows[0].items()},
        8: {**rows[1], "women": None},
    }
    assert _reports() == [("BT-01", D(2024, 12, 31), 40, 31), ("BT-02", D(2024, 6, 30), 1250, None)]
