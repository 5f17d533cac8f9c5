"""The activities pages: forms with Vietnamese errors next to fields, the roster, scope (404/403), export."""

from __future__ import annotations

import datetime as dt
import io

from python_calamine import load_workbook

from congdoan.accounts.models import AuditEntry
from congdoan.activities import services
from congdoan.activities.models import Attendance, Mode, Session, SessionKind

D = dt.date


def form(**extra):
    data = {
        "topic": "Phổ biến Luật Bảo hiểm xã hội năm 2024",
        "kind": "policy_law",
        "unit": "A1",
        "on": "2024-03-05",
        "place": "Hội trường",
        "mode": "headcount",
        "participants": "40",
        "women": "25",
    }
    data.update(extra)
    return data


def test_an_officer_records_a_headcount_session(tree, people, client_for):
    client = client_for(people.officer_a)
    assert client.get("/activities/sessions/new/").status_code == 200
    response = client.post("/activities/sessions/new/", form())
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/activities/sessions/{session.pk}/"
    assert (session.participants, session.women, session.unit, session.mode) == (
        40,
        25,
        tree.school_a,
        "headcount",
    )
    body = client.get(response["Location"]).content.decode()
    assert "05/03/2024" in body and "40 người (nữ 25, nam 15)" in body
    assert f"/activities/sessions/{session.pk}/edit/" in body


def test_bad_input_shows_errors_next_to_the_fields(tree, people, client_for):
    client = client_for(people.officer_a)
    body = client.post("/activities/sessions/new/", form(women="41")).content.decode()
    assert "Số nữ (41) lớn hơn tổng số người tham dự (40)." in body
    body = client.post("/activities/sessions/new/", form(participants="-5")).content.decode()
    assert "Số người tham dự phải là số nguyên không âm." in body
    body = client.post("/activities/sessions/new/", form(participants="", women="")).content.decode()
    assert "Cần ghi tổng số người tham dự." in body and "Cần ghi số nữ tham dự" in body
    body = client.post("/activities/sessions/new/", form(on="2099-01-01")).content.decode()
    assert "Ngày tổ chức 01/01/2099 chưa đến." in body
    body = client.post("/activities/sessions/new/", form(unit="B1")).content.decode()
    assert "Không tìm thấy đơn vị" in body  # B's union is not A's officer's to name
    assert Session.objects.count() == 0


