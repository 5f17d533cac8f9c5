"""The reports' JSON API reads the same registry and report as the pages and the CLI, within the user's scope."""

from __future__ import annotations

import json

from django.test import Client

from congdoan.reports import indicators as registry


def test_the_registry_is_listed_with_both_labels(year, users, client_for):
    rows = json.loads(client_for(users.officer_a).get("/api/v1/indicators/").content)
    assert [row["code"] for row in rows] == [i.code for i in registry.all_indicators()]
    new = next(row for row in rows if row["code"] == "members.new")
    assert new["label"] == "Kết nạp đoàn viên mới"
    assert new["label_en"] and new["label_en"] != new["label"]
    assert (new["measure"], new["kind"], new["target"]) == ("people", "flow", "new_members")


def test_annual_figures_by_code_or_name_within_scope(year, users, client_for):
    officer = client_for(users.officer_a)
    data = json.loads(officer.get("/api/v1/reports/annual/?unit=BT&year=2024").content)
    figures = {row["code"]: row for row in data["indicators"]}
    assert (figures["members.new"]["value"], figures["members.new"]["percent_of_target"]) == (1, 33.33)
    by_name = officer.get("/api/v1/reports/annual/", {"unit": "LĐLĐ huyện Bảo Thắng", "year": "2024"})
    assert json.loads(by_name.content)["unit"] == "BT"
    outside = officer.get("/api/v1/reports/annual/?unit=BX&year=2024")
    assert outside.status_code == 404
    assert "BX" not in json.loads(outside.content).get("indicators", "")
    bad = officer.get("/api/v1/reports/annual/?unit=BT&year=hai")
    assert bad.status_code == 400 and json.loads(bad.content)["error"] == "invalid_year"


def test_the_api_needs_a_logged_in_user(year):
    answer = Client().get("/api/v1/indicators/")
    assert answer.status_code == 401
    assert json.loads(answer.content)["error"] == "not_authenticated"
