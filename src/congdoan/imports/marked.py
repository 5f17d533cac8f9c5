"""The uploaded file as .xlsx with its errors marked: what the user fixes and imports again.

Every member table (or the record kind's table) of the file is read again (``sheets.open_tables``) and
written to a sheet of the same name: the header row where the file has it
(the table's column headers as the importer read them), every data row on
its own row number with its cells as they were, so "dòng 12, cột E" of the
error report is row 12, column E of this copy too. A cell in error is
filled red and carries the message as a comment; one last column
("Lỗi cần sửa") holds all the messages of the row. The copy reads back as
the original does: the extra column means no field.

Written with xlsxwriter in constant-memory mode: one row in memory at a
time, besides the errors themselves.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import IO, Any, BinaryIO

import xlsxwriter

from congdoan.imports.engine import RowError, shown
from congdoan.imports.mapping import MEMBERS, TableSpec
from congdoan.imports.sheets import Table, open_tables

MESSAGES_HEADER = "Lỗi cần sửa"
#: Excel's own "light red fill with dark red text".
BAD = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_MAX_TEXT = 32767


def column_index(letters: str) -> int:
    """Spreadsheet letters -> 0-based index ("A" -> 0, "AA" -> 26)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def write_marked(
    *,
    source: str | bytes | BinaryIO,
    filename: str,
    errors: Iterable[RowError],
    target: str | IO[bytes],
    spec: TableSpec = MEMBERS,
) -> int:
    """Write the marked copy of ``source`` to ``target``; returns the data rows written.

    ``spec``: the table the import read (a record kind's; members by default).
    """
    by_row: dict[tuple[str, int], list[RowError]] = defaultdict(list)
    for error in errors:
        by_row[(error.sheet, error.row)].append(error)
    book = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    formats = _Formats(book)
    written = 0
    names: set[str] = set()
    try:
        with open_tables(source, filename=filename, spec=spec) as workbook:
            for table in workbook:
                written += _write_table(book, formats, table, by_row, _sheet_name(table.sheet, names))
    finally:
        book.close()
    return written


class _Formats:
    def __init__(self, book: Any) -> None:
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
        self.messages_header = book.add_format({"bold": True, "border": 1, **BAD})
        self.bad = book.add_format(BAD)
        self.date = book.add_format({"num_format": "dd/mm/yyyy"})
        self.bad_date = book.add_format({"num_format": "dd/mm/yyyy", **BAD})
        self.stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        self.bad_stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm", **BAD})
        self.messages = book.add_format({"font_color": "#9C0006", "text_wrap": True})


def _write_table(
    book: Any, formats: _Formats, table: Table, by_row: dict[tuple[str, int], list[RowError]], name: str
) -> int:
    sheet = book.add_worksheet(name)
    headers = {c.index: c.header for c in table.columns}
    headers.update({c.index: c.header for c in (*table.unmapped, *table.ignored)})
    # The messages go right of the table; a stray cell further right moves one column on.
    messages_col = max(headers, default=-1) + 1
    _write_header(sheet, formats, table, headers, messages_col)
    header_row = table.header_rows[-1] - 1
    sheet.set_column(messages_col, messages_col, 60)
    sheet.freeze_panes(header_row + 1, 0)
    written = 0
    for row in table.rows():
        written += 1
        r = row.number - 1
        errors = by_row.get((row.sheet, row.number), [])
        bad: dict[int, list[str]] = defaultdict(list)
        for error in errors:
            if error.column:
                bad[column_index(error.column)].append(error.message)
        for c, value in enumerate(row.raw_cells):
            _write_cell(sheet, formats, r, c if c < messages_col else c + 1, value, c in bad)
        for c, messages in bad.items():
            if c >= len(row.raw_cells) or row.raw_cells[c] in (None, ""):
                sheet.write_blank(r, c, None, formats.bad)
            sheet.write_comment(r, c, "\n".join(messages)[:_MAX_TEXT], {"x_scale": 2, "y_scale": 1.5})
        if errors:
            text = "\n".join(_located(e) for e in errors)
            sheet.write_string(r, messages_col, text[:_MAX_TEXT], formats.messages)
    return written


def _write_header(
    sheet: Any, formats: _Formats, table: Table, headers: dict[int, str], messages_col: int
) -> None:
    """The header as the importer read it, on the rows where the file has it.

    A two-row header was read as "upper: lower" ("Ngày sinh: Nam"): it is
    written back on its two rows, the group merged over its sub-columns, so
    the copy is read as the original was (the birth date under "Nam" or
    "Nữ" still gives the gender). Headers of one cell go on the upper row,
    the messages column's too (constant-memory mode: a row is final once
    the next one is written).
    """
    top = table.header_rows[0] - 1
    sheet.write_string(top, messages_col, MESSAGES_HEADER, formats.messages_header)
    if len(table.header_rows) == 1:
        for index, text in headers.items():
            sheet.write_string(top, index, text, formats.header)
        return
    parts = {index: text.split(": ", 1) for index, text in sorted(headers.items())}
    runs: list[list[int]] = []
    for index, split in parts.items():
        previous = runs[-1][-1] if runs else None
        if (
            previous is not None
            and previous == index - 1
            and len(split) == 2
            and len(parts[previous]) == 2
            and parts[previous][0] == split[0]
        ):
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        text = parts[run[0]][0]
        if len(run) > 1:
            sheet.merge_range(top, run[0], top, run[-1], text, formats.header)
        else:
            sheet.write_string(top, run[0], text, formats.header)
    for index, split in parts.items():
        if len(split) == 2:
            sheet.write_string(top + 1, index, split[1], formats.header)


def _located(error: RowError) -> str:
    return f"{error.column}: {error.message}" if error.column else error.message


def _write_cell(sheet: Any, formats: _Formats, r: int, c: int, value: Any, bad: bool) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value, formats.bad if bad else None)
    elif isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            sheet.write_string(r, c, str(value), formats.bad if bad else None)
        else:
            sheet.write_number(r, c, value, formats.bad if bad else None)
    elif isinstance(value, dt.datetime) and value.year >= 1900:
        if value.time() == dt.time():
            sheet.write_datetime(r, c, value, formats.bad_date if bad else formats.date)
        else:
            sheet.write_datetime(r, c, value, formats.bad_stamp if bad else formats.stamp)
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime) and value.year >= 1900:
        sheet.write_datetime(r, c, value, formats.bad_date if bad else formats.date)
    else:
        sheet.write_string(r, c, shown(value)[:_MAX_TEXT], formats.bad if bad else None)


def _sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _SHEET_NAME_BAD.sub("_", name).strip("'") or "Trang"
    candidate = base[:31]
    number = 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate
