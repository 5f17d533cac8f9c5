"""Pages of the targets: a unit's year, setting its own target, distributing it, the sum check, the export.

Every unit comes through ``visible_to(request.user)`` (404 outside the
user's scope); writing needs "change" on the unit (403 otherwise), and the
services check it again.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congdoan.accounts import audit
from congdoan.accounts.models import Role
from congdoan.accounts.scope import path_allowed
from congdoan.common.errors import DomainError, ScopeError
from congdoan.common.formats import vn_date, vn_number
from congdoan.org.models import Unit
from congdoan.org.selectors import ancestors_on, unit_on
from congdoan.plans import forms, selectors, services
from congdoan.plans.indicators import INDICATORS


def _visible_unit(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)


def _can_change(user: Any, unit: Unit) -> bool:
    return path_allowed(user, unit.path, "change")


def _require_change(user: Any, unit: Unit) -> None:
    if not _can_change(user, unit):
        raise PermissionDenied


def _year(request: HttpRequest) -> int:
    form = forms.PeriodForm(request.GET or None)
    year, _on = form.period(services.today())
    return year


def _indicator(request: HttpRequest) -> str:
    code = request.GET.get("indicator") or request.POST.get("indicator") or ""
    if code not in INDICATORS:
        raise Http404
    return code


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The targets of the user's top unit, this year."""
    visible = Unit.objects.visible_to(request.user)
    role = (
        Role.objects.filter(user=request.user, unit__in=visible)  # type: ignore[misc]
        .select_related("unit")
        .order_by("unit__depth")
        .first()
    )
    unit = role.unit if role else visible.order_by("depth", "name_sort").first()
    if unit is None:
        return render(request, "plans/no_scope.html")
    return redirect("plans:unit", plan_unit_pk=unit.pk)


@login_required
@require_GET
def unit_plan(request: HttpRequest, plan_unit_pk: int) -> HttpResponse:
    """A unit's targets for a year: target, achievement to a day, percent, and one row per child."""
    unit = _visible_unit(request, plan_unit_pk)
    form = forms.PeriodForm(request.GET or None)
    year, on = form.period(services.today())
    if not request.GET:
        form = forms.PeriodForm(initial={"year": year, "on": on})
    rows = selectors.overview(unit, year, on)
    parents = [u for u in ancestors_on(unit, on) if path_allowed(request.user, u.path)]
    can_change = _can_change(request.user, unit)
    items = [
        {
            "row": row,
            "can_set": can_change and (row.own.target is None or row.own.assigned_by == unit),
            "can_distribute": can_change and row.own.target is not None and bool(row.children),
            "children_differ": row.own.target is not None
            and any(child.target is not None for child in row.children)
            and row.children_target_total != row.own.target,
        }
        for row in rows
    ]
    return render(
        request,
        "plans/unit.html",
        {
            "unit": unit,
            "form": form,
            "year": year,
            "on": on,
            "items": items,
            "parents": parents,
            "can_change": can_change,
            "import_url": _import_url(unit) if can_change else "",
        },
    )


