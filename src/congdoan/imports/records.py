"""Importing the records of union work from spreadsheets: one engine, a declaration per record type.

Members have their own importer (``members.py``: matching people, spells).
Every other record type (support grants, activities, plans, emulation …)
declares a :class:`RecordKind` in its app's ``imports.py`` and registers it
from ``AppConfig.ready()``::

    from congdoan.imports.records import RecordKind, RowContext, WriteContext, register

    def check_row(ctx: RowContext, values: dict[str, Any]) -> Prepared:
        unit = ctx.resolve_unit(values.get("unit"))
        if values["amount"] <= 0:
            ctx.problem("amount", "amount_not_positive", _("Số tiền phải lớn hơn 0."))
        ...
        return Prepared(...)  # anything: the row is rejected if it had problems

    def write_rows(ctx: WriteContext, prepared: list[Prepared]) -> tuple[int, int, int]:
        ...  # through the app's services, in bulk; one audit entry is enough
        return created, updated, unchanged

    register(RecordKind(name="grants", label=_("Lượt hỗ trợ"), spec=GRANTS, check=check_row, write=write_rows))

:func:`import_records` then does for that type what ``import_members`` does
for members:

- the file is read by ``sheets.open_tables`` with the kind's ``TableSpec``
  (any sheet, header anywhere in the first 15 rows, legacy encodings); a
  file that cannot be used raises ``sheets.UnusableFile`` (``no_table``,
  ``not_spreadsheet``, …; ``missing_columns`` when a column marked
  ``required`` is absent; :class:`NoUnit` when rows need a unit and neither
  ``unit`` nor a unit column says it);
- every mapped cell is parsed by ``engine.CellReader`` (the column's
  ``kind``); a cell that cannot be read, or an empty cell of a required
  column (``required``), rejects the row, and ``check`` is **not** called
  for it. ``check`` therefore receives only rows whose cells all parsed,
  with every required field present (optional fields: absent or None);
- ``check`` validates the row without writing, calling
  ``ctx.problem(field, code, message)`` for each problem: the error carries
  the sheet, the row as numbered in the spreadsheet, the column letter of
  ``field`` and the cell's value, exactly like the member import's;
- nothing is written until every row is checked. By default the import is
  all or nothing: ``write`` is called once, in one transaction with the
  audit entry, only if no row has an error. With ``on_reject`` (the
  ``--skip-invalid`` path) the valid rows are written and each rejected one
  is handed to ``on_reject(row, errors)`` (``rejects.RejectsWriter.add``);
- a dry run (the browser's preview) checks every row outside any
  transaction, then calls ``write`` with the valid rows inside a
  transaction that is always rolled back, so that the counts it reports
  are the ones the real import will give; nothing stays written;
- the import writes one audit entry ``<kind name>.import`` (file name,
  SHA-256 of its rows, the import's reference, the counts) besides what
  ``write``'s services record. A ``DomainError`` raised by ``write`` undoes
  everything and is raised as :class:`ImportRefused` (an ``UnusableFile``
  with code ``refused``).

:func:`write_table` writes rows in the template the importer reads back
(title block, "STT", the spec's labels), for the apps' exports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, BinaryIO

import xlsxwriter
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed
from congdoan.common.errors import DomainError
from congdoan.imports import values
from congdoan.imports.engine import (
    LEGACY_SAMPLE,
    CellReader,
    ImportResult,
    Progress,
    Reject,
    RollBack,
    RowError,
    lookup_unit,
    reject,
    shown,
    where,
)
from congdoan.imports.mapping import Column, TableSpec
from congdoan.imports.sheets import SheetRow, UnusableFile, open_tables
from congdoan.org.models import Unit

#: Rows between two calls of ``progress``.
PROGRESS_EVERY = 500

Check = Callable[["RowContext", dict[str, Any]], Any]
Write = Callable[["WriteContext", list[Any]], tuple[int, int, int]]


@dataclass(frozen=True)
class RecordKind:
    """A record type the import engine reads from spreadsheets.

    ``name``: the CLI word (``congdoan import NAME FILE``), the URL slug of the
    browser's import, the prefix of the audit entry (``NAME.import``); lower
    case, no space. ``label``: what the file holds, for people ("Lượt hỗ trợ").
    ``spec``: the table (``mapping.TableSpec``; its ``anchor`` column makes a
    row the header; columns with ``required=True`` must be in the file and
    filled on every row). ``check``/``write``: see the module's docstring.
    ``action``: what the actor needs on a row's unit (``change``, ``approve``,
    ``pay``). ``needs_unit``: every row belongs to a unit, given by the unit
    chosen for the import or by the ``unit_field`` column; without either
    the file is refused (:class:`NoUnit`). ``unit_levels``: the levels
    ``ctx.resolve_unit`` accepts (empty: any). ``description``: a sentence
    for the upload page (what one row is). ``sample_fields``: the fields
    the preview shows (empty: every column of the spec).
    """

    name: str
    label: Any
    spec: TableSpec
    check: Check
    write: Write
    action: str = "change"
    needs_unit: bool = True
    unit_field: str = "unit"
    unit_levels: tuple[str, ...] = ()
    description: Any = ""
    sample_fields: tuple[str, ...] = ()

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column.field for column in self.spec.columns if column.required)


_KINDS: dict[str, RecordKind] = {}
#: Names that are not record kinds: the CLI's and the browser's other import words.
RESERVED = frozenset({"members"})


def register(kind: RecordKind) -> RecordKind:
    """Make ``kind`` importable (CLI, browser). Registering the same declaration again is harmless."""
    if kind.name in RESERVED or not kind.name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"invalid record kind name: {kind.name!r}")
    known = _KINDS.get(kind.name)
    if known is not None and known is not kind and known != kind:
        raise ValueError(f"record kind {kind.name!r} is registered already")
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Forget a kind (tests)."""
    _KINDS.pop(name, None)


