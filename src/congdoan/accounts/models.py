"""Users, their roles on units, and the audit trail.

This app sits at the bottom of the import graph: it refers to ``org.Unit``
by name only, so ``org`` can import it (for the audit trail and roles)
without a circle.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.scope import ScopedQuerySet


class User(AbstractUser):
    """A person who logs in: an officer of a unit, a viewer, or a member."""

    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleKind(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", _("Quản trị liên đoàn")
    OFFICER = "officer", _("Cán bộ đơn vị")
    VIEWER = "viewer", _("Người xem")
    MEMBER = "member", _("Đoàn viên")
    # Support grants pass through two more hands than the officer who records them.
    APPROVER = "approver", _("Lãnh đạo duyệt chi")
    ACCOUNTANT = "accountant", _("Kế toán công đoàn")


# What each role may do in its subtree. One table, read by the scope mechanism.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    RoleKind.FEDERATION_ADMIN: frozenset(
        {"view", "change", "restructure", "manage_users", "reveal_id", "approve", "pay"}
    ),
    RoleKind.OFFICER: frozenset({"view", "change"}),
    RoleKind.VIEWER: frozenset({"view"}),
    RoleKind.MEMBER: frozenset({"view_self"}),
    # A unit's chair or vice-chair approves support (and other decisions) of the subtree;
    # the accountant pays approved support. Neither records it: that is the officer's.
    RoleKind.APPROVER: frozenset({"view", "approve"}),
    RoleKind.ACCOUNTANT: frozenset({"view", "pay"}),
}


class Role(models.Model):
    """A user's role on one unit; it reaches the unit's whole subtree (vai trò)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="roles")
    kind = models.CharField(_("vai trò"), max_length=32, choices=RoleKind.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "kind"], name="role_unique_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.unit_id}"


class AuditEntry(models.Model):
    """One write made through the operations layer: who, when, what, before/after, why."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("thao tác"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, db_index=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, db_index=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    # The unit the change belongs to: the audit trail is scoped like everything else.
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
