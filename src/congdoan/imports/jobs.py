"""Importing a spreadsheet through the browser: upload, check in the background, confirm, import.

The pages call these operations; the two background steps are django-tasks
tasks (:func:`check_job`, :func:`import_job`) run by the worker that
``congdoan serve`` starts beside the web server (``common/background.py``;
why: docs/decisions/0004-background-imports.md). Both call the same
importer as the CLI — ``import_members`` for a member list, ``import_records``
for a registered record kind (``ImportJob.kind``) — the check with
``dry_run=True``, the import for real, so the preview counts what the import
will do.

Progress goes to a small file in the job's folder, not to the database:
the import runs in one transaction, and on SQLite that transaction holds
the only write lock until it ends, so no other connection could write a
progress figure while it runs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

from congdoan.accounts.scope import path_allowed
from congdoan.common.errors import DomainError, ScopeError
from congdoan.common.formats import vn_number
from congdoan.imports import export, records
from congdoan.imports import members as member_import
from congdoan.imports.engine import CellReader, ImportResult, RowError, shown
from congdoan.imports.mapping import MEMBERS, Column
from congdoan.imports.marked import write_marked
from congdoan.imports.models import MEMBERS_KIND, RUNNING_STATES, ImportJob, JobState
from congdoan.imports.records import RecordKind
from congdoan.imports.rejects import RejectsWriter
from congdoan.imports.sheets import SheetRow, UnusableFile, open_tables
from congdoan.members import services as member_services
from congdoan.org.models import Unit

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
#: Errors a job keeps for its pages (all of them go to the marked copy).
KEPT_ERRORS = 1000
#: Rows of the file shown as they will be stored.
SAMPLE_ROWS = 20
#: A finished or abandoned job, its upload and its by-products are deleted after this long.
KEEP_JOBS = dt.timedelta(days=7)
#: Fields the preview always shows, besides the ones the file has.
SAMPLE_FIELDS = ("full_name", "birth_date", "gender", "unit", "joined_on", "status")


def _interrupted() -> str:
    return _(
        "Việc xử lý tệp bị gián đoạn (máy chủ khởi động lại hoặc gặp lỗi). Cơ sở dữ liệu không thay đổi: "
        "hãy tải tệp lên lại."
    )


def _unexpected() -> str:
    return _(
        "Máy chủ gặp lỗi khi đọc tệp này; không có gì được ghi. Hãy thử lại, hoặc gửi tệp cho "
        "quản trị hệ thống."
    )


# --------------------------------------------------------------------------
# the operations the pages call


def record_kind(job: ImportJob) -> RecordKind | None:
    """The record kind a job imports; None for a member list.

    Raises ``UnusableFile`` (``unknown_kind``) when no app registers the job's kind any more.
    """
    if job.kind == MEMBERS_KIND:
        return None
    try:
        return records.get_kind(job.kind)
    except KeyError:
        raise UnusableFile(
            "unknown_kind", _("Loại dữ liệu «%(kind)s» không còn nhập được.") % {"kind": job.kind}
        ) from None


def action_of(kind: RecordKind | None) -> str:
    """What a user needs on the unit to import ``kind`` (members: change)."""
    return kind.action if kind is not None else "change"


def create_job(
    *,
    actor: Any,
    upload: UploadedFile,
    unit: Unit | None,
    origin: Unit | None,
    skip_invalid: bool,
    kind: RecordKind | None = None,
) -> ImportJob:
    """Keep the uploaded file and queue its check; the job page shows what happens next.

    ``kind``: the record kind the file holds (None: a member list). ``unit``
    receives the rows (None: the units named in the file's column). Raises
    ScopeError when the user may not import into ``unit`` or ``origin``.
    """
    for place in (unit, origin):
        if place is not None and not path_allowed(actor, place.path, action_of(kind)):
            raise ScopeError(_("Không tìm thấy đơn vị."))
    name = os.path.basename(upload.name or "danh-sach.xlsx")[:255]
    job = ImportJob(
        kind=kind.name if kind is not None else MEMBERS_KIND,
        user=actor,
        unit=unit,
        origin=origin,
        filename=name,
        stored_name="tep-goc" + Path(name).suffix.lower()[:10],
        skip_invalid=skip_invalid,
    )
    job.folder.mkdir(parents=True, exist_ok=False)
    try:
        with open(job.upload_path, "wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        job.size = job.upload_path.stat().st_size
        job.save()
    except BaseException:
        shutil.rmtree(job.folder, ignore_errors=True)
        raise
    _enqueue(job, check_job)
    job.refresh_from_db()
    return job


def confirm(*, actor: Any, job: ImportJob) -> ImportJob:
    """Queue the real import of a checked job (by ``actor``, who must be allowed to import into the unit)."""
    try:
        action = action_of(record_kind(job))
    except UnusableFile as gone:
        raise DomainError(gone.message) from gone
    if job.unit is not None and not path_allowed(actor, job.unit.path, action):
        raise ScopeError(_("Không tìm thấy lần nhập."))
    if job.unit is None and job.user_id != actor.pk:
        raise ScopeError(_("Không tìm thấy lần nhập."))
    if job.state != JobState.CHECKED:
        raise DomainError(_("Tệp này không ở bước chờ xác nhận: không nhập lại được."))
    if not can_import(job):
        raise DomainError(
            _("Tệp còn lỗi: chưa ghi gì. Sửa các dòng lỗi rồi tải tệp lên lại, hoặc chọn «bỏ qua dòng lỗi».")
        )
    # Only one confirmation wins (a double click, two officers at once).
    claimed = ImportJob.objects.filter(pk=job.pk, state=JobState.CHECKED).update(
        state=JobState.IMPORTING, confirmed_by=actor, rows_done=0
    )
    if claimed:
        job.refresh_from_db()
        _enqueue(job, import_job)
    job.refresh_from_db()
    return job


def can_import(job: ImportJob) -> bool:
    """Whether the checked file may be imported: rows to import, and no error unless they are skipped."""
    found = job.preview or {}
    would_write = found.get("created", 0) + found.get("updated", 0)
    if found.get("error_count") and not job.skip_invalid:
        return False
    return would_write > 0


def discard(*, actor: Any, job: ImportJob) -> bool:
    """Delete a job and its files unless a step is running on it; False when it is running."""
    deleted, _rows = (
        ImportJob.objects.visible_to(actor)
        .filter(pk=job.pk)
        .exclude(state__in=[JobState.CHECKING, JobState.IMPORTING])
        .delete()
    )
    if deleted:
        shutil.rmtree(job.folder, ignore_errors=True)
    return bool(deleted)


def progress(job: ImportJob) -> tuple[int, int | None]:
    """Rows done and the expected total (None when the format does not say) of the running step."""
    if not job.is_running:
        return job.rows_done, job.rows_total
    try:
        done, _sep, total = job.progress_path.read_text().partition(" ")
        return int(done), int(total) if total.strip() else None
    except (OSError, ValueError):
        return 0, None


def notice_interrupted(job: ImportJob) -> None:
    """Mark a job failed when its background task ended without finishing it (a crash, a restart)."""
    if not job.is_running or not job.task_id or not default_task_backend.supports_get_result:
        return
    try:
        status = default_task_backend.get_result(job.task_id).status
    except (TaskResultDoesNotExist, ImportError):  # pruned, or a task since renamed: nothing to say
        return
    if status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        _fail(job, _interrupted(), expected=(job.state,))
        job.refresh_from_db()


def marked_copy(job: ImportJob) -> Path:
    """The uploaded file as .xlsx with the cells in error marked (written on first request, then kept)."""
    if not job.marked_path.exists():
        partial = job.marked_path.with_suffix(".partial")
        kind = record_kind(job)
        write_marked(
            source=str(job.upload_path),
            filename=job.filename,
            errors=_read_errors(job),
            target=str(partial),
            spec=kind.spec if kind is not None else MEMBERS,
        )
        os.replace(partial, job.marked_path)
    return job.marked_path


def write_template(target: IO[bytes] | str) -> None:
    """The empty standard template (title block and header row), as the export writes it."""
    plan = export.MemberExport(
        root=None,  # type: ignore[arg-type]  # the template names no unit
        on=member_services.today(),
        units=[],
        total=0,
        full_ids=True,
    )
    export._write_xlsx(target, plan, None)


def write_record_template(kind: RecordKind, target: IO[bytes] | str) -> None:
    """The empty template of a record kind: its title and header row, as its export writes them."""
    records.write_table(kind.spec, [], target)


def cleanup(*, now: dt.datetime | None = None) -> int:
    """Delete jobs (and their files) older than KEEP_JOBS that nothing runs on; returns how many."""
    limit = (now or timezone.now()) - KEEP_JOBS
    old = list(ImportJob.objects.filter(created_at__lt=limit).exclude(state__in=list(RUNNING_STATES)))
    for job in old:
        shutil.rmtree(job.folder, ignore_errors=True)
    ImportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)


# --------------------------------------------------------------------------
# the background steps


@task()
def check_job(job_id: int) -> None:
    """Read the uploaded file, describe it, and run the import without writing (the preview)."""
    cleanup()
    if not _claim(job_id, JobState.UPLOADED, JobState.CHECKING):
        return
    job = ImportJob.objects.select_related("user", "unit").get(pk=job_id)
    try:
        kind = record_kind(job)
        found = _describe(job) if kind is None else {}
        result = _run(job, dry_run=True)
        if kind is not None:
            found = _describe_records(job, kind, result)
    except UnusableFile as problem:
        _fail(job, problem.message, code=problem.code, expected=(JobState.CHECKING,))
        return
    except Exception:
        logger.exception("checking import job %s failed", job_id)
        _fail(job, _unexpected(), expected=(JobState.CHECKING,))
        raise
    ImportJob.objects.filter(pk=job_id, state=JobState.CHECKING).update(
        state=JobState.CHECKED,
        preview={**_result_json(result), **found},
        rows_done=result.rows_read,
        rows_total=result.rows_read,
    )


@task()
def import_job(job_id: int) -> None:
    """Import a confirmed job for real, as the user who confirmed it."""
    job = ImportJob.objects.select_related("user", "unit", "confirmed_by").filter(pk=job_id).first()
    if job is None or job.state != JobState.IMPORTING:
        return
    try:
        result = _run(job, dry_run=False)
    except UnusableFile as problem:
        _fail(job, problem.message, code=problem.code, expected=(JobState.IMPORTING,))
        return
    except Exception:
        logger.exception("import job %s failed", job_id)
        _fail(job, _unexpected(), expected=(JobState.IMPORTING,))
        raise
    done = ImportJob.objects.filter(pk=job_id, state=JobState.IMPORTING)
    if result.written:
        done.update(
            state=JobState.DONE,
            result=_result_json(result),
            rows_done=result.rows_read,
            rows_total=result.rows_read,
            finished_at=timezone.now(),
        )
    else:
        # The registry changed since the check (someone admitted one of these people meanwhile):
        # nothing was written; the job goes back to its preview with the new errors.
        done.update(
            state=JobState.CHECKED,
            preview={**(job.preview or {}), **_result_json(result)},
            message=_("Từ lúc kiểm tra, dữ liệu đã thay đổi và tệp có lỗi mới: chưa ghi gì."),
        )


def _enqueue(job: ImportJob, step: Any) -> None:
    queued = step.enqueue(job.pk)
    # An update, not job.save(): with the immediate backend (tests) the step has already run.
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(queued.id))


def _claim(job_id: int, before: str, after: str) -> bool:
    return bool(ImportJob.objects.filter(pk=job_id, state=before).update(state=after, rows_done=0))


def _fail(job: ImportJob, message: str, *, code: str = "", expected: tuple[str, ...]) -> None:
    ImportJob.objects.filter(pk=job.pk, state__in=expected).update(
        state=JobState.FAILED, message=message, message_code=code, finished_at=timezone.now()
    )


def _result_json(result: ImportResult) -> dict[str, Any]:
    data = result.as_dict()
    data["errors"] = data["errors"][:KEPT_ERRORS]
    return data


def _run(job: ImportJob, *, dry_run: bool) -> ImportResult:
    """One run of the importer on the job's file; every error to the errors file, rejected rows to theirs."""
    kind = record_kind(job)
    rejects = None
    if job.skip_invalid and not dry_run:
        spec = kind.spec if kind is not None else MEMBERS
        rejects = RejectsWriter(str(job.rejects_path), spec)
    partial = job.errors_path.with_suffix(".partial")
    try:
        with open(partial, "w", encoding="utf-8") as errors:

            def on_reject(row: SheetRow, row_errors: list[RowError]) -> None:
                for error in row_errors:
                    errors.write(json.dumps({**error.as_dict(), "field": error.field}, ensure_ascii=False))
                    errors.write("\n")
                if rejects is not None:
                    rejects.add(row, row_errors)

            result = _importer(job)(
                actor=job.confirmed_by if not dry_run and job.confirmed_by else job.user,
                source=str(job.upload_path),
                filename=job.filename,
                unit=job.unit,
                within=job.origin,
                dry_run=dry_run,
                skip_invalid=job.skip_invalid,
                on_reject=on_reject,
                progress=_progress_writer(job),
            )
    finally:
        if rejects is not None:
            rejects.close()
    os.replace(partial, job.errors_path)
    job.marked_path.unlink(missing_ok=True)  # written again from these errors when asked for
    if rejects is not None and not result.rejected:
        job.rejects_path.unlink(missing_ok=True)
    return result


def _importer(job: ImportJob) -> Callable[..., ImportResult]:
    """``import_members``, or ``import_records`` bound to the job's kind: the same keyword arguments."""
    kind = record_kind(job)
    if kind is None:
        return member_import.import_members

    def run(**options: Any) -> ImportResult:
        return records.import_records(kind, **options)

    return run


def _progress_writer(job: ImportJob) -> Callable[[int, int | None], None]:
    path = job.progress_path
    partial = path.with_suffix(".partial")

    def write(done: int, total: int | None) -> None:
        try:
            partial.write_text(f"{done} {total or ''}")
            os.replace(partial, path)
        except OSError:
            pass  # a reader holds the file (Windows): the next figure will do

    write(0, None)
    return write


def _read_errors(job: ImportJob) -> Iterator[RowError]:
    if not job.errors_path.exists():
        return
    with open(job.errors_path, encoding="utf-8") as lines:
        for line in lines:
            e = json.loads(line)
            yield RowError(e["sheet"], e["row"], e["column"], e["value"], e["code"], e["message"], e["field"])


# --------------------------------------------------------------------------
# what the preview shows besides the counts


def _describe(job: ImportJob) -> dict[str, Any]:
    """The sheets read and their columns, and the first rows as they will be stored."""
    tables = []
    sample: list[dict[str, Any]] = []
    labels = export._labels()
    units = member_import._Units(job.user, job.unit, job.origin)
    today = member_services.today()
    with open_tables(str(job.upload_path), filename=job.filename, spec=MEMBERS) as workbook:
        present: set[str] = set()
        for table in workbook:
            present.update(table.fields)
            tables.append(
                {
                    "sheet": table.sheet,
                    "header_rows": list(table.header_rows),
                    "columns": [
                        {"letter": c.letter, "header": c.header, "label": MEMBERS.column(c.field).label}
                        for c in table.columns
                    ],
                    "unmapped": [{"letter": c.letter, "header": c.header} for c in table.unmapped],
                    "ignored": [{"letter": c.letter, "header": c.header} for c in table.ignored],
                }
            )
        fields = [c.field for c in MEMBERS.columns if c.field in present or c.field in SAMPLE_FIELDS]
        for table in workbook:
            if len(sample) >= SAMPLE_ROWS:
                break
            reader = CellReader(table, MEMBERS)
            for row in table.rows():
                sample.append(_sample_row(row, reader, units, today, labels, fields))
                if len(sample) >= SAMPLE_ROWS:
                    break
    return {
        "tables": tables,
        "sample_fields": [{"field": name, "label": MEMBERS.column(name).label} for name in fields],
        "sample": sample,
    }


def _sample_row(
    row: SheetRow,
    reader: CellReader,
    units: Any,
    today: dt.date,
    labels: Any,
    fields: list[str],
) -> dict[str, Any]:
    # The importer's own check of one row: the preview shows the values it will store.
    item, errors = member_import._check_row(row, reader, units, today)
    if item is None:
        return {
            "sheet": row.sheet,
            "row": row.number,
            "ok": False,
            "cells": [shown(row.values.get(name, "")) for name in fields],
            "bad": sorted({e.field for e in errors}),
        }
    person = {
        **item.data,
        "joined_on": item.joined_on,
        "card_number": item.card_number,
        "unit_id": item.unit.pk,
        "state": item.status,
    }
    cells = dict(
        zip(
            [c.field for c in MEMBERS.columns],
            export._cells(person, {item.unit.pk: f"{item.unit.name} ({item.unit.code})"}, labels, True),
            strict=True,
        )
    )
    return {
        "sheet": row.sheet,
        "row": row.number,
        "ok": True,
        "cells": [shown(cells[name]) for name in fields],
    }


def _describe_records(job: ImportJob, kind: RecordKind, result: ImportResult) -> dict[str, Any]:
    """The sheets read and their columns, and the first rows as read (marked when the check rejected them)."""
    spec = kind.spec
    bad_rows: dict[tuple[str, int], set[str]] = {}
    for error in result.errors:
        bad_rows.setdefault((error.sheet, error.row), set()).add(error.field)
    tables = []
    sample: list[dict[str, Any]] = []
    with open_tables(str(job.upload_path), filename=job.filename, spec=spec) as workbook:
        present: set[str] = set()
        for table in workbook:
            present.update(table.fields)
            tables.append(
                {
                    "sheet": table.sheet,
                    "header_rows": list(table.header_rows),
                    "columns": [
                        {"letter": c.letter, "header": c.header, "label": spec.column(c.field).label}
                        for c in table.columns
                    ],
                    "unmapped": [{"letter": c.letter, "header": c.header} for c in table.unmapped],
                    "ignored": [{"letter": c.letter, "header": c.header} for c in table.ignored],
                }
            )
        wanted = set(kind.sample_fields) or {c.field for c in spec.columns}
        columns = [c for c in spec.columns if c.field in wanted and c.field in present]
        labels = {c.field: {code: str(label) for code, label in reversed(c.choices)} for c in columns}
        for table in workbook:
            if len(sample) >= SAMPLE_ROWS:
                break
            reader = CellReader(table, spec)
            for row in table.rows():
                parsed, _errors = reader.read(row)
                bad = bad_rows.get((row.sheet, row.number))
                sample.append(
                    {
                        "sheet": row.sheet,
                        "row": row.number,
                        "ok": bad is None,
                        "cells": [_sample_cell(c, parsed, row, labels) for c in columns],
                        "bad": sorted(bad or ()),
                    }
                )
                if len(sample) >= SAMPLE_ROWS:
                    break
    return {
        "tables": tables,
        "sample_fields": [{"field": c.field, "label": c.label} for c in columns],
        "sample": sample,
    }


def _sample_cell(
    column: Column, parsed: dict[str, Any], row: SheetRow, labels: dict[str, dict[str, str]]
) -> str:
    """A cell of the preview: the value as it will be stored (a choice by its label, money as 1.250.000)."""
    if column.field not in parsed:
        return shown(row.values.get(column.field, ""))
    value = records._cell_value(column, parsed[column.field], labels)
    if column.kind == "money" and isinstance(value, int | float) and not isinstance(value, bool):
        return vn_number(value)
    return shown(value)
