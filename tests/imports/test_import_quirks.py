"""Every quirk of real union spreadsheets, end to end: the file as offices make it, the values stored.

Each test writes a sheet the way a grassroots union would (``sheet_factory``),
imports it through ``import_members`` and asserts the exact stored values.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from congdoan.imports.members import import_members
from congdoan.members.models import Person
from imports.legacy_text import encode_tcvn3, encode_vni
from imports.sheet_factory import member_sheet, write, write_csv
from member_data import cccd_for

D = dt.date


def _run(tmp_path: Path, users, unit, sheets, name="ds.xlsx", merges=None):
    path = write(tmp_path / name, sheets, merges=merges)
    result = import_members(actor=users.fed_admin, source=str(path), filename=name, unit=unit)
    assert result.errors == [], [e.as_dict() for e in result.errors]
    assert result.written
    return result


FORMATS = ["ds.xlsx", "ds.xls", "ds.ods", "ds.csv"]


@pytest.mark.parametrize("name", FORMATS)
def test_a_plain_table_in_every_format(tree, users, tmp_path, name):
    cccd = cccd_for("female", 1992, "010")
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày vào Công đoàn"],
        [1, "Hoàng Thị Lan", D(1992, 4, 9), "Nữ", cccd, D(2020, 6, 1)],
    ]
    _run(tmp_path, users, tree.a1, {"Sheet1": rows}, name=name)
    lan = Person.objects.get()
    assert (lan.full_name, lan.gender, lan.birth_date, lan.cccd, lan.joined_on) == (
        "Hoàng Thị Lan",
        "female",
        D(1992, 4, 9),
        cccd,
        D(2020, 6, 1),
    )


@pytest.mark.parametrize(
    ("headers", "title_rows"),
    [
        (["Họ và tên", "Ngày sinh", "Số CCCD", "Ngày vào Công đoàn"], 0),
        (["HỌ VÀ TÊN", "Ngày, tháng, năm sinh", "Số định danh cá nhân", "Ngày kết nạp"], 3),
        (["Họ tên", "Ngày sinh", "CMND/CCCD", "Ngày kết nạp"], 11),
    ],
)
def test_header_wording_and_position_vary(tree, users, tmp_path, headers, title_rows):
    cccd = cccd_for("male", 1988, "010")
    rows = [["LIÊN ĐOÀN LAO ĐỘNG TỈNH LÀO CAI"]] + [[] for _ in range(max(title_rows - 1, 0))]
    rows = rows[:title_rows]
    rows += [["STT", *headers, "Giới tính"], [1, "Vàng Seo Chư", D(1988, 1, 2), cccd, D(2021, 3, 4), "Nam"]]
    _run(tmp_path, users, tree.a1, {"DS": rows})
    person = Person.objects.get()
    assert (person.full_name, person.birth_date, person.cccd, person.joined_on, person.gender) == (
        "Vàng Seo Chư",
        D(1988, 1, 2),
        cccd,
        D(2021, 3, 4),
        "male",
    )


def test_dates_written_every_way_are_day_first(tree, users, tmp_path):
    header = ["Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Công đoàn"]
    rows = [
        header,
        ["Lê Văn Một", "03/12/1990", "Nam", "1-2-21"],
        ["Lê Văn Hai", "5-3-85", "Nam", "2020"],
        ["Lê Văn Ba", 1979, "Nam", 44197],  # a year alone; an Excel serial (01/01/2021) without a date format
        ["Lê Văn Bốn", "ngày 7 tháng 8 năm 1991", "Nam", D(2022, 2, 28)],
    ]
    _run(tmp_path, users, tree.a1, {"DS": rows})
    stored = {p.full_name: (p.birth_date, p.birth_year, p.joined_on) for p in Person.objects.all()}
    assert stored == {
        "Lê Văn Một": (D(1990, 12, 3), 1990, D(2021, 2, 1)),
        "Lê Văn Hai": (D(1985, 3, 5), 1985, D(2020, 1, 1)),
        "Lê Văn Ba": (None, 1979, D(2021, 1, 1)),
        "Lê Văn Bốn": (D(1991, 8, 7), 1991, D(2022, 2, 28)),
    }


def test_a_cccd_stored_as_a_number_or_with_dots_keeps_its_digits(tree, users, tmp_path):
    first = cccd_for("male", 1990, "010")  # starts with 0: a number cell loses it
    second = cccd_for("female", 1991, "010")
    rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày vào Công đoàn"],
        ["Đinh Văn Số", D(1990, 1, 1), "Nam", int(first), D(2021, 1, 1)],
        ["Đinh Thị Chấm", D(1991, 1, 1), "Nữ", f"{second[:3]}.{second[3:6]} {second[6:]}", D(2021, 1, 1)],
    ]
    _run(tmp_path, users, tree.a1, {"DS": rows})
    assert dict(Person.objects.values_list("full_name", "cccd")) == {
        "Đinh Văn Số": first,
        "Đinh Thị Chấm": second,
    }


def test_legacy_encodings_and_decomposed_text_become_unicode(tree, users, tmp_path):
    rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Nghề nghiệp, chức vụ", "Ngày vào Công đoàn"],
        [encode_tcvn3("Nguyễn Thị Hường"), D(1980, 1, 1), "Nữ", encode_tcvn3("Giáo viên"), D(2021, 1, 1)],
        [encode_vni("Phạm Văn Đức"), D(1981, 1, 1), "Nam", encode_vni("Kỹ sư"), D(2021, 1, 1)],
        [unicodedata.normalize("NFD", "Trần Thị Ánh"), D(1982, 1, 1), "Nữ", "Kế toán", D(2021, 1, 1)],
    ]
    _run(tmp_path, users, tree.a1, {"DS": rows})
    stored = dict(Person.objects.values_list("full_name", "job_title"))
    assert stored == {"Nguyễn Thị Hường": "Giáo viên", "Phạm Văn Đức": "Kỹ sư", "Trần Thị Ánh": "Kế toán"}
    assert all(unicodedata.is_normalized("NFC", name) for name in stored)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_legacy_csv_encodings(tree, users, tmp_path, encoding):
    path = tmp_path / "ds.csv"
    write_csv(
        path,
        [
            ["Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Công đoàn"],
            ["Lường Thị Ưng", "09/10/1987", "Nữ", "01/07/2021"],
        ],
        encoding=encoding,
        delimiter=";",
    )
    result = import_members(actor=users.fed_admin, source=str(path), filename="ds.csv", unit=tree.a1)
    assert result.written, [e.as_dict() for e in result.errors]
    person = Person.objects.get()
    assert (person.full_name, person.birth_date, person.joined_on) == (
        "Lường Thị Ưng",
        D(1987, 10, 9),
        D(2021, 7, 1),
    )


def test_several_sheets_one_per_branch_with_the_hand_made_layout(tree, users, tmp_path):
    people = {
        "Tổ 1": [
            {
                "full_name": "Lò Văn Tổ",
                "birth_date": D(1980, 5, 5),
                "gender": "male",
                "joined_on": D(2020, 5, 5),
            }
        ],
        "Tổ 2": [
            {
                "full_name": "Lò Thị Hai",
                "birth_date": D(1985, 6, 6),
                "gender": "female",
                "joined_on": D(2020, 6, 6),
            },
            {
                "full_name": "Lò Văn Ba",
                "birth_date": D(1986, 7, 7),
                "gender": "male",
                "joined_on": D(2020, 7, 7),
            },
        ],
    }
    sheets = {name: member_sheet(members, columns=("joined_on",)) for name, members in people.items()}
    sheets["Hướng dẫn"] = [["Điền danh sách vào các trang Tổ 1, Tổ 2"]]
    result = _run(tmp_path, users, tree.a1, sheets)
    assert result.rows_read == 3
    assert [name for name, _reason in result.skipped_sheets] == ["Hướng dẫn"]
    assert dict(Person.objects.values_list("full_name", "gender")) == {
        "Lò Văn Tổ": "male",
        "Lò Thị Hai": "female",
        "Lò Văn Ba": "male",
    }


def test_a_sheet_typed_in_tcvn3_reads_its_ambiguous_cells_as_tcvn3(tree, users, tmp_path):
    # TCVN3 "Vò Minh Anh" is also valid Unicode as it stands ("Vò"); the rest of the sheet decides.
    names = ["Nguyễn Thị Hường", "Trần Văn Đức", "Lê Thị Thủy", "Phạm Văn Tuấn", "Vũ Minh Anh"]
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Công đoàn"]]
    rows += [[encode_tcvn3(name), D(1980 + i, 1, 1), "Nam", D(2021, 1, 1)] for i, name in enumerate(names)]
    assert encode_tcvn3("Vũ Minh Anh") == "Vò Minh Anh"
    _run(tmp_path, users, tree.a1, {"DS": rows})
    assert sorted(Person.objects.values_list("full_name", flat=True)) == sorted(names)