def kinds() -> list[RecordKind]:
    """The registered kinds, by name."""
    return [_KINDS[name] for name in sorted(_KINDS)]


def get_kind(name: str) -> RecordKind:
    """The registered kind called ``name``; KeyError if there is none."""
    return _KINDS[name]


class NoUnit(UnusableFile):
    """The rows need a unit and nothing says which (or the chosen unit is outside the actor's scope)."""


class ImportRefused(UnusableFile):
    """``write`` refused the rows (a ``DomainError``): nothing was written."""


# --------------------------------------------------------------------------
# checking rows


@dataclass
class _Shared:
    """What every row's context shares during one import."""

    kind: RecordKind
    actor: Any
    unit: Unit | None
    today: dt.date
    within: Unit | None = None
    memo: dict[Any, Any] = field(default_factory=dict)
    units: dict[str, Unit | str] = field(default_factory=dict)


class RowContext:
    """What ``check`` knows about the row it checks, and how it reports problems.

    ``actor``: who imports. ``unit``: the unit chosen for the import, or None.
    ``today``: the import's day. ``memo``: a dict kept across the rows of the
    file (duplicates within the file; also see :meth:`unique`). ``row``: the
    ``sheets.SheetRow`` (``row.sheet``, ``row.number``, ``row.values`` raw).
    """

    __slots__ = ("_shared", "_reader", "row", "errors")

    def __init__(self, shared: _Shared, row: SheetRow, reader: CellReader) -> None:
        self._shared = shared
        self._reader = reader
        self.row = row
        self.errors: list[RowError] = []

    @property
    def actor(self) -> Any:
        return self._shared.actor

    @property
    def unit(self) -> Unit | None:
        return self._shared.unit

    @property
    def today(self) -> dt.date:
        return self._shared.today

    @property
    def memo(self) -> dict[Any, Any]:
        return self._shared.memo

    @property
    def kind(self) -> RecordKind:
        return self._shared.kind

    @property
    def where(self) -> str:
        """This row as a message names it: "dòng 12 (trang Tổ 1)"."""
        return where(self.row.sheet, self.row.number)

    @property
    def has_problems(self) -> bool:
        return bool(self.errors)

    def has_column(self, field_name: str) -> bool:
        """Whether the file has a column for ``field_name``."""
        return field_name in self._reader.letters

    def problem(self, field_name: str, code: str, message: str, *, value: Any = None) -> None:
        """Reject the row: ``field_name``'s column ("" for the row as a whole), a stable code, a Vietnamese message.

        The error quotes the cell as written in the file (or ``value`` when given).
        """
        if value is None:
            value = self.row.values.get(field_name, "") if field_name else ""
        self.errors.append(self._reader.error(self.row, field_name, value, code, message))

    def unique(self, key: Any, field_name: str, message: str) -> bool:
        """True the first time ``key`` is seen in the file; after that a ``duplicate_in_file`` problem.

        ``message`` says what is repeated ("Người này đã có một dòng hỗ trợ
        cùng ngày"); the engine adds which row it repeats.
        """
        seen: dict[Any, tuple[str, int]] = self.memo.setdefault(("__unique__", field_name), {})
        if key in seen:
            self.problem(
                field_name,
                "duplicate_in_file",
                _("%(message)s: trùng với %(where)s của tệp.")
                % {"message": message, "where": where(*seen[key])},
            )
            return False
        seen[key] = (self.row.sheet, self.row.number)
        return True

    def resolve_unit(
        self, value: Any = None, *, field_name: str | None = None, levels: Iterable[str] | None = None
    ) -> Unit | None:
        """The unit a cell names (code or exact name) where the actor may do the kind's ``action``.

        ``value`` None or empty: the unit chosen for the import. Otherwise the
        unit must lie under the chosen unit, when there is one. ``levels``
        (default: the kind's ``unit_levels``) limits the unit's level. On any
        failure a ``unit_unknown`` problem on ``field_name`` (default: the
        kind's ``unit_field``) and None.
        """
        kind = self._shared.kind
        field_name = field_name or kind.unit_field
        allowed = tuple(levels) if levels is not None else kind.unit_levels
        chosen = self._shared.unit
        text = values.fix_text(value) if not values.is_empty(value) else ""
        if not text:
            if chosen is None:
                self.problem(
                    field_name,
                    "unit_unknown",
                    _("Thiếu đơn vị: ghi mã đơn vị, hoặc chọn đơn vị nhận danh sách."),
                )
                return None
            if allowed and chosen.level not in allowed:
                self.problem(
                    field_name,
                    "unit_unknown",
                    _("Thiếu mã đơn vị: ghi đơn vị của dòng này («%(root)s» là đơn vị cấp trên).")
                    % {"root": chosen.name},
                )
                return None
            return chosen
        found = self._shared.units.get(text)
        if found is None:
            found = lookup_unit(text, self._shared.actor, kind.action)
            self._shared.units[text] = found
        if isinstance(found, str):
            self.problem(field_name, "unit_unknown", found)
            return None
        root = chosen or self._shared.within
        if root is not None and not found.path.startswith(root.path):
            self.problem(
                field_name,
                "unit_unknown",
                _("Đơn vị «%(unit)s» không thuộc %(root)s, đơn vị đã chọn để nhập.")
                % {"unit": found.name, "root": root.name},
            )
            return None
        if allowed and found.level not in allowed:
            self.problem(
                field_name,
                "unit_unknown",
                _("«%(name)s» là %(level)s: dòng này cần %(levels)s.")
                % {
                    "name": found.name,
                    "level": found.get_level_display().lower(),
                    "levels": _levels_text(allowed),
                },
            )
            return None
        return found


