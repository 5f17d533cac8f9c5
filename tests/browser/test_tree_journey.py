"""A federation officer's journey in a real browser: log in, browse the tree, find a unit, rename it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from congdoan.accounts.models import AuditEntry
from congdoan.org import services
from congdoan.org.models import Unit
from factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_NAME = "Công đoàn khu vực Bát Xát"
MERGE_DAY = dt.date(2025, 7, 1)


def test_federation_admin_finds_a_district_and_renames_it_with_a_preview(page, tree, users):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.fill("#id_username", "lcadmin")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # Home is the dashboard; the menu leads to the tree.
    page.locator("nav.menu").get_by_role("link", name="Cây tổ chức").click()

    # The tree starts at the top of the admin's scope: the province, with its counts.
    root = page.locator("#tree-root")
    expect(root).to_contain_text("Liên đoàn Lao động tỉnh Lào Cai")
    expect(root).to_contain_text("5 CĐCS")
    expect(root).not_to_contain_text("Tổng Liên đoàn")
    # Expanding the province loads its districts.
    root.locator("li").first.locator("button.toggle").click()
    children = page.locator(f"#children-{tree.province.pk}")
    expect(children).to_contain_text("LĐLĐ huyện Bảo Thắng")
    expect(children).to_contain_text("LĐLĐ huyện Bát Xát")

    # Search without diacritics.
    page.fill("#search", "bat xat")
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="LĐLĐ huyện Bát Xát")).to_be_visible()
    expect(results).not_to_contain_text("Bảo Thắng")
    results.get_by_role("link", name="LĐLĐ huyện Bát Xát").click()
    expect(page.locator("h1")).to_contain_text("LĐLĐ huyện Bát Xát")

    # Rename: the preview shows what will be written and writes nothing.
    page.get_by_role("link", name="Đổi tên").click()
    page.fill("#id_name", NEW_NAME)
    page.fill("#id_on", "2025-07-01")
    page.fill("#id_reason", "Theo quyết định sắp xếp")
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_text("Xem trước kết quả")).to_be_visible()
    # Until confirmed, the page still calls the unit by its current name.
    expect(page.locator(".breadcrumbs")).to_have_text("LĐLĐ huyện Bát Xát")
    expect(page.locator(".card form")).to_contain_text(f"Đổi tên từ “LĐLĐ huyện Bát Xát” thành “{NEW_NAME}”")
    assert Unit.objects.get(pk=tree.b.pk).name == "LĐLĐ huyện Bát Xát"
    assert not AuditEntry.objects.filter(action="unit.rename").exists()

    page.get_by_role("button", name="Xác nhận và ghi").click()
    expect(page.locator("h1")).to_contain_text(NEW_NAME)
    history = page.locator(".card", has_text="Lịch sử")
    expect(history).to_contain_text("01/07/2025")
    expect(history).to_contain_text("LĐLĐ huyện Bát Xát")
    audit = page.locator(".card", has_text="Nhật ký thay đổi")
    expect(audit).to_contain_text("unit.rename")
    expect(audit).to_contain_text("Nguyễn Thị Hương")
    expect(audit).to_contain_text("Theo quyết định sắp xếp")

    entry = AuditEntry.objects.get(action="unit.rename")
    assert (entry.actor, entry.unit, entry.after["name"]) == (users.fed_admin, tree.b, NEW_NAME)


def test_a_viewer_reads_the_tree_before_and_after_a_merge_and_cannot_change_it(page, tree, users):
    services.merge_units(
        actor=None, sources=[tree.a, tree.b], on=MERGE_DAY, new_code="BT-BX", new_name="LĐLĐ liên huyện"
    )
    page.goto("/accounts/login/")
    page.fill("#id_username", "xem")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"/org/{tree.province.pk}/?on=2025-06-30")
    children = page.locator(".card", has_text="Đơn vị trực thuộc ngày 30/06/2025")
    expect(children).to_contain_text("LĐLĐ huyện Bát Xát")
    expect(children).to_contain_text("LĐLĐ huyện Bảo Thắng")
    expect(children).not_to_contain_text("LĐLĐ liên huyện")

    page.fill("#on", "2025-07-01")
    page.get_by_role("button", name="Xem").click()
    children = page.locator(".card", has_text="Đơn vị trực thuộc ngày 01/07/2025")
    expect(children).to_contain_text("LĐLĐ liên huyện")
    expect(children).not_to_contain_text("LĐLĐ huyện Bát Xát")
    # A viewer gets no buttons that change anything, and the form itself refuses.
    expect(page.get_by_role("link", name="Đổi tên")).to_have_count(0)
    response = page.goto(f"/org/{tree.province.pk}/rename/")
    assert response is not None and response.status == 403
