"""Pages of emulation and awards. Views parse input and call selectors and services.

Every object comes through ``visible_to(request.user)`` (404 outside the
user's scope); writes need "change" on the unit (the forms look units up
in that scope, the services check again).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed
from congdoan.common.errors import DomainError, ScopeError
from congdoan.common.formats import vn_date, vn_number
from congdoan.common.text import fold
from congdoan.emulation import forms, selectors, services, tables
from congdoan.emulation.grading import points_text
from congdoan.emulation.models import (
    AwardDecision,
    Campaign,
    Grade,
    Grading,
    Initiative,
    RecipientKind,
)
from congdoan.imports.mapping import TableSpec

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can_change_somewhere(user: Any) -> bool:
    from congdoan.accounts.scope import scope_paths

    paths = scope_paths(user, "change")
    return paths is None or bool(paths)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The emulation overview: the four record types and what the user's subtree holds of each."""
    user = request.user
    counts = {
        "campaigns": Campaign.objects.visible_to(user).count(),
        "initiatives": Initiative.objects.visible_to(user).count(),
        "decisions": AwardDecision.objects.visible_to(user).count(),
        "gradings": Grading.objects.visible_to(user).count(),
    }
    return render(
        request, "emulation/index.html", {"counts": counts, "can_change": _can_change_somewhere(user)}
    )


# --------------------------------------------------------------------------
# list pages: one template, columns declared per record type


@dataclass
class Cell:
    text: Any
    url: str = ""
    number: bool = False


