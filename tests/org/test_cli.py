"""`congdoan org tree` prints a subtree as of a date, within the acting user's scope."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from congdoan.accounts import services as accounts
from congdoan.cli import main
from congdoan.org import services as org
from congdoan.org.models import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    root = org.found_unit(
        actor=None,
        parent=None,
        code="P",
        name="Liên đoàn Lao động tỉnh Thử",
        level=Level.PROVINCE_FEDERATION,
        on=dt.date(2000, 1, 1),
    )
    north = org.found_unit(
        actor=None,
        parent=root,
        code="N",
        name="LĐLĐ huyện Bắc",
        level=Level.DISTRICT_FEDERATION,
        on=dt.date(2000, 1, 1),
    )
    south = org.found_unit(
        actor=None,
        parent=root,
        code="S",
        name="LĐLĐ huyện Nam",
        level=Level.DISTRICT_FEDERATION,
        on=dt.date(2000, 1, 1),
    )
    org.found_unit(
        actor=None,
        parent=north,
        code="G1",
        name="CĐCS Trường Một",
        level=Level.GRASSROOTS,
        on=dt.date(2010, 1, 1),
    )
    school = org.found_unit(
        actor=None,
        parent=south,
        code="G2",
        name="CĐCS Trường Hai",
        level=Level.GRASSROOTS,
        on=dt.date(2010, 1, 1),
    )
    org.move_units(actor=None, units=[school], new_parent=north, on=dt.date(2025, 7, 1))
    admin = accounts.create_user(actor=None, username="admin", password="x-Secret-123")
    admin.is_superuser = True
    admin.save()
    officer = accounts.create_user(actor=None, username="south", password="x-Secret-123")
    accounts.grant_role(actor=None, user=officer, unit=south, kind="officer")
    return root


def _tree(capsys, *args: str) -> dict:
    status = main(["org", "tree", "--format", "json", *args])
    out = capsys.readouterr().out
    assert status == 0
    return json.loads(out)


def test_tree_reads_the_tree_as_it_stood_on_each_date(province, capsys):
    before = _tree(capsys, "--unit", "P", "--date", "2024-12-31")
    after = _tree(capsys, "--unit", "Liên đoàn Lao động tỉnh Thử", "--date", "2025-07-01")
    parent_before = {u["code"]: u["parent"] for u in before["units"]}
    parent_after = {u["code"]: u["parent"] for u in after["units"]}
    assert parent_before["G2"] == "S"
    assert parent_after["G2"] == "N"
    assert set(parent_before) == set(parent_after) == {"P", "N", "S", "G1", "G2"}


def test_tree_shows_only_the_acting_users_scope(province, capsys):
    south = _tree(capsys, "--unit", "S", "--date", "2024-12-31", "--user", "south")
    assert [u["code"] for u in south["units"]] == ["S", "G2"]
    status = main(["org", "tree", "--unit", "P", "--user", "south"])
    captured = capsys.readouterr()
    assert status == 2
    assert "Không tìm thấy đơn vị" in captured.err
    assert "Liên đoàn Lao động tỉnh Thử" not in captured.out


def test_tree_rejects_a_malformed_date(province, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["org", "tree", "--unit", "P", "--date", "31/12/2024"])
    assert exit_info.value.code == 2
    assert "ngày không hợp lệ" in capsys.readouterr().err
