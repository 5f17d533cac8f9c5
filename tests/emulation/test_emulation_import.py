"""Importing initiatives and gradings through the import engine: the template, row errors, all or nothing, re-import, scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.emulation import grading, services, tables
from congdoan.emulation.models import Grade, Grading, Initiative
from congdoan.imports.records import NoUnit, import_records, write_table
from congdoan.members import services as members
from imports.sheet_factory import write_xlsx
from member_data import person

D = dt.date
SHEET = "Sáng kiến 2024"


def template(tmp_path, spec, rows, name="tep.xlsx"):
    """A file in the kind's own template (what the list page exports), with a title block of two lines."""
    path = tmp_path / name
    write_table(spec, rows, path, title_lines=["LĐLĐ huyện Bát Xát", "Năm 2024"], sheet_name=SHEET)
    return path


#: Data rows of a template with two title lines start on row 7 (title lines, blank, title, blank, header).
FIRST = 7


def idea(crew, **values):
    row = {
        "title": "Giáo án điện tử môn Tiếng Việt",
        "kind": "initiative",
        "authors": "Sùng A Páo; Giàng Thị Mỷ",
        "author_ids": f"{crew['pao'].cccd}; {crew['my'].cccd}",
        "unit": "A1",
        "field": "education",
        "recognised_on": D(2024, 5, 20),
        "recognised_by": "Hội đồng sáng kiến huyện Bát Xát",
        "scope": "grassroots",
        "value": 15_000_000,
    }
    row.update(values)
    return row


def errors(result):
    return sorted((e.sheet, e.row, e.column, e.code) for e in result.errors)


# --------------------------------------------------------------------------
# initiatives


def test_a_file_in_the_template_imports_recognised_initiatives(tree, people, crew, tmp_path):
    path = template(
        tmp_path,
        tables.INITIATIVES,
        [
            idea(crew),
            # Without CCCDs the author is looked up by name among the members of the row's unit.
            idea(
                crew,
                title="Cải tiến băng tải",
                authors="Lò Văn Sướng",
                author_ids="",
                unit="A2",
                field="engineering",
                recognised_by="",
                scope="province",
                value=None,
            ),
        ],
    )
    result = import_records("initiatives", path, actor=people.officer_a, unit=tree.district_a)
    assert (result.rows_read, result.created, result.error_count) == (2, 2, 0), errors(result)
    first, second = Initiative.objects.order_by("id")
    assert [a.person for a in first.authors.all()] == [crew["pao"], crew["my"]]
    assert (first.unit, first.recognised_on, first.scope, first.value) == (
        tree.school_a,
        D(2024, 5, 20),
        "grassroots",
        15_000_000,
    )
    assert [a.person for a in second.authors.all()] == [crew["sướng"]]
    assert second.recognised_by == "Hội đồng sáng kiến CĐCS Công ty TNHH Hoàng Liên"
    assert (second.scope, second.value) == ("province", None)
    assert AuditEntry.objects.filter(action="initiatives.import", actor=people.officer_a).count() == 1
    load = AuditEntry.objects.get(action="emulation.initiative_load")
    assert load.after["count"] == 2 and load.unit == tree.district_a


def test_the_same_file_again_adds_no_initiative_twice(tree, people, crew, tmp_path):
    path = template(
        tmp_path, tables.INITIATIVES, [idea(crew), idea(crew, title="Sổ tay chủ nhiệm", unit="A1")]
    )
    assert import_records("initiatives", path, actor=people.officer_a, unit=tree.district_a).created == 2
    again = import_records("initiatives", path, actor=people.officer_a, unit=tree.district_a)
    assert (again.created, again.written) == (0, False)
    assert errors(again) == [
        (SHEET, FIRST, "B", "already_recorded"),
        (SHEET, FIRST + 1, "B", "already_recorded"),
    ]
    assert again.errors[0].message == (
        "CĐCS Trường Tiểu học Bản Xèo đã có sáng kiến “Giáo án điện tử môn Tiếng Việt” "
        "(công nhận ngày 20/05/2024): không ghi lần nữa."
    )
    assert Initiative.objects.count() == 2


