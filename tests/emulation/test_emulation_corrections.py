"""Correcting and deleting initiatives and gradings entered wrongly: the pages, the services' rules, the audit, scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from congdoan.accounts.models import AuditEntry
from congdoan.common.errors import DomainError, ScopeError
from congdoan.emulation import grading, services
from congdoan.emulation.models import CreativeLabourAward, Grade, Grading, Initiative

D = dt.date


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def correction(crew, **extra) -> dict:
    data = {
        "title": "Bộ đồ dùng dạy học tự làm môn Toán",
        "kind": "initiative",
        "unit": "A1",
        "field": "education",
        "authors": f"{crew['pao'].cccd}\n{crew['my'].cccd}",
        "recognised_on": "2024-05-10",
        "recognised_by": "Hội đồng sáng kiến cơ sở",
        "scope": "grassroots",
        "value": "90000000",
        "reason": "Ghi sót đồng tác giả và sai giá trị làm lợi",
    }
    data.update(extra)
    return data


def test_correcting_an_initiative_on_its_page(tree, people, crew, records, client_for):
    client = client_for(people.officer_a)
    initiative = records.initiative_a
    detail = page_of(client.get(f"/emulation/initiatives/{initiative.pk}/"))
    assert f"/emulation/initiatives/{initiative.pk}/edit/" in detail
    form = page_of(client.get(f"/emulation/initiatives/{initiative.pk}/edit/"))
    assert (
        'value="Bộ đồ dùng dạy học tự làm"' in form and crew["pao"].cccd in form
    )  # filled with what was recorded
    response = client.post(f"/emulation/initiatives/{initiative.pk}/edit/", correction(crew))
    assert response.status_code == 302 and response["Location"] == f"/emulation/initiatives/{initiative.pk}/"
    initiative.refresh_from_db()
    assert (initiative.title, initiative.field, initiative.value) == (
        "Bộ đồ dùng dạy học tự làm môn Toán",
        "education",
        90_000_000,
    )
    assert [a.person for a in initiative.authors.all()] == [crew["pao"], crew["my"]]
    entry = AuditEntry.objects.get(action="emulation.initiative_correct")
    assert (entry.actor, entry.unit, entry.reason) == (
        people.officer_a,
        tree.school_a,
        "Ghi sót đồng tác giả và sai giá trị làm lợi",
    )
    assert (entry.before["value"], entry.after["value"]) == (120_000_000, 90_000_000)
    assert (entry.before["authors"], entry.after["authors"]) == (
        [crew["pao"].pk],
        [crew["pao"].pk, crew["my"].pk],
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": ""}, "Trường này là bắt buộc."),
        ({"recognised_on": "2015-06-01"}, "Giàng Thị Mỷ không phải là đoàn viên vào ngày 01/06/2015"),
        # The creative-labour award (20/11/2024) rests on the recognition.
        (
            {"recognised_on": "", "recognised_by": "", "scope": ""},
            "Sáng kiến đã được tặng Bằng Lao động sáng tạo ngày 20/11/2024: ngày công nhận phải có",
        ),
        ({"recognised_on": "2024-12-01"}, "và không sau ngày đó."),
    ],
)
def test_a_wrong_correction_changes_nothing(tree, people, crew, records, client_for, change, message):
    url = f"/emulation/initiatives/{records.initiative_a.pk}/edit/"
    assert message in page_of(client_for(people.officer_a).post(url, correction(crew, **change)))
    initiative = Initiative.objects.get(pk=records.initiative_a.pk)
    assert (initiative.title, initiative.value, initiative.recognised_on) == (
        "Bộ đồ dùng dạy học tự làm",
        120_000_000,
        D(2024, 5, 10),
    )
    assert initiative.authors.count() == 1
    assert not AuditEntry.objects.filter(action="emulation.initiative_correct").exists()


def test_an_awarded_initiative_moved_to_another_union_takes_its_award(tree, people, crew, records):
    data = services.InitiativeData(
        unit=tree.company_a,
        title="Bộ đồ dùng dạy học tự làm",
        field="education",
        authors=[crew["pao"]],
        recognised_on=D(2024, 5, 10),
        recognised_by="Hội đồng sáng kiến cơ sở",
        scope="grassroots",
    )
    services.correct_initiative(
        actor=people.officer_a, initiative=records.initiative_a, data=data, reason="Nhầm đơn vị"
    )
    assert CreativeLabourAward.objects.get(pk=records.award_a.pk).unit == tree.company_a
    data.unit = tree.school_b
    with pytest.raises(ScopeError):  # B's union is not A's officer's
        services.correct_initiative(
            actor=people.officer_a, initiative=records.initiative_a, data=data, reason="x"
        )
    assert Initiative.objects.get(pk=records.initiative_a.pk).unit == tree.company_a


def test_deleting_an_initiative_keeps_it_in_the_audit_trail(tree, people, crew, records, client_for):
    client = client_for(people.officer_a)
    url = f"/emulation/initiatives/{records.pending_a.pk}/delete/"
    assert "Lý do xoá" in page_of(client.get(url))
    assert "Trường này là bắt buộc." in page_of(client.post(url, {"reason": ""}))
    assert Initiative.objects.filter(pk=records.pending_a.pk).exists()
    response = client.post(url, {"reason": "Ghi trùng với sáng kiến đã có"})
    assert response.status_code == 302 and response["Location"] == "/emulation/initiatives/"
    assert not Initiative.objects.filter(pk=records.pending_a.pk).exists()
    entry = AuditEntry.objects.get(action="emulation.initiative_delete")
    assert entry.before["title"] == "Cải tiến băng tải quặng" and entry.before["authors"] == [
        crew["sướng"].pk
    ]
    assert entry.reason == "Ghi trùng với sáng kiến đã có" and entry.actor == people.officer_a


def test_an_initiative_with_a_creative_labour_award_is_not_deleted(tree, people, records, client_for):
    client = client_for(people.officer_a)
    detail = page_of(client.get(f"/emulation/initiatives/{records.initiative_a.pk}/"))
    assert "/delete/" not in detail and "nên không xoá được" in detail
    page = page_of(
        client.post(f"/emulation/initiatives/{records.initiative_a.pk}/delete/", {"reason": "Thử"})
    )
    assert "đã được tặng Bằng Lao động sáng tạo: không xoá được." in page
    assert Initiative.objects.filter(pk=records.initiative_a.pk).exists()
    assert not AuditEntry.objects.filter(action="emulation.initiative_delete").exists()


def test_correcting_a_gradings_score_sheet_regrades_it(tree, people, records, client_for):
    client = client_for(people.officer_a)
    row = records.grading_a
    url = f"/emulation/gradings/{row.pk}/edit/"
    assert url in page_of(client.get(f"/emulation/gradings/{row.pk}/"))
    form = page_of(client.get(url))
    assert 'name="score_2"' in form and 'value="27,5"' in form
    page = page_of(
        client.post(
            url, {"score_0": "35", "score_1": "19", "score_2": "27,5", "score_3": "18", "reason": "x"}
        )
    )
    assert "35 điểm vượt điểm tối đa 30" in page
    row.refresh_from_db()
    assert (row.total, row.grade) == (Decimal("92.5"), Grade.EXCELLENT)
    response = client.post(
        url,
        {
            "score_0": "25",
            "score_1": "19",
            "score_2": "17,5",
            "score_3": "18",
            "note": "Chấm lại",
            "reason": "Cộng nhầm",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/emulation/gradings/{row.pk}/"
    row.refresh_from_db()
    assert (row.total, row.grade, row.note, row.graded_by) == (
        Decimal("79.5"),
        Grade.GOOD,
        "Chấm lại",
        people.officer_a,
    )
    entry = AuditEntry.objects.get(action="emulation.grade_correct")
    assert (entry.before["grade"], entry.after["grade"], entry.reason) == ("excellent", "good", "Cộng nhầm")


def test_an_imported_grading_is_corrected_on_its_one_total(tree, people, client_for):
    row = services.grade_unit(
        actor=None,
        unit=tree.agency_a,
        year=2024,
        sheet=[{"criterion": grading.TOTAL_ONLY, "max": 120, "score": 100}],
    )
    url = f"/emulation/gradings/{row.pk}/edit/"
    form = page_of(client_for(people.officer_a).get(url))
    assert "Tổng điểm (tối đa 120 điểm)" in form and 'name="score_1"' not in form
    client_for(people.officer_a).post(url, {"score_0": "80", "reason": "Sai số điểm"})
    row.refresh_from_db()
    assert (row.total, row.max_total, row.grade) == (Decimal(80), Decimal(120), Grade.DONE)  # 66,7%


def test_deleting_a_grading_lets_the_union_be_graded_again(tree, people, records, client_for):
    client = client_for(people.officer_a)
    url = f"/emulation/gradings/{records.grading_a.pk}/delete/"
    response = client.post(url, {"reason": "Xếp loại nhầm năm"})
    assert response.status_code == 302 and response["Location"] == "/emulation/gradings/"
    assert not Grading.objects.filter(pk=records.grading_a.pk).exists()
    entry = AuditEntry.objects.get(action="emulation.grade_delete")
    assert (
        entry.before["year"] == 2024
        and entry.before["grade"] == "excellent"
        and entry.reason == "Xếp loại nhầm năm"
    )
    services.grade_unit(
        actor=people.officer_a, unit=tree.school_a, year=2024, sheet=grading.default_sheet([20] * 4)
    )


def test_the_services_want_a_reason(tree, people, records):
    with pytest.raises(DomainError) as refused:
        services.delete_grading(actor=people.officer_a, grading_row=records.grading_a, reason="  ")
    assert (refused.value.code, refused.value.message) == ("reason_required", "Cần ghi lý do xoá.")
    assert Grading.objects.filter(pk=records.grading_a.pk).exists()


def test_corrections_outside_the_scope_answer_404_or_403_and_change_nothing(
    tree, people, crew, records, client_for
):
    entries = AuditEntry.objects.count()
    other = client_for(people.officer_b)
    posts = {
        f"/emulation/initiatives/{records.pending_a.pk}/edit/": correction(crew, unit="B1"),
        f"/emulation/initiatives/{records.pending_a.pk}/delete/": {"reason": "x"},
        f"/emulation/gradings/{records.grading_a.pk}/edit/": {
            "score_0": "0",
            "score_1": "0",
            "score_2": "0",
            "score_3": "0",
            "reason": "x",
        },
        f"/emulation/gradings/{records.grading_a.pk}/delete/": {"reason": "x"},
    }
    for url, data in posts.items():
        assert other.get(url).status_code == 404, url
        assert other.post(url, data).status_code == 404, url
        assert client_for(people.viewer).post(url, data).status_code == 403, url
    # A's officer may not move A's initiative into B's union.
    page = page_of(
        client_for(people.officer_a).post(
            f"/emulation/initiatives/{records.pending_a.pk}/edit/", correction(crew, unit="B1")
        )
    )
    assert "Không tìm thấy đơn vị “B1”" in page
    assert Initiative.objects.get(pk=records.pending_a.pk).unit == tree.company_a
    assert Grading.objects.get(pk=records.grading_a.pk).grade == Grade.EXCELLENT
    assert AuditEntry.objects.count() == entries
    assert "/edit/" not in page_of(
        client_for(people.viewer).get(f"/emulation/gradings/{records.grading_a.pk}/")
    )
