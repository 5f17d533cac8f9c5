"""Report pages: the annual summary report of a unit's subtree, on screen and as files.

Every unit comes through ``Unit.objects.visible_to(request.user)`` (404
outside the user's scope, like every other page); viewing a report reads
only, so it needs no more than the "view" action the queryset implies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congdoan.accounts import audit
from congdoan.accounts.models import Role
from congdoan.activities.models import Session
from congdoan.care.models import GrantState, SupportGrant
from congdoan.common.errors import DomainError
from congdoan.members.models import EventKind, MemberEvent
from congdoan.org.models import Unit
from congdoan.org.selectors import ancestors_on
from congdoan.plans import selectors as plans
from congdoan.reports import annual, charts, documents, links, rollup, tasks
from congdoan.reports import indicators as registry
from congdoan.reports import render as rendering
from congdoan.reports.indicators import Period

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
WRITERS = {"docx": documents.write_docx, "xlsx": documents.write_xlsx, "pdf": documents.write_pdf}


def default_year(unit: Unit) -> int:
    """The year a federation reports on: the current one in December (review season), else the last one.

    When the unit's subtree has no records of that year yet (a new installation, the demo of a
    past year), the latest of the two years before it that has some.
    """
    today = timezone.localdate()
    year = today.year if today.month == 12 else today.year - 1
    return next((y for y in (year, year - 1, year - 2) if _has_records(unit, y)), year)


def _has_records(unit: Unit, year: int) -> bool:
    """Whether any admission, paid grant or study session of ``year`` was recorded under ``unit``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    below = Q(unit__path__startswith=unit.path)
    return (
        MemberEvent.objects.filter(below, kind=EventKind.ADMITTED, on__gte=start, on__lte=end).exists()
        or SupportGrant.objects.filter(below, state=GrantState.PAID, on__gte=start, on__lte=end).exists()
        or Session.objects.filter(below, on__gte=start, on__lte=end).exists()
    )


def _year(request: HttpRequest, unit: Unit) -> int:
    try:
        year = int(request.GET.get("year") or default_year(unit))
    except ValueError:
        return default_year(unit)
    return year if 2000 <= year <= 2100 else default_year(unit)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The annual report of the user's top unit."""
    unit = top_unit(request.user)
    if unit is None:
        return render(request, "reports/no_scope.html")
    return redirect("reports:dashboard", report_unit_pk=unit.pk)


def top_unit(user: Any) -> Unit | None:
    """The unit a user's pages start from: the highest unit of the user's roles, or the highest visible."""
    visible = Unit.objects.visible_to(user)
    role = (
        Role.objects.filter(user=user, unit__in=visible)  # type: ignore[misc]
        .select_related("unit")
        .order_by("unit__depth")
        .first()
    )
    return role.unit if role else visible.order_by("depth", "name_sort").first()


#: The figures of the dashboard's cards, in order.
CARDS = [
    "members.total",
    "members.new",
    "workers.unionised",
    "grassroots.total",
    "support.count",
    "support.amount",
    "activities.participations",
    "initiatives.grassroots",
    "creative_awards",
]


