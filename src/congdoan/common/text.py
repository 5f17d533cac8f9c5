"""Vietnamese text: normal form, diacritic-free folding and collation.

Stored text is NFC. Searching folds both sides to lower-case ASCII
("Hoàng Giang" -> "hoang giang"), so "hoang giang" finds "Hoàng Giang".
Sorting uses :func:`sort_key`, which orders letters the Vietnamese way
(a ă â b c d đ e ê ... ) and then tones (none, huyền, hỏi, ngã, sắc, nặng).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """Return ``value`` in Unicode NFC with runs of white space folded to one space."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str | None) -> str:
    """Lower-case ASCII form of Vietnamese text, for search without diacritics."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


# Letters in Vietnamese alphabetical order; f j w z sort as in Latin.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Combining marks that make a base letter (breve, circumflex, horn) vs tones.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters_and_tones(word: str) -> tuple[list[int], list[int]]:
    """Letter codes (two digits each, 10-98) and tone ranks (0-5) of one word."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in word.lower():
        if ch == "đ":
            letters.append(20 + _LETTER_RANK["đ"])
            tones.append(0)
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = 0
        for mark in marks:
            if mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
            elif mark == "\u0306" and base == "a":
                base = "ă"
            elif mark == "\u0302" and base in "aeo":
                base = {"a": "â", "e": "ê", "o": "ô"}[base]
            elif mark == "\u031b" and base in "ou":
                base = {"o": "ơ", "u": "ư"}[base]
        if base in _LETTER_RANK:
            letters.append(20 + _LETTER_RANK[base])
        elif base.isdigit():
            letters.append(10 + int(base))
        elif base.isalpha():
            letters.append(60 + ord(base) % 39)
        else:
            continue
        tones.append(tone)
    return letters, tones


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> tuple[str, str]:
    """(letter digits, tone digits) of one word; names repeat their words, so this is cached."""
    letters, tones = _letters_and_tones(word)
    return "".join(f"{code:02d}" for code in letters), "".join(str(t) for t in tones)


def sort_key_text(value: str) -> str:
    """A string of digits whose plain order is the Vietnamese order of ``value``.

    Only digits, so every database collation (SQLite binary, PostgreSQL's
    locale or ICU) orders it the same way: ``ORDER BY`` on a stored key gives
    identical results on SQLite and PostgreSQL. Letters decide first, word
    by word ("00" ends the letters, "01" separates words, so "An" < "An Bình"
    < "Anh"); tones break ties, as in Vietnamese dictionaries.
    """
    letter_words = []
    tones = []
    for word in nfc(value).split(" "):
        letters, word_tones = _word_key(word)
        if letters:
            letter_words.append(letters)
            tones.append(word_tones)
    return "01".join(letter_words) + "00" + "".join(tones)


def name_sort_key(full_name: str) -> str:
    """Sort key for a person's name: given name (last word) first, then the rest in order.

    The given name is compared whole, tones included, before the rest, so a
    list keeps every "Anh" before every "Ánh" (as Vietnamese lists do). No
    key of :func:`sort_key_text` is a prefix of another, so joining two keys
    keeps that order.
    """
    words = nfc(full_name).split(" ")
    if len(words) > 1:
        return sort_key_text(words[-1]) + sort_key_text(" ".join(words[:-1]))
    return sort_key_text(words[0])


#: What makes a spreadsheet read a CSV cell as a formula (=SUM(…), +cmd…, -…, @…), or hide its start.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A text cell for a CSV that Excel or LibreOffice will show as text, never run as a formula.

    An apostrophe goes before a value that begins like a formula (OWASP "CSV
    injection"); :func:`csv_unescape` takes it off again when congdoan reads
    the file back, so export → import stays lossless.
    """
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_unescape(value: str) -> str:
    """A CSV cell as written before :func:`csv_safe`."""
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS) else value
