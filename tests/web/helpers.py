"""Shared set-up of the web page tests: a small dated tree and users scoped to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from congdoan.accounts import services as accounts
from congdoan.accounts.models import RoleKind, User
from congdoan.org import services as org
from congdoan.org.models import Level, Unit

START = dt.date(2020, 1, 1)
PASSWORD = "mat-khau-rat-dai-2025"


@dataclass
class Tree:
    """Two provinces; the tests act inside ``province`` and probe ``other``."""

    province: Unit
    north: Unit
    south: Unit
    factory: Unit
    school: Unit
    other: Unit
    other_grassroots: Unit


def found(parent: Unit | None, code: str, name: str, level: str) -> Unit:
    return org.found_unit(actor=None, parent=parent, code=code, name=name, level=level, on=START)


def build_tree() -> Tree:
    province = found(None, "P", "Liên đoàn Lao động tỉnh Thử", Level.PROVINCE_FEDERATION)
    north = found(province, "N", "LĐLĐ huyện Bắc Hà", Level.DISTRICT_FEDERATION)
    south = found(province, "S", "LĐLĐ huyện Nam Sơn", Level.DISTRICT_FEDERATION)
    factory = found(north, "CS1", "Công đoàn Công ty May Hoàng Giang", Level.GRASSROOTS)
    school = found(north, "CS2", "Công đoàn Trường Tiểu học Bắc Hà", Level.GRASSROOTS)
    other = found(None, "Q", "Liên đoàn Lao động tỉnh Khác", Level.PROVINCE_FEDERATION)
    other_grassroots = found(other, "CS9", "Công đoàn Công ty Bí Mật", Level.GRASSROOTS)
    return Tree(province, north, south, factory, school, other, other_grassroots)


def user_with_role(username: str, unit: Unit, kind: str = RoleKind.FEDERATION_ADMIN) -> User:
    user = accounts.create_user(actor=None, username=username, password=PASSWORD, full_name=username)
    accounts.grant_role(actor=None, user=user, unit=unit, kind=kind)
    return user
