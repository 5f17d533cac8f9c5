"""Template context shared by every page: the navigation menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congdoan.accounts.models import Role


def navigation(request: HttpRequest) -> dict[str, object]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": [], "user_units": []}
    items = [
        (_("Tổng quan"), reverse("home")),
        (_("Cây tổ chức"), reverse("org:tree")),
        (_("Đoàn viên"), reverse("members:index")),
        (_("Chăm lo"), reverse("care:index")),
        (_("Học tập, tuyên truyền"), reverse("activities:index")),
        (_("Chỉ tiêu"), reverse("plans:index")),
        (_("Thi đua, khen thưởng"), reverse("emulation:index")),
        (_("Báo cáo"), reverse("reports:index")),
        (_("Sắp xếp tổ chức"), reverse("org:restructure")),
        (_("Nhật ký thay đổi"), reverse("accounts:audit")),
        (_("Người dùng"), reverse("accounts:users")),
    ]
    path = request.path
    # The longest menu URL that prefixes the current path is the active one.
    matching = [url for _label, url in items if path == url or (url != "/" and path.startswith(url))]
    active = max(matching, key=len) if matching else None
    # The units the user's roles sit on, shown in the top bar: whom the user acts for.
    user_units = [
        role.unit.name
        for role in Role.objects.filter(user=request.user).select_related("unit").order_by("unit__depth")[:2]
    ]
    return {
        "nav_items": [{"label": label, "url": url, "active": url == active} for label, url in items],
        "user_units": user_units,
    }
