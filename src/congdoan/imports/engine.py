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
from typing import Any

from congdoan.imports import values
from congdoan.imports.mapping import TableSpec
from congdoan.imports.sheets import SheetRow, Table

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


class CellReader:
    """Parses the mapped cells of a table's rows: field -> value, and the errors with their column."""

    def __init__(self, table: Table, spec: TableSpec) -> None:
        self.table = table
        self.letters = {column.field: column.letter for column in table.columns}
        kinds = {column.field: column.kind for column in spec.columns}
        self.parsers: list[tuple[str, Callable[[object], object]]] = [
            (name, values.parser_for(name, kinds[name])) for name in table.fields if name in kinds
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
