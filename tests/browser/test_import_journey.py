"""An officer imports a member list in a real browser: upload, progress, preview, confirm, the list.

The background steps go through the database queue, as on the server; the
test plays the server's worker (``run_queued``) once it has seen the page
waiting, so the progress bar is seen for certain. ``CONGDOAN_SCREENSHOTS``
names a folder to keep pictures of the preview and the result in.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from congdoan.common.background import run_queued
from congdoan.members.models import Person
from factories import PASSWORD
from imports.sheet_factory import member_sheet, write
from member_data import cccd_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date


def _shot(page, name: str) -> None:
    folder = os.environ.get("CONGDOAN_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_officer_imports_a_list_skipping_its_bad_row(page, tree, users, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    members = [
        {
            "full_name": name,
            "birth_date": born,
            "gender": gender,
            "joined_on": joined,
            "cccd": cccd_for(gender, year),
        }
        for name, born, year, gender, joined in [
            ("Nguyễn Văn An", D(1985, 3, 5), 1985, "male", D(2021, 5, 1)),
            ("Lò Thị Mai", "31/02/1990", 1990, "female", D(2022, 1, 15)),  # no such day
            ("Sùng A Páo", D(1979, 7, 20), 1979, "male", D(2018, 9, 1)),
        ]
    ]
    path = write(tmp_path / "danh-sach-apatit.xlsx", {"Danh sách": member_sheet(members)})

    page.goto(f"/members/unit/{tree.a2.pk}/")
    page.fill("#id_username", "baothang")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Nhập từ Excel").click()

    expect(page.locator("h1")).to_contain_text("Công ty Cổ phần Apatit")
    _shot(page, "import-upload.png")
    page.set_input_files("#id_file", str(path))
    page.get_by_label("Bỏ qua dòng lỗi").check()
    page.get_by_role("button", name="Tải lên và kiểm tra").click()

    # Waiting for the server, then checking: the page shows a progress bar and polls.
    expect(page.locator("#progress-bar")).to_be_visible()
    expect(page.locator("#job-progress")).to_contain_text("Đang chờ máy chủ")
    _shot(page, "import-progress.png")
    assert run_queued() == 1
    job = page.locator("#job")
    expect(job).to_have_attribute("data-state", "checked")
    expect(page.locator("#count-rows_read")).to_have_text("3")
    expect(page.locator("#count-created")).to_have_text("2")
    expect(page.locator("#count-rejected")).to_have_text("1")
    expect(page.locator("#error-table")).to_contain_text("31/02/1990")
    expect(page.locator("#sample-table")).to_contain_text("05/03/1985")
    assert Person.objects.count() == 0
    _shot(page, "import-preview.png")

    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.locator("#progress-bar")).to_be_visible()
    assert run_queued() == 1
    expect(job).to_have_attribute("data-state", "done")
    expect(page.locator("#count-created")).to_have_text("2")
    expect(page.locator("#rejects-link")).to_be_visible()
    _shot(page, "import-done.png")

    page.get_by_role("link", name="Xem danh sách đoàn viên").click()
    table = page.locator("#member-table")
    expect(table.locator("tr.member-row")).to_have_count(2)
    expect(table).to_contain_text("Sùng A Páo")
    expect(table).not_to_contain_text("Lò Thị Mai")
