"""Project-level pages: the home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard of the user's own unit (the tree browser for a user without any unit)."""
    from congdoan.reports.views import top_unit

    unit = top_unit(request.user)
    if unit is None:
        return redirect("org:tree")
    return redirect("reports:dashboard", report_unit_pk=unit.pk)
