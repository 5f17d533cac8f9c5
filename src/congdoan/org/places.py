"""Official administrative units after the 2025 reform (34 provinces and their wards).

Read from the ``vietnam-provinces`` package, which ships the data: nothing
is downloaded at run time.
"""

from __future__ import annotations

from functools import cache

from vietnam_provinces import Province, Ward


@cache
def provinces() -> list[Province]:
    return sorted(Province.iter_all(), key=lambda p: int(p.code))


@cache
def _province_by_code() -> dict[int, Province]:
    return {int(p.code): p for p in Province.iter_all()}


@cache
def _wards_by_code() -> dict[int, Ward]:
    return {int(w.code): w for w in Ward.iter_all()}


def province_name(code: int | None) -> str | None:
    if code is None:
        return None
    province = _province_by_code().get(int(code))
    return province.name if province else None


def ward(code: int | None) -> Ward | None:
    if code is None:
        return None
    return _wards_by_code().get(int(code))


def ward_name(code: int | None) -> str | None:
    w = ward(code)
    return w.name if w else None


@cache
def wards_of(province_code: int) -> list[Ward]:
    from congdoan.common.text import sort_key_text

    return sorted(
        (w for w in _wards_by_code().values() if int(w.province_code) == int(province_code)),
        key=lambda w: sort_key_text(w.name),
    )


def province_code_by_name(name: str) -> int | None:
    from congdoan.common.text import fold

    wanted = fold(name).removeprefix("tinh ").removeprefix("thanh pho ")
    for province in provinces():
        if fold(province.name).removeprefix("thanh pho ") == wanted:
            return int(province.code)
    return None
