"""Member cards: numbers, the signed QR token, re-issue, the PDF, the e-card and the public verify page."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from django.core import signing
from django.test import Client

from congdoan.accounts.models import AuditEntry, RoleKind
from congdoan.members import cards
from congdoan.members import services as members
from congdoan.members.models import Card, Person
from congdoan.org import services as org
from congdoan.org.models import Level
from dated_tree import D2000, make_user, people, tree  # noqa: F401
from member_data import person

D = dt.date
ISSUED = D(2025, 5, 1)


def admit(unit, name: str, **extra) -> Person:
    return members.admit(actor=None, unit=unit, on=D(2015, 3, 1), person=person(full_name=name, **extra))


def with_cards(unit, names: list[str], on: dt.date = ISSUED) -> list[Person]:
    people_ = [admit(unit, name) for name in names]
    members.issue_cards(actor=None, people=people_, on=on)
    return [Person.objects.get(pk=p.pk) for p in people_]


def card_of(p: Person) -> Card:
    card = cards.current_card(p)
    assert card is not None
    return card


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture
def an(tree) -> Person:
    return with_cards(tree.school_a, ["Nguyễn Văn An"])[0]


@pytest.fixture
def binh(tree) -> Person:
    """A member under district B, with a card."""
    return with_cards(tree.school_b, ["Lò Thị Bình"])[0]


# --------------------------------------------------------------------------
# numbers


def test_numbers_are_unique_well_formed_luhn_valid_with_the_province_prefix(tree):
    people_ = with_cards(tree.school_a, [f"Người Thứ {i}" for i in range(12)])
    people_ += with_cards(tree.school_b, ["Hà Văn Cường", "Sùng Thị Dua"])
    numbers = [p.card_number for p in people_]
    assert len(set(numbers)) == len(numbers) == 14
    for number in numbers:
        assert re.fullmatch(r"\d{11}", number)
        assert number.startswith("1525")  # province 15 (tree.province), first issued in 2025
        assert members.valid_card_number(number)
        assert number[-1] == members.luhn_digit(number[:-1])
    # Serials follow one another across units of the same province and year.
    assert sorted(int(n[4:10]) for n in numbers) == list(range(1, 15))
    # A wrong check digit is refused.
    wrong = numbers[0][:-1] + str((int(numbers[0][-1]) + 1) % 10)
    assert not members.valid_card_number(wrong)
    assert Card.objects.filter(number__in=numbers).count() == 14


def test_prefix_is_99_outside_a_province_and_follows_the_year(tree):
    sector = org.found_unit(
        actor=None,
        parent=tree.top,
        code="NGANH",
        name="Công đoàn ngành Giáo dục Việt Nam",
        level=Level.NATIONAL_SECTOR_UNION,
        on=D2000,
    )
    grassroots = org.found_unit(
        actor=None, parent=sector, code="NGANH-1", name="CĐCS Bộ Giáo dục", level=Level.GRASSROOTS, on=D2000
    )
    [outside] = with_cards(grassroots, ["Trần Văn Ngoài"], on=D(2026, 2, 1))
    assert outside.card_number.startswith("9926")
    assert members.valid_card_number(outside.card_number)
    [inside] = with_cards(tree.school_a, ["Vàng A Sử"], on=D(2026, 2, 1))
    assert inside.card_number == "1526000001" + members.luhn_digit("1526000001")


# --------------------------------------------------------------------------
# the token


def test_token_carries_only_the_card_and_its_nonce(an):
    card = card_of(an)
    token = cards.card_token(card)
    assert signing.loads(token, salt=cards.TOKEN_SALT) == {"c": card.pk, "n": card.nonce}
    payload = token.split(":")[0].lstrip(".")
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    for personal in (an.full_name, an.cccd, an.card_number, str(an.birth_year)):
        assert personal.encode() not in decoded and personal not in token
    assert cards.verify_token(token) == card


def test_reissue_keeps_the_number_and_the_old_token_stops_verifying(an):
    old = card_of(an)
    old_token = cards.card_token(old)
    [new] = members.issue_cards(actor=None, people=[an], on=D(2025, 9, 1), reason="Mất thẻ", reissue=True)
    an.refresh_from_db()
    assert new.number == old.number == an.card_number
    assert new.nonce != old.nonce
    assert cards.verify_token(old_token) is None
    assert cards.verify_token(cards.card_token(new)) == new
    assert cards.current_card(an) == new


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), id="tampered-signature"),
        pytest.param(lambda t: t.replace(t.split(":")[0], t.split(":")[0][::-1]), id="tampered-payload"),
        pytest.param(lambda t: "garbage", id="garbage"),
        pytest.param(lambda t: "", id="empty"),
    ],
)
def test_a_tampered_token_fails(an, make):
    assert cards.verify_token(make(cards.card_token(card_of(an)))) is None


def test_tokens_naming_another_card_a_wrong_nonce_or_another_salt_fail(an):
    card = card_of(an)
    assert (
        cards.verify_token(signing.dumps({"c": card.pk + 999, "n": card.nonce}, salt=cards.TOKEN_SALT))
        is None
    )
    assert cards.verify_token(signing.dumps({"c": card.pk, "n": "0" * 16}, salt=cards.TOKEN_SALT)) is None
    assert cards.verify_token(signing.dumps({"c": card.pk, "n": card.nonce}, salt="other")) is None
    assert cards.verify_token(signing.dumps({"c": card.pk, "n": card.nonce})) is None
    assert cards.verify_token(signing.dumps([card.pk, card.nonce], salt=cards.TOKEN_SALT)) is None


# --------------------------------------------------------------------------
# the public verify page


def test_verify_page_shows_name_unit_number_status_and_nothing_else(tree, an):
    card = card_of(an)
    response = Client().get(f"/members/verify/{cards.card_token(card)}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thẻ hợp lệ" in body
    assert "Nguyễn Văn An" in body
    assert tree.school_a.name in body
    assert cards.format_number(an.card_number) in body
    assert "Đang sinh hoạt" in body
    assert an.cccd not in body
    assert "17/05/1990" not in body and "1990-05-17" not in body and "1990" not in body
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_verify_page_refuses_a_revoked_card_and_a_bad_token(an):
    old_token = cards.card_token(card_of(an))
    members.issue_cards(actor=None, people=[an], on=D(2025, 9, 1), reason="Hỏng thẻ", reissue=True)
    for token in (old_token, "abc", old_token[:-2] + "xx"):
        response = Client().get(f"/members/verify/{token}/")
        assert response.status_code == 404
        body = response.content.decode()
        assert "Thẻ không hợp lệ hoặc đã bị thu hồi" in body
        assert "Nguyễn Văn An" not in body


def test_verify_page_refuses_the_card_of_someone_who_left(an):
    token = cards.card_token(card_of(an))
    members.leave(actor=None, person=an, on=D(2025, 10, 1), reason="Nghỉ việc")
    response = Client().get(f"/members/verify/{token}/")
    assert response.status_code == 404
    assert "Nguyễn Văn An" not in response.content.decode()


def test_verify_page_shows_a_suspended_member_as_suspended(an):
    token = cards.card_token(card_of(an))
    members.suspend(actor=None, person=an, on=D(2025, 10, 1), reason="Đi làm ở nước ngoài")
    body = Client().get(f"/members/verify/{token}/").content.decode()
    assert "Thẻ hợp lệ" in body and "Tạm dừng sinh hoạt" in body


# --------------------------------------------------------------------------
# the PDF


def test_pdf_has_ten_cards_per_a4_page_and_grows_with_the_cards(tree):
    holders = with_cards(tree.school_a, [f"Đoàn Viên Số {i}" for i in range(21)])
    sizes = {}
    for n, pages in [(1, 1), (10, 1), (11, 2), (21, 3)]:
        faces = [cards.CardFace.of(p, cards.current_card(p), "https://congdoan.example") for p in holders[:n]]
        pdf = cards.render_pdf(faces)
        assert pdf.startswith(b"%PDF-")
        assert pdf.rstrip().endswith(b"%%EOF")
        assert page_count(pdf) == pages, n
        assert b"/MediaBox [0 0 595.28 841.89]" in pdf  # A4
        sizes[n] = len(pdf)
    assert sizes[1] < sizes[10] < sizes[11] < sizes[21]
    assert b"DejaVu" in pdf  # the vendored font with Vietnamese glyphs is embedded


def test_one_members_card_pdf(tree, people, an, client_for):
    response = client_for(people.officer_a).get(f"/members/{an.pk}/card.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert page_count(response.content) == 1
    entry = AuditEntry.objects.get(action="member.card_pdf")
    assert entry.object_id == str(an.pk) and entry.actor == people.officer_a


def test_card_pdf_without_a_card_number_says_so(tree, people, client_for):
    no_card = admit(tree.school_a, "Phạm Văn Chưa")
    response = client_for(people.officer_a).get(f"/members/{no_card.pk}/card.pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "chưa được cấp thẻ" in response.content.decode()


def test_unit_batch_pdf_has_only_the_subtree_and_is_audited(tree, people, client_for):
    with_cards(tree.school_a, [f"Người A{i}" for i in range(3)])
    with_cards(tree.company_a, ["Người A công ty"])
    with_cards(tree.school_b, [f"Người B{i}" for i in range(9)])
    admit(tree.school_a, "Người A chưa có thẻ")
    response = client_for(people.officer_a).get(f"/members/unit/{tree.district_a.pk}/cards.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert page_count(response.content) == 1
    entry = AuditEntry.objects.get(action="member.cards_pdf")
    assert entry.unit == tree.district_a and entry.after == {"count": 4} and entry.actor == people.officer_a
    names = {p.full_name for p in cards.card_holders(people.officer_a, tree.district_a)}
    assert names == {"Người A0", "Người A1", "Người A2", "Người A công ty"}
    # The province sees both districts: 13 cards, two pages.
    response = client_for(people.province_admin).get(f"/members/unit/{tree.province.pk}/cards.pdf")
    assert page_count(response.content) == 2
    assert AuditEntry.objects.filter(action="member.cards_pdf").latest("id").after == {"count": 13}


def test_unit_batch_without_cards_says_so_and_writes_nothing(tree, people, client_for):
    response = client_for(people.officer_a).get(f"/members/unit/{tree.district_a.pk}/cards.pdf")
    assert response.status_code == 200
    assert "Không có đoàn viên nào" in response.content.decode()
    assert not AuditEntry.objects.filter(action="member.cards_pdf").exists()


# --------------------------------------------------------------------------
# scope


def test_out_of_scope_people_and_units_are_404(tree, people, binh, client_for):
    client = client_for(people.officer_a)
    for url in (
        f"/members/{binh.pk}/card.pdf",
        f"/members/{binh.pk}/ecard/",
        f"/members/unit/{tree.district_b.pk}/cards.pdf",
        f"/members/unit/{tree.school_b.pk}/cards.pdf",
        "/members/999999/card.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert not AuditEntry.objects.filter(action__in=["member.card_pdf", "member.cards_pdf"]).exists()
    # The officer of B does get them.
    assert client_for(people.officer_b).get(f"/members/{binh.pk}/card.pdf").status_code == 200


def test_pages_need_a_login_except_verify(tree, an):
    anonymous = Client()
    for url in (
        f"/members/{an.pk}/card.pdf",
        f"/members/{an.pk}/ecard/",
        f"/members/unit/{tree.top.pk}/cards.pdf",
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


# --------------------------------------------------------------------------
# the e-card


def test_ecard_is_visible_to_the_member_themself_and_not_to_another_member(tree, an, client_for):
    own = make_user("an", unit=tree.school_a, kind=RoleKind.MEMBER)
    other = make_user("binh", unit=tree.school_a, kind=RoleKind.MEMBER)
    Person.objects.filter(pk=an.pk).update(user=own)
    response = client_for(own).get(f"/members/{an.pk}/ecard/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Văn An" in body and cards.format_number(an.card_number) in body
    assert "<svg" in body and "17/05/1990" in body
    assert an.cccd not in body
    assert client_for(other).get(f"/members/{an.pk}/ecard/").status_code == 404
    # A member role gives no officer's view: no PDF of their own or anyone's card.
    assert client_for(own).get(f"/members/{an.pk}/card.pdf").status_code == 404


def test_ecard_qr_encodes_the_verify_url_of_the_card_in_force(tree, people, an, client_for):
    body = client_for(people.officer_a).get(f"/members/{an.pk}/ecard/").content.decode()
    assert "<svg" in body
    expected = cards.qr_svg("http://testserver" + cards.verify_path(card_of(an)))
    assert expected in body
