"""The dashboard in a real browser: log in, see the year, drill down from a figure to a child unit and its records."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from factories import PASSWORD
from report_year import year  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_federation_admin_drills_down_from_participations_to_the_sessions(page, year, users):  # noqa: F811
    page.goto("/")
    page.fill("#id_username", "lcadmin")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # Home is the dashboard of the admin's province.
    expect(page.locator("h1")).to_contain_text("Liên đoàn Lao động tỉnh Lào Cai")
    page.fill("#id_year", "2024")
    page.get_by_role("button", name="Xem").click()
    card = page.locator('[data-code="activities.participations"]')
    expect(card.locator(".figure-value")).to_have_text("50")

    # The figure, split by district; a district's share, then its sessions.
    card.click()
    expect(page.locator("#figure-total")).to_have_text("50")
    table = page.locator("#figure-children")
    expect(table).to_contain_text("LĐLĐ huyện Bảo Thắng")
    table.get_by_role("link", name="LĐLĐ huyện Bát Xát").click()
    expect(page.locator("#figure-total")).to_have_text("20")
    expect(page.locator(".breadcrumbs")).to_contain_text("Liên đoàn Lao động tỉnh Lào Cai")
    page.get_by_role("link", name="Xem các hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/activities/\?unit=BX"))
    expect(page.locator("main")).to_contain_text("Phổ biến Luật Công đoàn 2024")
    expect(page.locator("main")).not_to_contain_text("Học tập Nghị quyết")
