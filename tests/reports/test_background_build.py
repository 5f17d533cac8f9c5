"""A large report is built by the background worker while its page shows the progress; a small one at once."""

from __future__ import annotations

from congdoan.common.background import run_queued
from congdoan.reports import tasks

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def test_a_large_report_is_built_in_the_background_and_the_page_waits_for_it(
    year, users, client_for, settings, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr(tasks, "LARGE", 3)  # the province's subtree counts as large here
    admin = client_for(users.fed_admin)
    url = f"/reports/unit/{year.province.pk}/?year=2024"

    waiting = admin.get(url)
    assert waiting.status_code == 202
    assert "Đang lập báo cáo năm 2024" in waiting.content.decode()
    assert tasks.progress(year.province, 2024) == 0.0
    # Asking again does not queue it twice.
    assert admin.get(url).status_code == 202
    assert run_queued() == 1

    done = admin.get(url)
    assert done.status_code == 200
    assert 'data-code="members.new"' in done.content.decode()
    assert tasks.progress(year.province, 2024) is None
    # A grassroots union alone is small: built at once, nothing queued.
    assert not tasks.is_large(year.b2, 2024)
    assert admin.get(f"/reports/unit/{year.b2.pk}/?year=2024").status_code == 200
    assert run_queued() == 0


def test_a_small_report_is_built_in_the_request(year, users, client_for, settings):
    settings.TASKS = DATABASE_TASKS
    page = client_for(users.fed_admin).get(f"/reports/unit/{year.province.pk}/annual/?year=2024")
    assert page.status_code == 200
    assert run_queued() == 0
