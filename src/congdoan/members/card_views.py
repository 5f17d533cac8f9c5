"""Pages of member cards: the printable PDF (one member, a whole subtree), the e-card, the public verify page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from congdoan.members import cards
from congdoan.members.models import Person
from congdoan.org.models import Unit


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _problem(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "members/card_problem.html", {"message": message}, status=200)


@login_required
@require_GET
def card_pdf(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("unit"), pk=person_pk)
    if not person.card_number:
        return _problem(
            request,
            _("%(name)s chưa được cấp thẻ đoàn viên (chưa có số thẻ): hãy cấp thẻ trước khi in.")
            % {"name": person.full_name},
        )
    if not person.is_member:
        return _problem(
            request,
            _("%(name)s không còn là đoàn viên (%(status)s): không in thẻ.")
            % {"name": person.full_name, "status": person.get_status_display()},
        )
    content = cards.person_card_pdf(actor=request.user, person=person, base_url=_base_url(request))
    return _pdf(content, f"the-doan-vien-{person.card_number}.pdf")


@login_required
@require_GET
def unit_cards_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    if not cards.card_holders(request.user, unit).exists():
        return _problem(
            request,
            _("Không có đoàn viên nào đã được cấp thẻ trong %(unit)s và các đơn vị trực thuộc.")
            % {"unit": unit.name},
        )
    content, _count = cards.unit_cards_pdf(actor=request.user, unit=unit, base_url=_base_url(request))
    return _pdf(content, f"the-doan-vien-{unit.code}.pdf")


@login_required
@require_GET
def ecard(request: HttpRequest, person_pk: int) -> HttpResponse:
    """The card face on screen: officers in scope, and the member themself."""
    person = (
        Person.objects.visible_to(request.user).select_related("unit").filter(pk=person_pk).first()
        or Person.objects.select_related("unit").filter(pk=person_pk, user=request.user).first()
    )
    if person is None:
        raise Http404
    card = cards.current_card(person)
    face = cards.CardFace.of(person, card, _base_url(request))
    context = {
        "person": person,
        "face": face,
        "number": cards.format_number(face.number),
        "qr": cards.qr_svg(face.url) if face.url else "",
    }
    return render(request, "members/ecard.html", context)


@never_cache
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: is this card valid? Shows name, unit, number and status only."""
    card = cards.verify_token(token)
    checked_at = timezone.localtime()
    if card is None or not card.person.is_member:
        return render(request, "members/verify.html", {"valid": False, "checked_at": checked_at}, status=404)
    person = card.person
    context = {
        "valid": True,
        "checked_at": checked_at,
        "full_name": person.full_name,
        "unit_name": person.unit.name,
        "number": cards.format_number(card.number),
        "status": person.get_status_display(),
        "active": person.status == "active",
    }
    return render(request, "members/verify.html", context)
