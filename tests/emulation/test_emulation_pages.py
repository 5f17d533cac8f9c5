"""The emulation pages: lists with their filters and exports, detail pages, every form, the decision's print and PDF, scope."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from python_calamine import load_workbook

from congdoan.accounts.models import AuditEntry
from congdoan.emulation import grading, services
from congdoan.emulation.models import (
    AwardDecision,
    AwardRecipient,
    Campaign,
    CampaignRegistration,
    CreativeLabourAward,
    Grade,
    Grading,
    Initiative,
)

D = dt.date


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed(page: str) -> list[str]:
    """The texts of the links in the list's table (the first cell of each row)."""
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    return re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', table)


def sheet_rows(response) -> tuple[list[str], list[list]]:
    """The header row and the data rows of an exported .xlsx."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = load_workbook(io.BytesIO(response.content)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    header = next(r for r in rows if r and r[0] == "STT")
    return header, [r for r in rows[rows.index(header) + 1 :] if any(r)]


def column(header: list, rows: list[list], label: str) -> list:
    return [r[header.index(label)] for r in rows]


def audits(action: str, **filters) -> int:
    return AuditEntry.objects.filter(action=action, **filters).count()


# --------------------------------------------------------------------------
# list pages: subtree and period filters, totals


def test_campaign_list_filters_by_subtree_and_period(tree, people, records, client_for):
    client = client_for(people.province_admin)
    assert sorted(listed(body(client.get("/emulation/campaigns/")))) == sorted(
        [records.province_campaign.name, records.campaign_a.name, records.campaign_b.name]
    )
    assert listed(body(client.get("/emulation/campaigns/?unit=A"))) == [records.campaign_a.name]
    # Running at some time in 2023: only B's (A's and the province's start in 2024).
    assert listed(body(client.get("/emulation/campaigns/?start=2023-01-01&end=2023-12-31"))) == [
        records.campaign_b.name
    ]
    page = body(client.get("/emulation/campaigns/?unit=LĐLĐ huyện Bảo Thắng&q=an toàn"))
    assert listed(page) == [records.campaign_b.name] and "1 phong trào" in page


def test_a_wrong_filter_is_shown_in_vietnamese_and_ignored(tree, people, records, client_for):
    page = body(
        client_for(people.province_admin).get("/emulation/campaigns/?start=2024-06-01&end=2024-01-01")
    )
    assert "“Đến ngày” phải sau “Từ ngày”." in page
    page = body(client_for(people.province_admin).get("/emulation/initiatives/?unit=XYZ"))
    assert "Không tìm thấy đơn vị “XYZ” (theo mã hoặc tên chính xác)." in page
    assert len(listed(page)) == 3


def test_a_districts_officer_sees_the_province_campaign_but_counts_only_own_registrations(
    tree, people, records, client_for
):
    page = body(client_for(people.officer_b).get("/emulation/campaigns/"))
    assert sorted(listed(page)) == sorted([records.province_campaign.name, records.campaign_b.name])
    # The province's campaign has two registrations, one of them (school A's) outside B's scope.
    row = page[page.index(records.province_campaign.name) :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["1"]
    page = body(client_for(people.province_admin).get("/emulation/campaigns/"))
    row = page[page.index(records.province_campaign.name) :]
    assert re.findall(r'<td class="num">(\d+)</td>', row[: row.index("</tr>")]) == ["2"]


def test_initiative_list_filters_and_totals(tree, people, records, client_for):
    client = client_for(people.viewer)
    page = body(client.get("/emulation/initiatives/"))
    assert "3 sáng kiến · Chưa công nhận: 1 · Cấp cơ sở: 1 · Cấp tỉnh: 1" in page
    assert "Tổng giá trị làm lợi: 150.000.000 đồng" in page
    assert "Sùng A Páo" in page and "Bằng LĐST" in page
    page = body(client.get("/emulation/initiatives/?unit=A"))
    assert sorted(listed(page)) == sorted([records.initiative_a.title, records.pending_a.title])
    # A period keeps the initiatives recognised in it; unrecognised ones have no date.
    page = body(client.get("/emulation/initiatives/?start=2024-01-01&end=2024-12-31"))
    assert listed(page) == [records.initiative_a.title]
    assert listed(body(client.get("/emulation/initiatives/?scope=none"))) == [records.pending_a.title]
    assert listed(body(client.get("/emulation/initiatives/?scope=province"))) == [records.initiative_b.title]
    assert listed(body(client.get("/emulation/initiatives/?q=phần mềm"))) == [records.initiative_b.title]


def test_creative_award_list_filters(tree, people, records, client_for):
    client = client_for(people.viewer)
    page = body(client.get("/emulation/creative-awards/"))
    assert listed(page) == [records.initiative_a.title] and "1234/QĐ-TLĐ" in page and "20/11/2024" in page
    assert listed(body(client.get("/emulation/creative-awards/?unit=B"))) == []
    assert listed(body(client.get("/emulation/creative-awards/?q=dạy học"))) == [records.initiative_a.title]
    assert listed(body(client.get("/emulation/creative-awards/?q=1234/QĐ"))) == [records.initiative_a.title]
    assert listed(body(client.get("/emulation/creative-awards/?q=phần mềm"))) == []
    assert listed(body(client.get("/emulation/creative-awards/?start=2024-12-01"))) == []
    assert listed(body(client.get("/emulation/creative-awards/?unit=A1&end=2024-12-31"))) == [
        records.initiative_a.title
    ]


def test_decision_list_filters_and_totals(tree, people, records, client_for):
    client = client_for(people.province_admin)
    page = body(client.get("/emulation/decisions/"))
    assert listed(page) == ["15/QĐ-LĐLĐ", "9/QĐ-LĐLĐ"]
    assert "2 quyết định · 1 lượt tập thể · 2 lượt cá nhân" in page
    page = body(client.get("/emulation/decisions/?unit=B"))
    assert listed(page) == ["9/QĐ-LĐLĐ"] and "1 quyết định · 0 lượt tập thể · 1 lượt cá nhân" in page
    assert listed(body(client.get("/emulation/decisions/?start=2024-01-01&end=2024-12-31"))) == ["15/QĐ-LĐLĐ"]
    assert listed(body(client.get("/emulation/decisions/?form=advanced_worker"))) == ["9/QĐ-LĐLĐ"]
    page = body(client.get("/emulation/decisions/?unit=A&start=2025-01-01"))
    assert listed(page) == [] and "Không có hồ sơ nào khớp với điều kiện lọc." in page


def test_grading_list_filters_and_totals(tree, people, records, client_for):
    client = client_for(people.province_admin)
    page = body(client.get("/emulation/gradings/"))
    assert "3 đơn vị · Hoàn thành xuất sắc nhiệm vụ: 1 · Hoàn thành tốt nhiệm vụ: 1" in page
    assert "92,5/100" in page
    page = body(client.get("/emulation/gradings/?year=2024"))
    assert sorted(listed(page)) == sorted([tree.school_a.name, tree.school_b.name])
    page = body(client.get("/emulation/gradings/?unit=A"))
    assert sorted(listed(page)) == sorted([tree.school_a.name, tree.company_a.name])
    assert listed(body(client.get("/emulation/gradings/?grade=done"))) == [tree.company_a.name]
    assert listed(body(client.get("/emulation/gradings/?unit=B&grade=excellent"))) == []


# --------------------------------------------------------------------------
# exports


def test_campaign_export(tree, people, records, client_for):
    header, rows = sheet_rows(
        client_for(people.province_admin).get("/emulation/campaigns/?unit=A&format=xlsx")
    )
    assert header[1:] == [
        "Tên phong trào",
        "Loại phong trào",
        "Đơn vị phát động",
        "Ngày phát động",
        "Từ ngày",
        "Đến ngày",
        "Đối tượng",
        "Số đăng ký",
    ]
    [row] = rows
    assert row[1:4] == [records.campaign_a.name, "Phong trào theo chuyên đề, đợt", "A"]
    entry = AuditEntry.objects.get(action="emulation.export")
    assert entry.actor == people.province_admin and entry.unit == tree.district_a
    assert entry.after["rows"] == 1


def test_initiative_export_has_the_import_template_and_only_the_filtered_rows(
    tree, people, records, client_for
):
    response = client_for(people.viewer).get("/emulation/initiatives/?unit=A1&format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="sang-kien.xlsx"'
    header, rows = sheet_rows(response)
    assert header[1:] == [
        "Tên sáng kiến",
        "Loại",
        "Tác giả",
        "Số CCCD tác giả",
        "Đơn vị",
        "Lĩnh vực",
        "Ngày công nhận",
        "Cơ quan công nhận",
        "Cấp công nhận",
        "Giá trị làm lợi",
    ]
    [row] = rows
    pao = records.initiative_a.authors.get().person
    assert row[1:6] == ["Bộ đồ dùng dạy học tự làm", "Sáng kiến", "Sùng A Páo", pao.cccd, "A1"]
    assert row[6] == "Kỹ thuật" and row[9] == "Cấp cơ sở" and row[10] == 120_000_000
    assert row[7] in (D(2024, 5, 10), dt.datetime(2024, 5, 10))
    assert audits("emulation.export", actor=people.viewer) == 1


def test_decision_export_has_a_line_per_recipient(tree, people, records, client_for):
    header, rows = sheet_rows(client_for(people.province_admin).get("/emulation/decisions/?format=xlsx"))
    assert header[1:] == [
        "Số quyết định",
        "Ngày quyết định",
        "Cơ quan ban hành",
        "Hình thức khen thưởng",
        "Cấp khen thưởng",
        "Tập thể/cá nhân",
        "Tên tập thể, cá nhân",
        "Đơn vị",
    ]
    assert [(r[1], r[4], r[6], r[7], r[8]) for r in rows] == [
        ("15/QĐ-LĐLĐ", "Giấy khen", "Tập thể", tree.school_a.name, "A1"),
        ("15/QĐ-LĐLĐ", "Giấy khen", "Cá nhân", "Sùng A Páo", "A1"),
        ("9/QĐ-LĐLĐ", "Lao động tiên tiến", "Cá nhân", "Hoàng Văn Giang", "B1"),
    ]


def test_grading_and_creative_award_exports(tree, people, records, client_for):
    client = client_for(people.province_admin)
    header, rows = sheet_rows(client.get("/emulation/gradings/?year=2024&format=xlsx"))
    assert header[1:] == ["Đơn vị", "Năm", "Điểm", "Xếp loại", "Nhận xét"]
    assert sorted((r[1], r[2], r[3], r[4]) for r in rows) == [
        ("A1", 2024, "92,5", "Hoàn thành xuất sắc nhiệm vụ"),
        ("B1", 2024, "75,0", "Hoàn thành tốt nhiệm vụ"),
    ]
    header, rows = sheet_rows(client.get("/emulation/creative-awards/?format=xlsx"))
    assert column(header, rows, "Số quyết định") == ["1234/QĐ-TLĐ"]
    assert column(header, rows, "Tác giả") == ["Sùng A Páo"]
    assert audits("emulation.export") == 2


# --------------------------------------------------------------------------
# detail pages


def test_campaign_detail_shows_only_the_registrations_in_scope(tree, people, records, client_for):
    page = body(client_for(people.officer_b).get(f"/emulation/campaigns/{records.province_campaign.pk}/"))
    assert "Hoàng Văn Giang" in page and "Không tai nạn" in page
    assert tree.school_a.name not in page and "Đăng ký thi đua (1)" in page
    page = body(
        client_for(people.province_admin).get(f"/emulation/campaigns/{records.province_campaign.pk}/")
    )
    assert tree.school_a.name in page and "Đăng ký thi đua (2)" in page
    assert "Phong trào thường xuyên" in page and "05/01/2024" in page


def test_initiative_detail_and_its_actions(tree, people, records, client_for):
    client = client_for(people.officer_a)
    page = body(client.get(f"/emulation/initiatives/{records.initiative_a.pk}/"))
    assert "Sùng A Páo" in page and "Cấp cơ sở" in page and "120.000.000 đồng" in page
    assert "Quyết định 1234/QĐ-TLĐ ngày 20/11/2024" in page
    assert "/recognise/" not in page and "/award/" not in page  # recognised and awarded already
    page = body(client.get(f"/emulation/initiatives/{records.pending_a.pk}/"))
    assert "Chưa công nhận" in page and f"/emulation/initiatives/{records.pending_a.pk}/recognise/" in page
    page = body(client_for(people.viewer).get(f"/emulation/initiatives/{records.pending_a.pk}/"))
    assert "/recognise/" not in page  # a viewer records nothing


def test_decision_and_grading_detail(tree, people, records, client_for):
    client = client_for(people.officer_a)
    page = body(client.get(f"/emulation/decisions/{records.decision_a.pk}/"))
    assert "Quyết định số 15/QĐ-LĐLĐ ngày 26/12/2024" in page
    assert "Giấy khen" in page and "Lò Văn Thào, Chủ tịch" in page
    assert f"Sùng A Páo — {tree.school_a.name}" in page and "Tập thể (1)" in page
    assert "Quyết định đã ký không sửa, xoá trên hệ thống" in page
    page = body(client.get(f"/emulation/gradings/{records.grading_a.pk}/"))
    assert f"Xếp loại {tree.school_a.name} năm 2024" in page
    assert "Hoàn thành xuất sắc nhiệm vụ" in page and "92,5/100 điểm" in page
    assert '<td class="num">27,5</td>' in page and "Tài chính công đoàn, công tác kiểm tra" in page


# --------------------------------------------------------------------------
# forms: a valid post goes through the service and is audited; an invalid one writes nothing


def campaign_form(**extra) -> dict:
    data = {
        "unit": "A",
        "name": "Thi đua xanh - sạch - đẹp",
        "kind": "themed",
        "launched_on": "2024-04-01",
        "ends_on": "2024-10-31",
        "criteria": "Trồng cây\nGiữ vệ sinh",
    }
    data.update(extra)
    return data


def test_launching_a_campaign(tree, people, client_for):
    client = client_for(people.officer_a)
    assert "Phát động phong trào thi đua" in body(client.get("/emulation/campaigns/new/"))
    response = client.post("/emulation/campaigns/new/", campaign_form())
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/emulation/campaigns/{campaign.pk}/"
    assert (campaign.unit, campaign.starts_on, campaign.ends_on) == (
        tree.district_a,
        D(2024, 4, 1),
        D(2024, 10, 31),
    )
    assert campaign.criteria_lines == ["Trồng cây", "Giữ vệ sinh"]
    assert audits("emulation.campaign_launch", actor=people.officer_a, object_id=str(campaign.pk)) == 1


def test_a_campaign_ending_before_it_starts_is_refused(tree, people, client_for):
    client = client_for(people.officer_a)
    page = body(client.post("/emulation/campaigns/new/", campaign_form(ends_on="2024-03-01")))
    assert "Ngày kết thúc phải sau ngày bắt đầu của phong trào." in page
    page = body(client.post("/emulation/campaigns/new/", campaign_form(name="")))
    assert "Trường này là bắt buộc." in page
    assert Campaign.objects.count() == 0 and audits("emulation.campaign_launch") == 0


def test_registering_a_collective_and_a_member_on_the_campaign_page(tree, people, crew, records, client_for):
    client = client_for(people.officer_a)
    url = f"/emulation/campaigns/{records.province_campaign.pk}/"
    response = client.post(
        url, {"unit": "A2", "registered_on": "2024-02-10", "commitment": "Không có tai nạn"}
    )
    assert response.status_code == 302 and response["Location"] == url
    response = client.post(url, {"person": crew["my"].cccd, "registered_on": "2024-02-10"})
    assert response.status_code == 302
    added = CampaignRegistration.objects.filter(
        campaign=records.province_campaign, registered_on=D(2024, 2, 10)
    )
    assert sorted((r.unit.code, r.person_id) for r in added) == [("A1", crew["my"].pk), ("A2", None)]
    assert audits("emulation.register", actor=people.officer_a) == 2


def test_a_wrong_registration_is_refused_with_its_reason(tree, people, crew, records, client_for):
    client = client_for(people.officer_a)
    url = f"/emulation/campaigns/{records.province_campaign.pk}/"
    before = CampaignRegistration.objects.count()
    page = body(client.post(url, {"unit": "A1", "registered_on": "2024-03-01"}))
    assert "CĐCS Trường Tiểu học Bản Xèo đã đăng ký phong trào này." in page
    page = body(client.post(url, {"unit": "A2", "registered_on": "2024-01-01"}))
    assert "không diễn ra vào ngày 01/01/2024" in page
    page = body(client.post(url, {"unit": "A2", "person": crew["my"].cccd, "registered_on": "2024-03-01"}))
    assert "Ghi một tập thể hoặc một cá nhân (không ghi cả hai)." in page
    assert (
        CampaignRegistration.objects.count() == before
        and audits("emulation.register", actor=people.officer_a) == 0
    )


def initiative_form(crew, **extra) -> dict:
    data = {
        "title": "Sổ điểm điện tử cho giáo viên",
        "kind": "solution",
        "unit": "A1",
        "field": "education",
        "authors": f"{crew['my'].cccd}\n{crew['pao'].cccd}",
        "recognised_on": "2024-06-01",
        "recognised_by": "Hội đồng sáng kiến huyện",
        "scope": "grassroots",
        "value": "25.000.000",  # as officers type it
    }
    data.update(extra)
    return data


def test_recording_an_initiative_with_its_authors_in_order(tree, people, crew, client_for):
    client = client_for(people.officer_a)
    response = client.post("/emulation/initiatives/new/", initiative_form(crew))
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/emulation/initiatives/{initiative.pk}/"
    assert [a.person for a in initiative.authors.all()] == [crew["my"], crew["pao"]]
    assert (initiative.kind, initiative.scope, initiative.value) == ("solution", "grassroots", 25_000_000)
    entry = AuditEntry.objects.get(action="emulation.initiative_record")
    assert entry.actor == people.officer_a and entry.after["authors"] == [crew["my"].pk, crew["pao"].pk]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"authors": "001090000000"}, "Không tìm thấy đoàn viên có số CCCD hoặc số thẻ “001090000000”"),
        ({"scope": ""}, "Cần ghi cấp công nhận."),
        ({"recognised_on": "", "scope": ""}, "Có cơ quan hoặc cấp công nhận thì phải có ngày công nhận."),
        ({"recognised_on": "2015-06-01"}, "Giàng Thị Mỷ không phải là đoàn viên vào ngày 01/06/2015"),
        ({"title": ""}, "Trường này là bắt buộc."),
        ({"value": "nhiều"}, "Số tiền «nhiều» không đọc được: ghi số đồng bằng chữ số, ví dụ 5.500.000."),
    ],
)
def test_a_wrong_initiative_is_refused_and_nothing_is_written(
    tree, people, crew, client_for, change, message
):
    page = body(
        client_for(people.officer_a).post("/emulation/initiatives/new/", initiative_form(crew, **change))
    )
    assert message in page
    assert Initiative.objects.count() == 0 and audits("emulation.initiative_record") == 0


def test_recognising_an_initiative_then_awarding_it(tree, people, records, client_for):
    client = client_for(people.officer_a)
    pending = records.pending_a
    url = f"/emulation/initiatives/{pending.pk}/recognise/"
    page = body(
        client.post(url, {"recognised_on": "2016-06-01", "recognised_by": "Hội đồng", "scope": "grassroots"})
    )
    assert "Lò Văn Sướng không phải là đoàn viên vào ngày 01/06/2016" in page
    pending.refresh_from_db()
    assert pending.recognised_on is None and audits("emulation.initiative_recognise") == 0
    page = body(
        client.post(
            f"/emulation/initiatives/{pending.pk}/award/",
            {"decision_number": "1/QĐ", "awarded_on": "2024-12-01"},
        )
    )
    assert "chưa được công nhận: chưa thể ghi Bằng Lao động sáng tạo" in page
    response = client.post(
        url,
        {
            "recognised_on": "2024-07-01",
            "recognised_by": "Hội đồng sáng kiến tỉnh",
            "scope": "province",
            "value": "50000000",
        },
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.recognised_on, pending.scope, pending.value) == (D(2024, 7, 1), "province", 50_000_000)
    assert audits("emulation.initiative_recognise", actor=people.officer_a) == 1
    award_url = f"/emulation/initiatives/{pending.pk}/award/"
    page = body(client.post(award_url, {"decision_number": "88/QĐ-TLĐ", "awarded_on": "2024-06-30"}))
    assert "Ngày quyết định phải từ ngày công nhận sáng kiến (01/07/2024) trở đi." in page
    assert (
        client.post(award_url, {"decision_number": "88/QĐ-TLĐ", "awarded_on": "2024-12-01"}).status_code
        == 302
    )
    assert CreativeLabourAward.objects.get(initiative=pending).decision_number == "88/QĐ-TLĐ"
    assert audits("emulation.creative_award", actor=people.officer_a) == 1


def decision_form(crew, **extra) -> dict:
    data = {
        "unit": "A",
        "number": "20/QĐ-LĐLĐ",
        "decided_on": "2024-12-27",
        "signer_name": "Lò Văn Thào",
        "signer_title": "Chủ tịch",
        "form": "certificate_of_merit",
        "level": "upper",
        "reason": "đã có thành tích trong công tác công đoàn",
        "collectives": "A2\nA3",
        "individuals": crew["my"].cccd,
    }
    data.update(extra)
    return data


def test_recording_an_award_decision(tree, people, crew, records, client_for):
    response = client_for(people.officer_a).post("/emulation/decisions/new/", decision_form(crew))
    decision = AwardDecision.objects.get(number="20/QĐ-LĐLĐ")
    assert response.status_code == 302 and response["Location"] == f"/emulation/decisions/{decision.pk}/"
    assert [(r.kind, r.name, r.unit.code) for r in decision.recipients.all()] == [
        ("collective", tree.company_a.name, "A2"),
        ("collective", tree.agency_a.name, "A3"),
        ("individual", "Giàng Thị Mỷ", "A1"),
    ]
    assert audits("emulation.award_decision", actor=people.officer_a, object_id=str(decision.pk)) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"number": "15/QĐ-LĐLĐ"},
            "Số quyết định 15/QĐ-LĐLĐ đã dùng cho một quyết định năm 2024 của LĐLĐ huyện Bát Xát.",
        ),
        (
            {"collectives": "", "individuals": ""},
            "Quyết định phải có ít nhất một tập thể hoặc cá nhân được khen thưởng.",
        ),
        (
            {"unit": "A1", "collectives": "A2"},
            "CĐCS Công ty TNHH Hoàng Liên không thuộc CĐCS Trường Tiểu học Bản Xèo",
        ),
        ({"decided_on": "1999-06-01"}, "LĐLĐ huyện Bát Xát không hoạt động vào ngày 01/06/1999."),
    ],
)
def test_a_wrong_decision_is_refused_and_nothing_is_written(
    tree, people, crew, records, client_for, change, message
):
    page = body(client_for(people.officer_a).post("/emulation/decisions/new/", decision_form(crew, **change)))
    assert message in page
    assert AwardDecision.objects.count() == 2 and AwardRecipient.objects.count() == 3
    assert audits("emulation.award_decision", actor=people.officer_a) == 0


def grading_form(**extra) -> dict:
    data = {
        "unit": "A3",
        "year": "2024",
        "score_0": "27",
        "score_1": "15,5",
        "score_2": "22",
        "score_3": "12",
    }
    data.update(extra)
    return data


def test_grading_a_grassroots_union(tree, people, client_for):
    response = client_for(people.officer_a).post(
        "/emulation/gradings/new/", grading_form(note="Cần chú ý tài chính")
    )
    row = Grading.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/emulation/gradings/{row.pk}/"
    assert (row.unit, row.year, str(row.total), row.grade) == (tree.agency_a, 2024, "76.5", Grade.GOOD)
    assert row.graded_by == people.officer_a and row.note == "Cần chú ý tài chính"
    assert audits("emulation.grade", actor=people.officer_a, object_id=str(row.pk)) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"score_0": "31"}, "31 điểm vượt điểm tối đa 30"),
        ({"score_1": "mười"}, "“mười” không phải là số điểm"),
        ({"unit": "A"}, "Chỉ xếp loại công đoàn cơ sở; LĐLĐ huyện Bát Xát không phải công đoàn cơ sở."),
        ({"year": "2005"}, "CĐCS Cơ quan UBND xã Bát Xát không hoạt động trong năm 2005."),
    ],
)
def test_a_wrong_grading_is_refused_and_nothing_is_written(tree, people, client_for, change, message):
    page = body(client_for(people.officer_a).post("/emulation/gradings/new/", grading_form(**change)))
    assert message in page
    assert Grading.objects.count() == 0 and audits("emulation.grade") == 0


def test_a_union_is_graded_once_a_year(tree, people, records, client_for):
    page = body(client_for(people.officer_a).post("/emulation/gradings/new/", grading_form(unit="A1")))
    assert "CĐCS Trường Tiểu học Bản Xèo đã được xếp loại năm 2024." in page
    assert Grading.objects.count() == 3


# --------------------------------------------------------------------------
# the decision's print page and PDF


def pdf_info(pdf: bytes, key: str) -> str:
    """A text entry of the PDF's document information (fpdf2 writes non-Latin text as UTF-16 hex)."""
    found = re.search(rb"/" + key.encode() + rb"\s*(<[0-9a-fA-F]+>|\((?:[^()\\]|\\.)*\))", pdf)
    assert found, key
    value = found.group(1)
    if value.startswith(b"<"):
        return bytes.fromhex(value[1:-1].decode()).decode("utf-16")
    return value[1:-1].decode("latin-1")


