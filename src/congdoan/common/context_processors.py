"""Template context shared by every page: the navigation menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request: HttpRequest) -> dict[str, object]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": []}
    items = [
        (_("Tổng quan"), reverse("home")),
        (_("Cây tổ chức"), reverse("org:tree")),
        (_("Sắp xếp tổ chức"), reverse("org:restructure")),
        (_("Nhật ký thay đổi"), reverse("accounts:audit")),
        (_("Người dùng"), reverse("accounts:users")),
    ]
    path = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "active": path.startswith(url) and url != "/" or path == url}
            for label, url in items
        ]
    }
