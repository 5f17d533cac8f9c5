"""Importing targets from a spreadsheet (record kind "targets"): Đơn vị, Chỉ tiêu, Năm, Giá trị.

One row is one unit's target for one indicator and year. Who assigned it is
not a column: a row's unit is assigned by its parent (on the tree of
1 January of the year) when the parent has a target for that indicator and
year, in the file or already stored; otherwise the unit sets its own (the
top of the distribution). All or nothing: every row is checked (unit in the
importer's scope, known indicator, year, value a whole number ≥ 0, one row
per unit/indicator/year), then the sums: for every unit whose target or
whose children's targets the file gives, its children's targets (from the
file, else as stored) must add up to its own. A sum that does not add up
refuses the whole file, naming the row of the parent and by how much.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congdoan.accounts.scope import path_allowed
from congdoan.common.errors import DomainError
from congdoan.imports.mapping import Column, TableSpec
from congdoan.imports.records import RecordKind, RowContext, WriteContext, register
from congdoan.org.models import Status, Unit, UnitVersion
from congdoan.plans import services
from congdoan.plans.indicators import INDICATORS
from congdoan.plans.models import Target
from congdoan.plans.selectors import default_tree_on, eligible_children

TARGETS = TableSpec(
    name="targets",
    title="CHỈ TIÊU NĂM",
    columns=(
        Column("unit", "Đơn vị", "unit", ("Mã đơn vị", "Mã ĐV", "Đơn vị nhận chỉ tiêu"), required=True),
        Column("unit_name", "Tên đơn vị", "text", ("Tên ĐV",)),
        Column(
            "indicator",
            "Chỉ tiêu",
            "choice",
            ("Tên chỉ tiêu", "Mã chỉ tiêu", "Nội dung chỉ tiêu"),
            required=True,
            choices=tuple(
                [(code, ind.label) for code, ind in INDICATORS.items()]
                + [("new_members", "Kết nạp đoàn viên"), ("new_members", "Phát triển đoàn viên")]
                + [
                    ("new_grassroots_unions", "Thành lập công đoàn cơ sở"),
                    ("new_grassroots_unions", "Thành lập CĐCS"),
                ]
            ),
        ),
        Column("year", "Năm", "int", ("Năm giao", "Năm kế hoạch"), required=True),
        Column(
            "value", "Giá trị", "int", ("Chỉ tiêu giao", "Số giao", "Kế hoạch", "Số lượng"), required=True
        ),
    ),
    anchor="unit",
)


@dataclass
class Prepared:
    """A checked row: its unit, indicator, year, value, and where it is in the file."""

    unit: Unit
    indicator: str
    year: int
    value: int
    where: str


def tree_day(unit: Unit, year: int) -> dt.date:
    """The tree a row is placed on: 1 January, or the unit's founding day when it was founded later that year."""
    start = default_tree_on(year)
    return unit.founded_on if start < unit.founded_on <= dt.date(year, 12, 31) else start


def parent_on(unit: Unit, on: dt.date) -> Unit | None:
    version = UnitVersion.objects.filter(unit=unit, valid_from__lte=on, valid_to__gt=on).select_related(
        "parent"
    )
    found = version.first()
    return found.parent if found is not None else None


def check_row(ctx: RowContext, values: dict[str, Any]) -> Prepared | None:
    unit = ctx.resolve_unit(values.get("unit"))
    code = values.get("indicator")
    year = values.get("year")
    value = values.get("value")
    indicator = INDICATORS.get(code or "")
    if year is not None and not services.MIN_YEAR <= year <= services.MAX_YEAR:
        ctx.problem(
            "year",
            "year_invalid",
            _("Năm phải từ %(low)s đến %(high)s.") % {"low": services.MIN_YEAR, "high": services.MAX_YEAR},
        )
        year = None
    if value is not None and value < 0:
        ctx.problem("value", "value_negative", _("Giá trị chỉ tiêu không được âm."))
    if unit is None or indicator is None or year is None or value is None or ctx.has_problems:
        return None
    if not indicator.receives_targets(unit):
        ctx.problem(
            "unit",
            "level_without_target",
            _("Chỉ tiêu “%(indicator)s” không giao đến %(level)s (%(name)s).")
            % {"indicator": indicator.label, "level": unit.get_level_display().lower(), "name": unit.name},
        )
        return None
    version = UnitVersion.objects.filter(
        unit=unit, valid_from__lte=tree_day(unit, year), valid_to__gt=tree_day(unit, year)
    ).first()
    if version is None or version.status != Status.ACTIVE:
        ctx.problem(
            "unit",
            "unit_inactive",
            _("%(name)s không hoạt động trong năm %(year)s.") % {"name": unit.name, "year": year},
        )
        return None
    existing = (
        Target.objects.filter(unit=unit, year=year, indicator=code).select_related("assigned_by").first()
    )
    if (
        existing is not None
        and not existing.is_top
        and ctx.actor is not None
        and not path_allowed(ctx.actor, existing.assigned_by.path, "change")
    ):
        ctx.problem(
            "value",
            "assigned_by_parent",
            _("Chỉ tiêu này do %(parent)s giao; chỉ %(parent)s sửa được.")
            % {"parent": existing.assigned_by.name},
        )
        return None
    ctx.unique((unit.pk, code, year), "unit", _("Đơn vị này đã có một dòng cùng chỉ tiêu và năm"))
    return Prepared(unit=unit, indicator=str(code), year=year, value=value, where=ctx.where)


