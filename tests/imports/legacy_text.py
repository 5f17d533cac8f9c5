"""Unicode -> TCVN3 (ABC) and VNI, to build legacy-encoded cells in tests.

Written from the code charts (byte -> letter), independently of the
decoder's tables in ``congdoan.imports.values``, so a slip in either shows.
A cell typed with these fonts reaches the importer as the Latin-1 characters
of the bytes: TCVN3 "Nguyễn" is "NguyÔn", VNI "Nguyeãn".
"""

from __future__ import annotations

import unicodedata

# TCVN 5712:1993 VN3 (".VnTime"): byte -> letter. Toned capitals have no code.
_TCVN3_CHART = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TO_TCVN3 = {letter: chr(byte) for byte, letter in _TCVN3_CHART.items()}


def encode_tcvn3(text: str) -> str:
    """``text`` as a TCVN3 cell shows it. A toned capital takes its lower-case code, as with .VnTimeH."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = _TO_TCVN3.get(ch) or _TO_TCVN3.get(ch.lower())
        out.append(code if code is not None and not ch.isascii() else ch)
    return "".join(out)


# VNI Windows: the mark that follows a base letter, by (shape, tone).
_TONE_NAMES = {"\u0301": "sac", "\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang", "": ""}
_VNI_MARK = {
    ("", "sac"): "ù", ("", "huyen"): "ø", ("", "hoi"): "û", ("", "nga"): "õ", ("", "nang"): "ï",
    ("^", ""): "â", ("^", "sac"): "á", ("^", "huyen"): "à", ("^", "hoi"): "å", ("^", "nga"): "ã", ("^", "nang"): "ä",
    ("(", ""): "ê", ("(", "sac"): "é", ("(", "huyen"): "è", ("(", "hoi"): "ú", ("(", "nga"): "ü", ("(", "nang"): "ë",
}  # fmt: skip
# One-character letters: đ, ơ and ư (bare), the toned i and ỵ.
_VNI_ONE = {"đ": "ñ", "ơ": "ô", "ư": "ö", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î"}


def encode_vni(text: str) -> str:
    """``text`` as a VNI cell shows it ("Nguyễn" -> "Nguyeãn", "Đ" -> "Ñ")."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        lower = ch.lower()
        upper = ch != lower
        if ch.isascii() or not ch.isalpha():
            out.append(ch)
            continue
        if lower in _VNI_ONE:
            code = _VNI_ONE[lower]
            out.append(code.upper() if upper else code)
            continue
        parts = unicodedata.normalize("NFD", lower)
        base, marks = parts[0], parts[1:]
        shape = ""
        tone = ""
        for mark in marks:
            if mark == "\u0302":
                shape = "^"
            elif mark == "\u0306":
                shape = "("
            elif mark == "\u031b":  # horn: ơ / ư followed by a tone mark
                base = {"o": "ô", "u": "ö"}[base]
            else:
                tone = _TONE_NAMES[mark]
        if (shape, tone) == ("", ""):
            raise ValueError(f"no VNI spelling for {ch!r}")
        mark_char = _VNI_MARK[(shape, tone)]
        if upper:
            base, mark_char = base.upper(), mark_char.upper()
        out.append(base + mark_char)
    return "".join(out)
