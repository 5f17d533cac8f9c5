"""Valid personal data for member tests: CCCDs consistent with birth date and gender."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from congdoan.members.ids import century_digit

_serial = itertools.count(1)


def cccd_for(gender: str, birth_year: int, province: str = "010") -> str:
    """A structurally valid CCCD for this gender and birth year (unique serial per call)."""
    return f"{province}{century_digit(gender, birth_year)}{birth_year % 100:02d}{next(_serial):06d}"


def person(
    full_name: str = "Nguyễn Văn An", gender: str = "male", born: dt.date = dt.date(1990, 5, 17), **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "full_name": full_name,
        "gender": gender,
        "birth_date": born,
        "cccd": cccd_for(gender, born.year),
        "ethnicity": "01",
    }
    data.update(extra)
    return data
