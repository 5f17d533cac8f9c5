"""A record kind for the tests of the import engine: workforce reports (``org.WorkforceReport``).

Written through ``org.services.record_workforce``, as a real app's kind writes
through its services. Registered by the ``workforce_kind`` fixture of the
tests that use it, unregistered after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from congdoan.imports.mapping import Column, TableSpec
from congdoan.imports.records import RecordKind, RowContext, WriteContext
from congdoan.org import services as org_services
from congdoan.org.models import Unit, WorkforceReport

SPEC = TableSpec(
    name="workforce",
    title="BÁO CÁO SỐ LAO ĐỘNG",
    columns=(
        Column("unit", "Mã đơn vị", "unit", ("Đơn vị", "Mã công đoàn cơ sở")),
        Column("as_of", "Tính đến ngày", "day", ("Ngày báo cáo",), required=True),
        Column("workers", "Số lao động", "int", ("Tổng số lao động",), required=True),
        Column("women", "Lao động nữ", "int", ("Nữ",)),
        Column(
            "sector",
            "Khu vực",
            "choice",
            choices=(("public", "Nhà nước"), ("private", "Ngoài nhà nước"), ("private", "Tư nhân")),
        ),
        Column("confirmed", "Đã xác nhận", "bool"),
    ),
    anchor="workers",
)


@dataclass(frozen=True)
class Prepared:
    unit: Unit
    as_of: dt.date
    workers: int
    women: int | None


#: What the last write received (the tests look at it).
written_batches: list[list[Prepared]] = []


def check_row(ctx: RowContext, values: dict[str, Any]) -> Prepared | None:
    unit = ctx.resolve_unit(values.get("unit"))
    as_of: dt.date = values["as_of"]
    workers: int = values["workers"]
    women = values.get("women")
    if as_of > ctx.today:
        ctx.problem("as_of", "date_future", "Ngày báo cáo chưa đến.")
    if women is not None and women > workers:
        ctx.problem("women", "women_over_total", "Số lao động nữ lớn hơn tổng số lao động.")
    if unit is None:
        return None
    ctx.unique((unit.pk, as_of), "as_of", "Đơn vị này đã có một dòng cùng ngày báo cáo")
    return Prepared(unit, as_of, workers, women)


def write_rows(ctx: WriteContext, prepared: list[Prepared]) -> tuple[int, int, int]:
    written_batches.append(list(prepared))
    created = updated = unchanged = 0
    for item in prepared:
        old = WorkforceReport.objects.filter(unit=item.unit, as_of=item.as_of).first()
        if old is not None and (old.workers, old.women) == (item.workers, item.women):
            unchanged += 1
            continue
        org_services.record_workforce(
            actor=ctx.actor,
            unit=item.unit,
            as_of=item.as_of,
            workers=item.workers,
            women=item.women,
            reason=ctx.reason,
        )
        if old is None:
            created += 1
        else:
            updated += 1
    return created, updated, unchanged


KIND = RecordKind(
    name="workforce",
    label="Số lao động",
    spec=SPEC,
    check=check_row,
    write=write_rows,
    unit_levels=("grassroots",),
    description="Mỗi dòng là số lao động của một công đoàn cơ sở tính đến một ngày.",
)
