"""Support grants: every workflow step, the invalid transitions, roles, the double-payment guard."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.care import selectors
from congdoan.care import services as care
from congdoan.care.models import FundingKind, GrantState, ProgrammeKind, SupportGrant
from congdoan.care.services import GrantInput, Recipient
from congdoan.common.errors import DomainError, ScopeError
from member_data import cccd_for

D = dt.date


JAN20 = D(2024, 1, 20)


def ask(staff, tet, unit, who, *, amount=500_000, on=JAN20, **extra):
    return care.request_grant(
        actor=staff.officer_a,
        programme=tet,
        unit=unit,
        recipient=who if isinstance(who, Recipient) else Recipient.member(who),
        on=on,
        amount=amount,
        **extra,
    )


def test_a_grant_goes_requested_approved_paid_each_step_stamped_and_audited(tree, staff, tet, folks):
    grant = ask(staff, tet, tree.school_a, folks.pao, funding=FundingKind.PROVINCE, in_kind="Quà Tết")
    assert grant.state == GrantState.REQUESTED
    assert (grant.recipient_name, grant.recipient_cccd) == ("Sùng A Páo", folks.pao.cccd)
    assert grant.requested_by == staff.officer_a and grant.requested_at is not None
    assert grant.decided_at is None and grant.paid_at is None

    grant = care.approve_grant(actor=staff.approver, grant=grant)
    assert grant.state == GrantState.APPROVED
    assert grant.decided_by == staff.approver and grant.decided_at is not None

    grant = care.pay_grant(actor=staff.accountant, grant=grant)
    assert grant.state == GrantState.PAID
    assert grant.paid_by == staff.accountant and grant.paid_at >= grant.decided_at >= grant.requested_at

    entries = AuditEntry.objects.filter(object_type="care.supportgrant", object_id=str(grant.pk)).order_by(
        "id"
    )
    assert [(e.action, e.actor_id) for e in entries] == [
        ("care.grant_request", staff.officer_a.pk),
        ("care.grant_approve", staff.approver.pk),
        ("care.grant_pay", staff.accountant.pk),
    ]
    assert entries[0].after["amount"] == 500_000 and entries[0].unit_id == tree.school_a.pk
    assert entries[2].before["state"] == "approved" and entries[2].after["state"] == "paid"
    assert [step[1] for step in selectors.history(grant)] == ["Đề nghị hỗ trợ", "Duyệt", "Chi"]


def test_a_rejected_grant_keeps_its_reason_and_goes_no_further(tree, staff, tet, folks):
    grant = ask(staff, tet, tree.school_a, folks.pao)
    with pytest.raises(DomainError) as error:
        care.reject_grant(actor=staff.approver, grant=grant, reason="  ")
    assert error.value.code == "reason_required" and error.value.message == "Cần ghi lý do không duyệt."
    grant = care.reject_grant(actor=staff.approver, grant=grant, reason="Đã nhận hỗ trợ ở đơn vị khác")
    assert grant.state == GrantState.REJECTED and grant.rejection_reason == "Đã nhận hỗ trợ ở đơn vị khác"
    entry = AuditEntry.objects.get(action="care.grant_reject")
    assert entry.reason == "Đã nhận hỗ trợ ở đơn vị khác" and entry.actor == staff.approver
    with pytest.raises(DomainError) as error:
        care.pay_grant(actor=staff.accountant, grant=grant)
    assert error.value.code == "not_approved"
    assert error.value.message == "Không thể chi: lượt hỗ trợ này đã bị từ chối."
    with pytest.raises(DomainError) as error:
        care.approve_grant(actor=staff.approver, grant=grant)
    assert error.value.message == "Không thể duyệt: lượt hỗ trợ này đã bị từ chối."


@pytest.mark.parametrize(
    ("steps", "operation", "code", "message"),
    [
        ([], "pay", "not_approved", "Không thể chi: lượt hỗ trợ này chưa được duyệt."),
        (["approve"], "approve", "not_requested", "Không thể duyệt: lượt hỗ trợ này đã được duyệt."),
        (["approve"], "reject", "not_requested", "Không thể từ chối: lượt hỗ trợ này đã được duyệt."),
        (["approve", "pay"], "approve", "not_requested", "Không thể duyệt: lượt hỗ trợ này đã được chi."),
        (["approve", "pay"], "pay", "not_approved", "Không thể chi: lượt hỗ trợ này đã được chi."),
        (["approve", "pay"], "reject", "not_requested", "Không thể từ chối: lượt hỗ trợ này đã được chi."),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(
    tree, staff, tet, folks, steps, operation, code, message
):
    grant = ask(staff, tet, tree.school_a, folks.pao)
    run = {
        "approve": lambda g: care.approve_grant(actor=staff.approver, grant=g),
        "reject": lambda g: care.reject_grant(actor=staff.approver, grant=g, reason="Không đủ điều kiện"),
        "pay": lambda g: care.pay_grant(actor=staff.accountant, grant=g),
    }
    for step in steps:
        grant = run[step](grant)
    before = SupportGrant.objects.filter(pk=grant.pk).values().get()
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as error:
        run[operation](grant)
    assert (error.value.code, error.value.message) == (code, message)
    assert SupportGrant.objects.filter(pk=grant.pk).values().get() == before
    assert AuditEntry.objects.count() == entries


def test_roles_officer_cannot_approve_or_pay_approver_cannot_pay_accountant_cannot_approve(
    tree, staff, tet, folks
):
    grant = ask(staff, tet, tree.school_a, folks.pao)
    with pytest.raises(ScopeError):
        care.approve_grant(actor=staff.officer_a, grant=grant)
    with pytest.raises(ScopeError):
        care.approve_grant(actor=staff.accountant, grant=grant)
    with pytest.raises(ScopeError):
        care.approve_grant(actor=staff.viewer, grant=grant)
    grant = care.approve_grant(actor=staff.approver_a, grant=grant)  # district A's chair may
    with pytest.raises(ScopeError):
        care.pay_grant(actor=staff.officer_a, grant=grant)
    with pytest.raises(ScopeError):
        care.pay_grant(actor=staff.approver, grant=grant)
    assert care.pay_grant(actor=staff.accountant, grant=grant).state == GrantState.PAID


def test_an_approver_or_officer_of_another_district_is_out_of_scope(tree, staff, tet, folks):
    grant = ask(staff, tet, tree.school_a, folks.pao)
    from dated_tree import make_user

    approver_b = make_user("duyetb", unit=tree.district_b, kind="approver")
    with pytest.raises(ScopeError):
        care.approve_grant(actor=approver_b, grant=grant)
    with pytest.raises(ScopeError):
        care.request_grant(
            actor=staff.officer_b,
            programme=tet,
            unit=tree.school_a,
            recipient=Recipient.member(folks.pao),
            on=D(2024, 1, 20),
            amount=1,
        )
    # Nor may B's officer give to A's member from B's own union: A's members are not theirs to see.
    with pytest.raises(ScopeError):
        care.request_grant(
            actor=staff.officer_b,
            programme=tet,
            unit=tree.school_b,
            recipient=Recipient.member(folks.pao),
            on=D(2024, 1, 20),
            amount=1,
        )


def test_the_approver_cannot_approve_their_own_request(tree, staff, tet, folks):
    # The federation admin may request, approve and pay, but not approve what they requested.
    grant = care.request_grant(
        actor=staff.admin,
        programme=tet,
        unit=tree.school_a,
        recipient=Recipient.member(folks.pao),
        on=D(2024, 1, 20),
        amount=500_000,
    )
    for decide in (
        lambda: care.approve_grant(actor=staff.admin, grant=grant),
        lambda: care.reject_grant(actor=staff.admin, grant=grant, reason="x"),
    ):
        with pytest.raises(DomainError) as error:
            decide()
        assert error.value.code == "own_request"
        assert error.value.message == (
            "Người đề nghị không được tự duyệt lượt hỗ trợ của mình: cần một người duyệt khác."
        )
    grant = care.approve_grant(actor=staff.approver, grant=grant)
    # Paying one's own request is the accountant's ordinary job, and the admin may pay.
    assert care.pay_grant(actor=staff.admin, grant=grant).state == GrantState.PAID


def test_the_same_member_twice_in_a_programme_needs_a_reason(tree, staff, tet, folks):
    first = ask(staff, tet, tree.school_a, folks.pao, amount=500_000, on=D(2024, 1, 20))
    with pytest.raises(DomainError) as error:
        ask(staff, tet, tree.company_a, folks.pao, amount=300_000, on=D(2024, 2, 1))
    assert error.value.code == "duplicate" and error.value.field == "duplicate_reason"
    assert error.value.message == (
        "Sùng A Páo đã được hỗ trợ trong chương trình này 1 lần (lần đầu ngày 20/01/2024, 500.000 đồng). "
        "Nếu vẫn hỗ trợ thêm, hãy ghi lý do."
    )
    assert SupportGrant.objects.count() == 1
    second = ask(
        staff,
        tet,
        tree.company_a,
        folks.pao,
        amount=300_000,
        on=D(2024, 2, 1),
        duplicate_reason="Gia đình có người ốm nặng, hỗ trợ thêm",
    )
    assert second.duplicate_reason == "Gia đình có người ốm nặng, hỗ trợ thêm"
    entry = AuditEntry.objects.get(action="care.grant_request", object_id=str(second.pk))
    assert entry.reason == "Gia đình có người ốm nặng, hỗ trợ thêm"
    # A rejected grant does not count as received.
    care.reject_grant(actor=staff.approver, grant=first, reason="Trùng")
    care.reject_grant(actor=staff.approver, grant=second, reason="Trùng")
    assert ask(staff, tet, tree.school_a, folks.pao).state == GrantState.REQUESTED


def test_the_guard_matches_a_worker_by_cccd_and_a_member_by_cccd_too(tree, staff, tet, folks):
    number = cccd_for("female", 1995)
    worker = Recipient(full_name="Vàng Thị Sua", cccd=number, birth_year=1995)
    ask(staff, tet, tree.company_a, worker)
    with pytest.raises(DomainError) as error:
        # Typed differently (spaces) and with another spelling of the name: still the same CCCD.
        ask(
            staff,
            tet,
            tree.company_a,
            Recipient(full_name="Vang Thi Sua", cccd=" ".join([number[:6], number[6:]])),
        )
    assert error.value.code == "duplicate"
    # A member entered as a worker by their CCCD is caught as well.
    ask(staff, tet, tree.school_a, folks.my)
    with pytest.raises(DomainError) as error:
        ask(staff, tet, tree.school_a, Recipient(full_name="Giàng Thị Mỷ", cccd=folks.my.cccd))
    assert error.value.code == "duplicate"
    # Another programme is another matter.
    other = care.create_programme(
        actor=None,
        unit=tree.province,
        name="Tháng Công nhân 2024",
        kind=ProgrammeKind.WORKERS_MONTH,
        start=D(2024, 5, 1),
        end=D(2024, 5, 31),
        budget=0,
    )
    assert ask(staff, other, tree.company_a, worker, on=D(2024, 5, 3)).state == GrantState.REQUESTED


def test_a_worker_who_is_not_a_member_needs_a_valid_cccd_and_a_name(tree, staff, tet):
    cases = [
        (
            Recipient(full_name="", cccd=cccd_for("male", 1990)),
            "recipient_name",
            "Cần ghi họ và tên người nhận.",
        ),
        (
            Recipient(full_name="Hầu A Dế", cccd=""),
            "recipient_cccd",
            "Người lao động không phải đoàn viên: cần ghi số CCCD để tránh chi trùng.",
        ),
        (
            Recipient(full_name="Hầu A Dế", cccd="10090012345"),
            "recipient_cccd",
            "số CCCD 10090012345 có 11 chữ số, cần 12: có thể số 0 ở đầu đã bị mất "
            "(ô Excel định dạng số) — hãy nhập dạng văn bản.",
        ),
        (
            Recipient(full_name="Hầu A Dế", cccd="010290012345", birth_year=1990),
            "recipient_cccd",
            "số CCCD 010290012345: chữ số thứ 4 là 2 (sinh 2000–2099) nhưng năm sinh ghi 1990.",
        ),
    ]
    for recipient, field, message in cases:
        with pytest.raises(DomainError) as error:
            ask(staff, tet, tree.company_a, recipient)
        assert (error.value.field, error.value.message) == (field, message)
    assert SupportGrant.objects.count() == 0


def test_date_amount_unit_and_funding_are_checked(tree, staff, tet, folks):
    cases = [
        (
            {"on": D(2024, 3, 1)},
            "on",
            "Ngày hỗ trợ 01/03/2024 nằm ngoài thời gian của chương trình (01/01/2024 – 29/02/2024).",
        ),
        ({"amount": 0}, "amount", "Số tiền phải lớn hơn 0."),
        ({"amount": 5_000_000_000}, "amount", "Số tiền 5.000.000.000 đồng quá lớn cho một lượt hỗ trợ."),
        (
            {"funding": FundingKind.EMPLOYER},
            "funding",
            "Chương trình không có nguồn kinh phí “Người sử dụng lao động”.",
        ),
    ]
    for extra, field, message in cases:
        with pytest.raises(DomainError) as error:
            ask(staff, tet, tree.school_a, folks.pao, **extra)
        assert (error.value.field, error.value.message) == (field, message)
    district_programme = care.create_programme(
        actor=None,
        unit=tree.district_b,
        name="Thăm hỏi ốm đau 2024",
        kind=ProgrammeKind.SICKNESS,
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
        budget=10_000_000,
    )
    with pytest.raises(DomainError) as error:
        care.request_grant(
            actor=None,
            programme=district_programme,
            unit=tree.school_a,
            recipient=Recipient.member(folks.pao),
            on=D(2024, 5, 1),
            amount=1,
        )
    assert error.value.message == (
        "CĐCS Trường Tiểu học Bản Xèo không thuộc LĐLĐ huyện Bảo Thắng, đơn vị thực hiện chương trình."
    )


def test_bulk_request_to_members_is_all_or_nothing_with_one_audit_entry(tree, staff, tet, folks):
    items = [
        GrantInput(
            recipient=Recipient.member(p), on=D(2024, 2, 2), amount=400_000, funding=FundingKind.PROVINCE
        )
        for p in (folks.pao, folks.my, folks.suong)
    ]
    grants = care.request_grants(actor=staff.officer_a, programme=tet, unit=tree.district_a, items=items)
    assert len(grants) == 3 and {g.state for g in grants} == {GrantState.REQUESTED}
    assert SupportGrant.objects.filter(unit=tree.district_a, amount=400_000).count() == 3
    [entry] = AuditEntry.objects.filter(action="care.grant_request_bulk")
    assert entry.after["count"] == 3 and entry.after["amount"] == 1_200_000

    # Again for Páo (already supported) and a new worker: the guard stops the batch.
    worker = Recipient(full_name="Vàng Thị Sua", cccd=cccd_for("female", 1995))
    again = [
        GrantInput(recipient=Recipient.member(folks.pao), on=D(2024, 2, 3), amount=400_000),
        GrantInput(recipient=worker, on=D(2024, 2, 3), amount=400_000),
        GrantInput(recipient=worker, on=D(2024, 2, 3), amount=400_000),
    ]
    with pytest.raises(DomainError) as error:
        care.request_grants(actor=staff.officer_a, programme=tet, unit=tree.district_a, items=again)
    assert error.value.code == "invalid_rows"
    assert "1. Sùng A Páo: Sùng A Páo đã được hỗ trợ trong chương trình này 1 lần" in error.value.message
    assert (
        "3. Vàng Thị Sua: trùng người với dòng 2; nếu vẫn hỗ trợ thêm, hãy ghi lý do." in error.value.message
    )
    assert SupportGrant.objects.count() == 3
    again[0].duplicate_reason = "Bổ sung quà của nhà tài trợ"
    again = again[:2]
    grants = care.request_grants(actor=staff.officer_a, programme=tet, unit=tree.district_a, items=again)
    assert SupportGrant.objects.count() == 5
    entry = AuditEntry.objects.filter(action="care.grant_request_bulk").latest("id")
    assert entry.after["duplicates_overridden"] == 1


def test_bulk_loading_paid_grants_needs_approve_and_pay(tree, staff, tet, folks):
    items = [GrantInput(recipient=Recipient.member(folks.pao), on=D(2024, 2, 2), amount=400_000)]
    with pytest.raises(ScopeError):
        care.request_grants(
            actor=staff.officer_a, programme=tet, unit=tree.school_a, items=items, state=GrantState.PAID
        )
    [grant] = care.request_grants(
        actor=staff.admin, programme=tet, unit=tree.school_a, items=items, state=GrantState.PAID
    )
    assert grant.state == GrantState.PAID and grant.paid_by == staff.admin


def test_programme_budget_must_match_its_funding_and_grants_stay_inside_its_period(tree, staff, tet, folks):
    with pytest.raises(DomainError) as error:
        care.create_programme(
            actor=staff.admin,
            unit=tree.province,
            name="Mái ấm Công đoàn 2024",
            kind=ProgrammeKind.HOUSING,
            start=D(2024, 1, 1),
            end=D(2024, 12, 31),
            budget=150_000_000,
            funding={FundingKind.PROVINCE: (100_000_000, ""), FundingKind.SPONSOR: (25_000_000, "")},
        )
    assert error.value.field == "budget"
    assert error.value.message == (
        "Tổng các nguồn kinh phí (125.000.000 đồng) phải bằng dự toán (150.000.000 đồng)."
    )
    with pytest.raises(ScopeError):
        care.create_programme(
            actor=staff.officer_a,
            unit=tree.province,
            name="x",
            kind=ProgrammeKind.OTHER,
            start=D(2024, 1, 1),
            end=D(2024, 1, 2),
            budget=0,
        )
    ask(staff, tet, tree.school_a, folks.pao, on=D(2024, 2, 20))
    with pytest.raises(DomainError) as error:
        care.update_programme(
            actor=staff.admin,
            programme=tet,
            name=tet.name,
            kind=tet.kind,
            start=D(2024, 1, 1),
            end=D(2024, 2, 10),
            budget=tet.budget,
            funding={f.kind: (f.amount, f.sponsor) for f in tet.funding.all()},
        )
    assert error.value.message == "Có 1 lượt hỗ trợ nằm ngoài thời gian mới của chương trình."
    care.update_programme(
        actor=staff.admin,
        programme=tet,
        name="Tết Sum vầy Giáp Thìn 2024",
        kind=tet.kind,
        start=D(2024, 1, 1),
        end=D(2024, 2, 29),
        budget=120_000_000,
        funding={FundingKind.PROVINCE: (80_000_000, ""), FundingKind.SPONSOR: (40_000_000, "Vietinbank")},
        reason="Bổ sung kinh phí",
    )
    entry = AuditEntry.objects.get(action="care.programme_update")
    assert entry.before["budget"] == 100_000_000 and entry.after["budget"] == 120_000_000
    assert entry.after["funding"]["province"] == [80_000_000, ""]


def test_budget_use_per_funding_source(tree, staff, tet, folks):
    paid = ask(staff, tet, tree.school_a, folks.pao, amount=700_000, funding=FundingKind.PROVINCE)
    care.pay_grant(actor=staff.accountant, grant=care.approve_grant(actor=staff.approver, grant=paid))
    approved = ask(staff, tet, tree.school_a, folks.my, amount=300_000, funding=FundingKind.SPONSOR)
    care.approve_grant(actor=staff.approver, grant=approved)
    ask(staff, tet, tree.company_a, folks.suong, amount=200_000, funding=FundingKind.PROVINCE)
    ask(
        staff,
        tet,
        tree.company_a,
        Recipient(full_name="Hầu A Dế", cccd=cccd_for("male", 1990)),
        amount=100_000,
    )
    lines = {line.kind: line for line in selectors.programme_use(tet)}
    assert (lines["province"].budget, lines["province"].requested, lines["province"].paid) == (
        60_000_000,
        200_000,
        700_000,
    )
    assert lines["province"].left == 59_300_000
    assert (lines["sponsor"].approved, lines["sponsor"].paid, lines["sponsor"].sponsor) == (
        300_000,
        0,
        "Ngân hàng Vietinbank Lào Cai",
    )
    assert lines[""].requested == 100_000 and lines[""].budget == 0
    totals = selectors.programme_totals(tet)
    assert (totals["paid_count"], totals["paid_amount"], totals["requested_count"]) == (1, 700_000, 2)
