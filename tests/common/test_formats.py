"""Numbers, percentages and dates the Vietnamese way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from congdoan.common.formats import percent_of_plan, vn_date, vn_number, vn_percent


def test_thousands_take_dots_and_decimals_a_comma():
    assert vn_number(46000) == "46.000"
    assert vn_number(1210) == "1.210"
    assert vn_number(36.5, 1) == "36,5"
    assert vn_number(Decimal("1234567.891"), 2) == "1.234.567,89"
    assert vn_number(-46000) == "-46.000"
    assert vn_number(0) == "0"
    assert vn_number(None) == ""


def test_percent_of_plan_is_cut_not_rounded():
    # 4,337 / 3,000 = 144.5666…: published as 144,56%, not 144,57%.
    assert percent_of_plan(4337, 3000) == Decimal("144.56")
    assert percent_of_plan(2, 3) == Decimal("66.66")
    assert percent_of_plan(3000, 3000) == Decimal("100.00")
    assert percent_of_plan(Decimal("1"), Decimal("7")) == Decimal("14.28")


def test_percent_of_plan_without_a_target_is_empty():
    assert percent_of_plan(10, 0) is None
    assert percent_of_plan(10, None) is None
    assert vn_percent(None) == ""


def test_percent_is_written_with_a_comma():
    assert vn_percent(percent_of_plan(4337, 3000)) == "144,56%"
    assert vn_percent(Decimal("1000.5")) == "1.000,50%"


def test_dates_are_day_month_year():
    assert vn_date(dt.date(2024, 12, 26)) == "26/12/2024"
    assert vn_date(dt.date(2025, 7, 1)) == "01/07/2025"
    assert vn_date(None) == ""


def test_money_in_billions_and_millions_is_cut_at_one_decimal():
    from congdoan.common.formats import vn_money

    assert vn_money(36_512_450_000) == "36,5 tỷ đồng"
    assert vn_money(36_599_000_000) == "36,5 tỷ đồng"  # cut, not rounded up
    assert vn_money(2_000_000_000) == "2 tỷ đồng"
    assert vn_money(250_000_000) == "250 triệu đồng"
    assert vn_money(1_250_000) == "1,2 triệu đồng"
    assert vn_money(500_000) == "500.000 đồng"
    assert vn_money(None) == ""
