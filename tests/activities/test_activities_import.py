"""Importing sessions and attendance sheets through the import engine: all or nothing, row errors, export."""

from __future__ import annotations

import datetime as dt
import io

from congdoan.accounts.models import AuditEntry
from congdoan.activities import services
from congdoan.activities.imports import ATTENDANCE_KIND, SESSIONS, SESSIONS_KIND, export_row
from congdoan.activities.models import Attendance, Session, SessionKind
from congdoan.imports.records import get_kind, import_records, write_table
from imports.sheet_factory import write_xlsx

D = dt.date
TITLE = [["LIÊN ĐOÀN LAO ĐỘNG HUYỆN BÁT XÁT"], ["TỔNG HỢP HỌC TẬP, TUYÊN TRUYỀN NĂM 2024"], []]
HEADER = [
    "STT",
    "Chủ đề, nội dung",
    "Hình thức",
    "Ngày",
    "Đơn vị",
    "Số người tham dự",
    "Trong đó nữ",
    "Ghi chú",
]


def sheet(tmp_path, rows, name="hoc-tap.xlsx", header=HEADER):
    body = [[i, *row] for i, row in enumerate(rows, start=1)]
    return write_xlsx(tmp_path / name, {"Năm 2024": [*TITLE, header, *body, [], ["", "Người lập biểu"]]})


def test_both_kinds_are_registered():
    assert get_kind("sessions") is SESSIONS_KIND and get_kind("attendance") is ATTENDANCE_KIND


def test_a_headcount_sheet_imports_one_session_per_row(tree, people, tmp_path):
    path = sheet(
        tmp_path,
        [
            ["Quán triệt Nghị quyết Đại hội XIII", "Học tập nghị quyết", D(2024, 3, 5), "A1", 40, 25, ""],
            ["Phổ biến Luật BHXH 2024", "Phổ biến pháp luật", "12/04/2024", "A2", "120", "60", "Tại nhà máy"],
            ["Tập huấn cán bộ công đoàn", "Tập huấn", "20/05/2024", "", 35, 0, ""],
        ],
    )
    result = import_records(SESSIONS_KIND, path, actor=people.officer_a, unit=tree.district_a)
    assert (result.rows_read, result.created, result.rejected, result.error_count) == (3, 3, 0, 0)
    rows = list(
        Session.objects.order_by("on").values_list("unit__code", "kind", "participants", "women", "note")
    )
    assert rows == [
        ("A1", "study", 40, 25, ""),
        ("A2", "policy_law", 120, 60, "Tại nhà máy"),
        ("A", "officer_training", 35, 0, ""),  # no unit on the row: the unit chosen for the import
    ]
    assert AuditEntry.objects.filter(action="sessions.import").count() == 1
    assert AuditEntry.objects.get(action="activities.session_create_bulk").after["participants"] == 195
    # Within one file, the same session (unit, day, kind, topic) twice is a mistake.
    twice = sheet(
        tmp_path,
        [
            ["Học tập", "Học tập", D(2024, 3, 5), "A1", 4, 2, ""],
            ["Học tập", "Học tập", D(2024, 3, 5), "A1", 5, 2, ""],
        ],
        name="twice.xlsx",
    )
    result = import_records(SESSIONS_KIND, twice, actor=people.officer_a, unit=tree.district_a)
    assert [(e.row, e.column, e.code) for e in result.errors] == [(6, "B", "duplicate_in_file")]


def test_one_bad_row_and_nothing_is_written_with_each_error_where_it_is(tree, people, tmp_path):
    path = sheet(
        tmp_path,
        [
            ["Học tập Nghị quyết", "Học tập", D(2024, 3, 5), "A1", 40, 25, ""],  # row 5: fine
            ["Phổ biến pháp luật", "Phổ biến pháp luật", D(2024, 3, 6), "A1", 40, 41, ""],  # women > total
            ["Tuyên truyền", "Tuyên truyền", D(2024, 3, 7), "A1", -4, 0, ""],  # negative
            ["Đối thoại", "Đối thoại", D(2024, 3, 8), "B1", 10, 2, ""],  # B's union
            ["Dã ngoại", "Dã ngoại", D(2024, 3, 9), "A1", 10, 2, ""],  # unknown kind
            ["Học tập", "Học tập", D(2009, 6, 1), "A1", 10, 2, ""],  # before the union was founded
            ["Học tập", "Học tập", D(2024, 3, 10), "A1", "", 2, ""],  # no total
        ],
    )
    result = import_records(SESSIONS_KIND, path, actor=people.officer_a, unit=tree.district_a)
    assert result.created == 0 and not result.written and Session.objects.count() == 0
    assert {(e.sheet, e.row, e.column, e.code) for e in result.errors} == {
        ("Năm 2024", 6, "G", "invalid_women"),
        ("Năm 2024", 7, "F", "invalid_participants"),
        ("Năm 2024", 8, "E", "unit_unknown"),
        ("Năm 2024", 9, "C", "choice_unknown"),
        ("Năm 2024", 10, "D", "invalid_on"),
        ("Năm 2024", 11, "F", "required"),
    }
    messages = {e.row: e.message for e in result.errors}
    assert messages[6] == "Số nữ (41) lớn hơn tổng số người tham dự (40)."
    assert messages[7] == "Số người tham dự phải là số nguyên không âm."