def plan_rows(actor: Any, prepared: list[Prepared]) -> list[services.TargetRow]:
    """The targets to write, with who assigned each; DomainError when a sum does not add up."""
    in_file = {(p.unit.pk, p.indicator, p.year): p for p in prepared}
    stored: dict[tuple[int, str, int], int] = {}
    for year_ind in {(p.year, p.indicator) for p in prepared}:
        year, code = year_ind
        stored.update(
            {
                (unit_id, code, year): value
                for unit_id, value in Target.objects.filter(year=year, indicator=code).values_list(
                    "unit_id", "value"
                )
            }
        )

    def value_of(unit_id: int, code: str, year: int) -> int | None:
        row = in_file.get((unit_id, code, year))
        return row.value if row is not None else stored.get((unit_id, code, year))

    rows: list[services.TargetRow] = []
    parents_to_check: dict[tuple[int, str, int], Unit] = {}
    for p in prepared:
        day = tree_day(p.unit, p.year)
        parent = parent_on(p.unit, day)
        assigned_by = p.unit
        if parent is not None and value_of(parent.pk, p.indicator, p.year) is not None:
            assigned_by = parent
            parents_to_check[(parent.pk, p.indicator, p.year)] = parent
            if actor is not None and not path_allowed(actor, parent.path, "change"):
                raise DomainError(
                    _("%(where)s: chỉ tiêu của %(name)s do %(parent)s giao; bạn không sửa được.")
                    % {"where": p.where, "name": p.unit.name, "parent": parent.name}
                )
        parents_to_check[(p.unit.pk, p.indicator, p.year)] = p.unit
        rows.append(services.TargetRow(p.unit, p.year, p.indicator, p.value, assigned_by, day))
    problems: list[str] = []
    for (unit_id, code, year), unit in parents_to_check.items():
        own = value_of(unit_id, code, year)
        if own is None:
            continue
        kids = eligible_children(unit, tree_day(unit, year), INDICATORS[code])
        values = [value_of(kid.pk, code, year) for kid in kids]
        if not kids or all(v is None for v in values):
            continue
        total = sum(v or 0 for v in values)
        if total != own:
            row = in_file.get((unit_id, code, year))
            message = services.sum_message(unit, own, total, len(kids))
            problems.append(f"{row.where}: {message}" if row is not None else message)
    if problems:
        shown = problems[:10]
        if len(problems) > 10:
            shown.append(_("… và %(n)s chỗ khác.") % {"n": len(problems) - 10})
        raise DomainError(" ".join(shown), code="sum_mismatch")
    return rows


def write_rows(ctx: WriteContext, prepared: list[Prepared]) -> tuple[int, int, int]:
    rows = plan_rows(ctx.actor, prepared)
    return services.load_targets(actor=ctx.actor, rows=rows, reason=ctx.reason)


KIND = register(
    RecordKind(
        name="targets",
        label=gettext_lazy("Chỉ tiêu năm"),
        spec=TARGETS,
        check=check_row,
        write=write_rows,
        action="change",
        description=gettext_lazy(
            "Mỗi dòng là chỉ tiêu một năm của một đơn vị: mã đơn vị, chỉ tiêu, năm, giá trị. "
            "Chỉ tiêu của các đơn vị trực thuộc phải cộng lại đúng bằng chỉ tiêu của đơn vị cấp trên."
        ),
        sample_fields=("unit", "indicator", "year", "value"),
    )
)


def export_rows(targets: list[Target]) -> list[dict[str, Any]]:
    """Rows of :data:`TARGETS` for the export (read back by the import as they are)."""
    return [
        {
            "unit": t.unit.code,
            "unit_name": t.unit.name,
            "indicator": t.indicator,
            "year": t.year,
            "value": t.value,
        }
        for t in targets
    ]
