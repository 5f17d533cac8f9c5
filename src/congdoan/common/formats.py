"""Numbers and dates the Vietnamese way: 46.000; 36,5 tỷ đồng; 144,56%; 26/12/2024."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal


def vn_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """46000 -> '46.000'; 1234.5 with decimals=1 -> '1.234,5'."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_date(value: dt.date | None) -> str:
    """date(2024, 12, 26) -> '26/12/2024'."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def percent_of_plan(actual: int | Decimal, target: int | Decimal) -> Decimal | None:
    """actual / target x 100, cut (not rounded) at two decimals; None without a target."""
    if not target:
        return None
    return (Decimal(actual) * 100 / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def vn_percent(value: Decimal | None) -> str:
    """Decimal('144.56') -> '144,56%'."""
    if value is None:
        return ""
    return vn_number(value, 2) + "%"


def vn_money(value: int | Decimal | None) -> str:
    """An amount in VND as the reports write it: 36512450000 -> '36,5 tỷ đồng'; 250000000 -> '250 triệu đồng'.

    Billions and millions keep one decimal, cut (never rounded up: a report
    does not overstate what was spent); smaller amounts are written in full.
    """
    if value is None:
        return ""
    amount = Decimal(value)
    for size, word in ((Decimal(10**9), "tỷ"), (Decimal(10**6), "triệu")):
        if abs(amount) >= size:
            short = (amount / size).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
            decimals = 0 if short == short.to_integral_value() else 1
            return f"{vn_number(short, decimals)} {word} đồng"
    return f"{vn_number(amount)} đồng"
