"""Importing member lists: every row checked, then one transaction or nothing.

``import_members`` streams the rows of a workbook (``sheets.py``), parses
the cells (``values.py``), checks each person with the registry's own rules
(``members.services.person_problems``, admission age, the unit on the date)
and against the registry and the rest of the file, then writes in one
transaction:

- a row whose person is not registered creates the person, an admission
  (or, when the person joined the union before the unit existed, an arrival
  in the unit on its first day) and the spell of membership;
- a row matching a member of the same unit (by CCCD, then by name and birth
  date in the unit) updates the columns the file has, or is unchanged; so
  importing a file twice creates nobody twice;
- a row matching a current member of another unit, or a former member, is
  an error that says what to do instead.

By default any error leaves the database exactly as it was (nothing is
written until every row has been read; the writing happens in one
transaction that is rolled back on any failure). ``skip_invalid`` writes the
valid rows and hands the rejected ones to ``on_reject``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from contextlib import nullcontext
from itertools import chain, islice
from typing import Any, BinaryIO

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed
from congdoan.common.formats import vn_date
from congdoan.common.text import fold
from congdoan.imports import bulk, values
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
    where,
)
from congdoan.imports.mapping import MEMBERS
from congdoan.imports.sheets import SheetRow, UnusableFile, open_tables
from congdoan.members import services
from congdoan.members.models import (
    MEMBER_STATUSES,
    EventKind,
    MemberEvent,
    MemberStatus,
    Person,
    Spell,
)
from congdoan.members.services import PERSON_FIELDS, person_problems
from congdoan.members.timeline import Timeline
from congdoan.org.models import Unit, UnitVersion

CHUNK = 1000
#: Columns without which no row can be imported: the file is refused as a whole.
REQUIRED_COLUMNS = ("full_name", "birth_date", "joined_on")
#: Person fields a file's columns fill as they are (the others come from several
#: columns: gender, birth date and year, citizenship, hometown and residence).
DIRECT_FIELDS = tuple(
    name
    for name in PERSON_FIELDS
    if name in {column.field for column in MEMBERS.columns}
    and name not in ("gender", "birth_date", "nationality")
)


class NoUnit(UnusableFile):
    """Neither a unit chosen nor a unit column: nothing says where the members go."""


@dataclasses.dataclass(slots=True)
class _Row:
    row: SheetRow
    unit: Unit
    data: dict[str, Any]  # person fields, checked and normalised
    present: frozenset[str]  # person fields whose columns the file has
    joined_on: dt.date
    status: str
    card_number: str | None
    derived: dict[str, str]  # name_fold, name_sort, identity_key
    existing: Person | None = None


# --------------------------------------------------------------------------
# units named in the file


def _may_change(actor: Any, unit: Unit) -> bool:
    """The scope check of the member services (``actor`` None is the system itself)."""
    return actor is None or path_allowed(actor, unit.path, "change")


class _Units:
    """Units named in a column (code or exact name), or the chosen unit; within the user's scope."""

    def __init__(self, actor: Any, default: Unit | None, within: Unit | None = None) -> None:
        self.actor = actor
        self.default = default
        #: The units named in the file must lie under this one (the chosen unit, or the unit
        #: whose page the upload started from).
        self.within = default or within
        self._by_ref: dict[str, Unit | str] = {}
        self._versions: dict[int, list[UnitVersion]] = {}

    def resolve(self, text: str) -> Unit | str:
        """The unit, or a Vietnamese message why not."""
        if not text:
            if self.default is None:
                return _("Thiếu đơn vị: ghi mã công đoàn cơ sở, hoặc chọn đơn vị nhận danh sách.")
            if self.default.level not in services.MEMBER_LEVELS:
                return _("Thiếu mã công đoàn cơ sở: «%(root)s» không trực tiếp có đoàn viên.") % {
                    "root": self.default.name
                }
            return self.default
        if text not in self._by_ref:
            self._by_ref[text] = self._lookup(text)
        return self._by_ref[text]

    def _lookup(self, text: str) -> Unit | str:
        unit = lookup_unit(text, self.actor, "change")
        if isinstance(unit, str):
            return unit
        if self.within is not None and not unit.path.startswith(self.within.path):
            return _("Đơn vị «%(unit)s» không thuộc %(root)s, đơn vị đã chọn để nhập.") % {
                "unit": unit.name,
                "root": self.within.name,
            }
        if unit.level not in services.MEMBER_LEVELS:
            return _(
                "«%(name)s» không phải công đoàn cơ sở: đoàn viên được nhập vào công đoàn cơ sở "
                "(hoặc công đoàn bộ phận, tổ công đoàn)."
            ) % {"name": unit.name}
        return unit

    def versions(self, unit: Unit) -> list[UnitVersion]:
        if unit.pk not in self._versions:
            self._versions[unit.pk] = list(UnitVersion.objects.filter(unit=unit).order_by("valid_from"))
        return self._versions[unit.pk]

    def first_active_day(self, unit: Unit, on_or_after: dt.date, until: dt.date) -> dt.date | None:
        """The first day from ``on_or_after`` to ``until`` when ``unit`` could hold members."""
        for version in self.versions(unit):
            start = max(version.valid_from, on_or_after)
            if version.status == "active" and start < version.valid_to and start <= until:
                return start
        return None


