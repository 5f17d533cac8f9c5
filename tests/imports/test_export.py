"""Member lists export to the standard template (.xlsx) and .csv, from the page and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

import pytest
from python_calamine import load_workbook

from congdoan.accounts.models import AuditEntry
from congdoan.cli import main
from congdoan.imports import export
from congdoan.imports.export_cli import ProgressBar
from congdoan.imports.mapping import MEMBERS
from congdoan.members import selectors
from congdoan.members import services as members
from member_data import cccd_for, person

D = dt.date
ON = D(2025, 7, 31)
HEADER_ROW = export.TITLE_ROWS  # 0-based row of the header in the member sheet
UNIT = [column.field for column in MEMBERS.columns].index("unit")
AN_CCCD = cccd_for("male", 1990, province="001")  # starts "0010": leading zeros to keep


@pytest.fixture
def registry(tree, users):
    """Members of Bảo Thắng (A) and Bát Xát (B), with the quirks an export must carry."""
    an = members.admit(
        actor=None,
        unit=tree.a1,
        on=D(2020, 3, 2),
        person=person(
            "Nguyễn Văn An",
            "male",
            D(1990, 5, 17),
            cccd=AN_CCCD,
            other_id="012345678",
            ethnicity="02",
            religion="buddhism",
            education="university",
            hometown_province_code=15,
            hometown_ward_code=2674,
            residence_province_code=1,
            residence_street="Số 5, ngõ 12 phố Huế",
            phone="0912345678",
            email="an@example.vn",
            employer="Trường Tiểu học Kim Đồng",
            job_title="Giáo viên",
            contract_type="fixed_term",
            contract_months=24,
            insurance_salary=5_310_000,
        ),
    )
    members.issue_cards(actor=None, people=[an], on=D(2024, 3, 1))
    members.admit(
        actor=None,
        unit=tree.a2,
        on=D(2020, 6, 1),
        person={
            "full_name": "Lò Thị Bình",
            "gender": "female",
            "birth_date": None,
            "birth_year": 1985,
            "cccd": cccd_for("female", 1985),
            "ethnicity": "03",
        },
    )
    members.admit(
        actor=None,
        unit=tree.a2,
        on=D(2025, 7, 1),  # foreign workers may join from 1 July 2025
        person={
            "full_name": "Kim Min Jun",
            "contract_type": "fixed_term",
            "contract_months": 24,
            "gender": "male",
            "birth_date": D(1988, 2, 3),
            "citizenship": "foreign",
            "nationality": "Hàn Quốc",
            "other_id": "M12345678",
        },
    )
    resting = members.admit(
        actor=None, unit=tree.a1, on=D(2021, 1, 4), person=person("Trần Thị Ánh", "female")
    )
    members.suspend(actor=None, person=resting, on=D(2024, 9, 1), reason="Nghỉ thai sản không lương")
    gone = members.admit(actor=None, unit=tree.a1, on=D(2021, 2, 1), person=person("Phạm Văn Cường"))
    members.leave(actor=None, person=gone, on=D(2024, 6, 1), reason="Nghỉ việc")
    moved = members.admit(actor=None, unit=tree.a1, on=D(2022, 1, 1), person=person("Đỗ Minh Đức"))
    members.transfer(actor=None, person=moved, to_unit=tree.b1, on=D(2024, 3, 1))
    members.admit(actor=None, unit=tree.b1, on=D(2021, 3, 1), person=person("Giàng Thị Mỷ", "female"))
    return tree


def _sheet(path_or_file) -> list[list]:
    return load_workbook(path_or_file).get_sheet_by_name(export.MEMBER_SHEET).to_python(skip_empty_area=False)


def _by_name(rows: list[list]) -> dict[str, list]:
    return {row[1]: row for row in rows}


# --------------------------------------------------------------------------
# the file


def test_xlsx_has_the_title_block_then_stt_and_the_template_labels(registry, users, tmp_path):
    path = tmp_path / "a.xlsx"
    assert export.write_members_xlsx(str(path), registry.a, ON, user=users.fed_admin) == 4
    rows = _sheet(str(path))
    assert rows[0][0] == "LIÊN ĐOÀN LAO ĐỘNG TỈNH LÀO CAI"
    assert rows[1][0] == "LĐLĐ HUYỆN BẢO THẮNG"
    assert rows[3][0] == "DANH SÁCH ĐOÀN VIÊN"
    assert rows[4][0] == "Ngày 31 tháng 7 năm 2025"
    assert rows[HEADER_ROW] == ["STT", *(column.label for column in MEMBERS.columns)]
    assert len(rows) == HEADER_ROW + 1 + 4


def test_xlsx_cells_are_what_a_person_would_type(registry, users, tmp_path):
    path = tmp_path / "a.xlsx"
    export.write_members_xlsx(str(path), registry.a, ON, user=users.fed_admin)
    data = _by_name(_sheet(str(path))[HEADER_ROW + 1 :])
    an = dict(zip(["STT", *(c.field for c in MEMBERS.columns)], data["Nguyễn Văn An"], strict=True))
    card = members.Person.objects.get(full_name="Nguyễn Văn An").card_number
    assert an == {
        "STT": an["STT"],
        "full_name": "Nguyễn Văn An",
        "birth_date": D(1990, 5, 17),
        "gender": "Nam",
        "cccd": AN_CCCD,
        "other_id": "012345678",
        "nationality": "Việt Nam",
        "ethnicity": "Tày",
        "religion": "Phật giáo",
        "education": "Đại học",
        "hometown_ward": "Phường Cam Đường",
        "hometown_province": "Lào Cai",
        "residence_street": "Số 5, ngõ 12 phố Huế",
        "residence_ward": "",
        "residence_province": "Thành phố Hà Nội",
        "phone": "0912345678",
        "email": "an@example.vn",
        "employer": "Trường Tiểu học Kim Đồng",
        "job_title": "Giáo viên",
        "contract_type": "Hợp đồng xác định thời hạn",
        "contract_months": 24,
        "insurance_salary": 5_310_000,
        "unit": "BT-01",
        "joined_on": D(2020, 3, 2),
        "card_number": card,
        "union_office": "",
        "status": "Đang sinh hoạt",
    }
    assert AN_CCCD.startswith("00") and card
    binh, kim, anh = data["Lò Thị Bình"], data["Kim Min Jun"], data["Trần Thị Ánh"]
    assert binh[2] == "1985" and binh[3] == "Nữ" and binh[7] == "Thái"  # the year alone, as text
    assert (kim[4], kim[5], kim[6], kim[7]) == ("", "M12345678", "Hàn Quốc", "Người nước ngoài")
    assert anh[-1] == "Tạm dừng sinh hoạt"


def test_the_template_is_vietnamese_whatever_the_language_of_the_request(registry, users, tmp_path):
    from django.utils import translation

    path = tmp_path / "a.xlsx"
    with translation.override("en"):
        export.write_members_xlsx(str(path), registry.a, ON, user=users.fed_admin)
    an = _by_name(_sheet(str(path))[HEADER_ROW + 1 :])["Nguyễn Văn An"]
    assert (an[3], an[-1]) == ("Nam", "Đang sinh hoạt")


def test_rows_go_by_unit_in_tree_order_then_by_given_name(registry, users):
    rows = list(export.member_rows(registry.province, ON, user=users.fed_admin))
    # Siblings by name: "… Công ty Cổ phần Apatit" (BT-02) before "… Trường Tiểu học Kim Đồng" (BT-01).
    assert [(row[0], row[UNIT]) for row in rows] == [
        ("Lò Thị Bình", "BT-02"),
        ("Kim Min Jun", "BT-02"),
        ("Nguyễn Văn An", "BT-01"),
        ("Trần Thị Ánh", "BT-01"),
        ("Đỗ Minh Đức", "BX-01"),
        ("Giàng Thị Mỷ", "BX-01"),
    ]


def test_the_second_sheet_names_each_unit_of_the_list(registry, users, tmp_path):
    path = tmp_path / "p.xlsx"
    export.write_members_xlsx(str(path), registry.province, ON, user=users.fed_admin)
    units = load_workbook(str(path)).get_sheet_by_name(export.UNIT_SHEET).to_python()
    assert units == [
        export.UNIT_SHEET_HEADER,
        ["BT-02", "Công đoàn cơ sở Công ty Cổ phần Apatit", 2],
        ["BT-01", "Công đoàn cơ sở Trường Tiểu học Kim Đồng", 2],
        ["BX-01", "Công đoàn cơ sở Trường Mầm non Bản Vược", 2],
        ["", "Tổng cộng", 6],
    ]


def test_only_members_of_the_subtree_on_the_date(registry, users):
    def names(unit, on):
        return sorted(row[0] for row in export.member_rows(unit, on, user=users.fed_admin))

    # Cường left on 2024-06-01 and Đức moved to Bát Xát on 2024-03-01: both gone by mid-2025 ...
    assert names(registry.a, ON) == ["Kim Min Jun", "Lò Thị Bình", "Nguyễn Văn An", "Trần Thị Ánh"]
    # ... both there at New Year, when Kim had not joined yet.
    assert names(registry.a, D(2024, 1, 1)) == [
        "Lò Thị Bình",
        "Nguyễn Văn An",
        "Phạm Văn Cường",
        "Trần Thị Ánh",
        "Đỗ Minh Đức",
    ]
    assert names(registry.b, ON) == ["Giàng Thị Mỷ", "Đỗ Minh Đức"]


@pytest.mark.parametrize("group_rows", [1, 3, 2000])
def test_the_people_are_those_of_the_member_list_page_however_units_are_grouped(
    registry, users, monkeypatch, group_rows
):
    monkeypatch.setattr(export, "GROUP_ROWS", group_rows)
    for root in (registry.province, registry.a, registry.b):
        for on in (D(2024, 1, 1), ON):
            page = selectors.member_list(users.fed_admin, root, on, status="members")
            rows = list(export.member_rows(root, on, user=users.fed_admin))
            assert sorted(row[0] for row in rows) == sorted(p.full_name for p in page)
            assert len(rows) == export.plan_members(user=users.fed_admin, root=root, on=on).total


def test_the_list_of_a_past_date_is_who_belonged_then_even_if_they_moved_since(registry, users):
    # Đức was in Bảo Thắng on New Year's Day 2024 and is in Bát Xát now: Bảo Thắng's list of
    # that day has him, under the unit he was in, as the counts and the list page have him.
    rows = _by_name(
        [[None, *row] for row in export.member_rows(registry.a, D(2024, 1, 1), user=users.officer_a)]
    )
    assert rows["Đỗ Minh Đức"][1 + UNIT] == "BT-01"


def test_a_viewer_gets_the_ids_masked_as_on_the_list_page(registry, users):
    rows = _by_name([[None, *row] for row in export.member_rows(registry.a, ON, user=users.viewer)])
    assert rows["Nguyễn Văn An"][4] == "•••••••" + AN_CCCD[-5:]
    assert rows["Nguyễn Văn An"][5] == "••••45678"


def test_csv_starts_with_the_bom_and_reads_back_with_the_csv_module(registry, users):
    out = io.BytesIO()
    count = export.save_members(actor=users.fed_admin, root=registry.a, on=ON, fmt="csv", target=out)
    content = out.getvalue()
    assert count == 4 and content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == export.HEADER
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4"]
    an = _by_name(rows[1:])["Nguyễn Văn An"]
    assert an[2:5] == ["17/05/1990", "Nam", AN_CCCD]
    assert an[-4:-1] == ["BT-01", "02/03/2020", an[-2]] and an[-2].isdigit()
    assert an[21] == "5310000"
    assert _by_name(rows[1:])["Lò Thị Bình"][2] == "1985"


def test_iter_members_csv_is_the_same_text_in_chunks(registry, users):
    out = io.BytesIO()
    export.save_members(actor=users.fed_admin, root=registry.a, on=ON, fmt="csv", target=out)
    text = "".join(export.iter_members_csv(registry.a, ON, user=users.fed_admin))
    assert text.encode("utf-8") == out.getvalue()


def test_every_export_is_audited_with_unit_date_format_and_rows(registry, users):
    export.save_members(actor=users.officer_a, root=registry.a, on=ON, fmt="xlsx", target=io.BytesIO())
    entry = AuditEntry.objects.filter(action="member.export").get()
    assert (entry.actor, entry.unit, entry.object_id) == (users.officer_a, registry.a, str(registry.a.pk))
    assert entry.after == {"date": "2025-07-31", "format": "xlsx", "rows": 4, "ids": "full"}


def test_an_export_outside_the_scope_is_refused(registry, users):
    from congdoan.common.errors import ScopeError

    with pytest.raises(ScopeError):
        export.save_members(actor=users.officer_a, root=registry.b, on=ON, fmt="csv", target=io.BytesIO())
    assert not AuditEntry.objects.filter(action="member.export").exists()


def test_as_of_line_writes_leading_zeros_as_documents_do():
    assert export.as_of_line(D(2025, 1, 5)) == "Ngày 05 tháng 01 năm 2025"
    assert export.as_of_line(D(2025, 3, 15)) == "Ngày 15 tháng 3 năm 2025"


# --------------------------------------------------------------------------
# the page


def test_the_member_list_page_offers_both_exports_for_the_date_shown(registry, users, client_for):
    page = client_for(users.officer_a).get(f"/members/unit/{registry.a.pk}/?on=2025-07-31")
    body = page.content.decode()
    url = f"/imports/members/{registry.a.pk}/export/?on=2025-07-31&amp;format="
    assert url + "xlsx" in body and url + "csv" in body
    assert "Xuất Excel" in body and "Xuất CSV" in body


def test_the_browser_downloads_the_xlsx(registry, users, client_for):
    response = client_for(users.officer_a).get(f"/imports/members/{registry.a.pk}/export/?on=2025-07-31")
    assert response.status_code == 200
    assert response["Content-Type"] == export.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="doan-vien_BT_2025-07-31.xlsx"'
    rows = _sheet(io.BytesIO(b"".join(response.streaming_content)))
    assert len(rows) == HEADER_ROW + 1 + 4
    assert AuditEntry.objects.filter(action="member.export", actor=users.officer_a).count() == 1


def test_the_browser_streams_the_csv(registry, users, client_for):
    response = client_for(users.fed_admin).get(
        f"/imports/members/{registry.province.pk}/export/?on=2025-07-31&format=csv"
    )
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="doan-vien_LC_2025-07-31.csv"'
    # Audited when the response is made, before the first row is sent.
    assert AuditEntry.objects.get(action="member.export").after["rows"] == 6
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))) == 1 + 6


def test_a_unit_of_another_branch_is_not_found(registry, users, client_for):
    response = client_for(users.officer_a).get(f"/imports/members/{registry.b.pk}/export/?format=csv")
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="member.export").exists()


def test_the_export_needs_a_login(registry, client):
    response = client.get(f"/imports/members/{registry.a.pk}/export/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --------------------------------------------------------------------------
# the command


def test_cli_writes_the_xlsx_and_says_how_many(registry, capsys, tmp_path):
    out = tmp_path / "bao-thang.xlsx"
    status = main(
        ["export", "members", "--unit", "BT", "--date", "2025-07-31", "--out", str(out), "--user", "baothang"]
    )
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert captured.out.strip() == f"Đã xuất 4 đoàn viên vào {out}"
    assert len(_sheet(str(out))) == HEADER_ROW + 1 + 4
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind
    if os.name == "posix":
        assert out.stat().st_mode & 0o077 == 0  # personal data: for its owner only
    assert AuditEntry.objects.get(action="member.export").after["format"] == "xlsx"


def test_cli_takes_the_format_from_the_file_name(registry, capsys, tmp_path):
    out = tmp_path / "tinh.csv"
    assert main(["export", "members", "--unit", "LC", "--date", "2025-07-31", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    forced = tmp_path / "tinh.txt"
    assert main(["export", "members", "--unit", "LC", "--format", "csv", "--out", str(forced)]) == 0
    assert forced.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Đã xuất 6 đoàn viên" in capsys.readouterr().out


def test_cli_refuses_a_unit_outside_the_users_scope(registry, capsys, tmp_path):
    out = tmp_path / "b.xlsx"
    status = main(["export", "members", "--unit", "BX", "--out", str(out), "--user", "baothang"])
    captured = capsys.readouterr()
    assert status == 2 and "Không tìm thấy đơn vị “BX”" in captured.err and "Traceback" not in captured.err
    assert not out.exists()


def test_cli_reports_a_path_it_cannot_write(registry, capsys, tmp_path):
    out = tmp_path / "khong-co" / "a.xlsx"
    status = main(["export", "members", "--unit", "BT", "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.strip() == f"Lỗi: Không ghi được tệp “{out}”: thư mục không tồn tại."
    assert not AuditEntry.objects.filter(action="member.export").exists()


def test_cli_rejects_a_bad_date_and_format(registry, capsys, tmp_path):
    out = str(tmp_path / "a.xlsx")
    with pytest.raises(SystemExit) as bad_date:
        main(["export", "members", "--unit", "BT", "--date", "31/12/2024", "--out", out])
    with pytest.raises(SystemExit) as bad_format:
        main(["export", "members", "--unit", "BT", "--format", "ods", "--out", out])
    assert bad_date.value.code == bad_format.value.code == 2
    assert "ngày không hợp lệ" in capsys.readouterr().err
    assert not Path(out).exists()


def test_progress_bar_draws_on_one_line_and_ends_it():
    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True, interval=0, delay=0)
    bar(1000, 46000)
    bar(46000, 46000)
    bar.close()
    lines = stream.getvalue()
    assert lines.startswith("\rĐang xuất     1.000 / 46.000 đoàn viên [")
    assert lines.endswith("] 100%\n") and lines.count("\r") == 2


def test_progress_bar_stays_quiet_off_a_terminal_and_for_quick_exports():
    quiet, quick = io.StringIO(), io.StringIO()
    for stream, bar in ((quiet, ProgressBar(quiet)), (quick, ProgressBar(quick, enabled=True, delay=60))):
        bar(1000, 2000)
        bar(2000, 2000)
        bar.close()
        assert stream.getvalue() == ""