def test_a_roster_by_ids_then_the_attendance_page(tree, people, folks, client_for):
    client = client_for(people.officer_a)
    data = form(mode="roster", participants="", women="", members=f"{folks.pao.cccd}\n{folks.giang.cccd}")
    body = client.post("/activities/sessions/new/", data).content.decode()
    assert f"Không tìm thấy đoàn viên: {folks.giang.cccd}." in body  # B's member is out of A's sight
    body = client.post("/activities/sessions/new/", {**data, "members": ""}).content.decode()
    assert "Danh sách người tham dự đang trống." in body
    data["members"] = f"{folks.pao.cccd}\n{folks.my.cccd}"
    response = client.post("/activities/sessions/new/", data)
    session = Session.objects.get()
    assert response.status_code == 302 and (session.mode, session.participants, session.women) == (
        "roster",
        2,
        1,
    )
    body = client.get(f"/activities/sessions/{session.pk}/").content.decode()
    assert "Sùng A Páo" in body and "Giàng Thị Mỷ" in body and "2 có mặt, 0 vắng" in body

    url = f"/activities/sessions/{session.pk}/roster/"
    body = client.get(url).content.decode()
    assert "Sùng A Páo" in body and "Lò Văn Sướng" not in body  # only the school's members that day
    body = client.post(url, {f"p_{folks.pao.pk}": "absent", f"p_{folks.my.pk}": "absent"}).content.decode()
    assert "Danh sách chưa có ai có mặt." in body
    response = client.post(
        url, {f"p_{folks.pao.pk}": "absent", f"p_{folks.my.pk}": "present", "reason": "Điểm danh lại"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.participants, session.women) == (1, 1)
    assert set(Attendance.objects.values_list("person_id", "present")) == {
        (folks.pao.pk, False),
        (folks.my.pk, True),
    }
    # Editing the details keeps the roster when no IDs are given.
    response = client.post(
        f"/activities/sessions/{session.pk}/edit/",
        form(topic="Phổ biến Bộ luật Lao động", mode="roster", participants="", women="", members=""),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.topic, session.mode, session.participants, session.roster.count()) == (
        "Phổ biến Bộ luật Lao động",
        Mode.ROSTER,
        1,
        2,
    )


def test_edit_and_delete_through_the_pages(tree, people, client_for):
    session = services.create_session(
        actor=None,
        unit=tree.school_a,
        topic="Học tập",
        kind=SessionKind.STUDY,
        on=D(2024, 3, 5),
        participants=9,
        women=3,
    )
    client = client_for(people.officer_a)
    assert "9" in client.get(f"/activities/sessions/{session.pk}/edit/").content.decode()
    response = client.post(
        f"/activities/sessions/{session.pk}/edit/", form(participants="12", women="4", reason="Sai số")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.participants, session.women) == (12, 4)
    assert AuditEntry.objects.get(action="activities.session_update").reason == "Sai số"
    assert client.post(f"/activities/sessions/{session.pk}/delete/", {"reason": ""}).status_code == 200
    assert Session.objects.count() == 1
    response = client.post(f"/activities/sessions/{session.pk}/delete/", {"reason": "Ghi nhầm"})
    assert response.status_code == 302 and Session.objects.count() == 0


def test_another_districts_session_answers_404_and_a_viewer_may_not_write(tree, people, folks, client_for):
    session = services.create_session(
        actor=None,
        unit=tree.school_a,
        topic="Tuyên truyền Tháng Công nhân",
        kind=SessionKind.OUTREACH,
        on=D(2024, 5, 2),
        roster=[(folks.pao, True)],
    )
    other = client_for(people.officer_b)
    assert other.get(f"/activities/sessions/{session.pk}/").status_code == 404
    for url in ("edit/", "roster/", "delete/"):
        assert other.get(f"/activities/sessions/{session.pk}/{url}").status_code == 404, url
        assert other.post(f"/activities/sessions/{session.pk}/{url}", {"reason": "x"}).status_code == 404, url
    body = other.get("/activities/").content.decode()
    assert "Tuyên truyền Tháng Công nhân" not in body and "0 buổi" in body
    assert "Tuyên truyền Tháng Công nhân" not in other.get("/activities/export.xlsx").content.decode(
        errors="replace"
    )
    viewer = client_for(people.viewer)
    assert viewer.get(f"/activities/sessions/{session.pk}/").status_code == 200
    assert viewer.get("/activities/sessions/new/").status_code == 403
    for url in ("edit/", "roster/", "delete/"):
        assert viewer.post(f"/activities/sessions/{session.pk}/{url}", {"reason": "x"}).status_code == 403, (
            url
        )
    assert Session.objects.count() == 1
    assert client_for(people.nobody).get("/activities/").status_code == 200
    assert (
        "Tuyên truyền Tháng Công nhân" not in client_for(people.nobody).get("/activities/").content.decode()
    )


def test_list_filters_totals_and_export_with_audit(tree, people, client_for):
    for unit, on, n, women, kind in (
        (tree.school_a, D(2024, 3, 5), 40, 25, SessionKind.STUDY),
        (tree.company_a, D(2024, 8, 5), 10, 2, SessionKind.DIALOGUE),
        (tree.school_b, D(2024, 4, 2), 20, 12, SessionKind.STUDY),
    ):
        services.create_session(
            actor=None, unit=unit, topic=f"Buổi {n}", kind=kind, on=on, participants=n, women=women
        )
    client = client_for(people.viewer)
    body = client.get("/activities/").content.decode()
    assert "3 buổi, 70 lượt người tham dự, trong đó 39 lượt nữ" in body
    body = client.get("/activities/?unit=A&start=2024-01-01&end=2024-06-30").content.decode()
    assert "1 buổi, 40 lượt người tham dự, trong đó 25 lượt nữ" in body
    assert "2 buổi, 60 lượt" in client.get("/activities/?kind=study").content.decode()
    response = client.get("/activities/export.xlsx?kind=study")
    assert response.status_code == 200
    rows = load_workbook(io.BytesIO(response.content)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    header = next(r for r in rows if r and "Chủ đề, nội dung" in r)
    data = [r for r in rows[rows.index(header) + 1 :] if r[header.index("Chủ đề, nội dung")]]
    assert sorted(
        (
            r[header.index("Chủ đề, nội dung")],
            r[header.index("Số người tham dự")],
            r[header.index("Trong đó nữ")],
        )
        for r in data
    ) == [("Buổi 20", 20, 12), ("Buổi 40", 40, 25)]
    assert AuditEntry.objects.filter(action="activities.export", actor=people.viewer).count() == 1


def test_the_attendance_export_reads_back_through_the_attendance_import(tree, people, folks, client_for):
    from congdoan.activities.imports import ATTENDANCE_KIND
    from congdoan.imports.records import import_records

    services.create_session(
        actor=None,
        unit=tree.school_a,
        topic="Phổ biến Bộ luật Lao động",
        kind=SessionKind.POLICY_LAW,
        on=D(2024, 4, 2),
        roster=[(folks.pao, True), (folks.my, False)],
    )
    services.create_session(
        actor=None,
        unit=tree.school_a,
        topic="Học tập",
        kind=SessionKind.STUDY,
        on=D(2024, 3, 5),
        participants=9,
        women=3,
    )
    response = client_for(people.officer_a).get("/activities/attendance.xlsx?unit=A1")
    assert response.status_code == 200
    assert (
        AuditEntry.objects.filter(action="activities.export_attendance", actor=people.officer_a).count() == 1
    )
    assert client_for(people.officer_b).get("/activities/attendance.xlsx").status_code == 200
    Attendance.objects.all().delete()
    Session.objects.all().delete()
    result = import_records(
        ATTENDANCE_KIND,
        response.content,
        actor=people.officer_a,
        unit=tree.district_a,
        filename="diem-danh.xlsx",
    )
    assert result.created == 1, [e.message for e in result.errors]
    session = Session.objects.get()
    assert (session.topic, session.mode, session.participants, session.women) == (
        "Phổ biến Bộ luật Lao động",
        Mode.ROSTER,
        1,
        0,
    )
    assert set(Attendance.objects.values_list("person_id", "present")) == {
        (folks.pao.pk, True),
        (folks.my.pk, False),
    }


def test_the_roster_page_keeps_members_beyond_its_limit(tree, people, folks, client_for, monkeypatch):
    from congdoan.activities import views

    session = services.create_session(
        actor=None,
        unit=tree.school_a,
        topic="Tuyên truyền",
        kind=SessionKind.OUTREACH,
        on=D(2024, 5, 2),
        roster=[(folks.pao, True), (folks.my, True)],
    )
    monkeypatch.setattr(views, "ROSTER_PAGE_LIMIT", 1)  # only Giàng Thị Mỷ is shown (G before S)
    client = client_for(people.officer_a)
    body = client.get(f"/activities/sessions/{session.pk}/roster/").content.decode()
    assert "Giàng Thị Mỷ" in body and "Sùng A Páo" not in body
    assert (
        client.post(f"/activities/sessions/{session.pk}/roster/", {f"p_{folks.my.pk}": "absent"}).status_code
        == 302
    )
    assert set(Attendance.objects.values_list("person_id", "present")) == {
        (folks.pao.pk, True),
        (folks.my.pk, False),
    }


def test_the_list_page_asks_the_same_number_of_queries_for_3_or_30_sessions(tree, people, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_list() -> int:
        client = client_for(people.viewer)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/activities/?unit=P&start=2024-01-01&end=2024-12-31").status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for i in range(n):
            unit = (tree.school_a, tree.company_a, tree.school_b)[i % 3]
            services.create_session(
                actor=None,
                unit=unit,
                topic=f"Buổi {i}",
                kind=SessionKind.STUDY,
                on=D(2024, 3, 1 + i % 28),
                participants=5,
                women=2,
            )

    add(3)
    few = queries_for_list()
    add(27)
    assert queries_for_list() == few
