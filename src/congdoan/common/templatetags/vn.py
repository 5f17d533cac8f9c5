"""Template filters that show numbers, dates and places the Vietnamese way."""

from __future__ import annotations

import datetime as dt

from django import template

from congdoan.common import formats
from congdoan.org import places

register = template.Library()


@register.filter
def vn_number(value: object) -> str:
    if value is None or value == "":
        return ""
    return formats.vn_number(value)  # type: ignore[arg-type]


@register.filter
def vn_date(value: dt.date | None) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date) and value.year == 9999:
        return ""
    return formats.vn_date(value)


@register.filter
def ward_name(code: int | None) -> str:
    return places.ward_name(code) or ""


@register.filter
def province_name(code: int | None) -> str:
    return places.province_name(code) or ""


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if isinstance(mapping, dict) else None
