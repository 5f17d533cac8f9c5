"""Member lists out of congdoan: the standard template as .xlsx, and .csv.

The file is the template the importer reads (``mapping.MEMBERS``): a title
block as on real union lists, then "STT" and the column labels in order,
then one row per member of the subtree on the date (active or suspended),
by unit in tree order and by name in Vietnamese order. Values are written
the way a person types them: dates as Excel dates (dd/mm/yyyy in .csv),
a birth year alone as the text "1985", ID and phone numbers as text so
their leading zeros stay, choices by their Vietnamese labels, places by
name, the unit by its code. The file's text is the template's, in
Vietnamese whatever the language of the page or terminal.

Nothing holds the whole list: the plan (:func:`plan_members`) reads the
units and their member counts, the rows are read unit group by unit group
(``iterator``/``values_list``, codes and place names from dicts, no query
per row), xlsxwriter writes in constant-memory mode and the .csv is
yielded in chunks.

Every export is audited (``member.export``: unit, date, format, rows)
before its first row leaves the database. ID numbers are written in full
for a user who may change the subtree's records (the officers who keep the
list and import it back), masked as on the list page for a viewer.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import xlsxwriter
from django.db import transaction
from django.db.models import Count
from django.utils import translation

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed
from congdoan.common.text import csv_safe, sort_key_text
from congdoan.imports.mapping import MEMBERS
from congdoan.members.ids import mask_id
from congdoan.members.models import Spell, SpellState
from congdoan.members.reference import (
    Citizenship,
    ContractType,
    Education,
    Gender,
    Religion,
    UnionOffice,
    ethnicity_name,
)
from congdoan.members.selectors import ALL_MEMBERS, spells_on
from congdoan.org import places
from congdoan.org.models import Unit, UnitVersion
from congdoan.org.selectors import subtree_versions, unit_on
from congdoan.org.services import require

FORMATS = ("xlsx", "csv")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

#: progress(rows written, total rows)
Progress = Callable[[int, int], object]
PROGRESS_EVERY = 1000

#: Rows read per query: units are grouped until a group holds this many members.
GROUP_ROWS = 2000
#: At most this many units per query (bound parameters stay well under every database's limit).
GROUP_UNITS = 500

HEADER = ["STT", *(column.label for column in MEMBERS.columns)]
NATIONALITY_VN = "Việt Nam"
MEMBER_SHEET = "Đoàn viên"
UNIT_SHEET = "Đơn vị"
UNIT_SHEET_HEADER = ["Mã công đoàn cơ sở", "Tên công đoàn cơ sở", "Số đoàn viên"]

# Person fields read for a row, in the order of the values_list below.
_PERSON_FIELDS = tuple(
    """full_name birth_date birth_year gender cccd other_id citizenship nationality ethnicity religion
    education hometown_ward_code hometown_province_code residence_street residence_ward_code
    residence_province_code phone email employer job_title contract_type contract_months
    insurance_salary joined_on card_number union_office""".split()
)
_VALUES = ("unit_id", "state", *(f"person__{name}" for name in _PERSON_FIELDS))
_NAMES = ("unit_id", "state", *_PERSON_FIELDS)


@dataclass(frozen=True)
class ExportUnit:
    """A unit with members in the export: its code and its name on the export's date."""

    id: int
    code: str
    name: str
    members: int


@dataclass
class MemberExport:
    """What one export of ``root``'s subtree on ``on`` writes."""

    root: Unit
    on: dt.date
    units: list[ExportUnit]  # in the order of the file
    total: int
    full_ids: bool
    heading: list[str] = field(default_factory=list)  # the upper unit and the unit, as on paper

    def rows(self) -> Iterator[list[Any]]:
        """One list per member, values in the order of ``MEMBERS.columns`` (no STT)."""
        labels = _labels()
        codes = {unit.id: unit.code for unit in self.units}
        base = Spell.objects.on(self.on).filter(state__in=ALL_MEMBERS)
        for group in self._groups():
            qs = base.filter(unit_id__in=list(group)).order_by("person__name_sort", "person_id")
            values = qs.values_list(*_VALUES)
            if len(group) == 1:
                found: Any = values.iterator(chunk_size=GROUP_ROWS)
            else:
                # A few small units: read together, put back in the file's unit order
                # (a stable sort keeps the name order within each unit).
                found = sorted(values, key=_by_rank(group))
            for row in found:
                yield _cells(dict(zip(_NAMES, row, strict=True)), codes, labels, self.full_ids)

    def _groups(self) -> Iterator[dict[int, int]]:
        """Units in file order, grouped: unit id -> rank within the group."""
        group: dict[int, int] = {}
        rows = 0
        for unit in self.units:
            if group and (rows + unit.members > GROUP_ROWS or len(group) >= GROUP_UNITS):
                yield group
                group, rows = {}, 0
            group[unit.id] = len(group)
            rows += unit.members
        if group:
            yield group


