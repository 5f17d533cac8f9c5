"""The annual report as DOCX, XLSX and on the page: the administrative header, the figures and their writing."""

from __future__ import annotations

import datetime as dt
import io
import json

from docx import Document
from python_calamine import load_workbook

from congdoan import cli
from congdoan.accounts.models import AuditEntry
from congdoan.reports import annual, documents


def test_docx_has_the_administrative_header_title_and_figures(year):
    report = annual.build(year.province, 2024)
    doc = Document(io.BytesIO(documents.write_docx(report)))
    left, right = (cell.text.split("\n") for cell in doc.tables[0].rows[0].cells)
    assert left[:2] == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH LÀO CAI"]
    assert left[2].startswith("Số:") and left[2].endswith("/BC-LC")
    assert right[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right[1] == "Độc lập - Tự do - Hạnh phúc"
    assert right[-1] == "ngày 31 tháng 12 năm 2024"  # the test tree has no province code: no place
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts and "Tổng kết công tác công đoàn năm 2024" in texts
    rows = {
        row.cells[0].text: [c.text for c in row.cells[1:]] for table in doc.tables[1:] for row in table.rows
    }
    assert rows["Kết nạp đoàn viên mới"] == ["3", "3", "2", "150,00%"]
    assert rows["Lượt người tham gia học tập, tuyên truyền"][0] == "50"
    # Times New Roman throughout the runs that carry text.
    fonts = {run.font.name for p in doc.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}


def test_the_results_section_is_drafted_from_the_figures_and_the_others_left_to_write(year):
    report = annual.build(year.province, 2024)
    texts = [p.text for p in Document(io.BytesIO(documents.write_docx(report))).paragraphs]
    results = texts.index("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM")
    assessment = texts.index("III. ĐÁNH GIÁ CHUNG: ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm")
    drafted = texts[results + 1 : assessment]
    members = report.figure("members.total").value
    assert drafted[0].startswith(
        f"Đến ngày 31/12/2024, Liên đoàn Lao động tỉnh Lào Cai có {members} đoàn viên"
    )
    assert "Trong năm kết nạp mới 3 đoàn viên, đạt 150,00% chỉ tiêu" in drafted[0]
    assert "Tổ chức 2 buổi học tập, tuyên truyền, tập huấn với 50 lượt người tham gia (nữ 21)." in drafted
    # Nothing of support or awards that year: no sentence about them.
    assert not any("hỗ trợ" in line or "sáng kiến" in line for line in drafted)
    # The situation, the assessment and next year's tasks are the federation's to write.
    assert texts[texts.index("I. ĐẶC ĐIỂM TÌNH HÌNH") + 1] == "…"
    assert texts[assessment + 1] == "…"
    assert texts[texts.index("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TỚI") + 1] == "…"


def test_xlsx_has_a_sheet_per_section_and_numbers_as_numbers(year, users, tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    assert (
        cli.main(
            [
                "report",
                "annual",
                "--unit",
                "LC",
                "--year",
                "2024",
                "--format",
                "xlsx",
                "--out",
                str(path),
                "--user",
                "lcadmin",
            ]
        )
        == 0
    )
    book = load_workbook(str(path))
    assert "Tổ chức công đoàn và đoàn viên" in book.sheet_names
    assert "Đơn vị trực thuộc" in book.sheet_names
    sheet = book.get_sheet_by_name("Tổ chức công đoàn và đoàn viên").to_python()
    rows = {row[1]: row for row in sheet[4:]}
    new = rows["members.new"]
    assert new[2:5] == [3, 3, 2]
    assert abs(new[5] - 1.5) < 1e-9  # 150,00% as a percent cell
    children = {row[1]: row for row in book.get_sheet_by_name("Đơn vị trực thuộc").to_python()[3:]}
    assert set(children) == {"BT", "BX", "SP"}


def test_docx_needs_an_output_file(year, users, capsys):
    assert (
        cli.main(
            ["report", "annual", "--unit", "LC", "--year", "2024", "--format", "docx", "--user", "lcadmin"]
        )
        == 2
    )
    assert "--out" in capsys.readouterr().err


def test_the_page_shows_the_report_within_the_users_scope(year, users, client_for):
    officer = client_for(users.officer_a)
    page = officer.get(f"/reports/unit/{year.a.pk}/annual/?year=2024")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Báo cáo tổng kết năm 2024" in html
    assert "33,33%" in html  # BT: 1 new member of a target of 3, cut
    # The district of another officer is not there for them.
    assert officer.get(f"/reports/unit/{year.b.pk}/annual/?year=2024").status_code == 404
    assert officer.get(f"/reports/unit/{year.province.pk}/annual/?year=2024").status_code == 404
    # The menu's entry goes to the dashboard of the user's own unit.
    assert officer.get("/reports/").url == f"/reports/unit/{year.a.pk}/"


def test_downloads_are_files_and_are_audited(year, users, client_for):
    admin = client_for(users.fed_admin)
    before = AuditEntry.objects.filter(action="reports.export").count()
    docx = admin.get(f"/reports/unit/{year.province.pk}/annual/?year=2024&format=docx")
    assert docx.status_code == 200
    assert docx["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-2024-LC.docx"'
    Document(io.BytesIO(docx.content))  # opens
    xlsx = admin.get(f"/reports/unit/{year.province.pk}/annual/?year=2024&format=xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).sheet_names[0] == "Tổ chức công đoàn và đoàn viên"
    assert AuditEntry.objects.filter(action="reports.export").count() == before + 2
    data = json.loads(admin.get(f"/reports/unit/{year.province.pk}/annual/?year=2024&format=json").content)
    assert {row["code"]: row["value"] for row in data["indicators"]}["members.new"] == 3


def test_a_year_without_the_unit_says_so(year, users, client_for):
    page = client_for(users.fed_admin).get(f"/reports/unit/{year.sapa1.pk}/annual/?year=2025")
    assert page.status_code == 404
    assert "không hoạt động trong năm 2025" in page.content.decode()
    # A year that is not a number falls back to the default year instead of failing.
    assert client_for(users.fed_admin).get(f"/reports/unit/{year.a.pk}/annual/?year=abc").status_code == 200


def test_pdf_is_an_a4_document_titled_with_the_report(year, users, tmp_path):
    import re

    path = tmp_path / "bao-cao.pdf"
    status = cli.main(
        [
            "report",
            "annual",
            "--unit",
            "LC",
            "--year",
            "2024",
            "--format",
            "pdf",
            "--out",
            str(path),
            "--user",
            "lcadmin",
        ]
    )
    assert status == 0
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [0 0 595.28 841.89]" in data  # A4 portrait
    assert len(re.findall(rb"/Type /Page\b", data)) >= 2  # the figures, then the child units
    # The title in the metadata (UTF-16 hex or literal, as fpdf2 writes it).
    title = "Báo cáo tổng kết công tác công đoàn năm 2024 — Liên đoàn Lao động tỉnh Lào Cai"
    assert title.encode("utf-16-be").hex().upper().encode() in data.upper() or title.encode() in data


def test_the_cached_report_is_renewed_when_a_record_changes(year, users, client_for):
    from django.core.cache import cache

    from congdoan.activities import services as activities
    from congdoan.activities.models import SessionKind

    cache.clear()
    first = annual.cached_build(year.province, 2024)
    again = annual.cached_build(year.province, 2024)
    assert (
        again.figure("activities.participations").value
        == first.figure("activities.participations").value
        == 50
    )
    assert [row.values for row in again.children] == [row.values for row in first.children]
    # A new session is a new audit entry: the next report counts it.
    activities.create_session(
        actor=None,
        unit=year.b2,
        topic="Đối thoại định kỳ",
        kind=SessionKind.DIALOGUE,
        on=dt.date(2024, 11, 5),
        participants=7,
        women=3,
    )
    assert annual.cached_build(year.province, 2024).figure("activities.participations").value == 57
    page = client_for(users.fed_admin).get(f"/reports/unit/{year.province.pk}/annual/?year=2024&format=json")
    assert {r["code"]: r["value"] for r in json.loads(page.content)["indicators"]}[
        "activities.participations"
    ] == 57
