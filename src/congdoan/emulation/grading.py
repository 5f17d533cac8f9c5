"""The score sheet of the yearly grading of grassroots unions and the thresholds of each grade.

A sheet is a list of criteria, each with its maximum points and the
points given. The grade follows from the total as a share of the maximum:

=====================================  ===================
total / maximum × 100                  grade
=====================================  ===================
90 or more                             Hoàn thành xuất sắc nhiệm vụ
70 or more (below 90)                  Hoàn thành tốt nhiệm vụ
50 or more (below 70)                  Hoàn thành nhiệm vụ
below 50                               Không hoàn thành nhiệm vụ
=====================================  ===================

The default sheet has four groups of tasks worth 100 points, after the
confederation's guidance on grading grassroots unions.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from congdoan.common.errors import DomainError
from congdoan.emulation.models import Grade

#: (lowest share of the maximum, in percent, grade), highest first.
THRESHOLDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), Grade.EXCELLENT),
    (Decimal(70), Grade.GOOD),
    (Decimal(50), Grade.DONE),
    (Decimal(0), Grade.NOT_DONE),
)

DEFAULT_CRITERIA: tuple[tuple[str, int], ...] = (
    ("Đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng của đoàn viên, người lao động", 30),
    ("Tuyên truyền, vận động, giáo dục đoàn viên, người lao động; phong trào thi đua", 20),
    ("Phát triển đoàn viên, xây dựng tổ chức công đoàn vững mạnh", 30),
    ("Tài chính công đoàn, công tác kiểm tra", 20),
)

#: The one-line sheet of a grading imported from a spreadsheet (only the total is known).
TOTAL_ONLY = "Tổng điểm"
ONE_DECIMAL = Decimal("0.1")


def points(value: Any, *, label: str) -> Decimal:
    """A number of points (at most one decimal, not negative), or a DomainError naming ``label``."""
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("%(label)s: “%(value)s” không phải là số điểm.") % {"label": label, "value": value},
            code="points_invalid",
        ) from None
    if not number.is_finite() or number < 0 or number != number.quantize(ONE_DECIMAL):
        raise DomainError(
            _("%(label)s: số điểm phải không âm, tối đa một chữ số thập phân (“%(value)s”).")
            % {"label": label, "value": value},
            code="points_invalid",
        )
    return number.quantize(ONE_DECIMAL)


def clean_sheet(sheet: list[dict[str, Any]]) -> tuple[list[dict[str, str]], Decimal, Decimal]:
    """Check a score sheet; return it normalised (points as text) with its total and maximum."""
    if not sheet:
        raise DomainError(_("Bảng điểm phải có ít nhất một tiêu chí."), code="sheet_empty", field="sheet")
    rows: list[dict[str, str]] = []
    total = maximum = Decimal(0)
    for line in sheet:
        criterion = str(line.get("criterion") or "").strip()
        if not criterion:
            raise DomainError(_("Mỗi tiêu chí phải có tên."), code="sheet_criterion", field="sheet")
        top = points(line.get("max"), label=criterion)
        score = points(line.get("score"), label=criterion)
        if top == 0:
            raise DomainError(
                _("%(c)s: điểm tối đa phải lớn hơn 0.") % {"c": criterion}, code="sheet_max", field="sheet"
            )
        if score > top:
            raise DomainError(
                _("%(c)s: %(score)s điểm vượt điểm tối đa %(max)s.")
                % {"c": criterion, "score": points_text(score), "max": points_text(top)},
                code="score_above_max",
                field="sheet",
            )
        rows.append({"criterion": criterion, "max": str(top), "score": str(score)})
        total += score
        maximum += top
    return rows, total, maximum


def grade_for(total: Decimal, maximum: Decimal) -> str:
    """The grade a total earns out of ``maximum`` (see the module's table)."""
    share = total * 100 / maximum
    for lowest, grade in THRESHOLDS:
        if share >= lowest:
            return grade
    return Grade.NOT_DONE


def default_sheet(scores: list[Any] | None = None) -> list[dict[str, Any]]:
    """The default four-criterion sheet, with ``scores`` filled in order (empty: 0)."""
    scores = scores or [0] * len(DEFAULT_CRITERIA)
    return [
        {"criterion": name, "max": top, "score": score}
        for (name, top), score in zip(DEFAULT_CRITERIA, scores, strict=True)
    ]


def points_text(value: Decimal | str) -> str:
    """Points as Vietnamese write them: "30", "27,5"."""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral() else str(value).replace(".", ",")
