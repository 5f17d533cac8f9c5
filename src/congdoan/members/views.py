"""Pages of the member registry. Views parse input and call selectors and services.

Every object comes through ``visible_to(request.user)`` (404 outside the
user's scope); every write needs the action "change" on the person's unit
(403 otherwise), and the services check it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from congdoan.accounts.models import Role
from congdoan.accounts.scope import path_allowed, path_in_subtree_q
from congdoan.common.errors import DomainError, ScopeError
from congdoan.common.formats import vn_date, vn_number
from congdoan.members import forms, ids, selectors, services
from congdoan.members.models import MemberStatus, Person
from congdoan.members.reference import ethnicity_name
from congdoan.org import places
from congdoan.org.models import Unit

PAGE_SIZE = 50


def _visible_unit(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)


def _visible_person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user).select_related("unit", "user"), pk=pk)


def _can(user: Any, unit: Unit, action: str) -> bool:
    return path_allowed(user, unit.path, action)


def _require(user: Any, unit: Unit, action: str = "change") -> None:
    if not _can(user, unit, action):
        raise PermissionDenied


# --------------------------------------------------------------------------
# the member list of a unit subtree


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The member list of the user's top unit."""
    user = request.user
    visible = Unit.objects.visible_to(user)
    role = (
        Role.objects.filter(user=user, unit__in=visible)
        .select_related("unit")
        .order_by("unit__depth")
        .first()
    )
    unit = role.unit if role else visible.order_by("depth", "name_sort").first()
    if unit is None:
        return render(request, "members/no_scope.html")
    return redirect("members:list", pk=unit.pk)