def _levels_text(levels: Iterable[str]) -> str:
    labels = dict(Unit._meta.get_field("level").flatchoices)
    return ", ".join(str(labels.get(level, level)).lower() for level in levels)


@dataclass(frozen=True)
class WriteContext:
    """What ``write`` knows: who imports, the chosen unit, the import's reference and file, its day."""

    actor: Any
    unit: Unit | None
    import_ref: str
    filename: str
    today: dt.date
    kind: RecordKind

    @property
    def reason(self) -> str:
        """A reason for the services' audit entries: "Nhập từ tệp ds.xlsx (lần nhập 3f2a…)"."""
        return _("Nhập từ tệp %(f)s (lần nhập %(ref)s)") % {"f": self.filename, "ref": self.import_ref}


# --------------------------------------------------------------------------
# the import


def _required_problems(
    reader: CellReader, spec: TableSpec, row: SheetRow, parsed: dict[str, Any], errors: list[RowError]
) -> list[RowError]:
    """``required`` problems for the empty cells of required columns (not for cells already in error)."""
    failed = {error.field for error in errors}
    problems = []
    for column in spec.columns:
        if (
            column.required
            and parsed.get(column.field) is None
            and column.field in reader.letters
            and column.field not in failed
        ):
            problems.append(
                reader.error(
                    row,
                    column.field,
                    "",
                    "required",
                    _("Thiếu «%(label)s»: ô này phải có giá trị.") % {"label": column.label},
                )
            )
    return problems


