"""Write test spreadsheets in every format the importer reads, from a Python description.

A sheet is a list of rows, a row a list of cells, top-left cell at A1 (use
``None`` or ``""`` for empty cells and ``[]`` for an empty row). Cell values:

- ``str``: text, written as text in every format (``"0123"`` keeps its zero);
- ``int`` / ``float``: a number (a CCCD written as a number loses its zero,
  as in real sheets: ``10190001234``);
- ``datetime.date`` / ``datetime.datetime``: a real date cell (Excel serial
  with a date number format in .xlsx/.xls, ``office:value-type="date"`` in
  .ods); ``dd/mm/yyyy`` text in .csv and .html;
- ``bool``: a boolean.

Merged cells are ranges ``"A5:A6"`` (or 0-based ``(first_row, first_col,
last_row, last_col)`` tuples), per sheet; the value of a merged range is the
value of its top-left cell in the rows, the other cells of the range are
ignored (leave them ``None``).

Import it as ``from imports.sheet_factory import write_xlsx, member_sheet``
(``tests/`` is on the path). ::

    write_xlsx(path, {"Tổ 1": [["Họ và tên", "Ngày sinh"], ["Lò Thị Mai", date(1990, 5, 17)]]})
    write(path, sheets, merges={"Tổ 1": ["A1:B1"]})   # the writer chosen by the file's extension
    write_csv(path, rows, encoding="cp1258", delimiter=";")

:func:`member_sheet` builds a realistic hand-made member list (title rows,
two-row header with the birth date under "Nam"/"Nữ", column numbers, a total
row, a signature block) and says on which rows the members are, so a test
can assert exact row numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Rows = Sequence[Sequence[Any]]
Range = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col; 0-based, inclusive
MergeSpec = str | Range


@dataclass
class Sheet:
    """Rows plus merged ranges; what :func:`member_sheet` returns and every writer accepts."""

    rows: list[list[Any]]
    merges: list[MergeSpec] = field(default_factory=list)
    # 1-based spreadsheet row numbers of the member rows, in order (set by member_sheet).
    member_rows: list[int] = field(default_factory=list)


SheetsArg = Mapping[str, Rows | Sheet]
MergesArg = Mapping[str, Iterable[MergeSpec]] | None


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letters (0 -> "A", 26 -> "AA")."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_REF = re.compile(r"^([A-Za-z]+)(\d+)$")


def parse_range(spec: MergeSpec) -> Range:
    """``"B5:C5"`` -> ``(4, 1, 4, 2)``; tuples are returned as they are."""
    if not isinstance(spec, str):
        return spec
    first, _, last = spec.partition(":")
    a, b = _REF.match(first), _REF.match(last or first)
    if not a or not b:
        raise ValueError(f"not a cell range: {spec!r}")
    return int(a[2]) - 1, _column_index(a[1]), int(b[2]) - 1, _column_index(b[1])


def _normalise(sheets: SheetsArg, merges: MergesArg) -> list[tuple[str, list[list[Any]], list[Range]]]:
    result = []
    for name, content in sheets.items():
        if isinstance(content, Sheet):
            rows, ranges = content.rows, list(content.merges)
        else:
            rows, ranges = [list(r) for r in content], []
        ranges += list((merges or {}).get(name, ()))
        result.append((name, [list(r) for r in rows], [parse_range(m) for m in ranges]))
    return result


def _covered(ranges: list[Range]) -> set[tuple[int, int]]:
    """Cells hidden under a merged range (all but the top-left one)."""
    cells = set()
    for r1, c1, r2, c2 in ranges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    cells.add((r, c))
    return cells


def _value(rows: list[list[Any]], r: int, c: int) -> Any:
    if r < len(rows) and c < len(rows[r]):
        return rows[r][c]
    return None


def _text(value: Any) -> str:
    """How a value looks when it is written as text (CSV, HTML)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


# --- .xlsx -----------------------------------------------------------------


