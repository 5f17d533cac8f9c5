"""`congdoan import members`: exit statuses, the JSON report, --dry-run and --skip-invalid."""

from __future__ import annotations

import datetime as dt
import json

from python_calamine import CalamineWorkbook

from congdoan.cli import main
from congdoan.members.models import Person
from imports.sheet_factory import write
from member_data import cccd_for

D = dt.date
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày vào Công đoàn"]


def _rows(bad: bool = False):
    good = [
        [1, "Phạm Thị Hoa", D(1990, 4, 1), "Nữ", cccd_for("female", 1990), D(2021, 1, 4)],
        [2, "Phạm Văn Lâm", D(1987, 9, 9), "Nam", cccd_for("male", 1987), D(2021, 1, 4)],
    ]
    if bad:
        good.append([3, "Phạm Văn Sai", "12/31/1988", "Nam", "", D(2021, 1, 4)])
    return [["DANH SÁCH ĐOÀN VIÊN"], [], HEADER, *good]


def _run(capsys, *argv):
    status = main(["import", "members", *argv, "--user", "lcadmin"])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_report_and_exit_0(tree, users, tmp_path, capsys):
    path = write(tmp_path / "ds.xlsx", {"Tổ 1": _rows()})
    status, out, _err = _run(capsys, str(path), "--unit", "BT-02", "--format", "json")
    assert status == 0
    report = json.loads(out)
    assert {k: report[k] for k in ("rows_read", "created", "updated", "unchanged", "rejected")} == {
        "rows_read": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert report["errors"] == [] and report["written"] is True
    assert set(Person.objects.values_list("unit__code", flat=True)) == {"BT-02"}


def test_row_errors_exit_1_and_write_nothing(tree, users, tmp_path, capsys):
    path = write(tmp_path / "ds.xlsx", {"Tổ 1": _rows(bad=True)})
    status, out, _err = _run(capsys, str(path), "--unit", "BT-02", "--format", "json")
    assert status == 1
    report = json.loads(out)
    assert report["written"] is False and report["rejected"] == 1
    assert report["errors"] == [
        {
            "sheet": "Tổ 1",
            "row": 6,
            "column": "C",
            "value": "12/31/1988",
            "code": "date_month_first",
            "message": report["errors"][0]["message"],
            "field": "birth_date",
        }
    ]
    assert "12/31/1988" in report["errors"][0]["message"]
    assert Person.objects.count() == 0


def test_dry_run_writes_nothing_and_exits_0(tree, users, tmp_path, capsys):
    path = write(tmp_path / "ds.xlsx", {"Tổ 1": _rows()})
    status, out, _err = _run(capsys, str(path), "--unit", "BT-02", "--dry-run")
    assert status == 0
    assert "thêm mới 2" in out and "--dry-run" in out
    assert Person.objects.count() == 0


def test_skip_invalid_writes_rejects(tree, users, tmp_path, capsys):
    path = write(tmp_path / "ds.xlsx", {"Tổ 1": _rows(bad=True)})
    rejects = tmp_path / "loi.xlsx"
    status, out, err = _run(capsys, str(path), "--unit", "BT-02", "--skip-invalid", str(rejects))
    assert status == 0
    assert Person.objects.count() == 2
    assert "dòng 6, cột C" in err
    sheet = CalamineWorkbook.from_path(str(rejects)).get_sheet_by_index(0).to_python()
    assert len(sheet) == 2 and sheet[1][1] == "Phạm Văn Sai"


def test_unusable_input_exits_2_with_a_message(tree, users, tmp_path, capsys):
    not_a_sheet = tmp_path / "anh.xlsx"
    not_a_sheet.write_bytes(b"\x89PNG\r\n\x1a\n not a spreadsheet")
    status, _out, err = _run(capsys, str(not_a_sheet), "--unit", "BT-02")
    assert status == 2 and err.startswith("Lỗi: ")
    assert "Traceback" not in err
    no_unit = write(tmp_path / "ds.xlsx", {"Tổ 1": _rows()})
    status, out, err = _run(capsys, str(no_unit), "--format", "json")
    assert status == 2
    assert json.loads(out)["error"] == "no_unit"
    status, _out, err = _run(capsys, str(tmp_path / "khong-co.xlsx"), "--unit", "BT-02")
    assert status == 2 and "khong-co.xlsx" in err
    status, _out, err = _run(capsys, str(no_unit), "--unit", "KHONG-CO")
    assert status == 2 and "KHONG-CO" in err
    assert Person.objects.count() == 0