# --------------------------------------------------------------------------
# one row


def _person_data(
    parsed: dict[str, Any], row: SheetRow, reader: CellReader, errors: list[RowError]
) -> dict[str, Any]:
    """The person fields of a parsed row (codes and names resolved)."""
    data: dict[str, Any] = {key: parsed[key] for key in DIRECT_FIELDS if key in parsed}
    gender = parsed.get("gender")
    by_column = row.gender_from_column
    if row.gender_conflict:
        errors.append(
            reader.error(
                row,
                "birth_date",
                row.values.get("birth_date"),
                "gender_conflict",
                _("Ngày sinh ghi ở cả cột Nam và cột Nữ: chỉ ghi ở một cột."),
            )
        )
    if gender and by_column and gender != by_column:
        errors.append(
            reader.error(
                row,
                "gender",
                row.values.get("gender"),
                "gender_conflict",
                _("Giới tính ghi khác với cột (Nam/Nữ) có ngày sinh: sửa một trong hai."),
            )
        )
    data["gender"] = gender or by_column
    born = parsed.get("birth_date")
    if born is not None:
        data["birth_date"] = born.date
        data["birth_year"] = born.year
    if "nationality" in row.values:
        data["citizenship"], data["nationality"] = values.parse_citizenship(row.values.get("nationality"))
    for prefix in ("hometown", "residence"):
        province_key, ward_key = f"{prefix}_province", f"{prefix}_ward"
        if province_key in row.values or ward_key in row.values:
            try:
                province, ward = values.parse_place(row.values.get(province_key), row.values.get(ward_key))
            except values.CellProblem as problem:
                where = province_key if province_key in row.values else ward_key
                errors.append(reader.error(row, where, row.values.get(where), problem.code, problem.message))
                continue
            data[f"{prefix}_province_code"] = province
            data[f"{prefix}_ward_code"] = ward
    if not data.get("gender") and data.get("cccd") and len(data["cccd"]) == 12:
        # The CCCD's fourth digit says the gender (and century) when no column does.
        digit = int(data["cccd"][3])
        data["gender"] = "male" if digit % 2 == 0 else "female"
    return data


_FIELD_OF_PROBLEM = {
    "birth_year": "birth_date",
    "hometown_province_code": "hometown_province",
    "hometown_ward_code": "hometown_ward",
    "residence_province_code": "residence_province",
    "residence_ward_code": "residence_ward",
    "citizenship": "nationality",
}


def _failed(errors: list[RowError], reader: CellReader, field_name: str) -> bool:
    letter = reader.letters.get(field_name)
    return letter is not None and any(e.column == letter for e in errors)