def test_an_attendance_sheet_makes_one_roster_session_per_unit_day_and_topic(tree, people, folks, tmp_path):
    header = [
        "STT",
        "Chủ đề, nội dung",
        "Hình thức",
        "Ngày",
        "Đơn vị",
        "Họ và tên",
        "Số CCCD hoặc số thẻ đoàn viên",
        "Có mặt",
    ]
    topic = "Phổ biến Bộ luật Lao động"
    rows = [
        [topic, "Phổ biến pháp luật", D(2024, 4, 2), "A1", "Sùng A Páo", folks.pao.cccd, "Có"],
        [topic, "Phổ biến pháp luật", D(2024, 4, 2), "A1", "Giàng Thị Mỷ", folks.my.cccd, "x"],
        [topic, "Phổ biến pháp luật", D(2024, 4, 2), "A", "Lò Văn Sướng", folks.suong.cccd, "Không"],
        [topic, "Phổ biến pháp luật", D(2024, 4, 2), "A", "Sùng A Páo", folks.pao.cccd, ""],
    ]
    result = import_records(ATTENDANCE_KIND, sheet(tmp_path, rows, header=header), actor=people.officer_a)
    assert result.created == 2, [e.message for e in result.errors]
    school, district = Session.objects.order_by("unit__code").reverse()
    assert (school.unit, school.mode, school.participants, school.women) == (tree.school_a, "roster", 2, 1)
    assert (district.unit, district.participants, district.women) == (tree.district_a, 1, 0)
    assert Attendance.objects.filter(session=district, present=False).get().person == folks.suong

    bad = [
        [topic, "Tuyên truyền", D(2024, 5, 2), "A1", "Sùng A Páo", folks.pao.cccd, "Có"],
        [topic, "Tuyên truyền", D(2024, 5, 2), "A1", "Lò Văn Sướng", folks.suong.cccd, "Có"],  # company A's
        [topic, "Tuyên truyền", D(2024, 5, 2), "A1", "Hoàng Văn Giang", folks.giang.cccd, "Có"],  # B's member
        [topic, "Tuyên truyền", D(2024, 5, 2), "A1", "Nguyễn Văn Khác", folks.my.cccd, "Có"],  # another's ID
        [topic, "Tuyên truyền", D(2024, 5, 2), "A1", "Sùng A Páo", folks.pao.cccd, "Có"],  # twice
    ]
    result = import_records(
        ATTENDANCE_KIND, sheet(tmp_path, bad, header=header, name="b.xlsx"), actor=people.officer_a
    )
    assert result.created == 0 and Session.objects.count() == 2
    assert {(e.row, e.column, e.code) for e in result.errors} == {
        (6, "G", "member_outside"),
        (7, "G", "member_unknown"),
        (8, "F", "name_mismatch"),
        (9, "G", "duplicate_in_file"),
    }
    assert {e.row: e.message for e in result.errors}[6] == (
        "Lò Văn Sướng không phải đoàn viên của CĐCS Trường Tiểu học Bản Xèo ngày 02/05/2024."
    )


def test_the_export_reads_back_through_the_import(tree, people, folks, tmp_path):
    services.create_session(
        actor=None,
        unit=tree.school_a,
        topic="Học tập",
        kind=SessionKind.STUDY,
        on=D(2024, 3, 5),
        participants=40,
        women=25,
        place="Hội trường",
    )
    services.create_session(
        actor=None,
        unit=tree.company_a,
        topic="Đối thoại",
        kind=SessionKind.DIALOGUE,
        on=D(2024, 6, 5),
        roster=[(folks.suong, True)],
        note="Định kỳ",
    )
    out = io.BytesIO()
    write_table(SESSIONS, [export_row(s) for s in Session.objects.order_by("on")], out, title_lines=["2024"])
    Attendance.objects.all().delete()
    Session.objects.all().delete()
    result = import_records(SESSIONS_KIND, out.getvalue(), actor=people.officer_a, filename="x.xlsx")
    assert result.created == 2, [e.message for e in result.errors]
    assert list(
        Session.objects.order_by("on").values_list(
            "topic", "kind", "on", "unit__code", "place", "participants", "women", "note"
        )
    ) == [
        ("Học tập", "study", D(2024, 3, 5), "A1", "Hội trường", 40, 25, ""),
        ("Đối thoại", "dialogue", D(2024, 6, 5), "A2", "", 1, 0, "Định kỳ"),
    ]


def test_a_men_column_must_agree_with_the_total(tree, people, tmp_path):
    header = [*HEADER[:7], "Nam", "Ghi chú"]
    rows = [
        ["Học tập", "Học tập", D(2024, 3, 5), "A1", 40, 25, 15, ""],
        ["Tuyên truyền", "Tuyên truyền", D(2024, 3, 6), "A1", 40, 25, 16, ""],
    ]
    result = import_records(SESSIONS_KIND, sheet(tmp_path, rows, header=header), actor=people.officer_a)
    [error] = result.errors
    assert (error.row, error.column, error.code) == (6, "H", "invalid_men")
    assert error.message == "Số nam (16) cộng số nữ (25) phải bằng tổng số người tham dự (40)."
    assert Session.objects.count() == 0
