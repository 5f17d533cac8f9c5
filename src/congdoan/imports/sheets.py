"""Reading real union spreadsheets: find the member table in each sheet and stream its rows.

Union offices send member lists as .xlsx, old .xls, .ods and hand-made .csv
(and sometimes an HTML table or an "XML Spreadsheet 2003" saved as .xls).
:func:`open_tables` opens any of them (the content decides the format, not
the extension), finds in every sheet the header row(s) of the table
declared by a :class:`~congdoan.imports.mapping.TableSpec` and gives one
:class:`Table` per sheet that has one. ``Table.rows()`` streams the data
rows as :class:`SheetRow`: raw cell values (as the reader gives them:
str, float, int, date, datetime, bool), keyed by field, with the row
number the user sees in the spreadsheet.

What the reader copes with (issue 4):

- title rows above the table and a signature block below ("Tổng cộng",
  "Người lập biểu", "CHỦ TỊCH", "…, ngày … tháng … năm …");
- the header on any of the first 15 non-empty rows, on one row or two
  (a group over sub-columns: "Ngày sinh" over "Nam" | "Nữ", "Quê quán"
  over "Xã" | "Tỉnh"), merged header cells, a column-number row
  "(1) (2) (3)…" under the header, header spellings from the mapping;
- an STT column, empty rows, rows numbered in advance but left empty,
  section rows ("I. Tổ công đoàn Phân xưởng 1"), the header repeated on
  every printed page, data cells merged down over several rows;
- several sheets (one per branch); sheets without a table are listed in
  ``Workbook.skipped`` with the reason.

Usage::

    with open_tables(path, filename="danh_sach.xlsx") as workbook:   # UnusableFile if nothing to import
        workbook.skipped                      # [SkippedSheet(name, reason)]: shown in the preview
        for table in workbook:                # one Table per sheet with a member table
            table.columns, table.unmapped     # MappedColumn(field, index, letter, header, gender)
            for row in table.rows():          # SheetRow(sheet, number, values, gender_from_column, raw_cells)
                ...

Header texts are compared in :func:`header_key` form (folded like
``common.text.fold``, footnote marks and punctuation dropped, and without
a parenthesis when only that matches: "Ngày sinh (dd/mm/yyyy)"). A row
is the header when at least ``spec.min_matches`` of its columns match,
the anchor among them. A two-row header is taken when the upper row adds
something (a cell merged down over both rows, a group over sub-columns)
and the lower row too (sub-columns: see :func:`_interpret_two`);
otherwise the lower row alone is the header and the row above is a title.

Pass a path rather than a file object for large files: calamine copies a
file object into memory, a path it reads from disk.

Memory: calamine reads a whole sheet into memory (about 2.3 KB per row of
25 columns, 2.3 GB for 1,000,000 rows), so a large .xlsx sheet is read in
pieces: its XML is streamed out of the zip and cut at row boundaries into
small workbooks that calamine reads one at a time (``_XlsxStreamSheet``).
"""

from __future__ import annotations

import array
import csv
import datetime as dt
import io
import operator
import os
import posixpath
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import IO, Any, BinaryIO, Protocol

# Uploaded files are untrusted XML: ElementTree never fetches external entities, and expat >= 2.4.1
# (Python 3.11's) limits entity expansion, which is what defusedxml guards against otherwise.
from xml.etree import ElementTree  # noqa: S405

from django.utils.translation import gettext as _

from congdoan.common.text import csv_unescape, nfc
from congdoan.imports.mapping import GENDER_COLUMNS, MEMBERS, TableSpec

Source = str | os.PathLike[str] | bytes | BinaryIO
Range = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col: 0-based, inclusive

# The header's first row is looked for among this many non-empty rows at the top of a sheet.
HEADER_SCAN_ROWS = 15
# calamine holds a sheet in memory at about 90 bytes a cell (strings copied into each cell): an
# .xlsx sheet of more cells than this (60,000 rows of 25 columns, some 135 MB) is read in pieces
# of about XLSX_CHUNK_BYTES of XML. The count comes from the sheet's <dimension>, else its XML size.
XLSX_STREAM_CELLS = 1_500_000
XLSX_CHUNK_BYTES = 4 * 1024 * 1024
# Sheets parsed whole for header detection are kept for rows() up to this many cells per workbook,
# so a one-sheet file is parsed once.
KEEP_PARSED_CELLS = XLSX_STREAM_CELLS
# A CSV up to this size is decoded whole by values.decode_csv; a larger one is decoded as a stream.
CSV_WHOLE_LIMIT = 16 * 1024 * 1024


# --- the API ---------------------------------------------------------------


