"""Importing sessions (buổi học tập, tuyên truyền) through the import engine, and the export template.

Two record kinds:

- ``sessions``: one row is one session with its headcount (topic, kind,
  date, organising unit, participants, women): ``congdoan import sessions
  FILE --unit U`` or the browser's import;
- ``attendance``: one row is one member on a session's roster (the
  attendance sheet, danh sách điểm danh): the rows with the same unit,
  date, kind and topic make one session, its counts are the members
  present.

Rows are checked with the services' own rules (``services.session_problems``,
the member in the organising unit's subtree on the date) and written
through ``services.create_sessions``: all or nothing, one audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congdoan.activities import selectors, services
from congdoan.activities.models import Session, SessionKind
from congdoan.common.text import fold
from congdoan.imports.mapping import Column, TableSpec
from congdoan.imports.records import RecordKind, RowContext, WriteContext, register

KIND_CHOICES: tuple[tuple[str, Any], ...] = (
    *((kind.value, kind.label) for kind in SessionKind),
    (SessionKind.STUDY, "Học tập nghị quyết"),
    (SessionKind.STUDY, "Quán triệt nghị quyết"),
    (SessionKind.STUDY, "Học tập chỉ thị, nghị quyết"),
    (SessionKind.STUDY, "Học tập"),
    (SessionKind.POLICY_LAW, "Phổ biến pháp luật"),
    (SessionKind.POLICY_LAW, "Phổ biến chính sách pháp luật"),
    (SessionKind.POLICY_LAW, "Phổ biến giáo dục pháp luật"),
    (SessionKind.OFFICER_TRAINING, "Tập huấn"),
    (SessionKind.OFFICER_TRAINING, "Tập huấn cán bộ"),
    (SessionKind.OFFICER_TRAINING, "Bồi dưỡng cán bộ công đoàn"),
    (SessionKind.BARGAINING, "Thương lượng"),
    (SessionKind.DIALOGUE, "Đối thoại"),
)

_COMMON = (
    Column(
        "topic",
        "Chủ đề, nội dung",
        "text",
        ("Chủ đề", "Nội dung", "Tên hoạt động", "Nội dung tuyên truyền", "Tên lớp, hội nghị"),
        required=True,
    ),
    Column(
        "kind",
        "Hình thức",
        "choice",
        ("Hình thức tổ chức", "Loại hoạt động", "Loại"),
        required=True,
        choices=KIND_CHOICES,
    ),
    Column("on", "Ngày", "day", ("Ngày tổ chức", "Thời gian", "Ngày thực hiện"), required=True),
    Column("unit", "Đơn vị", "unit", ("Mã đơn vị", "Đơn vị tổ chức", "Công đoàn cơ sở", "CĐCS")),
    Column("place", "Địa điểm", "text", ("Địa điểm tổ chức", "Nơi tổ chức")),
)

SESSIONS = TableSpec(
    name="sessions",
    title="DANH SÁCH BUỔI HỌC TẬP, TUYÊN TRUYỀN",
    columns=(
        *_COMMON,
        Column(
            "participants",
            "Số người tham dự",
            "int",
            ("Tổng số người tham dự", "Số lượt người", "Số người", "Tổng số", "Số lượng"),
            required=True,
        ),
        Column("women", "Trong đó nữ", "int", ("Nữ", "Số nữ", "Số nữ tham dự"), required=True),
        # The total less the women: optional, checked when a file has it.
        Column("men", "Nam", "int", ("Số nam", "Trong đó nam")),
        Column("note", "Ghi chú", "text"),
    ),
    ignored=("stt", "so tt", "tt", "so thu tu", "ky ten", "ky nhan"),
    anchor="topic",
)

ATTENDANCE = TableSpec(
    name="attendance",
    title="DANH SÁCH ĐIỂM DANH NGƯỜI THAM DỰ",
    columns=(
        *_COMMON,
        Column("full_name", "Họ và tên", "name", ("Họ tên", "Họ và tên đoàn viên", "Người tham dự")),
        Column(
            "member",
            "Số CCCD hoặc số thẻ đoàn viên",
            "id",
            ("Số CCCD", "CCCD", "Số thẻ đoàn viên", "Số thẻ", "Số định danh cá nhân", "CMND/CCCD"),
            required=True,
        ),
        Column("present", "Có mặt", "bool", ("Điểm danh", "Tham dự")),
    ),
    ignored=("stt", "so tt", "tt", "so thu tu", "ky ten", "ky nhan", "ghi chu"),
    anchor="member",
)

#: A service's field name -> this table's column.
_FIELDS = {"roster": "member"}


def _report(ctx: RowContext, problems: list[tuple[str, str]]) -> None:
    for field_name, message in problems:
        column = _FIELDS.get(field_name, field_name)
        ctx.problem(column if ctx.has_column(column) else "", "invalid_" + field_name, message)


def check_session_row(ctx: RowContext, values: dict[str, Any]) -> services.SessionInput | None:
    """Check one headcount row as ``services.create_sessions`` will, without writing."""
    unit = ctx.resolve_unit(values.get("unit"))
    item = services.SessionInput(
        unit=unit,
        topic=values.get("topic") or "",
        kind=values.get("kind") or "",
        on=values.get("on"),
        participants=values.get("participants"),
        women=values.get("women"),
        place=values.get("place") or "",
        note=values.get("note") or "",
    )
    if unit is None:
        return None
    _report(ctx, services.session_problems(item))
    men = values.get("men")
    if men is not None and not ctx.has_problems and men != (item.participants or 0) - (item.women or 0):
        ctx.problem(
            "men",
            "invalid_men",
            _("Số nam (%(m)s) cộng số nữ (%(w)s) phải bằng tổng số người tham dự (%(n)s).")
            % {"m": men, "w": item.women, "n": item.participants},
        )
    if ctx.has_problems:
        return None
    ctx.unique(
        (unit.pk, item.on, item.kind, fold(item.topic)),
        "topic",
        _("Buổi sinh hoạt này (cùng đơn vị, ngày, hình thức, chủ đề) đã có một dòng"),
    )
    return item


def write_sessions(ctx: WriteContext, prepared: list[services.SessionInput]) -> tuple[int, int, int]:
    """Write the rows as sessions, in bulk (one audit entry)."""
    created = services.create_sessions(actor=ctx.actor, items=prepared, unit=ctx.unit, reason=ctx.reason)
    return len(created), 0, 0


@dataclass
class AttendanceRow:
    """A checked row of an attendance sheet: the session it belongs to and one member on its roster."""

    key: tuple[Any, ...]
    item: services.SessionInput
    person: Any
    present: bool


def check_attendance_row(ctx: RowContext, values: dict[str, Any]) -> AttendanceRow | None:
    """Check one roster row: the session's details and the member (in the unit's subtree that day)."""
    unit = ctx.resolve_unit(values.get("unit"))
    person = selectors.find_member(ctx.actor, values.get("member") or "")
    raw = ctx.row.values.get("member")
    if person is None and isinstance(raw, int | float):
        # A card number typed as a number: the ID parser gave it a "lost" leading zero it never had.
        person = selectors.find_member(ctx.actor, str(int(raw)))
    if person is None:
        ctx.problem(
            "member",
            "member_unknown",
            _("Không tìm thấy đoàn viên có số CCCD hoặc số thẻ này trong phạm vi của bạn."),
        )
    elif values.get("full_name") and fold(values["full_name"]) != fold(person.full_name):
        ctx.problem(
            "full_name",
            "name_mismatch",
            _("Số CCCD, số thẻ này là của %(name)s, không phải người ghi ở cột họ tên.")
            % {"name": person.full_name},
        )
    present = values.get("present")
    item = services.SessionInput(
        unit=unit,
        topic=values.get("topic") or "",
        kind=values.get("kind") or "",
        on=values.get("on"),
        roster=[],
        place=values.get("place") or "",
    )
    if unit is None:
        return None
    _report(ctx, services.session_problems(item, check_roster=False))
    if ctx.has_problems or person is None or item.on is None:
        return None
    if services.outside_members(unit, item.on, [person]):
        ctx.problem(
            "member",
            "member_outside",
            _("%(name)s không phải đoàn viên của %(unit)s ngày %(on)s.")
            % {"name": person.full_name, "unit": unit.name, "on": item.on.strftime("%d/%m/%Y")},
        )
        return None
    key = (unit.pk, item.on, item.kind, fold(item.topic))
    if not ctx.unique((key, person.pk), "member", _("Người này đã có một dòng trong buổi sinh hoạt này")):
        return None
    return AttendanceRow(key, item, person, True if present is None else bool(present))


def write_attendance(ctx: WriteContext, prepared: list[AttendanceRow]) -> tuple[int, int, int]:
    """One session per (unit, date, kind, topic), with its rows as the roster; in bulk, one audit entry."""
    sessions: dict[tuple[Any, ...], services.SessionInput] = {}
    for row in prepared:
        item = sessions.setdefault(row.key, row.item)
        assert item.roster is not None
        item.roster.append((row.person, row.present))
    created = services.create_sessions(
        actor=ctx.actor, items=list(sessions.values()), unit=ctx.unit, reason=ctx.reason
    )
    return len(created), 0, 0


def export_row(session: Session) -> dict[str, Any]:
    """One session as a row of :data:`SESSIONS` (what the import reads back, as a headcount)."""
    return {
        "topic": session.topic,
        "kind": session.kind,
        "on": session.on,
        "unit": session.unit.code,
        "place": session.place,
        "participants": session.participants,
        "women": session.women,
        "men": session.men,
        "note": session.note,
    }


def attendance_rows(sessions: Iterable[Session]) -> Iterator[dict[str, Any]]:
    """The rosters of ``sessions`` as rows of :data:`ATTENDANCE`, one per member (what the import reads back).

    The member is named by CCCD, or by card number when the CCCD is not known:
    the import needs the whole number, so the file is personal data (the export is audited).
    """
    for session in sessions:
        for entry in session.roster.all():  # prefetched with the people by the caller, in name order
            person = entry.person
            yield {
                "topic": session.topic,
                "kind": session.kind,
                "on": session.on,
                "unit": session.unit.code,
                "place": session.place,
                "full_name": person.full_name,
                "member": person.cccd or person.card_number or "",
                "present": entry.present,
            }


SESSIONS_KIND = RecordKind(
    name="sessions",
    label=gettext_lazy("Buổi học tập, tuyên truyền"),
    spec=SESSIONS,
    check=check_session_row,
    write=write_sessions,
    action="change",
    description=gettext_lazy(
        "Mỗi dòng là một buổi học tập, tuyên truyền, tập huấn…: chủ đề, hình thức, ngày, đơn vị tổ chức, "
        "số người tham dự và số nữ."
    ),
    sample_fields=("topic", "kind", "on", "unit", "participants", "women"),
)

ATTENDANCE_KIND = RecordKind(
    name="attendance",
    label=gettext_lazy("Điểm danh người tham dự"),
    spec=ATTENDANCE,
    check=check_attendance_row,
    write=write_attendance,
    action="change",
    description=gettext_lazy(
        "Mỗi dòng là một đoàn viên trong danh sách tham dự một buổi sinh hoạt; các dòng cùng đơn vị, ngày, "
        "hình thức và chủ đề là một buổi."
    ),
    sample_fields=("topic", "on", "unit", "full_name", "member", "present"),
)


def register_kinds() -> None:
    register(SESSIONS_KIND)
    register(ATTENDANCE_KIND)
