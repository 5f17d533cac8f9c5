"""An officer's journey through the member pages in a real browser: find a member, open them, transfer them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from congdoan.accounts.models import AuditEntry
from congdoan.members import services
from congdoan.members.models import Person
from factories import PASSWORD
from member_data import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_finds_a_member_without_diacritics_and_transfers_them(page, tree, users):
    giang = services.admit(
        actor=None, unit=tree.a1, on=dt.date(2021, 3, 1), person=person("Hoàng Văn Giang", "male")
    )
    services.admit(actor=None, unit=tree.a1, on=dt.date(2021, 3, 1), person=person("Hoàng Thị Lan", "female"))
    services.admit(actor=None, unit=tree.b1, on=dt.date(2021, 3, 1), person=person("Hoàng Văn Gia", "male"))

    page.goto("/members/")
    page.fill("#id_username", "baothang")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # The member list of the officer's district, with its filters.
    expect(page.locator("h1")).to_contain_text("LĐLĐ huyện Bảo Thắng")
    table = page.locator("#member-table")
    expect(table.locator("tr.member-row")).to_have_count(2)
    page.select_option("#id_gender", "female")
    expect(table.locator("tr.member-row")).to_have_count(1)
    expect(table).to_contain_text("Hoàng Thị Lan")
    expect(page).to_have_url(re.compile(r"gender=female"))

    # Quick search without diacritics, by partial words; B's namesake stays hidden.
    page.get_by_role("link", name="Tìm nhanh đoàn viên").click()
    page.fill("#q", "hoang gi")
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="Hoàng Văn Giang")).to_be_visible()
    expect(results).not_to_contain_text("Hoàng Thị Lan")
    assert "Hoàng Văn Gia<" not in results.inner_html()
    results.get_by_role("link", name="Hoàng Văn Giang").click()

    expect(page.locator("h1")).to_contain_text("Hoàng Văn Giang")
    expect(page.locator("#personal-data")).not_to_contain_text(giang.cccd)
    expect(page.get_by_role("button", name="Hiện số CCCD")).to_have_count(0)

    # Transfer to the other grassroots union of the district.
    page.get_by_role("link", name="Chuyển sinh hoạt").click()
    page.fill("#id_to_unit", "BT-02")
    page.fill("#id_on", "2025-09-01")
    page.fill("#id_decision", "21/QĐ-LĐLĐ")
    page.fill("#id_reason", "Chuyển công tác")
    page.get_by_role("button", name="Ghi").click()

    expect(page.locator(".messages")).to_contain_text("Đã ghi: Chuyển sinh hoạt — Hoàng Văn Giang")
    history = page.locator("#history")
    expect(history).to_contain_text("Chuyển sinh hoạt đi")
    expect(history).to_contain_text("Chuyển sinh hoạt đến")
    expect(history).to_contain_text("01/09/2025")
    expect(history).to_contain_text("21/QĐ-LĐLĐ")
    expect(page.locator(".breadcrumbs")).to_contain_text("Công ty Cổ phần Apatit")

    giang.refresh_from_db()
    assert giang.unit == tree.a2 and giang.joined_on == dt.date(2021, 3, 1)
    entry = AuditEntry.objects.get(action="member.transfer", object_id=str(giang.pk))
    assert entry.actor == users.officer_a
    assert Person.objects.filter(full_name="Hoàng Văn Gia").get().unit == tree.b1
