"""Template filters of the target pages: percent of plan and differences, the Vietnamese way."""

from __future__ import annotations

from decimal import Decimal

from django import template

from congdoan.common import formats

register = template.Library()


@register.filter
def vn_percent(value: Decimal | None) -> str:
    """Decimal('144.56') -> '144,56%'; None -> ''."""
    return formats.vn_percent(value)


@register.filter
def vn_abs(value: int | None) -> str:
    """-50 -> '50' (the page says "thiếu"/"thừa")."""
    return "" if value is None else formats.vn_number(abs(value))
