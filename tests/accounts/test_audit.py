"""The audit trail: written inside the service's transaction, with who, what and why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from congdoan.accounts import audit
from congdoan.accounts import services as accounts
from congdoan.accounts.models import AuditEntry, RoleKind
from congdoan.org import services
from factories import UserFactory

D = dt.date(2025, 7, 1)


def test_recording_outside_a_transaction_is_refused(transactional_db):
    # A bare entry could be written while the change it describes rolls back.
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit.record(actor=None, action="test.outside")
    with transaction.atomic():
        audit.record(actor=None, action="test.inside")
    assert AuditEntry.objects.filter(action="test.outside").count() == 0


def test_an_entry_names_the_actor_and_keeps_their_name(tree, users):
    services.rename_unit(actor=users.fed_admin, unit=tree.a1, name="Tên mới", on=D, reason="Theo quyết định")
    entry = AuditEntry.objects.get(action="unit.rename")
    assert (entry.actor, entry.actor_name, entry.reason, entry.unit) == (
        users.fed_admin,
        "Nguyễn Thị Hương",
        "Theo quyết định",
        tree.a1,
    )
    assert entry.at is not None

    # The entry outlives the login that made it.
    users.fed_admin.delete()
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_name) == (None, "Nguyễn Thị Hương")


def test_the_system_is_named_as_the_actor_of_unattended_changes(tree):
    services.rename_unit(actor=None, unit=tree.a1, name="Tên do hệ thống", on=D)
    entry = AuditEntry.objects.get(action="unit.rename")
    assert (entry.actor, entry.actor_name) == (None, "hệ thống")


def test_user_and_role_changes_are_audited(tree, users):
    newcomer = accounts.create_user(actor=users.superuser, username="moi", password="Mật-khẩu-dài-2025")
    role = accounts.grant_role(actor=users.fed_admin, user=newcomer, unit=tree.b, kind=RoleKind.VIEWER)
    accounts.revoke_role(actor=users.fed_admin, role=role, reason="Chuyển công tác")

    created, granted, revoked = AuditEntry.objects.filter(actor__isnull=False).order_by("id")
    assert (created.action, created.after) == (
        "user.create",
        {"username": "moi", "full_name": "", "email": ""},
    )
    assert (granted.action, granted.unit, granted.after) == (
        "role.grant",
        tree.b,
        {"user": "moi", "unit": "BX", "kind": "viewer"},
    )
    assert (revoked.action, revoked.before, revoked.reason) == (
        "role.revoke",
        {"user": "moi", "unit": "BX", "kind": "viewer"},
        "Chuyển công tác",
    )
    assert "Mật-khẩu" not in str(created.after)


def test_granting_a_role_twice_writes_one_entry(tree):
    user = UserFactory()
    accounts.grant_role(actor=None, user=user, unit=tree.a, kind=RoleKind.VIEWER)
    accounts.grant_role(actor=None, user=user, unit=tree.a, kind=RoleKind.VIEWER)
    assert AuditEntry.objects.filter(action="role.grant", after__user=user.username).count() == 1