def _querystring(params: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return urlencode(merged)


@login_required
@require_GET
def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    form = forms.MemberFilterForm(request.GET or None, initial={"on": services.today()})
    filters = form.filters(services.today())
    on = filters.pop("on")
    people = selectors.member_list(request.user, unit, on, **filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    for person in page.object_list:
        person.masked_id = ids.mask_id(person.cccd or person.other_id)
    params = {
        key: value for key, value in request.GET.items() if key not in ("page", "sort") and key in form.fields
    }
    sort = filters["sort"]
    sort_links = {}
    for key in ("name", "joined", "born", "unit"):
        target = f"-{key}" if sort == key and key != "unit" else key
        sort_links[key] = {
            "query": _querystring(params, sort=target),
            "arrow": "▲" if sort == key else ("▼" if sort == f"-{key}" else ""),
        }
    context = {
        "unit": unit,
        "form": form,
        "page": page,
        "on": on,
        "status": filters["status"],
        "sort": sort,
        "sort_links": sort_links,
        "page_query": _querystring(params, sort=sort if sort != "name" else ""),
        "can_change": _can(request.user, unit, "change"),
        "can_admit": _can(request.user, unit, "change")
        and unit.is_active
        and unit.level in services.MEMBER_LEVELS,
        "bulk_actions": forms.BULK_ACTIONS,
    }
    template = "members/_list_results.html" if request.htmx else "members/list.html"
    return render(request, template, context)


# --------------------------------------------------------------------------
# bulk actions on a selection of the list


def _bulk_run(user: Any, action: str, people: list[Person], data: dict[str, Any]) -> int:
    """Run ``action`` on every person in one transaction: one refusal and nothing is written."""
    with transaction.atomic():
        if action == "issue_cards":
            services.issue_cards(actor=user, people=people, on=data["on"], reason=data.get("reason", ""))
            return len(people)
        for person in people:
            try:
                if action == "transfer":
                    services.transfer(
                        actor=user,
                        person=person,
                        to_unit=data["to_unit"],
                        on=data["on"],
                        decision=data.get("decision", ""),
                        reason=data.get("reason", ""),
                    )
                else:
                    services.suspend(
                        actor=user,
                        person=person,
                        on=data["on"],
                        reason=data.get("reason", ""),
                        decision=data.get("decision", ""),
                    )
            except ScopeError:
                raise
            except DomainError as error:
                raise DomainError(
                    _("%(name)s: %(message)s") % {"name": person.full_name, "message": error.message},
                    field=error.field,
                    code=error.code,
                ) from error
    return len(people)


@login_required
@require_POST
def bulk(request: HttpRequest, pk: int) -> HttpResponse:
    """A bulk action on the selected members: form → confirm (who is affected) → write."""
    unit = _visible_unit(request, pk)
    _require(request.user, unit)
    in_subtree = Person.objects.visible_to(request.user).filter(path_in_subtree_q("unit__path", unit.path))
    wanted = [value for value in request.POST.getlist("people") if value.isdigit()]
    selected = list(in_subtree.filter(pk__in=wanted).select_related("unit").order_by("name_sort", "id"))
    form = forms.BulkForm(request.POST, people_choices=[(str(p.pk), p.full_name) for p in selected])
    ready = False
    if form.is_valid():
        for person in selected:
            _require(request.user, person.unit)
        if "confirm" in request.POST:
            action = form.cleaned_data["action"]
            try:
                done = _bulk_run(request.user, action, selected, form.cleaned_data)
            except ScopeError as error:
                raise PermissionDenied from error
            except DomainError as error:
                form.add_error(None, error.message + " " + _("Chưa có gì được ghi."))
            else:
                label = dict(forms.BULK_ACTIONS)[action]
                messages.success(
                    request, _("Đã ghi: %(action)s — %(n)s đoàn viên.") % {"action": label, "n": done}
                )
                return redirect("members:list", pk=unit.pk)
        else:
            ready = True
    for person in selected:
        person.masked_id = ids.mask_id(person.cccd or person.other_id)
    return render(
        request,
        "members/bulk.html",
        {"unit": unit, "form": form, "selected": selected, "ready": ready},
    )


# --------------------------------------------------------------------------
# search


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    people = selectors.search_people(request.user, query) if query else []
    for person in people:
        person.masked_id = ids.mask_id(person.cccd or person.other_id)
    template = "members/_search_results.html" if request.htmx else "members/search.html"
    return render(request, template, {"people": people, "q": query})


# --------------------------------------------------------------------------
# one member


def _label(name: str) -> str:
    return capfirst(str(Person._meta.get_field(name).verbose_name))


def _place(ward_code: int | None, province_code: int | None, street: str = "") -> str:
    parts = [street, places.ward_name(ward_code) or "", places.province_name(province_code) or ""]
    return ", ".join(part for part in parts if part)


def _facts(person: Person) -> list[tuple[str, str]]:
    born = vn_date(person.birth_date) if person.birth_date else str(person.birth_year)
    rows = [
        (_label("full_name"), person.full_name),
        (_label("gender"), person.get_gender_display()),
        (_label("birth_date") if person.birth_date else _label("birth_year"), born),
        (_label("other_id"), ids.mask_id(person.other_id)),
        (_label("citizenship"), person.get_citizenship_display()),
    ]
    if person.nationality:
        rows.append((_label("nationality"), person.nationality))
    rows += [
        (_label("ethnicity"), ethnicity_name(person.ethnicity)),
        (_label("religion"), person.get_religion_display()),
        (_label("education"), person.get_education_display()),
        (
            capfirst(_("quê quán")),
            _place(person.hometown_ward_code, person.hometown_province_code),
        ),
        (
            capfirst(_("nơi ở")),
            _place(person.residence_ward_code, person.residence_province_code, person.residence_street),
        ),
        (_label("phone"), person.phone),
        (_label("email"), person.email),
        (_label("employer"), person.employer),
        (_label("job_title"), person.job_title),
        (_label("contract_type"), person.get_contract_type_display()),
        (
            _label("contract_months"),
            "" if person.contract_months is None else str(person.contract_months),
        ),
        (
            _label("insurance_salary"),
            vn_number(person.insurance_salary),
        ),
    ]
    return rows


def _detail_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    user = request.user
    can_change = _can(user, person.unit, "change")
    return {
        "person": person,
        "facts": _facts(person),
        "cccd_label": _label("cccd"),
        "masked_cccd": ids.mask_id(person.cccd or ""),
        "can_reveal": bool(person.cccd or person.other_id) and _can(user, person.unit, "reveal_id"),
        "can_change": can_change,
        "events": selectors.history(person),
        "spells": person.spells.select_related("unit").order_by("valid_from", "id"),
        "cards": person.cards.select_related("unit").order_by("issued_on", "id"),
        "actions": _event_links(person) if can_change else [],
        "status_labels": {
            "unit": _label("unit"),
            "status": _label("status"),
            "joined_on": _label("joined_on"),
            "card_number": _label("card_number"),
            "union_office": _label("union_office"),
        },
    }


@login_required
@require_GET
def detail(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _visible_person(request, person_pk)
    return render(request, "members/detail.html", _detail_context(request, person))


@login_required
@require_POST
def reveal_id(request: HttpRequest, person_pk: int) -> HttpResponse:
    """The full ID number, for a role that needs it; every reveal is audited."""
    person = _visible_person(request, person_pk)
    _require(request.user, person.unit, "reveal_id")
    try:
        number = services.reveal_id(actor=request.user, person=person)
    except ScopeError as error:
        raise PermissionDenied from error
    if request.htmx:
        return render(request, "members/_revealed_id.html", {"number": number})
    context = _detail_context(request, person)
    context["revealed"] = number
    return render(request, "members/detail.html", context)


@login_required
@require_GET
def wards(request: HttpRequest) -> HttpResponse:
    """The ``<option>``s of a province's wards (htmx, when the province select changes)."""
    province = request.GET.get("province", "")
    for key, value in request.GET.items():
        if key.endswith("province_code"):
            province = value
    return render(request, "members/_ward_options.html", {"choices": forms.ward_choices(province)})


# --------------------------------------------------------------------------
# membership events: one view shape for every event


@dataclass(frozen=True)
class Event:
    title: Any
    form_class: type[django_forms.Form]
    run: Callable[[Any, Person, dict[str, Any]], Person]
    #: statuses the person must have for the link to show
    statuses: frozenset[str] = frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED})
    danger: bool = False
    #: a service's field name -> this form's field
    fields: dict[str, str] = field(default_factory=dict)


def _common(data: dict[str, Any]) -> dict[str, Any]:
    return {"on": data["on"], "decision": data.get("decision", ""), "reason": data.get("reason", "")}


EVENTS: dict[str, Event] = {
    "transfer": Event(
        gettext_lazy("Chuyển sinh hoạt"),
        forms.TransferForm,
        lambda user, person, data: services.transfer(
            actor=user, person=person, to_unit=data["to_unit"], **_common(data)
        ),
        fields={"unit": "to_unit"},
    ),
    "suspend": Event(
        gettext_lazy("Tạm dừng sinh hoạt"),
        forms.SuspendForm,
        lambda user, person, data: services.suspend(actor=user, person=person, **_common(data)),
        statuses=frozenset({MemberStatus.ACTIVE}),
    ),
    "resume": Event(
        gettext_lazy("Sinh hoạt trở lại"),
        forms.EventForm,
        lambda user, person, data: services.resume(actor=user, person=person, **_common(data)),
        statuses=frozenset({MemberStatus.SUSPENDED}),
    ),
    "leave": Event(
        gettext_lazy("Ra khỏi tổ chức công đoàn"),
        forms.LeaveForm,
        lambda user, person, data: services.leave(actor=user, person=person, **_common(data)),
        danger=True,
    ),
    "discipline": Event(
        gettext_lazy("Kỷ luật"),
        forms.DisciplineForm,
        lambda user, person, data: services.discipline(
            actor=user, person=person, measure=data["measure"], **_common(data)
        ),
        danger=True,
    ),
    "death": Event(
        gettext_lazy("Ghi nhận từ trần"),
        forms.EventForm,
        lambda user, person, data: services.record_death(actor=user, person=person, **_common(data)),
        danger=True,
    ),
}


def _event_links(person: Person) -> list[dict[str, Any]]:
    links = [
        {"url": reverse(f"members:{name}", args=[person.pk]), "title": event.title, "danger": event.danger}
        for name, event in EVENTS.items()
        if person.status in event.statuses
    ]
    links.append({"url": reverse("members:edit", args=[person.pk]), "title": _("Sửa thông tin cá nhân")})
    return links


def _after_write(request: HttpRequest, person: Person, fallback: Unit) -> HttpResponse:
    """The person's page, or the list of the unit they left when they are now outside the user's scope."""
    if Person.objects.visible_to(request.user).filter(pk=person.pk).exists():
        return redirect("members:detail", person_pk=person.pk)
    return redirect("members:list", pk=fallback.pk)


def _field_error(form: django_forms.Form, error: DomainError, aliases: dict[str, str]) -> None:
    if error.field in aliases:
        error = DomainError(error.message, code=error.code, field=aliases[error.field])
    forms.apply_domain_error(form, error)


def event_view(request: HttpRequest, person_pk: int, name: str) -> HttpResponse:
    event = EVENTS[name]
    person = _visible_person(request, person_pk)
    _require(request.user, person.unit)
    form = event.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = person.unit
        try:
            event.run(request.user, person, form.cleaned_data)
        except ScopeError as error:
            raise PermissionDenied from error
        except DomainError as error:
            _field_error(form, error, event.fields)
        else:
            messages.success(
                request, _("Đã ghi: %(title)s — %(name)s.") % {"title": event.title, "name": person.full_name}
            )
            return _after_write(request, person, source)
    return render(request, "members/event.html", {"event": event, "form": form, "person": person})


def _event_view(name: str) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, person_pk: int) -> HttpResponse:
        return event_view(request, person_pk, name)

    view.__name__ = f"{name}_view"
    return login_required(view)


