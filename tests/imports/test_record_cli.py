"""`congdoan import KIND FILE`: every registered record kind, with the options, report and exit status of members."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from python_calamine import CalamineWorkbook

from congdoan.accounts.models import AuditEntry
from congdoan.cli import main
from congdoan.org.models import WorkforceReport
from imports.sheet_factory import write
from member_data import cccd_for

D = dt.date
HEADER = ["STT", "Mã đơn vị", "Tính đến ngày", "Số lao động", "Lao động nữ", "Khu vực", "Đã xác nhận"]
GOOD = [
    [1, "BT-01", D(2024, 12, 31), 40, 31, "Nhà nước", "Có"],
    [2, "BT-02", "31/12/2024", "1.250", 300, "Tư nhân", ""],
]
BAD = [3, "BT-01", "31/02/2024", 12, "", "", ""]


@pytest.fixture(autouse=True)
def _kind(workforce_kind):
    return workforce_kind


def _file(tmp_path, rows, name="lao-dong.xlsx"):
    return write(tmp_path / name, {"Báo cáo": [["BÁO CÁO SỐ LAO ĐỘNG NĂM 2024"], [], HEADER, *rows]})


def _run(capsys, *argv, user="lcadmin"):
    status = main(["import", "workforce", *argv, "--user", user])
    out, err = capsys.readouterr()
    return status, out, err


def _reports():
    return sorted((r.unit.code, r.as_of, r.workers) for r in WorkforceReport.objects.all())


def test_json_report_and_exit_0(tree, users, tmp_path, capsys):
    status, out, _err = _run(capsys, str(_file(tmp_path, GOOD)), "--unit", "BT", "--format", "json")
    assert status == 0
    report = json.loads(out)
    assert {k: report[k] for k in ("file", "rows_read", "created", "updated", "unchanged", "rejected")} == {
        "file": "lao-dong.xlsx",
        "rows_read": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert report["errors"] == [] and report["written"] is True and report["dry_run"] is False
    assert _reports() == [("BT-01", D(2024, 12, 31), 40), ("BT-02", D(2024, 12, 31), 1250)]
    entry = AuditEntry.objects.get(action="workforce.import")
    assert entry.actor == users.fed_admin and entry.unit == tree.a


def test_the_same_file_again_is_reported_unchanged_in_text(tree, users, tmp_path, capsys):
    path = _file(tmp_path, GOOD)
    assert _run(capsys, str(path), "--unit", "BT")[0] == 0
    status, out, _err = _run(capsys, str(path), "--unit", "BT")
    assert status == 0
    assert "đọc 2 dòng — thêm mới 0, cập nhật 0, không đổi 2, lỗi 0." in out
    assert "Đã ghi vào cơ sở dữ liệu." in out


def test_row_errors_exit_1_write_nothing_and_say_where(tree, users, tmp_path, capsys):
    status, out, _err = _run(capsys, str(_file(tmp_path, [*GOOD, BAD])), "--unit", "BT", "--format", "json")
    assert status == 1
    report = json.loads(out)
    assert report["written"] is False and (report["rejected"], report["error_count"]) == (1, 1)
    (error,) = report["errors"]
    assert {k: error[k] for k in ("sheet", "row", "column", "value", "code")} == {
        "sheet": "Báo cáo",
        "row": 6,
        "column": "C",
        "value": "31/02/2024",
        "code": "date_invalid",
    }
    assert "31/02/2024" in error["message"]
    assert _reports() == []
    # The text report names the cell on stderr and says nothing was written.
    status, out, err = _run(capsys, str(_file(tmp_path, [*GOOD, BAD])), "--unit", "BT")
    assert status == 1
    assert "trang «Báo cáo», dòng 6, cột C, date_invalid [31/02/2024]" in err
    assert "Không ghi gì" in out


def test_dry_run_writes_nothing_and_exits_0(tree, users, tmp_path, capsys):
    status, out, _err = _run(capsys, str(_file(tmp_path, GOOD)), "--unit", "BT", "--dry-run")
    assert status == 0
    assert "thêm mới 2" in out and "--dry-run" in out
    assert _reports() == []
    assert not AuditEntry.objects.filter(action="workforce.import").exists()
    status, out, _err = _run(
        capsys, str(_file(tmp_path, [*GOOD, BAD])), "--unit", "BT", "--dry-run", "--format", "json"
    )
    assert status == 1 and json.loads(out)["dry_run"] is True


def test_skip_invalid_writes_the_valid_rows_and_the_rejects_file(tree, users, tmp_path, capsys):
    rejects = tmp_path / "loi.xlsx"
    status, out, err = _run(
        capsys, str(_file(tmp_path, [*GOOD, BAD])), "--unit", "BT", "--skip-invalid", str(rejects)
    )
    assert status == 0
    assert len(_reports()) == 2
    assert "dòng 6, cột C" in err and "loi.xlsx" in out
    sheet = CalamineWorkbook.from_path(str(rejects)).get_sheet_by_index(0).to_python()
    # The kind's own columns (not the member list's), then where the row was and why.
    assert sheet[0] == ["STT", *HEADER[1:], "Dòng trong tệp gốc", "Lý do"]
    assert len(sheet) == 2 and sheet[1][1] == "BT-01" and sheet[1][7] == "Báo cáo, dòng 6"


def test_unit_by_exact_name_and_units_named_by_the_file(tree, users, tmp_path, capsys):
    status, _out, _err = _run(capsys, str(_file(tmp_path, GOOD[:1])), "--unit", "LĐLĐ huyện Bảo Thắng")
    assert status == 0
    assert _reports() == [("BT-01", D(2024, 12, 31), 40)]
    # No --unit: the file's "Mã đơn vị" column names each row's unit.
    status, _out, _err = _run(capsys, str(_file(tmp_path, GOOD[1:])))
    assert status == 0
    assert len(_reports()) == 2


def test_a_unit_outside_the_users_scope_is_refused(tree, users, tmp_path, capsys):
    path = _file(tmp_path, [[1, "BX-01", D(2024, 12, 31), 40, 31, "", ""]])
    # District A's officer names district B on the command line: no such unit for them.
    status, out, err = _run(capsys, str(path), "--unit", "BX", "--format", "json", user="baothang")
    assert status == 2 and "BX" in err and err.startswith("Lỗi: ")
    # ... or in the file: the row is rejected, nothing written.
    status, out, _err = _run(capsys, str(path), "--format", "json", user="baothang")
    assert status == 1
    assert [e["code"] for e in json.loads(out)["errors"]] == ["unit_unknown"]
    # A viewer sees the unit but may not import into it.
    status, out, err = _run(capsys, str(path), "--unit", "BX", "--format", "json", user="xem")
    assert status == 2 and json.loads(out)["error"] == "scope"
    assert "Traceback" not in err
    assert _reports() == []


def test_unusable_input_exits_2_with_a_message(tree, users, tmp_path, capsys):
    not_a_sheet = tmp_path / "anh.xlsx"
    not_a_sheet.write_bytes(b"\x89PNG\r\n\x1a\n not a spreadsheet")
    status, _out, err = _run(capsys, str(not_a_sheet), "--unit", "BT")
    assert status == 2 and err.startswith("Lỗi: ") and "Traceback" not in err
    status, _out, err = _run(capsys, str(tmp_path / "khong-co.xlsx"), "--unit", "BT")
    assert status == 2 and "khong-co.xlsx" in err
    status, _out, err = _run(capsys, str(_file(tmp_path, GOOD)), "--unit", "KHONG-CO")
    assert status == 2 and "KHONG-CO" in err
    no_unit_column = write(
        tmp_path / "khong-don-vi.xlsx",
        {"Báo cáo": [HEADER[:1] + HEADER[2:], [1, D(2024, 12, 31), 40, 31, "", ""]]},
    )
    status, out, err = _run(capsys, str(no_unit_column), "--format", "json")
    assert status == 2 and json.loads(out)["error"] == "no_unit" and "--unit" in err
    assert _reports() == []


def test_help_lists_every_registered_kind_with_its_label(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    for word, label in [
        ("members", "đoàn viên"),
        ("workforce", "Số lao động"),
        ("grants", "Lượt hỗ trợ"),
        ("targets", "Chỉ tiêu năm"),
        ("initiatives", "Sáng kiến"),
        ("gradings", "Xếp loại"),
    ]:
        assert word in out and label in out, word
    with pytest.raises(SystemExit):
        main(["import", "grants", "--help"])
    out = capsys.readouterr().out
    assert "--skip-invalid" in out and "Mỗi dòng là một lượt hỗ trợ" in out


def test_a_real_kind_grants_from_the_command_line(tree, users, tmp_path, capsys):
    from congdoan.care import services as care
    from congdoan.care.models import FundingKind, ProgrammeKind, SupportGrant

    care.create_programme(
        actor=None,
        unit=tree.province,
        name="Tết Sum vầy 2024",
        kind=ProgrammeKind.TET,
        start=D(2024, 1, 1),
        end=D(2024, 2, 29),
        budget=100_000_000,
        funding={FundingKind.PROVINCE: (100_000_000, "")},
    )
    path = write(
        tmp_path / "ho-tro.xlsx",
        {
            "Tết": [
                ["DANH SÁCH HỖ TRỢ"],
                ["STT", "Họ và tên", "Số CCCD", "Năm sinh", "Chương trình", "Đơn vị", "Số tiền", "Ngày"],
                [
                    1,
                    "Vàng Thị Dung",
                    cccd_for("female", 1990),
                    1990,
                    "Tết Sum vầy 2024",
                    "BT-02",
                    500_000,
                    "20/01/2024",
                ],
            ]
        },
    )
    status = main(["import", "grants", str(path), "--unit", "BT", "--user", "baothang", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert status == 0, [(e["code"], e["message"]) for e in report["errors"]]
    assert (report["created"], report["rejected"]) == (1, 0)
    grant = SupportGrant.objects.get()
    assert (grant.recipient_name, grant.amount, grant.unit) == ("Vàng Thị Dung", 500_000, tree.a2)
