"""Demo targets of the Lào Cai federation for 2024.

The province's new-member target of 3,000 (the members demo admits 4,337
in 2024: 144,56% of plan), distributed on the tree of 1 January 2024 to the
province's children (district federations, sector and industrial-zone
unions, and the grassroots unions of big state companies directly under it)
in proportion to their members that day, then by each upper-level union to
its grassroots unions the same way: every level adds up exactly. And a
target of 25 new grassroots unions, distributed to the upper-level unions
only. Written in one batch through ``services.load_targets``.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable

from congdoan.common.formats import vn_number
from congdoan.org.models import Status, Unit, UnitVersion
from congdoan.plans.indicators import INDICATORS
from congdoan.plans.models import Target
from congdoan.plans.selectors import largest_remainder, members_below
from congdoan.plans.services import TargetRow, load_targets

YEAR = 2024
TREE_ON = dt.date(YEAR, 1, 1)
TARGETS = {"new_members": 3_000, "new_grassroots_unions": 25}

Progress = Callable[[str], object]


def build_plans(province: Unit, rng: random.Random, progress: Progress) -> None:
    """Targets of 2024 for the province and, level by level, every unit below it."""
    started = time.monotonic()
    versions = list(
        UnitVersion.objects.on(TREE_ON)
        .filter(status=Status.ACTIVE, path__startswith=province.path)
        .values_list("unit_id", "parent_id", "path")
    )
    children: dict[int, list[int]] = defaultdict(list)
    paths = {}
    for unit_id, parent_id, path in versions:
        paths[unit_id] = path
        if unit_id != province.pk and parent_id is not None:
            children[parent_id].append(unit_id)
    units = Unit.objects.in_bulk(list(paths))
    # Members of each unit's subtree on 1 January: one grouped query, rolled up along the paths.
    members = members_below(province, TREE_ON)

    rows: list[TargetRow] = []
    for code, total in TARGETS.items():
        indicator = INDICATORS[code]
        rows.append(TargetRow(province, YEAR, code, total, province, TREE_ON))
        queue = [(province.pk, total)]
        while queue:
            parent_id, value = queue.pop(0)
            kids = sorted(
                (units[c] for c in children.get(parent_id, []) if indicator.receives_targets(units[c])),
                key=lambda u: (u.name_sort, u.code),
            )
            if not kids:
                continue
            shares = largest_remainder(value, [members[k.pk] for k in kids])
            for kid, share in zip(kids, shares, strict=True):
                rows.append(TargetRow(kid, YEAR, code, share, units[parent_id], TREE_ON))
                queue.append((kid.pk, share))
    created, _updated, _same = load_targets(actor=None, rows=rows, reason="Dữ liệu mẫu: chỉ tiêu năm 2024")
    uppers = (
        sum(1 for row in rows if row.indicator == "new_members" and row.assigned_by.pk == province.pk) - 1
    )
    progress(
        f"Đã giao {vn_number(created)} chỉ tiêu năm {YEAR}: kết nạp {vn_number(TARGETS['new_members'])} "
        f"đoàn viên mới cho toàn tỉnh, phân bổ cho {vn_number(uppers)} đơn vị trực thuộc và tiếp xuống "
        f"công đoàn cơ sở; thành lập mới {vn_number(TARGETS['new_grassroots_unions'])} CĐCS "
        f"({time.monotonic() - started:.1f} giây)."
    )


def reset_plans() -> None:
    Target.objects.all().delete()
