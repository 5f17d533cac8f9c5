"""Fixtures of the care tests: the dated tree, its officers, an approver and an accountant, a programme, members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from congdoan.accounts.models import RoleKind, User
from congdoan.care import services as care
from congdoan.care.models import FundingKind, ProgrammeKind, SupportProgramme
from congdoan.members import services as members
from congdoan.members.models import Person
from dated_tree import People, Tree, make_user
from dated_tree import people as people  # noqa: F401, PLC0414 - the fixture, for this folder
from dated_tree import tree as tree  # noqa: F401, PLC0414
from member_data import person

D = dt.date


@dataclass
class Staff:
    officer_a: User  # records grants in district A
    officer_b: User
    approver: User  # province chair: approves
    accountant: User  # province accountant: pays
    approver_a: User  # district A's chair
    admin: User  # province federation admin: may do all three
    viewer: User


@pytest.fixture
def staff(tree: Tree, people: People) -> Staff:
    return Staff(
        officer_a=people.officer_a,
        officer_b=people.officer_b,
        approver=make_user("duyetchi", unit=tree.province, kind=RoleKind.APPROVER),
        accountant=make_user("ketoan", unit=tree.province, kind=RoleKind.ACCOUNTANT),
        approver_a=make_user("duyeta", unit=tree.district_a, kind=RoleKind.APPROVER),
        admin=people.province_admin,
        viewer=people.viewer,
    )


@pytest.fixture
def tet(tree: Tree) -> SupportProgramme:
    """The province's Tết Sum vầy 2024: 100 million, 60 from the province's funds and 40 from sponsors."""
    return care.create_programme(
        actor=None,
        unit=tree.province,
        name="Tết Sum vầy 2024",
        kind=ProgrammeKind.TET,
        start=D(2024, 1, 1),
        end=D(2024, 2, 29),
        budget=100_000_000,
        funding={
            FundingKind.PROVINCE: (60_000_000, ""),
            FundingKind.SPONSOR: (40_000_000, "Ngân hàng Vietinbank Lào Cai"),
        },
    )


@dataclass
class Members:
    pao: Person  # school A
    my: Person  # school A
    suong: Person  # company A
    giang: Person  # school B


@pytest.fixture
def folks(tree: Tree) -> Members:
    def admit(unit, name, gender, born):  # type: ignore[no-untyped-def]
        return members.admit(actor=None, unit=unit, on=D(2015, 3, 1), person=person(name, gender, born))

    return Members(
        pao=admit(tree.school_a, "Sùng A Páo", "male", D(1985, 4, 2)),
        my=admit(tree.school_a, "Giàng Thị Mỷ", "female", D(1990, 7, 9)),
        suong=admit(tree.company_a, "Lò Văn Sướng", "male", D(1979, 1, 30)),
        giang=admit(tree.school_b, "Hoàng Văn Giang", "male", D(1988, 11, 3)),
    )