def _query(params: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return urlencode(merged)


def _export(
    request: HttpRequest,
    *,
    spec: TableSpec,
    rows: Iterable[dict[str, Any]],
    title: str,
    filename: str,
    filters: dict,
) -> HttpResponse:
    """The list as an .xlsx in the spec's template; the export is audited (``emulation.export``)."""
    from congdoan.imports.records import write_table

    out = io.BytesIO()
    unit = filters.get("unit")
    period = " – ".join(vn_date(filters[k]) for k in ("start", "end") if filters.get(k))
    lines = [unit.name if unit else _("Toàn bộ phạm vi của bạn"), title + (f" ({period})" if period else "")]
    with transaction.atomic():
        written = write_table(spec, rows, out, title_lines=lines)
        audit.record(
            actor=request.user,
            action="emulation.export",
            object_type=f"emulation.{spec.name}",
            object_repr=f"{title}: {lines[0]}",
            unit=unit,
            after={"rows": written, "table": spec.name, "filters": {k: v for k, v in filters.items() if v}},
        )
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _list_page(
    request: HttpRequest,
    *,
    title: str,
    form: django_forms.Form,
    qs: QuerySet[Any],
    headers: list[str],
    row: Callable[[Any], list[Cell]],
    totals: list[str],
    new_url: str = "",
    new_label: str = "",
    extra_links: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k in form.fields}
    context = {
        "title": title,
        "form": form,
        "page": page,
        "headers": headers,
        "rows": [row(item) for item in page.object_list],
        "totals": totals,
        "page_query": _query(params),
        "export_query": _query(params, format="xlsx"),
        "new_url": new_url,
        "new_label": new_label,
        "extra_links": extra_links or [],
    }
    return render(request, "emulation/list.html", context)


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    form = forms.ListFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    qs = selectors.campaign_list(request.user, **filters)
    if request.GET.get("format") == "xlsx":
        return _export(
            request, spec=tables.CAMPAIGNS, rows=tables.campaign_rows(qs), title=_("Phong trào thi đua"),
            filename="phong-trao-thi-dua", filters=filters,
        )  # fmt: skip
    return _list_page(
        request,
        title=_("Phong trào thi đua"),
        form=form,
        qs=qs,
        headers=[
            _("Tên phong trào"),
            _("Loại"),
            _("Đơn vị phát động"),
            _("Ngày phát động"),
            _("Thời gian"),
            _("Số đăng ký"),
        ],
        row=lambda c: [
            Cell(c.name, reverse("emulation:campaign", kwargs={"campaign_pk": c.pk})),
            Cell(c.get_kind_display()),
            Cell(c.unit.name),
            Cell(vn_date(c.launched_on)),
            Cell(f"{vn_date(c.starts_on)} – {vn_date(c.ends_on)}" if c.ends_on else vn_date(c.starts_on)),
            Cell(vn_number(c.registered), number=True),
        ],
        totals=[_("%(n)s phong trào") % {"n": vn_number(qs.count())}],
        new_url=reverse("emulation:campaign_new") if _can_change_somewhere(request.user) else "",
        new_label=_("Phát động phong trào"),
    )


def _authors_text(initiative: Initiative) -> str:
    return ", ".join(a.person.full_name for a in initiative.authors.all())


@login_required
@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    form = forms.InitiativeFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    qs = selectors.initiative_list(request.user, **filters)
    if request.GET.get("format") == "xlsx":
        return _export(
            request, spec=tables.INITIATIVES, rows=tables.initiative_rows(qs), title=_("Sáng kiến"),
            filename="sang-kien", filters=filters,
        )  # fmt: skip
    total = qs.aggregate(value=Sum("value"))["value"] or 0
    by_scope = dict(qs.order_by().values_list("scope").annotate(n=Count("id")).values_list("scope", "n"))
    scope_labels = dict(Initiative._meta.get_field("scope").flatchoices)
    return _list_page(
        request,
        title=_("Sáng kiến, giải pháp, đề tài"),
        form=form,
        qs=qs,
        headers=[
            _("Tên sáng kiến"),
            _("Tác giả"),
            _("Đơn vị"),
            _("Lĩnh vực"),
            _("Ngày công nhận"),
            _("Cấp công nhận"),
            _("Giá trị làm lợi (đồng)"),
        ],
        row=lambda i: [
            Cell(i.title, reverse("emulation:initiative", kwargs={"initiative_pk": i.pk})),
            Cell(_authors_text(i)),
            Cell(i.unit.name),
            Cell(i.get_field_display()),
            Cell(vn_date(i.recognised_on)),
            Cell(i.get_scope_display() + (" · " + _("Bằng LĐST") if hasattr(i, "creative_award") else "")),
            Cell(vn_number(i.value), number=True),
        ],
        totals=[
            _("%(n)s sáng kiến") % {"n": vn_number(qs.count())},
            *(
                f"{scope_labels.get(scope) or _('Chưa công nhận')}: {vn_number(n)}"
                for scope, n in sorted(by_scope.items())
            ),
            _("Tổng giá trị làm lợi: %(v)s đồng") % {"v": vn_number(total)},
        ],
        new_url=reverse("emulation:initiative_new") if _can_change_somewhere(request.user) else "",
        new_label=_("Ghi sáng kiến"),
        extra_links=[
            (reverse("emulation:creative_awards"), _("Bằng Lao động sáng tạo")),
            *(
                [(reverse("imports:upload_records", kwargs={"kind": "initiatives"}), _("Nhập từ Excel"))]
                if _has_url("imports:upload_records") and _can_change_somewhere(request.user)
                else []
            ),
        ],
    )


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name, kwargs={"kind": "x"})
    except NoReverseMatch:
        return False
    return True


@login_required
@require_GET
def creative_award_list(request: HttpRequest) -> HttpResponse:
    form = forms.ListFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    qs = selectors.creative_award_list(request.user, **filters).prefetch_related(
        "initiative__authors__person"
    )
    if request.GET.get("format") == "xlsx":
        return _export(
            request, spec=tables.CREATIVE_AWARDS, rows=tables.creative_award_rows(qs),
            title=_("Bằng Lao động sáng tạo"), filename="bang-lao-dong-sang-tao", filters=filters,
        )  # fmt: skip
    return _list_page(
        request,
        title=_("Bằng Lao động sáng tạo của Tổng Liên đoàn"),
        form=form,
        qs=qs,
        headers=[_("Sáng kiến"), _("Tác giả"), _("Đơn vị"), _("Số quyết định"), _("Ngày quyết định")],
        row=lambda a: [
            Cell(
                a.initiative.title, reverse("emulation:initiative", kwargs={"initiative_pk": a.initiative_id})
            ),
            Cell(_authors_text(a.initiative)),
            Cell(a.unit.name),
            Cell(a.decision_number),
            Cell(vn_date(a.awarded_on)),
        ],
        totals=[_("%(n)s công trình") % {"n": vn_number(qs.count())}],
    )


