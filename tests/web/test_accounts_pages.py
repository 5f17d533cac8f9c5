"""Login, the audit trail page and user management, each within the user's scope."""

from __future__ import annotations

import pytest
from django.urls import reverse
from helpers import PASSWORD, START, build_tree, user_with_role

from congdoan.accounts.models import AuditEntry, Role, RoleKind, User
from congdoan.org import services as org

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_tree()


@pytest.fixture
def admin_client(client, tree):
    client.force_login(user_with_role("admin_p", tree.province))
    return client


def test_login_page_is_vietnamese_and_logs_in(client, tree):
    user_with_role("can_bo", tree.north, RoleKind.OFFICER)
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in page
    response = client.post(reverse("accounts:login"), {"username": "can_bo", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("org:tree")).status_code == 200


def test_wrong_password_shows_a_vietnamese_error(client, tree):
    user_with_role("can_bo", tree.north, RoleKind.OFFICER)
    page = client.post(reverse("accounts:login"), {"username": "can_bo", "password": "sai"}).content.decode()
    assert "Đăng nhập" in page
    assert "Traceback" not in page
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(admin_client):
    assert admin_client.post(reverse("accounts:logout")).status_code == 302
    assert admin_client.get(reverse("org:tree")).status_code == 302


def test_english_is_one_switch_away(admin_client):
    admin_client.post(reverse("set_language"), {"language": "en", "next": "/org/"})
    page = admin_client.get(reverse("org:tree")).content.decode()
    assert "Organisation tree" in page or "Organization tree" in page


def test_audit_page_lists_changes_in_scope_only(admin_client, tree):
    org.rename_unit(actor=None, unit=tree.factory, name="Công đoàn May Hoàng Giang 2", on=START)
    org.rename_unit(actor=None, unit=tree.other_grassroots, name="Công đoàn Bí Mật 2", on=START)
    page = admin_client.get(reverse("accounts:audit")).content.decode()
    assert "May Hoàng Giang 2" in page
    assert "Bí Mật" not in page


def test_audit_page_filters_by_unit_subtree(admin_client, tree):
    org.rename_unit(actor=None, unit=tree.factory, name="Công đoàn May Hoàng Giang 2", on=START)
    page = admin_client.get(reverse("accounts:audit"), {"unit": "S"}).content.decode()
    assert "May Hoàng Giang 2" not in page
    page = admin_client.get(reverse("accounts:audit"), {"unit": "N"}).content.decode()
    assert "May Hoàng Giang 2" in page


def test_audit_filter_by_a_unit_outside_scope_finds_nothing(admin_client, tree):
    page = admin_client.get(reverse("accounts:audit"), {"unit": "Q"}).content.decode()
    assert "Không tìm thấy đơn vị “Q”" in page


def test_users_page_lists_roles_in_scope_only(admin_client, tree):
    user_with_role("can_bo_bac", tree.north, RoleKind.OFFICER)
    user_with_role("can_bo_khac", tree.other, RoleKind.OFFICER)
    page = admin_client.get(reverse("accounts:users")).content.decode()
    assert "can_bo_bac" in page
    assert "can_bo_khac" not in page


def test_admin_creates_a_user_with_a_role_and_it_is_audited(admin_client, tree):
    response = admin_client.post(
        reverse("accounts:users"),
        {
            "username": "moi",
            "full_name": "Nguyễn Văn Mới",
            "email": "",
            "password": "mot-mat-khau-dai-2025",
            "unit": "N",
            "kind": RoleKind.OFFICER,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="moi")
    assert Role.objects.filter(user=user, unit=tree.north, kind=RoleKind.OFFICER).exists()
    assert AuditEntry.objects.filter(action="role.grant", object_id=str(user.roles.get().pk)).exists()


def test_creating_a_user_under_a_unit_outside_scope_is_refused(admin_client, tree):
    response = admin_client.post(
        reverse("accounts:users"),
        {
            "username": "moi",
            "full_name": "X",
            "password": "mot-mat-khau-dai-2025",
            "unit": "Q",
            "kind": "officer",
        },
    )
    assert response.status_code == 200
    assert "Không tìm thấy đơn vị “Q”" in response.content.decode()
    assert not User.objects.filter(username="moi").exists()


def test_duplicate_user_name_shows_the_error_and_creates_nothing(admin_client, tree):
    roles = Role.objects.count()
    response = admin_client.post(
        reverse("accounts:users"),
        {
            "username": "admin_p",
            "full_name": "X",
            "password": "mot-mat-khau-dai-2025",
            "unit": "N",
            "kind": "officer",
        },
    )
    assert "Tên đăng nhập “admin_p” đã có." in response.content.decode()
    assert Role.objects.count() == roles


def test_officer_cannot_create_users(client, tree):
    client.force_login(user_with_role("can_bo", tree.province, RoleKind.OFFICER))
    response = client.post(
        reverse("accounts:users"),
        {
            "username": "moi",
            "full_name": "X",
            "password": "mot-mat-khau-dai-2025",
            "unit": "N",
            "kind": "officer",
        },
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="moi").exists()


def test_revoke_role_in_scope_and_404_outside(admin_client, tree):
    inside = user_with_role("can_bo_bac", tree.north, RoleKind.OFFICER).roles.get()
    outside = user_with_role("can_bo_khac", tree.other, RoleKind.OFFICER).roles.get()
    assert admin_client.post(reverse("accounts:revoke_role", args=[outside.pk])).status_code == 404
    assert Role.objects.filter(pk=outside.pk).exists()
    assert admin_client.post(reverse("accounts:revoke_role", args=[inside.pk])).status_code == 302
    assert not Role.objects.filter(pk=inside.pk).exists()
    assert AuditEntry.objects.filter(action="role.revoke").exists()