def write_xlsx(
    path: str | Path,
    sheets: SheetsArg,
    *,
    merges: MergesArg = None,
    date_format: str = "dd/mm/yyyy",
    constant_memory: bool = False,
    hidden: Iterable[str] = (),
) -> Path:
    """Write an .xlsx with xlsxwriter: numbers as numbers, dates as Excel dates, merged ranges.

    ``constant_memory`` writes strings inline (as xlsxwriter's streaming mode
    and many exporters do) instead of in the shared-strings table; merged
    ranges are not supported in that mode. ``hidden`` names sheets to hide.
    """
    import xlsxwriter

    path = Path(path)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    date_style = workbook.add_format({"num_format": date_format})
    datetime_style = workbook.add_format({"num_format": date_format + " hh:mm"})
    for name, rows, ranges in _normalise(sheets, merges):
        worksheet = workbook.add_worksheet(name)
        if name in hidden:
            worksheet.hide()
        covered = _covered(ranges)

        def put(r: int, c: int, value: Any, *, ws: Any = worksheet) -> None:
            if value is None or value == "":
                return
            if isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, dt.datetime):
                ws.write_datetime(r, c, value, datetime_style if value.time() != dt.time() else date_style)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_style)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))

        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) not in covered:
                    put(r, c, value)
        for r1, c1, r2, c2 in ranges:
            value = _value(rows, r1, c1)
            style = date_style if isinstance(value, dt.date) else None
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time())
            worksheet.merge_range(r1, c1, r2, c2, "" if value is None else value, style)
    workbook.close()
    return path


# --- .xls ------------------------------------------------------------------