def test_one_bad_initiative_row_and_nothing_is_written_with_each_error_where_it_is(
    tree, people, crew, tmp_path
):
    rows = [
        idea(crew, title="Dòng đúng"),
        idea(crew, title="Thiếu một CCCD", author_ids=crew["pao"].cccd),
        idea(crew, title="Sai tên", authors="Sùng A Páo; Giàng Thị Mai"),
        idea(crew, title="Trước khi vào công đoàn", recognised_on=D(2015, 6, 1)),
        idea(crew, title="Ở huyện khác", unit="B1", authors="Hoàng Văn Giang", author_ids=crew["giang"].cccd),
        idea(crew, title="Dòng đúng"),
        idea(crew, title="Thiếu cấp", scope=None),
    ]
    path = template(tmp_path, tables.INITIATIVES, rows)
    result = import_records("initiatives", path, actor=people.officer_a, unit=tree.district_a)
    assert (result.created, result.written) == (0, False)
    assert Initiative.objects.count() == 0
    assert not AuditEntry.objects.filter(
        action__in=["initiatives.import", "emulation.initiative_load"]
    ).exists()
    assert errors(result) == [
        (SHEET, FIRST + 1, "E", "authors_ids_mismatch"),
        (SHEET, FIRST + 2, "D", "author_name_mismatch"),
        (SHEET, FIRST + 3, "D", "not_a_member"),
        (SHEET, FIRST + 4, "F", "unit_unknown"),
        (SHEET, FIRST + 5, "B", "duplicate_in_file"),
        (SHEET, FIRST + 6, "J", "required"),
    ]
    by_row = {e.row: e.message for e in result.errors}
    assert by_row[FIRST + 2] == f"Số CCCD {crew['my'].cccd} là của Giàng Thị Mỷ, không phải “Giàng Thị Mai”."
    assert by_row[FIRST + 3] == (
        "Giàng Thị Mỷ không phải là đoàn viên vào ngày 01/06/2015: không thể ghi là tác giả."
    )


def test_an_initiative_file_for_a_unit_outside_the_scope_is_refused(tree, people, crew, tmp_path):
    row = idea(crew, unit="B1", authors="Hoàng Văn Giang", author_ids=crew["giang"].cccd)
    path = template(tmp_path, tables.INITIATIVES, [row])
    with pytest.raises(NoUnit) as refused:
        import_records("initiatives", path, actor=people.officer_a, unit=tree.district_b)
    assert refused.value.code == "scope"
    result = import_records("initiatives", path, actor=people.officer_a)
    assert errors(result) == [(SHEET, FIRST, "F", "unit_unknown")]
    assert Initiative.objects.count() == 0
    assert import_records("initiatives", path, actor=people.officer_b).created == 1  # B's officer may


def test_the_initiative_export_reads_back_through_the_import(tree, people, crew, tmp_path, client_for):
    path = template(
        tmp_path, tables.INITIATIVES, [idea(crew), idea(crew, title="Sổ tay chủ nhiệm", value=None)]
    )
    import_records("initiatives", path, actor=people.officer_a, unit=tree.district_a)
    exported = client_for(people.officer_a).get("/emulation/initiatives/?format=xlsx").content
    before = list(
        Initiative.objects.order_by("title").values_list("title", "unit", "recognised_on", "scope", "value")
    )
    Initiative.objects.all().delete()
    result = import_records("initiatives", exported, actor=people.officer_a, filename="sang-kien.xlsx")
    assert result.created == 2, errors(result)
    after = list(
        Initiative.objects.order_by("title").values_list("title", "unit", "recognised_on", "scope", "value")
    )
    assert after == before


# --------------------------------------------------------------------------
# gradings


def test_a_file_in_the_template_grades_grassroots_unions(tree, people, tmp_path):
    path = template(
        tmp_path,
        tables.GRADINGS,
        [
            {"unit": "A1", "year": 2024, "total": "92,5", "grade": "excellent", "note": "Vững mạnh"},
            {"unit": "CĐCS Công ty TNHH Hoàng Liên", "year": 2024, "total": "85/120"},
            {"unit": "A3", "year": 2023, "total": "45", "grade": "not_done"},
        ],
    )
    result = import_records("gradings", path, actor=people.officer_a, unit=tree.district_a)
    assert (result.created, result.error_count) == (3, 0), errors(result)
    rows = {g.unit.code: g for g in Grading.objects.select_related("unit")}
    assert (rows["A1"].total, rows["A1"].grade, rows["A1"].note) == (
        Decimal("92.5"),
        Grade.EXCELLENT,
        "Vững mạnh",
    )
    assert (rows["A2"].total, rows["A2"].max_total, rows["A2"].grade) == (
        Decimal(85),
        Decimal(120),
        Grade.GOOD,
    )
    assert rows["A2"].sheet == [{"criterion": grading.TOTAL_ONLY, "max": "120.0", "score": "85.0"}]
    assert (rows["A3"].year, rows["A3"].as_of, rows["A3"].grade) == (2023, D(2023, 12, 31), Grade.NOT_DONE)
    assert rows["A1"].graded_by == people.officer_a
    assert AuditEntry.objects.get(action="emulation.grade_load").after == {"count": 3, "years": [2023, 2024]}
    assert AuditEntry.objects.filter(action="gradings.import").count() == 1