def _check_row(
    row: SheetRow, reader: CellReader, units: _Units, today: dt.date
) -> tuple[_Row | None, list[RowError]]:
    parsed, errors = reader.read(row)
    data = _person_data(parsed, row, reader, errors)
    present = frozenset(data)
    if parsed.get("full_name") is None and not _failed(errors, reader, "full_name"):
        errors.append(
            reader.error(row, "full_name", "", "required", _("Thiếu họ và tên: ghi họ và tên đoàn viên."))
        )
    if "birth_date" not in data and not _failed(errors, reader, "birth_date"):
        errors.append(
            reader.error(
                row,
                "birth_date",
                "",
                "required",
                _("Thiếu ngày sinh: ghi ngày sinh (hoặc ít nhất năm sinh)."),
            )
        )
    if not data.get("gender") and "full_name" in data and not _failed(errors, reader, "gender"):
        errors.append(
            reader.error(
                row,
                "gender" if "gender" in reader.letters else "birth_date",
                row.values.get("gender", ""),
                "gender_missing",
                _("Thiếu giới tính: ghi Nam hoặc Nữ (hoặc ghi ngày sinh vào cột Nam hay cột Nữ)."),
            )
        )
    joined = parsed.get("joined_on")
    if joined is None and not _failed(errors, reader, "joined_on"):
        errors.append(
            reader.error(row, "joined_on", "", "required", _("Thiếu ngày vào Công đoàn: ghi ngày kết nạp."))
        )
    unit_or_problem = units.resolve(parsed.get("unit") or "")
    if isinstance(unit_or_problem, str):
        errors.append(reader.error(row, "unit", row.values.get("unit", ""), "unit_unknown", unit_or_problem))
    if errors:
        return None, errors
    full = {key: data.get(key) for key in PERSON_FIELDS}
    for field_name, message in person_problems(full, on=today):
        where = _FIELD_OF_PROBLEM.get(field_name, field_name)
        errors.append(reader.error(row, where, row.values.get(where, ""), f"invalid_{field_name}", message))
    assert joined is not None  # a missing date is an error above
    joined_on = joined.date or dt.date(joined.year, 1, 1)
    if joined_on > today:
        errors.append(
            reader.error(
                row,
                "joined_on",
                row.values.get("joined_on"),
                "date_future",
                _("Ngày vào Công đoàn chưa đến."),
            )
        )
    if errors:
        return None, errors
    assert isinstance(unit_or_problem, Unit)
    data = {key: full[key] for key in PERSON_FIELDS}
    card = parsed.get("card_number")
    return (
        _Row(
            row=row,
            unit=unit_or_problem,
            data=data,
            present=frozenset(key for key in PERSON_FIELDS if key in present or key == "birth_year"),
            joined_on=joined_on,
            status=parsed.get("status") or MemberStatus.ACTIVE,
            card_number=card,
            derived=services._derived(data),
        ),
        [],
    )


# --------------------------------------------------------------------------
# against the registry and the rest of the file


