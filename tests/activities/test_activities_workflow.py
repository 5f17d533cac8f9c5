"""Sessions: recording a headcount or a roster, every rule on bad input, changes, deletion, scope, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.activities import services
from congdoan.activities.models import Attendance, Mode, Session, SessionKind
from congdoan.common.errors import DomainError, ScopeError
from congdoan.org import services as org

D = dt.date
MAR5 = D(2024, 3, 5)


def headcount(actor, unit, *, participants=40, women=25, on=MAR5, **extra):
    data = {"topic": "Phổ biến Luật Bảo hiểm xã hội năm 2024", "kind": SessionKind.POLICY_LAW}
    data.update(extra)
    return services.create_session(
        actor=actor, unit=unit, on=on, participants=participants, women=women, **data
    )


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(*args, **kwargs)
    return error.value


def test_a_headcount_session_is_recorded_and_audited(tree, people):
    session = headcount(people.officer_a, tree.school_a, place="Hội trường nhà trường")
    assert (session.mode, session.participants, session.women, session.men) == (Mode.HEADCOUNT, 40, 25, 15)
    assert session.created_by == people.officer_a and session.unit == tree.school_a
    entry = AuditEntry.objects.get(action="activities.session_create")
    assert entry.actor == people.officer_a and entry.unit_id == tree.school_a.pk
    assert entry.after["participants"] == 40 and entry.after["mode"] == "headcount"


@pytest.mark.parametrize(
    ("participants", "women", "field", "message"),
    [
        (40, 41, "women", "Số nữ (41) lớn hơn tổng số người tham dự (40)."),
        (-3, 0, "participants", "Số người tham dự phải là số nguyên không âm."),
        (10, -1, "women", "Số nữ phải là số nguyên không âm."),
        (0, 0, "participants", "Buổi sinh hoạt phải có ít nhất một người tham dự."),
        (None, 3, "participants", "Cần ghi tổng số người tham dự."),
        (30, None, "women", "Cần ghi số nữ tham dự (ghi 0 nếu không có)."),
        (500_000, 0, "participants", "500.000 người tham dự một buổi là quá lớn: kiểm tra lại số liệu."),
    ],
)
def test_a_bad_headcount_is_refused_with_its_field(tree, people, participants, women, field, message):
    error = refused(headcount, people.officer_a, tree.school_a, participants=participants, women=women)
    assert (error.field, error.message) == (field, message)
    assert Session.objects.count() == 0


def test_bad_details_are_refused(tree, people):
    error = refused(headcount, people.officer_a, tree.school_a, topic="  ")
    assert error.field == "topic"
    error = refused(headcount, people.officer_a, tree.school_a, kind="picnic")
    assert (error.field, error.message) == ("kind", "Hình thức không hợp lệ.")
    error = refused(headcount, people.officer_a, tree.school_a, on=D(2099, 1, 1))
    assert (error.field, error.message) == ("on", "Ngày tổ chức 01/01/2099 chưa đến.")
    # The schools were founded on 1 January 2010.
    error = refused(headcount, people.officer_a, tree.school_a, on=D(2009, 12, 31))
    assert error.field == "on" and "chưa thành lập hoặc đã thôi hoạt động" in error.message
    assert Session.objects.count() == 0


def test_a_session_of_a_union_after_its_merger_is_refused(tree, people):
    org.merge_units(actor=None, sources=[tree.school_a], into=tree.school_b, on=D(2024, 7, 1))
    error = refused(headcount, None, tree.school_a, on=D(2024, 7, 2))
    assert error.field == "on" and "CĐCS Trường Tiểu học Bản Xèo" in error.message
    assert headcount(None, tree.school_a, on=D(2024, 6, 30)).participants == 40


def test_an_officer_records_only_in_their_own_subtree(tree, people):
    with pytest.raises(ScopeError):
        headcount(people.officer_b, tree.school_a)
    with pytest.raises(ScopeError):
        headcount(people.viewer, tree.school_a)
    assert headcount(people.province_admin, tree.school_b).unit == tree.school_b


def test_a_roster_session_counts_the_members_present(tree, people, folks):
    session = services.create_session(
        actor=people.officer_a,
        unit=tree.district_a,
        topic="Quán triệt Nghị quyết Đại hội XIII Công đoàn Việt Nam",
        kind=SessionKind.STUDY,
        on=MAR5,
        roster=[(folks.pao, True), (folks.my, True), (folks.suong, False)],
    )
    assert (session.mode, session.participants, session.women) == (Mode.ROSTER, 2, 1)
    assert set(Attendance.objects.values_list("person__full_name", "present")) == {
        ("Sùng A Páo", True),
        ("Giàng Thị Mỷ", True),
        ("Lò Văn Sướng", False),
    }
    assert AuditEntry.objects.get(action="activities.session_create").after["roster"] == [
        [folks.pao.pk, True],
        [folks.my.pk, True],
        [folks.suong.pk, False],
    ]


def test_a_roster_holds_only_members_of_the_organising_subtree_on_the_day(tree, people, folks):
    def roster(unit, entries, on=MAR5):
        return services.create_session(
            actor=None, unit=unit, topic="Tập huấn", kind=SessionKind.OFFICER_TRAINING, on=on, roster=entries
        )

    error = refused(roster, tree.school_a, [(folks.pao, True), (folks.giang, True)])
    assert error.field == "roster"
    assert error.message == (
        "Không phải đoàn viên của CĐCS Trường Tiểu học Bản Xèo ngày 05/03/2024: Hoàng Văn Giang."
    )
    # Before they joined (1 March 2015) they were not members.
    error = refused(roster, tree.school_a, [(folks.pao, True)], on=D(2015, 2, 1))
    assert "Sùng A Páo" in error.message
    assert refused(roster, tree.school_a, [(folks.pao, True), (folks.pao, False)]).message == (
        "Sùng A Páo có hai lần trong danh sách."
    )
    assert refused(roster, tree.school_a, [(folks.pao, False)]).message == "Danh sách chưa có ai có mặt."
    assert refused(roster, tree.school_a, []).message == "Danh sách người tham dự đang trống."
    assert Session.objects.count() == 0
    # The province's subtree holds both.
    assert roster(tree.province, [(folks.pao, True), (folks.giang, True)]).participants == 2


def test_changing_a_session_switches_between_headcount_and_roster(tree, people, folks):
    session = headcount(people.officer_a, tree.school_a)
    session = services.set_roster(
        actor=people.officer_a,
        session=session,
        roster=[(folks.my, True), (folks.pao, False)],
        reason="Có danh sách",
    )
    assert (session.mode, session.participants, session.women) == (Mode.ROSTER, 1, 1)
    session = services.update_session(
        actor=people.officer_a,
        session=session,
        topic="Phổ biến Bộ luật Lao động",
        kind=SessionKind.POLICY_LAW,
        on=D(2024, 3, 6),
        keep_roster=True,
    )
    assert (session.topic, session.on, session.participants, session.roster.count()) == (
        "Phổ biến Bộ luật Lao động",
        D(2024, 3, 6),
        1,
        2,
    )
    session = services.update_session(
        actor=people.officer_a,
        session=session,
        topic=session.topic,
        kind=session.kind,
        on=session.on,
        participants=55,
        women=30,
    )
    assert (session.mode, session.participants, session.women, session.roster.count()) == (
        Mode.HEADCOUNT,
        55,
        30,
        0,
    )
    entries = AuditEntry.objects.filter(action="activities.session_update").order_by("id")
    assert [e.reason for e in entries] == ["Có danh sách", "", ""]
    assert entries[2].before["participants"] == 1 and entries[2].after["participants"] == 55
    error = refused(
        services.update_session,
        actor=people.officer_a,
        session=session,
        topic=session.topic,
        kind=session.kind,
        on=session.on,
        participants=10,
        women=11,
    )
    assert error.field == "women"
    with pytest.raises(ScopeError):
        services.update_session(
            actor=people.officer_b,
            session=session,
            topic="x",
            kind=session.kind,
            on=session.on,
            participants=1,
            women=0,
        )


def test_deleting_a_session_needs_a_reason_and_keeps_it_in_the_audit(tree, people, folks):
    session = services.create_session(
        actor=None,
        unit=tree.school_a,
        topic="Tư vấn pháp luật",
        kind=SessionKind.LEGAL_CONSULTATION,
        on=MAR5,
        roster=[(folks.pao, True)],
    )
    assert refused(services.delete_session, actor=people.officer_a, session=session, reason=" ").code == (
        "reason_required"
    )
    with pytest.raises(ScopeError):
        services.delete_session(actor=people.officer_b, session=session, reason="nhầm")
    services.delete_session(actor=people.officer_a, session=session, reason="Ghi trùng")
    assert Session.objects.count() == 0 and Attendance.objects.count() == 0
    entry = AuditEntry.objects.get(action="activities.session_delete")
    assert entry.reason == "Ghi trùng" and entry.before["roster"] == [[folks.pao.pk, True]]


def test_many_sessions_are_written_all_or_nothing(tree, people, folks):
    good = services.SessionInput(
        unit=tree.school_a,
        topic="Học tập Nghị quyết",
        kind=SessionKind.STUDY,
        on=MAR5,
        participants=20,
        women=9,
    )
    bad = services.SessionInput(
        unit=tree.company_a, topic="Đối thoại", kind=SessionKind.DIALOGUE, on=MAR5, participants=5, women=6
    )
    error = refused(services.create_sessions, actor=people.officer_a, items=[good, bad])
    assert error.code == "invalid_rows" and "2. Đối thoại: Số nữ (6) lớn hơn" in error.message
    assert Session.objects.count() == 0
    with pytest.raises(ScopeError):
        services.create_sessions(
            actor=people.officer_a,
            items=[
                services.SessionInput(
                    unit=tree.school_b, topic="x", kind=SessionKind.STUDY, on=MAR5, participants=1, women=0
                )
            ],
        )
    roster = services.SessionInput(
        unit=tree.school_a,
        topic="Tập huấn",
        kind=SessionKind.OFFICER_TRAINING,
        on=MAR5,
        roster=[(folks.my, True)],
    )
    written = services.create_sessions(actor=people.officer_a, items=[good, roster], reason="Nhập")
    assert [(s.participants, s.women, s.mode) for s in written] == [(20, 9, "headcount"), (1, 1, "roster")]
    assert Attendance.objects.get().session == written[1]
    entry = AuditEntry.objects.get(action="activities.session_create_bulk")
    assert entry.after["count"] == 2 and entry.after["participants"] == 21 and entry.reason == "Nhập"