@login_required
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    form = forms.DecisionFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    qs = selectors.decision_list(request.user, **filters)
    if request.GET.get("format") == "xlsx":
        return _export(
            request, spec=tables.DECISIONS,
            rows=tables.decision_rows(qs.prefetch_related("recipients__unit")),
            title=_("Tập thể, cá nhân được khen thưởng"), filename="khen-thuong", filters=filters,
        )  # fmt: skip
    sums = qs.aggregate(c=Sum("collectives"), i=Sum("individuals")) if qs.exists() else {"c": 0, "i": 0}
    return _list_page(
        request,
        title=_("Quyết định khen thưởng"),
        form=form,
        qs=qs,
        headers=[
            _("Số quyết định"),
            _("Ngày"),
            _("Cơ quan ban hành"),
            _("Hình thức"),
            _("Cấp"),
            _("Tập thể"),
            _("Cá nhân"),
        ],
        row=lambda d: [
            Cell(d.number, reverse("emulation:decision", kwargs={"decision_pk": d.pk})),
            Cell(vn_date(d.decided_on)),
            Cell(d.issuer),
            Cell(d.get_form_display()),
            Cell(d.get_level_display()),
            Cell(vn_number(d.collectives), number=True),
            Cell(vn_number(d.individuals), number=True),
        ],
        totals=[
            _("%(n)s quyết định") % {"n": vn_number(qs.count())},
            _("%(n)s lượt tập thể") % {"n": vn_number(sums["c"] or 0)},
            _("%(n)s lượt cá nhân") % {"n": vn_number(sums["i"] or 0)},
        ],
        new_url=reverse("emulation:decision_new") if _can_change_somewhere(request.user) else "",
        new_label=_("Ghi quyết định khen thưởng"),
    )


@login_required
@require_GET
def grading_list(request: HttpRequest) -> HttpResponse:
    form = forms.GradingFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    qs = selectors.grading_list(request.user, **filters)
    if request.GET.get("format") == "xlsx":
        return _export(
            request, spec=tables.GRADINGS, rows=tables.grading_rows(qs), title=_("Xếp loại công đoàn cơ sở"),
            filename="xep-loai-cdcs", filters=filters,
        )  # fmt: skip
    by_grade = dict(qs.order_by().values_list("grade").annotate(n=Count("id")).values_list("grade", "n"))
    return _list_page(
        request,
        title=_("Xếp loại công đoàn cơ sở"),
        form=form,
        qs=qs,
        headers=[_("Công đoàn cơ sở"), _("Năm"), _("Điểm"), _("Xếp loại")],
        row=lambda g: [
            Cell(g.unit.name, reverse("emulation:grading", kwargs={"grading_pk": g.pk})),
            Cell(g.year),
            Cell(f"{vn_number(g.total, 1)}/{vn_number(g.max_total)}", number=True),
            Cell(g.get_grade_display()),
        ],
        totals=[_("%(n)s đơn vị") % {"n": vn_number(qs.count())}]
        + [f"{label}: {vn_number(by_grade.get(grade, 0))}" for grade, label in Grade.choices],
        new_url=reverse("emulation:grading_new") if _can_change_somewhere(request.user) else "",
        new_label=_("Xếp loại một công đoàn cơ sở"),
        extra_links=(
            [(reverse("imports:upload_records", kwargs={"kind": "gradings"}), _("Nhập từ Excel"))]
            if _has_url("imports:upload_records") and _can_change_somewhere(request.user)
            else []
        ),
    )


# --------------------------------------------------------------------------
# forms: one template; the service's refusal goes next to its field, nothing is stored


