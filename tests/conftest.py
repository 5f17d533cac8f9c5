"""Shared fixtures: a small dated tree built through the services, users with roles, logged-in clients.

The tree, as founded on 2020-01-01::

    TLD  Tổng Liên đoàn Lao động Việt Nam
    └── LC  Liên đoàn Lao động tỉnh Lào Cai
        ├── BT  LĐLĐ huyện Bảo Thắng          (unit "A")
        │   ├── BT-01  Công đoàn cơ sở Trường Tiểu học Kim Đồng
        │   └── BT-02  Công đoàn cơ sở Công ty Cổ phần Apatit
        ├── BX  LĐLĐ huyện Bát Xát            (unit "B")
        │   ├── BX-01  Công đoàn cơ sở Trường Mầm non Bản Vược
        │   └── BX-02  Công đoàn cơ sở Trạm Y tế xã Cốc San
        └── SP  LĐLĐ thị xã Sa Pa
            └── SP-01  Công đoàn cơ sở Khách sạn Hoàng Liên
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client

from congdoan.accounts.models import RoleKind, User
from congdoan.org.models import Level, Unit
from factories import UnitFactory, UserFactory, grant

FOUNDED = dt.date(2020, 1, 1)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rolled-back tests reuse ids, so cached reports keyed by the audit trail's last id must not outlive a test.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that check it restore the real list.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(db) -> SimpleNamespace:
    """The small Lào Cai tree above; attributes name each unit (``a`` and ``b`` are the two districts)."""

    def found(parent: Unit | None, code: str, name: str, level: str) -> Unit:
        return UnitFactory(parent=parent, code=code, name=name, level=level, on=FOUNDED)

    confederation = found(None, "TLD", "Tổng Liên đoàn Lao động Việt Nam", Level.CONFEDERATION)
    province = found(confederation, "LC", "Liên đoàn Lao động tỉnh Lào Cai", Level.PROVINCE_FEDERATION)
    a = found(province, "BT", "LĐLĐ huyện Bảo Thắng", Level.DISTRICT_FEDERATION)
    b = found(province, "BX", "LĐLĐ huyện Bát Xát", Level.DISTRICT_FEDERATION)
    sapa = found(province, "SP", "LĐLĐ thị xã Sa Pa", Level.DISTRICT_FEDERATION)
    return SimpleNamespace(
        confederation=confederation,
        province=province,
        a=a,
        b=b,
        sapa=sapa,
        a1=found(a, "BT-01", "Công đoàn cơ sở Trường Tiểu học Kim Đồng", Level.GRASSROOTS),
        a2=found(a, "BT-02", "Công đoàn cơ sở Công ty Cổ phần Apatit", Level.GRASSROOTS),
        b1=found(b, "BX-01", "Công đoàn cơ sở Trường Mầm non Bản Vược", Level.GRASSROOTS),
        b2=found(b, "BX-02", "Công đoàn cơ sở Trạm Y tế xã Cốc San", Level.GRASSROOTS),
        sapa1=found(sapa, "SP-01", "Công đoàn cơ sở Khách sạn Hoàng Liên", Level.GRASSROOTS),
    )


@pytest.fixture
def users(tree) -> SimpleNamespace:
    """Users of the tree: federation admin and viewer of the province, officer of A, no role, superuser."""
    return SimpleNamespace(
        fed_admin=grant(
            UserFactory(username="lcadmin", full_name="Nguyễn Thị Hương"),
            tree.province,
            RoleKind.FEDERATION_ADMIN,
        ),
        officer_a=grant(UserFactory(username="baothang", full_name="Lò Văn Thào"), tree.a, RoleKind.OFFICER),
        viewer=grant(UserFactory(username="xem", full_name="Phạm Minh Đức"), tree.province, RoleKind.VIEWER),
        norole=UserFactory(username="khongvaitro", full_name="Trần Văn Khách"),
        superuser=UserFactory(
            username="admin", full_name="Quản trị hệ thống", is_superuser=True, is_staff=True
        ),
    )


@pytest.fixture
def client_for(db) -> Callable[[User], Client]:
    """``client_for(user)``: a test client logged in as ``user`` (no password check, no throttling)."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
