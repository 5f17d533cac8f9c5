"""Project-level pages: the home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Until the reports issue adds the dashboard, home is the tree browser.
    return redirect("org:tree")
