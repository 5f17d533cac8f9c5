"""Importing a record kind's table through the browser: the member import's pages, for any registered kind.

The test kind (``record_kind.py``: workforce reports) stands for the apps'
kinds; the background steps run with django-tasks' immediate backend.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from congdoan.accounts.models import AuditEntry, RoleKind
from congdoan.imports.models import ImportJob, JobState
from congdoan.org.models import WorkforceReport
from factories import UserFactory, grant
from imports.sheet_factory import write

D = dt.date
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HEADER = ["STT", "Mã đơn vị", "Tính đến ngày", "Số lao động", "Lao động nữ", "Khu vực", "Đã xác nhận"]
GOOD = [
    [1, "BT-01", D(2024, 12, 31), 40, 31, "Nhà nước", "Có"],
    [2, "BT-02", "31/12/2024", "1.250", 300, "Tư nhân", ""],
]
BAD = [3, "BT-01", "31/02/2024", 12, "", "", ""]


@pytest.fixture(autouse=True)
def _jobs(settings, tmp_path, workforce_kind):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer_b(tree):
    return grant(UserFactory(username="canbobatxat", full_name="Cán bộ Bát Xát"), tree.b, RoleKind.OFFICER)


def _file(tmp_path: Path, rows, name="lao-dong.xlsx") -> Path:
    return write(tmp_path / name, {"Báo cáo": [["BÁO CÁO SỐ LAO ĐỘNG NĂM 2024"], [], HEADER, *rows]})


def _upload(client, unit, path: Path, *, target="unit", skip_invalid=False, kind="workforce"):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), "target": target}
    if skip_invalid:
        data["skip_invalid"] = "on"
    return client.post(reverse("imports:upload_records", args=[kind, unit.pk]), data, follow=True)


def _text(response) -> str:
    return response.content.decode()


def _counts(html: str) -> tuple[str, ...]:
    def cell(key: str) -> str:
        found = re.search(rf'id="count-{key}"[^>]*>([^<]*)<', html)
        assert found, key
        return found.group(1).strip()

    return tuple(cell(key) for key in ("rows_read", "created", "updated", "unchanged", "rejected"))


def _error_rows(html: str) -> list[list[str]]:
    rows = re.findall(r'<tr class="error-row">(.*?)</tr>', html, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows
    ]


def _sheet(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def _reports():
    return sorted((r.unit.code, r.as_of, r.workers) for r in WorkforceReport.objects.all())


# --------------------------------------------------------------------------
# finding the page


def test_the_kind_page_goes_to_the_users_unit_or_the_unit_named(tree, users, client_for):
    client = client_for(users.officer_a)
    page = reverse("imports:upload_records", args=["workforce", tree.a.pk])
    assert reverse("imports:upload_records", args=["workforce"]) == "/imports/workforce/"
    response = client.get("/imports/workforce/")
    assert response.status_code == 302 and response["Location"] == page
    named = client.get("/imports/workforce/", {"unit": "Công đoàn cơ sở Công ty Cổ phần Apatit"})
    assert named["Location"] == reverse("imports:upload_records", args=["workforce", tree.a2.pk])
    # District B, or a unit that does not exist: not found, and the choice again.
    for ref in ("BX", "KHONG-CO"):
        response = client.get("/imports/workforce/", {"unit": ref})
        assert response.status_code == 404 and 'id="unit-problem"' in _text(response)
        assert "Bát Xát" not in _text(response)
    # A user with several units chooses.
    grant(users.officer_a, tree.sapa, RoleKind.OFFICER)
    users.officer_a.__dict__.pop("_scope_cache", None)
    html = _text(client_for(users.officer_a).get("/imports/workforce/"))
    assert 'id="unit-choices"' in html and "LĐLĐ thị xã Sa Pa" in html and "LĐLĐ huyện Bảo Thắng" in html


def test_a_forged_kind_is_a_404(tree, users, client_for):
    client = client_for(users.fed_admin)
    for url in (
        "/imports/khong-co/",
        f"/imports/khong-co/{tree.a.pk}/",
        f"/imports/khong-co/{tree.a.pk}/template.xlsx",
        f"/imports/members/{tree.a.pk}/",  # members have their own pages
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/imports/khong-co/{tree.a.pk}/", {"target": "unit"}).status_code == 404
    assert not ImportJob.objects.exists()


def test_the_upload_page_says_what_a_row_is_and_offers_the_template(tree, users, client_for):
    client = client_for(users.officer_a)
    html = _text(client.get(reverse("imports:upload_records", args=["workforce", tree.a.pk])))
    assert "Nhập «Số lao động» — LĐLĐ huyện Bảo Thắng" in html
    assert "Mỗi dòng là số lao động của một công đoàn cơ sở tính đến một ngày." in html
    assert 'value="unit"' in html and 'value="column"' in html and "«Mã đơn vị»" in html
    template_url = reverse("imports:record_template", args=["workforce", tree.a.pk])
    assert template_url in html
    response = client.get(template_url)
    assert response["Content-Disposition"] == 'attachment; filename="mau-workforce.xlsx"'
    rows = _sheet(response.content)
    assert rows[0][0] == "LĐLĐ HUYỆN BẢO THẮNG"
    assert rows[-1] == HEADER  # the kind's header, nothing under it


def test_the_care_grant_list_links_to_the_grants_import(tree, users, client_for):
    client = client_for(users.officer_a)
    url = reverse("imports:upload_records", args=["grants"])
    assert url in _text(client.get(reverse("care:index")))
    html = _text(client.get(url, follow=True))
    assert "Mỗi dòng là một lượt hỗ trợ cho một người" in html and "Chương trình" in html


# --------------------------------------------------------------------------
# the flow


def test_a_clean_file_is_previewed_then_imported_and_audited(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    response = _upload(client, tree.a, _file(tmp_path, GOOD))
    job = ImportJob.objects.get()
    assert job.kind == "workforce" and job.unit == tree.a and job.origin == tree.a
    assert response.redirect_chain == [(reverse("imports:job", args=[job.pk]), 302)]
    html = _text(response)
    assert job.state == JobState.CHECKED and "Nhập «Số lao động» — lao-dong.xlsx" in html
    assert _counts(html) == ("2", "2", "0", "0", "0")
    assert "Không có lỗi" in html and 'id="confirm" disabled' not in html
    assert "Trang «Báo cáo»: tiêu đề cột ở dòng 3" in html
    sample = re.findall(r'<tr class="sample-row">(.*?)</tr>', html, re.S)
    assert re.findall(r"<td>(.*?)</td>", sample[1])[:3] == ["BT-02", "31/12/2024", "1250"]
    assert "Ngoài nhà nước" in sample[1]  # "Tư nhân" as stored: the code's first label
    assert _reports() == []  # the check writes nothing

    done = client.post(reverse("imports:confirm_job", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.confirmed_by == users.officer_a
    html = _text(done)
    assert "Đã nhập xong" in html and _counts(html) == ("2", "2", "0", "0", "0")
    assert reverse("imports:upload_records", args=["workforce", tree.a.pk]) in html
    assert _reports() == [("BT-01", D(2024, 12, 31), 40), ("BT-02", D(2024, 12, 31), 1250)]
    entry = AuditEntry.objects.get(action="workforce.import")
    assert entry.actor == users.officer_a and entry.after["file"] == "lao-dong.xlsx"
    # The job is listed on the kind's upload page, not on the member import's.
    page = _text(client.get(reverse("imports:upload_records", args=["workforce", tree.a.pk])))
    assert reverse("imports:job", args=[job.pk]) in page
    assert reverse("imports:job", args=[job.pk]) not in _text(
        client.get(reverse("imports:upload_members", args=[tree.a.pk]))
    )


def test_row_errors_are_shown_and_marked_and_nothing_can_be_imported(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    html = _text(_upload(client, tree.a, _file(tmp_path, [*GOOD, BAD])))
    job = ImportJob.objects.get()
    assert _counts(html) == ("3", "2", "0", "0", "1")
    assert 'id="confirm" disabled' in html
    errors = _error_rows(html)
    assert [row[:4] for row in errors] == [["Báo cáo", "6", "C", "31/02/2024"]]
    assert "31/02/2024" in errors[0][4]
    assert html.count('class="sample-row bad"') == 1
    marked = client.get(reverse("imports:marked_file", args=[job.pk]))
    assert marked["Content-Disposition"] == 'attachment; filename="lao-dong-danh-dau-loi.xlsx"'
    sheet = _sheet(b"".join(marked.streaming_content))
    assert sheet[-1][-1].startswith("C: ") and "31/02/2024" in sheet[-1][-1]
    refused = client.post(reverse("imports:confirm_job", args=[job.pk]), follow=True)
    assert "Tệp còn lỗi: chưa ghi gì" in _text(refused)
    assert _reports() == []


def test_skip_invalid_imports_the_valid_rows_and_offers_the_rejected_ones(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    _upload(client, tree.a, _file(tmp_path, [*GOOD, BAD]), skip_invalid=True)
    job = ImportJob.objects.get()
    html = _text(client.post(reverse("imports:confirm_job", args=[job.pk]), follow=True))
    assert "Đã nhập xong" in html and len(_reports()) == 2
    rejects = client.get(reverse("imports:rejects_file", args=[job.pk]))
    sheet = _sheet(b"".join(rejects.streaming_content))
    assert sheet[0] == ["STT", *HEADER[1:], "Dòng trong tệp gốc", "Lý do"]
    assert sheet[1][1] == "BT-01" and sheet[1][7] == "Báo cáo, dòng 6"


def test_a_file_without_the_kinds_table_brings_the_form_back(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    path = tmp_path / "anh.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not a spreadsheet")
    html = _text(_upload(client, tree.a, path))
    assert ImportJob.objects.get().state == JobState.FAILED
    assert 'id="upload-form"' in html and 'id="file-errors"' in html
    assert reverse("imports:upload_records", args=["workforce", tree.a.pk]) in html
    assert "Traceback" not in html


def test_cancel_goes_back_to_the_kinds_upload_page(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    _upload(client, tree.a, _file(tmp_path, GOOD))
    job = ImportJob.objects.get()
    response = client.post(reverse("imports:cancel_job", args=[job.pk]))
    assert response["Location"] == reverse("imports:upload_records", args=["workforce", tree.a.pk])
    assert not ImportJob.objects.exists() and _reports() == []


# --------------------------------------------------------------------------
# scope


def test_another_districts_officer_sees_no_job_and_imports_into_no_unit_of_a(
    tree, users, client_for, tmp_path, officer_b
):
    _upload(client_for(users.officer_a), tree.a, _file(tmp_path, GOOD))
    job = ImportJob.objects.get()
    other = client_for(officer_b)
    for url in (
        reverse("imports:job", args=[job.pk]),
        reverse("imports:marked_file", args=[job.pk]),
        reverse("imports:upload_records", args=["workforce", tree.a.pk]),
        reverse("imports:record_template", args=["workforce", tree.a.pk]),
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(reverse("imports:confirm_job", args=[job.pk])).status_code == 404
    response = _upload(other, tree.a, _file(tmp_path, GOOD))
    assert response.status_code == 404
    assert other.get("/imports/workforce/", {"unit": "BT"}).status_code == 404
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and ImportJob.objects.count() == 1 and _reports() == []


def test_rows_naming_units_outside_the_scope_are_rejected(tree, users, client_for, tmp_path, officer_b):
    client = client_for(users.officer_a)
    rows = [*GOOD, [3, "BX-01", D(2024, 12, 31), 12, "", "", ""]]
    html = _text(_upload(client, tree.a, _file(tmp_path, rows), target="column"))
    job = ImportJob.objects.get()
    assert job.unit is None
    assert _counts(html) == ("3", "2", "0", "0", "1")
    assert [row[:4] for row in _error_rows(html)] == [["Báo cáo", "6", "B", "BX-01"]]
    # A job of units named in the file is the uploader's alone.
    assert client_for(users.fed_admin).get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert client_for(officer_b).get(reverse("imports:job", args=[job.pk])).status_code == 404


def test_from_a_districts_page_rows_of_another_district_are_rejected_even_for_the_province(
    tree, users, client_for, tmp_path
):
    rows = [*GOOD, [3, "BX-01", D(2024, 12, 31), 12, "", "", ""]]
    html = _text(_upload(client_for(users.fed_admin), tree.a, _file(tmp_path, rows), target="column"))
    assert _counts(html) == ("3", "2", "0", "0", "1")
    assert "không thuộc LĐLĐ huyện Bảo Thắng" in html


def test_a_viewer_cannot_upload(tree, users, client_for, tmp_path):
    viewer = client_for(users.viewer)
    assert viewer.get(reverse("imports:upload_records", args=["workforce", tree.a.pk])).status_code == 404
    assert _upload(viewer, tree.a, _file(tmp_path, GOOD)).status_code == 404
    assert not ImportJob.objects.exists()


def test_the_plans_and_emulation_pages_link_to_their_imports(tree, users, client_for):
    client = client_for(users.officer_a)
    plans = _text(client.get(reverse("plans:unit", args=[tree.a.pk])))
    assert reverse("imports:upload_records", args=["targets", tree.a.pk]) in plans
    assert "/imports/initiatives/" in _text(client.get(reverse("emulation:initiatives")))
    assert "/imports/gradings/" in _text(client.get(reverse("emulation:gradings")))
    html = _text(client.get(reverse("imports:upload_records", args=["targets", tree.a.pk])))
    assert "Chỉ tiêu năm" in html and 'id="template-link"' in html


def test_a_kind_needing_another_action_is_imported_by_who_may_do_it(tree, users, client_for, tmp_path):
    # A kind whose rows need "approve" (a chair's right, not an officer's): the chair uploads,
    # sees the job and confirms it; the officer of the same district sees neither page nor job.
    from dataclasses import replace

    from congdoan.imports import records
    from imports import record_kind

    def write_as_system(
        ctx, prepared
    ):  # org's service itself wants "change": the chair's kind writes as the system
        return record_kind.write_rows(replace(ctx, actor=None), prepared)

    approved = records.register(
        replace(record_kind.KIND, name="workforce-approved", action="approve", write=write_as_system)
    )
    try:
        chair = grant(UserFactory(username="chutich"), tree.a, RoleKind.APPROVER)
        client = client_for(chair)
        html = _text(_upload(client, tree.a, _file(tmp_path, GOOD), kind=approved.name))
        job = ImportJob.objects.get()
        assert (job.kind, job.state, job.message, job.message_code) == (
            "workforce-approved",
            JobState.CHECKED,
            "",
            "",
        )
        assert _counts(html) == ("2", "2", "0", "0", "0")
        client.post(reverse("imports:confirm_job", args=[job.pk]))
        job.refresh_from_db()
        assert job.state == JobState.DONE and len(_reports()) == 2
        officer = client_for(users.officer_a)
        assert officer.get(reverse("imports:job", args=[job.pk])).status_code == 404
        page = reverse("imports:upload_records", args=[approved.name, tree.a.pk])
        assert officer.get(page).status_code == 404
        # ... while the officer's own kind stays theirs, not the chair's.
        _upload(officer, tree.a, _file(tmp_path, GOOD))
        mine = ImportJob.objects.get(kind="workforce")
        assert client.get(reverse("imports:job", args=[mine.pk])).status_code == 404
    finally:
        records.unregister(approved.name)
