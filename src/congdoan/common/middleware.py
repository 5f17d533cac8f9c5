"""Turn a DomainError that escaped a view into a readable page, never a stack trace."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from congdoan.common.errors import DomainError, ScopeError


class DomainErrorMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ScopeError):
            return render(request, "404.html", status=404)
        if isinstance(exception, DomainError):
            return render(request, "error.html", {"message": exception.message}, status=400)
        return None


class VietnameseFirstMiddleware:
    """Vietnamese unless the user picked another language with the switch.

    Office PCs often run an English Windows whose browser asks for English;
    the product is Vietnamese first, so the browser's Accept-Language header
    is ignored and only the language cookie set by the switch counts.
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
