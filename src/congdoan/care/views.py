"""Pages of support: programmes, grants, the workflow steps, the approval and payment queue, export.

Every object comes through ``visible_to(request.user)`` (404 outside the
user's scope); a write needs the step's action on the grant's unit (403
otherwise) and the services check it again.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed, path_in_subtree_q, scope_paths
from congdoan.care import forms, selectors, services
from congdoan.care.models import GrantState, SupportGrant, SupportProgramme
from congdoan.common.errors import DomainError, ScopeError
from congdoan.members import ids
from congdoan.members.models import MEMBER_STATUSES, Person
from congdoan.org.models import Unit
from congdoan.org.selectors import resolve_unit

PAGE_SIZE = 50


def _can(user: Any, unit: Unit, action: str) -> bool:
    return path_allowed(user, unit.path, action)


def _require(user: Any, unit: Unit, action: str) -> None:
    if not _can(user, unit, action):
        raise PermissionDenied


def _grant(request: HttpRequest, grant_pk: int) -> SupportGrant:
    return get_object_or_404(
        SupportGrant.objects.visible_to(request.user).select_related(
            "programme", "programme__unit", "unit", "person", "requested_by", "decided_by", "paid_by"
        ),
        pk=grant_pk,
    )


def _programme(request: HttpRequest, programme_pk: int) -> SupportProgramme:
    return get_object_or_404(selectors.visible_programmes(request.user), pk=programme_pk)


def _any_role(user: Any, action: str) -> bool:
    paths = scope_paths(user, action)
    return paths is None or bool(paths)


# --------------------------------------------------------------------------
# grants


def _list_params(request: HttpRequest, form: forms.GrantFilterForm) -> dict[str, str]:
    return {k: str(v) for k, v in request.GET.items() if k in form.fields and v}


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The grant list: filters by subtree, period, programme, kind, state; totals; paging."""
    form = forms.GrantFilterForm(request.GET or None)
    filters = form.filters(request.user)
    grants = selectors.grant_list(request.user, **filters).order_by("-on", "-id")
    page = Paginator(grants, PAGE_SIZE).get_page(request.GET.get("page"))
    for grant in page.object_list:
        setattr(grant, "masked_id", ids.mask_id(grant.recipient_cccd))  # noqa: B010 - shown by the template
    params = _list_params(request, form)
    context = {
        "form": form,
        "page": page,
        "totals": selectors.totals(grants),
        "programme": filters.get("programme"),
        "query": urlencode(params),
        "can_change": _any_role(request.user, "change"),
        "queue_count": selectors.approval_queue(request.user).count()
        + selectors.payment_queue(request.user).count(),
    }
    return render(request, "care/grant_list.html", context)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The filtered grant list as .xlsx in the import template; audited (care.export)."""
    from congdoan.care.imports import GRANTS, export_row
    from congdoan.imports.records import write_table

    form = forms.GrantFilterForm(request.GET or None)
    filters = form.filters(request.user)
    grants = selectors.grant_list(request.user, **filters).order_by("on", "id")
    out = io.BytesIO()
    title = [_("Danh sách lượt hỗ trợ")]
    if filters.get("root") is not None:
        title.append(filters["root"].name)
    count = write_table(
        GRANTS, (export_row(g) for g in grants.iterator(chunk_size=2000)), out, title_lines=title
    )
    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="care.export",
            object_type="care.supportgrant",
            object_repr=_("Xuất %(n)s lượt hỗ trợ") % {"n": count},
            unit=filters.get("root"),
            after={k: v for k, v in request.GET.items() if k in form.fields},
        )
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="luot-ho-tro-{stamp}.xlsx"'
    return response


@login_required
@require_GET
def grant_detail(request: HttpRequest, grant_pk: int) -> HttpResponse:
    grant = _grant(request, grant_pk)
    user = request.user
    own = grant.requested_by_id == user.pk
    context = {
        "grant": grant,
        "masked_id": ids.mask_id(grant.recipient_cccd),
        "steps": selectors.history(grant),
        "can_approve": grant.state == GrantState.REQUESTED and _can(user, grant.unit, "approve") and not own,
        "own_request": own and grant.state == GrantState.REQUESTED and _can(user, grant.unit, "approve"),
        "can_pay": grant.state == GrantState.APPROVED and _can(user, grant.unit, "pay"),
        "programme_visible": selectors.visible_programmes(user).filter(pk=grant.programme_id).exists(),
        "person_visible": grant.person_id is not None
        and Person.objects.visible_to(user).filter(pk=grant.person_id).exists(),
    }
    return render(request, "care/grant_detail.html", context)


@login_required
def grant_new(request: HttpRequest) -> HttpResponse:
    """Request one grant (an officer's form)."""
    if not _any_role(request.user, "change"):
        raise PermissionDenied
    initial = {}
    if request.GET.get("programme", "").isdigit():
        initial["programme"] = request.GET["programme"]
    form = forms.GrantForm(request.POST or None, user=request.user, initial=initial)
    duplicate = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = services.request_grant(
                actor=request.user,
                programme=data["programme"],
                unit=data["unit"],
                recipient=form.recipient(),
                on=data["on"],
                amount=data["amount"],
                in_kind=data.get("in_kind", ""),
                funding=data.get("funding", ""),
                note=data.get("note", ""),
                duplicate_reason=data.get("duplicate_reason", ""),
            )
        except ScopeError:
            form.add_error("unit", _("Bạn không có quyền ghi hỗ trợ cho đơn vị hoặc người này."))
        except DomainError as error:
            duplicate = error.code == "duplicate"
            forms.apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi đề nghị hỗ trợ cho %(name)s; chờ duyệt.") % {"name": grant.recipient_name},
            )
            return redirect("care:grant_detail", grant_pk=grant.pk)
    return render(request, "care/grant_form.html", {"form": form, "duplicate": duplicate})


