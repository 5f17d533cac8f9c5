"""Counts for reports: paid grants only, by programme kind, for a subtree and period as the tree stood."""

from __future__ import annotations

import datetime as dt

from care_data import load_paid
from congdoan.care import selectors
from congdoan.care import services as care
from congdoan.care.models import GrantState, ProgrammeKind
from congdoan.care.services import Recipient
from congdoan.org import services as org

D = dt.date


def test_counts_by_kind_follow_the_unit_across_a_merge(tree, staff, tet, folks):
    yagi = care.create_programme(
        actor=None,
        unit=tree.province,
        name="Hỗ trợ khắc phục hậu quả bão số 3 (Yagi)",
        kind=ProgrammeKind.DISASTER,
        start=D(2024, 9, 8),
        end=D(2024, 10, 31),
        budget=0,
    )
    load_paid(tet, tree.school_a, [(D(2024, 1, 25), 500_000), (D(2024, 2, 1), 1_000_000)])
    load_paid(tet, tree.school_b, [(D(2024, 1, 26), 500_000)])
    # School A (district A) merges into school B (district B) on 2024-07-01; later grants are B's.
    org.merge_units(actor=None, sources=[tree.school_a], into=tree.school_b, on=D(2024, 7, 1))
    load_paid(yagi, tree.school_b, [(D(2024, 9, 12), 3_000_000), (D(2024, 9, 20), 2_000_000)])
    # Requested, approved and rejected grants never count.
    pending = care.request_grant(
        actor=staff.officer_a,
        programme=tet,
        unit=tree.company_a,
        recipient=Recipient.member(folks.suong),
        on=D(2024, 2, 2),
        amount=9_000_000,
    )
    care.request_grant(
        actor=staff.officer_a,
        programme=tet,
        unit=tree.company_a,
        recipient=Recipient.member(folks.pao),
        on=D(2024, 2, 2),
        amount=8_000_000,
    )
    care.approve_grant(actor=staff.approver, grant=pending)

    year = (D(2024, 1, 1), D(2024, 12, 31))
    assert selectors.support_count(tree.district_a, *year) == 2
    assert selectors.support_amount(tree.district_a, *year) == 1_500_000
    assert selectors.support_count(tree.district_b, *year) == 3
    assert selectors.support_amount(tree.district_b, *year) == 5_500_000
    assert selectors.support_count(tree.province, *year) == 5
    assert selectors.support_amount(tree.province, *year) == 7_000_000
    by_kind = selectors.support_by_kind(tree.province, *year)
    assert by_kind["tet"] == {"count": 3, "amount": 2_000_000}
    assert by_kind["disaster"] == {"count": 2, "amount": 5_000_000}
    assert by_kind["housing"] == {"count": 0, "amount": 0}
    assert selectors.support_count_by_kind(tree.district_a, *year)["tet"] == 2
    assert selectors.support_amount_by_kind(tree.district_b, *year)["disaster"] == 5_000_000
    # The period cuts: the first half of the year has only Tết.
    assert selectors.support_count(tree.province, D(2024, 1, 1), D(2024, 6, 30)) == 3
    assert selectors.support_count(tree.province, D(2024, 2, 1), D(2024, 2, 1)) == 1
    assert selectors.support_count(tree.province, D(2023, 1, 1), D(2023, 12, 31)) == 0
    assert selectors.support_members_count(tree.province, *year) == 0


def test_the_grant_list_filters_by_subtree_period_programme_kind_and_state(tree, staff, tet, folks):
    load_paid(tet, tree.school_a, [(D(2024, 1, 25), 500_000)])
    load_paid(tet, tree.school_b, [(D(2024, 1, 26), 700_000)])
    care.request_grant(
        actor=staff.officer_a,
        programme=tet,
        unit=tree.company_a,
        recipient=Recipient.member(folks.suong),
        on=D(2024, 2, 2),
        amount=300_000,
    )
    officer = staff.officer_a
    assert selectors.grant_list(officer).count() == 2  # A's two, not B's
    assert selectors.grant_list(staff.admin).count() == 3
    assert selectors.grant_list(staff.admin, root=tree.district_b).count() == 1
    assert (
        selectors.grant_list(staff.admin, root=tree.province, start=D(2024, 2, 1), end=D(2024, 2, 29)).count()
        == 1
    )
    assert selectors.grant_list(staff.admin, state=GrantState.PAID).count() == 2
    assert selectors.grant_list(staff.admin, kind=ProgrammeKind.HOUSING).count() == 0
    assert (
        selectors.grant_list(staff.admin, programme=tet, query="sướng").get().recipient_name == "Lò Văn Sướng"
    )
    assert selectors.grant_list(staff.admin, query="Lo Van Suong").count() == 1
    assert selectors.totals(selectors.grant_list(staff.admin)) == {
        "n": 3,
        "total": 1_500_000,
        "paid_n": 2,
        "paid_total": 1_200_000,
    }


def test_queues_show_what_each_role_may_do_next(tree, staff, tet, folks):
    mine = care.request_grant(
        actor=staff.admin,
        programme=tet,
        unit=tree.school_a,
        recipient=Recipient.member(folks.pao),
        on=D(2024, 1, 20),
        amount=500_000,
    )
    theirs = care.request_grant(
        actor=staff.officer_a,
        programme=tet,
        unit=tree.school_a,
        recipient=Recipient.member(folks.my),
        on=D(2024, 1, 20),
        amount=500_000,
    )
    assert list(selectors.approval_queue(staff.approver)) == [mine, theirs]
    assert list(selectors.approval_queue(staff.admin)) == [theirs]  # not their own request
    assert list(selectors.approval_queue(staff.officer_a)) == []
    assert list(selectors.payment_queue(staff.accountant)) == []
    care.approve_grant(actor=staff.approver, grant=theirs)
    assert list(selectors.payment_queue(staff.accountant)) == [theirs]
    assert list(selectors.payment_queue(staff.approver)) == []
    assert list(selectors.approval_queue(staff.approver)) == [mine]


def test_programmes_open_for_entry_are_the_users_own_and_those_above(tree, staff, tet):
    district_b = care.create_programme(
        actor=None,
        unit=tree.district_b,
        name="Thăm hỏi ốm đau 2024",
        kind=ProgrammeKind.SICKNESS,
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
        budget=0,
    )
    school_a = care.create_programme(
        actor=None,
        unit=tree.school_a,
        name="Quỹ tương trợ 2024",
        kind=ProgrammeKind.HARDSHIP,
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
        budget=0,
    )
    assert set(selectors.programmes_for_entry(staff.officer_a)) == {tet, school_a}
    assert set(selectors.programmes_for_entry(staff.officer_b)) == {tet, district_b}
    assert set(selectors.programmes_for_entry(staff.viewer)) == set()
    # Seeing a programme's page is the subtree's only: the province's programme is not A's to open.
    assert set(selectors.visible_programmes(staff.officer_a)) == {school_a}
    assert set(selectors.visible_programmes(staff.admin)) == {tet, district_b, school_a}
