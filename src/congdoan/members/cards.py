"""Member cards (thẻ đoàn viên): the QR token, the QR code, the printable PDF.

The QR code on a card holds the absolute URL of the public verify page,
``/members/verify/<token>/``. The token is signed with the project's
secret key under a salt of its own and carries only the card's primary key
and its random nonce: no name, no birth date, no ID number. A re-issue
revokes the previous card (services.issue_cards), so the old card's token
stops verifying while the number stays the same.

Printing: one card per member, credit-card size (85.6 × 54 mm), ten on an
A4 sheet (2 × 5), with the DejaVu fonts vendored in ``common/fonts`` for
the Vietnamese glyphs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import segno
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from fpdf import FPDF

from congdoan.accounts import audit
from congdoan.accounts.scope import path_in_subtree_q
from congdoan.common.formats import vn_date
from congdoan.members.models import Card, Person
from congdoan.org.models import Unit

TOKEN_SALT = "congdoan.members.card-qr"  # noqa: S105 - a signing namespace, not a secret
FONT_DIR = Path(__file__).resolve().parent.parent / "common" / "fonts"
FONT = "DejaVu"

# Geometry in millimetres.
CARD_W, CARD_H = 85.6, 54.0
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
GAP_X, GAP_Y = 5.0, 2.0
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X = (PAGE_W - COLUMNS * CARD_W - (COLUMNS - 1) * GAP_X) / 2
MARGIN_Y = (PAGE_H - ROWS * CARD_H - (ROWS - 1) * GAP_Y) / 2
QR_SIZE = 24.0

UNION_NAME = "CÔNG ĐOÀN VIỆT NAM"


# --------------------------------------------------------------------------
# the token


def card_token(card: Card) -> str:
    """The signed token of ``card`` for its QR code: the card's pk and nonce, nothing personal."""
    return signing.dumps({"c": card.pk, "n": card.nonce}, salt=TOKEN_SALT, compress=True)


def verify_token(token: str) -> Card | None:
    """The card a token names, if the signature holds, the nonce matches and the card is not revoked."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int) or not isinstance(data.get("n"), str):
        return None
    card = Card.objects.select_related("person", "person__unit").filter(pk=data["c"]).first()
    if card is None or not card.nonce or card.nonce != data["n"] or card.revoked_on is not None:
        return None
    return card


def current_card(person: Person) -> Card | None:
    """The person's card in force (the newest issue that is not revoked), if any."""
    return person.cards.filter(revoked_on__isnull=True).order_by("-issued_on", "-id").first()


def verify_path(card: Card) -> str:
    return reverse("members:verify", kwargs={"token": card_token(card)})


def verify_url(card: Card, base_url: str) -> str:
    """The absolute URL of the verify page of ``card``; ``base_url`` is scheme and host."""
    return base_url.rstrip("/") + verify_path(card)


# --------------------------------------------------------------------------
# the QR code