def _by_rank(rank: dict[int, int]) -> Callable[[tuple[Any, ...]], int]:
    """Sort key of a row (unit id first) by its unit's rank in the group."""
    return lambda row: rank[row[0]]


@dataclass(frozen=True)
class _Labels:
    gender: dict[str, str]
    religion: dict[str, str]
    education: dict[str, str]
    contract: dict[str, str]
    state: dict[str, str]
    ethnicity: dict[str, str]
    office: dict[str, str]


def _labels() -> _Labels:
    """Choice labels in Vietnamese: the template's language, whatever the user's."""
    with translation.override("vi"):
        return _Labels(
            gender={k: str(v) for k, v in Gender.choices},
            religion={k: str(v) for k, v in Religion.choices},
            education={k: str(v) for k, v in Education.choices},
            contract={k: str(v) for k, v in ContractType.choices},
            state={k: str(v) for k, v in SpellState.choices},
            ethnicity={},  # filled lazily: ethnicity_name may translate "foreign"
            office={k: str(v) for k, v in UnionOffice.choices},
        )


def _ethnicity(labels: _Labels, code: str) -> str:
    name = labels.ethnicity.get(code)
    if name is None:
        with translation.override("vi"):
            name = labels.ethnicity[code] = ethnicity_name(code) if code else ""
    return name


def _cells(p: dict[str, Any], codes: dict[int, str], labels: _Labels, full_ids: bool) -> list[Any]:
    cccd = p["cccd"] or ""
    other_id = p["other_id"] or ""
    if not full_ids:
        cccd, other_id = mask_id(cccd), mask_id(other_id)
    by_field: dict[str, Any] = {
        "full_name": p["full_name"],
        # The year alone, as text, when the day is not known: "1985".
        "birth_date": p["birth_date"] or str(p["birth_year"]),
        "gender": labels.gender.get(p["gender"], ""),
        "cccd": cccd,
        "other_id": other_id,
        "nationality": NATIONALITY_VN if p["citizenship"] == Citizenship.VIETNAMESE else p["nationality"],
        "ethnicity": _ethnicity(labels, p["ethnicity"]),
        "religion": labels.religion.get(p["religion"], ""),
        "education": labels.education.get(p["education"], ""),
        "hometown_ward": places.ward_name(p["hometown_ward_code"]) or "",
        "hometown_province": places.province_name(p["hometown_province_code"]) or "",
        "residence_street": p["residence_street"],
        "residence_ward": places.ward_name(p["residence_ward_code"]) or "",
        "residence_province": places.province_name(p["residence_province_code"]) or "",
        "phone": p["phone"],
        "email": p["email"],
        "employer": p["employer"],
        "job_title": p["job_title"],
        "contract_type": labels.contract.get(p["contract_type"], ""),
        "contract_months": p["contract_months"],
        "insurance_salary": p["insurance_salary"],
        "unit": codes[p["unit_id"]],
        "joined_on": p["joined_on"],
        "card_number": p["card_number"] or "",
        "union_office": labels.office.get(p["union_office"], ""),
        "status": labels.state.get(p["state"], ""),
    }
    return [by_field[column.field] for column in MEMBERS.columns]


# --------------------------------------------------------------------------
# what an export holds


def plan_members(*, user: Any, root: Unit, on: dt.date) -> MemberExport:
    """The units (in tree order, siblings by name) and member counts of ``root``'s subtree on ``on``.

    Members are those whose spell on ``on`` is active or suspended, in the
    units of the subtree as it stood that day: who belonged to it then, as
    the member list page (status "đoàn viên"), the counts and the reports
    see it. Raises ScopeError when ``root`` is outside ``user``'s scope.
    """
    require(user, root, "view")
    versions = list(subtree_versions(root, on).values_list("unit_id", "path", "name", "unit__code"))
    spells = spells_on(root, on, states=ALL_MEMBERS)
    counts = dict(
        spells.order_by().values_list("unit_id").annotate(n=Count("id")).values_list("unit_id", "n")
    )
    name_keys = {unit_id: sort_key_text(name) for unit_id, _path, name, _code in versions}

    def tree_order(version: tuple[int, str, str, str]) -> list[tuple[str, int]]:
        ids = [int(segment) for segment in version[1].split(".") if segment]
        return [(name_keys.get(unit_id, ""), unit_id) for unit_id in ids]

    units = [
        ExportUnit(unit_id, code, name, counts[unit_id])
        for unit_id, path, name, code in sorted(versions, key=tree_order)
        if counts.get(unit_id)
    ]
    version = unit_on(root, on)
    heading = [root.name if version is None else version.name]
    if version is not None and version.parent_id is not None:
        parent = UnitVersion.objects.on(on).filter(unit_id=version.parent_id).values_list("name", flat=True)
        heading[:0] = parent[:1]
    return MemberExport(
        root=root,
        on=on,
        units=units,
        total=sum(unit.members for unit in units),
        full_ids=user is None or path_allowed(user, root.path, "change"),
        heading=heading,
    )