@login_required
def grant_bulk(request: HttpRequest) -> HttpResponse:
    """Grants to a selection of one unit's members: choose the unit, tick members (or all), one amount."""
    if not _any_role(request.user, "change"):
        raise PermissionDenied
    unit = None
    unit_error = ""
    ref = (
        request.POST.get("unit") or request.GET.get("unit") or forms.default_unit_code(request.user)
    ).strip()
    if ref:
        try:
            unit = resolve_unit(request.user, ref)
        except DomainError as error:
            unit_error = error.message
    if unit is not None and not _can(request.user, unit, "change"):
        raise PermissionDenied
    people = (
        Person.objects.visible_to(request.user)
        .filter(path_in_subtree_q("unit__path", unit.path), status__in=MEMBER_STATUSES)
        .select_related("unit")
        .order_by("name_sort", "id")
        if unit is not None
        else Person.objects.none()
    )
    form = forms.BulkGrantForm(request.POST or None, user=request.user)
    chosen = {v for v in request.POST.getlist("people") if v.isdigit()}
    if request.method == "POST" and unit is not None and form.is_valid():
        data = form.cleaned_data
        selected = list(people if data.get("all_members") else people.filter(pk__in=chosen))
        if not selected:
            form.add_error(None, _("Hãy chọn ít nhất một đoàn viên, hoặc “Tất cả đoàn viên của đơn vị”."))
        else:
            items = [
                services.GrantInput(
                    recipient=services.Recipient.member(person),
                    on=data["on"],
                    amount=data["amount"],
                    in_kind=data.get("in_kind", ""),
                    funding=data.get("funding", ""),
                    duplicate_reason=data.get("duplicate_reason", ""),
                )
                for person in selected
            ]
            try:
                grants = services.request_grants(
                    actor=request.user, programme=data["programme"], unit=unit, items=items
                )
            except ScopeError:
                form.add_error(None, _("Bạn không có quyền ghi hỗ trợ cho đơn vị này."))
            except DomainError as error:
                forms.apply_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Đã ghi %(n)s đề nghị hỗ trợ (%(total)s đồng); chờ duyệt.")
                    % {"n": len(grants), "total": f"{sum(g.amount for g in grants):,}".replace(",", ".")},
                )
                query = urlencode({"programme": data["programme"].pk, "state": GrantState.REQUESTED})
                return redirect(reverse("care:index") + "?" + query)
    return render(
        request,
        "care/grant_bulk.html",
        {
            "form": form,
            "unit": unit,
            "unit_ref": ref,
            "unit_error": unit_error,
            "people": people[:2000],
            "people_count": people.count(),
            "chosen": chosen,
        },
    )


