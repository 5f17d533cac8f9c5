"""The annual report as files: DOCX in the administrative format the unions use, and XLSX.

DOCX (python-docx, docs/decisions/0005-report-documents.md): A4, Times New
Roman 13 pt; a two-column header without borders — the superior body and
the issuing body (bold) with "Số: …/BC-…" on the left, the national motto
"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" and the
place and date line (italic) on the right —, the title, the narrative
skeleton the federation fills in, then one table per section (indicator,
year, prior year, target, percent of target) and the table of child units.
Every figure is written the Vietnamese way (46.000; 36,5 tỷ đồng; 144,56%).

XLSX (xlsxwriter): a sheet per section and one for the child units; the
numbers are numbers (a VND amount in đồng), so that a federation can add
and chart them, with the Vietnamese number format.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from fpdf import FPDF

from congdoan.members.cards import FONT as PDF_FONT
from congdoan.members.cards import FONT_DIR
from congdoan.org import places
from congdoan.org.models import Unit, UnitVersion
from congdoan.org.selectors import ancestors_on
from congdoan.reports import indicators as registry
from congdoan.reports.annual import AnnualReport
from congdoan.reports.render import narrative, value_text

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"

#: The narrative of a review, section by section: headings the federation writes its text under.
NARRATIVE = [
    gettext_lazy("I. ĐẶC ĐIỂM TÌNH HÌNH"),
    gettext_lazy("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM"),
    gettext_lazy("III. ĐÁNH GIÁ CHUNG: ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm"),
    gettext_lazy("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TỚI"),
]


def superior_name(report: AnnualReport) -> str:
    """The body above the reporting unit on the report's day (the left header's first line)."""
    version = UnitVersion.objects.filter(
        unit=report.root, valid_from__lte=report.tree_on, valid_to__gt=report.tree_on
    ).first()
    parent: Unit | None = version.parent if version else None
    if parent is None:
        return ""
    above = UnitVersion.objects.filter(
        unit=parent, valid_from__lte=report.tree_on, valid_to__gt=report.tree_on
    ).first()
    return (above.name if above else parent.name).upper()


def place_of(unit: Unit, on: Any) -> str:
    """The province a unit signs from: its own, or that of its nearest ancestor on ``on`` that has one."""
    for candidate in [unit, *reversed(ancestors_on(unit, on))]:
        if candidate.province_code:
            return places.province_name(candidate.province_code) or ""
    return ""


def date_line(report: AnnualReport) -> str:
    day = report.tree_on
    place = place_of(report.root, day)
    return _("%(place)sngày %(d)s tháng %(m)s năm %(y)s") % {
        "place": f"{place}, " if place else "",
        "d": f"{day.day:02d}",
        "m": f"{day.month:02d}",
        "y": day.year,
    }


def _rows(report: AnnualReport, section: str) -> list[list[str]]:
    rows = []
    for figure in report.figures:
        ind = figure.indicator
        if ind.section != section:
            continue
        rows.append(
            [
                str(ind.label),
                value_text(ind.measure, figure.value),
                value_text(ind.measure, figure.prior),
                value_text(ind.measure, figure.target) if figure.target is not None else "",
                value_text(registry.PERCENT, figure.percent) if figure.percent is not None else "",
            ]
        )
    return rows


# --------------------------------------------------------------------------
# DOCX


def _font(run: Any, size: float = 13, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # Word reads the East Asian font slot for some Vietnamese characters: name it too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _para(
    cell_or_doc: Any,
    text: str,
    *,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
) -> Any:
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def _table(doc: Any, header: list[str], rows: list[list[str]]) -> Any:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), size=12, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _font(cell.paragraphs[0].add_run(text), size=12)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if index == 0 else WD_ALIGN_PARAGRAPH.RIGHT
    return table


def write_docx(report: AnnualReport, out: Any = None) -> bytes:
    """The report as a .docx (bytes; also written to ``out`` when given)."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)

    header = doc.add_table(rows=1, cols=2)
    header.autofit = True
    left, right = header.rows[0].cells
    left.text = right.text = ""
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(left.paragraphs[0].add_run(superior_name(report)), size=12)
    _para(left, report.name.upper(), size=12, bold=True)
    _para(left, _("Số:       /BC-%(code)s") % {"code": report.root.code}, size=13)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run(MOTTO), size=12, bold=True)
    _para(right, MOTTO_LINE, size=13, bold=True)
    _para(right, "")
    _para(right, date_line(report), size=13, italic=True)

    _para(doc, "")
    _para(doc, _("BÁO CÁO"), size=14, bold=True)
    _para(doc, _("Tổng kết công tác công đoàn năm %(year)s") % {"year": report.year}, size=14, bold=True)
    _para(
        doc,
        _("(Số liệu tính theo cơ cấu tổ chức ngày %(day)s)") % {"day": report.tree_on.strftime("%d/%m/%Y")},
        size=13,
        italic=True,
    )

    for heading, paragraphs in narrative(report):
        _para(doc, heading, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for text in paragraphs:
            _para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    columns = [
        _("Chỉ tiêu"),
        _("Năm %(year)s") % {"year": report.year},
        _("Năm %(year)s") % {"year": report.year - 1},
        _("Kế hoạch"),
        _("Tỷ lệ so với kế hoạch"),
    ]
    _para(doc, "")
    _para(doc, _("PHỤ LỤC SỐ LIỆU"), bold=True)
    for code, label, _found in registry.by_section():
        _para(doc, str(label), bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        _table(doc, [str(c) for c in columns], _rows(report, code))
    if report.children:
        _para(doc, _("Số liệu của các đơn vị trực thuộc"), bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        header_row = [_("Đơn vị")] + [str(c.label) for c in report.child_columns]
        body = [
            [row.name] + [value_text(c.measure, row.values[c.code]) for c in report.child_columns]
            for row in report.children
        ]
        _table(doc, [str(h) for h in header_row], body)

    buffer = io.BytesIO()
    doc.save(buffer)
    data = buffer.getvalue()
    if out is not None:
        out.write(data)
    return data


# --------------------------------------------------------------------------
# XLSX


def _sheet_name(label: str, used: set[str]) -> str:
    name = "".join(ch for ch in label if ch not in "[]:*?/\\")[:31].strip()
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def _cell_value(measure: str, value: Any) -> Any:
    if value is None:
        return None
    if measure == registry.PERCENT:
        return float(value) / 100  # a percent cell: 144,56%
    return int(value)


def write_xlsx(report: AnnualReport, out: Any = None) -> bytes:
    """The report as an .xlsx, a sheet per section and one for the child units (bytes; also to ``out``)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = book.add_format({"bold": True, "font_name": FONT, "font_size": 13})
    head = book.add_format({"bold": True, "font_name": FONT, "border": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"font_name": FONT, "border": 1, "text_wrap": True})
    formats = {
        registry.PERCENT: book.add_format({"font_name": FONT, "border": 1, "num_format": "0.00%"}),
        "number": book.add_format({"font_name": FONT, "border": 1, "num_format": "#,##0"}),
    }
    used: set[str] = set()

    def number_format(measure: str) -> Any:
        return formats[registry.PERCENT] if measure == registry.PERCENT else formats["number"]

    for code, label, _found in registry.by_section():
        sheet = book.add_worksheet(_sheet_name(str(label), used))
        sheet.write(
            0, 0, f"{report.name} — {_('Báo cáo tổng kết năm %(year)s') % {'year': report.year}}", title
        )
        sheet.write(1, 0, str(label), title)
        header = [
            _("Chỉ tiêu"),
            _("Mã"),
            str(report.year),
            str(report.year - 1),
            _("Kế hoạch"),
            _("Tỷ lệ so với kế hoạch"),
            _("Đơn vị tính"),
        ]
        sheet.write_row(3, 0, header, head)
        row = 4
        for figure in report.figures:
            ind = figure.indicator
            if ind.section != code:
                continue
            sheet.write(row, 0, str(ind.label), text)
            sheet.write(row, 1, ind.code, text)
            for col, value in ((2, figure.value), (3, figure.prior), (4, figure.target)):
                sheet.write(row, col, _cell_value(ind.measure, value), number_format(ind.measure))
            sheet.write(row, 5, _cell_value(registry.PERCENT, figure.percent), formats[registry.PERCENT])
            sheet.write(row, 6, str(MEASURE_WORDS.get(ind.measure, "")), text)
            row += 1
        sheet.set_column(0, 0, 60)
        sheet.set_column(1, 1, 28)
        sheet.set_column(2, 6, 16)
    if report.children:
        sheet = book.add_worksheet(_sheet_name(_("Đơn vị trực thuộc"), used))
        sheet.write(
            0,
            0,
            f"{report.name} — {_('Số liệu các đơn vị trực thuộc năm %(year)s') % {'year': report.year}}",
            title,
        )
        sheet.write_row(2, 0, [_("Đơn vị"), _("Mã")] + [str(c.label) for c in report.child_columns], head)
        for r, child in enumerate(report.children, start=3):
            sheet.write(r, 0, child.name, text)
            sheet.write(r, 1, child.unit.code, text)
            for c, column in enumerate(report.child_columns, start=2):
                sheet.write(
                    r,
                    c,
                    _cell_value(column.measure, child.values[column.code]),
                    number_format(column.measure),
                )
        sheet.set_column(0, 0, 50)
        sheet.set_column(1, 1, 14)
        sheet.set_column(2, 2 + len(report.child_columns), 18)
    book.close()
    data = buffer.getvalue()
    if out is not None:
        out.write(data)
    return data


# --------------------------------------------------------------------------
# PDF


def write_pdf(report: AnnualReport, out: Any = None) -> bytes:
    """The report as an A4 PDF in the same layout as the DOCX (fpdf2, the vendored DejaVu fonts)."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font(PDF_FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(PDF_FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(25, 18, 15)
    pdf.set_auto_page_break(True, margin=18)
    title = _("Báo cáo tổng kết công tác công đoàn năm %(year)s") % {"year": report.year}
    pdf.set_title(f"{title} — {report.name}")
    pdf.set_subject(report.name)
    pdf.set_creator("congdoan")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    left_w, right_w = width * 0.45, width * 0.55
    top = pdf.get_y()
    pdf.set_font(PDF_FONT, "", 9)
    pdf.multi_cell(left_w, 5, superior_name(report), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(PDF_FONT, "B", 9)
    pdf.multi_cell(left_w, 5, report.name.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(PDF_FONT, "", 10)
    pdf.multi_cell(
        left_w,
        6,
        _("Số:       /BC-%(code)s") % {"code": report.root.code},
        align="C",
        new_x="LEFT",
        new_y="NEXT",
    )
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left_w, top)
    pdf.set_font(PDF_FONT, "B", 9)
    pdf.multi_cell(right_w, 5, MOTTO, align="C", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(right_w, 5, MOTTO_LINE, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(PDF_FONT, "", 10)
    pdf.multi_cell(right_w, 6, date_line(report), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, max(left_bottom, pdf.get_y()) + 6)
    pdf.set_font(PDF_FONT, "B", 14)
    pdf.cell(width, 8, _("BÁO CÁO"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(PDF_FONT, "B", 11)
    pdf.multi_cell(
        width,
        6,
        _("Tổng kết công tác công đoàn năm %(year)s") % {"year": report.year},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(PDF_FONT, "", 10)
    pdf.multi_cell(
        width,
        6,
        _("(Số liệu tính theo cơ cấu tổ chức ngày %(day)s)") % {"day": report.tree_on.strftime("%d/%m/%Y")},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for heading, paragraphs in narrative(report):
        pdf.set_font(PDF_FONT, "B", 10)
        pdf.multi_cell(width, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(PDF_FONT, "", 10)
        for text in paragraphs:
            pdf.multi_cell(width, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(PDF_FONT, "B", 11)
    pdf.cell(width, 7, _("PHỤ LỤC SỐ LIỆU"), align="C", new_x="LMARGIN", new_y="NEXT")
    header = [
        _("Chỉ tiêu"),
        _("Năm %(year)s") % {"year": report.year},
        _("Năm %(year)s") % {"year": report.year - 1},
        _("Kế hoạch"),
        _("Tỷ lệ"),
    ]
    for code, label, _found in registry.by_section():
        pdf.set_font(PDF_FONT, "B", 10)
        pdf.multi_cell(width, 6, str(label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(PDF_FONT, "", 8)
        with pdf.table(
            col_widths=(70, 26, 26, 24, 20),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
            line_height=4.5,
            first_row_as_headings=True,
        ) as table:
            for row in [header, *_rows(report, code)]:
                table.row([str(cell) for cell in row])
        pdf.ln(2)
    if report.children:
        pdf.add_page()
        pdf.set_font(PDF_FONT, "B", 10)
        pdf.multi_cell(width, 6, _("Số liệu của các đơn vị trực thuộc"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(PDF_FONT, "", 6.5)
        columns = report.child_columns
        rest = (width - 44) / len(columns)
        with pdf.table(
            col_widths=(44, *([rest] * len(columns))),
            text_align=("LEFT", *(["RIGHT"] * len(columns))),
            line_height=3.6,
            first_row_as_headings=True,
        ) as table:
            table.row([_("Đơn vị"), *(str(c.label) for c in columns)])
            for child in report.children:
                table.row([child.name, *(value_text(c.measure, child.values[c.code]) for c in columns)])
    data = bytes(pdf.output())
    if out is not None:
        out.write(data)
    return data


MEASURE_WORDS = {
    registry.PEOPLE: gettext_lazy("người"),
    registry.UNITS: gettext_lazy("đơn vị"),
    registry.INSTANCES: gettext_lazy("lượt"),
    registry.VND: gettext_lazy("đồng"),
    registry.PERCENT: "%",
}
