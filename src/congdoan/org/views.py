"""Pages of the organisation tree. Views parse input and call selectors and services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from congdoan.accounts.models import AuditEntry
from congdoan.common.errors import DomainError
from congdoan.common.formats import vn_date
from congdoan.org import forms, restructure, selectors, services
from congdoan.org.models import TIER, Unit


def _on(request: HttpRequest) -> dt.date:
    """The as-of date of the page (``?on=YYYY-MM-DD``), today by default."""
    value = request.GET.get("on") or request.POST.get("as_of_page")
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            messages.error(
                request, _("Ngày “%(v)s” không hợp lệ; đang xem theo ngày hôm nay.") % {"v": value}
            )
    return selectors.today()


def _visible_unit(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    rows = selectors.children_rows(request.user, None, on)
    return render(request, "org/tree.html", {"rows": rows, "on": on, "q": request.GET.get("q", "")})


@login_required
@require_GET
def children(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    on = _on(request)
    rows = selectors.children_rows(request.user, unit, on)
    return render(request, "org/_tree_rows.html", {"rows": rows, "on": on})


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    units = list(selectors.search_units(request.user, query)) if query.strip() else []
    template = "org/_search_results.html" if request.htmx else "org/search.html"
    return render(request, template, {"units": units, "q": query, "on": _on(request)})


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    on = _on(request)
    user = request.user
    context = {
        "unit": unit,
        "on": on,
        "version": selectors.unit_on(unit, on),
        "ancestors": selectors.ancestors_on(unit, on),
        "versions": unit.versions.select_related("parent").order_by("-valid_from"),
        "events": unit.events.order_by("-on", "-id")[:100],
        "workforce": unit.workforce.order_by("-as_of")[:10],
        "audit": AuditEntry.objects.visible_to(user).filter(unit=unit)[:20],
        "children": selectors.children_rows(user, unit, on),
        "predecessors": Unit.objects.visible_to(user).filter(successor=unit),
        "can_change": selectors.can(user, unit, "change"),
        "can_restructure": selectors.can(user, unit, "restructure"),
    }
    return render(request, "org/detail.html", context)


# ---------------------------------------------------------------------------
# operations: one view shape for every dated operation (form → preview → confirm)


@dataclass(frozen=True)
class Operation:
    title: str
    action: str
    form_class: type[django_forms.Form]
    run: Callable[[Any, Unit, Any], Unit]
    preview: bool = True
    danger: bool = False


def _preview_root(unit: Unit) -> Unit:
    """The unit whose subtree counts are shown in a preview: the province-level ancestor."""
    for ancestor in reversed(selectors.ancestors_on(unit, selectors.today())):
        if TIER[ancestor.level] <= 2:
            return ancestor
    return unit


def _common(form: Any) -> dict[str, Any]:
    data = form.cleaned_data
    return {"on": data["on"], "decision": data.get("decision", ""), "reason": data.get("reason", "")}


def _run_found(user: Any, unit: Unit, form: Any) -> Unit:
    data = form.cleaned_data
    return services.found_unit(
        actor=user,
        parent=unit,
        code=data["code"],
        name=data["name"],
        level=data["level"],
        workers=data.get("workers"),
        **form.address(),
        **_common(form),
    )


def _run_rename(user: Any, unit: Unit, form: Any) -> Unit:
    return services.rename_unit(actor=user, unit=unit, name=form.cleaned_data["name"], **_common(form))


def _run_move(user: Any, unit: Unit, form: Any) -> Unit:
    services.move_units(actor=user, units=[unit], new_parent=form.cleaned_data["new_parent"], **_common(form))
    return unit


def _run_move_children(user: Any, unit: Unit, form: Any) -> Unit:
    services.move_units(
        actor=user,
        units=form.selected_children(),
        new_parent=form.cleaned_data["new_parent"],
        **_common(form),
    )
    return unit


def _run_merge(user: Any, unit: Unit, form: Any) -> Unit:
    data = form.cleaned_data
    sources = [unit, *[u for u in data["others"] if u.pk != unit.pk]]
    if data["mode"] == forms.MergeForm.MODE_INTO:
        return services.merge_units(actor=user, sources=sources, into=data["into"], **_common(form))
    return services.merge_units(
        actor=user, sources=sources, new_code=data["new_code"], new_name=data["new_name"], **_common(form)
    )


def _run_split(user: Any, unit: Unit, form: Any) -> Unit:
    made = services.split_unit(
        actor=user,
        unit=unit,
        parts=form.cleaned_data["parts"],
        keep_original=form.cleaned_data["keep_original"],
        **_common(form),
    )
    return unit if form.cleaned_data["keep_original"] else made[0]


def _run_dissolve(user: Any, unit: Unit, form: Any) -> Unit:
    data = form.cleaned_data
    services.dissolve_unit(
        actor=user,
        unit=unit,
        children_to=data.get("children_to"),
        dissolve_children=data.get("dissolve_children", False),
        **_common(form),
    )
    return unit


def _run_edit(user: Any, unit: Unit, form: Any) -> Unit:
    return services.update_unit_details(
        actor=user, unit=unit, reason=form.cleaned_data.get("reason", ""), **form.address()
    )


def _run_workforce(user: Any, unit: Unit, form: Any) -> Unit:
    data = form.cleaned_data
    services.record_workforce(
        actor=user,
        unit=unit,
        as_of=data["as_of"],
        workers=data["workers"],
        women=data.get("women"),
        reason=data.get("reason", ""),
    )
    return unit


OPERATIONS: dict[str, Operation] = {
    "found": Operation(gettext_lazy("Thành lập đơn vị trực thuộc"), "change", forms.FoundForm, _run_found),
    "rename": Operation(gettext_lazy("Đổi tên đơn vị"), "change", forms.RenameForm, _run_rename),
    "move": Operation(
        gettext_lazy("Chuyển đơn vị sang đơn vị cấp trên khác"), "restructure", forms.MoveForm, _run_move
    ),
    "move_children": Operation(
        gettext_lazy("Chuyển nhiều đơn vị trực thuộc"),
        "restructure",
        forms.MoveChildrenForm,
        _run_move_children,
    ),
    "merge": Operation(
        gettext_lazy("Hợp nhất, sáp nhập"), "restructure", forms.MergeForm, _run_merge, danger=True
    ),
    "split": Operation(
        gettext_lazy("Chia tách đơn vị"), "restructure", forms.SplitForm, _run_split, danger=True
    ),
    "dissolve": Operation(
        gettext_lazy("Giải thể đơn vị"), "restructure", forms.DissolveForm, _run_dissolve, danger=True
    ),
    "edit": Operation(
        gettext_lazy("Sửa thông tin đơn vị"), "change", forms.EditForm, _run_edit, preview=False
    ),
    "workforce": Operation(
        gettext_lazy("Cập nhật số lao động"), "change", forms.WorkforceForm, _run_workforce, preview=False
    ),
}


def _form_kwargs(name: str, request: HttpRequest, unit: Unit) -> dict[str, Any]:
    if name in {"edit", "workforce"}:
        initial: dict[str, Any] = {}
        if name == "edit":
            initial = {
                "kind": unit.kind,
                "employer": unit.employer,
                "ward_code": unit.ward_code,
                "street": unit.street,
            }
        else:
            initial = {"as_of": selectors.today()}
        return {"initial": initial, "unit": unit} if name == "edit" else {"initial": initial}
    kwargs: dict[str, Any] = {"user": request.user, "unit": unit}
    if name == "rename":
        kwargs["initial"] = {"name": unit.name}
    if name == "move_children":
        kwargs["children"] = [
            row.unit for row in selectors.children_rows(request.user, unit, selectors.today())
        ]
    return kwargs


def operation(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    op = OPERATIONS[name]
    unit = _visible_unit(request, pk)
    if not selectors.can(request.user, unit, op.action):
        raise PermissionDenied
    form = op.form_class(request.POST or None, **_form_kwargs(name, request, unit))
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if op.preview and "confirm" not in request.POST:
                preview = services.preview(
                    lambda **_kw: op.run(request.user, unit, form),
                    root=_preview_root(unit),
                    on=form.cleaned_data["on"],
                )
                # The rolled-back operation changed ``unit`` in memory; show it as stored.
                unit.refresh_from_db()
            else:
                result = op.run(request.user, unit, form)
                messages.success(
                    request, _("Đã ghi: %(title)s — %(name)s.") % {"title": op.title, "name": result.name}
                )
                on = form.cleaned_data.get("on")
                url = reverse("org:detail", args=[result.pk])
                return redirect(f"{url}?on={on.isoformat()}" if on else url)
        except DomainError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "org/operation.html",
        {"op": op, "form": form, "unit": unit, "preview": preview, "multipart": False},
    )


def _op_view(name: str) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return operation(request, pk, name)

    view.__name__ = f"{name}_view"
    return login_required(view)


found = _op_view("found")
rename = _op_view("rename")
move = _op_view("move")
move_children = _op_view("move_children")
merge = _op_view("merge")
split = _op_view("split")
dissolve = _op_view("dissolve")
edit = _op_view("edit")
workforce = _op_view("workforce")


# ---------------------------------------------------------------------------
# the restructuring wizard


def _plan_from(form: forms.RestructureForm, user: Any) -> restructure.Plan:
    data = form.cleaned_data
    province = data["province"]
    if data.get("plan_csv"):
        return restructure.Plan.from_csv(data["plan_csv"], root=province, title=_("Phương án tải lên"))
    return restructure.plan_2025_reform(
        actor=user, province=province, on=data["on"], agencies_on=data["agencies_on"]
    )


@login_required
def restructure_wizard(request: HttpRequest) -> HttpResponse:
    form = forms.RestructureForm(request.POST or None, request.FILES or None, user=request.user)
    apply_form = forms.ApplyForm(request.POST if "apply" in request.POST else None)
    context: dict[str, Any] = {"form": form, "apply_form": apply_form}
    if request.method == "POST" and form.is_valid():
        try:
            plan = _plan_from(form, request.user)
            if "apply" in request.POST and apply_form.is_valid():
                result = restructure.apply_plan(
                    actor=request.user,
                    plan=plan,
                    decision=apply_form.cleaned_data["decision"],
                    reason=apply_form.cleaned_data["reason"],
                )
                last = plan.dates()[-1]
                messages.success(
                    request,
                    _("Đã áp dụng phương án (%(n)s bước, đợt %(batch)s).")
                    % {"n": sum(result.counts.values()), "batch": result.batch},
                )
                return render(
                    request,
                    "org/restructure_done.html",
                    {"plan": plan, "result": result, "on": last, "province": plan.root},
                )
            preview = restructure.preview_plan(actor=request.user, plan=plan)
            context.update(
                {
                    "plan": plan,
                    "preview": preview,
                    "steps": [step.describe() for step in plan.steps[:200]],
                    "more_steps": max(0, len(plan.steps) - 200),
                    "plan_csv": form.cleaned_data.get("plan_csv", ""),
                }
            )
        except DomainError as error:
            form.add_error(None, error.message)
    return render(request, "org/restructure.html", context)


@login_required
@require_GET
def restructure_csv(request: HttpRequest) -> HttpResponse:
    form = forms.RestructureForm(request.GET, user=request.user)
    if not form.is_valid():
        raise PermissionDenied
    plan = _plan_from(form, request.user)
    response = HttpResponse(plan.to_csv(), content_type="text/csv; charset=utf-8")
    filename = f"phuong-an-{plan.root.code}-{vn_date(plan.dates()[-1]).replace('/', '-')}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
