"""The import engine shared by every record type: cells to values, row errors, the result.

A record type (members now; support grants and attendance later) declares
its table in ``mapping.py`` and supplies what to do with a parsed row. The
engine reads the workbook (``sheets.py``), parses every mapped cell with
the parser of its column's kind (``values.py``) and collects errors that
say where: sheet, row as numbered in the spreadsheet, column letter, the
value and a stable code with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from congdoan.imports import values
from congdoan.imports.mapping import Column, TableSpec
from congdoan.imports.sheets import SheetRow, Table

if TYPE_CHECKING:
    from congdoan.org.models import Unit

#: How many errors a result keeps in full (the count covers them all).
KEPT_ERRORS = 10_000
#: The dot of masked ID numbers in exports for users who may not see them.
MASK = "•"


@dataclass(frozen=True, slots=True)
class RowError:
    sheet: str
    row: int
    column: str  # the column letter ("C"), "" when the problem is the row's
    value: str
    code: str
    message: str
    field: str = ""  # the field the column means ("" for the row as a whole)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message": self.message,
            "field": self.field,
        }


def shown(value: Any) -> str:
    """A cell value as an error report quotes it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class ImportResult:
    filename: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    skipped_sheets: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    audit_id: int | None = None

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < KEPT_ERRORS:
            self.errors.append(error)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "rows_read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "dry_run": self.dry_run,
            "written": self.written,
            "error_count": self.error_count,
            "errors": [e.as_dict() for e in self.errors],
            "skipped_sheets": [{"sheet": name, "reason": reason} for name, reason in self.skipped_sheets],
        }


def column_parser(column: Column) -> Callable[[object], object]:
    """The parser of a column's cells: its kind's, or its own list of choices."""
    if column.kind == "choice" and column.choices:
        return values.listed_parser(column.choices, column.label)
    return values.parser_for(column.field, column.kind)


class CellReader:
    """Parses the mapped cells of a table's rows: field -> value, and the errors with their column."""

    def __init__(self, table: Table, spec: TableSpec) -> None:
        self.table = table
        self.letters = {column.field: column.letter for column in table.columns}
        by_field = {column.field: column for column in spec.columns}
        self.parsers: list[tuple[str, Callable[[object], object]]] = [
            (name, column_parser(by_field[name])) for name in table.fields if name in by_field
        ]

    def read(self, row: SheetRow) -> tuple[dict[str, Any], list[RowError]]:
        parsed: dict[str, Any] = {}
        errors: list[RowError] = []
        raw = row.values
        for name, parse in self.parsers:
            value = raw.get(name)
            if type(value) is str and MASK in value:
                continue  # a masked ID ("•••••••12345", from an export): not given
            try:
                parsed[name] = parse(value)
            except values.CellProblem as problem:
                errors.append(self.error(row, name, value, problem.code, problem.message))
        return parsed, errors

    def error(self, row: SheetRow, field_name: str, value: Any, code: str, message: str) -> RowError:
        return RowError(
            row.sheet, row.number, self.letters.get(field_name, ""), shown(value), code, message, field_name
        )


Progress = Callable[[int, int | None], None]

#: on_reject(row, errors): what ``--skip-invalid`` does with a rejected row (``rejects.RejectsWriter.add``).
Reject = Callable[[SheetRow, list[RowError]], None]

#: Rows read first to tell whether a sheet is typed in a legacy Vietnamese encoding.
LEGACY_SAMPLE = 500


class RollBack(Exception):
    """Leaves the import's transaction without keeping anything."""


def reject(result: ImportResult, row: SheetRow, errors: list[RowError], on_reject: Reject | None) -> None:
    """Count a rejected row, keep its errors, hand it to ``on_reject``."""
    result.rejected += 1
    for error in errors:
        result.add_error(error)
    if on_reject is not None:
        on_reject(row, errors)


def where(sheet: str, number: int) -> str:
    """A row of the file as a message names it: "dòng 12 (trang Tổ 1)"."""
    if sheet:
        return _("dòng %(row)s (trang %(sheet)s)") % {"row": number, "sheet": sheet}
    return str(number)


def lookup_unit(text: str, actor: Any, action: str = "change") -> Unit | str:
    """A unit named in a cell (its code, or its exact name) where ``actor`` may do ``action``.

    Returns the unit, or a Vietnamese message why not (unknown, outside the
    actor's scope, or a name several units share). ``actor`` None is the
    system itself (every unit).
    """
    from congdoan.accounts.scope import path_allowed
    from congdoan.common.text import fold, nfc
    from congdoan.org.models import Unit

    ref = nfc(text)
    unit = Unit.objects.filter(code=ref.upper()).first()
    if unit is None:
        matches = list(Unit.objects.filter(name=ref)[:2])
        if not matches:
            matches = [
                u
                for u in Unit.objects.filter(search_text__contains=fold(ref))[:200]
                if fold(u.name) == fold(ref)
            ]
        if len(matches) > 1:
            return _("Có nhiều đơn vị tên «%(ref)s»: hãy ghi mã đơn vị.") % {"ref": ref}
        unit = matches[0] if matches else None
    if unit is None or not (actor is None or path_allowed(actor, unit.path, action)):
        return _("Không tìm thấy đơn vị «%(ref)s» trong phạm vi của bạn (ghi mã hoặc tên chính xác).") % {
            "ref": ref
        }
    return unit