def import_records(
    kind_or_name: RecordKind | str,
    source: str | os.PathLike[str] | bytes | BinaryIO,
    *,
    actor: Any,
    unit: Unit | None = None,
    within: Unit | None = None,
    dry_run: bool = False,
    on_reject: Reject | None = None,
    progress: Progress | None = None,
    filename: str | None = None,
    skip_invalid: bool | None = None,
) -> ImportResult:
    """Import a file of ``kind`` records; see the module's docstring.

    ``source``: a path, the file's bytes or a binary file (then give
    ``filename``, the name the user knows the file by). ``skip_invalid``
    (default: whether ``on_reject`` is given) writes the valid rows despite
    rejected ones. ``within``: without ``unit``, the units the rows name must
    lie under this one (an upload started from a unit's page). Raises
    ``UnusableFile`` (or its subclasses :class:`NoUnit`, :class:`ImportRefused`)
    for input that cannot be imported at all.
    """
    kind = kind_or_name if isinstance(kind_or_name, RecordKind) else get_kind(kind_or_name)
    spec = kind.spec
    skip = on_reject is not None if skip_invalid is None else skip_invalid
    if filename is None:
        filename = Path(os.fspath(source)).name if isinstance(source, str | os.PathLike) else "tep.xlsx"
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    if unit is not None and actor is not None and not path_allowed(actor, unit.path, kind.action):
        raise NoUnit("scope", _("Bạn không có quyền nhập vào đơn vị này."))
    result = ImportResult(filename=filename, dry_run=dry_run)
    digest = hashlib.sha256()
    with open_tables(source, filename=filename, spec=spec) as workbook:
        result.skipped_sheets = [(s.name, s.reason) for s in workbook.skipped]
        if kind.needs_unit and unit is None and not all(table.column(kind.unit_field) for table in workbook):
            label = (
                spec.column(kind.unit_field).label if _has_field(spec, kind.unit_field) else _("Mã đơn vị")
            )
            raise NoUnit(
                "no_unit",
                _(
                    "Tệp không có cột «%(col)s»: hãy chọn đơn vị nhận danh sách (trên dòng lệnh: --unit MÃ_ĐƠN_VỊ)."
                )
                % {"col": label},
            )
        for table in workbook:
            missing = [
                spec.column(name).label for name in kind.required_columns if table.column(name) is None
            ]
            if missing:
                raise UnusableFile(
                    "missing_columns",
                    _("Trang «%(sheet)s» thiếu cột %(cols)s: thêm cột rồi nhập lại.")
                    % {"sheet": table.sheet, "cols": ", ".join(f"«{label}»" for label in missing)},
                )
        total = sum(t.last_row or 0 for t in workbook) or None
        shared = _Shared(kind=kind, actor=actor, unit=unit, today=timezone.localdate(), within=within)
        wctx = WriteContext(
            actor=actor,
            unit=unit,
            import_ref=uuid.uuid4().hex[:12],
            filename=filename,
            today=shared.today,
            kind=kind,
        )
        # The real import checks inside its transaction (what it checked is what it writes);
        # a dry run checks outside any, so it holds no SQLite write lock while it reads.
        try:
            with nullcontext() if dry_run else transaction.atomic():
                prepared = _check_all(workbook, kind, shared, result, digest, on_reject, progress, total)
                if dry_run:
                    if prepared:
                        _rehearse(kind, wctx, prepared, result)
                    raise RollBack()
                if result.error_count and not skip:
                    raise RollBack()
                _write(kind, wctx, prepared, result)
                entry = audit.record(
                    actor=actor,
                    action=f"{kind.name}.import",
                    obj=unit,
                    unit=unit,
                    after={
                        "kind": kind.name,
                        "file": filename,
                        "sha256": digest.hexdigest(),
                        "import": wctx.import_ref,
                        **{
                            key: getattr(result, key)
                            for key in ("rows_read", "created", "updated", "unchanged", "rejected")
                        },
                    },
                    reason=_("Nhập «%(what)s» từ tệp %(f)s") % {"what": kind.label, "f": filename},
                )
                result.audit_id = entry.pk
                result.written = True
        except RollBack:
            pass
    return result


