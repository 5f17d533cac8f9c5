"""CCCD structure checks: province code, century/gender digit, birth-year digits."""

from __future__ import annotations

import pytest

from congdoan.members.ids import cccd_problems, century_digit, clean_id, mask_id

# One real-format example for every century/gender digit.
CENTURY_EXAMPLES = [
    ("010090012345", "male", 1990),
    ("010190012345", "female", 1990),
    ("015203012345", "male", 2003),
    ("001305012345", "female", 2005),
    ("079400012345", "male", 2100),
    ("079501012345", "female", 2101),
    ("079600012345", "male", 2200),
    ("079700012345", "female", 2200),
    ("079800012345", "male", 2300),
    ("079900012345", "female", 2300),
]


@pytest.mark.parametrize(("number", "gender", "year"), CENTURY_EXAMPLES)
def test_valid_numbers_for_every_century_and_gender(number, gender, year):
    assert cccd_problems(number, gender=gender, birth_year=year) == []
    assert century_digit(gender, year) == int(number[3])


def test_gender_mismatch_names_the_digit_and_its_meaning():
    problems = cccd_problems("010090012345", gender="female", birth_year=1990)
    assert problems == [
        "số CCCD 010090012345: chữ số thứ 4 là 0 (nam, sinh 1900–1999) nhưng giới tính ghi Nữ."
    ]


def test_century_mismatch_is_reported_against_the_birth_year():
    problems = cccd_problems("010290012345", gender="male", birth_year=1990)
    assert len(problems) == 1
    assert "chữ số thứ 4 là 2 (nam, sinh 2000–2099)" in problems[0]
    assert "năm sinh ghi 1990" in problems[0]


def test_year_digits_must_match_the_birth_year():
    problems = cccd_problems("010091012345", gender="male", birth_year=1990)
    assert problems == ["số CCCD 010091012345: chữ số thứ 5–6 là 91 nhưng năm sinh ghi 1990 (cần 90)."]


@pytest.mark.parametrize("code", ["000", "003", "099", "100", "063"])
def test_unknown_province_codes_are_refused(code):
    problems = cccd_problems(f"{code}090012345", gender="male", birth_year=1990)
    assert any(f"ba chữ số đầu {code}" in p for p in problems)


@pytest.mark.parametrize("code", ["001", "010", "015", "079", "096"])
def test_known_province_codes_pass(code):
    assert cccd_problems(f"{code}090012345", gender="male", birth_year=1990) == []


def test_length_and_characters():
    assert "có 10 chữ số" in cccd_problems("0100900123", gender="male", birth_year=1990)[0]
    assert "số 0 ở đầu đã bị mất" in cccd_problems("10090012345", gender="male", birth_year=1990)[0]
    assert "chỉ được gồm chữ số" in cccd_problems("01009001234A", gender="male", birth_year=1990)[0]


def test_several_problems_are_all_reported():
    problems = cccd_problems("099391012345", gender="male", birth_year=1990)
    assert len(problems) == 3


def test_clean_keeps_leading_zeros_and_drops_separators():
    assert clean_id(" 010 090.012-345 ") == "010090012345"


def test_mask_shows_the_last_five_digits():
    assert mask_id("010090012345") == "•••••••12345"
    assert mask_id("") == ""
