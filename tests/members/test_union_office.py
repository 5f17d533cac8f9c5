"""Union office (chức vụ công đoàn) on the member record: stored, shown, imported, exported; never a foreign worker's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from python_calamine import load_workbook

from congdoan.accounts.models import AuditEntry
from congdoan.common.errors import DomainError
from congdoan.imports import export
from congdoan.imports.mapping import MEMBERS
from congdoan.imports.members import import_members
from congdoan.members import services as members
from congdoan.members.models import Person
from congdoan.members.reference import union_office_code
from imports.sheet_factory import member_sheet, write
from member_data import cccd_for, person

D = dt.date
FOREIGN_OFFICE = (
    "Người lao động nước ngoài không được giữ chức vụ công đoàn (Luật Công đoàn 2024): "
    "bỏ chức vụ «Chủ tịch» hoặc sửa quốc tịch."
)


def foreign_worker(**extra) -> dict:
    return {
        "full_name": "Kim Min Jun",
        "gender": "male",
        "birth_date": D(1988, 2, 3),
        "citizenship": "foreign",
        "nationality": "Hàn Quốc",
        "other_id": "M12345678",
        "contract_months": 24,
        **extra,
    }


@pytest.fixture
def chair(tree) -> Person:
    return members.admit(
        actor=None,
        unit=tree.a2,
        on=D(2020, 6, 1),
        person=person("Lò Thị Mai", "female", D(1985, 4, 2), union_office="chair"),
    )


@pytest.fixture
def kim(tree) -> Person:
    return members.admit(actor=None, unit=tree.a2, on=D(2025, 7, 1), person=foreign_worker())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("chair", "chair"),
        ("Chủ tịch", "chair"),
        ("CHỦ TỊCH CĐCS", "chair"),
        ("Phó chủ tịch", "vice_chair"),
        ("PCT", "vice_chair"),
        ("UV BCH", "executive"),
        ("Uỷ viên Ban chấp hành", "executive"),
        ("Ủy viên UBKT", "inspection"),
        ("Ủy viên Ủy ban Kiểm tra", "inspection"),
        ("Tổ trưởng công đoàn", "group_leader"),
        ("Tổ trưởng", "group_leader"),
        ("", ""),
        (None, ""),
        ("Không", ""),
        ("Bí thư chi bộ", None),
    ],
)
def test_office_is_read_from_its_code_label_or_abbreviation(text, code):
    assert union_office_code(text) == code


def test_a_member_holds_an_office_and_the_detail_page_shows_it(tree, users, chair, client_for):
    assert Person.objects.get(pk=chair.pk).union_office == "chair"
    page = client_for(users.officer_a).get(f"/members/{chair.pk}/").content.decode()
    assert '<dd id="union-office">Chủ tịch</dd>' in page


def test_a_member_without_office_shows_none(tree, users, kim, client_for):
    page = client_for(users.officer_a).get(f"/members/{kim.pk}/").content.decode()
    assert '<dd id="union-office">Không giữ chức vụ</dd>' in page


def test_a_foreign_worker_is_admitted_without_an_office_but_not_with_one(tree):
    with pytest.raises(DomainError) as refused:
        members.admit(actor=None, unit=tree.a2, on=D(2025, 7, 1), person=foreign_worker(union_office="chair"))
    assert refused.value.message == FOREIGN_OFFICE
    assert refused.value.field == "union_office"
    assert not Person.objects.exists()


def test_an_office_cannot_be_given_to_a_foreign_worker(tree, kim):
    with pytest.raises(DomainError) as refused:
        members.update_person(actor=None, person=kim, union_office="chair")
    assert refused.value.message == FOREIGN_OFFICE
    assert Person.objects.get(pk=kim.pk).union_office == ""
    assert not AuditEntry.objects.filter(action="member.update").exists()


def test_an_officer_cannot_become_a_foreign_worker_while_holding_office(tree, chair):
    with pytest.raises(DomainError, match="không được giữ chức vụ công đoàn"):
        members.update_person(
            actor=None, person=chair, citizenship="foreign", nationality="Lào", cccd="", other_id="P1234567"
        )
    assert Person.objects.get(pk=chair.pk).citizenship == "vn"


def test_office_changes_are_audited_and_an_unknown_office_is_refused(tree, chair):
    members.update_person(actor=None, person=chair, union_office="vice_chair", reason="Bầu lại 2025")
    entry = AuditEntry.objects.get(action="member.update")
    assert (entry.before, entry.after) == ({"union_office": "chair"}, {"union_office": "vice_chair"})
    with pytest.raises(DomainError, match="Chức vụ công đoàn «Bí thư» không có trong danh mục"):
        members.update_person(actor=None, person=chair, union_office="Bí thư")
    assert Person.objects.get(pk=chair.pk).union_office == "vice_chair"


def test_the_edit_form_shows_the_refusal_next_to_the_office_and_stores_nothing(tree, users, kim, client_for):
    form = {
        "full_name": "Kim Min Jun",
        "gender": "male",
        "birth_date": "03/02/1988",
        "other_id": "M12345678",
        "citizenship": "foreign",
        "nationality": "Hàn Quốc",
        "contract_months": "24",
        "ethnicity": "01",
        "religion": "none",
        "union_office": "chair",
    }
    response = client_for(users.officer_a).post(f"/members/{kim.pk}/edit/", form)
    assert response.status_code == 200
    assert response.context["form"].errors == {"union_office": [FOREIGN_OFFICE]}
    assert Person.objects.get(pk=kim.pk).union_office == ""
    response = client_for(users.officer_a).post(f"/members/{kim.pk}/edit/", {**form, "union_office": ""})
    assert response.status_code == 302


def test_the_admit_form_stores_an_office(tree, users, client_for):
    response = client_for(users.officer_a).post(
        f"/members/unit/{tree.a2.pk}/admit/",
        {
            "full_name": "Phạm Văn Đức",
            "gender": "male",
            "birth_date": "12/08/1979",
            "cccd": cccd_for("male", 1979),
            "citizenship": "vn",
            "ethnicity": "01",
            "religion": "none",
            "union_office": "executive",
            "on": "01/03/2024",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(full_name="Phạm Văn Đức").union_office == "executive"


# --------------------------------------------------------------------------
# import and export


def _import(tmp_path: Path, rows: list[dict], user, unit):
    sheet = member_sheet(
        rows, columns=("cccd", "other_id", "nationality", "contract_months", "joined_on", "union_office")
    )
    path = write(tmp_path / "ban-chap-hanh.xlsx", {"Danh sách": sheet})
    return import_members(actor=user, source=str(path), filename=path.name, unit=unit), sheet


def test_import_reads_the_office_column(tree, users, tmp_path):
    rows = [
        {
            "full_name": "Nguyễn Văn An",
            "birth_date": D(1985, 3, 5),
            "gender": "male",
            "cccd": cccd_for("male", 1985),
            "joined_on": D(2021, 5, 1),
            "union_office": "UV BCH",
        },
        {
            "full_name": "Lò Thị Mai",
            "birth_date": D(1990, 12, 3),
            "gender": "female",
            "cccd": cccd_for("female", 1990),
            "joined_on": D(2022, 1, 15),
            "union_office": "",
        },
    ]
    result, _sheet = _import(tmp_path, rows, users.fed_admin, tree.a2)
    assert (result.created, result.rejected) == (2, 0)
    offices = dict(Person.objects.values_list("full_name", "union_office"))
    assert offices == {"Nguyễn Văn An": "executive", "Lò Thị Mai": ""}


def test_import_refuses_a_foreign_officer_row_and_an_unknown_office(tree, users, tmp_path):
    rows = [
        {**foreign_worker(), "joined_on": D(2025, 8, 1), "union_office": "Chủ tịch"},
        {
            "full_name": "Nguyễn Văn An",
            "birth_date": D(1985, 3, 5),
            "gender": "male",
            "cccd": cccd_for("male", 1985),
            "joined_on": D(2021, 5, 1),
            "union_office": "Bí thư",
        },
    ]
    result, sheet = _import(tmp_path, rows, users.fed_admin, tree.a2)
    assert not result.written and not Person.objects.exists()
    errors = [(e.row, e.field, e.code, e.value, e.message) for e in result.errors]
    assert errors[0] == (
        sheet.member_rows[0],
        "union_office",
        "invalid_union_office",
        "Chủ tịch",
        FOREIGN_OFFICE,
    )
    assert errors[1][:4] == (sheet.member_rows[1], "union_office", "invalid_union_office", "Bí thư")
    assert errors[1][4].startswith(
        "Chức vụ công đoàn «Bí thư» không có trong danh mục: ghi một trong «Chủ tịch»"
    )
    assert len(errors) == 2


def test_export_writes_the_office_label_that_the_import_reads_back(tree, users, chair, tmp_path):
    path = tmp_path / "a.xlsx"
    export.write_members_xlsx(str(path), tree.a, D(2025, 1, 1), user=users.fed_admin)
    rows = load_workbook(str(path)).get_sheet_by_name(export.MEMBER_SHEET).to_python(skip_empty_area=False)
    header = rows[export.TITLE_ROWS]
    column = header.index("Chức vụ công đoàn")
    assert header[1:] == [c.label for c in MEMBERS.columns]
    assert rows[export.TITLE_ROWS + 1][column] == "Chủ tịch"
    result = import_members(actor=users.fed_admin, source=str(path), filename=path.name, unit=tree.a2)
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 0, 1, 0)