# --------------------------------------------------------------------------
# writing


def as_of_line(on: dt.date) -> str:
    """The date line under the title: days below 10 and months 1, 2 take a leading zero, as in documents.

    ``date(2025, 1, 5)`` -> "Ngày 05 tháng 01 năm 2025"; ``date(2025, 3, 15)`` -> "Ngày 15 tháng 3 năm 2025".
    """
    day = f"{on.day:02d}"
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"Ngày {day} tháng {month} năm {on.year}"


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FIRST_TRUE_SERIAL = dt.date(1900, 3, 1)  # Excel's serials are off by one before its 1900 leap day

_WIDTHS = {
    "full_name": 26,
    "birth_date": 12,
    "gender": 8,
    "cccd": 15,
    "other_id": 14,
    "residence_street": 28,
    "employer": 28,
    "job_title": 22,
    "contract_type": 24,
    "unit": 16,
    "joined_on": 12,
    "card_number": 16,
    "union_office": 22,
    "status": 18,
    "email": 24,
}
_TEXT_KINDS = {"id", "phone"}
_NUMBER_FORMATS = {"money": "#,##0", "int": "0"}
TITLE_ROWS = 6  # rows above the header: upper unit, unit, blank, title, as-of line, blank


def _write_xlsx(target: str | IO[bytes], plan: MemberExport, progress: Progress | None) -> int:
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True})
    try:
        return _fill_workbook(workbook, plan, progress)
    finally:
        workbook.close()


def _fill_workbook(workbook: Any, plan: MemberExport, progress: Progress | None) -> int:
    sheet = workbook.add_worksheet(MEMBER_SHEET)
    bold = workbook.add_format({"bold": True})
    title = workbook.add_format({"bold": True, "font_size": 14, "align": "center"})
    centered = workbook.add_format({"italic": True, "align": "center"})
    header = workbook.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
            "border": 1,
            "bg_color": "#DDEBF7",
        }
    )
    date = workbook.add_format({"num_format": "dd/mm/yyyy", "align": "left"})
    text = workbook.add_format({"num_format": "@"})
    numbers = {kind: workbook.add_format({"num_format": f}) for kind, f in _NUMBER_FORMATS.items()}

    columns = MEMBERS.columns
    last = len(columns)  # column index of the last template column (STT is column 0)
    sheet.set_column(0, 0, 5)
    for index, column in enumerate(columns, start=1):
        cell_format = text if column.kind in _TEXT_KINDS else None
        sheet.set_column(index, index, _WIDTHS.get(column.field, 14), cell_format)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(TITLE_ROWS)

    for row, line in enumerate(plan.heading):
        sheet.write_string(row, 0, line.upper(), bold)
    sheet.merge_range(3, 0, 3, last, MEMBERS.title, title)
    sheet.merge_range(4, 0, 4, last, as_of_line(plan.on), centered)
    sheet.set_row(TITLE_ROWS, 45)
    for index, label in enumerate(HEADER):
        sheet.write_string(TITLE_ROWS, index, label, header)
    sheet.freeze_panes(TITLE_ROWS + 1, 2)

    # One writer per column, chosen once: the inner loop only calls them.
    writers: list[Callable[[int, int, Any], object]] = []
    for column in columns:
        if column.kind == "date":
            writers.append(_date_writer(sheet, date))
        elif column.kind in _NUMBER_FORMATS:
            writers.append(_with_format(sheet.write_number, numbers[column.kind]))
        elif column.kind in _TEXT_KINDS:
            writers.append(_with_format(sheet.write_string, text))
        else:
            writers.append(sheet.write_string)

    written = 0
    row = TITLE_ROWS
    for values in plan.rows():
        row += 1
        written += 1
        sheet.write_number(row, 0, written)
        for index, value in enumerate(values, start=1):
            if value is not None and value != "":
                writers[index - 1](row, index, value)
        if progress is not None and written % PROGRESS_EVERY == 0:
            progress(written, plan.total)
    if written:
        sheet.autofilter(TITLE_ROWS, 0, row, last)
    _write_unit_sheet(workbook, plan, header, bold)
    if progress is not None:
        progress(written, plan.total)
    return written