transfer = _event_view("transfer")
suspend = _event_view("suspend")
resume = _event_view("resume")
leave = _event_view("leave")
discipline = _event_view("discipline")
death = _event_view("death")


# --------------------------------------------------------------------------
# personal data: admission and corrections


@login_required
def admit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    _require(request.user, unit)
    form = forms.AdmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.admit(
                actor=request.user,
                unit=unit,
                on=data["on"],
                person=form.person_data(),
                decision=data.get("decision", ""),
                reason=data.get("reason", ""),
            )
        except ScopeError as error:
            raise PermissionDenied from error
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Đã kết nạp %(name)s vào %(unit)s.") % {"name": person.full_name, "unit": unit.name},
            )
            return _after_write(request, person, unit)
    return render(
        request,
        "members/person_form.html",
        {
            "form": form,
            "unit": unit,
            "title": _("Kết nạp đoàn viên"),
            "cancel_url": reverse("members:list", args=[unit.pk]),
        },
    )


@login_required
def edit(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _visible_person(request, person_pk)
    _require(request.user, person.unit)
    initial = {key: getattr(person, key) for key in services.PERSON_FIELDS}
    if person.birth_date:
        initial["birth_year"] = None
    form = forms.EditPersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                actor=request.user,
                person=person,
                reason=form.cleaned_data.get("reason", ""),
                **form.person_data(),
            )
        except ScopeError as error:
            raise PermissionDenied from error
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin của %(name)s.") % {"name": person.full_name})
            return redirect("members:detail", person_pk=person.pk)
    return render(
        request,
        "members/person_form.html",
        {
            "form": form,
            "person": person,
            "unit": person.unit,
            "title": _("Sửa thông tin cá nhân"),
            "cancel_url": reverse("members:detail", args=[person.pk]),
        },
    )