class UnusableFile(Exception):
    """The file cannot be imported at all; ``message`` says why in Vietnamese, ``code`` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # not_spreadsheet | password | corrupt | no_table
        self.message = message


@dataclass(frozen=True)
class MappedColumn:
    field: str
    index: int  # 0-based spreadsheet column (A = 0)
    letter: str  # "C"
    header: str  # as written; "upper: lower" for a two-row header
    gender: str | None = None  # "male"/"female" for the Nam/Nữ columns of the hand-made template


@dataclass(frozen=True)
class UnmappedColumn:
    index: int
    letter: str
    header: str


@dataclass(slots=True)
class SheetRow:
    sheet: str
    number: int  # row number as the user sees it (1-based, title rows and blank rows counted)
    values: dict[str, Any]  # field -> raw cell value ("" when empty), one entry per mapped field
    gender_from_column: str | None  # "male"/"female" when the Nam/Nữ columns gave the gender
    raw_cells: list[Any]  # the whole row as read, indexed by column (A = 0); merged cells filled
    # Birth dates in both the Nam and the Nữ column: values["birth_date"] holds the Nam one.
    gender_conflict: bool = False


@dataclass(frozen=True)
class SkippedSheet:
    name: str
    reason: str  # Vietnamese, for the preview


# Why Table.rows() passed over a row (given to ``on_skip``); blank rows are not reported.
SKIP_HEADER = "header"  # the header repeated (a multi-page printout)
SKIP_COLUMN_NUMBERS = "column_numbers"  # "(1) (2) (3)…"
SKIP_SECTION = "section"  # "I. Tổ công đoàn Phân xưởng 1"
SKIP_TOTAL = "total"  # "Tổng cộng", "Cộng"
SKIP_FOOTER = "footer"  # signatures, the date line, and everything after them


class Table:
    """The member table of one sheet: where its header is, which columns mean which field."""

    def __init__(
        self,
        *,
        sheet: str,
        header_rows: tuple[int, ...],
        columns: list[MappedColumn],
        unmapped: list[UnmappedColumn],
        ignored: list[UnmappedColumn],
        spec: TableSpec,
        source: _SheetSource,
        header_texts: dict[int, set[str]],
        last_row: int | None,
    ) -> None:
        self.sheet = sheet
        self.header_rows = header_rows  # 1-based row numbers
        self.columns = columns
        self.unmapped = unmapped  # headers that mean no field (shown in the preview as ignored)
        self.ignored = ignored  # STT, "Ghi chú": deliberately ignored
        self.spec = spec
        self.last_row = last_row  # the sheet's last row number, when the format says it (progress)
        self._source = source
        self._header_texts = header_texts

    def __repr__(self) -> str:
        return f"<Table {self.sheet!r} header={self.header_rows} fields={self.fields}>"

    @property
    def fields(self) -> list[str]:
        return list(dict.fromkeys(c.field for c in self.columns))

    def column(self, field_name: str) -> MappedColumn | None:
        """The (first) column of a field, or None."""
        for column in self.columns:
            if column.field == field_name:
                return column
        return None

    def rows(self, on_skip: Callable[[int, str], None] | None = None) -> Iterator[SheetRow]:
        """The data rows below the header, streamed; ``on_skip(number, reason)`` hears the rows passed over."""
        return _data_rows(self, on_skip)


class Workbook:
    """An opened file: one :class:`Table` per sheet with a member table, and the sheets passed over."""

    def __init__(self, filename: str, format: str, tables: list[Table], skipped: list[SkippedSheet]):
        self.filename = filename
        self.format = format  # xlsx | xls | ods | csv | html | xml2003
        self.tables = tables
        self.skipped = skipped
        self._closers: list[Callable[[], None]] = []

    def __iter__(self) -> Iterator[Table]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def rows(self, on_skip: Callable[[int, str], None] | None = None) -> Iterator[SheetRow]:
        """The rows of every table, sheet after sheet."""
        for table in self.tables:
            yield from table.rows(on_skip)

    def close(self) -> None:
        for closer in self._closers:
            closer()
        self._closers.clear()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_tables(source: Source, *, filename: str, spec: TableSpec = MEMBERS) -> Workbook:
    """Open a spreadsheet and find the ``spec`` table in each sheet.

    ``source``: a path, the file's bytes, or a binary file object (seekable
    or not). ``filename`` is the name the user gave the file; it names the
    CSV's single sheet and appears in messages. Raises :class:`UnusableFile`
    when the file is not a spreadsheet, is password protected or corrupt,
    or no sheet has the table.
    """
    source = _seekable(source)
    kind = _sniff(source, filename)
    book = _open_book(kind, source, filename)
    tables: list[Table] = []
    skipped: list[SkippedSheet] = []
    try:
        for sheet in book.sheets():
            if isinstance(sheet, SkippedSheet):
                skipped.append(sheet)
                continue
            found = _find_table(sheet, spec)
            if isinstance(found, Table):
                tables.append(found)
            else:
                skipped.append(SkippedSheet(sheet.name, found))
    except UnusableFile:
        book.close()
        raise
    if not tables:
        book.close()
        raise UnusableFile("no_table", _no_table_message(spec, skipped))
    workbook = Workbook(filename, kind, tables, skipped)
    workbook._closers.append(book.close)
    return workbook


# --- messages --------------------------------------------------------------


def _not_spreadsheet(filename: str) -> UnusableFile:
    return UnusableFile(
        "not_spreadsheet",
        _(
            "Tệp «%(name)s» không phải là bảng tính. Hãy chọn tệp Excel (.xlsx, .xls), "
            "LibreOffice (.ods) hoặc CSV (.csv)."
        )
        % {"name": filename},
    )


def _password(filename: str) -> UnusableFile:
    return UnusableFile(
        "password",
        _("Tệp «%(name)s» được bảo vệ bằng mật khẩu. Hãy mở tệp, gỡ mật khẩu, lưu lại rồi tải lên lại.")
        % {"name": filename},
    )


def _corrupt(filename: str) -> UnusableFile:
    return UnusableFile(
        "corrupt",
        _(
            "Không đọc được tệp «%(name)s»: tệp bị hỏng hoặc chưa được lưu trọn vẹn. "
            "Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi tải lên lại."
        )
        % {"name": filename},
    )


def _quoted(labels: Iterable[str]) -> str:
    return ", ".join(f"«{label}»" for label in labels)


def _no_table_message(spec: TableSpec, skipped: list[SkippedSheet]) -> str:
    anchor = spec.column(spec.anchor)
    others = [c.label for c in spec.columns if c.required and c.field != spec.anchor]
    others += [c.label for c in spec.columns if not c.required and c.field != spec.anchor][:1]
    params = {
        "anchor": anchor.label,
        "count": spec.min_matches - 1,
        "others": _quoted(others),
        "rows": HEADER_SCAN_ROWS,
        "title": spec.title.capitalize(),
    }
    if spec.name == MEMBERS.name:
        message = (
            _(
                "Không tìm thấy bảng đoàn viên: cần một dòng tiêu đề có cột «%(anchor)s» và ít nhất "
                "%(count)s cột khác như %(others)s, trong %(rows)s dòng đầu của trang tính."
            )
            % params
        )
    else:
        message = (
            _(
                "Không tìm thấy bảng «%(title)s»: cần một dòng tiêu đề có cột «%(anchor)s» và ít nhất "
                "%(count)s cột khác như %(others)s, trong %(rows)s dòng đầu của trang tính."
            )
            % params
        )
    if skipped:
        details = "; ".join(f"«{s.name}»: {s.reason}" for s in skipped)
        message += " " + _("Đã xem các trang tính: %(details)s") % {"details": details}
    return message


def _reason_no_header(spec: TableSpec) -> str:
    return _("không có dòng tiêu đề có cột «%(anchor)s» trong %(rows)s dòng đầu.") % {
        "anchor": spec.column(spec.anchor).label,
        "rows": HEADER_SCAN_ROWS,
    }


# --- header text -----------------------------------------------------------

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Footnote marks and required-field marks at the end of a header: "(1)", "[2]", "*", ":", "¹".
_TRAILING_MARKS = re.compile(
    r"(?:\s*(?:\(\s*(?:\d{1,2}|\*+)\s*\)|\[\s*\d{1,2}\s*\]|[*:]+|[\u00b9\u00b2\u00b3\u2070-\u2079]+))+\s*$"
)
_PARENTHESIS = re.compile(r"\([^()]*\)")
_BARE_NUMBER = re.compile(r"^\(?\s*\d{1,3}\s*\)?\.?$")


def _text(value: Any) -> str:
    """A cell as text, white space folded; "" for empty cells."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _ascii_fold(text: str) -> str:
    """``common.text.fold`` for comparing words (letters outside Vietnamese dropped), about 10 times faster."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return text.encode("ascii", "ignore").decode("ascii").lower()


def header_key(value: Any) -> str:
    """The form header texts are compared in: folded, footnote marks dropped, punctuation as spaces.

    "Ngày, tháng, năm sinh (*)" -> "ngay thang nam sinh"; "(3)" and "3" -> "".
    """
    if value is None or value == "":
        return ""
    text = _ascii_fold(value if isinstance(value, str) else _text(value)).strip()
    if not text or _BARE_NUMBER.match(text):
        return ""
    text = _TRAILING_MARKS.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Vocabulary:
    """The spec's header spellings in ``header_key`` form."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.fields: dict[str, str] = {}
        for column in spec.columns:
            for spelling in (column.label, *column.spellings):
                self.fields.setdefault(header_key(spelling), column.field)
        # A spelling's words without its parenthesis ("Tiền lương đóng BHXH (đồng)"), unless that
        # is another spelling already ("Quê quán (xã, phường)" is not "Quê quán").
        for column in spec.columns:
            for spelling in (column.label, *column.spellings):
                self.fields.setdefault(header_key(_PARENTHESIS.sub(" ", spelling)), column.field)
        self.fields.pop("", None)
        self.ignored = {header_key(s) for s in spec.ignored}
        self.genders = {header_key(k): v for k, v in GENDER_COLUMNS.items()}

    def key(self, text: str) -> str:
        """``header_key(text)``; without a parenthesis when only that matches: "Ngày sinh (dd/mm/yyyy)"."""
        key = header_key(text)
        if "(" in text and key not in self.fields and key not in self.ignored:
            bare = header_key(_PARENTHESIS.sub(" ", text))
            if bare in self.fields or bare in self.ignored:
                return bare
        return key

    def exact(self, key: str) -> str | None:
        return self.fields.get(key)

    def loose(self, upper: str, lower: str) -> str | None:
        """A field for a two-row header whose combined text is not a spelling (see _match_pair)."""
        combined = f"{upper} {lower}"
        words = set(combined.split())
        lower_words = set(lower.split())
        steps = (
            # every word of a spelling is in the combined text, one of them from the lower row:
            # "Hợp đồng lao động" over "Loại" -> "loai hop dong"
            lambda s: len(s.split()) >= 2 and set(s.split()) <= words and bool(set(s.split()) & lower_words),
            # the combined text begins a spelling: "Quê quán" over "Xã" -> "que quan xa phuong"
            lambda s: s.startswith(combined + " "),
            # the lower text begins a spelling: "Thời hạn" -> "thoi han hop dong thang"
            lambda s: s.startswith(lower + " "),
        )
        for step in steps:
            found = {f for s, f in self.fields.items() if step(s)}
            if len(found) == 1:
                return found.pop()
        return None


# --- finding the header ----------------------------------------------------


@dataclass
class _Interpretation:
    """One reading of one or two rows as the header."""

    rows: tuple[int, ...]  # 0-based row indexes
    columns: list[MappedColumn]
    unmapped: list[UnmappedColumn]
    ignored: list[UnmappedColumn]
    texts: dict[int, set[str]]  # column -> header texts (_plain), to spot the header printed again
    uses_upper: bool = False
    uses_lower: bool = False

    @property
    def score(self) -> int:
        return len(self.columns)

    def qualifies(self, spec: TableSpec) -> bool:
        fields = {c.field for c in self.columns}
        return spec.anchor in fields and len(self.columns) >= spec.min_matches


def _cells_text(cells: Sequence[Any]) -> list[str]:
    return [_text(v) for v in cells]


