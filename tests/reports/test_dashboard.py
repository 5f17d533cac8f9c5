"""The dashboard of a unit and the drill-down from a figure to the child units and the records."""

from __future__ import annotations

import datetime as dt
import re

from congdoan.reports.views import members_on_days


def test_home_opens_the_dashboard_of_the_users_unit(year, users, client_for):
    officer = client_for(users.officer_a)
    assert officer.get("/").url == f"/reports/unit/{year.a.pk}/"
    # A user without any unit still gets a page.
    assert client_for(users.norole).get("/").url == "/org/"


def test_dashboard_shows_the_year_against_target_and_prior_year(year, users, client_for):
    page = client_for(users.fed_admin).get(f"/reports/unit/{year.province.pk}/?year=2024")
    assert page.status_code == 200
    html = page.content.decode()
    card = re.search(r'data-code="members.new">(.*?)</a>', html, re.S).group(1)
    assert '<strong class="figure-value">3</strong>' in card
    assert "Năm trước: 3" in card
    assert "Chỉ tiêu 2 — đạt 150,00%" in card
    assert html.count("<svg") == 3  # members by month, new members by child, support by kind
    assert f"/reports/unit/{year.b.pk}/?year=2024" in html  # a child links to its own dashboard


def test_drill_down_splits_a_figure_by_child_and_links_the_records(year, users, client_for):
    admin = client_for(users.fed_admin)
    page = admin.get(f"/reports/unit/{year.province.pk}/figure/activities.participations/?year=2024")
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'id="figure-total">50<', html)
    rows = dict(re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a></td><td class="num">([^<]*)</td>', html))
    assert rows == {"LĐLĐ huyện Bảo Thắng": "30", "LĐLĐ huyện Bát Xát": "20", "LĐLĐ thị xã Sa Pa": "0"}
    assert "/activities/?unit=LC&amp;start=2024-01-01&amp;end=2024-12-31" in html
    # Down one level: district B's figure, and its records.
    child = admin.get(f"/reports/unit/{year.b.pk}/figure/activities.participations/?year=2024")
    assert re.search(r'id="figure-total">20<', child.content.decode())
    records = admin.get("/activities/?unit=BX&start=2024-01-01&end=2024-12-31")
    assert "Phổ biến Luật Công đoàn 2024" in records.content.decode()


def test_drill_down_stays_in_scope_and_knows_its_figures(year, users, client_for):
    officer = client_for(users.officer_a)
    assert officer.get(f"/reports/unit/{year.b.pk}/").status_code == 404
    assert officer.get(f"/reports/unit/{year.b.pk}/figure/members.total/?year=2024").status_code == 404
    assert officer.get(f"/reports/unit/{year.a.pk}/figure/no.such.figure/").status_code == 404
    # The breadcrumbs of an officer of A do not show the province they cannot see.
    page = officer.get(f"/reports/unit/{year.a.pk}/figure/members.new/?year=2024").content.decode()
    assert "Liên đoàn Lao động tỉnh Lào Cai" not in page


def test_members_by_month_are_counted_with_the_tree_of_each_day(year):
    days = [dt.date(2023, 12, 31), dt.date(2024, 6, 30), dt.date(2024, 12, 31)]
    from congdoan.members.selectors import count_members

    for root in (year.province, year.a, year.b):
        assert members_on_days(root, days) == [count_members(root, day) for day in days]
    assert members_on_days(year.a, days)[-1] == 0  # BT-01 merged into BX-01


def test_without_a_year_the_dashboard_shows_the_latest_year_with_records(
    year, users, client_for, monkeypatch
):
    from django.utils import timezone

    from congdoan.reports import views

    # December 2026 is review season for 2026; nothing was recorded in 2026 or 2025: 2024 it is.
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 12, 2))
    assert views.default_year(year.province) == 2024
    page = client_for(users.fed_admin).get(f"/reports/unit/{year.province.pk}/")
    assert page.status_code == 200
    assert page.context["report"].year == 2024
    # A unit that recorded nothing (BX-02 has only its workforce) keeps the review year.
    assert views.default_year(year.b2) == 2026
    # In June, the year under review is the last one.
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2025, 6, 1))
    assert views.default_year(year.province) == 2024
