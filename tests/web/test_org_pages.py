"""The org pages: tree, search, detail, operation forms with preview, the restructuring wizard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from helpers import build_tree, user_with_role

from congdoan.accounts.models import AuditEntry, RoleKind
from congdoan.org import selectors
from congdoan.org.models import Status, Unit, UnitVersion

pytestmark = pytest.mark.django_db

ON = "2024-05-01"


@pytest.fixture
def tree():
    return build_tree()


@pytest.fixture
def admin_client(client, tree):
    client.force_login(user_with_role("admin_p", tree.province))
    return client


def _parent_on(unit: Unit, on: dt.date) -> Unit | None:
    version = UnitVersion.objects.get(unit=unit, valid_from__lte=on, valid_to__gt=on)
    return version.parent


def test_pages_need_login(client, tree):
    response = client.get(reverse("org:tree"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    "name",
    [
        "detail",
        "children",
        "found",
        "rename",
        "move",
        "move_children",
        "merge",
        "split",
        "dissolve",
        "edit",
        "workforce",
    ],
)
def test_unit_pages_render_in_scope_and_404_outside(admin_client, tree, name):
    inside = admin_client.get(reverse(f"org:{name}", args=[tree.north.pk]), {"on": ON})
    assert inside.status_code == 200
    outside = admin_client.get(reverse(f"org:{name}", args=[tree.other_grassroots.pk]), {"on": ON})
    assert outside.status_code == 404
    assert "Bí Mật" not in outside.content.decode()


def test_tree_shows_scope_roots_with_counts_and_hides_other_province(admin_client, tree):
    page = admin_client.get(reverse("org:tree"), {"on": ON}).content.decode()
    assert "Liên đoàn Lao động tỉnh Thử" in page
    assert "Liên đoàn Lao động tỉnh Khác" not in page
    rows = admin_client.get(reverse("org:children", args=[tree.province.pk]), {"on": ON}).content.decode()
    assert "LĐLĐ huyện Bắc Hà" in rows and "LĐLĐ huyện Nam Sơn" in rows
    assert "<html" not in rows  # an htmx fragment, not a whole page


def test_tree_as_of_a_date_before_the_units_existed_is_empty(admin_client, tree):
    before = admin_client.get(reverse("org:tree"), {"on": "2019-01-01"}).content.decode()
    after = admin_client.get(reverse("org:tree"), {"on": "2020-01-01"}).content.decode()
    row = f'id="children-{tree.province.pk}"'
    assert row not in before
    assert row in after


def test_search_ignores_diacritics_and_stays_in_scope(admin_client, tree):
    page = admin_client.get(
        reverse("org:search"), {"q": "hoang giang"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Công đoàn Công ty May Hoàng Giang" in page
    assert "<html" not in page
    hidden = admin_client.get(reverse("org:search"), {"q": "bi mat"}).content.decode()
    assert "Công ty Bí Mật" not in hidden


def test_detail_shows_parent_chain_history_and_operation_buttons(admin_client, tree):
    page = admin_client.get(reverse("org:detail", args=[tree.factory.pk]), {"on": ON}).content.decode()
    assert "CS1" in page
    assert "LĐLĐ huyện Bắc Hà" in page  # the parent chain
    assert reverse("org:rename", args=[tree.factory.pk]) in page
    assert reverse("org:merge", args=[tree.factory.pk]) in page


def test_viewer_sees_detail_but_no_operation_buttons_and_cannot_post(client, tree):
    client.force_login(user_with_role("viewer", tree.province, RoleKind.VIEWER))
    page = client.get(reverse("org:detail", args=[tree.factory.pk]), {"on": ON}).content.decode()
    assert reverse("org:rename", args=[tree.factory.pk]) not in page
    response = client.post(
        reverse("org:rename", args=[tree.factory.pk]), {"name": "Tên lạ", "on": ON, "confirm": "1"}
    )
    assert response.status_code == 403
    tree.factory.refresh_from_db()
    assert tree.factory.name == "Công đoàn Công ty May Hoàng Giang"


def test_rename_preview_changes_nothing_and_confirm_renames_with_audit(admin_client, tree):
    url = reverse("org:rename", args=[tree.factory.pk])
    form = {"name": "Công đoàn Công ty May Hoàng Giang Mới", "on": ON, "decision": "12/QĐ-LĐLĐ"}
    preview = admin_client.post(url, form)
    assert preview.status_code == 200
    assert "Xác nhận" in preview.content.decode()
    tree.factory.refresh_from_db()
    assert tree.factory.name == "Công đoàn Công ty May Hoàng Giang"
    audits = AuditEntry.objects.count()

    done = admin_client.post(url, {**form, "confirm": "1"})
    assert done.status_code == 302
    tree.factory.refresh_from_db()
    assert tree.factory.name == "Công đoàn Công ty May Hoàng Giang Mới"
    assert AuditEntry.objects.count() > audits
    assert AuditEntry.objects.filter(object_id=str(tree.factory.pk)).exists()


def test_found_with_a_code_in_use_shows_the_vietnamese_error_and_changes_nothing(admin_client, tree):
    units = Unit.objects.count()
    response = admin_client.post(
        reverse("org:found", args=[tree.north.pk]),
        {"code": "CS2", "name": "Công đoàn trùng mã", "level": "grassroots", "on": ON, "confirm": "1"},
    )
    assert response.status_code == 200
    assert "Mã đơn vị “CS2” đã được dùng." in response.content.decode()
    assert Unit.objects.count() == units


def test_move_to_a_unit_outside_scope_is_refused_as_unknown(admin_client, tree):
    response = admin_client.post(
        reverse("org:move", args=[tree.factory.pk]), {"new_parent": "Q", "on": ON, "confirm": "1"}
    )
    assert response.status_code == 200
    assert "Không tìm thấy đơn vị “Q”" in response.content.decode()
    assert _parent_on(tree.factory, dt.date(2024, 6, 1)) == tree.north


def test_move_children_moves_the_selected_units_from_the_date(admin_client, tree):
    response = admin_client.post(
        reverse("org:move_children", args=[tree.north.pk]),
        {"children": [tree.factory.pk, tree.school.pk], "new_parent": "S", "on": ON, "confirm": "1"},
    )
    assert response.status_code == 302
    assert _parent_on(tree.factory, dt.date(2024, 4, 30)) == tree.north
    assert _parent_on(tree.factory, dt.date(2024, 5, 1)) == tree.south
    assert _parent_on(tree.school, dt.date(2024, 5, 1)) == tree.south
    assert AuditEntry.objects.filter(object_id=str(tree.school.pk)).exists()


def test_merge_into_an_existing_unit_ends_the_source(admin_client, tree):
    response = admin_client.post(
        reverse("org:merge", args=[tree.school.pk]),
        {"mode": "into", "into": "CS1", "on": ON, "reason": "Sáp nhập trường", "confirm": "1"},
    )
    assert response.status_code == 302
    assert selectors.unit_on(tree.school, dt.date(2024, 4, 30)).status == Status.ACTIVE
    after = selectors.unit_on(tree.school, dt.date(2024, 5, 1))
    assert after is None or after.status != Status.ACTIVE


def test_merge_into_a_new_unit_needs_its_code_and_name(admin_client, tree):
    response = admin_client.post(
        reverse("org:merge", args=[tree.north.pk]), {"mode": "new", "others": "S", "on": ON, "confirm": "1"}
    )
    assert "Hãy nhập mã đơn vị mới." in response.content.decode()
    assert Unit.objects.filter(code__startswith="NS").count() == 0


def test_dissolve_moves_children_to_the_chosen_unit(admin_client, tree):
    response = admin_client.post(
        reverse("org:dissolve", args=[tree.north.pk]), {"children_to": "S", "on": ON, "confirm": "1"}
    )
    assert response.status_code == 302
    assert _parent_on(tree.factory, dt.date(2024, 5, 1)) == tree.south
    assert selectors.unit_on(tree.north, dt.date(2024, 5, 1)).status != Status.ACTIVE


def test_split_creates_the_parts_with_their_children(admin_client, tree):
    response = admin_client.post(
        reverse("org:split", args=[tree.north.pk]),
        {"parts": "N1 | LĐLĐ Bắc Một | CS1\nN2 | LĐLĐ Bắc Hai | CS2", "on": ON, "confirm": "1"},
    )
    assert response.status_code == 302, response.content.decode()
    n1 = Unit.objects.get(code="N1")
    assert _parent_on(tree.factory, dt.date(2024, 5, 1)) == n1


def test_split_with_a_malformed_line_shows_the_line_number(admin_client, tree):
    response = admin_client.post(
        reverse("org:split", args=[tree.north.pk]), {"parts": "chỉ có mã", "on": ON, "confirm": "1"}
    )
    assert "Dòng 1: cần có mã và tên" in response.content.decode()


def test_workforce_is_recorded(admin_client, tree):
    response = admin_client.post(
        reverse("org:workforce", args=[tree.factory.pk]),
        {"as_of": "2024-12-31", "workers": "850", "women": "600"},
    )
    assert response.status_code == 302
    assert tree.factory.workforce.get().workers == 850


def test_restructure_wizard_previews_then_applies_the_2025_reform(admin_client, tree):
    url = reverse("org:restructure")
    assert admin_client.get(url).status_code == 200
    form = {"province": tree.province.pk, "agencies_on": "2025-06-01", "on": "2025-07-01"}
    preview = admin_client.post(url, form).content.decode()
    assert "Giải thể LĐLĐ huyện" in preview
    assert selectors.unit_on(tree.north, dt.date(2025, 7, 1)).status == Status.ACTIVE

    done = admin_client.post(url, {**form, "apply": "1", "decision": "99/QĐ", "reason": "Sắp xếp 2025"})
    assert done.status_code == 200
    assert "?on=2025-07-01" in done.content.decode()
    assert selectors.unit_on(tree.north, dt.date(2024, 12, 31)).status == Status.ACTIVE
    assert _parent_on(tree.factory, dt.date(2025, 7, 1)) == tree.province
    assert AuditEntry.objects.filter(reason="Sắp xếp 2025").exists()


def test_restructure_wizard_rejects_a_province_outside_scope(admin_client, tree):
    response = admin_client.post(
        reverse("org:restructure"),
        {"province": tree.other.pk, "agencies_on": "2025-06-01", "on": "2025-07-01"},
    )
    assert response.status_code == 200
    assert selectors.unit_on(tree.other_grassroots, dt.date(2025, 7, 1)).status == Status.ACTIVE
    assert "Liên đoàn Lao động tỉnh Khác" not in response.content.decode()


def test_restructure_wizard_reports_a_bad_csv_row(admin_client, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv_text = "ngay,thao_tac,ma_don_vi,ma_don_vi_dich,ten,cap,ma_xa,ghi_chu\n2025-13-01,chuyen,CS1,P,,,,\n"
    upload = SimpleUploadedFile("plan.csv", csv_text.encode(), content_type="text/csv")
    response = admin_client.post(
        reverse("org:restructure"),
        {"province": tree.province.pk, "agencies_on": "2025-06-01", "on": "2025-07-01", "plan_file": upload},
    )
    assert "Dòng 2" in response.content.decode()


def test_restructure_plan_downloads_as_csv(admin_client, tree):
    response = admin_client.get(
        reverse("org:restructure_csv"),
        {"province": tree.province.pk, "agencies_on": "2025-06-01", "on": "2025-07-01"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "giai_the" in response.content.decode()