def _has_field(spec: TableSpec, name: str) -> bool:
    return any(column.field == name for column in spec.columns)


def _check_all(
    workbook: Any,
    kind: RecordKind,
    shared: _Shared,
    result: ImportResult,
    digest: Any,
    on_reject: Reject | None,
    progress: Progress | None,
    total: int | None,
) -> list[Any]:
    """Every row checked: the prepared objects of the valid ones; the others rejected."""
    prepared: list[Any] = []
    for table in workbook:
        reader = CellReader(table, kind.spec)
        rows = table.rows()
        # A sheet typed in TCVN3 or VNI: cells that could be either are read that way.
        sample = list(islice(rows, LEGACY_SAMPLE))
        legacy = values.guess_legacy_encoding(v for row in sample for v in row.values.values())
        with values.assume_legacy(legacy):
            for row in chain(sample, rows):
                result.rows_read += 1
                digest.update(repr(row.raw_cells).encode())
                parsed, errors = reader.read(row)
                errors += _required_problems(reader, kind.spec, row, parsed, errors)
                if not errors:
                    ctx = RowContext(shared, row, reader)
                    item = kind.check(ctx, parsed)
                    errors = ctx.errors
                if errors:
                    reject(result, row, errors, on_reject)
                else:
                    prepared.append(item)
                if progress is not None and result.rows_read % PROGRESS_EVERY == 0:
                    progress(result.rows_read, total)
    if progress is not None:
        progress(result.rows_read, total)
    return prepared


def _write(kind: RecordKind, wctx: WriteContext, prepared: list[Any], result: ImportResult) -> None:
    try:
        created, updated, unchanged = kind.write(wctx, prepared) if prepared else (0, 0, 0)
    except DomainError as refused:
        raise ImportRefused("refused", str(refused)) from refused
    result.created, result.updated, result.unchanged = created, updated, unchanged


def _rehearse(kind: RecordKind, wctx: WriteContext, prepared: list[Any], result: ImportResult) -> None:
    """Write in a transaction that is rolled back: the counts of the real import, nothing kept."""
    try:
        with transaction.atomic():
            _write(kind, wctx, prepared, result)
            raise RollBack()
    except RollBack:
        pass


# --------------------------------------------------------------------------
# writing the template


