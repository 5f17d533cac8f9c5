"""Support in a real browser, by two people: an officer enters a grant, an approver approves it."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from congdoan.accounts.models import AuditEntry, RoleKind
from congdoan.care import services as care
from congdoan.care.models import FundingKind, GrantState, ProgrammeKind, SupportGrant
from congdoan.members import services as members
from factories import PASSWORD, UserFactory, grant
from member_data import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/care/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_an_officer_enters_a_grant_and_an_approver_approves_it(page, tree, users):
    approver = grant(
        UserFactory(username="duyetchi", full_name="Hoàng Văn Bình"), tree.province, RoleKind.APPROVER
    )
    care.create_programme(
        actor=None,
        unit=tree.province,
        name="Tết Sum vầy 2024",
        kind=ProgrammeKind.TET,
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 2, 29),
        budget=100_000_000,
        funding={FundingKind.PROVINCE: (100_000_000, "")},
    )
    pao = members.admit(
        actor=None,
        unit=tree.a1,
        on=dt.date(2020, 3, 1),
        person=person("Sùng A Páo", "male", dt.date(1985, 4, 2)),
    )

    # The officer of Bảo Thắng records the Tết gift for a member of one of the district's unions.
    log_in(page, "baothang")
    expect(page.locator("h1")).to_contain_text("Lượt hỗ trợ")
    page.get_by_role("link", name="Ghi một lượt hỗ trợ").click()
    page.select_option("#id_programme", label="Tết Sum vầy 2024")
    page.fill("#id_unit", "BT-01")
    page.fill("#id_recipient_id", pao.cccd)
    page.fill("#id_on", "2024-01-25")
    page.fill("#id_amount", "500.000")
    page.fill("#id_in_kind", "Quà Tết")
    page.select_option("#id_funding", "province")
    page.get_by_role("button", name="Ghi đề nghị").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi đề nghị hỗ trợ cho Sùng A Páo; chờ duyệt.")
    expect(page.locator("#grant-state")).to_have_text("Chờ duyệt")
    expect(page.get_by_role("link", name="Duyệt", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Đăng xuất").click()

    # The province's approver finds it in the queue and approves it.
    log_in(page, "duyetchi")
    page.goto("/care/queue/")
    queue = page.locator("#approval-queue")
    expect(queue).to_contain_text("Sùng A Páo")
    expect(queue).to_contain_text("500.000")
    queue.get_by_role("link", name="Sùng A Páo").click()
    page.get_by_role("link", name="Duyệt", exact=True).click()
    page.fill("#id_reason", "Đúng đối tượng")
    page.get_by_role("button", name="Duyệt").click()
    expect(page.locator(".messages")).to_contain_text("Đã duyệt lượt hỗ trợ cho Sùng A Páo.")
    expect(page.locator("#grant-state")).to_have_text("Đã duyệt, chờ chi")
    history = page.locator("#grant-history")
    expect(history).to_contain_text("Lò Văn Thào")
    expect(history).to_contain_text("Hoàng Văn Bình")

    stored = SupportGrant.objects.get()
    assert stored.state == GrantState.APPROVED
    assert (stored.requested_by, stored.decided_by) == (users.officer_a, approver)
    assert AuditEntry.objects.get(action="care.grant_approve").reason == "Đúng đối tượng"
