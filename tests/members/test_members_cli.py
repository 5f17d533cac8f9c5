"""`congdoan members stats` prints a subtree's member counts on a date, within the acting user's scope."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from congdoan.cli import main
from congdoan.members import services as members
from congdoan.org import services as org
from dated_tree import people, tree  # noqa: F401
from member_data import person

D = dt.date


@pytest.fixture
def registry(tree, people):
    members.admit(
        actor=None,
        unit=tree.school_a,
        on=D(2015, 1, 1),
        person=person("Giàng Thị Mỷ", "female", ethnicity="08"),
    )
    members.admit(actor=None, unit=tree.company_a, on=D(2016, 1, 1), person=person("Nguyễn Văn Bình"))
    members.admit(
        actor=None, unit=tree.school_b, on=D(2017, 1, 1), person=person("Lò Văn Sướng", ethnicity="03")
    )
    org.merge_units(actor=None, sources=[tree.school_a], into=tree.school_b, on=D(2024, 7, 1))
    return tree


def _stats(capsys, *args: str) -> dict:
    status = main(["members", "stats", "--format", "json", *args])
    out = capsys.readouterr().out
    assert status == 0
    return json.loads(out)


def test_stats_on_dates_either_side_of_a_merge(registry, capsys):
    before = _stats(capsys, "--unit", "A", "--date", "2024-06-30", "--user", "admin")
    after = _stats(capsys, "--unit", "LĐLĐ huyện Bát Xát", "--date", "2024-07-01", "--user", "admin")
    assert (before["total"], before["women"], before["ethnic_minorities"]) == (2, 1, 1)
    assert before["by_unit_kind"] == {"private_enterprise": 1, "public_service_unit": 1}
    assert (after["total"], after["women"]) == (1, 0)
    province = _stats(capsys, "--unit", "P", "--date", "2024-07-01", "--user", "admin")
    assert province["total"] == 3 and province["ethnic_minorities"] == 2


def test_stats_are_scoped_to_the_acting_user(registry, capsys):
    assert _stats(capsys, "--unit", "B", "--date", "2024-01-01", "--user", "huyenb")["total"] == 1
    status = main(["members", "stats", "--unit", "A", "--user", "huyenb"])
    captured = capsys.readouterr()
    assert status == 2 and "Không tìm thấy đơn vị" in captured.err


def test_text_output_uses_vietnamese_numbers(registry, capsys):
    assert main(["members", "stats", "--unit", "P", "--date", "2024-01-01", "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert "Đoàn viên đang sinh hoạt" in out and "01/01/2024" in out
