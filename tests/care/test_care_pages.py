"""The care pages: forms for every step, Vietnamese errors next to fields, scope (404), the queue, export."""

from __future__ import annotations

import datetime as dt
import io

from python_calamine import load_workbook

from congdoan.accounts.models import AuditEntry
from congdoan.care import services as care
from congdoan.care.models import GrantState, SupportGrant, SupportProgramme
from congdoan.care.services import Recipient

D = dt.date


def grant_form(tet, tree, who, **extra):
    data = {
        "programme": str(tet.pk),
        "unit": tree.school_a.code,
        "recipient_id": who,
        "on": "2024-01-20",
        "amount": "500.000",
        "funding": "province",
    }
    data.update(extra)
    return data


def test_an_officer_requests_a_grant_for_a_member_by_cccd(tree, staff, tet, folks, client_for):
    client = client_for(staff.officer_a)
    page = client.get("/care/grants/new/")
    assert page.status_code == 200 and "Tết Sum vầy 2024" in page.content.decode()
    response = client.post("/care/grants/new/", grant_form(tet, tree, folks.pao.cccd))
    grant = SupportGrant.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/care/grants/{grant.pk}/"
    assert (grant.person, grant.amount, grant.state, grant.requested_by) == (
        folks.pao,
        500_000,
        GrantState.REQUESTED,
        staff.officer_a,
    )
    body = client.get(response["Location"]).content.decode()
    assert "Chờ duyệt" in body and "Sùng A Páo" in body and "20/01/2024" in body and "500.000" in body
    assert folks.pao.cccd not in body  # masked
    assert f'href="/care/grants/{grant.pk}/approve/"' not in body  # an officer does not approve