def test_the_print_page_has_the_administrative_layout_and_is_audited(tree, people, records, client_for):
    page = body(client_for(people.officer_a).get(f"/emulation/decisions/{records.decision_a.pk}/print/"))
    assert "LIÊN ĐOÀN LAO ĐỘNG TỈNH THỬ" in page  # the upper body
    assert "LĐLĐ HUYỆN BÁT XÁT" in page and "Số: 15/QĐ-LĐLĐ" in page
    assert "Lào Cai, ngày 26 tháng 12 năm 2024" in page
    assert "Về việc tặng giấy khen" in page
    assert "(Kèm theo Quyết định số 15/QĐ-LĐLĐ ngày 26/12/2024)" in page
    assert tree.school_a.name in page and "Sùng A Páo" in page
    assert (
        audits("emulation.decision_print", actor=people.officer_a, object_id=str(records.decision_a.pk)) == 1
    )


def test_the_decision_pdf_carries_its_number_and_recipients(tree, people, records, client_for):
    response = client_for(people.officer_a).get(f"/emulation/decisions/{records.decision_a.pk}/decision.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="quyet-dinh-15-qd-ldld.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) == 2  # the decision, then its list
    assert b"DejaVu" in pdf  # the Vietnamese font is embedded
    assert pdf_info(pdf, "Title") == "Quyết định số 15/QĐ-LĐLĐ"
    assert pdf_info(pdf, "Keywords") == f"{tree.school_a.name}; Sùng A Páo"
    assert pdf_info(pdf, "Subject") == "Giấy khen — LĐLĐ huyện Bát Xát"
    assert audits("emulation.decision_pdf", actor=people.officer_a, object_id=str(records.decision_a.pk)) == 1


