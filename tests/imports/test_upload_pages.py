"""Importing a member list through the browser: upload, progress, preview, confirm, result, downloads.

The tests run the background steps with django-tasks' immediate backend
(the step runs inside the request that queues it), except where they say
otherwise: there the database backend queues the step and the test runs it
with ``background.run_queued()``, as the server's worker would.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult
from python_calamine import CalamineWorkbook

from congdoan.accounts.models import AuditEntry, RoleKind
from congdoan.common import background
from congdoan.imports import jobs
from congdoan.imports import members as member_import
from congdoan.imports.models import ImportJob, JobState
from congdoan.imports.sheets import UnusableFile, open_tables
from congdoan.members.models import Person
from factories import UserFactory, grant
from imports.sheet_factory import member_sheet, write
from member_data import cccd_for

D = dt.date
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
LIST = [
    ("Nguyễn Văn An", D(1985, 3, 5), "male", D(2021, 5, 1)),
    ("Lò Thị Mai", D(1990, 12, 3), "female", D(2022, 1, 15)),
    ("Sùng A Páo", D(1979, 7, 20), "male", D(2018, 9, 1)),
]
# member_sheet: title rows 1-6, header on rows 7-8 (birth date under Nam | Nữ), column numbers on
# row 9, members from row 10. Columns: A STT, B name, C born (Nam), D born (Nữ), E CCCD, F job, G joined.
FIRST_ROW = 10


@pytest.fixture(autouse=True)
def _jobs(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


def _members(**changes):
    rows = []
    for index, (name, born, gender, joined) in enumerate(LIST):
        row = {"full_name": name, "birth_date": born, "gender": gender, "joined_on": joined}
        row["cccd"] = cccd_for(gender, born.year, "010")
        row.update(changes.get(str(index), {}))
        rows.append(row)
    return rows


def _file(tmp_path: Path, rows, name="danh-sach.xlsx", **kwargs) -> Path:
    return write(tmp_path / name, {"Danh sách": member_sheet(rows, **kwargs)})


def _upload(client, unit, path: Path, *, target="unit", skip_invalid=False, follow=True):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), "target": target}
    if skip_invalid:
        data["skip_invalid"] = "on"
    return client.post(reverse("imports:upload_members", args=[unit.pk]), data, follow=follow)


def _job() -> ImportJob:
    return ImportJob.objects.get()


def _text(response) -> str:
    return response.content.decode()


def _cell(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert found, element_id
    return found.group(1).strip()


def _counts(html: str) -> tuple[str, ...]:
    return tuple(
        _cell(html, f"count-{key}") for key in ("rows_read", "created", "updated", "unchanged", "rejected")
    )


def _error_rows(html: str) -> list[list[str]]:
    rows = re.findall(r'<tr class="error-row">(.*?)</tr>', html, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def _sheet(content: bytes, index: int = 0) -> list[list]:
    """The sheet's rows from A1 (calamine starts at the first cell in use)."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(index)
    top, left = sheet.start or (0, 0)
    return [[] for _ in range(top)] + [[""] * left + row for row in sheet.to_python()]


def _download(response) -> bytes:
    return b"".join(response.streaming_content)


# --------------------------------------------------------------------------
# the form


def test_the_list_page_offers_the_import_to_who_may_change_the_unit(tree, users, client_for):
    url = reverse("members:list", args=[tree.a2.pk])
    upload = reverse("imports:upload_members", args=[tree.a2.pk])
    assert upload in _text(client_for(users.officer_a).get(url))
    assert upload not in _text(client_for(users.viewer).get(url))
    assert client_for(users.viewer).get(upload).status_code == 404


def test_the_form_offers_the_unit_or_the_column_and_an_empty_template(tree, users, client_for):
    client = client_for(users.officer_a)
    html = _text(client.get(reverse("imports:upload_members", args=[tree.a2.pk])))
    assert 'value="unit"' in html and "Công đoàn cơ sở Công ty Cổ phần Apatit" in html
    assert "Mã công đoàn cơ sở" in html and 'accept=".xlsx,.xlsm,.xls,.ods,.csv"' in html
    assert "tối đa 100 MB" in html
    # A district holds no members itself: only the column is offered.
    district = _text(client.get(reverse("imports:upload_members", args=[tree.a.pk])))
    assert 'value="unit"' not in district and 'value="column"' in district
    template = client.get(reverse("imports:member_template"))
    assert template["Content-Disposition"].startswith("attachment")
    rows = _sheet(template.content)
    header = next(row for row in rows if row and row[0] == "STT")
    assert header[1:4] == ["Họ và tên", "Ngày sinh", "Giới tính"] and "Ngày vào Công đoàn" in header
    assert rows[-1] == header  # nothing under the header


