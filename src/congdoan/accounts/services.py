"""Writes on users and roles. Each runs in one transaction and writes the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from congdoan.accounts import audit
from congdoan.accounts.models import Role, RoleKind, User
from congdoan.accounts.scope import forget_scope, path_allowed
from congdoan.common.errors import DomainError, ScopeError


def create_user(
    *, actor: User | None, username: str, password: str, full_name: str = "", email: str = ""
) -> User:
    """Create a login (người dùng). ``actor`` None means the system (demo, set-up)."""
    username = username.strip()
    if not username:
        raise DomainError(_("Tên đăng nhập không được để trống."), field="username")
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(_("Tên đăng nhập “%(u)s” đã có.") % {"u": username}, field="username")
        user = User(username=username, full_name=full_name, email=email)
        user.set_password(password)
        user.save()
        audit.record(
            actor=actor,
            action="user.create",
            obj=user,
            after={"username": username, "full_name": full_name, "email": email},
        )
    return user


def grant_role(*, actor: User | None, user: User, unit, kind: str, reason: str = "") -> Role:  # type: ignore[no-untyped-def]
    """Give ``user`` a role on ``unit`` (and so on its subtree)."""
    if kind not in RoleKind.values:
        raise DomainError(_("Vai trò không hợp lệ: %(k)s") % {"k": kind}, field="kind")
    if actor is not None and not path_allowed(actor, unit.path, "manage_users"):
        raise ScopeError()
    with transaction.atomic():
        role, created = Role.objects.get_or_create(user=user, unit=unit, kind=kind)
        if created:
            audit.record(
                actor=actor,
                action="role.grant",
                obj=role,
                unit=unit,
                after={"user": user.username, "unit": unit.code, "kind": kind},
                reason=reason,
            )
    forget_scope(user)
    return role


def revoke_role(*, actor: User | None, role: Role, reason: str = "") -> None:
    """Take a role away."""
    if actor is not None and not path_allowed(actor, role.unit.path, "manage_users"):
        raise ScopeError()
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="role.revoke",
            obj=role,
            unit=role.unit,
            before={"user": role.user.username, "unit": role.unit.code, "kind": role.kind},
            reason=reason,
        )
        role.delete()
    forget_scope(role.user)
