"""Checks of citizen ID numbers (căn cước công dân, CCCD).

A CCCD has 12 digits: 1–3 the province where the birth was registered,
4 the century of birth and the gender (1900s: 0 male / 1 female; 2000s:
2 / 3; 2100s: 4 / 5; 2200s: 6 / 7; 2300s: 8 / 9), 5–6 the last two digits
of the birth year, 7–12 a serial. An ID that disagrees with the recorded
gender or birth year is reported with the digit that disagrees, never
silently accepted. The old identity card (CMND) had 9 digits and no
structure to check; it is kept as a legacy ID.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from congdoan.members.reference import CCCD_PROVINCES, Gender

_SEPARATORS = re.compile(r"[\s.\-]")


def clean_id(raw: object) -> str:
    """The digits of an ID as typed ("010 090 012 345" -> "010090012345"); text, zeros kept."""
    if raw is None:
        return ""
    return _SEPARATORS.sub("", str(raw)).strip()


def century_digit(gender: str, birth_year: int) -> int:
    """The fourth digit a CCCD must have for this gender and birth year."""
    return (birth_year // 100 - 19) * 2 + (1 if gender == Gender.FEMALE else 0)


def _digit_meaning(digit: int) -> str:
    start = 1900 + (digit // 2) * 100
    gender = _("nữ") if digit % 2 else _("nam")
    return _("%(gender)s, sinh %(start)s–%(end)s") % {"gender": gender, "start": start, "end": start + 99}


def cccd_problems(number: str, *, gender: str | None, birth_year: int | None) -> list[str]:
    """Every way ``number`` breaks the CCCD rules or contradicts gender and birth year."""
    label = _("số CCCD %(n)s") % {"n": number}
    if not number.isdigit():
        return [_("%(label)s: chỉ được gồm chữ số.") % {"label": label}]
    if len(number) == 11:
        return [
            _(
                "%(label)s có 11 chữ số, cần 12: có thể số 0 ở đầu đã bị mất "
                "(ô Excel định dạng số) — hãy nhập dạng văn bản."
            )
            % {"label": label}
        ]
    if len(number) != 12:
        return [_("%(label)s có %(n)s chữ số, cần đúng 12.") % {"label": label, "n": len(number)}]
    problems = []
    province = number[:3]
    if province not in CCCD_PROVINCES:
        problems.append(
            _("%(label)s: ba chữ số đầu %(code)s không phải mã tỉnh nơi đăng ký khai sinh.")
            % {"label": label, "code": province}
        )
    digit = int(number[3])
    if gender and birth_year:
        expected = century_digit(gender, birth_year)
        if digit != expected:
            if digit // 2 != expected // 2:
                problems.append(
                    _("%(label)s: chữ số thứ 4 là %(d)s (%(meaning)s) nhưng năm sinh ghi %(year)s.")
                    % {"label": label, "d": digit, "meaning": _digit_meaning(digit), "year": birth_year}
                )
            else:
                problems.append(
                    _("%(label)s: chữ số thứ 4 là %(d)s (%(meaning)s) nhưng giới tính ghi %(gender)s.")
                    % {
                        "label": label,
                        "d": digit,
                        "meaning": _digit_meaning(digit),
                        "gender": Gender(gender).label,
                    }
                )
    if birth_year and number[4:6] != f"{birth_year % 100:02d}":
        problems.append(
            _("%(label)s: chữ số thứ 5–6 là %(got)s nhưng năm sinh ghi %(year)s (cần %(want)s).")
            % {"label": label, "got": number[4:6], "year": birth_year, "want": f"{birth_year % 100:02d}"}
        )
    return problems


def legacy_id_problems(number: str) -> list[str]:
    """The old 9-digit identity card (CMND): digits only, nothing more to check."""
    if not (number.isdigit() and len(number) == 9):
        return [_("Số CMND cũ %(n)s: cần đúng 9 chữ số.") % {"n": number}]
    return []


def mask_id(number: str) -> str:
    """``•••••••12345``: all but the last five digits hidden."""
    if not number:
        return ""
    return "•" * max(len(number) - 5, 0) + number[-5:]
