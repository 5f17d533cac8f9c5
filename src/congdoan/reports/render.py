"""Writing an annual report for people: figures the Vietnamese way (46.000; 36,5 tỷ đồng; 144,56%)."""

from __future__ import annotations

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


def context(report: AnnualReport) -> dict[str, object]:
    """What the page and the HTML document show: sections of written figures, the child table."""
    from congdoan.reports.documents import MOTTO, MOTTO_LINE, NARRATIVE, date_line, superior_name

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
        "narrative": NARRATIVE,
    }