def _step(request: HttpRequest, grant_pk: int, step: str) -> HttpResponse:
    grant = _grant(request, grant_pk)
    action = "pay" if step == "pay" else "approve"
    _require(request.user, grant.unit, action)
    labels = {
        "approve": (_("Duyệt lượt hỗ trợ"), _("Ghi chú"), False, _("Duyệt")),
        "reject": (_("Không duyệt lượt hỗ trợ"), _("Lý do không duyệt"), True, _("Không duyệt")),
        "pay": (_("Xác nhận đã chi"), _("Ghi chú (số phiếu chi …)"), False, _("Đã chi")),
    }
    title, reason_label, required, button = labels[step]
    form = forms.DecisionForm(
        request.POST if request.method == "POST" else None,
        reason_label=reason_label,
        reason_required=required,
    )
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("reason", "")
        try:
            if step == "approve":
                services.approve_grant(actor=request.user, grant=grant, note=reason)
            elif step == "reject":
                services.reject_grant(actor=request.user, grant=grant, reason=reason)
            else:
                services.pay_grant(actor=request.user, grant=grant, note=reason)
        except ScopeError as error:
            raise PermissionDenied from error
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            done = {
                "approve": _("Đã duyệt lượt hỗ trợ cho %(name)s."),
                "reject": _("Đã ghi không duyệt lượt hỗ trợ cho %(name)s."),
                "pay": _("Đã ghi chi lượt hỗ trợ cho %(name)s."),
            }[step]
            messages.success(request, done % {"name": grant.recipient_name})
            return redirect("care:grant_detail", grant_pk=grant.pk)
    return render(
        request,
        "care/grant_step.html",
        {"grant": grant, "form": form, "title": title, "button": button, "danger": step == "reject"},
    )


@login_required
def grant_approve(request: HttpRequest, grant_pk: int) -> HttpResponse:
    return _step(request, grant_pk, "approve")


@login_required
def grant_reject(request: HttpRequest, grant_pk: int) -> HttpResponse:
    return _step(request, grant_pk, "reject")


@login_required
def grant_pay(request: HttpRequest, grant_pk: int) -> HttpResponse:
    return _step(request, grant_pk, "pay")


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for the user: grants to approve (not their own requests), grants to pay."""
    to_approve = selectors.approval_queue(request.user)
    to_pay = selectors.payment_queue(request.user)
    return render(
        request,
        "care/queue.html",
        {
            "to_approve": to_approve[:200],
            "to_approve_totals": selectors.totals(to_approve),
            "to_pay": to_pay[:200],
            "to_pay_totals": selectors.totals(to_pay),
            "approver": _any_role(request.user, "approve"),
            "accountant": _any_role(request.user, "pay"),
        },
    )


# --------------------------------------------------------------------------
# programmes


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    form = forms.ProgrammeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    programmes = selectors.programme_list(request.user, year=data.get("year"), kind=data.get("kind") or "")
    page = Paginator(programmes.order_by("-start", "name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/programme_list.html",
        {"form": form, "page": page, "can_change": _any_role(request.user, "change")},
    )


@login_required
@require_GET
def programme_detail(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    totals = selectors.programme_totals(programme)
    lines = selectors.programme_use(programme)
    paid = totals["paid_amount"]
    return render(
        request,
        "care/programme_detail.html",
        {
            "programme": programme,
            "totals": totals,
            "lines": lines,
            "paid": paid,
            "used_percent": paid * 100 / programme.budget if programme.budget else None,
            "by_unit": selectors.programme_by_child(programme),
            "can_change": _can(request.user, programme.unit, "change"),
        },
    )


def _programme_form(request: HttpRequest, programme: SupportProgramme | None) -> HttpResponse:
    initial = (
        forms.ProgrammeForm.initial_for(programme)
        if programme
        else {"unit": forms.default_unit_code(request.user)}
    )
    form = forms.ProgrammeForm(request.POST or None, user=request.user, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "name": data["name"],
            "kind": data["kind"],
            "start": data["start"],
            "end": data["end"],
            "budget": data["budget"],
            "funding": form.funding(),
            "description": data.get("description", ""),
        }
        try:
            if programme is None:
                programme = services.create_programme(actor=request.user, unit=data["unit"], **common)
            else:
                services.update_programme(
                    actor=request.user, programme=programme, reason=data.get("reason", ""), **common
                )
        except ScopeError:
            form.add_error("unit" if "unit" in form.fields else None, _("Bạn không có quyền với đơn vị này."))
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu chương trình %(name)s.") % {"name": programme.name})
            return redirect("care:programme_detail", programme_pk=programme.pk)
    return render(request, "care/programme_form.html", {"form": form, "programme": programme})


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    if not _any_role(request.user, "change"):
        raise PermissionDenied
    return _programme_form(request, None)


@login_required
def programme_edit(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    _require(request.user, programme.unit, "change")
    return _programme_form(request, programme)