_TEXT_KINDS = {"id", "phone"}
_NUMBER_FORMATS = {"money": "#,##0", "int": "0"}
_WIDTHS = {"name": 26, "text": 24, "date": 12, "day": 12, "money": 16, "unit": 16, "choice": 20, "bool": 8}


def _cell_value(column: Column, value: Any, labels: dict[str, dict[str, str]]) -> Any:
    """A value as a person would type it in the column (a choice by its label, yes/no in words)."""
    if value is None or value == "":
        return None
    if isinstance(value, values.ParsedDate):
        return value.date if value.date is not None else str(value.year)
    if column.kind == "choice" and column.field in labels:
        return labels[column.field].get(str(value), value)
    if column.kind == "bool" and isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def write_table(
    spec: TableSpec,
    rows: Iterable[dict[str, Any]],
    out: str | os.PathLike[str] | IO[bytes],
    *,
    title_lines: Iterable[str] = (),
    sheet_name: str = "",
) -> int:
    """Write ``rows`` (field -> value dicts) as an .xlsx in ``spec``'s template; the number of rows.

    The layout is the member export's: ``title_lines`` (the upper unit, the
    unit …; at most 8) in bold at the top left, the spec's title centred,
    then "STT" and the column labels, then one row per dict. Dates are Excel
    dates (dd/mm/yyyy), ``money``/``int`` numbers, ``id``/``phone`` text (their
    zeros kept), a choice by its (Vietnamese) label, a bool "Có"/"Không";
    a field absent from a dict is an empty cell. :func:`import_records`
    reads the file back as it was written.
    """
    heading = [str(line) for line in title_lines]
    if len(heading) > 8:
        raise ValueError("at most 8 title lines (the importer looks for the header in the first 15 rows)")
    target = os.fspath(out) if isinstance(out, str | os.PathLike) else out
    with translation.override("vi"):
        labels = {
            column.field: {code: str(label) for code, label in reversed(column.choices)}
            for column in spec.columns
            if column.choices
        }
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False})
    try:
        sheet = workbook.add_worksheet((sheet_name or spec.title.capitalize())[:31])
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14, "align": "center"})
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
        columns = spec.columns
        last = len(columns)
        sheet.set_column(0, 0, 5)
        for index, column in enumerate(columns, start=1):
            sheet.set_column(
                index, index, _WIDTHS.get(column.kind, 14), text if column.kind in _TEXT_KINDS else None
            )
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        for row_index, line in enumerate(heading):
            sheet.write_string(row_index, 0, line.upper(), bold)
        title_row = len(heading) + 1 if heading else 0
        if last:
            sheet.merge_range(title_row, 0, title_row, last, spec.title, title)
        else:
            sheet.write_string(title_row, 0, spec.title, title)
        header_row = title_row + 2
        sheet.set_row(header_row, 45)
        sheet.write_string(header_row, 0, "STT", header)
        for index, column in enumerate(columns, start=1):
            sheet.write_string(header_row, index, column.label, header)
        sheet.freeze_panes(header_row + 1, 2)
        sheet.repeat_rows(header_row)
        written = 0
        r = header_row
        for data in rows:
            r += 1
            written += 1
            sheet.write_number(r, 0, written)
            for index, column in enumerate(columns, start=1):
                value = _cell_value(column, data.get(column.field), labels)
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, index, dt.datetime.combine(value, dt.time()), date)
                elif column.kind in _TEXT_KINDS:
                    sheet.write_string(r, index, shown(value), text)
                elif isinstance(value, bool):
                    sheet.write_string(r, index, "Có" if value else "Không")
                elif isinstance(value, int | float) and column.kind in _NUMBER_FORMATS:
                    sheet.write_number(r, index, value, numbers[column.kind])
                elif isinstance(value, int | float):
                    sheet.write_number(r, index, value)
                else:
                    sheet.write_string(r, index, str(value))
        if written:
            sheet.autofilter(header_row, 0, r, last)
    finally:
        workbook.close()
    return written