def _import_url(unit: Unit) -> str:
    """The browser import of targets, when the import pages offer record kinds."""
    from django.urls import NoReverseMatch

    for name, kwargs in (("imports:upload_records", {"kind": "targets", "pk": unit.pk}),):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def set_target(request: HttpRequest, plan_unit_pk: int) -> HttpResponse:
    """The unit's own target (the top of a distribution)."""
    unit = _visible_unit(request, plan_unit_pk)
    _require_change(request.user, unit)
    initial: dict[str, Any] = {
        "year": _year(request),
        "indicator": request.GET.get("indicator", "new_members"),
    }
    if initial["indicator"] in INDICATORS:
        current = selectors.target_value(unit, initial["year"], initial["indicator"])
        if current is not None:
            initial["value"] = current
    form = forms.SetTargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_target(
                actor=request.user,
                unit=unit,
                year=data["year"],
                indicator=data["indicator"],
                value=data["value"],
                reason=data["reason"],
            )
        except ScopeError as error:
            raise PermissionDenied from error
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi chỉ tiêu “%(indicator)s” năm %(year)s: %(value)s.")
                % {
                    "indicator": INDICATORS[data["indicator"]].label,
                    "year": data["year"],
                    "value": vn_number(data["value"]),
                },
            )
            return redirect(reverse("plans:unit", args=[unit.pk]) + f"?year={data['year']}")
    return render(request, "plans/set_target.html", {"unit": unit, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def distribute(request: HttpRequest, plan_unit_pk: int) -> HttpResponse:
    """One page: the parent's target and one input per child, pre-filled; refused unless they add up."""
    unit = _visible_unit(request, plan_unit_pk)
    _require_change(request.user, unit)
    code = _indicator(request)
    indicator = INDICATORS[code]
    source = request.POST if request.method == "POST" else request.GET
    year_form = forms.PeriodForm({"year": source.get("year", "")})
    year, _on = year_form.period(services.today())
    tree_on = selectors.distribution_tree_on(unit, year, code) or selectors.default_tree_on(year)
    date_form = forms.CheckForm({"year": year, "on": source.get("tree_on", "")})
    if date_form.is_valid() and date_form.cleaned_data["on"] and date_form.cleaned_data["on"].year == year:
        tree_on = date_form.cleaned_data["on"]
    own = selectors.target_for(unit, year, code)
    version = unit_on(unit, tree_on)
    rows = selectors.distribution_rows(unit, year, code, tree_on) if own and version else []
    form = forms.DistributeForm(
        request.POST if request.method == "POST" else None, rows=rows, initial={"tree_on": tree_on}
    )
    if request.method == "POST" and own is not None and rows and form.is_valid():
        try:
            with transaction.atomic():
                services.distribute(
                    actor=request.user,
                    parent=unit,
                    year=year,
                    indicator=code,
                    values=form.values(),
                    tree_on=tree_on,
                    reason=form.cleaned_data["reason"],
                )
        except ScopeError as error:
            raise PermissionDenied from error
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Đã phân bổ chỉ tiêu “%(indicator)s” năm %(year)s cho %(n)s đơn vị.")
                % {"indicator": indicator.label, "year": year, "n": vn_number(len(rows))},
            )
            return redirect(reverse("plans:unit", args=[unit.pk]) + f"?year={year}")
    entered = sum(row.current if row.current is not None else row.suggested for row in rows)
    return render(
        request,
        "plans/distribute.html",
        {
            "unit": unit,
            "indicator": indicator,
            "year": year,
            "tree_on": tree_on,
            "own": own,
            "form": form,
            "rows": form.bound_rows(),
            "members_total": sum(row.members for row in rows),
            "entered": entered,
            "active": version is not None,
        },
    )


@login_required
@require_GET
def check(request: HttpRequest, plan_unit_pk: int) -> HttpResponse:
    """Every place in the unit's subtree where children's targets don't add up to the parent's."""
    unit = _visible_unit(request, plan_unit_pk)
    form = forms.CheckForm(request.GET or None)
    today = services.today()
    year = today.year
    on = None
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        on = form.cleaned_data["on"]
    if on is None or on.year != year:
        on = selectors.default_check_on(year, today)
    if not request.GET:
        form = forms.CheckForm(initial={"year": year, "on": on})
    found = selectors.mismatches(unit, year, on)
    return render(
        request,
        "plans/check.html",
        {"unit": unit, "form": form, "year": year, "on": on, "mismatches": found},
    )


@login_required
@require_GET
def export(request: HttpRequest, plan_unit_pk: int) -> HttpResponse:
    """The year's targets of the unit and every unit below it, as an .xlsx the import reads back."""
    from congdoan.imports.records import write_table
    from congdoan.plans.imports import TARGETS, export_rows

    unit = _visible_unit(request, plan_unit_pk)
    year = _year(request)
    targets = selectors.subtree_targets(unit, year)
    out = io.BytesIO()
    with transaction.atomic():
        written = write_table(
            TARGETS,
            export_rows(targets),
            out,
            title_lines=[
                unit.name,
                _("Chỉ tiêu năm %(year)s, xuất ngày %(day)s")
                % {"year": year, "day": vn_date(services.today())},
            ],
        )
        audit.record(
            actor=request.user,
            action="plans.export",
            object_type="plans.target",
            object_repr=f"{unit.name} — {year}",
            unit=unit,
            after={"year": year, "rows": written},
        )
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{unit.code}-{year}.xlsx"'
    return response