class _Seen:
    """What earlier rows of the file used: CCCDs, card numbers, name + birth date in a unit."""

    def __init__(self) -> None:
        self.cccd: dict[str, tuple[str, int]] = {}
        self.card: dict[str, tuple[str, int]] = {}
        self.person: dict[int, tuple[str, int]] = {}

    @staticmethod
    def _where(place: tuple[str, int]) -> str:
        return where(*place)

    def check(self, item: _Row, reader: CellReader) -> list[RowError]:
        errors = []
        here = (item.row.sheet, item.row.number)
        cccd = item.data.get("cccd")
        if cccd:
            if cccd in self.cccd:
                errors.append(
                    reader.error(
                        item.row,
                        "cccd",
                        cccd,
                        "duplicate_in_file",
                        _("Số CCCD %(n)s trùng với %(where)s của tệp: mỗi người chỉ ghi một dòng.")
                        % {"n": cccd, "where": self._where(self.cccd[cccd])},
                    )
                )
            else:
                self.cccd[cccd] = here
        key = hash(
            (item.unit.pk, fold(item.data["full_name"]), item.data["birth_date"], item.data["birth_year"])
        )
        if not cccd:
            if key in self.person:
                errors.append(
                    reader.error(
                        item.row,
                        "full_name",
                        item.data["full_name"],
                        "duplicate_in_file",
                        _(
                            "Trùng họ tên và ngày sinh với %(where)s của tệp trong cùng đơn vị: mỗi người chỉ ghi một dòng."
                        )
                        % {"where": self._where(self.person[key])},
                    )
                )
            else:
                self.person[key] = here
        if item.card_number:
            if item.card_number in self.card:
                errors.append(
                    reader.error(
                        item.row,
                        "card_number",
                        item.card_number,
                        "duplicate_in_file",
                        _("Số thẻ %(n)s trùng với %(where)s của tệp.")
                        % {"n": item.card_number, "where": self._where(self.card[item.card_number])},
                    )
                )
            else:
                self.card[item.card_number] = here
        return errors


def _match(items: list[_Row], reader: CellReader, registered_up_to: int) -> dict[int, list[RowError]]:
    """Find each row's registered person; errors by position in ``items``.

    Only people registered before the import began (ids up to
    ``registered_up_to``) are looked at: the import's own new people are
    the file's other rows, checked by ``_Seen``.
    """
    errors: dict[int, list[RowError]] = {}
    cccds = [i.data["cccd"] for i in items if i.data.get("cccd")]
    before = Person.objects.filter(pk__lte=registered_up_to)
    by_cccd = {p.cccd: p for p in before.filter(cccd__in=cccds).select_related("unit")} if cccds else {}
    names = {i.derived["name_fold"] for i in items}
    years = {i.data["birth_year"] for i in items}
    unit_ids = {i.unit.pk for i in items}
    in_units: dict[tuple[int, str, Any], Person] = {}
    candidates = before.filter(unit_id__in=unit_ids, name_fold__in=names, birth_year__in=years)
    for p in candidates.select_related("unit"):
        in_units.setdefault((p.unit_id, p.name_fold, p.birth_date or p.birth_year), p)
    keys = [i.derived["identity_key"] for i in items]
    by_key = {
        p.identity_key: p
        for p in before.filter(identity_key__in=keys, cccd__isnull=True).select_related("unit")
    }
    cards = [i.card_number for i in items if i.card_number]
    # Card numbers are checked against everyone, this import's new people included.
    by_card = {p.card_number: p for p in Person.objects.filter(card_number__in=cards)} if cards else {}
    for index, (item, key) in enumerate(zip(items, keys, strict=True)):
        data = item.data
        found = by_cccd.get(data["cccd"]) if data.get("cccd") else None
        if found is None:
            found = in_units.get(
                (item.unit.pk, " " + fold(data["full_name"]), data["birth_date"] or data["birth_year"])
            )
            if found is not None and found.cccd and data.get("cccd") and found.cccd != data["cccd"]:
                found = None  # same name and birth date, another CCCD: another person
        if found is None and not data.get("cccd"):
            found = by_key.get(key)
        problems: list[RowError] = []
        if found is not None:
            # Who the row is, in the words of the file: its CCCD, else its name.
            who = ("cccd", data["cccd"]) if data.get("cccd") else ("full_name", data["full_name"])
            if found.status in MEMBER_STATUSES and found.unit_id != item.unit.pk:
                message = _(
                    "%(name)s đang là đoàn viên của %(unit)s: chuyển sinh hoạt trên trang của người này "
                    "thay vì nhập vào đơn vị khác."
                ) % {"name": found.full_name, "unit": found.unit.name}
                problems.append(reader.error(item.row, *who, "member_elsewhere", message))
            elif found.status not in MEMBER_STATUSES:
                message = _(
                    "%(name)s đã có hồ sơ (%(status)s, %(unit)s): kết nạp lại trên trang hồ sơ "
                    "của người này, không nhập lại."
                ) % {
                    "name": found.full_name,
                    "status": found.get_status_display().lower(),
                    "unit": found.unit.name,
                }
                problems.append(reader.error(item.row, *who, "former_member", message))
            elif data.get("cccd") and data["cccd"] in by_cccd and by_cccd[data["cccd"]].pk != found.pk:
                problems.append(
                    reader.error(
                        item.row,
                        "cccd",
                        data["cccd"],
                        "cccd_taken",
                        _("Số CCCD %(n)s đã thuộc hồ sơ %(name)s.")
                        % {"n": data["cccd"], "name": by_cccd[data["cccd"]].full_name},
                    )
                )
        if item.card_number and item.card_number in by_card:
            owner = by_card[item.card_number]
            if found is None or owner.pk != found.pk:
                problems.append(
                    reader.error(
                        item.row,
                        "card_number",
                        item.card_number,
                        "card_taken",
                        _("Số thẻ %(n)s đã thuộc %(name)s.")
                        % {"n": item.card_number, "name": owner.full_name},
                    )
                )
        if problems:
            errors[index] = problems
        item.existing = found
    return errors


