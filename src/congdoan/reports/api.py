"""The reports' JSON API: the indicator registry and a unit's annual figures, for other systems.

``GET /api/v1/indicators/``: every indicator (code, Vietnamese and English
label, measure, stock or flow, section, target). ``GET
/api/v1/reports/annual/?unit=UNIT&year=YYYY``: the annual report as
``congdoan report annual --format json`` prints it. The caller is the
logged-in user (session); the unit (code or exact name) must be in that
user's scope. Errors are JSON with a Vietnamese message and a stable code.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from congdoan.common.errors import DomainError
from congdoan.org.selectors import resolve_unit
from congdoan.reports import annual
from congdoan.reports import indicators as registry


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": code, "message": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _json(data: Any) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


@require_GET
def indicators(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return _error("not_authenticated", "Cần đăng nhập.", 401)
    rows = []
    for indicator in registry.all_indicators():
        with translation.override("en"):
            label_en = str(indicator.label)
        with translation.override("vi"):
            label_vi = str(indicator.label)
        rows.append(
            {
                "code": indicator.code,
                "label": label_vi,
                "label_en": label_en,
                "measure": indicator.measure,
                "kind": indicator.kind,
                "section": indicator.section,
                "target": indicator.target,
            }
        )
    return _json(rows)


@require_GET
def annual_report(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return _error("not_authenticated", "Cần đăng nhập.", 401)
    ref = request.GET.get("unit", "").strip()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return _error("invalid_year", "Năm không hợp lệ: cần dạng YYYY, ví dụ year=2024.", 400)
    if not ref:
        return _error("no_unit", "Thiếu đơn vị: unit=MÃ hoặc tên chính xác của đơn vị.", 400)
    try:
        unit = resolve_unit(request.user, ref)
        report = annual.cached_build(unit, year)
    except DomainError as error:
        return _error(error.code, error.message, 404)
    return _json(report.as_dict())