def _form_page(
    request: HttpRequest,
    *,
    form: django_forms.Form,
    title: str,
    save: Callable[[Any], Any],
    done: Callable[[Any], str],
    back: str,
    message: str,
    submit_label: str = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            made = save(form.cleaned_data)
        except ScopeError as error:
            raise PermissionDenied from error
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            messages.success(request, message)
            return redirect(done(made))
    return render(
        request,
        "emulation/form.html",
        {"form": form, "title": title, "back": back, "submit_label": submit_label or _("Ghi")},
    )


def _require_change_somewhere(request: HttpRequest) -> None:
    if not _can_change_somewhere(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    _require_change_somewhere(request)
    form = forms.CampaignForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form=form,
        title=_("Phát động phong trào thi đua"),
        save=lambda d: services.launch_campaign(actor=request.user, **d),
        done=lambda c: reverse("emulation:campaign", kwargs={"campaign_pk": c.pk}),
        back=reverse("emulation:campaigns"),
        message=_("Đã ghi phong trào thi đua."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_new(request: HttpRequest) -> HttpResponse:
    _require_change_somewhere(request)
    form = forms.InitiativeForm(request.POST or None, user=request.user)

    return _form_page(
        request,
        form=form,
        title=_("Ghi sáng kiến, giải pháp, đề tài"),
        save=lambda d: services.record_initiative(actor=request.user, data=_initiative_data(d)),
        done=lambda i: reverse("emulation:initiative", kwargs={"initiative_pk": i.pk}),
        back=reverse("emulation:initiatives"),
        message=_("Đã ghi sáng kiến."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest) -> HttpResponse:
    _require_change_somewhere(request)
    form = forms.DecisionForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form=form,
        title=_("Ghi quyết định khen thưởng"),
        save=lambda d: services.issue_award_decision(actor=request.user, **d),
        done=lambda x: reverse("emulation:decision", kwargs={"decision_pk": x.pk}),
        back=reverse("emulation:decisions"),
        message=_("Đã ghi quyết định khen thưởng."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grading_new(request: HttpRequest) -> HttpResponse:
    _require_change_somewhere(request)
    form = forms.GradingForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form=form,
        title=_("Xếp loại công đoàn cơ sở"),
        save=lambda d: services.grade_unit(
            actor=request.user, unit=d["unit"], year=d["year"], sheet=form.sheet(), note=d["note"]
        ),
        done=lambda g: reverse("emulation:grading", kwargs={"grading_pk": g.pk}),
        back=reverse("emulation:gradings"),
        message=_("Đã ghi kết quả xếp loại."),
    )


# --------------------------------------------------------------------------
# detail pages and their actions


def _may(request: HttpRequest, unit: Any, action: str = "change") -> bool:
    return path_allowed(request.user, unit.path, action)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_detail(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """A campaign, the registrations the user may see, and (POST) a registration."""
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("unit"), pk=campaign_pk
    )
    form = forms.RegistrationForm(
        request.POST or None, user=request.user, initial={"registered_on": timezone.localdate()}
    )
    if request.method == "POST":
        _require_change_somewhere(request)
        if form.is_valid():
            try:
                services.register_for_campaign(
                    actor=request.user,
                    campaign=campaign,
                    on=form.cleaned_data["registered_on"],
                    unit=form.cleaned_data["unit"] if form.cleaned_data["person"] is None else None,
                    person=form.cleaned_data["person"],
                    commitment=form.cleaned_data["commitment"],
                )
            except ScopeError as error:
                raise PermissionDenied from error
            except DomainError as error:
                forms.apply_domain_error(form, error)
            else:
                messages.success(request, _("Đã ghi đăng ký thi đua."))
                return redirect("emulation:campaign", campaign_pk=campaign.pk)
    registrations = selectors.registrations_of(request.user, campaign)
    context = {
        "campaign": campaign,
        "registrations": registrations[:500],
        "registration_count": registrations.count(),
        "form": form,
        "can_register": _can_change_somewhere(request.user),
    }
    return render(request, "emulation/campaign_detail.html", context)


def _visible_initiative(request: HttpRequest, pk: int) -> Initiative:
    return get_object_or_404(
        Initiative.objects.visible_to(request.user).select_related("unit", "campaign"), pk=pk
    )


@login_required
@require_GET
def initiative_detail(request: HttpRequest, initiative_pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, initiative_pk)
    award = getattr(initiative, "creative_award", None) if hasattr(initiative, "creative_award") else None
    can_change = _may(request, initiative.unit)
    context = {
        "can_delete": can_change and award is None,
        "initiative": initiative,
        "authors": initiative.authors.select_related("person", "person__unit"),
        "award": award,
        "can_change": can_change,
        "recognise_form": forms.RecogniseForm() if can_change and not initiative.is_recognised else None,
        "award_form": forms.CreativeAwardForm()
        if can_change and initiative.is_recognised and award is None
        else None,
    }
    return render(request, "emulation/initiative_detail.html", context)


def _initiative_action(
    request: HttpRequest,
    initiative_pk: int,
    form_class: type[django_forms.Form],
    act: Callable[..., Any],
    title: str,
) -> HttpResponse:
    initiative = _visible_initiative(request, initiative_pk)
    if not _may(request, initiative.unit):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(initiative, form.cleaned_data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            messages.success(request, _("Đã ghi."))
            return redirect("emulation:initiative", initiative_pk=initiative.pk)
    back = reverse("emulation:initiative", kwargs={"initiative_pk": initiative.pk})
    return render(
        request, "emulation/form.html", {"form": form, "title": f"{title}: {initiative.title}", "back": back}
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_recognise(request: HttpRequest, initiative_pk: int) -> HttpResponse:
    return _initiative_action(
        request,
        initiative_pk,
        forms.RecogniseForm,
        lambda i, d: services.recognise_initiative(
            actor=request.user,
            initiative=i,
            on=d["recognised_on"],
            by=d["recognised_by"],
            scope=d["scope"],
            value=d["value"],
        ),  # fmt: skip
        _("Công nhận sáng kiến"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_award(request: HttpRequest, initiative_pk: int) -> HttpResponse:
    return _initiative_action(
        request,
        initiative_pk,
        forms.CreativeAwardForm,
        lambda i, d: services.award_creative_labour(
            actor=request.user, initiative=i, decision_number=d["decision_number"], on=d["awarded_on"]
        ),
        _("Ghi Bằng Lao động sáng tạo"),
    )


def _initiative_data(d: dict[str, Any]) -> services.InitiativeData:
    return services.InitiativeData(
        unit=d["unit"],
        title=d["title"],
        kind=d["kind"],
        field=d["field"],
        authors=d["authors"],
        recognised_on=d["recognised_on"],
        recognised_by=d["recognised_by"],
        scope=d["scope"],
        value=d["value"],
        campaign=d["campaign"],
        summary=d["summary"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, initiative_pk: int) -> HttpResponse:
    """Correct an initiative entered wrongly (the service keeps the before and after, and the reason)."""
    initiative = _visible_initiative(request, initiative_pk)
    if not _may(request, initiative.unit):
        raise PermissionDenied
    form = forms.InitiativeCorrectForm(
        request.POST or None, user=request.user, initial=forms.InitiativeCorrectForm.initial_for(initiative)
    )
    detail = reverse("emulation:initiative", kwargs={"initiative_pk": initiative.pk})
    return _form_page(
        request,
        form=form,
        title=_("Sửa sáng kiến: %(t)s") % {"t": initiative.title},
        save=lambda d: services.correct_initiative(
            actor=request.user, initiative=initiative, data=_initiative_data(d), reason=d["reason"]
        ),
        done=lambda i: detail,
        back=detail,
        message=_("Đã sửa sáng kiến."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_delete(request: HttpRequest, initiative_pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, initiative_pk)
    if not _may(request, initiative.unit):
        raise PermissionDenied
    return _form_page(
        request,
        form=forms.ReasonForm(request.POST or None),
        title=_("Xoá sáng kiến: %(t)s") % {"t": initiative.title},
        save=lambda d: services.delete_initiative(
            actor=request.user, initiative=initiative, reason=d["reason"]
        ),
        done=lambda _none: reverse("emulation:initiatives"),
        back=reverse("emulation:initiative", kwargs={"initiative_pk": initiative.pk}),
        message=_("Đã xoá sáng kiến."),
        submit_label=_("Xoá"),
    )


def _visible_decision(request: HttpRequest, pk: int) -> AwardDecision:
    return get_object_or_404(
        AwardDecision.objects.visible_to(request.user).select_related("unit", "campaign"), pk=pk
    )


def _recipients(decision: AwardDecision) -> dict[str, list[Any]]:
    rows = list(decision.recipients.select_related("unit", "person"))
    return {
        "collectives": [r for r in rows if r.kind == RecipientKind.COLLECTIVE],
        "individuals": [r for r in rows if r.kind == RecipientKind.INDIVIDUAL],
    }


@login_required
@require_GET
def decision_detail(request: HttpRequest, decision_pk: int) -> HttpResponse:
    decision = _visible_decision(request, decision_pk)
    return render(request, "emulation/decision_detail.html", {"decision": decision, **_recipients(decision)})


@login_required
@require_GET
def decision_print(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """The decision and its certificate list as a page to print (A4, the administrative layout)."""
    decision = _visible_decision(request, decision_pk)
    from congdoan.emulation import documents

    head = documents.heading(decision)
    services.decision_pdf_exported(actor=request.user, decision=decision, what="print")
    context = {"decision": decision, "parent_name": head.parent_name, "place_date": head.place_date}
    return render(request, "emulation/decision_print.html", {**context, **_recipients(decision)})


@login_required
@require_GET
def decision_pdf(request: HttpRequest, decision_pk: int) -> HttpResponse:
    from congdoan.emulation import documents

    decision = _visible_decision(request, decision_pk)
    pdf = documents.decision_pdf(decision)
    services.decision_pdf_exported(actor=request.user, decision=decision, what="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    # ASCII only: a header with "Đ" is sent MIME-encoded and browsers lose the file name.
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in fold(decision.number))
    response["Content-Disposition"] = f'inline; filename="quyet-dinh-{safe}.pdf"'
    return response


@login_required
@require_GET
def grading_detail(request: HttpRequest, grading_pk: int) -> HttpResponse:
    row = _visible_grading(request, grading_pk)
    lines = [
        {"criterion": line["criterion"], "max": points_text(line["max"]), "score": points_text(line["score"])}
        for line in row.sheet
    ]
    context = {
        "grading": row,
        "can_change": _may(request, row.unit),
        "lines": lines,
        "total_text": points_text(row.total),
        "max_text": points_text(row.max_total),
    }
    return render(request, "emulation/grading_detail.html", context)


def _visible_grading(request: HttpRequest, pk: int) -> Grading:
    return get_object_or_404(
        Grading.objects.visible_to(request.user).select_related("unit", "graded_by"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def grading_edit(request: HttpRequest, grading_pk: int) -> HttpResponse:
    """Correct a grading's score sheet and remarks (the grade follows from the new total)."""
    row = _visible_grading(request, grading_pk)
    if not _may(request, row.unit):
        raise PermissionDenied
    form = forms.GradingCorrectForm(request.POST or None, grading_row=row)
    detail = reverse("emulation:grading", kwargs={"grading_pk": row.pk})
    return _form_page(
        request,
        form=form,
        title=_("Sửa xếp loại %(unit)s năm %(y)s") % {"unit": row.unit.name, "y": row.year},
        save=lambda d: services.correct_grading(
            actor=request.user, grading_row=row, sheet=form.sheet(), note=d["note"], reason=d["reason"]
        ),
        done=lambda g: detail,
        back=detail,
        message=_("Đã sửa kết quả xếp loại."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grading_delete(request: HttpRequest, grading_pk: int) -> HttpResponse:
    row = _visible_grading(request, grading_pk)
    if not _may(request, row.unit):
        raise PermissionDenied
    return _form_page(
        request,
        form=forms.ReasonForm(request.POST or None),
        title=_("Xoá xếp loại %(unit)s năm %(y)s") % {"unit": row.unit.name, "y": row.year},
        save=lambda d: services.delete_grading(actor=request.user, grading_row=row, reason=d["reason"]),
        done=lambda _none: reverse("emulation:gradings"),
        back=reverse("emulation:grading", kwargs={"grading_pk": row.pk}),
        message=_("Đã xoá kết quả xếp loại."),
        submit_label=_("Xoá"),
    )