def test_a_decision_of_a_body_outside_the_union_prints_under_that_bodys_name(
    tree, people, crew, records, client_for
):
    decision = services.issue_award_decision(
        actor=people.province_admin,
        unit=tree.province,
        issuer_name="Ủy ban nhân dân tỉnh Lào Cai",
        number="3012/QĐ-UBND",
        decided_on=D(2024, 12, 30),
        signer_name="Trịnh Xuân Trường",
        signer_title="Chủ tịch",
        form="certificate_of_merit",
        level="province",
        reason="đã có thành tích xuất sắc",
        campaign=records.province_campaign,
        individuals=[crew["giang"]],
    )
    client = client_for(people.province_admin)
    page = body(client.get(f"/emulation/decisions/{decision.pk}/"))
    assert "Ủy ban nhân dân tỉnh Lào Cai (lưu tại Liên đoàn Lao động tỉnh Thử)" in page
    page = body(client.get(f"/emulation/decisions/{decision.pk}/print/"))
    assert (
        "<div></div><div><strong>ỦY BAN NHÂN DÂN TỈNH LÀO CAI</strong></div>" in page
    )  # no union body above it
    assert "Thành tích trong phong trào “Lao động giỏi, Lao động sáng tạo”." in page
    pdf = client.get(f"/emulation/decisions/{decision.pk}/decision.pdf").content
    assert pdf_info(pdf, "Subject") == "Bằng khen — Ủy ban nhân dân tỉnh Lào Cai"
    assert pdf_info(pdf, "Keywords") == "Hoàng Văn Giang"


