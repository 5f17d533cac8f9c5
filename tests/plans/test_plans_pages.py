"""The target pages: a unit's year, setting, the one-page distribution and its refusal, the check, the export, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.members import services as members
from congdoan.plans import services
from congdoan.plans.models import Target
from dated_tree import people, tree  # noqa: F401
from member_data import person

D = dt.date
NEW = "new_members"


@pytest.fixture
def targets(tree):
    services.set_target(actor=None, unit=tree.province, year=2024, indicator=NEW, value=3000)
    services.distribute(
        actor=None, parent=tree.province, year=2024, indicator=NEW,
        values={tree.district_a: 2000, tree.district_b: 1000}, tree_on=D(2024, 1, 1),
    )  # fmt: skip


def test_the_unit_page_shows_target_achievement_cut_percent_and_children(tree, people, targets, client_for):
    for n in range(7):
        members.admit(actor=None, unit=tree.school_a, on=D(2024, 5, n + 1), person=person(f"Nguyễn Văn {n}"))
    client = client_for(people.province_admin)
    page = client.get(f"/plans/unit/{tree.province.pk}/?year=2024&on=2024-12-31").content.decode()
    assert "Chỉ tiêu năm 2024 — Liên đoàn Lao động tỉnh Thử" in page
    assert "3.000" in page and "0,23%" in page  # 7 / 3000 = 0.2333…%
    assert "LĐLĐ huyện Bát Xát" in page and "2.000" in page and "0,35%" in page  # 7 / 2000 = 0.35%
    assert f'href="/plans/unit/{tree.district_a.pk}/?year=2024' in page  # drill down
    assert f"/plans/unit/{tree.province.pk}/distribute/?year=2024&amp;indicator=new_members" in page


def test_index_opens_the_users_top_unit(tree, people, client_for):
    response = client_for(people.officer_a).get("/plans/")
    assert response.status_code == 302 and response["Location"] == f"/plans/unit/{tree.district_a.pk}/"
    assert "chưa được giao vai trò" in client_for(people.nobody).get("/plans/").content.decode()


def test_the_distribution_form_is_prefilled_with_a_proportional_suggestion(tree, people, targets, client_for):
    for n in range(3):
        members.admit(actor=None, unit=tree.school_a, on=D(2020, 1, 1), person=person(f"Hoàng Văn {n}"))
    members.admit(actor=None, unit=tree.company_a, on=D(2020, 1, 1), person=person("Lò Thị Mai", "female"))
    client = client_for(people.officer_a)
    page = client.get(
        f"/plans/unit/{tree.district_a.pk}/distribute/?year=2024&indicator={NEW}"
    ).content.decode()
    assert f'name="unit_{tree.school_a.pk}" value="1500"' in page
    assert f'name="unit_{tree.company_a.pk}" value="500"' in page
    assert f'name="unit_{tree.agency_a.pk}" value="0"' in page


def test_a_distribution_that_does_not_add_up_is_refused_and_nothing_is_stored(
    tree, people, targets, client_for
):
    client = client_for(people.province_admin)
    response = client.post(
        f"/plans/unit/{tree.province.pk}/distribute/",
        {
            "year": "2024",
            "indicator": NEW,
            "tree_on": "2024-01-01",
            f"unit_{tree.district_a.pk}": "1950",
            f"unit_{tree.district_b.pk}": "1000",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Tổng chỉ tiêu giao cho 2 đơn vị là 2.950, thiếu 50 so với chỉ tiêu 3.000 của Liên đoàn Lao động tỉnh Thử."
        in page
    )
    assert dict(Target.objects.filter(assigned_by=tree.province).values_list("unit__code", "value")) == {
        "P": 3000,
        "A": 2000,
        "B": 1000,
    }
    bad = client.post(
        f"/plans/unit/{tree.province.pk}/distribute/",
        {"year": "2024", "indicator": NEW, "tree_on": "2024-01-01", f"unit_{tree.district_a.pk}": "-3",
         f"unit_{tree.district_b.pk}": "abc"},
    )  # fmt: skip
    assert "Không được âm." in bad.content.decode() and "Ghi một số nguyên." in bad.content.decode()


def test_a_distribution_that_adds_up_is_stored_and_audited(tree, people, targets, client_for):
    client = client_for(people.province_admin)
    response = client.post(
        f"/plans/unit/{tree.province.pk}/distribute/",
        {
            "year": "2024",
            "indicator": NEW,
            "tree_on": "2024-01-01",
            f"unit_{tree.district_a.pk}": "1800",
            f"unit_{tree.district_b.pk}": "1200",
            "reason": "Điều chỉnh theo Nghị quyết",
        },
    )
    assert response.status_code == 302
    assert Target.objects.get(unit=tree.district_b).value == 1200
    entry = AuditEntry.objects.filter(action="plans.distribute").latest("id")
    assert entry.actor == people.province_admin and entry.reason == "Điều chỉnh theo Nghị quyết"


def test_set_target_form_refuses_negative_values_and_a_parents_target(tree, people, targets, client_for):
    client = client_for(people.officer_a)
    bad = client.post(
        f"/plans/unit/{tree.district_a.pk}/set/", {"year": "2024", "indicator": NEW, "value": "-1"}
    )
    assert "Giá trị chỉ tiêu không được âm." in bad.content.decode()
    parents = client.post(
        f"/plans/unit/{tree.district_a.pk}/set/", {"year": "2024", "indicator": NEW, "value": "5"}
    )
    assert "Chỉ tiêu này do Liên đoàn Lao động tỉnh Thử giao" in parents.content.decode()
    ok = client.post(
        f"/plans/unit/{tree.district_a.pk}/set/",
        {"year": "2024", "indicator": "new_grassroots_unions", "value": "4"},
    )
    assert ok.status_code == 302
    assert (
        Target.objects.get(unit=tree.district_a, indicator="new_grassroots_unions").assigned_by
        == tree.district_a
    )
    assert Target.objects.get(unit=tree.district_a, indicator=NEW).value == 2000


def test_the_check_page_lists_where_children_do_not_add_up(tree, people, targets, client_for):
    services.distribute(
        actor=None, parent=tree.district_a, year=2024, indicator=NEW,
        values={tree.school_a: 1000, tree.company_a: 500, tree.agency_a: 500}, tree_on=D(2024, 1, 1),
    )  # fmt: skip
    from congdoan.org import services as org

    org.merge_units(actor=None, sources=[tree.agency_a], into=tree.school_b, on=D(2024, 7, 1))
    client = client_for(people.viewer)
    late = client.get(f"/plans/unit/{tree.province.pk}/check/?year=2024&on=2024-07-01").content.decode()
    table = late.split('id="mismatches"')[1]
    assert "LĐLĐ huyện Bát Xát" in table and "thiếu 500" in table  # A lost its agency to B
    assert "LĐLĐ huyện Bảo Thắng" in table and "Chưa phân bổ" in table  # B never distributed
    early = client.get(f"/plans/unit/{tree.province.pk}/check/?year=2024&on=2024-06-30").content.decode()
    table = early.split('id="mismatches"')[1]
    assert "LĐLĐ huyện Bát Xát" not in table and "LĐLĐ huyện Bảo Thắng" in table
    services.distribute(
        actor=None, parent=tree.district_b, year=2024, indicator=NEW,
        values={tree.school_b: 1000}, tree_on=D(2024, 1, 1),
    )  # fmt: skip
    services.distribute(
        actor=None, parent=tree.district_a, year=2024, indicator=NEW,
        values={tree.school_a: 1000, tree.company_a: 1000}, tree_on=D(2024, 7, 1),
    )  # fmt: skip
    fixed = client.get(f"/plans/unit/{tree.province.pk}/check/?year=2024&on=2024-07-01").content.decode()
    # B1 now holds 1000 from B and the merged agency's tree: B adds up again; so does A.
    assert 'id="all-add-up"' in fixed


def test_the_export_is_read_back_and_audited(tree, people, targets, client_for):
    response = client_for(people.province_admin).get(f"/plans/unit/{tree.province.pk}/export.xlsx?year=2024")
    assert response.status_code == 200
    from congdoan.imports.records import import_records

    again = import_records("targets", response.content, actor=people.province_admin, filename="chi-tieu.xlsx")
    assert (again.rows_read, again.error_count, again.created, again.updated, again.unchanged) == (
        3,
        0,
        0,
        0,
        3,
    )
    assert AuditEntry.objects.get(action="plans.export").after == {"year": 2024, "rows": 3}


def test_an_officer_of_another_district_gets_404(tree, people, targets, client_for):
    client = client_for(people.officer_b)
    for url in (
        f"/plans/unit/{tree.district_a.pk}/?year=2024",
        f"/plans/unit/{tree.school_a.pk}/",
        f"/plans/unit/{tree.district_a.pk}/distribute/?year=2024&indicator={NEW}",
        f"/plans/unit/{tree.district_a.pk}/set/",
        f"/plans/unit/{tree.district_a.pk}/check/",
        f"/plans/unit/{tree.district_a.pk}/export.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/plans/unit/{tree.district_a.pk}/set/", {"year": "2024", "indicator": NEW, "value": "1"}
        ).status_code
        == 404
    )


def test_a_viewer_may_read_but_not_distribute(tree, people, targets, client_for):
    client = client_for(people.viewer)
    assert client.get(f"/plans/unit/{tree.province.pk}/").status_code == 200
    assert (
        client.get(f"/plans/unit/{tree.province.pk}/distribute/?year=2024&indicator={NEW}").status_code == 403
    )
    assert (
        client.post(
            f"/plans/unit/{tree.province.pk}/set/", {"year": "2024", "indicator": NEW, "value": "1"}
        ).status_code
        == 403
    )
