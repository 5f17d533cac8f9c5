"""Pages of study, outreach and training sessions: the list, a session, its forms, the roster, export.

Every session comes through ``visible_to(request.user)`` (404 outside the
user's scope); a write needs ``change`` on the organising unit (403
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
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congdoan.accounts import audit
from congdoan.accounts.scope import path_allowed, scope_paths
from congdoan.activities import forms, selectors, services
from congdoan.activities.models import Attendance, Mode, Session
from congdoan.common.errors import DomainError, ScopeError
from congdoan.members.models import Person
from congdoan.org.models import Unit

PAGE_SIZE = 50
#: Members shown on the roster page at most (a large union takes its attendance through the import).
ROSTER_PAGE_LIMIT = 1000


def _can(user: Any, unit: Unit, action: str) -> bool:
    return path_allowed(user, unit.path, action)


def _any_role(user: Any, action: str) -> bool:
    paths = scope_paths(user, action)
    return paths is None or bool(paths)


def _session(request: HttpRequest, session_pk: int) -> Session:
    return get_object_or_404(
        Session.objects.visible_to(request.user).select_related("unit", "created_by"), pk=session_pk
    )


def _changeable(request: HttpRequest, session_pk: int) -> Session:
    session = _session(request, session_pk)
    if not _can(request.user, session.unit, "change"):
        raise PermissionDenied
    return session


def _import_url() -> str:
    """The browser import of sessions (it asks for the unit), when the import pages offer record kinds."""
    try:
        return reverse("imports:upload_records", kwargs={"kind": "sessions"})
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The session list: filters by subtree, period, kind, mode and topic; totals; paging."""
    form = forms.SessionFilterForm(request.GET or None)
    filters = form.filters(request.user)
    sessions = selectors.session_list(request.user, **filters).order_by("-on", "-id")
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {k: str(v) for k, v in request.GET.items() if k in form.fields and v}
    can_change = _any_role(request.user, "change")
    return render(
        request,
        "activities/session_list.html",
        {
            "form": form,
            "page": page,
            "totals": selectors.totals(sessions),
            "query": urlencode(params),
            "can_change": can_change,
            "import_url": _import_url() if can_change else "",
        },
    )


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The filtered session list as .xlsx in the import template; audited (activities.export)."""
    from congdoan.activities.imports import SESSIONS, export_row
    from congdoan.imports.records import write_table

    form = forms.SessionFilterForm(request.GET or None)
    filters = form.filters(request.user)
    sessions = selectors.session_list(request.user, **filters).order_by("on", "id")
    out = io.BytesIO()
    title = [_("Danh sách buổi học tập, tuyên truyền")]
    if filters.get("root") is not None:
        title.append(filters["root"].name)
    count = write_table(
        SESSIONS, (export_row(s) for s in sessions.iterator(chunk_size=2000)), out, title_lines=title
    )
    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="activities.export",
            object_type="activities.session",
            object_repr=_("Xuất %(n)s buổi học tập, tuyên truyền") % {"n": count},
            unit=filters.get("root"),
            after={k: v for k, v in request.GET.items() if k in form.fields},
        )
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="hoc-tap-tuyen-truyen-{stamp}.xlsx"'
    return response


@login_required
@require_GET
def export_attendance(request: HttpRequest) -> HttpResponse:
    """The rosters of the filtered roster sessions as .xlsx in the ``attendance`` import template; audited."""
    from congdoan.activities.imports import ATTENDANCE, attendance_rows
    from congdoan.imports.records import write_table

    form = forms.SessionFilterForm(request.GET or None)
    filters = form.filters(request.user)
    sessions = (
        selectors.session_list(request.user, **filters)
        .filter(mode=Mode.ROSTER)
        .order_by("on", "id")
        .prefetch_related(
            Prefetch(
                "roster",
                queryset=Attendance.objects.select_related("person").order_by("person__name_sort", "id"),
            )
        )
    )
    out = io.BytesIO()
    title = [_("Danh sách điểm danh người tham dự")]
    if filters.get("root") is not None:
        title.append(filters["root"].name)
    count = write_table(ATTENDANCE, attendance_rows(sessions), out, title_lines=title)
    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="activities.export_attendance",
            object_type="activities.attendance",
            object_repr=_("Xuất %(n)s dòng điểm danh") % {"n": count},
            unit=filters.get("root"),
            after={k: v for k, v in request.GET.items() if k in form.fields},
        )
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="diem-danh-{stamp}.xlsx"'
    return response


@login_required
@require_GET
def session_detail(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _session(request, session_pk)
    roster = list(selectors.roster(session))
    visible = set(
        Person.objects.visible_to(request.user)
        .filter(pk__in=[a.person_id for a in roster])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "activities/session_detail.html",
        {
            "session": session,
            "roster": roster,
            "visible_people": visible,
            "absent": sum(1 for a in roster if not a.present),
            "can_change": _can(request.user, session.unit, "change"),
        },
    )


def _save(request: HttpRequest, form: forms.SessionForm, session: Session | None) -> Session | None:
    data = form.cleaned_data
    roster = [(p, True) for p in data.get("people", [])] if data["mode"] == Mode.ROSTER else None
    headcount = (
        {} if roster is not None else {"participants": data.get("participants"), "women": data.get("women")}
    )
    common: dict[str, Any] = {
        "topic": data["topic"],
        "kind": data["kind"],
        "on": data["on"],
        "place": data.get("place", ""),
        "note": data.get("note", ""),
        **headcount,
    }
    try:
        if session is None:
            return services.create_session(actor=request.user, unit=data["unit"], roster=roster, **common)
        keep = roster is not None and not roster and session.mode == Mode.ROSTER
        return services.update_session(
            actor=request.user,
            session=session,
            roster=None if keep else roster,
            keep_roster=keep,
            reason=data.get("reason", ""),
            **common,
        )
    except ScopeError:
        form.add_error("unit" if "unit" in form.fields else None, _("Bạn không có quyền với đơn vị này."))
    except DomainError as error:
        forms.apply_domain_error(form, error)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    """Record a session (an officer's form)."""
    if not _any_role(request.user, "change"):
        raise PermissionDenied
    form = forms.SessionForm(
        request.POST or None, user=request.user, initial={"unit": forms.default_unit_code(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        session = _save(request, form, None)
        if session is not None:
            messages.success(request, _("Đã ghi buổi “%(topic)s”.") % {"topic": session.topic})
            return redirect("activities:session_detail", session_pk=session.pk)
    return render(request, "activities/session_form.html", {"form": form, "session": None})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _changeable(request, session_pk)
    form = forms.SessionForm(
        request.POST or None,
        user=request.user,
        session=session,
        initial=forms.SessionForm.initial_for(session),
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, session)
        if saved is not None:
            messages.success(request, _("Đã lưu buổi “%(topic)s”.") % {"topic": saved.topic})
            return redirect("activities:session_detail", session_pk=saved.pk)
    return render(request, "activities/session_form.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
def session_roster(request: HttpRequest, session_pk: int) -> HttpResponse:
    """Take the attendance: each member of the organising unit's subtree that day present, absent or not listed."""
    session = _changeable(request, session_pk)
    candidates = list(selectors.roster_candidates(request.user, session)[:ROSTER_PAGE_LIMIT])
    current = dict(session.roster.values_list("person_id", "present"))
    error = ""
    if request.method == "POST":
        roster = []
        for person in candidates:
            choice = request.POST.get(f"p_{person.pk}", "")
            if choice in ("present", "absent"):
                roster.append((person, choice == "present"))
        # Members on the roster but beyond the page's limit keep their mark.
        shown = {person.pk for person in candidates}
        roster += [(a.person, a.present) for a in selectors.roster(session) if a.person_id not in shown]
        try:
            services.set_roster(
                actor=request.user, session=session, roster=roster, reason=request.POST.get("reason", "")
            )
        except ScopeError as refused:
            raise PermissionDenied from refused
        except DomainError as refused:
            error = refused.message
            current = {person.pk: present for person, present in roster}
        else:
            messages.success(request, _("Đã lưu danh sách điểm danh."))
            return redirect("activities:session_detail", session_pk=session.pk)
    rows = [(p, "" if p.pk not in current else "present" if current[p.pk] else "absent") for p in candidates]
    return render(
        request,
        "activities/session_roster.html",
        {"session": session, "rows": rows, "error": error, "limit": ROSTER_PAGE_LIMIT},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _changeable(request, session_pk)
    form = forms.DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_session(actor=request.user, session=session, reason=form.cleaned_data["reason"])
        except ScopeError as refused:
            raise PermissionDenied from refused
        except DomainError as refused:
            forms.apply_domain_error(form, refused)
        else:
            messages.success(request, _("Đã xoá buổi “%(topic)s”.") % {"topic": session.topic})
            return redirect("activities:index")
    return render(request, "activities/session_delete.html", {"session": session, "form": form})
