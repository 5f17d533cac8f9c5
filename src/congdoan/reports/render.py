"""Writing an annual report for people: figures the Vietnamese way (46.000; 36,5 tỷ đồng; 144,56%)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from congdoan.common.formats import vn_date, vn_money, vn_number, vn_percent
from congdoan.reports import indicators as registry
from congdoan.reports.annual import AnnualReport
from congdoan.reports.indicators import Number


def value_text(measure: str, value: Number) -> str:
    """One figure as a report writes it."""
    if value is None:
        return ""
    if measure == registry.VND:
        return vn_money(value)
    if measure == registry.PERCENT:
        return vn_percent(value)  # type: ignore[arg-type]
    return vn_number(value)


def as_text(report: AnnualReport) -> str:
    """The report as plain text: one line per figure, with the prior year, the target and the percent."""
    lines = [
        f"BÁO CÁO TỔNG KẾT NĂM {report.year}",
        f"{report.name} ({report.root.code}) — cơ cấu tổ chức ngày {vn_date(report.tree_on)}",
        "",
    ]
    width = 64
    for code, label, _found in registry.by_section():
        lines.append(str(label).upper())
        for figure in (f for f in report.figures if f.indicator.section == code):
            ind = figure.indicator
            parts = [f"  {str(ind.label)[:width]:<{width}} {value_text(ind.measure, figure.value):>18}"]
            parts.append(f"  năm trước {value_text(ind.measure, figure.prior)}")
            if figure.target is not None:
                parts.append(f"  chỉ tiêu {vn_number(figure.target)} ({vn_percent(figure.percent)})")
            lines.append("".join(parts))
        lines.append("")
    return "\n".join(lines)


def _drafted_results(report: AnnualReport) -> list[str]:
    """Section II drafted from the figures, one paragraph per field of work (skipped when all is 0).

    The federation edits the text; the figures in it are those of the tables below.
    """

    def n(code: str) -> int | Decimal:
        return report.figure(code).value or 0

    def text(code: str) -> str:
        return value_text(report.figure(code).indicator.measure, n(code))

    paragraphs = []
    if n("members.total") or n("grassroots.total"):
        line = _(
            "Đến ngày %(day)s, %(unit)s có %(members)s đoàn viên (nữ %(women)s; người dân tộc thiểu số "
            "%(minorities)s) sinh hoạt tại %(grassroots)s công đoàn cơ sở; %(workers)s công nhân, viên chức, "
            "lao động làm việc tại các đơn vị có tổ chức công đoàn."
        ) % {
            "day": vn_date(report.tree_on),
            "unit": report.name,
            "members": text("members.total"),
            "women": text("members.women"),
            "minorities": text("members.minorities"),
            "grassroots": text("grassroots.total"),
            "workers": text("workers.unionised"),
        }
        new = report.figure("members.new")
        line += " " + _("Trong năm kết nạp mới %(new)s đoàn viên") % {"new": text("members.new")}
        if new.percent is not None:
            line += _(", đạt %(percent)s chỉ tiêu") % {"percent": vn_percent(new.percent)}
        if n("grassroots.founded"):
            line += _("; thành lập mới %(founded)s công đoàn cơ sở.") % {
                "founded": text("grassroots.founded")
            }
        else:
            line += "."
        paragraphs.append(line)
    if n("support.count"):
        paragraphs.append(
            _(
                "Các cấp công đoàn đã hỗ trợ %(count)s lượt đoàn viên, người lao động với tổng giá trị %(amount)s."
            )
            % {"count": text("support.count"), "amount": text("support.amount")}
        )
    if n("activities.sessions"):
        paragraphs.append(
            _(
                "Tổ chức %(sessions)s buổi học tập, tuyên truyền, tập huấn với %(people)s lượt người tham gia "
                "(nữ %(women)s)."
            )
            % {
                "sessions": text("activities.sessions"),
                "people": text("activities.participations"),
                "women": text("activities.participations.women"),
            }
        )
    recognised = n("initiatives.grassroots") + n("initiatives.province") + n("initiatives.national")
    awarded = n("awarded.collective") + n("awarded.individual")
    if recognised or n("creative_awards") or awarded:
        paragraphs.append(
            _(
                "%(grassroots)s sáng kiến được công nhận cấp cơ sở, %(province)s cấp tỉnh, %(national)s toàn quốc; "
                "%(creative)s Bằng Lao động sáng tạo; khen thưởng %(collective)s tập thể và %(individual)s cá nhân."
            )
            % {
                "grassroots": text("initiatives.grassroots"),
                "province": text("initiatives.province"),
                "national": text("initiatives.national"),
                "creative": text("creative_awards"),
                "collective": text("awarded.collective"),
                "individual": text("awarded.individual"),
            }
        )
    return paragraphs


def narrative(report: AnnualReport) -> list[tuple[str, list[str]]]:
    """The review's sections with their text: the results drafted from the figures, "…" where the
    federation writes (the situation, the assessment, next year's tasks)."""
    from congdoan.reports.documents import NARRATIVE

    drafted = {1: _drafted_results(report)}
    return [(str(heading), drafted.get(i) or ["…"]) for i, heading in enumerate(NARRATIVE)]


def context(report: AnnualReport) -> dict[str, object]:
    """What the page and the HTML document show: sections of written figures, the child table."""
    from congdoan.reports.documents import MOTTO, MOTTO_LINE, date_line, superior_name

    sections = []
    for code, label, _found in registry.by_section():
        rows = [
            {
                "code": f.indicator.code,
                "label": f.indicator.label,
                "value": value_text(f.indicator.measure, f.value),
                "prior": value_text(f.indicator.measure, f.prior),
                "target": value_text(f.indicator.measure, f.target) if f.target is not None else "",
                "percent": vn_percent(f.percent) if f.percent is not None else "",
            }
            for f in report.figures
            if f.indicator.section == code
        ]
        sections.append({"code": code, "label": label, "rows": rows})
    children = [
        {
            "unit": row.unit,
            "name": row.name,
            "values": [value_text(c.measure, row.values[c.code]) for c in report.child_columns],
        }
        for row in report.children
    ]
    return {
        "report": report,
        "sections": sections,
        "child_columns": report.child_columns,
        "children": children,
        "superior": superior_name(report),
        "motto": MOTTO,
        "motto_line": MOTTO_LINE,
        "date_line": date_line(report),
        "narrative": narrative(report),
    }
