"""The printable award decision: its heading in the administrative layout and its PDF with the certificate list.

The PDF is drawn with fpdf2 and the DejaVu fonts vendored in
``common/fonts`` (as the member cards are), A4 portrait: the issuing body
on the left and the national motto on the right, number and place/date
line, the title, the articles, the signer, then the list of collectives
and individuals. The PDF's metadata (title, subject, keywords) carries the
number and the recipients, so a reader can find the decision by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from fpdf import FPDF

from congdoan.emulation.models import AwardDecision, RecipientKind
from congdoan.members.cards import FONT, FONT_DIR
from congdoan.org import places
from congdoan.org.models import UnitVersion
from congdoan.org.selectors import ancestors_on

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Heading:
    parent_name: str
    issuer: str
    place_date: str


def _province_code(decision: AwardDecision) -> int | None:
    """The province of the issuing unit, or of its nearest ancestor on the decision's date that has one.

    District federations usually carry no province code of their own; their
    decisions are still dated "Lào Cai, ngày …".
    """
    if decision.unit.province_code:
        return decision.unit.province_code
    for ancestor in reversed(ancestors_on(decision.unit, decision.decided_on)):
        if ancestor.province_code:
            return ancestor.province_code
    return None


def heading(decision: AwardDecision) -> Heading:
    """The upper body's name, the issuer and "Lào Cai, ngày 26 tháng 12 năm 2024"."""
    parent_name = ""
    if not decision.issuer_name:
        version = (
            UnitVersion.objects.filter(
                unit=decision.unit, valid_from__lte=decision.decided_on, valid_to__gt=decision.decided_on
            )
            .select_related("parent")
            .first()
        )
        if version is not None and version.parent is not None:
            parent_name = version.parent.name
    place = places.province_name(_province_code(decision)) or ""
    day = decision.decided_on
    place_date = _("%(place)sngày %(d)02d tháng %(m)02d năm %(y)s") % {
        "place": f"{place}, " if place else "",
        "d": day.day,
        "m": day.month,
        "y": day.year,
    }
    return Heading(parent_name=parent_name, issuer=decision.issuer, place_date=place_date)


def _new_pdf() -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(25, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    return pdf


def decision_pdf(decision: AwardDecision) -> bytes:
    """The decision and its certificate list as an A4 PDF."""
    head = heading(decision)
    recipients = list(decision.recipients.select_related("unit").order_by("position"))
    collectives = [r for r in recipients if r.kind == RecipientKind.COLLECTIVE]
    individuals = [r for r in recipients if r.kind == RecipientKind.INDIVIDUAL]
    pdf = _new_pdf()
    pdf.set_title(_("Quyết định số %(n)s") % {"n": decision.number})
    pdf.set_subject(f"{decision.get_form_display()} — {decision.issuer}")
    pdf.set_keywords("; ".join(r.name for r in recipients))
    pdf.set_creator("congdoan")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    left_w, right_w = width * 0.45, width * 0.55
    top = pdf.get_y()
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(left_w, 5, head.parent_name.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(left_w, 5, head.issuer.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(left_w, 6, _("Số: %(n)s") % {"n": decision.number}, align="C", new_x="LEFT", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left_w, top)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(right_w, 5, MOTTO[0], align="C", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(right_w, 5, MOTTO[1], align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(right_w, 6, head.place_date, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, max(left_bottom, pdf.get_y()) + 6)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(width, 8, _("QUYẾT ĐỊNH"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(
        width,
        6,
        _("Về việc tặng %(form)s") % {"form": decision.get_form_display().lower()},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font(FONT, "", 11)
    article1 = _(
        "Điều 1. Tặng %(form)s cho %(c)s tập thể và %(i)s cá nhân có tên trong danh sách kèm theo, %(reason)s."
    ) % {
        "form": decision.get_form_display(),
        "c": len(collectives),
        "i": len(individuals),
        "reason": decision.reason,
    }
    pdf.multi_cell(width, 6, article1, new_x="LMARGIN", new_y="NEXT")
    if decision.campaign is not None:
        pdf.multi_cell(
            width,
            6,
            _("Thành tích trong phong trào “%(c)s”.") % {"c": decision.campaign.name},
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.multi_cell(
        width,
        6,
        _(
            "Điều 2. Quyết định có hiệu lực kể từ ngày ký. Các đơn vị, tập thể và cá nhân có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    pdf.set_x(pdf.l_margin + width * 0.5)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(width * 0.5, 6, decision.signer_title.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(18)
    pdf.multi_cell(width * 0.5, 6, decision.signer_name, align="C", new_x="LMARGIN", new_y="NEXT")

    # The certificate list, on its own page.
    pdf.add_page()
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(
        width, 7, _("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(
        width,
        6,
        _("(Kèm theo Quyết định số %(n)s ngày %(d)s)")
        % {"n": decision.number, "d": decision.decided_on.strftime("%d/%m/%Y")},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    sections = [
        (_("I. Tập thể"), [(r.name, "") for r in collectives], False),
        (_("II. Cá nhân"), [(r.name, r.unit.name) for r in individuals], True),
    ]
    for title, rows, individual in sections:
        if not rows:
            continue
        pdf.set_font(FONT, "B", 11)
        pdf.cell(width, 7, f"{title} ({len(rows)})", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(
            col_widths=(10, 70, 80) if individual else (10, 150),
            text_align=("RIGHT", "LEFT", "LEFT"),
            line_height=5.5,
        ) as table:
            pdf.set_font(FONT, "B", 10)
            header = table.row()
            header.cell(_("STT"))
            header.cell(_("Họ và tên") if individual else _("Tên tập thể"))
            if individual:
                header.cell(_("Đơn vị"))
            pdf.set_font(FONT, "", 10)
            for number, (name, unit) in enumerate(rows, 1):
                line = table.row()
                line.cell(str(number))
                line.cell(name)
                if individual:
                    line.cell(unit)
        pdf.ln(3)
    return bytes(pdf.output())
