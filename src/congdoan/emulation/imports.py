"""Importing initiatives and gradings through the import engine (record kinds "initiatives" and "gradings").

``congdoan import initiatives FILE --unit U``: one row is one recognised
initiative — Tên sáng kiến, Tác giả (names, separated by ";" or ","), Số
CCCD tác giả (in the same order; a card number or an old ID for an author
without CCCD, as the export writes them; without it each name is looked up among
the members of the row's unit), Đơn vị, Lĩnh vực, Ngày công nhận, Cấp công
nhận, Giá trị làm lợi. ``congdoan import gradings FILE --unit U``: one row
is one grassroots union's grade for a year — Đơn vị, Năm, Điểm (out of
100, or "85/120"), Xếp loại (optional; when given it must agree with the
score). Rows are checked with the services' own rules (``check_initiative``,
``check_grading``) and written all or nothing by ``load_initiatives`` /
``load_gradings`` (one audit entry each). Importing the same file again
writes nothing: an initiative whose unit already has one of the same title
is rejected (``already_recorded``), as is a second grading of a union for a
year (``graded_twice``).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congdoan.common.errors import DomainError
from congdoan.common.formats import vn_date
from congdoan.common.text import fold
from congdoan.emulation import grading, services
from congdoan.emulation.models import Initiative
from congdoan.emulation.tables import GRADINGS, INITIATIVES
from congdoan.imports import values as cells
from congdoan.imports.records import RecordKind, RowContext, WriteContext, register
from congdoan.members.models import MEMBER_STATUSES, Person
from congdoan.org.models import Level

_SEPARATORS = re.compile(r"\s*[;,\n]\s*")


def _split(text: Any) -> list[str]:
    """Names or ID numbers of several authors in one cell, separated by ";", "," or line breaks."""
    return [part for part in _SEPARATORS.split(str(text or "").strip()) if part]


def _authors_by_id(ctx: RowContext, names: list[str], raw_ids: Any) -> list[Person] | None:
    numbers: list[str] = []
    for piece in _split(raw_ids):
        try:
            number = cells.parse_id(piece)
        except cells.CellProblem as problem:
            ctx.problem("author_ids", problem.code, problem.message)
            return None
        if number:
            numbers.append(number)
    if len(numbers) != len(names):
        ctx.problem(
            "author_ids",
            "authors_ids_mismatch",
            _(
                "Có %(n)s tác giả nhưng %(k)s số CCCD: ghi số CCCD của từng tác giả, "
                "theo thứ tự, cách nhau bởi dấu “;”."
            )
            % {"n": len(names), "k": len(numbers)},
        )
        return None
    # The CCCD, else the card number or the old ID (CMND): what the export writes for each author.
    found: dict[str, list[Person]] = {}
    for person in Person.objects.visible_to(ctx.actor).filter(
        Q(cccd__in=numbers) | Q(card_number__in=numbers) | Q(other_id__in=numbers)
    ):
        for key in dict.fromkeys(k for k in (person.cccd, person.card_number, person.other_id) if k):
            found.setdefault(key, []).append(person)
    people = []
    for name, number in zip(names, numbers, strict=True):
        matches = found.get(number, [])
        if len(matches) != 1:
            ctx.problem(
                "author_ids",
                "author_unknown" if not matches else "author_ambiguous",
                _("Không có đoàn viên nào mang số CCCD %(id)s trong phạm vi của bạn.") % {"id": number}
                if not matches
                else _("Có nhiều đoàn viên mang số giấy tờ %(id)s: ghi số CCCD.") % {"id": number},
            )
            return None
        person = matches[0]
        if fold(person.full_name) != fold(name):
            ctx.problem(
                "authors",
                "author_name_mismatch",
                _("Số CCCD %(id)s là của %(real)s, không phải “%(name)s”.")
                % {"id": number, "real": person.full_name, "name": name},
            )
            return None
        people.append(person)
    return people


def _authors(ctx: RowContext, values: dict[str, Any], unit: Any) -> list[Person] | None:
    names = _split(values.get("authors"))
    if values.get("author_ids"):
        return _authors_by_id(ctx, names, values["author_ids"])
    people = []
    for name in names:
        matches = list(
            Person.objects.filter(unit=unit, status__in=MEMBER_STATUSES, name_fold=" " + fold(name)).order_by(
                "id"
            )[:2]
        )
        if len(matches) != 1:
            message = (
                _("Không tìm thấy đoàn viên “%(name)s” trong %(unit)s: ghi thêm cột “Số CCCD tác giả”.")
                if not matches
                else _("%(unit)s có nhiều đoàn viên tên “%(name)s”: ghi thêm cột “Số CCCD tác giả”.")
            )
            ctx.problem(
                "authors",
                "author_unknown" if not matches else "author_ambiguous",
                message % {"name": name, "unit": unit.name},
            )
            return None
        people.append(matches[0])
    return people


def check_initiative_row(ctx: RowContext, values: dict[str, Any]) -> services.InitiativeData | None:
    unit = ctx.resolve_unit(values.get("unit"))
    recognised = values.get("recognised_on")
    if recognised is not None and recognised.date is None:
        ctx.problem("recognised_on", "date_incomplete", _("Ngày công nhận phải ghi đủ ngày, tháng, năm."))
    if unit is None or recognised is None or ctx.has_problems:
        return None
    authors = _authors(ctx, values, unit)
    if authors is None:
        return None
    data = services.InitiativeData(
        unit=unit,
        title=values["title"],
        kind=values.get("kind") or "initiative",
        field=values["field"],
        authors=authors,
        recognised_on=recognised.date,
        recognised_by=values.get("recognised_by") or _("Hội đồng sáng kiến %(unit)s") % {"unit": unit.name},
        scope=values["scope"],
        value=values.get("value"),
    )
    try:
        services.check_initiative(actor=ctx.actor, data=data)
    except DomainError as error:
        ctx.problem(error.field or "", error.code, error.message)
        return None
    known = _recorded(ctx, unit).get(fold(data.title))
    if known is not None:
        # The same file imported twice must not count its initiatives twice in the reports.
        when = (
            _("công nhận ngày %(day)s") % {"day": vn_date(known.recognised_on)}
            if known.recognised_on
            else _("chưa công nhận")
        )
        ctx.problem(
            "title",
            "already_recorded",
            _("%(unit)s đã có sáng kiến “%(title)s” (%(when)s): không ghi lần nữa.")
            % {"unit": unit.name, "title": known.title, "when": when},
        )
        return None
    ctx.unique((fold(data.title), unit.pk), "title", _("Sáng kiến này đã có ở một dòng khác"))
    return data


def _recorded(ctx: RowContext, unit: Any) -> dict[str, Initiative]:
    """The initiatives ``unit`` already has, by folded title (read once per unit and import)."""
    cache: dict[int, dict[str, Initiative]] = ctx.memo.setdefault("recorded", {})
    if unit.pk not in cache:
        cache[unit.pk] = {
            fold(item.title): item
            for item in Initiative.objects.filter(unit=unit).only("title", "recognised_on")
        }
    return cache[unit.pk]


def write_initiatives(ctx: WriteContext, prepared: list[services.InitiativeData]) -> tuple[int, int, int]:
    rows = services.load_initiatives(actor=ctx.actor, items=prepared, reason=ctx.reason)
    return len(rows), 0, 0


def _score(ctx: RowContext, text: str) -> tuple[Any, Any] | None:
    total, _slash, top = str(text).partition("/")
    try:
        return (
            grading.points(total, label=_("Điểm")),
            grading.points(top, label=_("Điểm tối đa")) if top.strip() else 100,
        )
    except DomainError as error:
        ctx.problem("total", error.code, error.message)
        return None


def check_grading_row(ctx: RowContext, values: dict[str, Any]) -> services.GradingData | None:
    unit = ctx.resolve_unit(values.get("unit"), levels=(Level.GRASSROOTS,))
    score = _score(ctx, values["total"])
    if unit is None or score is None or ctx.has_problems:
        return None
    total, top = score
    data = services.GradingData(
        unit=unit,
        year=values["year"],
        sheet=[{"criterion": grading.TOTAL_ONLY, "max": top, "score": total}],
        note=values.get("note") or "",
        grade=values.get("grade") or "",
    )
    seen: set[tuple[int, int]] = ctx.memo.setdefault("graded", set())
    try:
        services.check_grading(actor=ctx.actor, data=data, seen=seen)
    except DomainError as error:
        if error.code == "graded_twice" and (unit.pk, data.year) in seen:
            ctx.problem(
                "unit", "duplicate_in_file", error.message + " " + _("(trùng với một dòng khác của tệp)")
            )
        else:
            field = {"sheet": "total", "grade": "grade", "year": "year", "unit": "unit"}.get(
                error.field or "", ""
            )
            ctx.problem(field, error.code, error.message)
        return None
    return data


def write_gradings(ctx: WriteContext, prepared: list[services.GradingData]) -> tuple[int, int, int]:
    rows = services.load_gradings(actor=ctx.actor, items=prepared, reason=ctx.reason)
    return len(rows), 0, 0


INITIATIVES_KIND = RecordKind(
    name="initiatives",
    label=gettext_lazy("Sáng kiến"),
    spec=INITIATIVES,
    check=check_initiative_row,
    write=write_initiatives,
    description=gettext_lazy("Mỗi dòng là một sáng kiến đã được công nhận, với tác giả là đoàn viên."),
)
GRADINGS_KIND = RecordKind(
    name="gradings",
    label=gettext_lazy("Xếp loại công đoàn cơ sở"),
    spec=GRADINGS,
    check=check_grading_row,
    write=write_gradings,
    unit_levels=(Level.GRASSROOTS,),
    description=gettext_lazy("Mỗi dòng là kết quả xếp loại một công đoàn cơ sở trong một năm."),
)


def register_kinds() -> None:
    register(INITIATIVES_KIND)
    register(GRADINGS_KIND)
