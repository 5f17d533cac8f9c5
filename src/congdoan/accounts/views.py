"""Login, the audit trail page, and user management."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from congdoan.accounts import services
from congdoan.accounts.forms import AuditFilterForm, UserRoleForm
from congdoan.accounts.models import AuditEntry, Role
from congdoan.accounts.scope import path_in_subtree_q, scope_paths
from congdoan.common.errors import DomainError
from congdoan.org.selectors import resolve_unit


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


logout = auth_views.LogoutView.as_view()


@login_required
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    """The audit trail within the user's scope, filtered by unit subtree, object and action."""
    form = AuditFilterForm(request.GET)
    entries = AuditEntry.objects.visible_to(request.user).select_related("unit")
    unit = None
    if form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            try:
                unit = resolve_unit(request.user, data["unit"])
            except DomainError as error:
                form.add_error("unit", error.message)
                entries = entries.none()
            else:
                entries = entries.filter(path_in_subtree_q("unit__path", unit.path))
        if data["object_type"]:
            entries = entries.filter(object_type__icontains=data["object_type"])
        if data["action"]:
            entries = entries.filter(action__icontains=data["action"])
        if request.GET.get("object_id"):
            entries = entries.filter(object_id=request.GET["object_id"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit.html",
        {"form": form, "page": page, "entries": page.object_list, "unit": unit, "query": query.urlencode()},
    )


@login_required
def users(request: HttpRequest) -> HttpResponse:
    """Users holding roles in the actor's subtrees; federation admins add users and roles."""
    can_manage = scope_paths(request.user, "manage_users") != []
    roles = (
        Role.objects.visible_to(request.user, "manage_users" if can_manage else "view")
        .select_related("user", "unit")
        .order_by("unit__path", "user__username")
    )
    form = UserRoleForm(request.POST or None, user=request.user) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    new_user = services.create_user(
                        actor=request.user,
                        username=data["username"],
                        password=data["password"],
                        full_name=data["full_name"],
                        email=data["email"],
                    )
                    services.grant_role(
                        actor=request.user, user=new_user, unit=data["unit"], kind=data["kind"]
                    )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã tạo người dùng %(u)s.") % {"u": new_user.username})
                return redirect("accounts:users")
    page = Paginator(roles, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/users.html",
        {"page": page, "roles": page.object_list, "form": form, "can_manage": can_manage},
    )


@login_required
@require_POST
def revoke_role(request: HttpRequest, role_pk: int) -> HttpResponse:
    role = get_object_or_404(
        Role.objects.visible_to(request.user, "manage_users").select_related("unit", "user"), pk=role_pk
    )
    services.revoke_role(actor=request.user, role=role, reason=request.POST.get("reason", ""))
    messages.success(request, _("Đã thu hồi vai trò của %(u)s.") % {"u": role.user})
    return redirect("accounts:users")