# --------------------------------------------------------------------------
# writing


@dataclasses.dataclass
class _Plan:
    """What one chunk writes."""

    new: list[tuple[_Row, Timeline, list[_Event]]] = dataclasses.field(default_factory=list)
    updates: list[tuple[_Row, dict[str, Any]]] = dataclasses.field(default_factory=list)
    unchanged: int = 0


#: An event of a new person: kind, date, unit, reason.
_Event = tuple[str, dt.date, int, str]


def _admission(item: _Row, units: _Units, today: dt.date) -> tuple[Timeline, list[_Event]] | str:
    """The new person's first event and spell, or why there cannot be one."""
    start = units.first_active_day(item.unit, item.joined_on, today)
    if start is None:
        return _("«%(unit)s» không hoạt động từ ngày vào Công đoàn (%(on)s) đến nay.") % {
            "unit": item.unit.name,
            "on": vn_date(item.joined_on),
        }
    if start == item.joined_on:
        problems = services._admission_problems(item.data, start)
        if problems:
            return " ".join(problems)
        kind = EventKind.ADMITTED
    else:
        # Joined the union before this unit existed: arrived in it on its first day.
        kind = EventKind.TRANSFERRED_IN
    tl = Timeline(joined_on=item.joined_on)
    tl.step(kind, start, item.unit.pk)
    events: list[_Event] = [(kind, start, item.unit.pk, "")]
    if item.status == MemberStatus.SUSPENDED:
        tl.step(EventKind.SUSPENDED, today, None)
        reason = _("Tạm dừng sinh hoạt theo danh sách nhập ngày %(on)s") % {"on": vn_date(today)}
        events.append((EventKind.SUSPENDED, today, item.unit.pk, reason))
    return tl, events


def _changes(item: _Row) -> dict[str, Any]:
    assert item.existing is not None
    changed = {}
    for key in item.present:
        new = item.data.get(key)
        old = getattr(item.existing, key)
        if key == "cccd" and not new:
            continue  # a file without the CCCD does not erase it
        if (new or None) != (old or None):
            changed[key] = new
    return changed


PERSON_COLUMNS = (
    "id",
    *PERSON_FIELDS,
    "name_fold",
    "name_sort",
    "identity_key",
    "unit_id",
    "status",
    "joined_on",
    "card_number",
    "created_at",
    "updated_at",
)
SPELL_COLUMNS = ("person_id", "unit_id", "valid_from", "valid_to", "state")
EVENT_COLUMNS = (
    "person_id",
    "kind",
    "on",
    "unit_id",
    "other_unit_id",
    "decision",
    "reason",
    "details",
    "recorded_at",
    "recorded_by_id",
)


