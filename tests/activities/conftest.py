"""Fixtures of the activities tests: the dated tree, its users and a few members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from congdoan.members import services as members
from congdoan.members.models import Person
from dated_tree import people as people  # noqa: F401, PLC0414 - the fixture, for this folder
from dated_tree import tree as tree  # noqa: F401, PLC0414
from member_data import person

D = dt.date


@dataclass
class Members:
    pao: Person  # school A, man
    my: Person  # school A, woman
    suong: Person  # company A, man
    giang: Person  # school B, man
    sua: Person  # school B, woman


@pytest.fixture
def folks(tree) -> Members:
    def admit(unit, name, gender, born):  # type: ignore[no-untyped-def]
        return members.admit(actor=None, unit=unit, on=D(2015, 3, 1), person=person(name, gender, born))

    return Members(
        pao=admit(tree.school_a, "Sùng A Páo", "male", D(1985, 4, 2)),
        my=admit(tree.school_a, "Giàng Thị Mỷ", "female", D(1990, 7, 9)),
        suong=admit(tree.company_a, "Lò Văn Sướng", "male", D(1979, 1, 30)),
        giang=admit(tree.school_b, "Hoàng Văn Giang", "male", D(1988, 11, 3)),
        sua=admit(tree.school_b, "Vàng Thị Sua", "female", D(1995, 2, 14)),
    )