def test_a_worker_by_cccd_and_name_and_the_errors_next_to_the_fields(tree, staff, tet, client_for):
    client = client_for(staff.officer_a)
    response = client.post("/care/grants/new/", grant_form(tet, tree, "010190012345", amount="năm trăm"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Số tiền “năm trăm” không hợp lệ: chỉ ghi chữ số, ví dụ 500.000." in body
    response = client.post("/care/grants/new/", grant_form(tet, tree, "010190012345"))
    assert "Cần ghi họ và tên người nhận." in response.content.decode()
    response = client.post(
        "/care/grants/new/",
        grant_form(tet, tree, "010190012345", recipient_name="Vàng Thị Sua", on="2024-03-01"),
    )
    assert "nằm ngoài thời gian của chương trình (01/01/2024 – 29/02/2024)" in response.content.decode()
    assert SupportGrant.objects.count() == 0
    response = client.post(
        "/care/grants/new/",
        grant_form(tet, tree, "010 190 012 345", recipient_name="Vàng Thị Sua", recipient_birth_year="1990"),
    )
    assert response.status_code == 302
    grant = SupportGrant.objects.get()
    assert (grant.person, grant.recipient_cccd, grant.recipient_name) == (
        None,
        "010190012345",
        "Vàng Thị Sua",
    )


def test_the_form_warns_of_a_second_grant_and_takes_a_reason(tree, staff, tet, folks, client_for):
    client = client_for(staff.officer_a)
    client.post("/care/grants/new/", grant_form(tet, tree, folks.pao.card_number or folks.pao.cccd))
    response = client.post("/care/grants/new/", grant_form(tet, tree, folks.pao.cccd, on="2024-02-01"))
    body = response.content.decode()
    assert 'id="duplicate-warning"' in body
    assert (
        "Sùng A Páo đã được hỗ trợ trong chương trình này 1 lần (lần đầu ngày 20/01/2024, 500.000 đồng)."
        in body
    )
    assert SupportGrant.objects.count() == 1
    response = client.post(
        "/care/grants/new/",
        grant_form(tet, tree, folks.pao.cccd, on="2024-02-01", duplicate_reason="Bố mất trước Tết"),
    )
    assert response.status_code == 302
    assert SupportGrant.objects.latest("id").duplicate_reason == "Bố mất trước Tết"


def test_approver_approves_accountant_pays_through_the_step_pages(tree, staff, tet, folks, client_for):
    grant = care.request_grant(
        actor=staff.officer_a,
        programme=tet,
        unit=tree.school_a,
        recipient=Recipient.member(folks.pao),
        on=D(2024, 1, 20),
        amount=500_000,
    )
    assert client_for(staff.officer_a).post(f"/care/grants/{grant.pk}/approve/").status_code == 403
    assert (
        client_for(staff.accountant).post(f"/care/grants/{grant.pk}/pay/").status_code == 200
    )  # refused: not approved
    grant.refresh_from_db()
    assert grant.state == GrantState.REQUESTED
    body = client_for(staff.accountant).post(f"/care/grants/{grant.pk}/pay/").content.decode()
    assert "Không thể chi: lượt hỗ trợ này chưa được duyệt." in body

    approver = client_for(staff.approver)
    assert f"/care/grants/{grant.pk}/" in approver.get("/care/queue/").content.decode()
    response = approver.post(f"/care/grants/{grant.pk}/approve/", {"reason": "Đồng ý"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.state == GrantState.APPROVED and grant.decided_by == staff.approver
    assert f"/care/grants/{grant.pk}/" in client_for(staff.accountant).get("/care/queue/").content.decode()
    assert client_for(staff.accountant).post(f"/care/grants/{grant.pk}/pay/").status_code == 302
    grant.refresh_from_db()
    assert grant.state == GrantState.PAID
    body = approver.get(f"/care/grants/{grant.pk}/").content.decode()
    assert "Đề nghị hỗ trợ" in body and "Duyệt" in body and "Ketoan" in body


def test_a_rejection_needs_its_reason_and_ones_own_request_is_not_approvable(
    tree, staff, tet, folks, client_for
):
    grant = care.request_grant(
        actor=staff.admin,
        programme=tet,
        unit=tree.school_a,
        recipient=Recipient.member(folks.pao),
        on=D(2024, 1, 20),
        amount=500_000,
    )
    admin = client_for(staff.admin)
    body = admin.get(f"/care/grants/{grant.pk}/").content.decode()
    assert "Bạn là người đề nghị lượt hỗ trợ này: cần một người duyệt khác." in body
    body = admin.post(f"/care/grants/{grant.pk}/approve/").content.decode()
    assert "Người đề nghị không được tự duyệt lượt hỗ trợ của mình" in body
    approver = client_for(staff.approver)
    body = approver.post(f"/care/grants/{grant.pk}/reject/", {"reason": ""}).content.decode()
    assert "This field is required" in body or "Trường này là bắt buộc" in body or "bắt buộc" in body
    assert approver.post(f"/care/grants/{grant.pk}/reject/", {"reason": "Trùng danh sách"}).status_code == 302
    grant.refresh_from_db()
    assert (grant.state, grant.rejection_reason) == (GrantState.REJECTED, "Trùng danh sách")


def test_another_districts_grant_and_programme_answer_404(tree, staff, tet, folks, client_for):
    grant = care.request_grant(
        actor=staff.officer_a,
        programme=tet,
        unit=tree.school_a,
        recipient=Recipient.member(folks.pao),
        on=D(2024, 1, 20),
        amount=500_000,
    )
    client = client_for(staff.officer_b)
    for url in (
        f"/care/grants/{grant.pk}/",
        f"/care/grants/{grant.pk}/approve/",
        f"/care/grants/{grant.pk}/pay/",
        f"/care/programmes/{tet.pk}/",  # the province's programme is not B's officer's to open
    ):
        assert client.get(url).status_code == 404, url
    assert "Sùng A Páo" not in client.get("/care/").content.decode()
    assert "Sùng A Páo" in client_for(staff.viewer).get("/care/").content.decode()


def test_list_filters_totals_and_export_with_audit(tree, staff, tet, folks, client_for):
    care.request_grants(
        actor=None,
        programme=tet,
        unit=tree.school_a,
        items=[
            care.GrantInput(recipient=Recipient.member(p), on=D(2024, 1, 25), amount=a)
            for p, a in ((folks.pao, 500_000), (folks.my, 1_000_000))
        ],
        state=GrantState.PAID,
    )
    care.request_grant(
        actor=None,
        programme=tet,
        unit=tree.school_b,
        recipient=Recipient.member(folks.giang),
        on=D(2024, 2, 5),
        amount=700_000,
    )
    client = client_for(staff.viewer)
    body = client.get("/care/").content.decode()
    assert "3 lượt, 2.200.000 đồng; đã chi 2 lượt, 1.500.000 đồng" in body
    body = client.get("/care/?unit=B&start=2024-01-01&end=2024-12-31").content.decode()
    assert "1 lượt, 700.000 đồng; đã chi 0 lượt, 0 đồng" in body and "Hoàng Văn Giang" in body
    body = client.get("/care/?state=paid&kind=tet").content.decode()
    assert "2 lượt, 1.500.000 đồng" in body
    response = client.get("/care/export.xlsx?state=paid")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    header = next(r for r in rows if r and "Họ và tên" in r)
    data = rows[rows.index(header) + 1 :]
    names = {r[header.index("Họ và tên")] for r in data if r[header.index("Họ và tên")]}
    assert names == {"Sùng A Páo", "Giàng Thị Mỷ"}
    assert AuditEntry.objects.filter(action="care.export", actor=staff.viewer).count() == 1


def test_programme_form_and_its_budget_use(tree, staff, client_for):
    client = client_for(staff.admin)
    form = {
        "name": "Mái ấm Công đoàn năm 2024",
        "kind": "housing",
        "unit": "P",
        "start": "2024-03-01",
        "end": "2024-12-20",
        "budget": "150.000.000",
        "funding_province": "100.000.000",
        "funding_sponsor": "25.000.000",
        "sponsor": "Quỹ Xã hội Công đoàn",
    }
    body = client.post("/care/programmes/new/", form).content.decode()
    assert "Tổng các nguồn kinh phí (125.000.000 đồng) phải bằng dự toán (150.000.000 đồng)." in body
    assert SupportProgramme.objects.count() == 0
    form["funding_sponsor"] = "50.000.000"
    response = client.post("/care/programmes/new/", form)
    programme = SupportProgramme.objects.get()
    assert response.status_code == 302 and programme.budget == 150_000_000
    assert programme.funding.get(kind="sponsor").sponsor == "Quỹ Xã hội Công đoàn"
    assert client_for(staff.officer_a).post("/care/programmes/new/", form).status_code == 200
    assert SupportProgramme.objects.count() == 1  # A's officer may not open a programme of the province

    care.request_grants(
        actor=None,
        programme=programme,
        unit=tree.school_a,
        items=[
            care.GrantInput(
                recipient=Recipient(full_name="Hầu A Dế", cccd="010090012345"),
                on=D(2024, 6, 1),
                amount=50_000_000,
                funding="province",
            )
        ],
        state=GrantState.PAID,
    )
    body = client.get(f"/care/programmes/{programme.pk}/").content.decode()
    assert "Đã chi 50.000.000 / 150.000.000 đồng dự toán (1 lượt)" in body
    assert "LĐLĐ huyện Bát Xát" in body  # the grant shows under the district it was given in
    body = client.get(f"/care/programmes/{programme.pk}/edit/").content.decode()
    assert "100.000.000" in body or "100000000" in body


def test_bulk_entry_for_all_members_of_a_unit(tree, staff, tet, folks, client_for):
    client = client_for(staff.officer_a)
    body = client.get("/care/grants/bulk/?unit=A1").content.decode()
    assert "Sùng A Páo" in body and "Giàng Thị Mỷ" in body and "Lò Văn Sướng" not in body
    data = {
        "unit": "A1",
        "programme": str(tet.pk),
        "on": "2024-02-01",
        "amount": "300000",
        "people": [str(folks.my.pk)],
    }
    response = client.post("/care/grants/bulk/", data)
    assert response.status_code == 302
    assert list(SupportGrant.objects.values_list("person__full_name", "amount")) == [
        ("Giàng Thị Mỷ", 300_000)
    ]
    body = client.post("/care/grants/bulk/", {**data, "all_members": "on"}).content.decode()
    assert "Chưa ghi lượt hỗ trợ nào vì có lỗi" in body and "Giàng Thị Mỷ đã được hỗ trợ" in body
    assert SupportGrant.objects.count() == 1
    response = client.post("/care/grants/bulk/", {**data, "all_members": "on", "duplicate_reason": "Đợt 2"})
    assert response.status_code == 302 and SupportGrant.objects.count() == 3
    assert (
        client_for(staff.officer_b).get("/care/grants/bulk/?unit=A1").status_code == 200
    )  # not found: no list
    assert "Sùng A Páo" not in client_for(staff.officer_b).get("/care/grants/bulk/?unit=A1").content.decode()
