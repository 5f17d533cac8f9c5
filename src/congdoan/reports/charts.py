"""Small charts as inline SVG, drawn on the server: no script, no download, printable, readable without colour.

Every label and value is escaped; bars carry their value as text and a
``<title>`` (the tooltip), so a chart is never the only place a figure is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from congdoan.common.formats import vn_number

BLUE, LIGHT, RED = "#0b4f9c", "#9fbbe0", "#c62828"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # the value as written (defaults to vn_number)
    href: str = ""
    second: float | None = None  # a second bar beside it (e.g. the target)
    second_text: str = ""


def bars(
    items: Sequence[Bar], *, title: str, legend: tuple[str, str] | None = None, width: int = 640
) -> SafeString:
    """Horizontal bars, one row per item, largest value = full width."""
    row, label_width, gap = 26, 230, 6
    height = row * len(items) + (24 if legend else 4)
    top = max([b.value for b in items] + [b.second or 0 for b in items] + [1])
    scale = (width - label_width - 90) / top
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(items):
        y = i * row + 2
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        text = bar.text or vn_number(bar.value)
        parts.append(
            f'<text x="{label_width - gap}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
        )
        thickness = 9 if bar.second is not None else 18
        rect = (
            f'<rect x="{label_width}" y="{y}" width="{max(bar.value * scale, 1):.1f}" height="{thickness}" '
            f'fill="{BLUE}"><title>{escape(bar.label)}: {escape(text)}</title></rect>'
        )
        if bar.href:
            rect = f'<a href="{escape(bar.href)}">{rect}</a>'
        parts.append(rect)
        parts.append(
            f'<text x="{label_width + bar.value * scale + 4:.1f}" y="{y + (9 if bar.second is not None else 14)}" '
            f'font-size="11">{escape(text)}</text>'
        )
        if bar.second is not None:
            second_text = bar.second_text or vn_number(bar.second)
            parts.append(
                f'<rect x="{label_width}" y="{y + 10}" width="{max(bar.second * scale, 1):.1f}" height="8" '
                f'fill="{LIGHT}"><title>{escape(bar.label)}: {escape(second_text)}</title></rect>'
            )
            parts.append(
                f'<text x="{label_width + bar.second * scale + 4:.1f}" y="{y + 18}" font-size="10" '
                f'fill="#5f6b7a">{escape(second_text)}</text>'
            )
    if legend:
        y = row * len(items) + 8
        parts.append(f'<rect x="{label_width}" y="{y}" width="10" height="10" fill="{BLUE}"/>')
        parts.append(f'<text x="{label_width + 14}" y="{y + 9}" font-size="11">{escape(legend[0])}</text>')
        parts.append(f'<rect x="{label_width + 150}" y="{y}" width="10" height="10" fill="{LIGHT}"/>')
        parts.append(f'<text x="{label_width + 164}" y="{y + 9}" font-size="11">{escape(legend[1])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def line(
    points: Sequence[tuple[str, float]], *, title: str, width: int = 640, height: int = 200
) -> SafeString:
    """A line over labelled points (e.g. members at the end of each month), with the values written."""
    left, right, top_margin, bottom = 50, 20, 16, 24
    values = [v for _label, v in points] or [0]
    low, high = min(values), max(values)
    if high == low:
        low, high = (low - 1, high + 1) if high else (0, 1)
    span_x = (width - left - right) / max(len(points) - 1, 1)

    def y_of(value: float) -> float:
        return top_margin + (high - value) * (height - top_margin - bottom) / (high - low)

    coords = [(left + i * span_x, y_of(v)) for i, (_label, v) in enumerate(points)]
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<polyline fill="none" stroke="{BLUE}" stroke-width="2" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        + '"/>',
    ]
    for (label, value), (x, y) in zip(points, coords, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BLUE}"><title>{escape(label)}: '
            f"{escape(vn_number(value))}</title></circle>"
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" font-size="11">{escape(label)}</text>'
        )
    for value in (high, low):
        parts.append(
            f'<text x="{left - 6}" y="{y_of(value) + 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="#5f6b7a">{escape(vn_number(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