def test_one_bad_grading_row_and_nothing_is_written_with_each_error_where_it_is(tree, people, tmp_path):
    path = template(
        tmp_path,
        tables.GRADINGS,
        [
            {"unit": "A1", "year": 2024, "total": "95"},
            {"unit": "A2", "year": 2024, "total": "75", "grade": "excellent"},
            {"unit": "A3", "year": 2024, "total": "130"},
            {"unit": "A", "year": 2024, "total": "80"},
            {"unit": "B1", "year": 2024, "total": "80"},
            {"unit": "A3", "year": 2005, "total": "80"},
            {"unit": "A1", "year": 2024, "total": "60"},
            {"unit": "A3", "year": 2023, "total": "tám mươi"},
        ],
    )
    result = import_records("gradings", path, actor=people.officer_a, unit=tree.district_a)
    assert (result.created, result.written) == (0, False)
    assert (
        Grading.objects.count() == 0 and not AuditEntry.objects.filter(action="emulation.grade_load").exists()
    )
    assert errors(result) == [
        (SHEET, FIRST + 1, "E", "grade_mismatch"),
        (SHEET, FIRST + 2, "D", "score_above_max"),
        (SHEET, FIRST + 3, "B", "unit_unknown"),
        (SHEET, FIRST + 4, "B", "unit_unknown"),
        (SHEET, FIRST + 5, "B", "unit_absent_that_year"),
        (SHEET, FIRST + 6, "B", "duplicate_in_file"),
        (SHEET, FIRST + 7, "D", "points_invalid"),
    ]
    by_row = {e.row: e.message for e in result.errors}
    assert by_row[FIRST + 1] == (
        "Xếp loại “Hoàn thành xuất sắc nhiệm vụ” không khớp với số điểm 75/100 "
        "(theo thang điểm là “Hoàn thành tốt nhiệm vụ”)."
    )
    assert "B1" in by_row[FIRST + 4]


def test_grading_again_is_refused_row_by_row(tree, people, tmp_path):
    path = template(tmp_path, tables.GRADINGS, [{"unit": "A1", "year": 2024, "total": "95"}])
    assert import_records("gradings", path, actor=people.officer_a, unit=tree.district_a).created == 1
    again = import_records("gradings", path, actor=people.officer_a, unit=tree.district_a)
    assert again.created == 0 and errors(again) == [(SHEET, FIRST, "C", "graded_twice")]
    assert again.errors[0].message == "CĐCS Trường Tiểu học Bản Xèo đã được xếp loại năm 2024."
    assert Grading.objects.count() == 1


def test_a_grading_file_outside_the_scope_is_refused(tree, people, tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx", {"Xếp loại": [["Đơn vị", "Năm", "Điểm"], ["B1", 2024, "80"]]})
    with pytest.raises(NoUnit):
        import_records("gradings", path, actor=people.officer_a, unit=tree.district_b)
    result = import_records("gradings", path, actor=people.officer_a)
    assert [(e.row, e.column, e.code) for e in result.errors] == [(2, "A", "unit_unknown")]
    assert Grading.objects.count() == 0


def test_the_grading_export_reads_back_through_the_import(tree, people, records, client_for):
    exported = client_for(people.province_admin).get("/emulation/gradings/?format=xlsx").content
    before = sorted(Grading.objects.values_list("unit", "year", "total", "max_total", "grade"))
    Grading.objects.all().delete()
    result = import_records("gradings", exported, actor=people.province_admin, filename="xep-loai.xlsx")
    assert result.created == 3, errors(result)
    assert sorted(Grading.objects.values_list("unit", "year", "total", "max_total", "grade")) == before


def test_an_author_without_cccd_is_found_by_the_old_id_the_export_writes(tree, people, crew, client_for):
    old_id = members.admit(
        actor=None,
        unit=tree.school_a,
        on=D(2010, 9, 1),
        person=person("Vàng Thị Dua", "female", born=D(1970, 3, 8), cccd="012345678"),  # an old CMND
    )
    assert (old_id.cccd, old_id.other_id) == (None, "012345678")
    services.record_initiative(
        actor=None,
        data=services.InitiativeData(
            unit=tree.school_a,
            title="Vườn rau cho bếp ăn bán trú",
            field="education",
            authors=[old_id, crew["pao"]],
            recognised_on=D(2024, 4, 2),
            recognised_by="Hội đồng sáng kiến",
            scope="grassroots",
        ),
    )
    exported = client_for(people.officer_a).get("/emulation/initiatives/?format=xlsx").content
    Initiative.objects.all().delete()
    result = import_records("initiatives", exported, actor=people.officer_a, filename="sang-kien.xlsx")
    assert result.created == 1, errors(result)
    assert [a.person for a in Initiative.objects.get().authors.all()] == [old_id, crew["pao"]]
