"""The rejected rows of an import, written as a list the user can fix and import again.

The file uses the standard template of the import's table (``mapping.MEMBERS``
for members, a record type's ``spec``: the same columns the export writes
and the importer reads), holds each rejected row's cells
as they were read, marks the cells in error (red, with the message as a
comment) and adds two columns: where the row was in the original file, and
every reason it was rejected. Written as the import goes, in constant
memory.
"""

from __future__ import annotations

from typing import Any

import xlsxwriter

from congdoan.imports.engine import RowError, shown
from congdoan.imports.mapping import MEMBERS, TableSpec
from congdoan.imports.sheets import SheetRow

GENDER_LABELS = {"male": "Nam", "female": "Nữ"}


class RejectsWriter:
    def __init__(self, path: str, spec: TableSpec = MEMBERS) -> None:
        self.path = path
        self.book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False})
        self.sheet = self.book.add_worksheet("Dòng lỗi")
        self.bad = self.book.add_format({"bg_color": "#F8D7DA", "font_color": "#842029"})
        head = self.book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
        self.date = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.fields = [column.field for column in spec.columns]
        self.labels = [column.label for column in spec.columns]
        self.text_fields = {column.field for column in spec.columns if column.kind in ("id", "phone")}
        self.sheet.write_row(0, 0, ["STT", *self.labels, "Dòng trong tệp gốc", "Lý do"], head)
        self.sheet.freeze_panes(1, 2)
        self.next_row = 1

    def add(self, row: SheetRow, errors: list[RowError]) -> None:
        r = self.next_row
        self.next_row += 1
        bad_fields = {error.field: error for error in errors if error.field}
        self.sheet.write_number(r, 0, r)
        for c, name in enumerate(self.fields, start=1):
            value: Any = row.values.get(name, "")
            if name == "gender" and not value and row.gender_from_column:
                value = GENDER_LABELS[row.gender_from_column]
            cell_format = self.bad if name in bad_fields else None
            if hasattr(value, "year"):
                self.sheet.write_datetime(r, c, value, cell_format or self.date)
            elif (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and name not in self.text_fields
            ):
                self.sheet.write_number(r, c, value, cell_format)
            else:
                self.sheet.write_string(r, c, shown(value), cell_format)
            if name in bad_fields:
                self.sheet.write_comment(r, c, bad_fields[name].message)
        where = f"{row.sheet}, dòng {row.number}" if row.sheet else f"dòng {row.number}"
        self.sheet.write_string(r, len(self.fields) + 1, where)
        self.sheet.write_string(r, len(self.fields) + 2, " ".join(e.message for e in errors))

    def close(self) -> None:
        self.book.close()
