"""The demo step on a small tree: targets at every level that add up exactly, proportional to members."""

from __future__ import annotations

import datetime as dt
import random

from congdoan.accounts.models import AuditEntry
from congdoan.members import services as members
from congdoan.plans import selectors
from congdoan.plans.demo import build_plans, reset_plans
from congdoan.plans.models import Target
from dated_tree import tree  # noqa: F401
from member_data import person


def test_the_demo_distributes_3000_new_members_down_to_the_grassroots_adding_up(tree):
    for n in range(3):
        members.admit(
            actor=None, unit=tree.school_a, on=dt.date(2020, 1, 1), person=person(f"Nguyễn Văn {n}")
        )
    members.admit(
        actor=None, unit=tree.school_b, on=dt.date(2020, 1, 1), person=person("Lò Thị Mai", "female")
    )
    lines: list[str] = []
    build_plans(tree.province, random.Random(1), lines.append)
    got = dict(Target.objects.filter(indicator="new_members").values_list("unit__code", "value"))
    assert got == {"P": 3000, "A": 2250, "B": 750, "A1": 2250, "A2": 0, "A3": 0, "B1": 750}
    assert dict(
        Target.objects.filter(indicator="new_grassroots_unions").values_list("unit__code", "value")
    ) == {
        "P": 25,
        "A": 19,
        "B": 6,
    }  # 25 × 3/4 = 18.75 → 19, 6.25 → 6: largest remainder
    assert selectors.mismatches(tree.province, 2024, dt.date(2024, 12, 31)) == []
    assert AuditEntry.objects.filter(action="plans.load").count() == 1
    assert lines and lines[0].startswith("Đã giao 10 chỉ tiêu năm 2024: kết nạp 3.000 đoàn viên mới")
    reset_plans()
    assert not Target.objects.exists()
