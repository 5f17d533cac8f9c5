"""The member pages: list with filters, sort and paging, search, detail with the ID reveal, event forms, admission, bulk actions, scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from congdoan.accounts.models import AuditEntry
from congdoan.members import services
from congdoan.members.models import Card, EventKind, MemberEvent, MemberStatus, Person
from member_data import cccd_for, person

pytestmark = pytest.mark.django_db

D = dt.date
JOINED = D(2021, 3, 1)
LAO_CAI = 15
CAM_DUONG = 2674  # Phường Cam Đường, Lào Cai


@pytest.fixture
def members(tree):
    """Four members under A (in BT-01 and BT-02) and one under B."""

    def admit(unit, name, gender, born, on=JOINED, **extra):
        return services.admit(actor=None, unit=unit, on=on, person=person(name, gender, born, **extra))

    return {
        "giang": admit(
            tree.a1,
            "Hoàng Văn Giang",
            "male",
            D(1985, 4, 2),
            phone="0912345678",
            hometown_province_code=LAO_CAI,
            hometown_ward_code=CAM_DUONG,
        ),
        "anh": admit(tree.a1, "Nguyễn Thị Ánh", "female", D(1995, 8, 9), ethnicity="02"),
        "ban": admit(tree.a1, "Lò Thị Ban", "female", D(1970, 1, 1), ethnicity="03"),
        "binh": admit(tree.a2, "Trần Văn Bình", "male", D(2000, 12, 1), on=D(2022, 5, 5)),
        "b": admit(tree.b1, "Vàng A Dính", "male", D(1990, 1, 1)),
    }


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def rows(html: str) -> int:
    return html.count('class="member-row"')


def list_url(unit) -> str:
    return reverse("members:list", args=[unit.pk])


def audit_count(action: str, person_obj: Person) -> int:
    return AuditEntry.objects.filter(action=action, object_id=str(person_obj.pk)).count()


def snapshot(p: Person) -> tuple:
    p = Person.objects.get(pk=p.pk)
    return (
        p.status,
        p.unit_id,
        p.full_name,
        p.cccd,
        p.phone,
        p.card_number,
        MemberEvent.objects.filter(person=p).count(),
        AuditEntry.objects.filter(object_id=str(p.pk), object_type="members.person").count(),
    )


# --------------------------------------------------------------------------
# login, navigation


def test_pages_need_login(client, tree, members):
    for url in (
        reverse("members:index"),
        list_url(tree.a),
        reverse("members:search"),
        reverse("members:detail", args=[members["giang"].pk]),
        reverse("members:admit", args=[tree.a1.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"], url


def test_index_opens_the_list_of_the_users_top_unit(tree, users, client_for):
    assert client_for(users.officer_a).get(reverse("members:index"))["Location"] == list_url(tree.a)
    assert client_for(users.fed_admin).get(reverse("members:index"))["Location"] == list_url(tree.province)
    no_role = client_for(users.norole).get(reverse("members:index"))
    assert no_role.status_code == 200 and "chưa được giao vai trò" in no_role.content.decode()


def test_menu_and_unit_page_link_to_the_member_list(tree, users, client_for):
    client = client_for(users.officer_a)
    html = page_of(client.get(reverse("org:detail", args=[tree.a1.pk])))
    assert f'href="{list_url(tree.a1)}"' in html
    assert f'href="{reverse("members:index")}"' in html and "Đoàn viên" in html


# --------------------------------------------------------------------------
# the list


def test_list_shows_only_the_subtree(tree, users, members, client_for):
    client = client_for(users.officer_a)
    html = page_of(client.get(list_url(tree.a)))
    assert rows(html) == 4
    assert "Vàng A Dính" not in html
    assert "Hoàng Văn Giang" in html and "Công đoàn cơ sở Công ty Cổ phần Apatit" in html
    # One grassroots union only.
    html = page_of(client.get(list_url(tree.a2)))
    assert rows(html) == 1 and "Trần Văn Bình" in html
    # The province and B are outside an officer of A's scope.
    assert client.get(list_url(tree.province)).status_code == 404
    assert client.get(list_url(tree.b)).status_code == 404
    # The federation admin sees the whole province, B included.
    assert rows(page_of(client_for(users.fed_admin).get(list_url(tree.province)))) == 5


def test_admission_button_only_on_grassroots_units_for_those_who_may_change(tree, users, members, client_for):
    admit_a1 = reverse("members:admit", args=[tree.a1.pk])
    officer = client_for(users.officer_a)
    assert admit_a1 in page_of(officer.get(list_url(tree.a1)))
    assert reverse("members:admit", args=[tree.a.pk]) not in page_of(officer.get(list_url(tree.a)))
    assert admit_a1 not in page_of(client_for(users.viewer).get(list_url(tree.a1)))


def test_list_masks_ids_and_shows_birth_and_join_dates(tree, users, members, client_for):
    html = page_of(client_for(users.officer_a).get(list_url(tree.a)))
    giang = members["giang"]
    assert giang.cccd not in html
    assert "•••••••" + giang.cccd[-5:] in html
    assert "02/04/1985" in html and "01/03/2021" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 4),
        ({"gender": "female"}, 2),
        ({"gender": "male"}, 2),
        ({"ethnicity": "minority"}, 2),
        ({"ethnicity": "03"}, 1),
        ({"age_band": "50plus"}, 1),
        ({"age_band": "under30"}, 1),
        ({"joined_year": "2022"}, 1),
        ({"citizenship": "foreign"}, 0),
        ({"unit_kind": "private_enterprise"}, 0),
        ({"q": "hoang gi"}, 1),
        ({"q": "thi"}, 2),
        ({"on": "2021-12-31"}, 3),  # Trần Văn Bình joined in 2022
        ({"on": "2019-01-01"}, 0),
        ({"status": "former"}, 0),
        ({"gender": "bogus", "joined_year": "x"}, 4),  # wrong values are ignored
    ],
)
def test_list_filters(tree, users, members, client_for, params, expected):
    html = page_of(client_for(users.officer_a).get(list_url(tree.a), params))
    assert rows(html) == expected, params


def test_status_filters_on_a_date(tree, users, members, client_for):
    services.suspend(actor=None, person=members["anh"], on=D(2024, 1, 1), reason="Nghỉ không lương")
    services.leave(actor=None, person=members["ban"], on=D(2024, 6, 1), reason="Nghỉ hưu")
    client = client_for(users.officer_a)
    counts = {
        status: rows(page_of(client.get(list_url(tree.a), {"status": status, "on": "2025-01-01"})))
        for status in ("active", "suspended", "members", "former")
    }
    assert counts == {"active": 2, "suspended": 1, "members": 3, "former": 1}
    before = page_of(client.get(list_url(tree.a), {"status": "active", "on": "2023-12-31"}))
    assert rows(before) == 4


def test_list_sorts_in_vietnamese_order_by_given_name(tree, users, members, client_for):
    client = client_for(users.officer_a)

    def order(params):
        html = page_of(client.get(list_url(tree.a), params))
        names = re.findall(r'<a href="/members/\d+/">([^<]+)</a>', html)
        return names

    assert order({}) == ["Nguyễn Thị Ánh", "Lò Thị Ban", "Trần Văn Bình", "Hoàng Văn Giang"]
    assert order({"sort": "-name"}) == ["Hoàng Văn Giang", "Trần Văn Bình", "Lò Thị Ban", "Nguyễn Thị Ánh"]
    assert order({"sort": "born"})[0] == "Lò Thị Ban"
    assert order({"sort": "-joined"})[0] == "Trần Văn Bình"
    # By unit ("… Công ty Cổ phần Apatit" before "… Trường Tiểu học Kim Đồng"), then by name.
    assert order({"sort": "unit"}) == ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lò Thị Ban", "Hoàng Văn Giang"]
    # Sort links keep the filters and flip the direction of the current sort.
    html = page_of(client.get(list_url(tree.a), {"gender": "female"}))
    assert "?gender=female&amp;sort=-name" in html


def test_list_pages_by_fifty_and_htmx_gets_the_table_only(tree, users, client_for):
    for i in range(53):
        services.admit(
            actor=None,
            unit=tree.a1,
            on=JOINED,
            person=person(f"Nguyễn Văn Số {i:02d}", "male", D(1990, 1, 1) + dt.timedelta(days=i)),
        )
    client = client_for(users.officer_a)
    first = page_of(client.get(list_url(tree.a)))
    assert rows(first) == 50 and "Trang 1 / 2" in first and "53 người" in first
    second = page_of(client.get(list_url(tree.a), {"page": 2}))
    assert rows(second) == 3
    partial = page_of(client.get(list_url(tree.a), {"page": 2}, HTTP_HX_REQUEST="true"))
    assert rows(partial) == 3 and "<html" not in partial
    # The partial carries the sort to the filter form (out of band), so a later filter keeps it.
    partial = page_of(client.get(list_url(tree.a), {"sort": "-joined"}, HTTP_HX_REQUEST="true"))
    assert 'id="id_sort" value="-joined" hx-swap-oob="true"' in partial


# --------------------------------------------------------------------------
# search


def test_search_without_diacritics_by_partial_words_and_numbers(tree, users, members, client_for):
    client = client_for(users.officer_a)
    url = reverse("members:search")
    html = page_of(client.get(url, {"q": "hoang gi"}))
    assert "Hoàng Văn Giang" in html and "Trần Văn Bình" not in html
    assert "Hoàng Văn Giang" in page_of(client.get(url, {"q": members["giang"].cccd}))
    assert "Hoàng Văn Giang" in page_of(client.get(url, {"q": "0912 345 678"}))
    partial = page_of(client.get(url, {"q": "binh"}, HTTP_HX_REQUEST="true"))
    assert "Trần Văn Bình" in partial and "<html" not in partial
    # B's member is outside the officer's scope, even by exact CCCD.
    assert "Vàng A Dính" not in page_of(client.get(url, {"q": members["b"].cccd}))
    assert "Không tìm thấy" in page_of(client.get(url, {"q": "vang a dinh"}))


# --------------------------------------------------------------------------
# detail and the ID reveal


def test_detail_shows_personal_data_history_and_masks_the_id(tree, users, members, client_for):
    giang = members["giang"]
    services.transfer(actor=None, person=giang, to_unit=tree.a2, on=D(2023, 2, 1), decision="5/QĐ")
    services.issue_cards(actor=None, people=[giang], on=D(2023, 3, 1))
    giang.refresh_from_db()
    html = page_of(client_for(users.officer_a).get(reverse("members:detail", args=[giang.pk])))
    assert "Hoàng Văn Giang" in html
    assert giang.cccd not in html and giang.cccd[-5:] in html
    assert "Số CCCD" in html and "Ngày sinh" in html and "Dân tộc" in html and "Kinh" in html
    assert "Phường Cam Đường" in html and "Lào Cai" in html
    history = html.split('id="history"')[1].split("</table>")[0]
    assert "Kết nạp" in history and "Chuyển sinh hoạt đi" in history and "Chuyển sinh hoạt đến" in history
    assert "01/02/2023" in history and "5/QĐ" in history
    assert giang.card_number in html.split('id="cards"')[1]
    spells = html.split('id="spells"')[1].split("</table>")[0]
    assert "Trường Tiểu học Kim Đồng" in spells and "Công ty Cổ phần Apatit" in spells
    # Links to the event forms (no "resume" for an active member); no reveal button for an officer.
    assert reverse("members:transfer", args=[giang.pk]) in html
    assert reverse("members:resume", args=[giang.pk]) not in html
    assert "Hiện số CCCD" not in html


def test_viewer_sees_no_event_links(tree, users, members, client_for):
    html = page_of(client_for(users.viewer).get(reverse("members:detail", args=[members["anh"].pk])))
    assert "Nguyễn Thị Ánh" in html
    assert reverse("members:transfer", args=[members["anh"].pk]) not in html


def test_federation_admin_reveals_the_id_and_it_is_audited(tree, users, members, client_for):
    giang = members["giang"]
    client = client_for(users.fed_admin)
    html = page_of(client.get(reverse("members:detail", args=[giang.pk])))
    assert "Hiện số CCCD" in html and giang.cccd not in html
    url = reverse("members:reveal_id", args=[giang.pk])
    partial = page_of(client.post(url, HTTP_HX_REQUEST="true"))
    assert giang.cccd in partial and "<html" not in partial
    full = page_of(client.post(url))
    assert giang.cccd in full and "<html" in full
    entries = AuditEntry.objects.filter(action="member.reveal_id", object_id=str(giang.pk))
    assert entries.count() == 2 and entries.first().actor == users.fed_admin
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("who", ["officer_a", "viewer"])
def test_the_id_reveal_is_refused_without_the_role(tree, users, members, client_for, who):
    giang = members["giang"]
    response = client_for(getattr(users, who)).post(reverse("members:reveal_id", args=[giang.pk]))
    assert response.status_code == 403
    assert giang.cccd not in response.content.decode()
    assert not AuditEntry.objects.filter(action="member.reveal_id").exists()


# --------------------------------------------------------------------------
# event forms

EVENT_CASES = {
    # name: (setup, good data, expected status, audit action, bad data, expected message)
    "transfer": (
        None,
        {"to_unit": "BT-02", "on": "2025-01-02", "decision": "7/QĐ", "reason": "Chuyển công tác"},
        MemberStatus.ACTIVE,
        "member.transfer",
        {"to_unit": "BT", "on": "2025-01-02"},
        "không phải công đoàn cơ sở",
    ),
    "suspend": (
        None,
        {"on": "2025-01-02", "reason": "Đi lao động ở nước ngoài"},
        MemberStatus.SUSPENDED,
        "member.suspended",
        {"on": "2025-01-02", "reason": ""},
        "This field is required|Trường này là bắt buộc|bắt buộc",
    ),
    "resume": (
        "suspend",
        {"on": "2025-06-02"},
        MemberStatus.ACTIVE,
        "member.resumed",
        {"on": "2099-01-01"},
        "chưa đến",
    ),
    "leave": (
        None,
        {"on": "2025-01-02", "reason": "Nghỉ việc", "decision": "9/QĐ"},
        MemberStatus.LEFT,
        "member.left",
        {"on": "2020-01-02", "reason": "Nghỉ việc"},
        "sớm hơn biến động gần nhất",
    ),
    "discipline": (
        None,
        {
            "measure": "expulsion",
            "on": "2025-01-02",
            "decision": "3/QĐ-KL",
            "reason": "Không đóng đoàn phí 12 tháng",
        },
        MemberStatus.EXPELLED,
        "member.expelled",
        {"measure": "expulsion", "on": "2020-05-05", "decision": "3/QĐ-KL", "reason": "x"},
        "sớm hơn biến động gần nhất",
    ),
    "death": (
        None,
        {"on": "2025-01-02"},
        MemberStatus.DECEASED,
        "member.died",
        {"on": "not-a-date"},
        "Enter a valid date|Nhập một ngày hợp lệ|hợp lệ",
    ),
}


@pytest.mark.parametrize("name", list(EVENT_CASES))
def test_event_form_happy_path_changes_data_and_audits(tree, users, members, client_for, name):
    setup, good, status, action, _bad, _message = EVENT_CASES[name]
    anh = members["anh"]
    if setup == "suspend":
        services.suspend(actor=None, person=anh, on=D(2025, 1, 1), reason="Nghỉ thai sản")
    client = client_for(users.officer_a)
    url = reverse(f"members:{name}", args=[anh.pk])
    assert page_of(client.get(url)).count("<form") >= 2
    response = client.post(url, good)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("members:detail", args=[anh.pk])
    anh.refresh_from_db()
    assert anh.status == status
    assert audit_count(action, anh) == 1
    entry = AuditEntry.objects.get(action=action, object_id=str(anh.pk))
    assert entry.actor == users.officer_a
    if name == "transfer":
        assert anh.unit == tree.a2 and anh.joined_on == JOINED
    if name == "discipline":
        assert anh.events.get(kind=EventKind.EXPELLED).decision == "3/QĐ-KL"
    followed = page_of(client.get(response["Location"]))
    assert "Đã ghi: " in followed and "Nguyễn Thị Ánh." in followed


@pytest.mark.parametrize("name", list(EVENT_CASES))
def test_event_form_bad_input_shows_a_message_and_changes_nothing(tree, users, members, client_for, name):
    setup, _good, _status, _action, bad, message = EVENT_CASES[name]
    anh = members["anh"]
    if setup == "suspend":
        services.suspend(actor=None, person=anh, on=D(2025, 1, 1), reason="Nghỉ thai sản")
    before = snapshot(anh)
    response = client_for(users.officer_a).post(reverse(f"members:{name}", args=[anh.pk]), bad)
    html = page_of(response)
    assert re.search(message, html), html[html.find("errorlist") - 200 : html.find("errorlist") + 600]
    assert snapshot(anh) == before


def test_transfer_to_an_unknown_code_and_a_unit_outside_scope(tree, users, members, client_for):
    anh = members["anh"]
    client = client_for(users.officer_a)
    url = reverse("members:transfer", args=[anh.pk])
    before = snapshot(anh)
    html = page_of(client.post(url, {"to_unit": "KHONG-CO", "on": "2025-01-02"}))
    assert "KHONG-CO" in html and snapshot(anh) == before
    # The destination may lie outside the officer's scope (B): allowed; the officer lands back on the list.
    response = client.post(url, {"to_unit": "BX-01", "on": "2025-01-02"})
    assert response.status_code == 302 and response["Location"] == list_url(tree.a1)
    anh.refresh_from_db()
    assert anh.unit == tree.b1
    assert client.get(reverse("members:detail", args=[anh.pk])).status_code == 404


def test_transfer_form_keeps_the_input_after_an_error(tree, users, members, client_for):
    html = page_of(
        client_for(users.officer_a).post(
            reverse("members:transfer", args=[members["anh"].pk]),
            {"to_unit": "BT-01", "on": "2025-01-02", "reason": "Lý do giữ lại"},
        )
    )
    assert "Đơn vị chuyển đến phải khác đơn vị hiện tại" in html
    assert 'value="BT-01"' in html and "Lý do giữ lại" in html


# --------------------------------------------------------------------------
# personal data: edit and admission


def person_post(**overrides) -> dict:
    data = {
        "full_name": "Giàng Thị Mỷ",
        "gender": "female",
        "birth_date": "1998-03-04",
        "birth_year": "",
        "cccd": cccd_for("female", 1998),
        "other_id": "",
        "citizenship": "vn",
        "nationality": "",
        "contract_months": "",
        "ethnicity": "08",
        "religion": "none",
        "education": "university",
        "hometown_province_code": str(LAO_CAI),
        "hometown_ward_code": str(CAM_DUONG),
        "residence_province_code": str(LAO_CAI),
        "residence_ward_code": "",
        "residence_street": "Số 5 đường Hoàng Liên",
        "phone": "0987 654 321",
        "email": "my@example.vn",
        "employer": "Trường Tiểu học Kim Đồng",
        "job_title": "Giáo viên",
        "contract_type": "civil_servant",
        "insurance_salary": "6500000",
        "on": "2025-09-01",
        "decision": "15/QĐ-CĐCS",
        "reason": "",
    }
    data.update(overrides)
    return data


def test_admission_happy_path(tree, users, client_for):
    client = client_for(users.officer_a)
    url = reverse("members:admit", args=[tree.a1.pk])
    html = page_of(client.get(url))
    assert "Mông" in html and "Rơ-măm" in html and "Lào Cai" in html
    response = client.post(url, person_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    my = Person.objects.get(full_name="Giàng Thị Mỷ")
    assert response["Location"] == reverse("members:detail", args=[my.pk])
    assert (my.unit, my.status, my.joined_on) == (tree.a1, MemberStatus.ACTIVE, D(2025, 9, 1))
    assert (my.ethnicity, my.hometown_ward_code, my.phone, my.insurance_salary) == (
        "08",
        CAM_DUONG,
        "0987654321",
        6500000,
    )
    entry = AuditEntry.objects.get(action="member.admit", object_id=str(my.pk))
    assert entry.actor == users.officer_a and entry.after["decision"] == "15/QĐ-CĐCS"
    detail = page_of(client.get(response["Location"]))
    assert "Đã kết nạp Giàng Thị Mỷ" in detail and "Mông" in detail and "Phường Cam Đường" in detail
    assert "6.500.000" in detail and "Trung học" not in detail and "Đại học" in detail


def test_admission_with_birth_year_only(tree, users, client_for):
    data = person_post(birth_date="", birth_year="1998")
    response = client_for(users.officer_a).post(reverse("members:admit", args=[tree.a1.pk]), data)
    assert response.status_code == 302
    my = Person.objects.get(full_name="Giàng Thị Mỷ")
    assert (my.birth_date, my.birth_year) == (None, 1998)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cccd": "010098000123"}, "cccd", "chữ số thứ 4"),  # 0 = male born 1900s
        ({"cccd": "10198000123"}, "cccd", "11 chữ số"),
        ({"birth_date": "2015-01-01", "cccd": ""}, "birth_date", "đủ 15 tuổi"),
        ({"full_name": ""}, "full_name", ""),
        (
            {"hometown_province_code": "1", "hometown_ward_code": str(CAM_DUONG)},
            "hometown_ward_code",
            "không thuộc tỉnh",
        ),
        ({"birth_date": "", "birth_year": ""}, "birth_date", "Cần ghi ngày sinh"),
        (
            {"citizenship": "foreign", "cccd": "", "nationality": "Lào", "contract_months": "6"},
            None,
            "12 tháng",
        ),
    ],
)
def test_admission_bad_input_shows_the_message_by_its_field_and_keeps_input(
    tree, users, client_for, overrides, field, message
):
    before = (Person.objects.count(), AuditEntry.objects.count())
    response = client_for(users.officer_a).post(
        reverse("members:admit", args=[tree.a1.pk]), person_post(**overrides)
    )
    html = page_of(response)
    assert (Person.objects.count(), AuditEntry.objects.count()) == before
    if field:
        errors = response.context["form"].errors
        assert field in errors, errors
        assert message in " ".join(errors[field])
    else:
        assert message in html
    assert 'value="Số 5 đường Hoàng Liên"' in html  # input kept


def test_admission_of_a_current_member_suggests_a_transfer(tree, users, members, client_for):
    giang = members["giang"]
    data = person_post(full_name="Hoàng Văn Giang", gender="male", birth_date="1985-04-02", cccd=giang.cccd)
    before = (Person.objects.count(), AuditEntry.objects.count())
    html = page_of(client_for(users.officer_a).post(reverse("members:admit", args=[tree.a2.pk]), data))
    assert "đang là đoàn viên của Công đoàn cơ sở Trường Tiểu học Kim Đồng" in html
    assert "chuyển sinh hoạt thay vì kết nạp mới?" in html
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_admission_into_a_district_is_refused_with_a_message(tree, users, client_for):
    html = page_of(
        client_for(users.officer_a).post(reverse("members:admit", args=[tree.a.pk]), person_post())
    )
    assert "không phải công đoàn cơ sở" in html
    assert not Person.objects.exists()


def test_ward_options_follow_the_province(tree, users, client_for):
    client = client_for(users.officer_a)
    html = page_of(client.get(reverse("members:wards"), {"hometown_province_code": LAO_CAI}))
    assert f'<option value="{CAM_DUONG}">Phường Cam Đường</option>' in html
    assert (
        page_of(client.get(reverse("members:wards"), {"residence_province_code": "x"})).count("<option") == 1
    )


def test_edit_personal_data(tree, users, members, client_for):
    anh = members["anh"]
    client = client_for(users.officer_a)
    url = reverse("members:edit", args=[anh.pk])
    html = page_of(client.get(url))
    assert 'value="Nguyễn Thị Ánh"' in html and anh.cccd in html
    data = person_post(
        full_name="Nguyễn Thị Ánh",
        gender="female",
        birth_date="1995-08-09",
        cccd=anh.cccd,
        ethnicity="02",
        phone="0911 222 333",
        reason="Đổi số điện thoại",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    anh.refresh_from_db()
    assert anh.phone == "0911222333" and anh.employer == "Trường Tiểu học Kim Đồng"
    entry = AuditEntry.objects.get(action="member.update", object_id=str(anh.pk))
    assert entry.after["phone"] == "0911222333" and entry.reason == "Đổi số điện thoại"


def test_edit_with_a_wrong_or_taken_cccd_changes_nothing(tree, users, members, client_for):
    anh = members["anh"]
    client = client_for(users.officer_a)
    url = reverse("members:edit", args=[anh.pk])
    before = snapshot(anh)
    base = {"full_name": "Nguyễn Thị Ánh", "gender": "female", "birth_date": "1995-08-09", "ethnicity": "02"}
    wrong = client.post(url, person_post(**base, cccd="010095000777"))  # digit 4 = 0: male
    assert "cccd" in wrong.context["form"].errors
    taken = client.post(url, person_post(**base, cccd=cccd_for("female", 1995)))
    assert taken.status_code == 302  # a fresh valid number is fine
    anh.refresh_from_db()
    before = snapshot(anh)
    services.admit(
        actor=None,
        unit=tree.a2,
        on=JOINED,
        person=person("Lê Thị Hoa", "female", D(1995, 2, 2), cccd="010195000999"),
    )
    dup = page_of(client.post(url, person_post(**base, cccd="010195000999")))
    assert "đã thuộc hồ sơ Lê Thị Hoa" in dup
    assert snapshot(anh) == before


# --------------------------------------------------------------------------
# bulk actions


def bulk_url(unit) -> str:
    return reverse("members:bulk", args=[unit.pk])


def test_bulk_transfer_confirms_who_is_affected_then_writes(tree, users, members, client_for):
    client = client_for(users.officer_a)
    chosen = [members["anh"], members["ban"]]
    data = {"action": "transfer", "people": [p.pk for p in chosen], "to_unit": "BT-02", "on": "2025-02-01"}
    confirm = page_of(client.post(bulk_url(tree.a), data))
    affected = confirm.split('id="affected"')[1].split("</table>")[0]
    assert "Nguyễn Thị Ánh" in affected and "Lò Thị Ban" in affected and "Hoàng Văn Giang" not in affected
    assert "Xác nhận và ghi" in confirm
    assert Person.objects.filter(unit=tree.a2).count() == 1  # nothing written yet
    response = client.post(bulk_url(tree.a), {**data, "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == list_url(tree.a)
    assert set(Person.objects.filter(unit=tree.a2).values_list("full_name", flat=True)) == {
        "Nguyễn Thị Ánh",
        "Lò Thị Ban",
        "Trần Văn Bình",
    }
    assert AuditEntry.objects.filter(action="member.transfer").count() == 2


def test_bulk_suspend_is_all_or_nothing(tree, users, members, client_for):
    services.suspend(actor=None, person=members["ban"], on=D(2024, 1, 1), reason="Nghỉ ốm dài ngày")
    client = client_for(users.officer_a)
    data = {
        "action": "suspend",
        "people": [members["anh"].pk, members["ban"].pk],
        "on": "2025-02-01",
        "reason": "Đi học dài hạn",
        "confirm": "1",
    }
    before = (snapshot(members["anh"]), snapshot(members["ban"]))
    html = page_of(client.post(bulk_url(tree.a), data))
    assert "Lò Thị Ban" in html and "Chưa có gì được ghi" in html
    assert (snapshot(members["anh"]), snapshot(members["ban"])) == before
    # Without a reason the form refuses before anything runs.
    html = page_of(client.post(bulk_url(tree.a), {**data, "people": [members["anh"].pk], "reason": ""}))
    assert "Cần ghi lý do" in html
    # The good one alone goes through.
    response = client.post(bulk_url(tree.a), {**data, "people": [members["anh"].pk]})
    assert response.status_code == 302
    assert Person.objects.get(pk=members["anh"].pk).status == MemberStatus.SUSPENDED


def test_bulk_issue_cards(tree, users, members, client_for):
    client = client_for(users.officer_a)
    data = {"action": "issue_cards", "people": [members["giang"].pk, members["binh"].pk], "on": "2025-03-01"}
    assert "Xác nhận và ghi" in page_of(client.post(bulk_url(tree.a), data))
    assert not Card.objects.exists()
    assert client.post(bulk_url(tree.a), {**data, "confirm": "1"}).status_code == 302
    assert Card.objects.count() == 2
    assert all(Person.objects.get(pk=members[k].pk).card_number for k in ("giang", "binh"))
    # A second first issue is refused for both, nothing changes.
    html = page_of(client.post(bulk_url(tree.a), {**data, "confirm": "1"}))
    assert "hãy chọn cấp lại" in html and Card.objects.count() == 2


def test_bulk_ignores_people_outside_the_unit_and_needs_a_selection(tree, users, members, client_for):
    client = client_for(users.officer_a)
    html = page_of(
        client.post(
            bulk_url(tree.a1),
            {"action": "suspend", "people": [members["binh"].pk], "on": "2025-01-01", "reason": "x"},
        )
    )
    assert "không thuộc đơn vị này" in html
    html = page_of(client.post(bulk_url(tree.a), {"action": "suspend", "on": "2025-01-01", "reason": "x"}))
    assert "Hãy chọn ít nhất một đoàn viên" in html
    assert client.get(bulk_url(tree.a)).status_code == 405


# --------------------------------------------------------------------------
# scope


def test_members_outside_scope_are_404_and_writes_need_change(tree, users, members, client_for):
    officer = client_for(users.officer_a)
    b = members["b"]
    before = snapshot(b)
    for name in (
        "detail",
        "edit",
        "transfer",
        "suspend",
        "leave",
        "discipline",
        "death",
        "resume",
        "reveal_id",
    ):
        url = reverse(f"members:{name}", args=[b.pk])
        assert officer.get(url).status_code in (404, 405), name
        posted = officer.post(url, {"on": "2025-01-01", "reason": "x", "to_unit": "BT-01"})
        assert posted.status_code == (405 if name == "detail" else 404), name
    assert officer.post(reverse("members:admit", args=[tree.b1.pk]), person_post()).status_code == 404
    bulk = {"action": "suspend", "people": [b.pk], "on": "2025-01-01", "reason": "x", "confirm": "1"}
    assert officer.post(bulk_url(tree.b), bulk).status_code == 404
    # B's member in a bulk selection of A's unit is simply not selectable.
    assert "không thuộc đơn vị này" in page_of(officer.post(bulk_url(tree.a), bulk))
    assert snapshot(b) == before

    viewer = client_for(users.viewer)
    anh = members["anh"]
    before = snapshot(anh)
    assert viewer.get(reverse("members:detail", args=[anh.pk])).status_code == 200
    for name in ("edit", "transfer", "suspend", "leave", "discipline", "death"):
        url = reverse(f"members:{name}", args=[anh.pk])
        assert viewer.get(url).status_code == 403, name
        assert viewer.post(url, {"on": "2025-01-01", "reason": "x", "to_unit": "BT-02"}).status_code == 403
    assert viewer.get(reverse("members:admit", args=[tree.a1.pk])).status_code == 403
    assert viewer.post(reverse("members:admit", args=[tree.a1.pk]), person_post()).status_code == 403
    assert viewer.post(bulk_url(tree.a), {**bulk, "people": [anh.pk]}).status_code == 403
    assert snapshot(anh) == before
    assert "Thao tác với các đoàn viên đã chọn" not in page_of(viewer.get(list_url(tree.a)))
