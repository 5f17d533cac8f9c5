"""Fixtures of a small dated tree built through the services, and users with roles on it.

Test modules that use them import them (``from dated_tree import people, tree``),
which overrides the conftest fixtures of the same name for that module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from congdoan.accounts import services as accounts
from congdoan.accounts.models import RoleKind, User
from congdoan.org import services as org
from congdoan.org.models import Level, Unit, UnitKind

D2000 = dt.date(2000, 1, 1)
D2010 = dt.date(2010, 1, 1)
PASSWORD = "Mat-khau-th3-nghiem"  # noqa: S105 - test password


@dataclass
class Tree:
    top: Unit
    province: Unit
    district_a: Unit
    district_b: Unit
    school_a: Unit
    company_a: Unit
    agency_a: Unit
    school_b: Unit


@pytest.fixture
def tree(db) -> Tree:
    """TLD → province P → districts A, B → grassroots (school, company, agency under A; school under B)."""
    top = org.found_unit(
        actor=None, parent=None, code="TLD", name="Tổng Liên đoàn", level=Level.CONFEDERATION, on=D2000
    )
    province = org.found_unit(
        actor=None,
        parent=top,
        code="P",
        name="Liên đoàn Lao động tỉnh Thử",
        level=Level.PROVINCE_FEDERATION,
        on=D2000,
        province_code=15,
    )
    district_a = org.found_unit(
        actor=None,
        parent=province,
        code="A",
        name="LĐLĐ huyện Bát Xát",
        level=Level.DISTRICT_FEDERATION,
        on=D2000,
    )
    district_b = org.found_unit(
        actor=None,
        parent=province,
        code="B",
        name="LĐLĐ huyện Bảo Thắng",
        level=Level.DISTRICT_FEDERATION,
        on=D2000,
    )

    def grassroots(code: str, name: str, parent: Unit, kind: str, ward: int | None) -> Unit:
        return org.found_unit(
            actor=None,
            parent=parent,
            code=code,
            name=name,
            level=Level.GRASSROOTS,
            kind=kind,
            on=D2010,
            province_code=15 if ward else None,
            ward_code=ward,
        )

    return Tree(
        top=top,
        province=province,
        district_a=district_a,
        district_b=district_b,
        school_a=grassroots(
            "A1", "CĐCS Trường Tiểu học Bản Xèo", district_a, UnitKind.PUBLIC_SERVICE_UNIT, 2725
        ),
        company_a=grassroots(
            "A2", "CĐCS Công ty TNHH Hoàng Liên", district_a, UnitKind.PRIVATE_ENTERPRISE, 2683
        ),
        agency_a=grassroots(
            "A3", "CĐCS Cơ quan UBND xã Bát Xát", district_a, UnitKind.ADMINISTRATIVE_AGENCY, 2683
        ),
        school_b=grassroots(
            "B1", "CĐCS Trường THCS Phong Hải", district_b, UnitKind.PUBLIC_SERVICE_UNIT, 2902
        ),
    )


def make_user(
    username: str, *, unit: Unit | None = None, kind: str | None = None, superuser: bool = False
) -> User:
    user = accounts.create_user(actor=None, username=username, password=PASSWORD, full_name=username.title())
    if superuser:
        User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
        user.refresh_from_db()
    if unit is not None and kind is not None:
        accounts.grant_role(actor=None, user=user, unit=unit, kind=kind)
    return user


@dataclass
class People:
    admin: User
    province_admin: User
    officer_a: User
    officer_b: User
    viewer: User
    nobody: User


@pytest.fixture
def people(tree: Tree) -> People:
    return People(
        admin=make_user("admin", superuser=True),
        province_admin=make_user("tinh", unit=tree.province, kind=RoleKind.FEDERATION_ADMIN),
        officer_a=make_user("huyena", unit=tree.district_a, kind=RoleKind.OFFICER),
        officer_b=make_user("huyenb", unit=tree.district_b, kind=RoleKind.OFFICER),
        viewer=make_user("xem", unit=tree.province, kind=RoleKind.VIEWER),
        nobody=make_user("khong"),
    )