def _write(plan: _Plan, *, actor: Any, import_ref: str, recorded_by: Any) -> None:
    """Write one chunk: new people with their spells and events, then updates."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    recorder = recorded_by.pk if recorded_by is not None else None
    ids = bulk.reserve_ids(Person, len(plan.new))
    people, spells, events, carded = [], [], [], []
    details = {"import": import_ref}
    for pk, (item, tl, person_events) in zip(ids, plan.new, strict=True):
        data = item.data
        derived = item.derived
        people.append(
            (
                pk,
                *(data[key] for key in PERSON_FIELDS),
                derived["name_fold"],
                derived["name_sort"],
                derived["identity_key"],
                tl.unit_id,
                tl.status,
                item.joined_on,
                item.card_number or None,
                now,
                now,
            )
        )
        for row in tl.spells:
            spells.append((pk, row.unit_id, row.valid_from, row.valid_to, row.state))
        for kind, on, unit_id, reason in person_events:
            events.append((pk, kind, on, unit_id, None, "", reason, details, now, recorder))
        if item.card_number:
            person = Person(pk=pk, card_number=item.card_number)
            person._card_issue = (tl.spells[0].valid_from, tl.spells[0].unit_id)  # type: ignore[attr-defined]
            carded.append(person)
    bulk.insert(Person, PERSON_COLUMNS, people)
    bulk.insert(Spell, SPELL_COLUMNS, spells)
    bulk.insert(MemberEvent, EVENT_COLUMNS, events)
    services.forget_figures([(row[1], row[2]) for row in spells] + [(row[3], row[2]) for row in events])
    if carded:
        services._load_cards(carded)
    entries = []
    updated: list[Person] = []
    for item, changed in plan.updates:
        assert item.existing is not None
        person = item.existing
        updated.append(person)
        before = {key: getattr(person, key) for key in changed}
        for key, value in changed.items():
            setattr(person, key, value)
        for key, value in services._derived({key: getattr(person, key) for key in PERSON_FIELDS}).items():
            setattr(person, key, value)
        entries.append(
            audit.entry(
                actor=actor,
                action="member.update",
                obj=person,
                unit_id=person.unit_id,
                before=before,
                after=changed,
                reason=_("Cập nhật theo tệp nhập (lần nhập %(ref)s)") % {"ref": import_ref},
            )
        )
    if plan.updates:
        fields = sorted(
            {key for _item, changed in plan.updates for key in changed}
            | {"name_fold", "name_sort", "identity_key"}
        )
        Person.objects.bulk_update(updated, fields, batch_size=500)
        services.forget_people(
            item.existing.pk
            for item, changed in plan.updates
            if item.existing is not None and services.COUNTED_FIELDS & set(changed)
        )
        audit.record_many(entries)


# --------------------------------------------------------------------------
# the import


def import_members(
    *,
    actor: Any,
    source: str | bytes | BinaryIO,
    filename: str,
    unit: Unit | None = None,
    within: Unit | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    on_reject: Reject | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a member list; see the module's docstring. Raises UnusableFile for unusable input.

    ``within``: without ``unit``, the units the file names must lie under this one (an upload
    started from a unit's page)."""
    if unit is not None and not _may_change(actor, unit):
        raise NoUnit("scope", _("Bạn không có quyền nhập đoàn viên vào đơn vị này."))
    result = ImportResult(filename=filename, dry_run=dry_run)
    digest = hashlib.sha256()
    with open_tables(source, filename=filename, spec=MEMBERS) as workbook:
        result.skipped_sheets = [(s.name, s.reason) for s in workbook.skipped]
        if unit is None and not all(table.column("unit") for table in workbook):
            raise NoUnit(
                "no_unit",
                _(
                    "Tệp không có cột «Mã công đoàn cơ sở»: hãy chọn đơn vị nhận danh sách "
                    "(trên dòng lệnh: --unit MÃ_ĐƠN_VỊ)."
                ),
            )
        for table in workbook:
            missing = [MEMBERS.column(name).label for name in REQUIRED_COLUMNS if table.column(name) is None]
            if missing:
                raise UnusableFile(
                    "missing_columns",
                    _("Trang «%(sheet)s» thiếu cột %(cols)s: thêm cột rồi nhập lại.")
                    % {"sheet": table.sheet, "cols": ", ".join(f"«{label}»" for label in missing)},
                )
        total = sum(t.last_row or 0 for t in workbook) or None
        today = services.today()
        units = _Units(actor, unit, within)
        seen = _Seen()
        import_ref = uuid.uuid4().hex[:12]
        # A dry run writes nothing, so it takes no write lock: on SQLite a
        # transaction would hold every other writer back while it checks.
        try:
            with nullcontext() if dry_run else transaction.atomic():
                recorded_by = audit.stored_actor(actor)
                registered_up_to = Person.objects.aggregate(top=Max("id"))["top"] or 0
                for table in workbook:
                    reader = CellReader(table, MEMBERS)
                    rows = table.rows()
                    # A sheet typed in TCVN3 or VNI: cells that could be either are read that way.
                    sample = list(islice(rows, LEGACY_SAMPLE))
                    legacy = values.guess_legacy_encoding(v for row in sample for v in row.values.values())
                    with values.assume_legacy(legacy):
                        for chunk in _chunks(chain(sample, rows)):
                            plan = _Plan()
                            checked: list[_Row] = []
                            for row in chunk:
                                result.rows_read += 1
                                digest.update(repr(row.raw_cells).encode())
                                item, errors = _check_row(row, reader, units, today)
                                if item is not None:
                                    errors = seen.check(item, reader)
                                if errors:
                                    reject(result, row, errors, on_reject)
                                else:
                                    assert item is not None
                                    checked.append(item)
                            _plan(plan, checked, reader, units, today, result, on_reject, registered_up_to)
                            if not dry_run and (skip_invalid or not result.error_count):
                                _write(plan, actor=actor, import_ref=import_ref, recorded_by=recorded_by)
                            if progress is not None:
                                progress(result.rows_read, total)
                if dry_run or (result.error_count and not skip_invalid):
                    raise RollBack()
                counts = ("rows_read", "created", "updated", "unchanged", "rejected")
                entry = audit.record(
                    actor=actor,
                    action="members.import",
                    obj=unit,
                    unit=unit,
                    after={
                        "file": filename,
                        "sha256": digest.hexdigest(),
                        "import": import_ref,
                        **{key: getattr(result, key) for key in counts},
                    },
                    reason=_("Nhập danh sách đoàn viên từ tệp %(f)s") % {"f": filename},
                )
                result.audit_id = entry.pk
                result.written = True
        except RollBack:
            pass
    return result


def _plan(
    plan: _Plan,
    checked: list[_Row],
    reader: CellReader,
    units: _Units,
    today: dt.date,
    result: ImportResult,
    on_reject: Reject | None,
    registered_up_to: int,
) -> None:
    """Sort the checked rows of a chunk into new people, updates and unchanged ones."""
    matched_errors = _match(checked, reader, registered_up_to)
    for index, item in enumerate(checked):
        if index in matched_errors:
            reject(result, item.row, matched_errors[index], on_reject)
        elif item.existing is None:
            admission = _admission(item, units, today)
            if isinstance(admission, str):
                value = item.row.values.get("joined_on")
                reject(
                    result,
                    item.row,
                    [reader.error(item.row, "joined_on", value, "admission", admission)],
                    on_reject,
                )
                continue
            plan.new.append((item, *admission))
        else:
            changed = _changes(item)
            if changed:
                plan.updates.append((item, changed))
            else:
                plan.unchanged += 1
    result.unchanged += plan.unchanged
    result.created += len(plan.new)
    result.updated += len(plan.updates)


def _chunks(rows: Iterator[SheetRow]) -> Iterator[list[SheetRow]]:
    chunk: list[SheetRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
