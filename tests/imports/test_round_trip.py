"""Export → import is lossless: the standard template carries every field the registry holds.

People with every field filled (and some with only a birth year, foreign
workers, suspended members, card numbers) are exported, removed from the
registry, and imported from the exported file; every stored value comes
back the same. Importing the export over the registry changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from congdoan.imports import export
from congdoan.imports.members import import_members
from congdoan.members import services
from congdoan.members.models import Person
from congdoan.members.services import PERSON_FIELDS
from member_data import person

D = dt.date
ON = D(2026, 1, 15)


@pytest.fixture
def registry(tree):
    full = person(
        "Hoàng Thị Hương",
        "female",
        D(1988, 2, 29),
        ethnicity="02",
        religion="buddhism",
        education="university",
        hometown_province_code=15,
        residence_province_code=15,
        residence_street="Số 12, đường Hoàng Liên",
        phone="0912345678",
        email="huong@truongkimdong.edu.vn",
        employer="Trường Tiểu học Kim Đồng",
        job_title="Giáo viên",
        contract_type="civil_servant",
        insurance_salary=7_350_000,
        other_id="063123456",
    )
    services.admit(actor=None, unit=tree.a1, on=D(2021, 9, 1), person=full)
    year_only = person("Sùng A Páo", "male", D(1979, 1, 1))
    year_only.update(birth_date=None, birth_year=1979)
    services.admit(actor=None, unit=tree.a1, on=D(2022, 3, 8), person=year_only)
    foreign = {
        "full_name": "Kim Min Jun",
        "gender": "male",
        "birth_date": D(1990, 7, 1),
        "citizenship": "foreign",
        "nationality": "Hàn Quốc",
        "other_id": "M12345678",
        "contract_type": "fixed_term",
        "contract_months": 24,
        "job_title": "Kỹ sư",
    }
    services.admit(actor=None, unit=tree.a2, on=D(2025, 8, 1), person=foreign)
    resting = services.admit(
        actor=None, unit=tree.a2, on=D(2020, 5, 1), person=person("Lò Văn Nghỉ", "male", D(1985, 1, 9))
    )
    services.suspend(actor=None, person=resting, on=D(2025, 11, 1), reason="nghỉ không lương")
    carded = services.admit(
        actor=None, unit=tree.a2, on=D(2020, 6, 1), person=person("Đỗ Thị Thẻ", "female", D(1991, 3, 3))
    )
    services.issue_cards(actor=None, people=[carded], on=D(2024, 1, 2))
    return tree


def _state(p: Person) -> tuple:
    return (*(getattr(p, key) for key in PERSON_FIELDS), p.unit_id, p.status, p.joined_on, p.card_number)


def test_export_then_import_gives_back_every_value(registry, users, tmp_path):
    before = {p.full_name: _state(p) for p in Person.objects.all()}
    assert len(before) == 5
    buffer = io.BytesIO()
    rows = export.save_members(
        actor=users.fed_admin, root=registry.province, on=ON, fmt="xlsx", target=buffer
    )
    assert rows == 5
    path = tmp_path / "xuat.xlsx"
    path.write_bytes(buffer.getvalue())

    again = import_members(actor=users.fed_admin, source=str(path), filename=path.name)
    assert (again.created, again.updated, again.unchanged, again.error_count) == (0, 0, 5, 0)

    Person.objects.all().delete()
    result = import_members(actor=users.fed_admin, source=str(path), filename=path.name)
    assert result.errors == []
    assert result.created == 5
    after = {p.full_name: _state(p) for p in Person.objects.all()}
    assert after == before


def _csv_round_trip(registry, users, tmp_path) -> str:
    """Export the province as .csv, delete everyone, import the file back; returns the file's text."""
    before = {p.full_name: _state(p) for p in Person.objects.all()}
    buffer = io.BytesIO()
    export.save_members(actor=users.fed_admin, root=registry.province, on=ON, fmt="csv", target=buffer)
    path = tmp_path / "xuat.csv"
    path.write_bytes(buffer.getvalue())
    Person.objects.all().delete()
    result = import_members(actor=users.fed_admin, source=str(path), filename=path.name)
    assert result.errors == []
    assert {p.full_name: _state(p) for p in Person.objects.all()} == before
    return buffer.getvalue().decode("utf-8-sig")


def test_csv_export_imports_back_too(registry, users, tmp_path):
    _csv_round_trip(registry, users, tmp_path)


def test_a_masked_export_re_imports_without_touching_the_ids(registry, users, tmp_path):
    # A viewer's export masks the ID numbers; imported back (by an officer), the IDs stay as they are.
    buffer = io.BytesIO()
    export.save_members(actor=users.viewer, root=registry.a, on=ON, fmt="xlsx", target=buffer)
    path = tmp_path / "che.xlsx"
    path.write_bytes(buffer.getvalue())
    assert "•" in str(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())
    ids_before = dict(Person.objects.values_list("full_name", "cccd"))
    result = import_members(actor=users.fed_admin, source=str(path), filename=path.name)
    assert (result.error_count, result.created, result.updated) == (0, 0, 0)
    assert result.unchanged == 5
    assert dict(Person.objects.values_list("full_name", "cccd")) == ids_before


def test_a_csv_cell_that_looks_like_a_formula_is_written_as_text_and_read_back_unchanged(
    registry, users, tmp_path
):
    hostile = Person.objects.get(full_name="Hoàng Thị Hương")
    services.update_person(
        actor=None,
        person=hostile,
        employer='=HYPERLINK("http://example.invalid","Công ty")',
        job_title="-Tổ trưởng",
        residence_street="@Số 12",
        reason="kiểm tra",
    )
    text = _csv_round_trip(registry, users, tmp_path)  # and back unchanged
    # A spreadsheet opening the file shows these as text: each starts with an apostrophe.
    assert '"\'=HYPERLINK(""http://example.invalid"",""Công ty"")"' in text
    assert ",'-Tổ trưởng," in text and ",'@Số 12," in text