def write_xls(
    path: str | Path, sheets: SheetsArg, *, merges: MergesArg = None, date_format: str = "dd/mm/yyyy"
) -> Path:
    """Write an Excel 97-2003 .xls with xlwt: dates with a date style, merged ranges."""
    import xlwt

    path = Path(path)
    workbook = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str=date_format)
    datetime_style = xlwt.easyxf(num_format_str=date_format + " hh:mm")
    plain = xlwt.Style.default_style

    def style_for(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return datetime_style if value.time() != dt.time() else date_style
        if isinstance(value, dt.date):
            return date_style
        return plain

    def cell(value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return dt.datetime.combine(value, dt.time())
        return "" if value is None else value

    for name, rows, ranges in _normalise(sheets, merges):
        worksheet = workbook.add_sheet(name)
        covered = _covered(ranges)
        starts = {(r1, c1) for r1, c1, _, _ in ranges}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in covered or (r, c) in starts or value is None or value == "":
                    continue
                worksheet.write(r, c, cell(value), style_for(value))
        for r1, c1, r2, c2 in ranges:
            value = _value(rows, r1, c1)
            worksheet.write_merge(r1, r2, c1, c2, cell(value), style_for(value))
    workbook.save(str(path))
    return path


# --- .ods ------------------------------------------------------------------


def write_ods(path: str | Path, sheets: SheetsArg, *, merges: MergesArg = None) -> Path:
    """Write an OpenDocument .ods with odfpy: typed cells (date, float, string), spanned cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    path = Path(path)
    document = OpenDocumentSpreadsheet()
    for name, rows, ranges in _normalise(sheets, merges):
        table = Table(name=name)
        covered = _covered(ranges)
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in ranges}
        height = max([len(rows)] + [r2 + 1 for _, _, r2, _ in ranges])
        for r in range(height):
            table_row = TableRow()
            row = rows[r] if r < len(rows) else []
            last = max([c for c in range(len(row)) if row[c] not in (None, "")] + [-1])
            last = max([last] + [c for (rr, c) in spans if rr == r] + [c for (rr, c) in covered if rr == r])
            for c in range(last + 1):
                if (r, c) in covered:
                    table_row.addElement(CoveredTableCell())
                    continue
                value = _value(rows, r, c)
                attributes: dict[str, Any] = {}
                if (r, c) in spans:
                    attributes["numberrowsspanned"] = spans[r, c][0]
                    attributes["numbercolumnsspanned"] = spans[r, c][1]
                if value is None or value == "":
                    table_row.addElement(TableCell(**attributes))
                    continue
                if isinstance(value, bool):
                    cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower(), **attributes)
                elif isinstance(value, dt.date):
                    iso = (
                        value.isoformat()
                        if not isinstance(value, dt.datetime)
                        else value.strftime("%Y-%m-%dT%H:%M:%S")
                    )
                    cell = TableCell(valuetype="date", datevalue=iso, **attributes)
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value, **attributes)
                else:
                    cell = TableCell(valuetype="string", **attributes)
                cell.addElement(P(text=_text(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


# --- .csv, .html ---------------------------------------------------------


def write_csv(
    path: str | Path, rows: Rows | Sheet, *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Path:
    """Write a CSV the way hand-made ones come: dates as dd/mm/yyyy text, any of the legacy encodings.

    ``encoding``: ``"utf-8-sig"`` (Excel's "CSV UTF-8", with BOM), ``"utf-8"``,
    ``"cp1258"`` (Vietnamese Windows: "ờ" is written as "ơ" and a combining
    grave, as Windows does), ``"utf-16"``.
    """
    import io

    path = Path(path)
    if isinstance(rows, Sheet):
        rows = rows.rows
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_text(value) for value in row])
    text = buffer.getvalue()
    if encoding.replace("-", "").lower() == "cp1258":
        path.write_bytes(b"".join(_cp1258(ch) for ch in text))
    else:
        path.write_bytes(text.encode(encoding))
    return path


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(ch: str) -> bytes:
    """One character in Windows-1258 as Windows writes it: â ê ô ơ ư ă precomposed, the tone mark apart."""
    import unicodedata

    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        pass
    decomposed = unicodedata.normalize("NFD", ch)
    tones = "".join(m for m in decomposed[1:] if m in _TONE_MARKS)
    base = unicodedata.normalize(
        "NFC", decomposed[0] + "".join(m for m in decomposed[1:] if m not in _TONE_MARKS)
    )
    return base.encode("cp1258") + tones.encode("cp1258")


def write_html(path: str | Path, sheets: SheetsArg, *, merges: MergesArg = None) -> Path:
    """An HTML table saved with an .xls name, as web systems "export to Excel"; merges as colspan/rowspan."""
    path = Path(path)
    parts = ['<html><head><meta charset="utf-8"></head><body>']
    for _name, rows, ranges in _normalise(sheets, merges):
        covered = _covered(ranges)
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in ranges}
        parts.append("<table border=1>")
        height = max([len(rows)] + [r2 + 1 for _, _, r2, _ in ranges])
        for r in range(height):
            parts.append("<tr>")
            row = rows[r] if r < len(rows) else []
            width = max([len(row)] + [c2 + 1 for r1, _, r2, c2 in ranges if r1 <= r <= r2])
            for c in range(width):
                if (r, c) in covered:
                    continue
                span = ""
                if (r, c) in spans:
                    rs, cs = spans[r, c]
                    span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                parts.append(f"<td{span}>{html.escape(_text(_value(rows, r, c)))}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


WRITERS = {".xlsx": write_xlsx, ".xls": write_xls, ".ods": write_ods, ".html": write_html}


def write(path: str | Path, sheets: SheetsArg, *, merges: MergesArg = None) -> Path:
    """Write with the writer of the path's extension (.xlsx .xls .ods .html .csv; CSV takes the first sheet)."""
    path = Path(path)
    if path.suffix == ".csv":
        first = next(iter(sheets.values()))
        return write_csv(path, first)
    return WRITERS[path.suffix](path, sheets, merges=merges)


# --- a realistic hand-made member list -------------------------------------

# Extra columns member_sheet knows: key in a member dict -> header as offices write it.
EXTRA_HEADERS = {
    "cccd": "Số CCCD",
    "ethnicity": "Dân tộc",
    "job_title": "Chức vụ",
    "phone": "Số điện thoại",
    "joined_on": "Ngày vào Công đoàn",
    "unit": "Đơn vị",
}


def member_sheet(
    members: Sequence[Mapping[str, Any]],
    *,
    columns: Sequence[str] = ("cccd", "job_title", "joined_on"),
    headers: Mapping[str, str] | None = None,
    federation: str = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LÀO CAI",
    union: str = "CÔNG ĐOÀN CƠ SỞ CÔNG TY CỔ PHẦN APATIT",
    date_line: str = "Bảo Thắng, ngày 26 tháng 12 năm 2024",
    gender_columns: bool = True,
    column_numbers: bool = True,
    footer: bool = True,
) -> Sheet:
    """A member list as grassroots unions make it by hand.

    ``members`` are dicts with ``full_name``, ``birth_date`` (a date, or any
    cell value), ``gender`` ("male"/"female") and the keys in ``columns``
    (headers from :data:`EXTRA_HEADERS`, else the field's label in
    ``mapping.MEMBERS``; ``headers`` overrides any header text, including
    ``full_name`` and ``birth_date``).

    Layout (1-based rows)::

        1  LIÊN ĐOÀN LAO ĐỘNG TỈNH LÀO CAI        (merged A1:D1)
        2  CÔNG ĐOÀN CƠ SỞ …                      (merged A2:D2)
        3
        4  DANH SÁCH ĐOÀN VIÊN                    (merged over the table width)
        5  <date_line>
        6
        7  STT | Họ và tên | Ngày sinh       | Số CCCD | …   (STT, name, extras merged over rows 7-8)
        8      |           | Nam   | Nữ      |         |
        9  (1) | (2)       | (3)   | (4)     | (5)     | …   (column_numbers)
        10… one row per member; STT 1, 2, 3 …
           Tổng cộng: N người
           (empty)
           Người lập biểu |  |  | CHỦ TỊCH
           (empty)
           Nguyễn Thị Hoa |  |  | Phạm Văn Đức

    With ``gender_columns=False`` the header is one row: STT, Họ và tên,
    Ngày sinh, Giới tính ("Nam"/"Nữ"), extras. ``Sheet.member_rows`` lists
    the row numbers of the members.
    """
    from congdoan.imports.mapping import MEMBERS

    header_text = {c.field: c.label for c in MEMBERS.columns} | EXTRA_HEADERS | dict(headers or {})
    name_header = header_text.get("full_name", "Họ và tên")
    birth_header = header_text.get("birth_date", "Ngày sinh")
    extras = [header_text[c] for c in columns]
    n_columns = 4 + len(extras)
    rows: list[list[Any]] = [
        [federation],
        [union],
        [],
        ["DANH SÁCH ĐOÀN VIÊN"],
        [date_line],
        [],
    ]
    merges: list[MergeSpec] = [(0, 0, 0, 3), (1, 0, 1, 3), (3, 0, 3, n_columns - 1)]
    if gender_columns:
        top = 6
        rows.append(["STT", name_header, birth_header, None, *extras])
        rows.append([None, None, "Nam", "Nữ", *[None] * len(extras)])
        merges += [(top, 0, top + 1, 0), (top, 1, top + 1, 1), (top, 2, top, 3)]
        merges += [(top, 4 + i, top + 1, 4 + i) for i in range(len(extras))]
    else:
        rows.append(["STT", name_header, birth_header, header_text.get("gender", "Giới tính"), *extras])
    if column_numbers:
        rows.append([f"({i + 1})" for i in range(n_columns)])
    member_rows = []
    for number, member in enumerate(members, start=1):
        born = member.get("birth_date")
        if gender_columns:
            male = member.get("gender") == "male"
            birth_cells = [born, None] if male else [None, born]
        else:
            birth_cells = [born, {"male": "Nam", "female": "Nữ"}.get(member.get("gender", ""), "")]
        rows.append([number, member["full_name"], *birth_cells, *[member.get(c) for c in columns]])
        member_rows.append(len(rows))
    if footer:
        rows.append(["Tổng cộng", f"{len(members)} người"])
        rows.append([])
        rows.append([None, "Người lập biểu", None, None, "CHỦ TỊCH"])
        rows.append([])
        rows.append([None, "Nguyễn Thị Hoa", None, None, "Phạm Văn Đức"])
    return Sheet(rows=rows, merges=merges, member_rows=member_rows)