def test_a_file_that_is_not_a_spreadsheet_by_name_or_too_big_is_refused_by_the_form(
    tree, users, client_for, tmp_path, monkeypatch
):
    client = client_for(users.officer_a)
    url = reverse("imports:upload_members", args=[tree.a2.pk])
    response = client.post(url, {"file": SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4"), "target": "unit"})
    assert response.status_code == 200
    assert "Chỉ nhận tệp bảng tính .xlsx, .xls, .ods hoặc .csv" in _text(response)
    monkeypatch.setattr(jobs, "MAX_UPLOAD_BYTES", 1024 * 1024)
    big = SimpleUploadedFile("lon.xlsx", b"x" * (3 * 1024 * 1024 + 5))
    response = client.post(url, {"file": big, "target": "unit"})
    assert "Tệp nặng 4 MB, quá giới hạn 1 MB" in _text(response)
    assert not ImportJob.objects.exists()


# --------------------------------------------------------------------------
# the whole flow


def test_a_clean_list_is_previewed_then_imported_and_audited(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    rows = _members()
    response = _upload(client, tree.a2, _file(tmp_path, rows))
    job = _job()
    assert response.redirect_chain == [(reverse("imports:job", args=[job.pk]), 302)]
    html = _text(response)
    assert job.state == JobState.CHECKED and 'data-state="checked"' in html
    assert _counts(html) == ("3", "3", "0", "0", "0")
    assert "Không có lỗi" in html and 'id="confirm"' in html and 'id="confirm" disabled' not in html
    assert 'id="error-table"' not in html
    # How the file was read: the sheet, the header rows, each column and what it means.
    assert "Trang «Danh sách»: tiêu đề cột ở dòng 7, 8" in html
    assert re.search(r"<td>C</td><td>Ngày sinh: Nam</td><td>Ngày sinh</td>", html)
    assert re.search(r"<td>A</td><td>STT</td><td>không cần: bỏ qua</td>", html)
    # The first rows as they will be stored: gender from the Nam/Nữ column, dates the Vietnamese way.
    sample = re.findall(r'<tr class="sample-row">(.*?)</tr>', html, re.S)
    assert len(sample) == 3
    assert re.findall(r"<td>(.*?)</td>", sample[1])[:4] == ["Lò Thị Mai", "03/12/1990", "Nữ", rows[1]["cccd"]]
    assert "Công đoàn cơ sở Công ty Cổ phần Apatit (BT-02)" in sample[1]
    assert Person.objects.count() == 0  # the check writes nothing

    done = client.post(reverse("imports:confirm_job", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.confirmed_by == users.officer_a
    html = _text(done)
    assert _counts(html) == ("3", "3", "0", "0", "0") and "Đã nhập xong" in html
    assert reverse("members:list", args=[tree.a2.pk]) in html
    assert sorted(Person.objects.filter(unit=tree.a2).values_list("full_name", flat=True)) == [
        "Lò Thị Mai",
        "Nguyễn Văn An",
        "Sùng A Páo",
    ]
    entry = AuditEntry.objects.get(action="members.import")
    assert entry.actor == users.officer_a and entry.unit == tree.a2
    assert {k: entry.after[k] for k in ("file", "rows_read", "created", "rejected")} == {
        "file": "danh-sach.xlsx",
        "rows_read": 3,
        "created": 3,
        "rejected": 0,
    }
    # The members are on the list page.
    listing = _text(client.get(reverse("members:list", args=[tree.a2.pk])))
    assert "Sùng A Páo" in listing
    # A second confirmation does nothing more.
    client.post(reverse("imports:confirm_job", args=[job.pk]))
    assert Person.objects.count() == 3 and AuditEntry.objects.filter(action="members.import").count() == 1


def test_the_same_file_again_updates_nobody_and_offers_nothing_to_import(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    path = _file(tmp_path, _members())
    _upload(client, tree.a2, path)
    client.post(reverse("imports:confirm_job", args=[_job().pk]))
    again = _upload(client, tree.a2, path)
    html = _text(again)
    assert _counts(html) == ("3", "0", "0", "3", "0")
    assert 'id="confirm" disabled' in html and "Không có gì để ghi" in html


def test_row_errors_are_listed_by_row_and_column_and_nothing_can_be_imported(
    tree, users, client_for, tmp_path
):
    rows = _members(**{"1": {"birth_date": "31/02/1990"}, "2": {"joined_on": "2030"}})
    client = client_for(users.officer_a)
    html = _text(_upload(client, tree.a2, _file(tmp_path, rows)))
    job = _job()
    assert _counts(html) == ("3", "1", "0", "0", "2")
    assert 'id="confirm" disabled' in html
    assert "Chưa ghi gì, và sẽ không ghi gì cho đến khi sửa hết các lỗi" in html
    errors = _error_rows(html)
    assert [row[:4] for row in errors] == [
        ["Danh sách", str(FIRST_ROW + 1), "D", "31/02/1990"],
        ["Danh sách", str(FIRST_ROW + 2), "G", "2030"],
    ]
    assert "31/02/1990" in errors[0][4]
    # The rows in error are marked in the sample too.
    assert html.count('class="sample-row bad"') == 2
    # Confirming anyway (a forged POST) writes nothing and says why.
    refused = client.post(reverse("imports:confirm_job", args=[job.pk]), follow=True)
    assert "Tệp còn lỗi: chưa ghi gì" in _text(refused)
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and Person.objects.count() == 0


def test_the_marked_copy_has_every_row_with_the_errors_in_red_and_a_column_of_messages(
    tree, users, client_for, tmp_path
):
    rows = _members(**{"1": {"birth_date": "31/02/1990"}})
    client = client_for(users.officer_a)
    _upload(client, tree.a2, _file(tmp_path, rows))
    job = _job()
    response = client.get(reverse("imports:marked_file", args=[job.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-danh-dau-loi.xlsx"'
    content = _download(response)
    sheet = _sheet(content)
    # The header on its two rows, as in the file; the data rows keep their row numbers.
    assert sheet[6][:5] == ["STT", "Họ và tên", "Ngày sinh", "", "Số CCCD"]
    assert sheet[7][:5] == ["", "", "Nam", "Nữ", ""]
    assert sheet[6][7] == "Lỗi cần sửa"
    assert [r[1] for r in sheet[FIRST_ROW - 1 : FIRST_ROW + 2]] == [
        "Nguyễn Văn An",
        "Lò Thị Mai",
        "Sùng A Páo",
    ]
    bad = sheet[FIRST_ROW]  # row 11, Lò Thị Mai
    assert bad[3] == "31/02/1990" and bad[4] == rows[1]["cccd"]
    assert bad[7].startswith("D: ") and "31/02/1990" in bad[7]
    assert sheet[FIRST_ROW - 1][7] == "" and sheet[FIRST_ROW - 1][2] == D(1985, 3, 5)
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        comments = book.read("xl/comments1.xml").decode()
        sheet_xml = book.read("xl/worksheets/sheet1.xml").decode()
        styles = book.read("xl/styles.xml").decode()
    assert '<comment ref="D11"' in comments and "31/02/1990" in comments
    # D11 is styled with the red fill.
    style = int(re.search(r'<c r="D11" s="(\d+)"', sheet_xml).group(1))
    fills = re.findall(r"<fill>(.*?)</fill>", styles, re.S)
    fill_id = int(re.findall(r'<xf [^>]*fillId="(\d+)"', styles.split("<cellXfs")[1])[style])
    assert "FFFFC7CE" in fills[fill_id]
    # The copy reads back like the original: the messages column means nothing to the importer.
    (tmp_path / "back.xlsx").write_bytes(content)
    with open_tables(str(tmp_path / "back.xlsx"), filename="back.xlsx") as workbook:
        [table] = list(workbook)
        assert [r.number for r in table.rows()] == [10, 11, 12]
        assert [c.header for c in table.unmapped] == ["Lỗi cần sửa"]
        assert [(c.letter, c.field, c.gender) for c in table.columns if c.gender] == [
            ("C", "birth_date", "male"),
            ("D", "birth_date", "female"),
        ]


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".csv"])
def test_old_excel_calc_and_csv_files_are_previewed_and_marked_alike(
    tree, users, client_for, tmp_path, suffix
):
    rows = _members(**{"1": {"birth_date": "31/02/1990"}})
    client = client_for(users.officer_a)
    html = _text(_upload(client, tree.a2, _file(tmp_path, rows, name=f"danh-sach{suffix}")))
    assert _counts(html) == ("3", "2", "0", "0", "1")
    sheet = "danh-sach.csv" if suffix == ".csv" else "Danh sách"
    assert [row[:3] for row in _error_rows(html)] == [[sheet, str(FIRST_ROW + 1), "D"]]
    marked = _sheet(_download(client.get(reverse("imports:marked_file", args=[_job().pk]))))
    assert marked[FIRST_ROW][1] == "Lò Thị Mai" and marked[FIRST_ROW][3] == "31/02/1990"
    assert marked[FIRST_ROW][7].startswith("D: ")


def test_skip_invalid_imports_the_valid_rows_and_offers_the_rejected_ones(tree, users, client_for, tmp_path):
    rows = _members(**{"2": {"joined_on": "2030"}})
    client = client_for(users.officer_a)
    html = _text(_upload(client, tree.a2, _file(tmp_path, rows), skip_invalid=True))
    job = _job()
    assert _counts(html) == ("3", "2", "0", "0", "1")
    assert "1 dòng lỗi sẽ bị bỏ qua" in html and 'id="confirm" disabled' not in html
    html = _text(client.post(reverse("imports:confirm_job", args=[job.pk]), follow=True))
    assert _counts(html) == ("3", "2", "0", "0", "1")
    assert [row[1:3] for row in _error_rows(html)] == [[str(FIRST_ROW + 2), "G"]]
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Lò Thị Mai", "Nguyễn Văn An"]
    rejects = client.get(reverse("imports:rejects_file", args=[job.pk]))
    sheet = _sheet(_download(rejects))
    assert sheet[0][1] == "Họ và tên" and sheet[1][1] == "Sùng A Páo"
    assert "Danh sách, dòng 12" in sheet[1]
    assert AuditEntry.objects.get(action="members.import").after["rejected"] == 1


def test_a_person_admitted_elsewhere_between_check_and_import_stops_the_import(
    tree, users, client_for, tmp_path
):
    from congdoan.members import services

    rows = _members()
    client = client_for(users.officer_a)
    _upload(client, tree.a2, _file(tmp_path, rows))
    job = _job()
    mai = {key: rows[1][key] for key in ("full_name", "birth_date", "gender", "cccd")}
    services.admit(actor=None, unit=tree.a1, on=D(2022, 1, 15), person=mai)
    html = _text(client.post(reverse("imports:confirm_job", args=[job.pk]), follow=True))
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and 'data-state="checked"' in html
    assert "dữ liệu đã thay đổi và tệp có lỗi mới: chưa ghi gì" in html
    assert [row[1:3] for row in _error_rows(html)] == [[str(FIRST_ROW + 1), "E"]]
    assert 'id="confirm" disabled' in html
    assert Person.objects.count() == 1 and not AuditEntry.objects.filter(action="members.import").exists()


def test_units_named_in_the_column_from_the_district_page(tree, users, client_for, tmp_path):
    rows = _members()
    rows[0]["unit"], rows[1]["unit"], rows[2]["unit"] = "BT-01", "BT-02", "BT-02"
    path = _file(tmp_path, rows, columns=("cccd", "unit", "joined_on"))
    client = client_for(users.officer_a)
    html = _text(_upload(client, tree.a, path, target="column"))
    job = _job()
    assert job.unit is None and job.origin == tree.a
    assert _counts(html) == ("3", "3", "0", "0", "0")
    client.post(reverse("imports:confirm_job", args=[job.pk]))
    assert dict(Person.objects.values_list("full_name", "unit__code")) == {
        "Nguyễn Văn An": "BT-01",
        "Lò Thị Mai": "BT-02",
        "Sùng A Páo": "BT-02",
    }


def test_from_a_districts_page_the_column_may_only_name_units_of_that_district(
    tree, users, client_for, tmp_path
):
    # The province's admin may import anywhere in the province, but this upload started from
    # district A's page: a row naming a union of district B is an error, not an import into B.
    rows = _members()
    rows[0]["unit"], rows[1]["unit"], rows[2]["unit"] = "BT-01", "BX-01", "BT-02"
    path = _file(tmp_path, rows, columns=("cccd", "unit", "joined_on"))
    html = _text(_upload(client_for(users.fed_admin), tree.a, path, target="column"))
    assert _counts(html) == ("3", "2", "0", "0", "1")
    assert "không thuộc LĐLĐ huyện Bảo Thắng" in html
    assert not Person.objects.exists()


def test_the_error_table_is_paged(tree, users, client_for, tmp_path):
    people = [
        {
            "full_name": f"Người Số {i}",
            "birth_date": "31/02/1990",
            "gender": "male",
            "joined_on": D(2021, 5, 1),
        }
        for i in range(60)
    ]
    client = client_for(users.officer_a)
    html = _text(_upload(client, tree.a2, _file(tmp_path, people, columns=("joined_on",))))
    job = _job()
    assert len(_error_rows(html)) == 50 and "Trang 1/2" in html
    second = client.get(reverse("imports:job", args=[job.pk]) + "?page=2", HTTP_HX_REQUEST="true")
    html = _text(second)
    assert not html.startswith("<!doctype") and len(_error_rows(html)) == 10
    assert _error_rows(html)[-1][1] == str(FIRST_ROW + 59)


# --------------------------------------------------------------------------
# files that cannot be imported


def _not_a_spreadsheet(tmp_path: Path) -> Path:
    path = tmp_path / "ghi-chu.xlsx"
    path.write_bytes("Đây không phải bảng tính".encode())
    return path


def _corrupt(tmp_path: Path) -> Path:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return path


def _no_table(tmp_path: Path) -> Path:
    return write(tmp_path / "bang-luong.xlsx", {"Lương": [["Tháng", "Số tiền"], ["1", 5000000]]})


def _no_unit_column(tmp_path: Path) -> Path:
    return _file(tmp_path, _members(), name="khong-co-don-vi.xlsx")


@pytest.mark.parametrize(
    ("make", "target"),
    [
        (_not_a_spreadsheet, "unit"),
        (_corrupt, "unit"),
        (_no_table, "unit"),
        (_no_unit_column, "column"),
    ],
    ids=["not-a-spreadsheet", "corrupt", "no-member-table", "no-unit-column"],
)
def test_an_unusable_file_brings_the_form_back_with_the_reason(
    tree, users, client_for, tmp_path, make, target
):
    path = make(tmp_path)
    unit = tree.a2 if target == "unit" else tree.a
    try:
        member_import.import_members(
            actor=users.officer_a,
            source=str(path),
            filename=path.name,
            unit=tree.a2 if target == "unit" else None,
        )
    except UnusableFile as problem:
        expected = problem.message
    else:
        raise AssertionError("the importer takes this file")
    response = _upload(client_for(users.officer_a), unit, path, target=target)
    html = _text(response)
    assert response.status_code == 200 and _job().state == JobState.FAILED
    assert 'id="upload-form"' in html and 'id="file-errors"' in html
    errors = re.search(r'id="file-errors"><li>(.*?)</li>', html, re.S).group(1)
    assert errors == escape(expected)
    assert "Traceback" not in html and Person.objects.count() == 0


# --------------------------------------------------------------------------
# progress, with the database queue the server uses


def test_the_page_polls_while_queued_and_shows_the_rows_read_while_checking(
    tree, users, client_for, tmp_path, settings, monkeypatch
):
    settings.TASKS = DATABASE
    client = client_for(users.officer_a)
    html = _text(_upload(client, tree.a2, _file(tmp_path, _members())))
    job = _job()
    assert job.state == JobState.UPLOADED and DBTaskResult.objects.filter(id=job.task_id).exists()
    assert 'id="progress-bar"' in html and 'hx-trigger="every 1s"' in html
    assert "Đang chờ máy chủ bắt đầu kiểm tra" in html
    # What the page shows while the check runs: the poll asks the page in the middle of the run.
    seen = []
    original = member_import.import_members

    def watched(**kwargs):
        report = kwargs["progress"]

        def progress(done, total):
            report(done, total)
            seen.append(_text(client.get(reverse("imports:job", args=[job.pk]), HTTP_HX_REQUEST="true")))

        return original(**{**kwargs, "progress": progress})

    monkeypatch.setattr(member_import, "import_members", watched)
    background.run_queued()
    assert seen and "Đang kiểm tra tệp" in seen[-1] and "Đã đọc 3 dòng" in seen[-1]
    assert 'hx-trigger="every 1s"' in seen[-1]
    html = _text(client.get(reverse("imports:job", args=[job.pk]), HTTP_HX_REQUEST="true"))
    assert 'data-state="checked"' in html and "hx-trigger" not in html
    assert _counts(html) == ("3", "3", "0", "0", "0")


def test_a_step_cut_short_by_a_restart_is_reported_and_nothing_is_written(
    tree, users, client_for, tmp_path, settings
):
    settings.TASKS = DATABASE
    client = client_for(users.officer_a)
    _upload(client, tree.a2, _file(tmp_path, _members()))
    job = _job()
    # The worker took the task, then the server stopped; the next start gives up on it.
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.CHECKING)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")
    assert background.abandon_running() == 1
    html = _text(client.get(reverse("imports:job", args=[job.pk])))
    assert "bị gián đoạn" in html and 'data-state="failed"' in html
    assert Person.objects.count() == 0


# --------------------------------------------------------------------------
# cancel, clean up, scope


def test_cancel_deletes_the_job_and_its_file(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    _upload(client, tree.a2, _file(tmp_path, _members()))
    job = _job()
    assert job.upload_path.exists()
    response = client.post(reverse("imports:cancel_job", args=[job.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("members:list", args=[tree.a2.pk])
    assert "Đã huỷ nhập tệp «danh-sach.xlsx»: không ghi gì." in _text(response)
    assert not ImportJob.objects.exists() and not job.folder.exists() and Person.objects.count() == 0


def test_old_jobs_are_cleaned_up_with_their_files(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    _upload(client, tree.a2, _file(tmp_path, _members()))
    job = _job()
    assert jobs.cleanup() == 0
    assert jobs.cleanup(now=job.created_at + jobs.KEEP_JOBS + dt.timedelta(minutes=1)) == 1
    assert not ImportJob.objects.exists() and not job.folder.exists()


def test_another_districts_officer_gets_404_on_the_job_and_on_the_unit(tree, users, client_for, tmp_path):
    client = client_for(users.officer_a)
    _upload(
        client, tree.a2, _file(tmp_path, _members(**{"1": {"birth_date": "31/02/1990"}})), skip_invalid=True
    )
    job = _job()
    outsider = client_for(grant(UserFactory(username="canbobatxat"), tree.b, RoleKind.OFFICER))
    for name in ("imports:job", "imports:marked_file"):
        assert outsider.get(reverse(name, args=[job.pk])).status_code == 404
    for name in ("imports:confirm_job", "imports:cancel_job"):
        assert outsider.post(reverse(name, args=[job.pk])).status_code == 404
    assert outsider.get(reverse("imports:upload_members", args=[tree.a2.pk])).status_code == 404
    forged = _upload(outsider, tree.a2, _file(tmp_path, _members(), name="gia.xlsx"), follow=False)
    assert forged.status_code == 404
    # A viewer of the province sees the lists, not the uploaded files.
    assert client_for(users.viewer).get(reverse("imports:job", args=[job.pk])).status_code == 404
    # Another officer of the district may follow the job; the federation too.
    colleague = client_for(grant(UserFactory(username="baothang2"), tree.a, RoleKind.OFFICER))
    assert colleague.get(reverse("imports:job", args=[job.pk])).status_code == 200
    assert client_for(users.fed_admin).get(reverse("imports:job", args=[job.pk])).status_code == 200
    assert ImportJob.objects.count() == 1 and Person.objects.count() == 0


def test_a_job_without_a_unit_is_seen_by_its_uploader_only(tree, users, client_for, tmp_path):
    rows = _members()
    for row in rows:
        row["unit"] = "BT-01"
    _upload(
        client_for(users.officer_a),
        tree.a,
        _file(tmp_path, rows, columns=("unit", "joined_on")),
        target="column",
    )
    job = _job()
    colleague = client_for(grant(UserFactory(username="baothang2"), tree.a, RoleKind.OFFICER))
    assert colleague.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert client_for(users.officer_a).get(reverse("imports:job", args=[job.pk])).status_code == 200


def test_pages_need_a_login_and_posts_need_the_csrf_token(tree, users, client_for, tmp_path):
    from django.test import Client

    _upload(client_for(users.officer_a), tree.a2, _file(tmp_path, _members()))
    job = _job()
    anonymous = Client()
    assert anonymous.get(reverse("imports:job", args=[job.pk])).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users.officer_a)
    assert strict.post(reverse("imports:confirm_job", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.state == JobState.CHECKED


def test_the_server_starts_one_worker_thread_when_tasks_go_through_the_database(settings, monkeypatch, db):
    ran = []

    class Worker:
        def run(self):
            ran.append("run")

    monkeypatch.setattr(background, "_worker", lambda *, batch: Worker())
    assert background.start_worker() is None  # the immediate backend needs no worker
    settings.TASKS = DATABASE
    thread = background.start_worker()
    thread.join(timeout=5)
    assert thread.name == "congdoan-tasks" and thread.daemon and ran == ["run"]
