"""Factories for tests. Units and roles are made through the services, like real ones."""

from __future__ import annotations

import datetime as dt

import factory

from congdoan.accounts import services as accounts
from congdoan.accounts.models import User
from congdoan.org import services as org
from congdoan.org.models import Level, Unit

PASSWORD = "Mật-khẩu-thử-2020"  # noqa: S105 - test password


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    password = factory.django.Password(PASSWORD)
    is_superuser = False
    is_staff = False


class UnitFactory(factory.Factory):
    """A unit founded through :func:`congdoan.org.services.found_unit` (so it has a version and history)."""

    class Meta:
        model = Unit

    actor = None
    parent = None
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Công đoàn cơ sở Thử số {n}")
    level = Level.GRASSROOTS
    on = dt.date(2020, 1, 1)

    @classmethod
    def _create(cls, model_class, **kwargs):  # type: ignore[no-untyped-def]
        return org.found_unit(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("UnitFactory only creates units through the services")


def grant(user: User, unit: Unit, kind: str) -> User:
    """Give ``user`` a role on ``unit`` through the service (as the system)."""
    accounts.grant_role(actor=None, user=user, unit=unit, kind=kind)
    return user