def qr_svg(url: str) -> str:
    """An inline SVG of the QR code of ``url`` (scales with its box; no XML declaration)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=2, dark="#000"
    )
    return buffer.getvalue().decode("ascii")


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# the card face


@dataclass(frozen=True)
class CardFace:
    """What is printed on a card (and shown on the e-card)."""

    full_name: str
    birth: str
    unit_name: str
    number: str
    joined_on: str
    issued_on: str
    url: str  # verify URL for the QR code; empty without a card in force

    @classmethod
    def of(cls, person: Person, card: Card | None, base_url: str) -> CardFace:
        return cls(
            full_name=person.full_name,
            birth=birth_text(person),
            unit_name=person.unit.name,
            number=person.card_number or "",
            joined_on=vn_date(person.joined_on),
            issued_on=vn_date(card.issued_on) if card else "",
            url=verify_url(card, base_url) if card else "",
        )


def birth_text(person: Person) -> str:
    """dd/mm/yyyy, or the year alone when only the year is known."""
    return vn_date(person.birth_date) if person.birth_date else str(person.birth_year)


def format_number(number: str) -> str:
    """'15250000013' -> '1525 000001 3': prefix, serial, check digit."""
    if len(number) == 11 and number.isdigit():
        return f"{number[:4]} {number[4:10]} {number[10]}"
    return number


# --------------------------------------------------------------------------
# the PDF


@cache
def _font_paths() -> tuple[str, str]:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.is_file() or not bold.is_file():
        raise FileNotFoundError(f"card fonts missing in {FONT_DIR}")
    return str(regular), str(bold)


def _new_pdf() -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    regular, bold = _font_paths()
    pdf.add_font(FONT, "", regular)
    pdf.add_font(FONT, "B", bold)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("congdoan")
    pdf.set_title(_("Thẻ đoàn viên"))
    return pdf


def _fit(pdf: FPDF, text: str, width: float, size: float, style: str = "", minimum: float = 5.0) -> None:
    """Set the font at ``size`` or smaller so that ``text`` fits ``width``."""
    pdf.set_font(FONT, style, size)
    while size > minimum and pdf.get_string_width(text) > width:
        size -= 0.25
        pdf.set_font(FONT, style, size)


def _draw_card(pdf: FPDF, face: CardFace, x: float, y: float) -> None:
    red, blue = (198, 40, 40), (11, 79, 156)
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, CARD_W, CARD_H, round_corners=True, corner_radius=3)
    # Header band.
    pdf.set_fill_color(*blue)
    pdf.rect(x, y, CARD_W, 11, style="F", round_corners=True, corner_radius=3)
    pdf.rect(x, y + 6, CARD_W, 5, style="F")  # square off the band's lower corners
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FONT, "B", 8)
    pdf.set_xy(x, y + 1.2)
    pdf.cell(CARD_W, 4, UNION_NAME, align="C")
    pdf.set_font(FONT, "B", 10)
    pdf.set_xy(x, y + 5.4)
    pdf.cell(CARD_W, 5, _("THẺ ĐOÀN VIÊN"), align="C")

    # Fields on the left, QR code on the right.
    pad = 3.0
    text_w = CARD_W - QR_SIZE - 2 * pad - 1.5
    pdf.set_text_color(20, 20, 20)
    top = y + 13.0
    _fit(pdf, face.full_name.upper(), text_w, 9.5, "B")
    pdf.set_xy(x + pad, top)
    pdf.cell(text_w, 4.6, face.full_name.upper())
    line = top + 5.4
    rows = [
        (_("Ngày sinh"), face.birth),
        (_("Đơn vị"), face.unit_name),
        (_("Vào công đoàn"), face.joined_on),
        (_("Ngày cấp"), face.issued_on or "—"),
    ]
    for label, value in rows:
        pdf.set_font(FONT, "", 6.3)
        pdf.set_text_color(95, 107, 122)
        pdf.set_xy(x + pad, line)
        label_w = pdf.get_string_width(label + ": ") + 0.4
        pdf.cell(label_w, 3.4, label + ": ")
        pdf.set_text_color(20, 20, 20)
        pdf.set_font(FONT, "", 6.8)
        if label == _("Đơn vị"):
            # Unit names are long: up to two lines, shrunk if need be.
            pdf.set_xy(x + pad, line + 3.2)
            _fit(pdf, face.unit_name, 2 * text_w - 2, 6.8, minimum=4.5)
            pdf.multi_cell(text_w, 3.0, face.unit_name, max_line_height=3.0, new_x="LEFT", new_y="NEXT")
            line = max(pdf.get_y(), line + 6.4) + 0.4
            continue
        pdf.cell(text_w - label_w, 3.4, value)
        line += 3.8
    # The number, large, at the bottom.
    pdf.set_font(FONT, "", 6.3)
    pdf.set_text_color(95, 107, 122)
    pdf.set_xy(x + pad, y + CARD_H - 10.0)
    pdf.cell(text_w, 3.2, _("Số thẻ"))
    pdf.set_text_color(*red)
    pdf.set_font(FONT, "B", 11)
    pdf.set_xy(x + pad, y + CARD_H - 6.8)
    pdf.cell(text_w + QR_SIZE, 5, format_number(face.number))
    if face.url:
        pdf.image(
            io.BytesIO(qr_png(face.url)),
            x=x + CARD_W - QR_SIZE - pad,
            y=y + 13.0,
            w=QR_SIZE,
            h=QR_SIZE,
        )
        pdf.set_font(FONT, "", 5)
        pdf.set_text_color(95, 107, 122)
        pdf.set_xy(x + CARD_W - QR_SIZE - pad, y + 13.0 + QR_SIZE + 0.3)
        pdf.cell(QR_SIZE, 2.6, _("Quét để kiểm tra thẻ"), align="C")
    pdf.set_text_color(0, 0, 0)


def render_pdf(faces: Iterable[CardFace]) -> bytes:
    """A4 sheets of cards, ten per page (two columns, five rows); one blank page when there is none."""
    pdf = _new_pdf()
    count = 0
    for face in faces:
        slot = count % PER_PAGE
        if slot == 0:
            pdf.add_page()
        col, row = slot % COLUMNS, slot // COLUMNS
        _draw_card(pdf, face, MARGIN_X + col * (CARD_W + GAP_X), MARGIN_Y + row * (CARD_H + GAP_Y))
        count += 1
    if count == 0:
        pdf.add_page()
    return bytes(pdf.output())


# --------------------------------------------------------------------------
# operations: what the pages call


def card_holders(actor: Any, unit: Unit) -> Any:
    """Members with a card number in ``unit``'s subtree (as it stands now), within ``actor``'s scope."""
    return (
        Person.objects.members()
        .visible_to(actor)
        .filter(path_in_subtree_q("unit__path", unit.path))
        .exclude(card_number__isnull=True)
        .exclude(card_number="")
        .select_related("unit")
        .order_by("unit__name_sort", "unit_id", "name_sort", "id")
    )


def person_card_pdf(*, actor: Any, person: Person, base_url: str) -> bytes:
    """One member's card as a PDF; the caller has checked that ``person`` is visible to ``actor``.

    The PDF is drawn first and the export audited after, in a short transaction.
    """
    pdf = render_pdf([CardFace.of(person, current_card(person), base_url)])
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="member.card_pdf",
            obj=person,
            unit=person.unit,
            after={"number": person.card_number},
        )
    return pdf


def unit_cards_pdf(*, actor: Any, unit: Unit, base_url: str) -> tuple[bytes, int]:
    """The cards of every member with a card in ``unit``'s subtree, as one PDF; the export is audited."""
    holders = card_holders(actor, unit)
    cards: dict[int, Card] = {}
    in_force = Card.objects.filter(person__in=holders.values("pk"), revoked_on__isnull=True)
    for card in in_force.order_by("person_id", "issued_on", "id"):
        cards[card.person_id] = card  # the newest in force wins
    count = 0

    def faces() -> Iterable[CardFace]:
        nonlocal count
        for person in holders.iterator(chunk_size=2000):
            count += 1
            yield CardFace.of(person, cards.get(person.pk), base_url)

    pdf = render_pdf(faces())
    with transaction.atomic():
        audit.record(actor=actor, action="member.cards_pdf", obj=unit, unit=unit, after={"count": count})
    return pdf, count