def _month_ends(year: int, last: dt.date) -> list[dt.date]:
    ends = []
    for month in range(1, 13):
        first_next = dt.date(year + month // 12, month % 12 + 1, 1)
        day = first_next - dt.timedelta(days=1)
        if day > last:
            break
        ends.append(day)
    return ends or [last]


def members_on_days(root: Unit, days: list[dt.date]) -> list[int]:
    """Active members of ``root``'s subtree on each of ``days`` (as the tree stood each day), from the kept figures."""
    members = registry.get("members.total")
    return [int(members.value(Period(root, dt.date(day.year, 1, 1), day)) or 0) for day in days]


def _figure_card(report: annual.AnnualReport, code: str, unit: Unit) -> dict[str, Any]:
    figure = report.figure(code)
    ind = figure.indicator
    return {
        "code": code,
        "label": ind.label,
        "value": rendering.value_text(ind.measure, figure.value),
        "prior": rendering.value_text(ind.measure, figure.prior),
        "target": rendering.value_text(ind.measure, figure.target) if figure.target is not None else "",
        "percent": rendering.value_text(registry.PERCENT, figure.percent)
        if figure.percent is not None
        else "",
        "url": reverse("reports:figure", args=[unit.pk, code]) + f"?year={report.year}",
    }


@login_required
@require_GET
def dashboard(request: HttpRequest, report_unit_pk: int) -> HttpResponse:
    """A unit's year at a glance: key figures against target and prior year, charts, the child units."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=report_unit_pk)
    year = _year(request, unit)
    report = _report(request, unit, year)
    if isinstance(report, HttpResponse):
        return report
    last = min(report.end, timezone.localdate())
    days = _month_ends(year, last)
    members_chart = charts.line(
        [(day.strftime("%m/%Y"), n) for day, n in zip(days, members_on_days(unit, days), strict=True)],
        title=_("Đoàn viên cuối mỗi tháng"),
    )
    kinds = [f for f in report.figures if f.indicator.code.startswith("support.amount.") and f.value]
    support_chart = charts.bars(
        [
            charts.Bar(
                str(f.indicator.label).split(": ", 1)[-1],
                float(f.value or 0),
                rendering.value_text(registry.VND, f.value),
                href=links.records_url(f.indicator.code, unit, report.start, report.end),
            )
            for f in kinds
        ],
        title=_("Giá trị hỗ trợ theo loại chương trình"),
    )
    new_bars = []
    for child in report.children:
        target = plans.target_value(child.unit, year, "new_members")
        new_bars.append(
            charts.Bar(
                child.name,
                float(child.values.get("members.new") or 0),
                href=reverse("reports:dashboard", args=[child.unit.pk]) + f"?year={year}",
                second=float(target or 0),
                second_text=_("chỉ tiêu %(n)s") % {"n": rendering.value_text(registry.PEOPLE, target or 0)},
            )
        )
    new_chart = (
        charts.bars(
            new_bars,
            title=_("Kết nạp đoàn viên mới so với chỉ tiêu, theo đơn vị trực thuộc"),
            legend=(_("Kết nạp"), _("Chỉ tiêu")),
        )
        if new_bars
        else ""
    )
    context = {
        **rendering.context(report),
        "unit": unit,
        "cards": [_figure_card(report, code, unit) for code in CARDS],
        "members_chart": members_chart,
        "support_chart": support_chart,
        "new_chart": new_chart,
        "link_children": True,
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def figure(request: HttpRequest, report_unit_pk: int, code: str) -> HttpResponse:
    """One figure of a unit for a year, split by child unit, with the records behind it."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=report_unit_pk)
    try:
        indicator = registry.get(code)
    except KeyError:
        raise Http404 from None
    year = _year(request, unit)
    on = annual.report_day(unit, year)
    if on is None:
        raise Http404
    start = dt.date(year, 1, 1)
    period = Period(unit, start, on)
    total = indicator.value(period)
    parts = indicator.by_child(period)
    rows = []
    for child, name in annual.children_on(unit, on):
        value = parts.get(child.pk, 0) if parts is not None else indicator.value(Period(child, start, on))
        rows.append(
            {
                "name": name,
                "value": rendering.value_text(indicator.measure, value),
                "raw": value or 0,
                "url": reverse("reports:figure", args=[child.pk, code]) + f"?year={year}",
                "records": links.records_url(code, child, start, on),
            }
        )
    own = parts.get(rollup.OWN, 0) if parts is not None else None
    context = {
        "unit": unit,
        "year": year,
        "on": on,
        "indicator": indicator,
        "total": rendering.value_text(indicator.measure, total),
        "own": rendering.value_text(indicator.measure, own) if own else "",
        "rows": rows,
        "records": links.records_url(code, unit, start, on),
        "chart": charts.bars(
            [charts.Bar(str(r["name"]), float(r["raw"]), str(r["value"]), href=str(r["url"])) for r in rows],
            title=str(indicator.label),
        )
        if rows and indicator.measure != registry.PERCENT
        else "",
        "parents": _parents(request.user, unit, on),
    }
    return render(request, "reports/figure.html", context)


def _report(request: HttpRequest, unit: Unit, year: int) -> annual.AnnualReport | HttpResponse:
    """The unit's report, or the page to show instead: no data that year (404), or being built (202)."""
    try:
        report = tasks.start(unit, year)
    except DomainError as error:
        return render(
            request,
            "reports/no_data.html",
            {"unit": unit, "year": year, "message": error.message},
            status=404,
        )
    return report if report is not None else _building(request, unit, year)


def _building(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """The page shown while a large report is built in the background; it polls until the figures are there."""
    done = tasks.progress(unit, year) or 0.0
    return render(
        request, "reports/building.html", {"unit": unit, "year": year, "percent": int(done * 100)}, status=202
    )


def _parents(user: Any, unit: Unit, on: dt.date) -> list[Unit]:
    """The units above ``unit`` on ``on`` that the user may see (the breadcrumbs of a drill-down)."""
    visible = set(Unit.objects.visible_to(user).values_list("pk", flat=True))
    return [u for u in ancestors_on(unit, on) if u.pk in visible and u.pk != unit.pk]


@login_required
@require_GET
def annual_report(request: HttpRequest, report_unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=report_unit_pk)
    year = _year(request, unit)
    report = _report(request, unit, year)
    if isinstance(report, HttpResponse):
        return report
    output = request.GET.get("format", "")
    if output == "json":
        return JsonResponse(report.as_dict(), json_dumps_params={"ensure_ascii": False})
    if output in CONTENT_TYPES:
        data = WRITERS[output](report)
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
