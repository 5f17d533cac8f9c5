"""The Lào Cai demo: the 2024 tree, the 2025 reform, workers and logins. Built once for the module."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum

from congdoan import settings as project_settings
from congdoan.accounts.models import Role, RoleKind, User
from congdoan.org import demo, places, selectors
from congdoan.org.demo_data import DISTRICTS
from congdoan.org.models import Level, Unit, UnitKind, WorkforceReport

REVIEW_DAY = dt.date(2024, 12, 26)
REFORM_DAY = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    messages: list[str] = []
    with django_db_blocker.unblock():
        demo.build_demo(progress=messages.append)
        yield Unit.objects.get(code=demo.PROVINCE_CODE)
        demo._reset(progress=messages.append)


def levels_on(province: Unit, on: dt.date) -> dict[str, int]:
    return selectors.count_by_level(province, on)


@pytest.mark.django_db
def test_the_province_had_1210_grassroots_unions_and_9_district_federations_in_2024(province):
    assert province.name == "Liên đoàn Lao động tỉnh Lào Cai"
    assert province.parent.code == "TLD"
    counts = levels_on(province, REVIEW_DAY)
    assert counts[Level.GRASSROOTS] == 1210
    assert counts[Level.DISTRICT_FEDERATION] == 9
    assert counts[Level.SECTOR_UNION] == 5
    assert counts[Level.INDUSTRIAL_ZONE_UNION] == 1
    assert Level.COMMUNE_UNION not in counts


@pytest.mark.django_db
def test_after_the_reform_there_are_commune_unions_and_no_district_federation(province):
    counts = levels_on(province, REFORM_DAY)
    assert Level.DISTRICT_FEDERATION not in counts
    assert counts[Level.COMMUNE_UNION] > 0
    assert counts[Level.SECTOR_UNION] == 5
    assert counts[Level.INDUSTRIAL_ZONE_UNION] == 1
    agencies = selectors.subtree_versions(province, dt.date(2025, 6, 1)).filter(
        unit__kind=UnitKind.ADMINISTRATIVE_AGENCY
    )
    assert not agencies.exists()
    assert counts[Level.GRASSROOTS] == 1210 - Unit.objects.filter(kind=UnitKind.ADMINISTRATIVE_AGENCY).count()
    assert Unit.objects.get(code="CDX-15-02674").name == "Công đoàn phường Cam Đường"


@pytest.mark.django_db
def test_every_grassroots_union_sits_in_a_ward_of_the_former_lao_cai(province):
    former_lao_cai = {int(w.code) for w in places.wards_of(15) if int(w.code) <= 3121}
    district_wards = {code: set(wards) for code, _name, _w, _seat, wards, _e in DISTRICTS}
    versions = selectors.subtree_versions(province, REVIEW_DAY).filter(unit__level=Level.GRASSROOTS)
    for version in versions.select_related("unit", "parent"):
        assert version.unit.ward_code in former_lao_cai, version.unit
        if version.parent.code in district_wards:
            assert version.unit.ward_code in district_wards[version.parent.code], version.unit
    names = list(Unit.objects.filter(level=Level.GRASSROOTS).values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert all(name.startswith("Công đoàn cơ sở ") for name in names)


@pytest.mark.django_db
def test_workers_on_review_day_total_just_over_46000(province):
    reports = WorkforceReport.objects.filter(as_of=REVIEW_DAY)
    assert reports.count() == 1210
    assert 46_000 < reports.aggregate(total=Sum("workers"))["total"] < 47_000


@pytest.mark.django_db
def test_renamed_district_federations_keep_their_old_names_in_history(province):
    sapa = Unit.objects.get(code="LDLD-LC-SP")
    assert selectors.unit_on(sapa, dt.date(2019, 12, 31)).name == "Liên đoàn Lao động huyện Sa Pa"
    assert selectors.unit_on(sapa, REVIEW_DAY).name == "Liên đoàn Lao động thị xã Sa Pa"


@pytest.mark.django_db
def test_the_demo_logins_exist_with_their_roles(province, settings):
    # The demo hashed its passwords with the real hashers, not the fast ones tests use.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    for username, password, description in demo.DEMO_LOGINS:
        assert description
        assert User.objects.get(username=username).check_password(password), username
    assert User.objects.get(username="admin").is_superuser
    assert Role.objects.filter(
        user__username="lcadmin", unit=province, kind=RoleKind.FEDERATION_ADMIN
    ).exists()
    assert Role.objects.filter(user__username="xem", unit=province, kind=RoleKind.VIEWER).exists()
    assert Role.objects.get(user__username="batxat").unit.code == "LDLD-LC-BX"
    assert Role.objects.get(user__username="cdcs").unit.level == Level.GRASSROOTS


@pytest.mark.django_db
def test_building_again_leaves_the_demo_as_it_is(province):
    messages: list[str] = []
    units = Unit.objects.count()

    demo.build_demo(progress=messages.append)

    assert Unit.objects.count() == units
    assert messages == ["Dữ liệu mẫu tỉnh Lào Cai đã có sẵn (dùng --reset để dựng lại)."]


@pytest.mark.django_db
def test_reset_rebuilds_the_same_demo(province):
    def picture() -> list[tuple[str, str, str, int | None]]:
        return list(Unit.objects.order_by("code").values_list("code", "name", "kind", "ward_code"))

    before = picture()

    demo.build_demo(reset=True, progress=lambda message: None)

    assert picture() == before
    assert User.objects.filter(username__in=[login[0] for login in demo.DEMO_LOGINS]).count() == 5


# --------------------------------------------------------------------------
# members (congdoan.members.demo, registered as a demo step)


@pytest.mark.django_db
def test_the_province_has_46000_people_and_4337_admissions_in_2024(province):
    from congdoan.members import selectors as members
    from congdoan.members.models import Person

    assert Person.objects.count() >= 46_000
    assert members.new_members(province, dt.date(2024, 1, 1), dt.date(2024, 12, 31)).count() == 4_337
    active = members.count_members(province, REVIEW_DAY)
    workers = WorkforceReport.objects.filter(as_of=REVIEW_DAY).aggregate(n=Sum("workers"))["n"]
    assert 0.85 * workers < active < workers


@pytest.mark.django_db
def test_demo_people_have_consistent_ids_and_the_provinces_ethnic_groups(province):
    from congdoan.members.ids import cccd_problems
    from congdoan.members.models import Person

    rows = Person.objects.exclude(cccd=None).values_list("cccd", "gender", "birth_year")
    assert [r for r in rows if cccd_problems(r[0], gender=r[1], birth_year=r[2])] == []
    groups = set(Person.objects.values_list("ethnicity", flat=True))
    assert {"01", "02", "07", "08", "09", "25"} <= groups  # Kinh, Tày, Nùng, Mông, Dao, Giáy
    assert Person.objects.filter(full_name__startswith="Giàng").exists()
    assert Person.objects.filter(birth_date=None).exists()  # year-only birth dates


@pytest.mark.django_db
def test_demo_histories_have_transfers_leavers_and_discipline(province):
    from congdoan.members.models import EventKind, MemberEvent, MemberStatus, Person

    kinds = set(MemberEvent.objects.values_list("kind", flat=True))
    assert {EventKind.TRANSFERRED_IN, EventKind.TRANSFERRED_OUT, EventKind.LEFT, EventKind.SUSPENDED} <= kinds
    assert {EventKind.REPRIMANDED, EventKind.WARNED, EventKind.EXPELLED, EventKind.DIED} <= kinds
    assert Person.objects.filter(status=MemberStatus.SUSPENDED).exists()


@pytest.mark.django_db
def test_members_of_dissolved_agency_unions_left_with_them(province):
    from congdoan.members import selectors as members

    before = members.member_stats(province, dt.date(2025, 5, 31)).by_kind
    after = members.member_stats(province, dt.date(2025, 6, 1)).by_kind
    assert before[UnitKind.ADMINISTRATIVE_AGENCY] > 1000
    assert after.get(UnitKind.ADMINISTRATIVE_AGENCY, 0) == 0
    assert members.count_members(province, REFORM_DAY) == members.count_members(province, dt.date(2025, 6, 1))


# --------------------------------------------------------------------------
# the annual report of the province (congdoan.reports): the figures of its 2024 review


@pytest.mark.django_db
def test_the_2024_annual_report_shows_the_figures_of_the_review(province, capsys):
    import json

    from congdoan import cli

    status = cli.main(
        [
            "report",
            "annual",
            "--unit",
            "Liên đoàn Lao động tỉnh Lào Cai",
            "--year",
            "2024",
            "--format",
            "json",
        ]
    )
    assert status == 0
    report = json.loads(capsys.readouterr().out)
    figures = {row["code"]: row for row in report["indicators"]}
    assert figures["workers.unionised"]["value"] > 46_000
    assert figures["grassroots.total"]["value"] == 1_210
    assert figures["support.count"]["value"] == 40_993
    assert 36_500_000_000 <= figures["support.amount"]["value"] < 36_600_000_000
    assert figures["activities.participations"]["value"] > 82_000
    assert figures["initiatives.grassroots"]["value"] == 623
    assert figures["creative_awards"]["value"] == 11
    new = figures["members.new"]
    assert (new["value"], new["target"], new["percent_of_target"]) == (4_337, 3_000, 144.56)
    assert {row["name"] for row in report["children"]["rows"]} >= {"Liên đoàn Lao động huyện Bát Xát"}

    assert cli.main(["report", "annual", "--unit", "LDLD-LC", "--year", "2024"]) == 0
    text = capsys.readouterr().out
    assert "36,5 tỷ đồng" in text
    assert "144,56%" in text
    assert "46.2" in text  # workers, written 46.xxx


@pytest.mark.django_db
def test_the_2025_annual_report_shows_the_tree_after_the_restructure(province):
    from congdoan.reports import annual, documents

    assert documents.date_line(annual.build(province, 2024)) == "Lào Cai, ngày 31 tháng 12 năm 2024"
    report = annual.build(province, 2025)
    names = [row.name for row in report.children]
    assert not any(name.startswith("Liên đoàn Lao động huyện") for name in names)
    assert any(name.startswith("Công đoàn xã") or name.startswith("Công đoàn phường") for name in names)
    assert report.figure("members.new").prior == 4_337
