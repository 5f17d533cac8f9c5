"""Report pages: the annual summary report of a unit's subtree, on screen and as files.

Every unit comes through ``Unit.objects.visible_to(request.user)`` (404
outside the user's scope, like every other page); viewing a report reads
only, so it needs no more than the "view" action the queryset implies.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congdoan.accounts import audit
from congdoan.accounts.models import Role
from congdoan.common.errors import DomainError
from congdoan.org.models import Unit
from congdoan.reports import annual, documents
from congdoan.reports import render as rendering

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def default_year() -> int:
    """The year a federation reports on: the current one in December (review season), else the last one."""
    today = timezone.localdate()
    return today.year if today.month == 12 else today.year - 1


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or default_year())
    except ValueError:
        return default_year()
    return year if 2000 <= year <= 2100 else default_year()


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The annual report of the user's top unit."""
    visible = Unit.objects.visible_to(request.user)
    role = (
        Role.objects.filter(user=request.user, unit__in=visible)  # type: ignore[misc]
        .select_related("unit")
        .order_by("unit__depth")
        .first()
    )
    unit = role.unit if role else visible.order_by("depth", "name_sort").first()
    if unit is None:
        return render(request, "reports/no_scope.html")
    return redirect("reports:annual", report_unit_pk=unit.pk)


@login_required
@require_GET
def annual_report(request: HttpRequest, report_unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=report_unit_pk)
    year = _year(request)
    try:
        report = annual.build(unit, year)
    except DomainError as error:
        return render(
            request,
            "reports/no_data.html",
            {"unit": unit, "year": year, "message": error.message},
            status=404,
        )
    output = request.GET.get("format", "")
    if output == "json":
        return JsonResponse(report.as_dict(), json_dumps_params={"ensure_ascii": False})
    if output in CONTENT_TYPES:
        writer = documents.write_docx if output == "docx" else documents.write_xlsx
        data = writer(report)
        with transaction.atomic():
            audit.record(
                actor=request.user,
                action="reports.export",
                object_type="reports.annual",
                object_repr=f"{report.name} — {year}",
                unit=unit,
                after={"year": year, "format": output},
                reason=_("Tải báo cáo tổng kết năm"),
            )
        response = HttpResponse(data, content_type=CONTENT_TYPES[output])
        filename = f"bao-cao-tong-ket-{year}-{unit.code}.{output}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "reports/annual.html", rendering.context(report))
