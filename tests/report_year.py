"""A year of records on the small tree of tests/conftest.py, for the report tests (``from report_year import year``)."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.activities import services as activities
from congdoan.activities.models import SessionKind
from congdoan.members import services as members
from congdoan.org import services as org
from congdoan.plans import services as plans
from member_data import person

D = dt.date
MERGE = D(2024, 7, 1)


@pytest.fixture
def year(tree):
    """Members, workers, sessions and a target for 2023 and 2024, the merge and the dissolution."""
    admit = members.admit
    # 2023: two admissions in BT-01, one in BX-01.
    admit(actor=None, unit=tree.a1, on=D(2023, 3, 1), person=person("Lò Thị Mai", "female", D(1990, 1, 2)))
    admit(actor=None, unit=tree.a1, on=D(2023, 4, 1), person=person("Vàng A Dế", "male", D(1988, 2, 3)))
    admit(actor=None, unit=tree.b1, on=D(2023, 5, 1), person=person("Trần Văn Nam", "male", D(1985, 3, 4)))
    # 2024: BT-01 admits one before the merge; BX-01 admits two after it (one of them in the merged union).
    admit(actor=None, unit=tree.a1, on=D(2024, 2, 1), person=person("Giàng Thị Mỷ", "female", D(1995, 4, 5)))
    admit(actor=None, unit=tree.b1, on=D(2024, 9, 1), person=person("Hoàng Văn Hải", "male", D(1992, 5, 6)))
    admit(actor=None, unit=tree.sapa1, on=D(2024, 3, 1), person=person("Đỗ Thị Hoa", "female", D(1991, 6, 7)))
    for unit, workers in ((tree.a1, 40), (tree.a2, 60), (tree.b1, 30), (tree.b2, 20), (tree.sapa1, 15)):
        org.record_workforce(actor=None, unit=unit, as_of=D(2023, 12, 31), workers=workers)
    org.record_workforce(actor=None, unit=tree.b1, as_of=D(2024, 12, 26), workers=75)
    # Sessions: 30 in BT-01 before the merge (counts for BT), 20 in BX-01 after it (counts for BX).
    activities.create_session(
        actor=None,
        unit=tree.a1,
        topic="Học tập Nghị quyết",
        kind=SessionKind.STUDY,
        on=D(2024, 3, 5),
        participants=30,
        women=12,
    )
    activities.create_session(
        actor=None,
        unit=tree.b1,
        topic="Phổ biến Luật Công đoàn 2024",
        kind=SessionKind.POLICY_LAW,
        on=D(2024, 9, 5),
        participants=20,
        women=9,
    )
    plans.set_target(actor=None, unit=tree.province, year=2024, indicator="new_members", value=2)
    plans.set_target(actor=None, unit=tree.a, year=2024, indicator="new_members", value=3)
    org.merge_units(actor=None, sources=[tree.a1], into=tree.b1, on=MERGE)
    org.dissolve_unit(actor=None, unit=tree.sapa1, on=D(2024, 10, 1))
    return tree