def _date_writer(sheet: Any, date_format: Any) -> Callable[[int, int, Any], object]:
    def write(row: int, col: int, value: Any) -> object:
        if isinstance(value, str):  # a birth year alone
            return sheet.write_string(row, col, value)
        if value < _FIRST_TRUE_SERIAL:
            return sheet.write_datetime(row, col, value, date_format)
        # The serial number of the day: what write_datetime computes, without its per-call cost.
        return sheet.write_number(row, col, (value - _EXCEL_EPOCH).days, date_format)

    return write


def _with_format(write: Callable[..., object], cell_format: Any) -> Callable[[int, int, Any], object]:
    return lambda row, col, value: write(row, col, value, cell_format)


def _write_unit_sheet(workbook: Any, plan: MemberExport, header: Any, bold: Any) -> None:
    """The second sheet: each unit's code, its name on the date and its member count."""
    sheet = workbook.add_worksheet(UNIT_SHEET)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 14)
    for index, label in enumerate(UNIT_SHEET_HEADER):
        sheet.write_string(0, index, label, header)
    row = 0
    for unit in plan.units:
        row += 1
        sheet.write_string(row, 0, unit.code)
        sheet.write_string(row, 1, unit.name)
        sheet.write_number(row, 2, unit.members)
    sheet.write_string(row + 1, 1, "Tổng cộng", bold)
    sheet.write_number(row + 1, 2, plan.total, bold)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return csv_safe(value)
    return str(value)


class _Lines:
    """A csv writer's target that hands back what was written since the last take()."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def _csv_chunks(plan: MemberExport, progress: Progress | None) -> Iterator[str]:
    lines = _Lines()
    writer = csv.writer(lines)
    writer.writerow(HEADER)
    # The byte order mark makes Excel open the file as UTF-8 (Vietnamese intact).
    yield "\ufeff" + lines.take()
    written = 0
    for values in plan.rows():
        written += 1
        writer.writerow([written, *(_csv_value(v) for v in values)])
        if written % PROGRESS_EVERY == 0:
            yield lines.take()
            if progress is not None:
                progress(written, plan.total)
    rest = lines.take()
    if rest:
        yield rest
    if progress is not None:
        progress(written, plan.total)


# --------------------------------------------------------------------------
# the building blocks, unaudited (tests, other exports)


def member_rows(root: Unit, on: dt.date, *, user: Any) -> Iterator[list[Any]]:
    """The members of ``root``'s subtree on ``on`` as template rows (values in column order, no STT)."""
    return plan_members(user=user, root=root, on=on).rows()


def write_members_xlsx(
    target: str | IO[bytes], root: Unit, on: dt.date, *, user: Any, progress: Progress | None = None
) -> int:
    """Write the member list as .xlsx (a path or a binary file); returns the rows written."""
    return _write_xlsx(target, plan_members(user=user, root=root, on=on), progress)


def iter_members_csv(
    root: Unit, on: dt.date, *, user: Any, progress: Progress | None = None
) -> Iterator[str]:
    """The member list as .csv text in chunks, the first starting with the byte order mark."""
    return _csv_chunks(plan_members(user=user, root=root, on=on), progress)


# --------------------------------------------------------------------------
# operations: what the CLI and the pages call


def export_filename(root: Unit, on: dt.date, fmt: str) -> str:
    """``doan-vien_LDLD-LC_2024-12-26.xlsx``."""
    return f"doan-vien_{root.code}_{on.isoformat()}.{fmt}"


def _record(actor: Any, plan: MemberExport, fmt: str) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="member.export",
            obj=plan.root,
            unit=plan.root,
            after={
                "date": plan.on,
                "format": fmt,
                "rows": plan.total,
                "ids": "full" if plan.full_ids else "masked",
            },
        )


def save_members(
    *,
    actor: Any,
    root: Unit,
    on: dt.date,
    fmt: str,
    target: IO[bytes],
    progress: Progress | None = None,
) -> int:
    """Export ``root``'s subtree on ``on`` as ``fmt`` (xlsx, csv) into the binary file ``target``.

    The export is audited before the rows are read. Returns the rows written.
    """
    if fmt not in FORMATS:
        raise ValueError(fmt)
    plan = plan_members(user=actor, root=root, on=on)
    _record(actor, plan, fmt)
    if fmt == "xlsx":
        return _write_xlsx(target, plan, progress)
    written = 0

    def track(done: int, total: int) -> None:
        nonlocal written
        written = done
        if progress is not None:
            progress(done, total)

    for chunk in _csv_chunks(plan, track):
        target.write(chunk.encode("utf-8"))
    return written


def stream_members_csv(*, actor: Any, root: Unit, on: dt.date) -> Iterator[str]:
    """The .csv export as chunks for a streaming response; audited now, before the first chunk."""
    plan = plan_members(user=actor, root=root, on=on)
    _record(actor, plan, "csv")
    return _csv_chunks(plan, None)