def _fill_header_merges(
    block: dict[int, list[str]], merges: list[Range] | None, rows: Sequence[int]
) -> dict[int, list[str]]:
    """Copy each merged header cell's text over its whole range (within the header rows)."""
    if not merges:
        return block
    first, last = rows[0], rows[-1]
    for r1, c1, r2, c2 in merges:
        if r2 < first or r1 > last or r1 not in block:
            continue
        value = block[r1][c1] if c1 < len(block[r1]) else ""
        if not value:
            continue
        for r in range(r1, min(r2, last) + 1):
            row = block[r]
            if len(row) <= c2:
                row.extend([""] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                if not row[c]:
                    row[c] = value
    return block


def _interpret_one(vocabulary: _Vocabulary, index: int, texts: list[str]) -> _Interpretation:
    result = _Interpretation(rows=(index,), columns=[], unmapped=[], ignored=[], texts={})
    seen: set[tuple[str, str | None]] = set()
    for column, text in enumerate(texts):
        key = vocabulary.key(text)
        if not key:
            continue
        result.texts[column] = {_plain(text)}
        _place(vocabulary, result, seen, column, text, key, vocabulary.exact(key), None)
    return result


def _place(
    vocabulary: _Vocabulary,
    result: _Interpretation,
    seen: set[tuple[str, str | None]],
    column: int,
    text: str,
    key: str,
    found: str | None,
    gender: str | None,
) -> bool:
    letter = column_letter(column)
    if found is None:
        if key in vocabulary.ignored:
            result.ignored.append(UnmappedColumn(column, letter, text))
        else:
            result.unmapped.append(UnmappedColumn(column, letter, text))
        return False
    if (found, gender) in seen:  # a repeated column: the first one counts
        result.unmapped.append(UnmappedColumn(column, letter, text))
        return False
    seen.add((found, gender))
    result.columns.append(MappedColumn(found, column, letter, text, gender))
    return True


def _interpret_two(
    vocabulary: _Vocabulary, index: int, upper_texts: list[str], lower_texts: list[str], carry: bool
) -> _Interpretation:
    """Rows ``index`` and ``index + 1`` as one header: a group row over a row of sub-columns.

    For each column, in order: the same text in both rows (a cell merged
    down) or text in one row only -> that text; "Nam"/"Nữ" under the birth
    date -> birth date with that gender; upper + lower is a spelling
    ("Nơi ở" + "Xã, phường"); the lower text alone is a spelling ("Thông tin
    cá nhân" over "Họ và tên"); a loose match of upper + lower (see
    ``_Vocabulary.loose``); else the upper text alone ("Họ và tên" over a
    data row).
    """
    width = max(len(upper_texts), len(lower_texts))
    upper = upper_texts + [""] * (width - len(upper_texts))
    lower = lower_texts + [""] * (width - len(lower_texts))
    if carry:
        # No merge information (or "centre across selection"): a group header stands over the
        # empty upper cells to its right as long as the lower row has sub-column headers there.
        for c in range(1, width):
            if not upper[c] and lower[c] and upper[c - 1] and lower[c - 1] and upper[c - 1] != lower[c - 1]:
                upper[c] = upper[c - 1]
    result = _Interpretation(rows=(index, index + 1), columns=[], unmapped=[], ignored=[], texts={})
    seen: set[tuple[str, str | None]] = set()
    for c in range(width):
        u_text, l_text = upper[c], lower[c]
        u, low = vocabulary.key(u_text), vocabulary.key(l_text)
        if not u and not low:
            continue
        result.texts[c] = {t for t in (_plain(u_text), _plain(l_text)) if t}
        if u == low or not low:
            # One header over both rows (merged down, or written in the upper row only).
            if (
                _place(vocabulary, result, seen, c, u_text, u, vocabulary.exact(u), None)
                or u in vocabulary.ignored
            ):
                result.uses_upper = True
            continue
        if not u:
            if _place(vocabulary, result, seen, c, l_text, low, vocabulary.exact(low), None):
                result.uses_lower = True
            continue
        text = f"{u_text}: {l_text}"
        upper_field = vocabulary.exact(u)
        if (
            low in vocabulary.genders
            and upper_field in ("birth_date", "gender")
            and _pair(upper, lower, c, vocabulary.genders)
        ):
            if _place(vocabulary, result, seen, c, text, u, upper_field, vocabulary.genders[low]):
                result.uses_upper = result.uses_lower = True
            continue
        combined = vocabulary.exact(f"{u} {low}")
        if combined:
            if _place(vocabulary, result, seen, c, text, f"{u} {low}", combined, None):
                result.uses_upper = result.uses_lower = True
            continue
        lower_field = vocabulary.exact(low)
        if lower_field:
            if _place(vocabulary, result, seen, c, l_text, low, lower_field, None):
                result.uses_lower = True
            continue
        loose = vocabulary.loose(u, low)
        if loose:
            if _place(vocabulary, result, seen, c, text, f"{u} {low}", loose, None):
                result.uses_upper = result.uses_lower = True
            continue
        if upper_field:
            if _place(vocabulary, result, seen, c, u_text, u, upper_field, None):
                result.uses_upper = True
            continue
        _place(vocabulary, result, seen, c, text, f"{u} {low}", None, None)
    return result


def _pair(upper: list[str], lower: list[str], c: int, genders: Iterable[str]) -> bool:
    """Column ``c`` is one of a "Nam" | "Nữ" pair under one group header (a data row has only one of them)."""
    keys = {header_key(lower[c])}
    for other in (c - 1, c + 1):
        if 0 <= other < len(lower) and upper[other] == upper[c]:
            keys.add(header_key(lower[other]))
    return keys == set(genders)


def _find_table(sheet: _SheetSource, spec: TableSpec) -> Table | str:
    """The table of one sheet, or the reason (Vietnamese) why it has none."""
    vocabulary = _Vocabulary(spec)
    try:
        top = _top_rows(sheet)
        merges = sheet.merges()
        last_row = sheet.last_row()
    except UnusableFile:
        raise
    except Exception:  # noqa: BLE001 - one unreadable sheet does not stop the others
        return _("không đọc được trang tính này.")
    finally:
        sheet.release(keep=True)
    if not top:
        return _("trang tính trống.")
    indexes = sorted(top)
    block = _fill_header_merges({i: _cells_text(top[i]) for i in indexes}, merges, indexes)
    candidates = [i for i in indexes if any(block[i])][:HEADER_SCAN_ROWS]
    for index in candidates:
        one = _interpret_one(vocabulary, index, block[index])
        two = None
        if index + 1 in block and not _holds_data(top[index + 1]):
            two = _interpret_two(vocabulary, index, block[index], block[index + 1], carry=True)
        if (
            two is not None
            and two.qualifies(spec)
            and two.uses_upper
            and two.uses_lower
            and two.score >= one.score
        ):
            return _table(sheet, spec, two, last_row)
        if one.qualifies(spec):
            return _table(sheet, spec, one, last_row)
    return _reason_no_header(spec)


def _holds_data(cells: Sequence[Any]) -> bool:
    """A row with a date or a long number (as such or as text) is a member, not the lower row of a header."""
    for value in cells:
        if isinstance(value, (dt.date, dt.datetime)):
            return True
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 1000:
            return True
        if isinstance(value, str) and _DATA_TEXT.search(value):
            return True
    return False


# "05/03/1990", "5-3-85", or six digits and more (an ID, a phone number).
_DATA_TEXT = re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b|\d{6,}")


def _table(sheet: _SheetSource, spec: TableSpec, found: _Interpretation, last_row: int | None) -> Table:
    return Table(
        sheet=sheet.name,
        header_rows=tuple(r + 1 for r in found.rows),
        columns=sorted(found.columns, key=lambda c: c.index),
        unmapped=sorted(found.unmapped, key=lambda c: c.index),
        ignored=sorted(found.ignored, key=lambda c: c.index),
        spec=spec,
        source=sheet,
        header_texts=found.texts,
        last_row=last_row,
    )


def _top_rows(sheet: _SheetSource) -> dict[int, list[Any]]:
    """The first rows of a sheet, enough to find a header: 15 non-empty rows and the two after them."""
    rows: dict[int, list[Any]] = {}
    non_empty = 0
    extra = 0
    generator = sheet.open()
    try:
        for index, cells in generator:
            if index > 400:  # a sheet that starts with pages of nothing has no header near the top
                break
            if not _is_empty_row(cells):
                non_empty += 1
                rows[index] = list(cells)
            elif rows:
                rows[index] = list(cells)
            if non_empty > HEADER_SCAN_ROWS:
                extra += 1
                if extra > 2:
                    break
    finally:
        close = getattr(generator, "close", None)
        if close:
            close()
    return rows


# --- data rows -------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _is_empty_row(cells: Sequence[Any]) -> bool:
    for value in cells:
        if not _is_empty(value):
            return False
    return True


# A list marker before a section title: "I. ", "II) ", "A. ", "1.2 " (a name never starts like that).
_LIST_PREFIX = re.compile(r"^(?:[IVXLC]+|[A-Za-z]|\d+(?:\.\d+)+)[.)]?\s+\S|^(?:[IVXLC]+|[A-Za-z])[.)]\S")
_LIST_MARK_CELL = re.compile(r"^(?:[IVXLC]+|[A-Za-z]|\d+(?:\.\d+)+)[.)]?$")
_INTEGER_TEXT = re.compile(r"^\d{1,6}\.?$")
_NUMBER_TOKEN = re.compile(r"^(?:\(\s*\d{1,3}\s*\)|\d{1,3}\.?|\(?[a-z]\)?)$")
# Rows that end the table: signatures, the date line, the closing count. Matched against the
# first cell of a row folded by _ascii_fold (punctuation kept, so words are separated by \W+).
_FOOTER = re.compile(
    r"[\W_]*(?:nguoi\W+(?:lap|ky|duyet)|thu\W+truong|(?:pho\W+)?chu\W+tich|t\W*m\W+(?:ban|bch)|"
    r"kt\W+chu\W+tich|xac\W+nhan|ke\W+toan|thu\W+quy|giam\W+doc|danh\W+sach\W+(?:nay|co|gom))\b"
)
_DATE_LINE = re.compile(r"\bngay\b[\W\d_]*thang\b[\W\d_]*nam\b")
# Rows inside the table that add up: skipped, and the table goes on (a printout may total every page).
# "Cộng" only alone or before a number: "Công Tằng Tôn Nữ" is a family name.
_TOTAL = re.compile(r"[\W_]*(?:tong\W+(?:cong|so)\b|cong(?:\W+(?:trang|lai|so))?[\W_]*(?:$|\d))")
# Section rows name a part of the union: "Tổ công đoàn Phân xưởng 1", "Công đoàn bộ phận Khối văn phòng".
# Words that begin no Vietnamese full name (not "tô", "ban", "phan", "trương": those are family names).
_SECTION_WORDS = re.compile(
    r"^(?:to cong doan|to cd|to \d|to san xuat|cong doan|cdbp|cd bo phan|cdcs|phong |phan xuong|"
    r"khoi |bo phan|doi \d|doi san xuat|chi nhanh|xi nghiep|nha may|cong ty|van phong)"
)


def _number_token(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer() and 0 <= value < 1000
    return isinstance(value, str) and len(value) < 12 and bool(_NUMBER_TOKEN.match(value.strip().lower()))


def _integer_like(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer()
    return isinstance(value, str) and bool(_INTEGER_TEXT.match(value.strip()))


def _plain(value: Any) -> str:
    """Cheap comparison form of a cell for spotting the header printed again (a copy of the same text)."""
    if not isinstance(value, str):
        return ""
    return " ".join(unicodedata.normalize("NFC", value).split()).lower()


class _RowRules:
    """What a data row is: a member, blank, the header again, column numbers, a section, a total, the footer.

    A section row ("I. Tổ công đoàn Phân xưởng 1", "Công đoàn bộ phận Khối
    văn phòng") has text in the first one or two cells of the table only,
    and either no name, or a name cell that starts with a list marker
    ("I.", "A.", "1.2") or a word naming a part of a union ("Tổ", "Công
    đoàn", "Phòng", "Khối", "Phân xưởng", …), or an STT cell that is a
    roman numeral or a letter, or it is merged across columns. A row with
    an integer STT and a plain name is a member, even with nothing else
    filled in: the importer reports what is missing.
    """

    def __init__(self, table: Table, merges: list[Range] | None, header_texts: dict[int, set[str]]) -> None:
        self.table = table
        columns = table.columns
        self.indexes = [c.index for c in columns]
        all_columns = sorted(
            {c.index for c in columns} | {c.index for c in table.unmapped} | {c.index for c in table.ignored}
        )
        self.first = all_columns[0]
        self.last = all_columns[-1]
        self.name_index = next((c.index for c in columns if c.field == table.spec.anchor), None)
        self.header_texts = header_texts
        self.name_headers = header_texts.get(self.name_index, set()) if self.name_index is not None else set()
        # First letters of the name column's header, composed and decomposed: a cheap test before _plain.
        self.name_initials = {t[:1] for t in self.name_headers} | {
            unicodedata.normalize("NFD", t)[:1] for t in self.name_headers
        }
        # Horizontal merges that start at the left of a data row mark a section title.
        self.wide: set[int] = set()
        header_end = table.header_rows[-1] - 1
        for r1, c1, _r2, c2 in merges or ():
            if r1 > header_end and c2 > c1 and c1 <= self.first + 1:
                self.wide.add(r1)

    def classify(self, index: int, cells: list[Any]) -> str | None:
        """None for a member row, else why it is not one ("blank" for nothing at all)."""
        first_value: Any = None
        for value in cells:
            if not (value is None or value == "" or (isinstance(value, str) and not value.strip())):
                first_value = value
                break
        if first_value is None:
            return "blank"
        if first_value.__class__ is str:
            folded = _ascii_fold(first_value[:80])
            if _FOOTER.match(folded) or ("thang" in folded and _DATE_LINE.search(folded)):
                return SKIP_FOOTER
            if _TOTAL.match(folded):
                return SKIP_TOTAL
        n = len(cells)
        name_index = self.name_index
        name = cells[name_index] if name_index is not None and name_index < n else ""
        if (
            name.__class__ is str
            and name.lstrip()[:1].lower() in self.name_initials
            and _plain(name) in self.name_headers
        ):
            return SKIP_HEADER
        if name and not _number_token(name):
            for value in cells[self.first + 2 : self.last + 1]:
                if not (value is None or value == "" or (isinstance(value, str) and not value.strip())):
                    return None  # the common case: a name and more cells to its right
        non_empty = [c for c in range(self.first, min(self.last + 1, n)) if not _is_empty(cells[c])]
        if not any(i < n and not _is_empty(cells[i]) for i in self.indexes):
            # Nothing in a mapped column: a row numbered in advance and left empty, or a title.
            texts = [c for c in non_empty if isinstance(cells[c], str) and not _integer_like(cells[c])]
            return SKIP_SECTION if texts else "blank"
        if self._is_header(cells, non_empty):
            return SKIP_HEADER
        if _number_token(name) and all(_number_token(cells[c]) for c in non_empty):
            return SKIP_COLUMN_NUMBERS
        if self._is_section(index, cells, non_empty):
            return SKIP_SECTION
        return None

    def _is_header(self, cells: list[Any], non_empty: list[int]) -> bool:
        """Every filled cell says what the header says in its column (the lower header row again)."""
        if not non_empty:
            return False
        for c in non_empty:
            texts = self.header_texts.get(c)
            if not texts or _plain(cells[c]) not in texts:
                return False
        return True

    def _is_section(self, index: int, cells: list[Any], non_empty: list[int]) -> bool:
        if not non_empty or len(non_empty) > 2 or non_empty[-1] > self.first + 1:
            return False
        if index in self.wide:
            return True
        name_index = self.name_index
        if name_index not in non_empty:
            return True  # text at the left and no name: a title, not a member
        name = cells[name_index]
        if isinstance(name, str):
            text = name.strip()
            if _LIST_PREFIX.match(text) or _SECTION_WORDS.match(header_key(text)):
                return True
        for c in non_empty:
            if c == name_index:
                continue
            value = cells[c]
            if isinstance(value, str) and _LIST_MARK_CELL.match(value.strip()):
                return True  # "I", "A.", "1.2" in the STT column
        return False


def _data_rows(table: Table, on_skip: Callable[[int, str], None] | None) -> Iterator[SheetRow]:
    source = table._source
    merges = source.merges()
    rules = _RowRules(table, merges, table._header_texts)
    header_end = table.header_rows[-1] - 1
    # Data cells merged down: (first row) -> [(column, last row)].
    downs: dict[int, list[tuple[int, int]]] = {}
    for r1, c1, r2, _c2 in merges or ():
        if r1 > header_end and r2 > r1:
            downs.setdefault(r1, []).append((c1, r2))
    active: list[tuple[int, int, Any]] = []  # column, last row, value

    columns = table.columns
    plain = [(c.field, c.index) for c in columns if c.gender is None]
    names = [name for name, _i in plain]
    pick = operator.itemgetter(*[i for _name, i in plain]) if plain else None
    width = max(c.index for c in columns) + 1
    gendered = [(c.index, c.gender) for c in columns if c.gender is not None and c.field == "birth_date"]
    marks = [(c.index, c.gender) for c in columns if c.gender is not None and c.field != "birth_date"]
    sheet_name = table.sheet
    in_footer = False
    try:
        for index, cells in source.open():
            if index <= header_end:
                continue
            if active or downs:
                if index in downs:
                    for c, last in downs.pop(index):
                        active.append((c, last, cells[c] if c < len(cells) else ""))
                if active:
                    cells = list(cells)
                    for c, _last, value in active:
                        if c >= len(cells):
                            cells.extend([""] * (c + 1 - len(cells)))
                        if _is_empty(cells[c]):
                            cells[c] = value
                    active = [a for a in active if a[1] > index]
            kind = rules.classify(index, cells)
            if kind == SKIP_FOOTER:
                in_footer = True
            elif kind == SKIP_HEADER:
                in_footer = False  # the table goes on on the next page
            if in_footer and kind is None:
                kind = SKIP_FOOTER
            if kind is not None:
                if on_skip is not None and kind != "blank":
                    on_skip(index + 1, kind)
                continue
            n = len(cells)
            if n < width:
                cells = list(cells) + [""] * (width - n)
                n = width
            if pick is None:
                values: dict[str, Any] = {}
            elif len(names) == 1:
                values = {names[0]: pick(cells)}
            else:
                values = dict(zip(names, pick(cells), strict=True))
            gender = None
            conflict = False
            if gendered:
                filled = [(g, cells[i]) for i, g in gendered if i < n and not _is_empty(cells[i])]
                values.setdefault("birth_date", "")
                if filled:
                    values["birth_date"] = filled[0][1]
                    gender = filled[0][0] if len(filled) == 1 else None
                    conflict = len(filled) > 1
            if marks:
                marked = [g for i, g in marks if i < n and not _is_empty(cells[i])]
                if len(marked) == 1 and gender is None and not conflict:
                    gender = marked[0]
                elif len(marked) > 1:
                    conflict = True
            yield SheetRow(sheet_name, index + 1, values, gender, cells, conflict)
    finally:
        source.release()


# --- sources: one per format -------------------------------------------------


class _SheetSource(Protocol):
    name: str

    def open(self) -> Iterator[tuple[int, list[Any]]]:
        """(0-based row index, cells from column A) for every row, in order; blank rows may be left out."""
        ...

    def merges(self) -> list[Range] | None:
        """Merged ranges, 0-based inclusive; None when the format does not say."""
        ...

    def last_row(self) -> int | None: ...

    def release(self, keep: bool = False) -> None:
        """Drop what open()/merges() keep in memory; ``keep``: may keep it for the next open() if small."""
        ...


class _Book(Protocol):
    def sheets(self) -> Iterator[_SheetSource | SkippedSheet]: ...

    def close(self) -> None: ...


def _seekable(source: Source) -> Source:
    if isinstance(source, str | os.PathLike | bytes):
        return source
    try:
        source.seek(0, io.SEEK_CUR)
        return source
    except (AttributeError, OSError, io.UnsupportedOperation):
        return io.BytesIO(source.read())


def _head(source: Source, size: int) -> bytes:
    if isinstance(source, bytes):
        return source[:size]
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return handle.read(size)
    position = source.tell()
    try:
        return source.read(size)
    finally:
        source.seek(position)


def _size(source: Source) -> int:
    if isinstance(source, bytes):
        return len(source)
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    position = source.tell()
    end = source.seek(0, io.SEEK_END)
    source.seek(position)
    return end - position


def _all_bytes(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return handle.read()
    position = source.tell()
    try:
        return source.read()
    finally:
        source.seek(position)


def _zip(source: Source) -> zipfile.ZipFile:
    if isinstance(source, bytes):
        return zipfile.ZipFile(io.BytesIO(source))
    return zipfile.ZipFile(source)  # a path or a seekable file object


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_OLE_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


def _sniff(source: Source, filename: str) -> str:
    """The real format of the file, whatever its extension says."""
    head = _head(source, 8192)
    extension = os.path.splitext(filename)[1].lower()
    if not head.strip():
        raise _not_spreadsheet(filename)
    if head.startswith(b"PK"):
        try:
            with _zip(source) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").strip()
                    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                        return "ods"
                    raise _not_spreadsheet(filename)
                if "xl/workbook.xml" in names or any(n.endswith("/workbook.xml") for n in names):
                    return "xlsx"
                if "xl/workbook.bin" in names:
                    return "xlsb"
        except zipfile.BadZipFile:
            if extension in (".xlsx", ".xlsm", ".ods"):
                raise _corrupt(filename) from None
            raise _not_spreadsheet(filename) from None
        raise _not_spreadsheet(filename)
    if head.startswith(_OLE):
        data = _all_bytes(source)
        if _ENCRYPTED_PACKAGE in data:
            raise _password(filename)  # an .xlsx saved with a password is an encrypted OLE file
        if any(name in data for name in _OLE_WORKBOOK):
            return "xls"
        raise _not_spreadsheet(filename)
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf", b"\x7fELF", b"MZ")):
        raise _not_spreadsheet(filename)
    text = _sample_text(head).lstrip("\ufeff \t\r\n").lower()
    if text.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in text:
        return "xml2003"
    if text.startswith(("<html", "<!doctype", "<table", "<meta", "<?xml")) or "<table" in text[:4096]:
        if "<table" in _sample_text(_head(source, 1 << 20)).lower():
            return "html"
        raise _not_spreadsheet(filename)
    if _looks_like_text(head):
        return "csv"
    raise _not_spreadsheet(filename)


def _sample_text(head: bytes) -> str:
    return head.decode(_csv_encoding(head), errors="ignore")


def _utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when every other byte is zero, as in UTF-16 text without a BOM."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if half and odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if half and even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return _utf16_without_bom(head) is not None
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls <= len(head) // 100


def _open_book(kind: str, source: Source, filename: str) -> _Book:
    if kind in ("xlsx", "xlsb", "xls", "ods"):
        return _CalamineBook(kind, source, filename)
    if kind == "csv":
        return _ListBook([_CsvSheet(source, filename)])
    if kind == "html":
        return _ListBook(_html_sheets(_all_bytes(source), filename))
    return _ListBook(_xml2003_sheets(source, filename))


class _ListBook:
    def __init__(self, sheets: list[_SheetSource]) -> None:
        self._sheets = sheets

    def sheets(self) -> Iterator[_SheetSource | SkippedSheet]:
        yield from self._sheets

    def close(self) -> None:
        self._sheets = []


# .xlsx, .xls, .ods through calamine


_EXTENSIONS = {"xlsx": {".xlsx", ".xlsm"}, "xlsb": {".xlsb"}, "xls": {".xls"}, "ods": {".ods"}}


def _extension(path: str | os.PathLike[str]) -> str:
    return os.path.splitext(os.fspath(path))[1].lower()


class _CalamineBook:
    def __init__(self, kind: str, source: Source, filename: str) -> None:
        import python_calamine

        self.kind = kind
        self.source = source
        self.filename = filename
        self._python_calamine = python_calamine
        self._workbook: Any = None
        self._ods_merges: dict[str, list[Range]] | None = None
        self._kept_cells = 0
        # An .xlsx is listed from its package: (name, part, state), and whether a sheet is large.
        self._listing: list[tuple[str, str | None, str, bool]] | None = None
        if kind == "xlsx":
            try:
                self._listing = [(n, p, st, self._large(p)) for n, p, st in _xlsx_sheets(source)]
            except Exception:  # noqa: BLE001 - an odd package: calamine lists it (or says it is corrupt)
                self._listing = None
        if self._listing is None or not any(large for *_, large in self._listing):
            self._open()  # now, so that a corrupt or protected file is refused at once

    def _open(self) -> Any:
        python_calamine = self._python_calamine
        source = self.source
        try:
            if isinstance(source, bytes):
                self._workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
            elif isinstance(source, str | os.PathLike) and _extension(source) in _EXTENSIONS[self.kind]:
                self._workbook = python_calamine.CalamineWorkbook.from_path(os.fspath(source))
            elif isinstance(source, str | os.PathLike):
                # calamine picks the reader by the extension: give it the content when the extension lies
                with open(source, "rb") as handle:
                    self._workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
            else:
                source.seek(0)
                self._workbook = python_calamine.CalamineWorkbook.from_filelike(source)
        except python_calamine.PasswordError:
            raise _password(self.filename) from None
        except Exception as error:  # calamine raises its own errors and sometimes plain ones
            if "password" in str(error).lower() or "encrypt" in str(error).lower():
                raise _password(self.filename) from None
            raise _corrupt(self.filename) from None
        return self._workbook

    @property
    def workbook(self) -> Any:
        """calamine's workbook, opened again if it was closed to free its shared strings."""
        return self._workbook if self._workbook is not None else self._open()

    def reserve(self, cells: int) -> bool:
        """Account for a parsed sheet kept in memory between header detection and rows()."""
        if cells > 0 and self._kept_cells + cells > KEEP_PARSED_CELLS:
            return False
        self._kept_cells += cells
        return True

    def sheets(self) -> Iterator[_SheetSource | SkippedSheet]:
        if self._listing is not None:
            for name, part, state, large in self._listing:
                if state != "visible":
                    yield SkippedSheet(name, _("trang tính bị ẩn."))
                elif part is not None and large:
                    # calamine's workbook is not opened for it: each piece carries its shared strings.
                    yield _XlsxStreamSheet(self, name, part)
                elif part is not None:
                    yield _CalamineSheet(self, name)
            return
        metadata = {m.name: m for m in self.workbook.sheets_metadata}
        for name in self.workbook.sheet_names:
            meta = metadata.get(name)
            if meta is not None and meta.visible != self._python_calamine.SheetVisibleEnum.Visible:
                yield SkippedSheet(name, _("trang tính bị ẩn."))
            elif meta is None or meta.typ == self._python_calamine.SheetTypeEnum.WorkSheet:
                yield _CalamineSheet(self, name)

    def _large(self, part: str | None) -> bool:
        """Whether calamine would need too much memory for this worksheet: it is then read in pieces."""
        if part is None:
            return False
        with _zip(self.source) as archive:
            size = archive.getinfo(part).file_size
            with archive.open(part) as stream:
                head = stream.read(64 * 1024)
        cells = size // 40  # no <dimension>: a shared-string cell is about 40 bytes of XML
        dimension = _DIMENSION_REF.search(head)
        if dimension:
            c1, r1 = _column_number(dimension.group(1)), int(dimension.group(2))
            c2 = _column_number(dimension.group(3)) if dimension.group(3) else c1
            r2 = int(dimension.group(4)) if dimension.group(4) else r1
            cells = max(cells // 4, (r2 - r1 + 1) * (c2 - c1 + 1))  # a <dimension> can also be wrong
        return cells > XLSX_STREAM_CELLS

    def ods_merges(self, name: str) -> list[Range]:
        if self._ods_merges is None:
            try:
                self._ods_merges = _ods_spans(self.source)
            except Exception:  # noqa: BLE001 - without spans the header carry still works
                self._ods_merges = {}
        return self._ods_merges.get(name, [])

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None


class _CalamineSheet:
    """A sheet calamine reads whole (every format, and .xlsx sheets below the streaming threshold)."""

    def __init__(self, book: _CalamineBook, name: str) -> None:
        self.book = book
        self.name = name
        self._sheet: Any = None
        self._kept = False

    def _load(self) -> Any:
        if self._sheet is None:
            try:
                self._sheet = self.book.workbook.get_sheet_by_name(self.name)
            except self.book._python_calamine.PasswordError:
                raise _password(self.book.filename) from None
        return self._sheet

    def open(self) -> Iterator[tuple[int, list[Any]]]:
        sheet = self._load()
        start = sheet.start
        if start is None:
            return
        # iter_rows() yields the rows above the data as empty rows (index = row), but its cells
        # begin at the first used column: put them back under their columns.
        pad = [""] * start[1]
        for index, row in enumerate(sheet.iter_rows()):
            yield index, (pad + row if pad else row)

    def merges(self) -> list[Range] | None:
        if self.book.kind == "ods":
            return self.book.ods_merges(self.name)
        ranges = self._load().merged_cell_ranges
        if ranges is None:
            return None
        return [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in ranges]

    def last_row(self) -> int | None:
        end = self._load().end
        return None if end is None else end[0] + 1

    def release(self, keep: bool = False) -> None:
        """Keep the parsed sheet from header detection for rows(), within the workbook's cell budget."""
        if self._sheet is None:
            return
        if keep and self.book.reserve(self._sheet.height * self._sheet.width):
            self._kept = True
            return
        if self._kept:
            self.book.reserve(-self._sheet.height * self._sheet.width)
            self._kept = False
        self._sheet = None


# Large .xlsx sheets, in pieces


def _xlsx_sheets(source: Source) -> list[tuple[str, str | None, str]]:
    """The sheets of an .xlsx in order: (name, worksheet part in the zip or None, state).

    Read from the package itself, so that a large file is listed without
    calamine loading its shared strings. The part is None for chart and
    dialog sheets; state is "visible", "hidden" or "veryHidden".
    """
    with _zip(source) as archive:
        names = set(archive.namelist())
        workbook = "xl/workbook.xml"
        rels = ElementTree.fromstring(archive.read("_rels/.rels"))  # noqa: S314
        for rel in rels:
            if rel.get("Type", "").endswith("/officeDocument"):
                workbook = rel.get("Target", workbook).lstrip("/")
        base = posixpath.dirname(workbook)
        rels_name = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
        targets: dict[str | None, str] = {}
        for rel in ElementTree.fromstring(archive.read(rels_name)):  # noqa: S314
            target = rel.get("Target", "")
            absolute = target.startswith("/")
            targets[rel.get("Id")] = posixpath.normpath(
                target.lstrip("/") if absolute else posixpath.join(base, target)
            )
        sheets: list[tuple[str, str | None, str]] = []
        for element in ElementTree.fromstring(archive.read(workbook)).iter():  # noqa: S314
            if element.tag.endswith("}sheet") or element.tag == "sheet":
                rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
                found = targets.get(rid)
                part = found if found is not None and found in names and "/worksheets/" in found else None
                sheets.append((element.get("name", ""), part, element.get("state", "visible")))
        return sheets


_SHEET_DATA_OPEN = re.compile(rb"<((?:[\w.-]+:)?)sheetData\b[^>]*?(/?)>")
_DIMENSION_REF = re.compile(
    rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref=[\"']\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?"
)
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*/>")
_ROW_NUMBER = re.compile(rb"<(?:[\w.-]+:)?row\b[^>]*?\sr=[\"'](\d+)")
_ROW_WITHOUT_R = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s>/])(?![^>]*\sr=)")
_MERGE_REF = re.compile(
    rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref=[\"']([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?[\"']"
)
_SST_ITEM_START = re.compile(rb"<(?:[\w.-]+:)?si(?=[\s>/])")
_SST_END = re.compile(rb"</(?:[\w.-]+:)?sst>|<(?:[\w.-]+:)?extLst\b")
_SST_OPEN = re.compile(rb"<((?:[\w.-]+:)?)sst\b[^>]*>")
_COUNT_ATTRIBUTES = re.compile(rb"\s(?:count|uniqueCount)=[\"'][^\"']*[\"']")
# A shared-string cell, split as (before the index, the index): <c r="B2" t="s"><v>17</v>
# (Only cells have a t attribute in sheetData; starting with the literal t="s" is ten times faster.)
_SHARED_CELL = re.compile(rb'( t="s"[^>]*>\s*<(?:[\w.-]+:)?v>)(\d+)')
_SHARED_CELL_ANY_QUOTE = re.compile(rb"(\st=[\"']s[\"'][^>]*>\s*<(?:[\w.-]+:)?v>)(\d+)")
_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


def _column_number(letters: bytes) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ch - 64
    return index - 1


class _SharedStrings:
    """The workbook's shared strings as raw XML items in a temporary file, to give each piece what it uses.

    A 1,000,000-member list saved by Excel has some 3,000,000 shared strings
    (CCCD, phone, card number: 80 MB of XML); on disk they cost no memory
    but one 8-byte offset each. Excel numbers them in order of first use, so
    a piece needs a few runs of neighbouring items: one read per run.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.file = tempfile.TemporaryFile(prefix="congdoan-sst-")  # noqa: SIM115 - closed by close()
        self.offsets = array.array("q")  # item i is at offsets[i]:offsets[i + 1] (with the blanks after it)
        self.numbers: list[bytes] = []  # b"0", b"1", … the new indexes
        self.opening, self.closing = b"<sst>", b"</sst>"
        buffer = b""
        base = 0  # where buffer[0] is in the file
        first = True
        while True:
            block = stream.read(1 << 20)
            buffer += block
            if first:
                opening = _SST_OPEN.search(buffer)
                if opening:
                    self.opening = _COUNT_ATTRIBUTES.sub(b"", opening.group(0))
                    self.closing = b"</" + opening.group(1) + b"sst>"
                    first = False
            # Items starting before ``limit`` are whole in the buffer; the rest waits for more.
            limit = len(buffer) if not block else max(0, len(buffer) - 64)
            self.offsets.extend(
                [base + m.start() for m in _SST_ITEM_START.finditer(buffer) if m.start() < limit]
            )
            self.file.write(buffer[:limit])
            base += limit
            buffer = buffer[limit:]
            if not block:
                break
        # The last item ends where </sst> (or <extLst>) begins.
        tail_size = min(base, 1 << 16)
        self.file.seek(base - tail_size)
        tail = self.file.read(tail_size)
        end = _SST_END.search(tail)
        self.offsets.append(base - tail_size + end.start() if end else base)

    def _items(self, used: list[int]) -> dict[int, bytes]:
        count = len(self.offsets) - 1
        found: dict[int, bytes] = {}
        wanted = sorted(i for i in set(used) if i < count)
        offsets, file = self.offsets, self.file
        k = 0
        while k < len(wanted):
            first = last = wanted[k]
            k += 1
            while k < len(wanted) and wanted[k] - last <= 32:
                last = wanted[k]
                k += 1
            file.seek(offsets[first])
            run = file.read(offsets[last + 1] - offsets[first])
            base = offsets[first]
            for i in range(first, last + 1):
                found[i] = run[offsets[i] - base : offsets[i + 1] - base]
        return found

    def subset(self, piece: bytes) -> tuple[bytes, bytes]:
        """The piece with its shared-string indexes renumbered, and the shared-strings part it needs."""
        unusual = b"t='s'" in piece or piece.count(b't="s"') != piece.count(b' t="s"')
        parts = (_SHARED_CELL_ANY_QUOTE if unusual else _SHARED_CELL).split(piece)
        if len(parts) == 1:
            return piece, self.opening + self.closing
        indexes = parts[2::3]
        used = list(dict.fromkeys(indexes))
        if len(self.numbers) < len(used):
            self.numbers = [str(n).encode() for n in range(2 * len(used))]
        renumber = dict(zip(used, self.numbers, strict=False))
        parts[2::3] = list(map(renumber.__getitem__, indexes))
        numbers = list(map(int, used))
        found = self._items(numbers)
        empty = b"<si><t></t></si>"
        items = [found.get(i, empty) for i in numbers]
        return b"".join(parts), self.opening + b"".join(items) + self.closing

    def close(self) -> None:
        self.file.close()


class _XlsxStreamSheet:
    """A large .xlsx sheet: its XML cut at row boundaries into small workbooks that calamine reads in turn.

    Each piece is a copy of the workbook's small parts (styles, so dates
    stay dates) with this sheet's XML reduced to a run of rows; rows keep
    their ``r`` numbers, so calamine places them where they are. A sheet
    whose rows have no ``r`` attribute is read whole.
    """

    def __init__(self, book: _CalamineBook, name: str, part: str) -> None:
        self.book = book
        self.name = name
        self.part = part
        self._merges: list[Range] | None = None
        self._last_row: int | None = None
        self._base: dict[str, bytes] | None = None
        self._shared: _SharedStrings | None = None
        self._whole: _CalamineSheet | None = None

    def _prepare(self, archive: zipfile.ZipFile) -> None:
        if self._base is not None:
            return
        base: dict[str, bytes] = {}
        self._shared = None
        for info in archive.infolist():
            lowered = info.filename.lower()
            if info.filename == self.part:
                continue
            if "/worksheets/" in lowered or "/chartsheets/" in lowered or "/dialogsheets/" in lowered:
                if lowered.endswith(".xml"):
                    base[info.filename] = _EMPTY_SHEET
                continue
            if lowered.endswith("sharedstrings.xml"):
                with archive.open(info) as stream:
                    self._shared = _SharedStrings(stream)
                base[info.filename] = b""  # replaced piece by piece
                continue
            if (
                lowered.endswith((".xml", ".rels")) and info.file_size < 8 * 1024 * 1024
            ) or lowered == "[content_types].xml":
                base[info.filename] = archive.read(info)
        self._base = base

    def _pieces(self) -> Iterator[tuple[bytes, bytes, bytes]]:
        """(prologue, rows, epilogue) pieces of the sheet XML; the last one carries the real epilogue."""
        with _zip(self.book.source) as archive:
            self._prepare(archive)
            # Shared-string pieces are split into Python objects per string cell: half the size.
            target = XLSX_CHUNK_BYTES // 2 if self._shared is not None else XLSX_CHUNK_BYTES
            step = max(1, min(1 << 20, target // 4))
            with archive.open(self.part) as stream:
                buffer = prologue = prefix = end_tag = closing = b""
                while not prologue:
                    block = stream.read(1 << 20)
                    if not block:
                        return
                    buffer += block
                    match = _SHEET_DATA_OPEN.search(buffer)
                    if match:
                        prefix = match.group(1)
                        end_tag = b"</" + prefix + b"row>"
                        closing = b"</" + prefix + b"sheetData></" + prefix + b"worksheet>"
                        if match.group(2):  # <sheetData/>: no rows
                            self._merges = []
                            return
                        prologue = _DIMENSION.sub(b"", buffer[: match.end()])
                        buffer = buffer[match.end() :]
                sheet_data_end = b"</" + prefix + b"sheetData>"
                done = False
                while not done:
                    while len(buffer) < target:
                        block = stream.read(step)
                        if not block:
                            break
                        buffer += block
                    end = buffer.find(sheet_data_end)
                    if end >= 0:
                        rest = buffer[end:] + stream.read()
                        numbers = _ROW_NUMBER.findall(buffer, max(0, end - (1 << 20)), end)
                        if numbers:
                            self._last_row = int(numbers[-1])
                        yield prologue, buffer[:end], closing
                        self._epilogue(rest)
                        done = True
                        break
                    cut = buffer.rfind(end_tag)
                    if cut < 0:
                        block = stream.read(step)
                        if not block:
                            yield prologue, buffer, closing
                            return
                        buffer += block
                        continue
                    cut += len(end_tag)
                    yield prologue, buffer[:cut], closing
                    buffer = buffer[cut:]

    def _epilogue(self, data: bytes) -> None:
        merges = []
        for match in _MERGE_REF.finditer(data):
            c1, r1 = _column_number(match.group(1)), int(match.group(2)) - 1
            c2 = _column_number(match.group(3)) if match.group(3) else c1
            r2 = int(match.group(4)) - 1 if match.group(4) else r1
            merges.append((r1, c1, r2, c2))
        self._merges = merges

    def _workbook(self, prologue: bytes, rows: bytes, closing: bytes) -> Any:
        assert self._base is not None
        files = dict(self._base)
        if self._shared is not None:
            rows, shared = self._shared.subset(rows)
            for name in files:
                if name.lower().endswith("sharedstrings.xml"):
                    files[name] = shared
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
            with archive.open(self.part, "w", force_zip64=True) as part:
                part.write(prologue)
                part.write(rows)
                part.write(closing)
        del rows
        buffer.seek(0)
        return self.book._python_calamine.CalamineWorkbook.from_filelike(buffer)

    def open(self) -> Iterator[tuple[int, list[Any]]]:
        if self._whole is not None:
            yield from self._whole.open()
            return
        first = True
        for prologue, rows, closing in self._pieces():
            if first and _ROW_WITHOUT_R.search(rows):
                # Rows without numbers: calamine counts them from the top of each piece.
                self._whole = _CalamineSheet(self.book, self.name)
                yield from self._whole.open()
                return
            first = False
            workbook = self._workbook(prologue, rows, closing)
            sheet = workbook.get_sheet_by_name(self.name)
            start = sheet.start
            if start is None:
                continue
            data = sheet.to_python(skip_empty_area=True)
            del sheet
            workbook.close()
            pad = [""] * start[1]
            row_index = start[0]
            for row in data:
                yield row_index, (pad + row if pad else row)
                row_index += 1
            del data

    def merges(self) -> list[Range] | None:
        if self._whole is not None:
            return self._whole.merges()
        if self._merges is None:
            # mergeCells come after the rows: read the sheet's XML through once to find them.
            for _piece in self._pieces():
                pass
        return self._merges

    def last_row(self) -> int | None:
        if self._whole is not None:
            return self._whole.last_row()
        return self._last_row

    def release(self, keep: bool = False) -> None:
        if self._whole is not None:
            self._whole.release(keep)
        if not keep:  # read through: the copied parts and the shared strings go
            if self._shared is not None:
                self._shared.close()
            self._shared = None
            self._base = None


# .ods merged cells (calamine does not report them)

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_spans(source: Source) -> dict[str, list[Range]]:
    """Spanned cells of every table in an .ods: table name -> ranges."""
    result: dict[str, list[Range]] = {}
    with _zip(source) as archive, archive.open("content.xml") as content:
        table_name = ""
        row = -1
        column = 0
        depth_row = 0
        for event, element in ElementTree.iterparse(content, events=("start", "end")):  # noqa: S314
            tag = element.tag
            if event == "start":
                if tag == _ODS_TABLE + "table":
                    table_name = element.get(_ODS_TABLE + "name", "")
                    result[table_name] = []
                    row = -1
                elif tag == _ODS_TABLE + "table-row":
                    row += 1
                    column = 0
                    depth_row += 1
                elif tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell") and depth_row:
                    rows_spanned = int(element.get(_ODS_TABLE + "number-rows-spanned", "1"))
                    columns_spanned = int(element.get(_ODS_TABLE + "number-columns-spanned", "1"))
                    if tag.endswith("}table-cell") and (rows_spanned > 1 or columns_spanned > 1):
                        result[table_name].append(
                            (row, column, row + rows_spanned - 1, column + columns_spanned - 1)
                        )
                    column += int(element.get(_ODS_TABLE + "number-columns-repeated", "1"))
                continue
            if tag == _ODS_TABLE + "table-row":
                depth_row -= 1
                repeated = int(element.get(_ODS_TABLE + "number-rows-repeated", "1"))
                row += repeated - 1
                element.clear()
            elif tag == _ODS_TABLE + "table":
                element.clear()
    return result


# CSV


def _decode_csv(data: bytes) -> str:
    try:
        from congdoan.imports.values import decode_csv  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return _decode_csv_fallback(data)
    return decode_csv(data)  # type: ignore[no-any-return, unused-ignore]


def _csv_encoding(head: bytes) -> str:
    """The encoding of a CSV from its first bytes: a BOM, valid UTF-8, else Vietnamese Windows-1258."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        return _utf16_without_bom(head) or "utf-16-le"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:  # a character cut at the end of the sample
            return "utf-8"
        return "cp1258"


def _decode_csv_fallback(data: bytes) -> str:
    return data.decode(_csv_encoding(data), errors="replace")


def _sniff_delimiter(sample: str) -> str:
    lines = sample.splitlines()[:40]
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        rows = list(csv.reader(lines, delimiter=delimiter))
        score = sum(len(r) - 1 for r in rows if len(r) > 1)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _unescaped(rows: Iterable[list[str]]) -> Iterator[list[str]]:
    """The rows with the apostrophe that guards a formula-like cell (``text.csv_safe``) taken off."""
    for row in rows:
        yield [csv_unescape(cell) for cell in row] if any(cell[:1] == "'" for cell in row) else row


class _CsvSheet:
    """A CSV: one sheet named after the file, rows numbered from 1, no merged cells."""

    def __init__(self, source: Source, filename: str) -> None:
        self.name = filename
        self.source = source

    def open(self) -> Iterator[tuple[int, list[Any]]]:
        if _size(self.source) <= CSV_WHOLE_LIMIT:
            text = _decode_csv(_all_bytes(self.source))
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text[: 64 * 1024]))
            yield from enumerate(_unescaped(reader) if "'" in text else reader)
            return
        # A large CSV is decoded as a stream, in the encoding its first megabyte shows.
        encoding = _csv_encoding(_head(self.source, 1 << 20))
        binary: IO[bytes]
        if isinstance(self.source, bytes):
            binary = io.BytesIO(self.source)
        elif isinstance(self.source, str | os.PathLike):
            binary = open(self.source, "rb")  # noqa: SIM115 - closed below
        else:
            binary = self.source
            binary.seek(0)
        wrapper = io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")
        try:
            delimiter = _sniff_delimiter(wrapper.read(64 * 1024))
            wrapper.seek(0)
            yield from enumerate(_unescaped(csv.reader(wrapper, delimiter=delimiter)))
        finally:
            if binary is self.source:
                wrapper.detach()  # the caller's file stays open
            else:
                wrapper.close()

    def merges(self) -> list[Range] | None:
        return None

    def last_row(self) -> int | None:
        return None

    def release(self, keep: bool = False) -> None:
        pass


# HTML tables saved as .xls


class _HtmlTables(HTMLParser):
    """The <table>s of an HTML page as rows of text, with rowspan/colspan as merged ranges."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[Any]], list[Range]]] = []
        self._stack: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append({"rows": [], "merges": [], "taken": set(), "row": None, "cell": None})
            return
        if not self._stack:
            return
        table = self._stack[-1]
        if tag in ("tr", "td", "th"):
            self._end_cell(table)  # </td> may be left out
        if tag == "tr" or (tag in ("td", "th") and table["row"] is None):
            table["rows"].append([])
            table["row"] = len(table["rows"]) - 1
        if tag in ("td", "th"):
            values = dict(attrs)
            table["cell"] = {
                "text": [],
                "rowspan": _int(values.get("rowspan")),
                "colspan": _int(values.get("colspan")),
            }
        elif tag == "br" and table["cell"] is not None:
            table["cell"]["text"].append(" ")

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"]["text"].append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        table = self._stack[-1]
        if tag in ("td", "th", "tr", "table"):
            self._end_cell(table)
        if tag == "tr":
            table["row"] = None
        elif tag == "table":
            self._stack.pop()
            rows = [["" if v is None else v for v in row] for row in table["rows"]]
            self.tables.append((rows, table["merges"]))

    @staticmethod
    def _end_cell(table: dict[str, Any]) -> None:
        cell = table["cell"]
        if cell is None:
            return
        table["cell"] = None
        r = table["row"]
        row = table["rows"][r]
        c = 0
        while (r, c) in table["taken"] or (c < len(row) and row[c] is not None):
            c += 1  # the next column not covered by a rowspan from above
        rowspan, colspan = cell["rowspan"], cell["colspan"]
        for rr in range(r, r + rowspan):
            for cc in range(c, c + colspan):
                table["taken"].add((rr, cc))
        if len(row) <= c:
            row.extend([None] * (c + 1 - len(row)))
        row[c] = nfc("".join(cell["text"]))
        if rowspan > 1 or colspan > 1:
            table["merges"].append((r, c, r + rowspan - 1, c + colspan - 1))


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or "1"))
    except ValueError:
        return 1


class _RowsSheet:
    """A sheet already read into memory (HTML tables, XML Spreadsheet 2003: small formats)."""

    def __init__(self, name: str, rows: list[list[Any]], merges: list[Range]) -> None:
        self.name = name
        self.rows = rows
        self._merges = merges

    def open(self) -> Iterator[tuple[int, list[Any]]]:
        yield from enumerate(self.rows)

    def merges(self) -> list[Range] | None:
        return self._merges

    def last_row(self) -> int | None:
        return len(self.rows)

    def release(self, keep: bool = False) -> None:
        pass


def _html_sheets(data: bytes, filename: str) -> list[_SheetSource]:
    text = data.decode(_csv_encoding(data[: 1 << 20]), errors="replace")
    charset = re.search(r"charset=[\"']?([\w-]+)", text[:4096], re.IGNORECASE)
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        try:
            text = data.decode(charset.group(1), errors="replace")
        except LookupError:
            pass
    parser = _HtmlTables()
    parser.feed(text)
    parser.close()
    tables = [t for t in parser.tables if t[0]]
    if len(tables) == 1:
        return [_RowsSheet(filename, *tables[0])]
    return [_RowsSheet(f"{filename} ({i})", rows, merges) for i, (rows, merges) in enumerate(tables, 1)]


# XML Spreadsheet 2003 (.xls files that are XML)

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _xml2003_value(kind: str, text: str) -> Any:
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "DateTime":
        try:
            value = dt.datetime.fromisoformat(text[:19])
        except ValueError:
            return text
        return value.date() if value.time() == dt.time() else value
    if kind == "Boolean":
        return text.strip() in ("1", "true")
    return text


def _xml2003_sheets(source: Source, filename: str) -> list[_SheetSource]:
    data = _all_bytes(source)
    sheets: list[_SheetSource] = []
    try:
        root = ElementTree.fromstring(data)  # noqa: S314
    except ElementTree.ParseError:
        raise _corrupt(filename) from None
    for worksheet in root.iter(_SS + "Worksheet"):
        rows: list[list[Any]] = []
        merges: list[Range] = []
        table = worksheet.find(_SS + "Table")
        r = -1
        for row in table.iter(_SS + "Row") if table is not None else ():
            r = int(row.get(_SS + "Index", r + 2)) - 1
            while len(rows) <= r:
                rows.append([])
            c = -1
            for cell in row.iter(_SS + "Cell"):
                c = int(cell.get(_SS + "Index", c + 2)) - 1
                data_element = cell.find(_SS + "Data")
                value: Any = ""
                if data_element is not None:
                    text = "".join(data_element.itertext())
                    value = _xml2003_value(data_element.get(_SS + "Type", "String"), text)
                cells = rows[r]
                if len(cells) <= c:
                    cells.extend([""] * (c + 1 - len(cells)))
                cells[c] = value
                across = int(cell.get(_SS + "MergeAcross", "0"))
                down = int(cell.get(_SS + "MergeDown", "0"))
                if across or down:
                    merges.append((r, c, r + down, c + across))
                c += across
        sheets.append(_RowsSheet(worksheet.get(_SS + "Name", filename), rows, merges))
    return sheets
