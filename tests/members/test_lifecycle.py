"""Membership events: every transition, the invalid ones, duplicates, counts across a merge."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.common.errors import DomainError, ScopeError
from congdoan.members import selectors
from congdoan.members import services as members
from congdoan.members.models import EventKind, MemberStatus, Person, Spell, SpellState
from congdoan.org import services as org
from dated_tree import people, tree  # noqa: F401
from member_data import cccd_for, person

D = dt.date


@pytest.fixture
def an(tree):
    return members.admit(
        actor=None, unit=tree.school_a, on=D(2015, 3, 1), person=person(), decision="12/QĐ-CĐ"
    )


def statuses(p: Person) -> list[tuple]:
    return [
        (s.unit_id, s.valid_from, s.valid_to, s.state)
        for s in Spell.objects.filter(person=p).order_by("valid_from")
    ]


def test_admission_opens_a_spell_and_records_event_and_audit(tree, an):
    assert an.status == MemberStatus.ACTIVE
    assert an.joined_on == D(2015, 3, 1)
    assert an.name_fold == " nguyen van an"
    [(unit, start, _end, state)] = statuses(an)
    assert (unit, start, state) == (tree.school_a.pk, D(2015, 3, 1), SpellState.ACTIVE)
    assert list(an.events.values_list("kind", flat=True)) == [EventKind.ADMITTED]
    entry = AuditEntry.objects.get(action="member.admit")
    assert entry.object_id == str(an.pk) and entry.after["decision"] == "12/QĐ-CĐ"


def test_transfer_keeps_join_date_and_is_not_a_new_member(tree, an):
    members.transfer(actor=None, person=an, to_unit=tree.school_b, on=D(2020, 9, 1))
    an.refresh_from_db()
    assert an.unit == tree.school_b and an.joined_on == D(2015, 3, 1)
    kinds = list(an.events.values_list("kind", flat=True))
    assert kinds == [EventKind.ADMITTED, EventKind.TRANSFERRED_OUT, EventKind.TRANSFERRED_IN]
    assert selectors.new_members(tree.district_b, D(2020, 1, 1), D(2020, 12, 31)).count() == 0
    assert selectors.new_members(tree.district_a, D(2015, 1, 1), D(2015, 12, 31)).count() == 1
    assert selectors.count_members(tree.district_a, D(2020, 8, 31)) == 1
    assert selectors.count_members(tree.district_a, D(2020, 9, 1)) == 0
    assert selectors.count_members(tree.district_b, D(2020, 9, 1)) == 1
    assert selectors.count_members(tree.province, D(2020, 9, 1)) == 1


def test_suspend_resume_leave(tree, an):
    members.suspend(actor=None, person=an, on=D(2018, 1, 1), reason="Đi lao động ở nước ngoài")
    assert Person.objects.get(pk=an.pk).status == MemberStatus.SUSPENDED
    assert selectors.count_members(tree.province, D(2018, 6, 1)) == 0
    assert selectors.count_members(tree.province, D(2018, 6, 1), states=selectors.ALL_MEMBERS) == 1
    members.resume(actor=None, person=an, on=D(2019, 1, 1))
    assert selectors.count_members(tree.province, D(2019, 6, 1)) == 1
    members.leave(actor=None, person=an, on=D(2021, 1, 1), reason="Nghỉ việc")
    an.refresh_from_db()
    assert an.status == MemberStatus.LEFT
    assert selectors.count_members(tree.province, D(2021, 1, 1)) == 0
    assert selectors.count_members(tree.province, D(2020, 12, 31)) == 1
    assert [s[3] for s in statuses(an)] == [SpellState.ACTIVE, SpellState.SUSPENDED, SpellState.ACTIVE]


def test_discipline_keeps_or_ends_membership(tree, an):
    members.discipline(
        actor=None,
        person=an,
        on=D(2019, 1, 1),
        measure="reprimand",
        reason="Không đóng đoàn phí 6 tháng",
        decision="1/QĐ",
    )
    members.discipline(
        actor=None,
        person=an,
        on=D(2019, 7, 1),
        measure="warning",
        reason="Không đóng đoàn phí 9 tháng",
        decision="2/QĐ",
    )
    assert Person.objects.get(pk=an.pk).status == MemberStatus.ACTIVE
    members.discipline(
        actor=None,
        person=an,
        on=D(2020, 1, 1),
        measure="expulsion",
        reason="Không đóng đoàn phí 12 tháng",
        decision="3/QĐ",
    )
    an.refresh_from_db()
    assert an.status == MemberStatus.EXPELLED
    assert an.events.get(kind=EventKind.EXPELLED).reason == "Không đóng đoàn phí 12 tháng"
    with pytest.raises(DomainError, match="số quyết định"):
        members.discipline(
            actor=None, person=an, on=D(2020, 2, 1), measure="warning", reason="x", decision=""
        )


def test_death_ends_everything(tree, an):
    members.record_death(actor=None, person=an, on=D(2022, 2, 2))
    with pytest.raises(DomainError, match="đã từ trần"):
        members.admit(actor=None, unit=tree.school_b, on=D(2023, 1, 1), person=person(cccd=an.cccd))


@pytest.mark.parametrize(
    "operation",
    [
        lambda p, t: members.transfer(actor=None, person=p, to_unit=t.school_b, on=D(2022, 1, 1)),
        lambda p, t: members.suspend(actor=None, person=p, on=D(2022, 1, 1), reason="x"),
        lambda p, t: members.resume(actor=None, person=p, on=D(2022, 1, 1)),
        lambda p, t: members.leave(actor=None, person=p, on=D(2022, 1, 1), reason="x"),
        lambda p, t: members.record_death(actor=None, person=p, on=D(2022, 1, 1)),
    ],
)
def test_no_event_after_leaving_except_readmission(tree, an, operation):
    members.leave(actor=None, person=an, on=D(2021, 1, 1), reason="Nghỉ việc")
    before = (statuses(an), an.events.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError, match="đã ra khỏi tổ chức|chưa là đoàn viên"):
        operation(Person.objects.get(pk=an.pk), tree)
    assert (statuses(an), an.events.count(), AuditEntry.objects.count()) == before


def test_resume_needs_suspension_and_events_must_be_in_order(tree, an):
    with pytest.raises(DomainError, match="đang sinh hoạt"):
        members.resume(actor=None, person=an, on=D(2016, 1, 1))
    members.suspend(actor=None, person=an, on=D(2018, 1, 1), reason="Nghỉ không lương")
    with pytest.raises(DomainError, match="theo thứ tự thời gian"):
        members.resume(actor=None, person=Person.objects.get(pk=an.pk), on=D(2017, 1, 1))


def test_admission_of_an_active_member_elsewhere_is_refused_with_the_unit(tree, an):
    again = person(cccd=an.cccd, full_name="Nguyễn Văn An")
    with pytest.raises(
        DomainError, match="đang là đoàn viên của CĐCS Trường Tiểu học Bản Xèo.*chuyển sinh hoạt"
    ):
        members.admit(actor=None, unit=tree.school_b, on=D(2020, 1, 1), person=again)
    # Same name, birth date and hometown, no CCCD: the same person.
    twin = person(cccd="", hometown_province_code=None)
    with pytest.raises(DomainError, match="đang là đoàn viên"):
        members.admit(actor=None, unit=tree.school_b, on=D(2020, 1, 1), person=twin)
    assert Person.objects.count() == 1


def test_readmission_reuses_the_record(tree, an):
    members.leave(actor=None, person=an, on=D(2019, 1, 1), reason="Nghỉ việc")
    back = members.admit(actor=None, unit=tree.school_b, on=D(2021, 1, 1), person=person(cccd=an.cccd))
    assert back.pk == an.pk and back.joined_on == D(2021, 1, 1)
    assert selectors.new_members(tree.province, D(2021, 1, 1), D(2021, 12, 31)).count() == 1
    assert Spell.objects.filter(person=an).count() == 2


def test_transfer_to_a_unit_that_is_not_grassroots_or_not_active(tree, an):
    with pytest.raises(DomainError, match="không phải công đoàn cơ sở"):
        members.transfer(actor=None, person=an, to_unit=tree.district_b, on=D(2020, 1, 1))
    with pytest.raises(DomainError, match="không hoạt động"):
        members.transfer(actor=None, person=an, to_unit=tree.school_b, on=D(2009, 1, 1))


def test_admission_checks_id_age_and_foreign_workers(tree):
    bad = person(gender="female", cccd="010090012345")
    with pytest.raises(DomainError, match="chữ số thứ 4 là 0 .* giới tính ghi Nữ"):
        members.admit(actor=None, unit=tree.school_a, on=D(2020, 1, 1), person=bad)
    child = person(born=D(2010, 1, 1))
    with pytest.raises(DomainError, match="đủ 15 tuổi"):
        members.admit(actor=None, unit=tree.school_a, on=D(2020, 1, 1), person=child)
    foreign = person(
        full_name="Kim Min Jun",
        cccd="",
        citizenship="foreign",
        nationality="Hàn Quốc",
        other_id="M12345678",
        contract_months=24,
    )
    with pytest.raises(DomainError, match="từ ngày 01/07/2025"):
        members.admit(actor=None, unit=tree.company_a, on=D(2025, 6, 30), person=foreign)
    with pytest.raises(DomainError, match="12 tháng"):
        members.admit(
            actor=None, unit=tree.company_a, on=D(2025, 7, 1), person={**foreign, "contract_months": 6}
        )
    joined = members.admit(actor=None, unit=tree.company_a, on=D(2025, 7, 1), person=foreign)
    assert joined.ethnicity == "99" and not joined.is_minority
    assert Person.objects.count() == 1


def test_officer_cannot_touch_members_outside_their_subtree(tree, people, an):
    with pytest.raises(ScopeError):
        members.admit(
            actor=people.officer_b, unit=tree.school_a, on=D(2020, 1, 1), person=person("Lò Văn Sướng")
        )
    with pytest.raises(ScopeError):
        members.leave(actor=people.officer_b, person=an, on=D(2020, 1, 1), reason="x")
    members.transfer(actor=people.officer_a, person=an, to_unit=tree.school_b, on=D(2020, 1, 1))


def test_counts_follow_the_unit_across_a_merge(tree):
    for i, name in enumerate(["Sùng A Páo", "Giàng Thị Mỷ", "Lò Văn Sướng"]):
        members.admit(
            actor=None, unit=tree.school_a, on=D(2015, 1, 1 + i), person=person(name, born=D(1985, 1, 1 + i))
        )
    members.admit(actor=None, unit=tree.school_b, on=D(2016, 1, 1), person=person("Hoàng Văn Giang"))
    # School A (district A) merges into school B (district B) on 2024-07-01.
    org.merge_units(actor=None, sources=[tree.school_a], into=tree.school_b, on=D(2024, 7, 1))
    assert selectors.count_members(tree.district_a, D(2024, 6, 30)) == 3
    assert selectors.count_members(tree.district_b, D(2024, 6, 30)) == 1
    assert selectors.count_members(tree.district_a, D(2024, 7, 1)) == 0
    assert selectors.count_members(tree.district_b, D(2024, 7, 1)) == 4
    assert (
        selectors.count_members(tree.province, D(2024, 6, 30))
        == selectors.count_members(tree.province, D(2024, 7, 1))
        == 4
    )
    # The 2015 admissions stay in district A's history.
    assert selectors.new_members(tree.district_a, D(2015, 1, 1), D(2015, 12, 31)).count() == 3
    assert selectors.new_members(tree.district_b, D(2015, 1, 1), D(2015, 12, 31)).count() == 0
    moved = Person.objects.get(full_name="Sùng A Páo")
    assert moved.unit == tree.school_b and moved.joined_on == D(2015, 1, 1)
    assert moved.events.filter(kind=EventKind.REORGANISED).exists()


def test_counts_follow_a_moved_unit(tree):
    members.admit(actor=None, unit=tree.school_a, on=D(2015, 1, 1), person=person())
    org.move_units(actor=None, units=[tree.school_a], new_parent=tree.district_b, on=D(2024, 1, 1))
    assert selectors.count_members(tree.district_a, D(2023, 12, 31)) == 1
    assert selectors.count_members(tree.district_b, D(2024, 1, 1)) == 1
    assert selectors.new_members(tree.district_a, D(2015, 1, 1), D(2015, 12, 31)).count() == 1


def test_members_leave_with_a_dissolved_unit(tree):
    member = members.admit(actor=None, unit=tree.agency_a, on=D(2015, 1, 1), person=person())
    org.dissolve_unit(actor=None, unit=tree.agency_a, on=D(2025, 6, 1), reason="Kết luận 97")
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT
    assert selectors.count_members(tree.province, D(2025, 6, 1)) == 0
    assert selectors.count_members(tree.province, D(2025, 5, 31)) == 1


def test_stats_count_women_minorities_and_kinds(tree):
    members.admit(
        actor=None,
        unit=tree.school_a,
        on=D(2015, 1, 1),
        person=person("Giàng Thị Mỷ", gender="female", ethnicity="08"),
    )
    members.admit(actor=None, unit=tree.company_a, on=D(2015, 1, 1), person=person("Nguyễn Văn Bình"))
    stats = selectors.member_stats(tree.province, D(2024, 1, 1)).as_dict()
    assert stats["total"] == 2 and stats["women"] == 1 and stats["ethnic_minorities"] == 1
    assert stats["by_unit_kind"] == {"private_enterprise": 1, "public_service_unit": 1}


def test_receive_transfer_from_outside_keeps_card_and_join_date(tree):
    p = members.receive_transfer(
        actor=None,
        unit=tree.company_a,
        on=D(2023, 5, 1),
        person=person("Vàng Seo Chư"),
        joined_on=D(2010, 4, 1),
        card_number="01100001235",
        came_from="LĐLĐ tỉnh Yên Bái",
    )
    assert p.joined_on == D(2010, 4, 1) and p.card_number == "01100001235"
    assert selectors.new_members(tree.province, D(2023, 1, 1), D(2023, 12, 31)).count() == 0
    assert selectors.count_members(tree.province, D(2023, 5, 1)) == 1


def test_same_day_transfer_after_admission_leaves_no_empty_spell(tree):
    p = members.admit(actor=None, unit=tree.school_a, on=D(2020, 1, 1), person=person())
    members.transfer(actor=None, person=p, to_unit=tree.school_b, on=D(2020, 1, 1))
    assert statuses(p) == [(tree.school_b.pk, D(2020, 1, 1), dt.date(9999, 12, 31), SpellState.ACTIVE)]


def test_cccd_for_helper_is_valid():
    assert len(cccd_for("female", 2001)) == 12


def test_loading_histories_audits_each_person_with_their_unit(tree):
    from congdoan.members.services import History, HistoryEvent, load_histories

    [loaded] = load_histories(
        actor=None,
        histories=[
            History(
                person=person("Lò Thị Sen", "female"),
                events=[HistoryEvent("admitted", D(2015, 1, 1), tree.school_a)],
            )
        ],
        reason="Nạp hồ sơ cũ",
    )
    entry = AuditEntry.objects.get(action="member.load")
    assert (entry.object_type, entry.object_id, entry.object_repr) == (
        "members.person",
        str(loaded.pk),
        "Lò Thị Sen",
    )
    assert entry.unit_id == tree.school_a.pk and entry.actor_name == "hệ thống"
    assert entry.after["joined_on"] == "2015-01-01" and entry.reason == "Nạp hồ sơ cũ"
