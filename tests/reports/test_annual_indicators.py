"""The indicator registry and the annual report on a small hand-built tree whose answers are known.

Tree (tests/conftest.py): province LC → districts BT (a), BX (b), SP → grassroots
BT-01 (a1), BT-02 (a2), BX-01 (b1), BX-02 (b2), SP-01. In 2024, BT-01 merges
into BX-01 on 1 July and SP-01 is dissolved on 1 October.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from congdoan import cli
from congdoan.activities.models import SessionKind
from congdoan.common.errors import DomainError
from congdoan.reports import annual, kept, render
from congdoan.reports import indicators as registry

D = dt.date
MERGE = D(2024, 7, 1)


def value(code, root, start, end):
    return registry.get(code).value(registry.Period(root, start, end))


Y2024 = (D(2024, 1, 1), D(2024, 12, 31))


def test_stocks_count_on_the_last_day_with_the_tree_of_that_day(year):
    tree = year
    # On 31/12/2024 BT-01's members are in BX-01 (district B); SP-01's member left with it.
    assert value("members.total", tree.province, *Y2024) == 5
    assert value("members.total", tree.b, *Y2024) == 5
    assert value("members.total", tree.a, *Y2024) == 0
    assert value("members.women", tree.province, *Y2024) == 2
    # On 31/12/2023 the tree was the old one.
    y2023 = (D(2023, 1, 1), D(2023, 12, 31))
    assert value("members.total", tree.a, *y2023) == 2
    assert value("grassroots.total", tree.province, *Y2024) == 3  # BT-02, BX-01, BX-02
    assert value("grassroots.total", tree.province, *y2023) == 5
    # Workers: each unit's latest report up to the day, for the units of that day.
    assert value("workers.unionised", tree.province, *y2023) == 165
    assert value("workers.unionised", tree.province, *Y2024) == 60 + 75 + 20


def test_flows_count_each_record_where_its_unit_stood_on_its_date(year):
    tree = year
    assert value("members.new", tree.province, *Y2024) == 3
    assert value("members.new", tree.a, *Y2024) == 1  # BT-01's February admission stays BT's
    assert value("members.new", tree.b, *Y2024) == 1
    assert value("activities.participations", tree.a, *Y2024) == 30
    assert value("activities.participations", tree.b, *Y2024) == 20
    assert value("activities.participations.women", tree.province, *Y2024) == 21
    assert value(f"activities.participations.{SessionKind.POLICY_LAW}", tree.province, *Y2024) == 20
    assert value("grassroots.dissolved", tree.province, *Y2024) == 1
    assert value("grassroots.dissolved", tree.sapa, *Y2024) == 1
    assert value("grassroots.dissolved", tree.a, *Y2024) == 0


def test_the_annual_report_has_prior_year_target_and_percent_cut_not_rounded(year):
    report = annual.build(year.province, 2024)
    new = report.figure("members.new")
    assert (new.value, new.prior, new.target) == (3, 3, 2)
    assert str(new.percent) == "150.00"
    district = annual.build(year.a, 2024).figure("members.new")
    assert (district.value, district.target, str(district.percent)) == (1, 3, "33.33")  # 33.333…: cut
    assert report.figure("members.new.percent").value == new.percent
    # Children as the tree stood on 31/12/2024, with their own figures.
    rows = {row.unit.code: row.values for row in report.children}
    assert set(rows) == {"BT", "BX", "SP"}
    assert rows["BX"]["members.total"] == 5
    assert rows["BT"]["members.new"] == 1
    assert rows["BX"]["activities.participations"] == 20


def test_a_unit_dissolved_during_the_year_is_reported_up_to_its_last_day(year):
    report = annual.build(year.sapa1, 2024)
    assert report.tree_on == D(2024, 9, 30)
    assert report.figure("members.total").value == 1
    with pytest.raises(DomainError, match="không hoạt động trong năm 2025"):
        annual.build(year.sapa1, 2025)


def test_text_writes_figures_the_vietnamese_way():
    assert render.value_text(registry.VND, 36_512_450_000) == "36,5 tỷ đồng"
    assert render.value_text(registry.PEOPLE, 46_218) == "46.218"
    from decimal import Decimal

    assert render.value_text(registry.PERCENT, Decimal("144.56")) == "144,56%"


def test_every_indicator_is_declared_once_with_a_known_section_and_measure():
    codes = [i.code for i in registry.all_indicators()]
    assert len(codes) == len(set(codes))
    for indicator in registry.all_indicators():
        assert indicator.section in registry.SECTIONS
        assert indicator.measure in {
            registry.PEOPLE,
            registry.UNITS,
            registry.INSTANCES,
            registry.VND,
            registry.PERCENT,
        }
        assert indicator.kind in {registry.STOCK, registry.FLOW}
        assert str(indicator.label)
    with pytest.raises(ValueError, match="registered already"):
        registry.register(
            registry.Indicator(
                "members.total", "x", registry.PEOPLE, registry.STOCK, lambda p: 0, "organisation"
            )
        )


def test_cli_prints_json_within_the_users_scope(year, users, capsys):
    status = cli.main(
        [
            "report",
            "annual",
            "--unit",
            "LĐLĐ huyện Bảo Thắng",
            "--year",
            "2024",
            "--format",
            "json",
            "--user",
            "baothang",
        ]
    )
    assert status == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["unit"] == "BT"
    codes = {row["code"]: row for row in payload["indicators"]}
    assert codes["members.new"]["value"] == 1
    assert codes["members.new"]["percent_of_target"] == 33.33
    # An officer of district A cannot report on district B.
    assert cli.main(["report", "annual", "--unit", "BX", "--year", "2024", "--user", "baothang"]) == 2
    assert "BX" not in capsys.readouterr().out


@pytest.mark.parametrize("root_name", ["province", "a", "b"])
def test_figures_counted_once_for_all_children_equal_each_childs_own_count(year, root_name):
    """The roll-up (one read of the subtree's records) and the child's own subtree give the same figures."""

    root = getattr(year, root_name)
    period = registry.Period(root, *Y2024)
    rolled = [i for i in registry.all_indicators() if i.rolls_up]
    assert {"members.total", "support.count", "activities.participations", "members.new"} <= {
        i.code for i in rolled
    }
    for indicator in rolled:
        indicator.by_child(period)
    for child, _name in annual.children_on(root, Y2024[1]):
        kept.forget_all()  # the child's figures counted from its records, not read back
        own = registry.Period(child, *Y2024)
        for indicator in rolled:
            assert indicator.by_child(period).get(child.pk, 0) == indicator.value(own), (
                child,
                indicator.code,
            )
    for indicator in rolled:
        parts = indicator.by_child(period)
        assert sum(parts.values()) == indicator.value(period)
