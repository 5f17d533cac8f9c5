"""Pages of an import: upload, progress, preview, confirm, result, downloads.

The same pages serve a member list (``upload_members``) and every record
kind an app registers (``upload_records``, the kind in the URL:
``/imports/grants/<unit>/``; an unknown kind is a 404). Views parse input
and call ``jobs``; the work runs in the background and the job page polls
itself (htmx, every second) while a step runs. The unit comes through
``Unit.objects.visible_to(user, action)`` (``change`` for members, the
kind's ``action`` otherwise) and the job through
``ImportJob.objects.visible_to(user)``: outside the user's scope both are
a 404, as everywhere.

A list page links to its import with ``{% url 'imports:upload_records' 'grants' %}``
(the page then asks for the unit, or goes straight to the user's only one)
or, on a unit's page, ``{% url 'imports:upload_records' 'grants' unit.pk %}``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from congdoan.accounts.scope import scope_paths
from congdoan.common.errors import DomainError
from congdoan.imports import export, jobs, records
from congdoan.imports.forms import FROM_COLUMN, INTO_UNIT, UploadForm
from congdoan.imports.models import MEMBERS_KIND, ImportJob, JobState
from congdoan.imports.records import RecordKind
from congdoan.imports.sheets import UnusableFile
from congdoan.org.models import Unit
from congdoan.org.selectors import resolve_unit

ERRORS_PER_PAGE = 50
TEMPLATE_FILENAME = "mau-danh-sach-doan-vien.xlsx"


def _changeable_unit(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user, "change"), pk=pk)


def _job(request: HttpRequest, job_pk: int) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("unit", "origin", "user", "confirmed_by"),
        pk=job_pk,
    )


def _no_store(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def upload_members(request: HttpRequest, pk: int) -> HttpResponse:
    """The upload form of a unit's member list; a valid upload becomes a job, checked in the background."""
    unit = _changeable_unit(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        job = jobs.create_job(
            actor=request.user,
            upload=form.cleaned_data["file"],
            unit=form.target_unit(),
            origin=unit,
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        return redirect("imports:job", job_pk=job.pk)
    return render(request, "imports/upload.html", _upload_context(request, unit, form))


def _upload_context(request: HttpRequest, unit: Unit, form: UploadForm) -> dict[str, Any]:
    recent = (
        ImportJob.objects.visible_to(request.user)
        .filter(origin=unit, kind=MEMBERS_KIND)
        .select_related("user")[:5]
    )
    return {"unit": unit, "form": form, "recent": recent, "columns": export.HEADER[1:]}


def _record_kind(name: str) -> RecordKind:
    """The registered record kind named in the URL; a 404 for any other word (members included)."""
    try:
        return records.get_kind(name)
    except KeyError:
        raise Http404 from None


def _job_kind(job: ImportJob) -> RecordKind | None:
    try:
        return jobs.record_kind(job)
    except UnusableFile:
        return None


def _upload_url(job: ImportJob, kind: RecordKind | None) -> str:
    """Where "upload another file" leads for this job ("" when there is no such page)."""
    if job.is_members:
        return reverse("imports:upload_members", args=[job.origin.pk]) if job.origin else ""
    if kind is None:
        return ""
    if job.origin is not None:
        return reverse("imports:upload_records", args=[kind.name, job.origin.pk])
    return reverse("imports:upload_records", args=[kind.name])


@login_required
@require_GET
def choose_records_unit(request: HttpRequest, kind: str) -> HttpResponse:
    """Which unit a record import is for: ``?unit=`` (code or exact name), the user's only unit, or a choice.

    A unit that is not found in the user's scope answers 404 (with the
    choice again), like any unit outside it.
    """
    record_kind = _record_kind(kind)
    ref = (request.GET.get("unit") or "").strip()
    problem = ""
    if ref:
        try:
            unit = resolve_unit(request.user, ref)
        except DomainError as missing:
            problem = missing.message
        else:
            if Unit.objects.visible_to(request.user, record_kind.action).filter(pk=unit.pk).exists():
                return redirect("imports:upload_records", kind=record_kind.name, pk=unit.pk)
            problem = _("Bạn không được nhập «%(what)s» vào đơn vị «%(ref)s».") % {
                "what": record_kind.label,
                "ref": ref,
            }
    paths = scope_paths(request.user, record_kind.action)
    roots = Unit.objects.filter(path__in=paths) if paths is not None else Unit.objects.filter(parent=None)
    roots = roots.order_by("path")
    if not ref and len(roots) == 1:
        return redirect("imports:upload_records", kind=record_kind.name, pk=roots[0].pk)
    context = {"kind": record_kind, "roots": roots, "problem": problem, "ref": ref}
    return render(request, "imports/choose_unit.html", context, status=404 if problem else 200)


@login_required
def upload_records(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The upload form of a record kind's table for a unit; a valid upload becomes a job, as for members."""
    record_kind = _record_kind(kind)
    unit = get_object_or_404(Unit.objects.visible_to(request.user, record_kind.action), pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None, unit=unit, kind=record_kind)
    if request.method == "POST" and form.is_valid():
        job = jobs.create_job(
            actor=request.user,
            upload=form.cleaned_data["file"],
            unit=form.target_unit(),
            origin=unit,
            skip_invalid=form.cleaned_data["skip_invalid"],
            kind=record_kind,
        )
        return redirect("imports:job", job_pk=job.pk)
    recent = (
        ImportJob.objects.visible_to(request.user)
        .filter(origin=unit, kind=record_kind.name)
        .select_related("user")[:5]
    )
    context = {
        "unit": unit,
        "form": form,
        "recent": recent,
        "kind": record_kind,
        "columns": record_kind.spec.columns,
        "upload_url": reverse("imports:upload_records", args=[record_kind.name, unit.pk]),
    }
    return render(request, "imports/upload_records.html", context)


@login_required
@require_GET
def record_template(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The empty template of a record kind for a unit: the unit's name on top, the kind's header row."""
    record_kind = _record_kind(kind)
    unit = get_object_or_404(Unit.objects.visible_to(request.user, record_kind.action), pk=pk)
    buffer = io.BytesIO()
    records.write_table(record_kind.spec, [], buffer, title_lines=[unit.name])
    response = HttpResponse(buffer.getvalue(), content_type=export.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"mau-{record_kind.name}.xlsx")
    return response


@login_required
@require_GET
def member_template(request: HttpRequest) -> HttpResponse:
    """The empty standard template: the header row the importer reads best (a few kilobytes)."""
    buffer = io.BytesIO()
    jobs.write_template(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=export.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_FILENAME)
    return response


@login_required
@require_GET
def job_page(request: HttpRequest, job_pk: int) -> HttpResponse:
    """Where a job stands: progress while a step runs, then the preview, the result or why it failed.

    htmx requests (the poll, the pager of the error table) get the job's part of the page only.
    """
    job = _job(request, job_pk)
    jobs.notice_interrupted(job)
    context = _job_context(request, job)
    template = "imports/_job.html" if request.htmx else "imports/job.html"  # type: ignore[attr-defined]
    return _no_store(render(request, template, context))  # type: ignore[return-value]


def _job_context(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    done, total = jobs.progress(job)
    kind = _job_kind(job)
    found = job.result if job.state == JobState.DONE else job.preview
    errors = (found or {}).get("errors", [])
    context: dict[str, Any] = {
        "job": job,
        "back": job.origin or job.unit,
        "done": done,
        "total": total,
        "percent": min(100, done * 100 // total) if total else None,
        "found": found,
        "error_page": Paginator(errors, ERRORS_PER_PAGE).get_page(request.GET.get("page")),
        "errors_cut": found is not None and found.get("error_count", 0) > len(errors),
        "can_import": job.state == JobState.CHECKED and jobs.can_import(job),
        "rejects": job.state == JobState.DONE and job.rejects_path.exists(),
        "kind": kind,
        "upload_url": _upload_url(job, kind),
    }
    if (
        job.state == JobState.FAILED
        and job.message_code
        and job.origin is not None
        and (job.is_members or kind is not None)
    ):
        # The file could not be read: the form comes back with the reason, to choose another file.
        context["form"] = UploadForm(
            initial={"target": INTO_UNIT if job.unit else FROM_COLUMN, "skip_invalid": job.skip_invalid},
            unit=job.origin,
            kind=kind,
        )
        context["file_error"] = job.message
        context["columns"] = export.HEADER[1:] if kind is None else kind.spec.columns
    return context


@login_required
@require_POST
def confirm_job(request: HttpRequest, job_pk: int) -> HttpResponse:
    job = _job(request, job_pk)
    try:
        jobs.confirm(actor=request.user, job=job)
    except DomainError as problem:
        messages.error(request, problem.message)
    return redirect("imports:job", job_pk=job.pk)


@login_required
@require_POST
def cancel_job(request: HttpRequest, job_pk: int) -> HttpResponse:
    job = _job(request, job_pk)
    back = job.origin or job.unit
    if not jobs.discard(actor=request.user, job=job):
        messages.error(request, _("Tệp đang được xử lý: đợi xong rồi huỷ."))
        return redirect("imports:job", job_pk=job.pk)
    if job.state == JobState.DONE:
        messages.success(request, _("Đã xoá tệp «%(f)s» khỏi máy chủ.") % {"f": job.filename})
    else:
        messages.success(request, _("Đã huỷ nhập tệp «%(f)s»: không ghi gì.") % {"f": job.filename})
    if not job.is_members:
        return redirect(_upload_url(job, _job_kind(job)) or reverse("home"))
    return redirect(reverse("members:list", args=[back.pk]) if back else reverse("members:index"))


@login_required
@require_GET
def marked_file(request: HttpRequest, job_pk: int) -> HttpResponseBase:
    """The uploaded file as .xlsx with its errors marked."""
    job = _job(request, job_pk)
    found = job.result if job.state == JobState.DONE else job.preview
    if job.state not in (JobState.CHECKED, JobState.DONE) or not (found or {}).get("error_count"):
        raise Http404
    path = jobs.marked_copy(job)
    name = f"{Path(job.filename).stem}-danh-dau-loi.xlsx"
    return _no_store(
        FileResponse(
            path.open("rb"), as_attachment=True, filename=name, content_type=export.XLSX_CONTENT_TYPE
        )
    )


@login_required
@require_GET
def rejects_file(request: HttpRequest, job_pk: int) -> HttpResponseBase:
    """The rows an import with «bỏ qua dòng lỗi» left out, in the template, with their reasons."""
    job = _job(request, job_pk)
    if job.state != JobState.DONE or not job.rejects_path.exists():
        raise Http404
    name = f"{Path(job.filename).stem}-dong-loi.xlsx"
    return _no_store(
        FileResponse(
            job.rejects_path.open("rb"),
            as_attachment=True,
            filename=name,
            content_type=export.XLSX_CONTENT_TYPE,
        )
    )