# --------------------------------------------------------------------------
# scope


def test_another_districts_records_answer_404_and_are_not_audited(tree, people, records, client_for):
    client = client_for(people.officer_b)
    for url in (
        f"/emulation/campaigns/{records.campaign_a.pk}/",
        f"/emulation/initiatives/{records.initiative_a.pk}/",
        f"/emulation/initiatives/{records.pending_a.pk}/recognise/",
        f"/emulation/initiatives/{records.pending_a.pk}/award/",
        f"/emulation/decisions/{records.decision_a.pk}/",
        f"/emulation/decisions/{records.decision_a.pk}/print/",
        f"/emulation/decisions/{records.decision_a.pk}/decision.pdf",
        f"/emulation/gradings/{records.grading_a.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert audits("emulation.decision_print") == audits("emulation.decision_pdf") == 0
    # B's own records open.
    assert client.get(f"/emulation/decisions/{records.decision_b.pk}/decision.pdf").status_code == 200


def test_another_districts_records_are_in_no_list_or_export(tree, people, records, client_for):
    client = client_for(people.officer_b)
    assert listed(body(client.get("/emulation/initiatives/"))) == [records.initiative_b.title]
    assert listed(body(client.get("/emulation/creative-awards/"))) == []
    assert listed(body(client.get("/emulation/decisions/"))) == ["9/QĐ-LĐLĐ"]
    assert listed(body(client.get("/emulation/gradings/"))) == [tree.school_b.name]
    header, rows = sheet_rows(client.get("/emulation/initiatives/?format=xlsx"))
    assert column(header, rows, "Đơn vị") == ["B1"]
    header, rows = sheet_rows(client.get("/emulation/decisions/?format=xlsx"))
    assert column(header, rows, "Tên tập thể, cá nhân") == ["Hoàng Văn Giang"]
    # Asking for A's subtree by code finds nothing to show.
    page = body(client.get("/emulation/gradings/?unit=A"))
    assert "Không tìm thấy đơn vị “A”" in page and listed(page) == [tree.school_b.name]
    page = body(client.get("/emulation/"))
    assert "1 sáng kiến" in page and "1 quyết định" in page


def test_forged_posts_for_units_outside_scope_are_refused_without_writing(
    tree, people, crew, records, client_for
):
    client = client_for(people.officer_b)
    before = {
        model: model.objects.count()
        for model in (Campaign, CampaignRegistration, Initiative, AwardDecision, AwardRecipient, Grading)
    }
    entries = AuditEntry.objects.count()
    refusals = [
        ("/emulation/campaigns/new/", campaign_form(unit="A"), "Không tìm thấy đơn vị “A”"),
        ("/emulation/initiatives/new/", initiative_form(crew, unit="A1"), "Không tìm thấy đơn vị “A1”"),
        (
            "/emulation/initiatives/new/",
            initiative_form(crew, unit="B1"),
            "Không tìm thấy đoàn viên có số CCCD hoặc số thẻ",
        ),
        (
            "/emulation/decisions/new/",
            decision_form(crew, unit="B", individuals=""),
            "Không tìm thấy đơn vị “A2”",
        ),
        ("/emulation/gradings/new/", grading_form(unit="A3"), "Không tìm thấy đơn vị “A3”"),
        (
            f"/emulation/campaigns/{records.province_campaign.pk}/",
            {"unit": "A2", "registered_on": "2024-03-01"},
            "Không tìm thấy đơn vị “A2”",
        ),
    ]
    for url, data, message in refusals:
        assert message in body(client.post(url, data)), url
    for url, data in (
        (f"/emulation/campaigns/{records.campaign_a.pk}/", {"unit": "B1", "registered_on": "2024-03-01"}),
        (
            f"/emulation/initiatives/{records.pending_a.pk}/recognise/",
            {"recognised_on": "2024-07-01", "recognised_by": "X", "scope": "grassroots"},
        ),
        (
            f"/emulation/initiatives/{records.initiative_a.pk}/award/",
            {"decision_number": "1", "awarded_on": "2024-12-01"},
        ),
    ):
        assert client.post(url, data).status_code == 404, url
    assert {model: model.objects.count() for model in before} == before
    assert AuditEntry.objects.count() == entries


def test_a_viewer_and_a_user_without_role_write_nothing(tree, people, crew, records, client_for):
    for user in (people.viewer, people.nobody):
        client = client_for(user)
        for url, data in (
            ("/emulation/campaigns/new/", campaign_form()),
            ("/emulation/initiatives/new/", initiative_form(crew)),
            ("/emulation/decisions/new/", decision_form(crew)),
            ("/emulation/gradings/new/", grading_form()),
        ):
            assert client.get(url).status_code == 403, url
            assert client.post(url, data).status_code == 403, url
    viewer = client_for(people.viewer)
    assert (
        viewer.post(
            f"/emulation/initiatives/{records.pending_a.pk}/recognise/",
            {"recognised_on": "2024-07-01", "recognised_by": "X", "scope": "grassroots"},
        ).status_code
        == 403
    )
    assert client_for(people.nobody).get(f"/emulation/initiatives/{records.pending_a.pk}/").status_code == 404
    assert Campaign.objects.count() == 3 and Initiative.objects.count() == 3 and Grading.objects.count() == 3
    records.pending_a.refresh_from_db()
    assert records.pending_a.recognised_on is None


# --------------------------------------------------------------------------
# list pages do not query per row


LISTS = (
    "/emulation/campaigns/",
    "/emulation/initiatives/",
    "/emulation/creative-awards/",
    "/emulation/decisions/",
    "/emulation/gradings/",
    "/emulation/decisions/?format=xlsx",
    "/emulation/initiatives/?format=xlsx",
)


def test_list_pages_and_exports_make_as_many_queries_for_more_rows(tree, people, crew, records, client_for):
    client = client_for(people.province_admin)

    def queries() -> dict[str, int]:
        counts = {}
        for url in LISTS:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[url] = len(captured)
        return counts

    before = queries()
    for n, unit in enumerate((tree.company_a, tree.agency_a), 1):
        services.launch_campaign(
            actor=None, unit=unit, name=f"Phong trào {n}", kind="themed", launched_on=D(2024, 6, n)
        )
        idea = services.record_initiative(
            actor=None,
            data=services.InitiativeData(
                unit=tree.school_a, title=f"Sáng kiến {n}", field="it", authors=[crew["pao"], crew["my"]],
                recognised_on=D(2024, 6, n), recognised_by="Hội đồng", scope="grassroots",
            ),
        )  # fmt: skip
        services.award_creative_labour(
            actor=None, initiative=idea, decision_number=f"{n}/QĐ", on=D(2024, 12, n)
        )
        services.issue_award_decision(
            actor=None, unit=tree.district_a, number=f"{n}/QĐ-KT", decided_on=D(2024, 12, n), signer_name="A",
            signer_title="Chủ tịch", form="commendation", level="upper", reason="x", collectives=[unit],
            individuals=[crew["sướng"]],
        )  # fmt: skip
        services.grade_unit(actor=None, unit=unit, year=2022, sheet=grading.default_sheet([20] * 4))
    assert queries() == before
