"""Cell values: turn ONE raw spreadsheet cell into a clean Python value, or say what is wrong.

Raw values come from python-calamine (``str``, ``int``, ``float``, ``bool``,
``date``, ``datetime``, ``time``, ``timedelta``, ``None``) or from CSV (always
``str``). Every parser returns ``None`` for an empty cell (the pipeline decides
whether a field is required) and raises :class:`CellProblem` with a stable
English ``code`` and a Vietnamese ``message`` that quotes the value and says how
to fix it. The pipeline adds sheet, row and column.

Text typed with the legacy 8-bit Vietnamese encodings arrives in a cell as
Latin-1 look-alike characters: TCVN3 (ABC, the ``.VnTime`` fonts) writes
"Nguyễn Văn An" as "NguyÔn V¨n An", VNI (``VNI-Times``) as "Nguyeãn Vaên An".
:func:`fix_text` detects this per cell and converts only when the cell could be
legacy at all (no character beyond Latin-1 and cp1252 punctuation), some of
its words are not Vietnamese syllables as they stand, and the converted words
are (all of them, or all but one in four in a long cell; syllables are checked
for spelling and tone placement). Ordinary Unicode Vietnamese, ASCII, French or
German names, e-mails and numbers come out unchanged. A legacy cell whose
words all happen to be valid Unicode ("Vò" is TCVN3 for "Vũ") cannot be told
from its Unicode reading; :func:`guess_legacy_encoding` finds a sheet's
encoding and :func:`assume_legacy` applies it to such cells.

Speed: the pipeline calls these functions up to 15 times per row for a million
rows, so the common cases (ASCII text, Unicode Vietnamese, a date cell, a
numeric ID) take a few checks done in C: ``str.isascii``, precompiled regular
expressions, dictionaries. Results of the slow paths (legacy text, choices,
places) are cached.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import NamedTuple, cast

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from congdoan.common.text import fold

# ---------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------


class CellProblem(Exception):
    """A cell that cannot be read. ``code``: stable snake_case English; ``message``: Vietnamese."""

    def __init__(self, code: str, message: str, value: object = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.value = value

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"CellProblem({self.code!r}, {self.message!r})"


class UnreadableText(CellProblem):
    """A CSV file whose bytes are neither UTF-8, UTF-16 nor Windows-1258."""


def _shown(value: object, limit: int = 60) -> str:
    """A value as quoted in a message: dates the Vietnamese way, long text cut."""
    if isinstance(value, dt.datetime):
        text = value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    elif isinstance(value, dt.time):
        text = value.strftime("%H:%M")
    elif isinstance(value, dt.date):
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        text = str(int(value))
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# Empty cells
# ---------------------------------------------------------------------------


def is_empty(value: object) -> bool:
    """True for a cell with nothing in it: ``None``, ``""``, white space only, NaN."""
    if value is None:
        return True
    if type(value) is str:
        return not value or value.isspace()
    if type(value) is float:
        return value != value  # NaN
    return False


# ---------------------------------------------------------------------------
# Vietnamese syllables (to judge a legacy-encoding conversion)
# ---------------------------------------------------------------------------

# Rhymes (vần) without tone: medial + nucleus + final. An over-approximation
# is fine; what matters is that converted garbage ("nguyôn", "v¨n") fails.
_RHYMES = """
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âu ây âc âm ân âng âp ât
e eo ec em en eng ep et
ê êu êch êm ên ênh êp êt
i ia iu ich im in inh ip it iêc iêm iên iêng iêp iêt iêu
o oi oc om on ong op ot ooc oong
oa oai oay oao oac oach oam oan oang oanh oap oat
oăc oăm oăn oăng oăt
oe oeo oem oen oeng oet
ô ôi ôc ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua ui uc um un ung up ut
uân uâng uât uây
uê uêch uênh
uy uya uyu uych uyn uynh uyp uyt uyên uyêt
uôi uôc uôm uôn uông uôt
uơ
ư ưa ưi ưu ưc ưm ưn ưng ưt
ươi ươu ươc ươm ươn ương ươp ươt
y yêm yên yêng yêt yêu
ak ăk âk ek êk ik ok ôk ơk uk ưk ah ăh eh êh ih oh ôh ơh uh ưh
""".split()  # the last line: Central Highlands names ("Đắk Lắk", "Păh")
_SYLLABLE = re.compile(
    r"(?P<initial>ngh|ng|gh|gi|kh|ph|th|tr|ch|nh|qu|q(?=u)|[bdđghkps][rl]|k[bdmnt]|hm|mn|[bcdđghklmnprstvxfjwz])?"
    r"(?P<rhyme>" + "|".join(sorted(_RHYMES, key=len, reverse=True)) + ")"
)
#: Rhymes and initials that exist but are rare: between two readings that both give
#: Vietnamese words, the one with fewer of them wins ("KHUYẾN", not "KHUỸN").
_RARE = frozenset(
    """uyn uyp uych uym oong ooc oeng oem oen oet oăm oăc ưm ưn oao oeo uyu uơ ơp uênh uêch
    ak ăk âk ek êk ik ok ôk ơk uk ưk ah ăh eh êh ih oh ôh ơh uh ưh""".split()
)
_VOWEL_RUN = re.compile(r"[aăâeêioôơuưy]+")
_SHAPED = frozenset("ăâêôơư")
_ACUTE, _DOT = "\u0301", "\u0323"
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_STOP_FINALS = ("c", "ch", "p", "t")
_syllable_cache: dict[str, bool] = {}


def _tone_places(vowels: str, closed: bool) -> tuple[int, ...]:
    """Where in the vowel run a tone may sit (old "hòa" and new "hoà" placement both allowed)."""
    shaped = [i for i, ch in enumerate(vowels) if ch in _SHAPED]
    if shaped:
        return (shaped[-1],)  # "ươ" -> ơ, "uyê" -> ê, "ưu" -> ư
    if len(vowels) == 1:
        return (0,)
    if closed:
        return (len(vowels) - 1,)  # "hoàn", "quỳnh"
    if vowels in ("oa", "oe", "uy"):
        return (0, 1)
    if len(vowels) == 3:
        return (1,)  # "ngoài", "xoáy", "khuỷu"
    return (0,)  # "tài", "mùa", "kìa", "kẹo"


_rare_cache: dict[str, bool] = {}


def _is_rare(word: str) -> bool:
    """A valid syllable with a rare rhyme or an initial cluster ("kr", "pl") of minority languages."""
    known = _rare_cache.get(word)
    if known is None:
        if len(_rare_cache) > 200_000:
            _rare_cache.clear()
        known = _rare_cache[word] = _rare(word)
    return known


def _rare(word: str) -> bool:
    base = "".join(ch for ch in unicodedata.normalize("NFD", word.lower()) if ch not in _TONES)
    m = _SYLLABLE.fullmatch(unicodedata.normalize("NFC", base))
    if m is None:
        return False
    initial = m.group("initial") or ""
    return m.group("rhyme") in _RARE or (len(initial) == 2 and initial[1] in "rlbdmnt" and initial != "th")


def _is_syllable(word: str) -> bool:
    """Whether ``word`` (one token, any case) is a well-formed Vietnamese syllable, tone well placed."""
    known = _syllable_cache.get(word)
    if known is not None:
        return known
    lower = unicodedata.normalize("NFC", word.lower())
    base_chars = []
    tone_at = -1
    tone = ""
    ok = True
    for i, ch in enumerate(lower):
        parts = unicodedata.normalize("NFD", ch)
        marks = [m for m in parts if m in _TONES]
        if marks:
            if tone or len(marks) > 1:
                ok = False
                break
            tone, tone_at = marks[0], i
            ch = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        base_chars.append(ch)
    if ok:
        base = "".join(base_chars)
        m = _SYLLABLE.fullmatch(base)
        if m is None or (m.group("initial") in ("ngh", "gh") and base[m.start("rhyme")] not in "ieê"):
            ok = False  # "ngh", "gh" only before i, e, ê
        else:
            rhyme_at = m.start("rhyme")
            vowels = _VOWEL_RUN.match(base, rhyme_at)
            closed = m.end("rhyme") > (vowels.end() if vowels else rhyme_at)
            if base.endswith(_STOP_FINALS) and tone not in (_ACUTE, _DOT):
                ok = False  # syllables closed by p, t, c, ch take only the sắc or nặng tone
            elif tone and vowels is not None:
                ok = tone_at - rhyme_at in _tone_places(vowels.group(), closed)
    if len(_syllable_cache) > 200_000:
        _syllable_cache.clear()
    _syllable_cache[word] = ok
    return ok


# ---------------------------------------------------------------------------
# Legacy encodings: TCVN3 (ABC) and VNI
# ---------------------------------------------------------------------------

# TCVN 5712:1993 VN3, the ".VnTime" fonts: Unicode letter -> the Latin-1
# character its byte shows as. Toned capitals do not exist in TCVN3 (the
# ".VnTimeH" fonts draw the lower-case codes as capitals).
_TCVN3_LETTERS = (
    "àµ á¸ ả¶ ã· ạ¹ ă¨ ằ» ắ¾ ẳ¼ ẵ½ ặÆ â© ầÇ ấÊ ẩÈ ẫÉ ậË đ® "
    "èÌ éÐ ẻÎ ẽÏ ẹÑ êª ềÒ ếÕ ểÓ ễÔ ệÖ ì× íÝ ỉØ ĩÜ ịÞ "
    "òß óã ỏá õâ ọä ô« ồå ốè ổæ ỗç ộé ơ¬ ờê ớí ởë ỡì ợî "
    "ùï úó ủñ ũò ụô ư\xad ừõ ứø ửö ữ÷ ựù ỳú ýý ỷû ỹü ỵþ "
    "Ă¡ Â¢ Ê£ Ô¤ Ơ¥ Ư¦ Đ§"
).split(" ")
TCVN3_TO_UNICODE: dict[str, str] = {pair[1]: pair[0] for pair in _TCVN3_LETTERS}
#: TCVN3 codes of lower-case letters that have no capital form in TCVN3.
_TCVN3_LOWER_ONLY = frozenset(
    pair[1] for pair in _TCVN3_LETTERS if pair[0].islower() and pair[0] not in "ăâđêôơư"
)

# VNI Windows: a letter is the ASCII base followed by a mark character, or one
# character for đ, ơ, ư and the toned i / ỵ. Capitals are the Latin-1 capitals
# of the same characters ("AÙ" = "Á", "Ñ" = "Đ").
_VNI_SINGLE = {"ñ": "đ", "ô": "ơ", "ö": "ư", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
# mark character -> (shape mark or "", tone mark or "")
_VNI_MARKS = {
    "ù": ("", "\u0301"),
    "ø": ("", "\u0300"),
    "û": ("", "\u0309"),
    "õ": ("", "\u0303"),
    "ï": ("", "\u0323"),
    "â": (_CIRCUMFLEX, ""),
    "á": (_CIRCUMFLEX, "\u0301"),
    "à": (_CIRCUMFLEX, "\u0300"),
    "å": (_CIRCUMFLEX, "\u0309"),
    "ã": (_CIRCUMFLEX, "\u0303"),
    "ä": (_CIRCUMFLEX, "\u0323"),
    "ê": (_BREVE, ""),
    "é": (_BREVE, "\u0301"),
    "è": (_BREVE, "\u0300"),
    "ú": (_BREVE, "\u0309"),
    "ü": (_BREVE, "\u0303"),
    "ë": (_BREVE, "\u0323"),
}
_VNI_SHAPE_BASES = {_CIRCUMFLEX: "aeo", _BREVE: "a"}


def decode_tcvn3(text: str) -> str | None:
    """``text`` read as TCVN3 (ABC), or None when it holds a character TCVN3 never produces."""
    if _NOT_TCVN3.search(text) is not None:
        return None
    return text.translate(_TCVN3_TABLE)


def decode_vni(text: str) -> str | None:
    """``text`` read as VNI, or None when it is not a possible VNI spelling."""
    out: list[str] = []
    open_vowel = False  # the last letter out may still take a VNI mark
    for ch in text:
        if ch < "\x80":
            out.append(ch)
            open_vowel = ch in "aeouyAEOUY"
            continue
        lower = ch.lower()
        upper = ch != lower
        single = _VNI_SINGLE.get(lower)
        if single is not None:
            if upper and out and out[-1].isalpha() and out[-1].islower():
                return None  # VNI has no capital inside a word; TCVN3 shows as one ("NghÖ")
            out.append(single.upper() if upper else single)
            open_vowel = lower in "ôö"
            continue
        marks = _VNI_MARKS.get(lower)
        if marks is None and ch in _CP1252_PUNCTUATION:
            out.append(ch)
            open_vowel = False
            continue
        if marks is None or not open_vowel:
            return None
        shape, tone = marks
        base = out[-1]
        if upper != base.isupper():
            return None  # a mark has the case of its letter: "AÙ", "aù", never "yÕ"
        if shape and base.lower() not in _VNI_SHAPE_BASES[shape]:
            return None
        out[-1] = unicodedata.normalize("NFC", base + shape + tone)
        open_vowel = False
    return "".join(out)


_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)
# Any character beyond ASCII that is neither a TCVN3 code nor cp1252 punctuation.
_NOT_TCVN3 = re.compile(
    "[^\x00-\x7f"
    + re.escape("".join(TCVN3_TO_UNICODE))
    + "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# A token: a run of anything but white space, digits and ASCII punctuation
# (legacy letters are Latin-1 symbols such as "¨" or "µ").
_TOKEN = re.compile(r"[^\s0-9!-/:-@\[-`{-~\u2010-\u203a\u20ac\u2122]+")
# Typographic punctuation a cp1252 cell may hold next to legacy text ("–", "“", "…").
_CP1252_PUNCTUATION = frozenset(
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_VOWELS = frozenset("aeiouyAEIOUY")


def _abbreviation(word: str) -> bool:
    """Capital letters without a vowel ("ĐH", "CĐ"): counts as a word of its language."""
    return (
        len(word) >= 2
        and word.isupper()
        and not any(unicodedata.normalize("NFD", ch)[0] in _VOWELS for ch in word)
    )


def _judge(original: list[str], converted: list[str]) -> tuple[int, int]:
    """Score of a conversion: (non-ASCII tokens that became syllables, minus rare ones); (-1, 0) if none."""
    became_valid = 0
    counted = 0
    invalid = 0
    rare = 0
    for before, after in zip(original, converted, strict=True):
        if before.isascii():
            continue
        if _abbreviation(after):
            continue
        counted += 1
        if _is_syllable(after):
            if not _is_syllable(before):
                became_valid += 1
            rare += _is_rare(after)
        else:
            invalid += 1
    if counted and all(len(before) == 1 for before in original if not before.isascii()):
        return (-1, 0)  # "µ", "©" alone are symbols, not "à", "â"
    if counted == 0:
        # Only abbreviations ("C§" = "CĐ"): convert them.
        return (1, 0) if converted != original else (-1, 0)
    # Every word must come out Vietnamese; a long cell may keep a foreign word or two.
    if invalid > counted // 4 or (invalid and counted < 4) or not became_valid:
        return (-1, 0)
    return (became_valid, -rare)


_ASCII_LOWER = re.compile("[a-z]")
_ASCII_UPPER = re.compile("[A-Z]")


def _restore_case(original: list[str], converted: list[str], encoding: str) -> list[str]:
    """Capitals the legacy text showed but could not encode.

    A word typed in capitals (".VnTimeH") has its ASCII letters in capitals and
    its toned letters as lower-case codes: "NGUYÔN" -> "NGUYỄN". In TCVN3, a
    word that starts with a toned vowel cannot start with a capital; when every
    other word of the cell starts with one, so does this word ("¸nh" -> "Ánh").
    """
    # Capitals after the first letter and no lower-case ASCII letter: a word in capitals.
    lower = [_ASCII_LOWER.search(word) is not None for word in original]
    caps = [_ASCII_UPPER.search(word, 1) is not None for word in original]
    all_caps_cell = any(caps) and not any(lower)
    result = []
    for word_lower, word_caps, after in zip(lower, caps, converted, strict=True):
        if all_caps_cell or (word_caps and not word_lower):
            after = after.upper()
        result.append(after)
    if encoding == "tcvn3":
        lower_start = [i for i, word in enumerate(original) if word[0] in _TCVN3_LOWER_ONLY]
        others = [word[0] for i, word in enumerate(result) if i not in lower_start and word[0].isalpha()]
        for i in lower_start:
            # The first word of a cell (a name, a title, a place) starts with a capital unless
            # the others show a lower-case cell; a later word does when all the others do.
            if (i == 0 and (not others or any(c.isupper() for c in others))) or (
                others and all(c.isupper() for c in others)
            ):
                result[i] = result[i][0].upper() + result[i][1:]
    return result


def detect_legacy(text: str) -> str | None:
    """``"tcvn3"`` or ``"vni"`` when ``text`` (NFC, Latin-1 only) is clearly legacy text, else None."""
    found = _detect(text)
    return found[0] if found else None


def _detect(text: str) -> tuple[str, list[str], str, list[str]] | None:
    """(encoding, tokens, converted text, converted tokens) of a clearly legacy ``text``."""
    tokens = _TOKEN.findall(text)
    foreign = [t for t in tokens if not t.isascii()]
    if not foreign or all(_is_syllable(t) for t in foreign):
        return None
    # On a tie VNI wins: TCVN3 text nearly always holds a symbol code (¨ © ª µ ...)
    # that VNI never produces, so a cell both can read is almost always VNI.
    best: tuple[str, list[str], str, list[str]] | None = None
    best_score = (0, 0)
    for name, decoder in (("tcvn3", decode_tcvn3), ("vni", decode_vni)):
        converted = decoder(text)
        if converted is None:
            continue
        converted_tokens = _TOKEN.findall(converted)
        if len(converted_tokens) != len(tokens):
            continue
        score = _judge(tokens, converted_tokens)
        if score[0] > 0 and score >= best_score:
            best, best_score = (name, tokens, converted, converted_tokens), score
    return best


def convert_legacy(text: str, encoding: str) -> str:
    """``text`` converted from ``encoding`` ("tcvn3" or "vni") to Unicode NFC, capitals restored."""
    converted = (decode_tcvn3 if encoding == "tcvn3" else decode_vni)(text)
    if converted is None:
        return text
    return _finish(encoding, _TOKEN.findall(text), converted, _TOKEN.findall(converted))


def _finish(encoding: str, tokens: list[str], converted: str, converted_tokens: list[str]) -> str:
    if len(tokens) == len(converted_tokens):
        fixed = iter(_restore_case(tokens, converted_tokens, encoding))
        converted = _TOKEN.sub(lambda _m: next(fixed), converted)
    return unicodedata.normalize("NFC", converted)


def _fits(text: str, encoding: str) -> bool:
    """Whether ``text`` read as ``encoding`` loses no Vietnamese word and gains one.

    Used when the sheet's encoding is known: minority-language words that are
    no standard syllable ("Ia Đal") do not stop the conversion.
    """
    converted = (decode_tcvn3 if encoding == "tcvn3" else decode_vni)(text)
    if converted is None:
        return False
    tokens, converted_tokens = _TOKEN.findall(text), _TOKEN.findall(converted)
    if len(tokens) != len(converted_tokens):
        return False
    gained = False
    for before, after in zip(tokens, converted_tokens, strict=True):
        if before.isascii():
            continue
        if _abbreviation(after) or _is_syllable(after):
            gained = True
        elif _is_syllable(before):
            return False
    return gained


_assumed_encoding: ContextVar[str | None] = ContextVar("assumed_legacy_encoding", default=None)
_legacy_caches: dict[str | None, dict[str, str]] = {None: {}, "tcvn3": {}, "vni": {}}


@contextmanager
def assume_legacy(encoding: str | None) -> Iterator[None]:
    """Within the block, read ambiguous cells as ``encoding`` ("tcvn3", "vni" or None).

    Some legacy cells are valid Unicode Vietnamese as they stand: TCVN3
    "Vò Minh Anh" is "Vũ Minh Anh", VNI "Phan Thò Lan" is "Phan Thị Lan",
    VNI "Hoàng" is "Hồng". One cell cannot tell; a sheet can. The pipeline
    finds the sheet's encoding with :func:`guess_legacy_encoding` and parses
    its rows inside this block; cells detected on their own are unaffected.
    """
    if encoding not in (None, "tcvn3", "vni"):
        raise ValueError(encoding)
    token = _assumed_encoding.set(encoding)
    try:
        yield
    finally:
        _assumed_encoding.reset(token)


def guess_legacy_encoding(values: Iterable[object]) -> str | None:
    """The legacy encoding most text cells of a sheet (or column) are in, or None.

    "tcvn3" or "vni" when cells detected as that encoding outnumber the cells
    that are certainly Unicode (with a letter beyond Latin-1: "ư", "ạ") and
    at least four in five of the detected cells agree.
    """
    unicode_cells = 0
    found: Counter[str] = Counter()
    for value in values:
        if type(value) is not str or value.isascii():
            continue
        text = unicodedata.normalize("NFC", value)
        if _BEYOND_LEGACY.search(text) is not None:
            unicode_cells += 1
        elif _HAS_8BIT.search(text) is not None:
            encoding = detect_legacy(_clean_spaces(text))
            if encoding is not None:
                found[encoding] += 1
    if not found:
        return None
    encoding, count = found.most_common(1)[0]
    if count > unicode_cells and count * 5 >= found.total() * 4:
        return encoding
    return None


def _unlegacy(text: str) -> str:
    assumed = _assumed_encoding.get()
    cache = _legacy_caches[assumed]
    known = cache.get(text)
    if known is not None:
        return known
    found = _detect(text)
    if found is not None:
        result = _finish(*found)
    elif assumed is not None and _fits(text, assumed):
        result = convert_legacy(text, assumed)
    else:
        result = text
    if len(cache) > 100_000:
        cache.clear()
    cache[text] = result
    return result


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# A character no TCVN3/VNI cell read as Latin-1 or cp1252 can hold: real Unicode text.
_BEYOND_LEGACY = re.compile("[^\x00-\xff\u2010-\u203a\u20ac\u2122]")
_HAS_8BIT = re.compile("[\x80-\xff]")


def _clean_spaces(text: str) -> str:
    """Runs of white space (NBSP too) as one space, zero-width characters gone; soft hyphens kept (TCVN3 "ư")."""
    return " ".join(text.translate(_ZERO_WIDTH).split())


def _text_of(value: object) -> str:
    """A non-text cell as text: integral numbers without ".0", dates as dd/mm/yyyy."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (math.inf, -math.inf):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M") if not value.second else value.strftime("%H:%M:%S")
    return fix_text(str(value))


def fix_text(value: object) -> str:
    """Any cell as clean text: NFC, single spaces, legacy TCVN3/VNI converted; ``""`` for empty."""
    if type(value) is not str:
        if value is None:
            return ""
        return _text_of(value)
    if not value:
        return value
    # White space: tabs, line breaks, NBSP and zero-width characters are not printable.
    if not value.isprintable() or "  " in value or value[0] == " " or value[-1] == " ":
        value = _clean_spaces(value)
        if not value:
            return value
    if value.isascii():
        return value
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if _BEYOND_LEGACY.search(value) is not None or _HAS_8BIT.search(value) is None:
        return value
    return _unlegacy(value)


# ---------------------------------------------------------------------------
# CSV bytes
# ---------------------------------------------------------------------------


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1258; NFC."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif b"\x00" in data:
        # UTF-16 without a BOM ("Unicode text" from some tools): the zero bytes say which order.
        even = data[0::2].count(0)
        odd = data[1::2].count(0)
        encodings = ("utf-16-le",) if odd > even else ("utf-16-be",)
    else:
        encodings = ("utf-8", "cp1258")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        return unicodedata.normalize("NFC", text)
    raise UnreadableText(
        "text_unreadable",
        _(
            "Tệp CSV không đọc được (không phải UTF-8, UTF-16 hay Windows-1258): mở tệp bằng Excel "
            "rồi lưu lại dạng «CSV UTF-8» hoặc .xlsx và nhập lại."
        ),
    )


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


class ParsedDate(NamedTuple):
    """A date cell: the full date when it gives one, always the year; ``month`` for "3/2010"."""

    date: dt.date | None
    year: int
    month: int | None = None


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 in the 1900 date system, from serial 61 on
_EXCEL_EPOCH_ORDINAL = _EXCEL_EPOCH.toordinal()
_EXCEL_MAX_SERIAL = 2_958_465  # 31/12/9999
_FIRST_DAY = dt.date(1900, 1, 1)
# A year typed into a date-formatted cell shows as a day of 1905 (1985 -> 07/06/1905).
_YEAR_AS_SERIAL = (dt.date(1905, 3, 14), dt.date(1905, 9, 30))  # serials 1900 and 2100
_today_cache: list = [0.0, dt.date.today()]


def excel_date(serial: float) -> dt.date | None:
    """The day of an Excel serial number (1900 date system; the time of day dropped).

    Excel counts 29/02/1900, which never was (a bug kept from Lotus 1-2-3):
    serial 60 is that day (None here), 61 is 01/03/1900, and from there on
    serial n is 30/12/1899 + n days. Serials 1-59 are 01/01/1900 + n - 1.
    """
    days = int(serial)
    if days == 60:
        return None
    if days < 60:
        days += 1
    return dt.date.fromordinal(_EXCEL_EPOCH_ORDINAL + days)


def _today() -> dt.date:
    now = time.monotonic()
    if now - _today_cache[0] > 30:
        _today_cache[0] = now
        _today_cache[1] = dt.date.today()
    return _today_cache[1]


_DMY4 = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DMY = re.compile(r"(\d{1,2})\s*[/.\-\\]\s*(\d{1,2})\s*[/.\-\\]\s*(\d{4}|\d{2})\.?")
_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")
_NUMBER_TEXT = re.compile(r"\d+(?:\.0*)?")
_TIME_SUFFIX = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?(?:\s*[AaPp][Mm])?$")
_WORDS_DMY = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*|[/.\-]\s*)(\d{4}|\d{2})")
_WORDS_MY = re.compile(r"thang\s*(\d{1,2})\s*(?:nam\s*|[/.\-]\s*)(\d{4})")
_WORDS_PREFIX = re.compile(r"^(?:sinh\s+)?(?:ngay|nam)\s*")


class _DateContext:
    __slots__ = ("label", "raw", "today")

    def __init__(self, raw: object, label: str, today: dt.date) -> None:
        self.raw = raw
        self.label = label
        self.today = today

    def problem(self, code: str, message: str, **params: object) -> CellProblem:
        params = {"label": self.label or _("Ngày"), "value": _shown(self.raw), **params}
        return CellProblem(code, message % params, self.raw)

    def unreadable(self) -> CellProblem:
        return self.problem(
            "date_format",
            _(
                "%(label)s «%(value)s» không đọc được thành ngày: ghi theo kiểu ngày/tháng/năm "
                "(ví dụ 05/03/1990) hoặc chỉ ghi năm (ví dụ 1990)."
            ),
        )

    def impossible(self) -> CellProblem:
        return self.problem(
            "date_invalid",
            _(
                "%(label)s «%(value)s» không có thật: kiểm tra lại ngày và tháng "
                "(ghi theo kiểu ngày/tháng/năm, ví dụ 05/03/1990)."
            ),
        )

    def year(self, year: int, month: int | None = None) -> ParsedDate:
        if year < 1900:
            raise self.problem(
                "date_out_of_range",
                _(
                    "%(label)s «%(value)s» là năm %(year)s, trước năm 1900: kiểm tra lại năm (ghi đủ 4 chữ số)."
                ),
                year=year,
            )
        if year > self.today.year or (
            month is not None and year == self.today.year and month > self.today.month
        ):
            raise self.future()
        return ParsedDate(None, year, month)

    def future(self) -> CellProblem:
        return self.problem(
            "date_out_of_range", _("%(label)s «%(value)s» ở tương lai: kiểm tra lại ngày, tháng, năm.")
        )

    def checked(self, day: dt.date) -> ParsedDate:
        if day.year < 1900:
            self.year(day.year)
        if day > self.today:
            raise self.future()
        return ParsedDate(day, day.year)

    def pivot(self, year: int, month: int = 12, day: int = 31) -> int:
        """A two-digit year in the century that does not put the date in the future."""
        full = 2000 + year
        try:
            later = dt.date(full, month, day)
        except ValueError:
            later = dt.date(full, month, 28)
        return full if later <= self.today else 1900 + year

    def day_month_year(self, day: int, month: int, year: int, two_digit: bool) -> ParsedDate:
        if month > 12 and 1 <= day <= 12 and month <= 31:
            full_year = self.pivot(year, day, 1) if two_digit else year
            raise self.problem(
                "date_month_first",
                _(
                    "%(label)s «%(value)s» có vẻ ghi tháng trước ngày (kiểu Mỹ): ngày phải ghi trước "
                    "tháng, ví dụ %(suggestion)s."
                ),
                suggestion=f"{month:02d}/{day:02d}/{full_year}",
            )
        if two_digit:
            year = self.pivot(year, month if 1 <= month <= 12 else 12, 1)
        try:
            found = dt.date(year, month, day)
        except ValueError:
            if 1 <= month <= 12 and 1 <= day <= 31 and year < 1900:
                self.year(year)
            raise self.impossible() from None
        return self.checked(found)

    def serial(self, number: float) -> ParsedDate:
        if not 1 <= number < _EXCEL_MAX_SERIAL + 1:
            raise self.unreadable()
        found = excel_date(number)
        if found is None:
            raise self.impossible()
        return self.checked(found)

    def number(self, number: float) -> ParsedDate:
        if number != number or number < 0:
            raise self.unreadable()
        if number.is_integer():
            whole = int(number)
            if 1900 <= whole <= 2100:
                return self.year(whole)
            if whole < 100:
                return self.year(self.pivot(whole))
            if whole < 1900:
                raise self.unreadable()
        return self.serial(number)

    def text(self, text: str) -> ParsedDate:
        m = _DMY.fullmatch(text)
        if m is not None:
            y = m.group(3)
            return self.day_month_year(int(m.group(1)), int(m.group(2)), int(y), len(y) == 2)
        if ":" in text:
            stripped = _TIME_SUFFIX.sub("", text)
            if stripped != text:
                return self.text(stripped.strip())
        m = _YMD.fullmatch(text)
        if m is not None:
            try:
                found = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise self.impossible() from None
            return self.checked(found)
        if _NUMBER_TEXT.fullmatch(text):
            digits = text.split(".")[0]
            if len(digits) == 8:
                return self.eight_digits(digits)
            if len(digits) in (2, 4, 5):
                return self.number(float(text))
            raise self.unreadable()
        m = _MONTH_YEAR.fullmatch(text)
        if m is not None:
            return self.month_year(int(m.group(1)), int(m.group(2)))
        return self.words(text)

    def eight_digits(self, digits: str) -> ParsedDate:
        """ddmmyyyy, or yyyymmdd when that is the only date it can be."""
        day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        try:
            return self.checked(dt.date(year, month, day))
        except (ValueError, CellProblem):
            pass
        try:
            found = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            raise self.impossible() from None
        return self.checked(found)

    def month_year(self, month: int, year: int) -> ParsedDate:
        if not 1 <= month <= 12:
            raise self.impossible()
        return self.year(year, month)

    def words(self, text: str) -> ParsedDate:
        folded = fold(text)
        m = _WORDS_DMY.fullmatch(folded)
        if m is not None:
            y = m.group(3)
            return self.day_month_year(int(m.group(1)), int(m.group(2)), int(y), len(y) == 2)
        m = _WORDS_MY.fullmatch(folded)
        if m is not None:
            return self.month_year(int(m.group(1)), int(m.group(2)))
        stripped = _WORDS_PREFIX.sub("", folded)
        if stripped != folded and stripped:
            return self.text(stripped)
        raise self.unreadable()


def parse_date(value: object, *, field_label: str = "", today: dt.date | None = None) -> ParsedDate | None:
    """A date cell, day first: Excel date or serial, text "05/03/1990", "1990-03-05", a year.

    "03/12/1990" is 3 December; "12/31/1990" is refused as month-first
    (``date_month_first``). Two-digit years fall in the century that does not
    put the date after ``today``. ``field_label`` names the field in messages
    ("Ngày sinh").
    """
    kind = type(value)
    if today is None and (kind is str or kind is dt.date or kind is float):
        known = _date_cache.get(value)
        if known is not None:
            return known
        parsed = _parse_date_fast(value, kind, field_label, _today())
        if parsed is not None:  # dates repeat: ~22,000 birthdays over 60 years
            if len(_date_cache) > 100_000:
                _date_cache.clear()
            _date_cache[value] = parsed
        return parsed
    return _parse_date_fast(value, kind, field_label, today or _today())


_date_cache: dict[object, ParsedDate] = {}


def _parse_date_fast(value: object, kind: type, field_label: str, today: dt.date) -> ParsedDate | None:
    # Fast paths: a date cell, "dd/mm/yyyy" text, a serial number, all well inside the range.
    if kind is dt.datetime:
        value = cast(dt.datetime, value).date()
        kind = dt.date
    if kind is dt.date:
        day = cast(dt.date, value)
        if _FIRST_DAY <= day <= today and not _YEAR_AS_SERIAL[0] <= day <= _YEAR_AS_SERIAL[1]:
            return ParsedDate(day, day.year)
    elif kind is str:
        m = _DMY4.fullmatch(cast(str, value))
        if m is not None:
            try:
                found = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                pass
            else:
                if found >= _FIRST_DAY and found <= today:
                    return ParsedDate(found, found.year)
    elif kind is float:
        serial = cast(float, value)
        if 2100 < serial <= _EXCEL_MAX_SERIAL:
            found = dt.date.fromordinal(_EXCEL_EPOCH_ORDINAL + int(serial))
            if found <= today:
                return ParsedDate(found, found.year)
    elif value is None:
        return None
    return _parse_date(value, field_label, today)


def _parse_date(value: object, field_label: str, today: dt.date) -> ParsedDate | None:
    context = _DateContext(value, field_label, today)
    kind = type(value)
    if kind is dt.date:
        day = cast(dt.date, value)
        if _YEAR_AS_SERIAL[0] <= day <= _YEAR_AS_SERIAL[1]:
            # A year typed into a date-formatted cell: Excel shows 1985 as 07/06/1905.
            return context.year((day - _EXCEL_EPOCH).days)
        return context.checked(day)
    if kind is str:
        text = cast(str, value).strip()
        if not text:
            return None
        return context.text(text)
    if kind is float or kind is int:
        return context.number(float(cast(float, value)))
    if isinstance(value, bool | dt.time | dt.timedelta):
        raise context.unreadable()
    if isinstance(value, dt.datetime):
        return _parse_date(value.replace(tzinfo=None).date(), field_label, today)
    if isinstance(value, dt.date):
        return context.checked(value)
    return _parse_date(str(value), field_label, today)


# ---------------------------------------------------------------------------
# ID numbers
# ---------------------------------------------------------------------------

_ID_SEPARATORS = re.compile(r"[\s.\-_,/]|\u00a0")
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE][+]?\d+")
_FLOAT_TEXT = re.compile(r"(\d{6,})\.0+")
_DIGITS = re.compile(r"[0-9]+")
_ID_CHARS = re.compile(r"[A-Z0-9]+")
#: digits of a number that lost its leading zero -> digits it had (CCCD 12, CMND 9).
_LOST_ZERO = {11: 12, 8: 9}


def _id_problem(code: str, message: str, value: object, **params: object) -> CellProblem:
    return CellProblem(code, message % {"value": _shown(value), **params}, value)


def _id_from_number(value: object, number: int, pad: bool) -> str:
    if number < 0:
        raise _id_problem("id_not_digits", _("Số «%(value)s» không được âm: chỉ ghi chữ số."), value)
    digits = str(number)
    if pad and len(digits) in _LOST_ZERO:
        digits = digits.zfill(_LOST_ZERO[len(digits)])
    return digits


def parse_id(value: object, *, letters_ok: bool = False, pad: bool = True) -> str | None:
    """An ID number (CCCD, CMND, card number) as text: digits only, leading zeros kept.

    A number cell that lost its leading zero gets it back (11 digits -> 12,
    8 -> 9) unless ``pad`` is false (card numbers). ``letters_ok`` keeps
    capital letters too (passports: "B1234567"). CCCD rules (province, century
    digit) are checked elsewhere (``members.ids``).
    """
    kind = type(value)
    if kind is str:
        text = cast(str, value)
        if text.isdigit() and text.isascii():
            digits = text
        else:
            cleaned = _clean_id_text(text, value, letters_ok)
            if cleaned is None:
                return None
            digits = cleaned
    elif kind is float:
        number = cast(float, value)
        if not number.is_integer():
            raise _id_problem(
                "id_not_digits",
                _(
                    "Số «%(value)s» có phần thập phân: số giấy tờ chỉ gồm chữ số; định dạng cột là Văn bản (Text)."
                ),
                value,
            )
        digits = _id_from_number(value, int(number), pad)
    elif kind is int:
        digits = _id_from_number(value, cast(int, value), pad)
    elif value is None:
        return None
    else:
        raise _id_problem("id_not_digits", _("«%(value)s» không phải số giấy tờ: chỉ ghi chữ số."), value)
    if not 5 <= len(digits) <= 20:
        raise _id_problem(
            "id_length",
            _("Số «%(value)s» có %(n)s ký tự: số giấy tờ phải có từ 5 đến 20 ký tự; kiểm tra lại."),
            value,
            n=len(digits),
        )
    return digits


def _clean_id_text(text: str, value: object, letters_ok: bool) -> str | None:
    text = text.strip().lstrip("'‘’`")
    if not text:
        return None
    if _SCIENTIFIC.fullmatch(text):
        raise _id_problem(
            "id_scientific",
            _(
                "Số «%(value)s» đã bị Excel đổi sang dạng số mũ và mất chữ số: định dạng cột là "
                "Văn bản (Text) rồi gõ lại đủ số."
            ),
            value,
        )
    m = _FLOAT_TEXT.fullmatch(text)
    if m is not None:  # "1234567890.0" written out by a tool from a number
        text = m.group(1)
    cleaned = _ID_SEPARATORS.sub("", text)
    if letters_ok:
        cleaned = cleaned.upper()
        if _ID_CHARS.fullmatch(cleaned):
            return cleaned
        raise _id_problem(
            "id_not_digits",
            _("Số «%(value)s» chỉ được gồm chữ số và chữ cái không dấu (hộ chiếu, ví dụ B1234567)."),
            value,
        )
    if _DIGITS.fullmatch(cleaned):
        return cleaned
    raise _id_problem(
        "id_not_digits",
        _(
            "Số «%(value)s» chỉ được gồm chữ số: xóa chữ cái và ký hiệu khác "
            "(dấu cách, dấu chấm, gạch ngang được bỏ tự động)."
        ),
        value,
    )


# ---------------------------------------------------------------------------
# Gender, phone, e-mail, numbers
# ---------------------------------------------------------------------------

_GENDERS_FOLDED = {
    "nam": "male",
    "m": "male",
    "male": "male",
    "trai": "male",
    "nam gioi": "male",
    "gioi tinh nam": "male",
    "nu": "female",
    "f": "female",
    "female": "female",
    "gai": "female",
    "nu gioi": "female",
    "gioi tinh nu": "female",
}
_GENDERS_RAW = {"Nam": "male", "Nữ": "female", "NAM": "male", "NỮ": "female", "nam": "male", "nữ": "female"}


def parse_gender(value: object) -> str | None:
    """ "male" or "female" from "Nam", "Nữ", "Nu", "M", "F" (any case)."""
    if type(value) is str:
        found = _GENDERS_RAW.get(value)
        if found is not None:
            return found
    if is_empty(value):
        return None
    text = fix_text(value)
    found = _GENDERS_FOLDED.get(fold(text).strip(" ."))
    if found is not None:
        return found
    raise CellProblem(
        "gender_unknown",
        _("Giới tính «%(value)s» không rõ: ghi «Nam» hoặc «Nữ».") % {"value": _shown(value)},
        value,
    )


_PHONE_JUNK = re.compile(r"[\s.\-()/\u00a0]")
_PHONE_PREFIX = re.compile(r"^(?:\+84|0084|84(?=[1-9]\d{8,9}$))")
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{8,9}")
_PHONE_SPLIT = re.compile(r"[;,/&\n]|\s[-–]\s|\s(?:hoặc|hoac|và|va)\s", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"\D")


def _phone_problem(value: object) -> CellProblem:
    return CellProblem(
        "phone_invalid",
        _(
            "Số điện thoại «%(value)s» không đúng: ghi 10 chữ số bắt đầu bằng 0 (di động, ví dụ "
            "0912 345 678) hoặc số cố định có mã vùng (ví dụ 0214 3840 123)."
        )
        % {"value": _shown(value)},
        value,
    )


def parse_phone(value: object) -> str | None:
    """A Vietnamese phone number as digits with its leading 0: "0912345678"."""
    kind = type(value)
    if kind is float or kind is int:
        number = float(cast(float, value))
        if not number.is_integer() or number <= 0:
            raise _phone_problem(value)
        digits = str(int(number))
    elif kind is str:
        text = cast(str, value).strip()
        if not text:
            return None
        if _PHONE_SPLIT.search(text) is not None:
            numbers = [p for p in _PHONE_SPLIT.split(text) if len(_NOT_DIGIT.sub("", p)) >= 9]
            if len(numbers) > 1:
                raise CellProblem(
                    "phone_invalid",
                    _("Ô «%(value)s» có nhiều số điện thoại: chỉ ghi một số (số di động).")
                    % {"value": _shown(value)},
                    value,
                )
        digits = _PHONE_JUNK.sub("", text.lstrip("'"))
        digits = _PHONE_PREFIX.sub("0", digits)
        if digits.startswith("00"):  # "+84 (0) 912..."
            digits = digits[1:]
        if not _DIGITS.fullmatch(digits):
            raise _phone_problem(value)
    elif value is None:
        return None
    else:
        raise _phone_problem(value)
    if digits[0] != "0":
        # A number cell (or a CSV written from one) dropped the leading zero.
        if len(digits) == 9 and digits[0] in "35789" or len(digits) in (9, 10) and digits[0] == "2":
            digits = "0" + digits
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return digits
    raise _phone_problem(value)


_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}"
)


def parse_email(value: object) -> str | None:
    """An e-mail address; the domain in lower case."""
    if is_empty(value):
        return None
    text = fix_text(value).strip(" <>;,")
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if len(text) <= 254 and _EMAIL.fullmatch(text):
        local, _at, domain = text.rpartition("@")
        return f"{local}@{domain.lower()}"
    raise CellProblem(
        "email_invalid",
        _("Thư điện tử «%(value)s» không đúng dạng: ghi theo kiểu ten@tenmien.vn, mỗi ô một địa chỉ.")
        % {"value": _shown(value)},
        value,
    )


_INT_TEXT = re.compile(r"[+-]?\d+")
_INT_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*")
_INT_POINT_ZERO = re.compile(r"([+-]?\d+)[.,]0+")


def _number_problem(value: object) -> CellProblem:
    return CellProblem(
        "number_invalid",
        _("«%(value)s» không phải số nguyên: chỉ ghi chữ số (ví dụ 36).") % {"value": _shown(value)},
        value,
    )


def parse_int(value: object) -> int | None:
    """A whole number: 36, 36.0, "36", "1.000" (dot or comma groups thousands)."""
    kind = type(value)
    if kind is int:
        return cast(int, value)
    if kind is float:
        number = cast(float, value)
        if number.is_integer():
            return int(number)
        if number != number:
            return None
        raise _number_problem(value)
    if kind is str:
        text = cast(str, value).strip().replace("\u00a0", " ")
        if not text:
            return None
        if _INT_TEXT.fullmatch(text):
            return int(text)
        if _INT_GROUPED.fullmatch(text):  # "1.000": Vietnamese thousands
            return int(re.sub(r"[.,\s]", "", text))
        m = _INT_POINT_ZERO.fullmatch(text)
        if m is not None:
            return int(m.group(1))
        raise _number_problem(value)
    if value is None:
        return None
    raise _number_problem(value)


_MONEY_UNITS = re.compile(r"\s*(trieu|tr|nghin|ngan|k|ty|ti)\s*$")
_MONEY_MULTIPLIERS = {
    "trieu": 1_000_000,
    "tr": 1_000_000,
    "nghin": 1000,
    "ngan": 1000,
    "k": 1000,
    "ty": 10**9,
    "ti": 10**9,
}
_MONEY_CURRENCY = re.compile(r"\s*(?:dong|vnd|d|vnđ)\.?\s*$")
_MONEY_NUMBER = re.compile(r"\d[\d.,]*")


def _money_problem(value: object) -> CellProblem:
    return CellProblem(
        "number_invalid",
        _("Số tiền «%(value)s» không đọc được: ghi số đồng bằng chữ số, ví dụ 5.500.000.")
        % {"value": _shown(value)},
        value,
    )


def _decimal_number(text: str, scaled: bool) -> float | None:
    """Digits with Vietnamese or English grouping and decimals, as a float."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        group = "," if decimal == "." else "."
        if text.count(decimal) > 1:
            return None
        text = text.replace(group, "").replace(decimal, ".")
    elif dots or commas:
        sep = "." if dots else ","
        parts = text.split(sep)
        grouped = all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3
        if len(parts) > 2:
            if not grouped:
                return None
            text = "".join(parts)
        elif grouped and (not scaled or sep == "."):
            # "5.500" is 5500; with a unit, "1,5 triệu" is a decimal and "1.500 triệu" 1500 triệu.
            text = "".join(parts)
        else:
            text = ".".join(parts)
    try:
        return float(text)
    except ValueError:
        return None


def parse_money(value: object) -> int | None:
    """An amount in đồng: 5500000, 5500000.0, "5.500.000", "5,500,000", "5,5 triệu", "5.500.000 đ"."""
    kind = type(value)
    if kind is int:
        number = cast(float, value)
    elif kind is float:
        number = cast(float, value)
        if number != number:
            return None
    elif kind is str:
        text = cast(str, value).strip()
        if not text:
            return None
        folded = fold(text).replace(" ", "") if not text.isdigit() else text
        if folded.isdigit():
            number = int(folded)
        else:
            folded = _MONEY_CURRENCY.sub("", folded)
            multiplier = 1
            m = _MONEY_UNITS.search(folded)
            if m is not None:
                multiplier = _MONEY_MULTIPLIERS[m.group(1)]
                folded = folded[: m.start()]
            if not _MONEY_NUMBER.fullmatch(folded):
                raise _money_problem(value)
            parsed = _decimal_number(folded, multiplier != 1)
            if parsed is None:
                raise _money_problem(value)
            number = parsed * multiplier
    elif value is None:
        return None
    else:
        raise _money_problem(value)
    if number < 0 or number != number or number in (math.inf,):
        raise _money_problem(value)
    return int(round(number))


# ---------------------------------------------------------------------------
# Choices: ethnicity, religion, education, contract type
# ---------------------------------------------------------------------------

_PUNCT = re.compile(r"[^a-z0-9/ ]+")


def _key(text: str) -> str:
    """Folded, punctuation gone, single spaces: "Khơ-me" -> "kho me"."""
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


_CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "ethnicity": {
        "khmer": "05",
        "kho me": "05",
        "khome": "05",
        "mong": "08",
        "hmong": "08",
        "h mong": "08",
        "meo": "08",
        "e de": "12",
        "ede": "12",
        "bana": "13",
        "xo dang": "14",
        "cao lan": "15",
        "san chi": "15",
        "co ho": "16",
        "cham": "17",
        "h re": "19",
        "m nong": "20",
        "raglai": "21",
        "stieng": "22",
        "x tieng": "22",
        "van kieu": "23",
        "bru van kieu": "23",
        "katu": "26",
        "co tu": "26",
        "gie trieng": "27",
        "kho mu": "29",
        "khmu": "29",
        "ta oi": "31",
        "cho ro": "32",
        "xinh mun": "34",
        "chu ru": "36",
        "la chi": "38",
        "ro mam": "54",
        "o du": "53",
        "nuoc ngoai": "99",
        "nguoi nuoc ngoai": "99",
    },
    "religion": {
        "khong": "none",
        "khong ton giao": "none",
        "khong co": "none",
        "khong theo ton giao nao": "none",
        "khong theo dao": "none",
        "ktg": "none",
        "phat": "buddhism",
        "dao phat": "buddhism",
        "pg": "buddhism",
        "thien chua": "catholic",
        "thien chua giao": "catholic",
        "dao thien chua": "catholic",
        "cong giao": "catholic",
        "tin lanh": "protestant",
        "dao tin lanh": "protestant",
        "cao dai": "cao_dai",
        "dao cao dai": "cao_dai",
        "hoa hao": "hoa_hao",
        "pghh": "hoa_hao",
        "hoi": "islam",
        "hoi giao": "islam",
        "islam": "islam",
        "khac": "other",
    },
    "education": {
        "tieu hoc": "primary",
        "cap 1": "primary",
        "cap i": "primary",
        "thcs": "lower_secondary",
        "cap 2": "lower_secondary",
        "cap ii": "lower_secondary",
        "thpt": "upper_secondary",
        "pt th": "upper_secondary",
        "ptth": "upper_secondary",
        "pho thong trung hoc": "upper_secondary",
        "cap 3": "upper_secondary",
        "cap iii": "upper_secondary",
        "bo tuc thpt": "upper_secondary",
        "trung cap": "vocational",
        "trung cap nghe": "vocational",
        "so cap": "vocational",
        "so cap nghe": "vocational",
        "thcn": "vocational",
        "trung hoc chuyen nghiep": "vocational",
        "tc": "vocational",
        "cao dang": "college",
        "cd": "college",
        "dai hoc": "university",
        "dh": "university",
        "cu nhan": "university",
        "ky su": "university",
        "thac si": "master",
        "thac sy": "master",
        "ths": "master",
        "cao hoc": "master",
        "tien si": "doctorate",
        "tien sy": "doctorate",
        "ts": "doctorate",
    },
    "contract_type": {
        "khong xac dinh thoi han": "indefinite",
        "kxdth": "indefinite",
        "kxd": "indefinite",
        "hdkxdth": "indefinite",
        "hd kxdth": "indefinite",
        "khong thoi han": "indefinite",
        "khong ky han": "indefinite",
        "xac dinh thoi han": "fixed_term",
        "co xac dinh thoi han": "fixed_term",
        "co thoi han": "fixed_term",
        "xdth": "fixed_term",
        "hdxdth": "fixed_term",
        "hd xdth": "fixed_term",
        "mua vu": "seasonal",
        "theo mua vu": "seasonal",
        "thoi vu": "seasonal",
        "duoi 12 thang": "seasonal",
        "bien che": "civil_servant",
        "vien chuc": "civil_servant",
        "cong chuc": "civil_servant",
        "can bo": "civil_servant",
        "cong chuc vien chuc": "civil_servant",
        "can bo cong chuc": "civil_servant",
        "cbccvc": "civil_servant",
        "khac": "other",
    },
}
_CHOICE_PREFIXES = {
    "contract_type": ("hop dong lao dong ", "hop dong ", "hdld ", "hd ", "loai "),
    "religion": ("dao ",),
    "education": ("trinh do ",),
}
_TERM = re.compile(r"(?:hop dong |hdld |hd )?(\d{1,3}) ?(thang|nam)")
_GRADE = re.compile(r"(\d{1,2}) ?/ ?(12|10)")
_CHOICE_FIELDS = frozenset({"ethnicity", "religion", "education", "contract_type"})


def _choice_classes() -> dict[str, list[tuple[str, object]]]:
    from congdoan.members.reference import ETHNICITY_CHOICES, ContractType, Education, Religion

    return {
        "ethnicity": list(ETHNICITY_CHOICES),
        "religion": list(Religion.choices),
        "education": list(Education.choices),
        "contract_type": list(ContractType.choices),
    }


@cache
def _choice_table(field: str) -> dict[str, str]:
    """Folded spelling -> code: the labels (Vietnamese, and English), the codes, common variants."""
    table: dict[str, str] = {}
    choices = _choice_classes()[field]
    for language in ("en", "vi"):  # Vietnamese last: it wins a clash
        with translation.override(language):
            for code, label in choices:
                table[_key(str(label))] = code
                table[_key(str(label)).replace(" ", "")] = code
    for code, _label in choices:
        table[code.replace("_", " ")] = code
        if field == "ethnicity":
            table[str(int(code))] = code
    for variant, code in _CHOICE_ALIASES[field].items():
        table[variant] = code
        table[variant.replace(" ", "")] = code
    return table


@cache
def _choice_exact(field: str) -> dict[str, str]:
    """Exact Vietnamese label -> code (the fast path: exported files write the label)."""
    with translation.override("vi"):
        return {str(label): code for code, label in _choice_classes()[field]}


def _grade_level(grade: int, of: int) -> str | None:
    """School grade "n/12" (or the old "n/10") -> the highest level completed."""
    if not 1 <= grade <= of:
        return None
    if of == 12:
        return "upper_secondary" if grade == 12 else "lower_secondary" if grade >= 9 else "primary"
    return "upper_secondary" if grade == 10 else "lower_secondary" if grade >= 7 else "primary"


def _choice_lookup(field: str, text: str) -> str | None:
    table = _choice_table(field)
    key = _key(text)
    found = table.get(key) or table.get(key.replace(" ", ""))
    if found:
        return found
    for prefix in _CHOICE_PREFIXES.get(field, ()):
        if key.startswith(prefix):
            found = table.get(key[len(prefix) :])
            if found:
                return found
    if field == "education":
        m = _GRADE.fullmatch(key)
        if m is not None:
            return _grade_level(int(m.group(1)), int(m.group(2)))
    if field == "contract_type":
        m = _TERM.fullmatch(key)
        if m is not None:
            months = int(m.group(1)) * (12 if m.group(2) == "nam" else 1)
            return "seasonal" if months < 12 else "fixed_term"
    return None


_choice_cache: dict[tuple[str, str], str] = {}


def parse_choice(field: str, value: object) -> str | None:
    """The code of a choice field (ethnicity, religion, education, contract_type) from its text."""
    if type(value) is str:
        found = _choice_cache.get((field, value))
        if found is not None:
            return found
    if is_empty(value):
        return None
    if field not in _CHOICE_FIELDS:
        raise KeyError(field)
    if field == "education" and isinstance(value, dt.date):
        # "12/12" typed into a cell Excel took for a date (12 December).
        found = _grade_level(value.day, value.month) if value.month in (10, 12) else None
        text = f"{value.day}/{value.month}"
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = fix_text(value)
        if field == "ethnicity" and text.isdigit():
            text = text.zfill(2)
        found = _choice_exact(field).get(text) or _choice_lookup(field, text)
    if found is not None:
        if type(value) is str and len(_choice_cache) < 10_000:
            _choice_cache[(field, value)] = found
        return found
    raise CellProblem("choice_unknown", _choice_message(field, value), value)


def _choice_message(field: str, value: object) -> str:
    with translation.override("vi"):
        labels = [str(label) for _code, label in _choice_classes()[field]]
    if field == "ethnicity":
        examples = ", ".join(labels[:8]) + "…"
        return _(
            "Dân tộc «%(value)s» không có trong danh mục 54 dân tộc: ghi tên dân tộc, ví dụ %(examples)s "
            "(người nước ngoài: «Người nước ngoài»)."
        ) % {"value": _shown(value), "examples": examples}
    names = {
        "religion": _("Tôn giáo"),
        "education": _("Trình độ học vấn"),
        "contract_type": _("Loại hợp đồng"),
    }
    return _("%(what)s «%(value)s» không có trong danh mục: ghi một trong các giá trị %(examples)s.") % {
        "what": names[field],
        "value": _shown(value),
        "examples": "; ".join(f"«{label}»" for label in labels),
    }


# ---------------------------------------------------------------------------
# Citizenship
# ---------------------------------------------------------------------------

_VIETNAM = frozenset(
    {
        "viet nam",
        "vietnam",
        "vn",
        "vnm",
        "vie",
        "nuoc chxhcn viet nam",
        "chxhcn viet nam",
        "cong hoa xa hoi chu nghia viet nam",
        "cong dan viet nam",
        "viet",
        "viet nam vn",
    }
)


def parse_citizenship(value: object) -> tuple[str, str]:
    """``("vn", "")`` for Việt Nam or empty; ``("foreign", country)`` otherwise."""
    if is_empty(value):
        return ("vn", "")
    text = fix_text(value)
    key = _key(text)
    if key in _VIETNAM:
        return ("vn", "")
    with translation.override("vi"):
        from congdoan.members.reference import Citizenship

        if key == _key(str(Citizenship.FOREIGN.label)):
            return ("foreign", "")
    return ("foreign", text)


# ---------------------------------------------------------------------------
# Places (the 34 provinces and their wards from 1 July 2025)
# ---------------------------------------------------------------------------

#: Provinces merged away in 2025 (Nghị quyết 202/2025/QH15), and a few older
#: names whose whole territory lies in one province today -> the 2025 province.
FORMER_PROVINCES = {
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Thừa Thiên Huế": "Huế",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Phú Yên": "Đắk Lắk",
    "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Bình Phước": "Đồng Nai",
    "Bình Dương": "Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
    "Long An": "Tây Ninh",
    "Tiền Giang": "Đồng Tháp",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Kiên Giang": "An Giang",
    "Bạc Liêu": "Cà Mau",
    # Older names (before 1991-2008), each wholly inside one 2025 province.
    "Hà Tây": "Hà Nội",
    "Hoàng Liên Sơn": "Lào Cai",
    "Vĩnh Phú": "Phú Thọ",
    "Hà Bắc": "Bắc Ninh",
    "Bắc Thái": "Thái Nguyên",
    "Hà Tuyên": "Tuyên Quang",
    "Nam Hà": "Ninh Bình",
    "Hà Nam Ninh": "Ninh Bình",
    "Quảng Nam - Đà Nẵng": "Đà Nẵng",
    "Minh Hải": "Cà Mau",
    "Cửu Long": "Vĩnh Long",
    "Sài Gòn": "Hồ Chí Minh",
}
#: Former provinces whose land is now in two provinces: the importer cannot choose.
_SPLIT_PROVINCES = {
    name.replace(" ", ""): provinces
    for name, provinces in {
        "hai hung": ("Hải Phòng", "Hưng Yên"),
        "nghe tinh": ("Nghệ An", "Hà Tĩnh"),
        "binh tri thien": ("Quảng Trị", "Huế"),
        "nghia binh": ("Quảng Ngãi", "Gia Lai"),
        "phu khanh": ("Đắk Lắk", "Khánh Hòa"),
        "thuan hai": ("Khánh Hòa", "Lâm Đồng"),
        "song be": ("Hồ Chí Minh", "Đồng Nai"),
        "ha son binh": ("Hà Nội", "Phú Thọ"),
        "cao lang": ("Cao Bằng", "Lạng Sơn"),
        "gia lai kon tum": ("Gia Lai", "Quảng Ngãi"),
    }.items()
}
_PROVINCE_ALIASES = {
    "hn": "Hà Nội",
    "hcm": "Hồ Chí Minh",
    "tphcm": "Hồ Chí Minh",
    "sg": "Hồ Chí Minh",
    "tp ho chi minh": "Hồ Chí Minh",
    "tt hue": "Huế",
    "brvt": "Hồ Chí Minh",
    "br vt": "Hồ Chí Minh",
    "ba ria vung tau": "Hồ Chí Minh",
    "dak lak": "Đắk Lắk",
    "dac lac": "Đắk Lắk",
    "dak nong": "Lâm Đồng",
    "dac nong": "Lâm Đồng",
    "kontum": "Quảng Ngãi",
}
_PROVINCE_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp|t p)\s+")
_WARD_PREFIX = re.compile(r"^(?:xa|phuong|dac khu|thi tran|tt|p|x)\s+")
_DISTRICT_PREFIX = re.compile(r"^(?:huyen|quan|thi xa|thanh pho|tp|h|q)\s+")


def _place_key(text: str, prefix: re.Pattern[str]) -> str:
    return prefix.sub("", _key(text)).replace(" ", "")


@cache
def _province_index() -> dict[str, int]:
    from congdoan.org import places

    index: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for province in places.provinces():
        code = int(province.code)
        index[_place_key(province.name, _PROVINCE_PREFIX)] = code
        index[_key(province.name).replace(" ", "")] = code
        by_name[_place_key(province.name, _PROVINCE_PREFIX)] = code
    for old, new in FORMER_PROVINCES.items():
        index.setdefault(_place_key(old, _PROVINCE_PREFIX), by_name[_place_key(new, _PROVINCE_PREFIX)])
    for alias, new in _PROVINCE_ALIASES.items():
        index.setdefault(alias.replace(" ", ""), by_name[_place_key(new, _PROVINCE_PREFIX)])
    return index


@cache
def _ward_index(province_code: int) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """(exact lower-case name, folded name) -> ward code; None when two wards share it."""
    from congdoan.org import places

    exact: dict[str, int | None] = {}
    folded: dict[str, int | None] = {}

    def put(index: dict[str, int | None], key: str, code: int) -> None:
        index[key] = code if index.get(key, code) == code else None

    for ward in places.wards_of(province_code):
        code = int(ward.code)
        lower = " ".join(ward.name.lower().split())
        put(exact, lower, code)
        put(exact, re.sub(r"^(?:xã|phường|đặc khu) ", "", lower), code)
        put(folded, _key(ward.name).replace(" ", ""), code)
        put(folded, _place_key(ward.name, _WARD_PREFIX), code)
    return exact, folded


def _find_ward(province_code: int, text: str) -> int | None:
    exact, folded = _ward_index(province_code)
    lower = " ".join(text.lower().split())
    for key in (lower, re.sub(r"^(?:xã|phường|đặc khu|thị trấn|p\.|x\.)\s*", "", lower)):
        if key in exact:
            return exact[key]
    return folded.get(_place_key(text, _WARD_PREFIX)) or folded.get(_key(text).replace(" ", ""))


def _find_province(text: str) -> int | None:
    index = _province_index()
    return index.get(_place_key(text, _PROVINCE_PREFIX)) or index.get(_key(text).replace(" ", ""))


def _place_problem(message: str, value: object, **params: object) -> CellProblem:
    return CellProblem("place_unknown", message % {"value": _shown(value), **params}, value)


def _unknown_province(value: object) -> CellProblem:
    return _place_problem(
        _(
            "Không tìm thấy tỉnh, thành phố «%(value)s» trong 34 tỉnh, thành phố từ ngày 01/07/2025: "
            "ghi tên tỉnh, thành phố (ví dụ Lào Cai, Hà Nội)."
        ),
        value,
    )


def _ward_everywhere(text: str) -> tuple[int, int] | None:
    from congdoan.org import places

    found = set()
    for province in places.provinces():
        code = _find_ward(int(province.code), text)
        if code is not None:
            found.add((int(province.code), code))
    if len(found) > 1:
        raise _place_problem(
            _("Có nhiều xã, phường tên «%(value)s»: ghi thêm tỉnh, thành phố."),
            text,
        )
    return found.pop() if found else None


def parse_place(province_text: object, ward_text: object = None) -> tuple[int | None, int | None]:
    """(province code, ward code) of the 2025 administrative units.

    A file names a few dozen places over and over: answers (and problems)
    are cached by the cells' text.
    """
    key = (province_text, ward_text, get_language())  # messages are in the reader's language
    try:
        found = _place_cache.get(key)
    except TypeError:  # an unhashable cell value
        return _parse_place(province_text, ward_text)
    if found is None:
        try:
            found = _parse_place(province_text, ward_text)
        except CellProblem as problem:
            found = problem
        if len(_place_cache) < 50_000:
            _place_cache[key] = found
    if isinstance(found, CellProblem):
        raise CellProblem(found.code, found.message, found.value)
    return found


_place_cache: dict[tuple[object, object, str | None], tuple[int | None, int | None] | CellProblem] = {}


def _parse_place(province_text: object, ward_text: object = None) -> tuple[int | None, int | None]:
    """(province code, ward code) of the 2025 administrative units.

    ``province_text`` may be a whole address ("Xã Cốc San, huyện Bát Xát,
    tỉnh Lào Cai"): the province is its last part and the ward, when a 2025
    ward of that province has the name of an earlier part, that ward. A
    province merged in 2025 ("Yên Bái") gives the province it joined.
    """
    province_value = fix_text(province_text)
    ward_value = fix_text(ward_text)
    if not province_value and not ward_value:
        return (None, None)
    province: int | None = None
    ward: int | None = None
    address_parts: list[str] = []
    if province_value:
        parts = [p.strip() for p in re.split(r"[,;]", province_value) if p.strip()]
        if len(parts) > 1 and _key(parts[-1]) in _VIETNAM:
            parts.pop()
        province = _find_province(parts[-1]) if parts else None
        if province is None and len(parts) > 1:
            province = _find_province(province_value)
        if province is None:
            split = _SPLIT_PROVINCES.get(_place_key(parts[-1], _PROVINCE_PREFIX)) if parts else None
            if split is not None:
                raise _place_problem(
                    _(
                        "«%(value)s» là tỉnh cũ, nay thuộc %(provinces)s: ghi tỉnh, thành phố hiện nay "
                        "(34 tỉnh, thành phố từ ngày 01/07/2025)."
                    ),
                    province_text,
                    provinces=_(" hoặc ").join(split),
                )
            if ward_value or len(parts) != 1 or not _WARD_PREFIX.match(_key(parts[0])):
                raise _unknown_province(province_text)
            # A ward alone ("Xã Cốc San"), written in the province column.
            located = _ward_everywhere(parts[0])
            if located is None:
                raise _unknown_province(province_text)
            return located
        address_parts = parts[:-1]
    if ward_value:
        ward_part = re.split(r"[,;]", ward_value)[0].strip()
        if province is None:
            located = _ward_everywhere(ward_part)
            if located is None:
                raise _place_problem(
                    _(
                        "Không tìm thấy xã, phường «%(value)s» trong các đơn vị hành chính từ ngày "
                        "01/07/2025: ghi tên xã, phường mới và tỉnh, thành phố."
                    ),
                    ward_text,
                )
            return located
        ward = _find_ward(province, ward_part)
        if ward is None:
            from congdoan.org import places

            raise _place_problem(
                _(
                    "Không tìm thấy xã, phường «%(value)s» thuộc %(province)s (đơn vị hành chính từ ngày "
                    "01/07/2025): ghi tên xã, phường mới, hoặc để trống."
                ),
                ward_text,
                province=places.province_name(province),
            )
        return (province, ward)
    if province is None:
        return (None, None)
    for part in address_parts:
        if _DISTRICT_PREFIX.match(_key(part)):
            continue  # districts were abolished in 2025
        ward = _find_ward(province, part)
        if ward is not None:
            break
    return (province, ward)


# ---------------------------------------------------------------------------
# Status, name
# ---------------------------------------------------------------------------

_STATUSES = {
    "dang sinh hoat": "active",
    "sinh hoat": "active",
    "dang hoat dong": "active",
    "active": "active",
    "tam dung sinh hoat": "suspended",
    "tam dung": "suspended",
    "tam ngung": "suspended",
    "tam ngung sinh hoat": "suspended",
    "suspended": "suspended",
}
_LEAVER_WORDS = (
    "ra khoi",
    "khai tru",
    "tu tran",
    "chet",
    "mat",
    "nghi viec",
    "chuyen di",
    "xoa ten",
    "left",
    "expelled",
    "deceased",
)


def parse_status(value: object) -> str:
    """ "active" or "suspended"; an empty cell is "active" (a current member)."""
    if is_empty(value):
        return "active"
    key = _key(fix_text(value))
    found = _STATUSES.get(key)
    if found is not None:
        return found
    if any(word in key for word in _LEAVER_WORDS):
        message = _(
            "Tình trạng «%(value)s»: nhập danh sách chỉ đưa vào đoàn viên đang sinh hoạt hoặc tạm dừng "
            "sinh hoạt; người đã ra khỏi tổ chức, bị khai trừ hay đã từ trần được ghi bằng thủ tục riêng "
            "trên trang của đoàn viên. Bỏ dòng này khỏi bảng."
        )
    else:
        message = _(
            "Tình trạng «%(value)s» không rõ: ghi «Đang sinh hoạt», «Tạm dừng sinh hoạt» hoặc để trống."
        )
    raise CellProblem("status_unknown", message % {"value": _shown(value)}, value)


def parse_name(value: object) -> str | None:
    """A person's name: clean text with at least one letter; ALL CAPS or all lower-case -> Title Case.

    One word is allowed (some ethnic-minority names have one).
    """
    text = fix_text(value)
    if not text:
        return None
    if _LETTER.search(text) is None:
        raise CellProblem(
            "name_invalid",
            _("Họ và tên «%(value)s» không có chữ cái: ghi họ và tên đầy đủ.") % {"value": _shown(value)},
            value,
        )
    if text.isupper() or text.islower():
        # Every word of a Vietnamese name starts with a capital, also after ' or - ("H'Hen", "Y-Moan").
        text = _WORD_START.sub(lambda m: m.group(0).upper(), text.lower())
    return text


_LETTER = re.compile(r"[^\W\d_]")
_WORD_START = re.compile(r"(?:^|(?<=[\s'’\-]))\w")


# ---------------------------------------------------------------------------
# Parsers by kind (mapping.Column.kind)
# ---------------------------------------------------------------------------

Parser = Callable[[object, str], object]


def _text(value: object, field: str = "") -> str | None:
    return fix_text(value) or None


def _name(value: object, field: str = "") -> str | None:
    return parse_name(value)


def _date(value: object, field: str = "") -> ParsedDate | None:
    return parse_date(value)


def _id(value: object, field: str = "") -> str | None:
    if field == "other_id":  # old CMND (lost zero: 8 -> 9 digits) or passport
        return parse_id(value, letters_ok=True)
    if field == "card_number":  # 11-digit card numbers: never padded
        return parse_id(value, pad=False)
    return parse_id(value)


def _gender(value: object, field: str = "") -> str | None:
    return parse_gender(value)


def _phone(value: object, field: str = "") -> str | None:
    return parse_phone(value)


def _email(value: object, field: str = "") -> str | None:
    return parse_email(value)


def _int(value: object, field: str = "") -> int | None:
    return parse_int(value)


def _money(value: object, field: str = "") -> int | None:
    return parse_money(value)


def _choice(value: object, field: str = "") -> str | None:
    return parse_choice(field, value)


def _status(value: object, field: str = "") -> str:
    return parse_status(value)


def parse_day(value: object) -> dt.date | None:
    """A full date (day, month and year): a year or a month alone is ``date_incomplete``."""
    parsed = parse_date(value)
    if parsed is None:
        return None
    if parsed.date is None:
        raise CellProblem(
            "date_incomplete",
            _("«%(value)s» chưa đủ ngày, tháng, năm: ghi đủ, ví dụ 05/03/2024.") % {"value": _shown(value)},
            value,
        )
    return parsed.date


_TRUE = frozenset({"co", "x", "1", "dung", "roi", "da", "yes", "y", "true", "v"})
_FALSE = frozenset({"khong", "0", "chua", "no", "n", "false", "sai"})


def parse_bool(value: object) -> bool | None:
    """Yes or no: "Có", "x", 1, TRUE / "Không", 0, FALSE; an empty cell is None."""
    if type(value) is bool:
        return cast(bool, value)
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    key = _key(fix_text(value))
    if key in _TRUE or key.replace(" ", "") in _TRUE or value == "✓":
        return True
    if key in _FALSE:
        return False
    raise CellProblem(
        "bool_unknown",
        _("«%(value)s» không rõ là có hay không: ghi «Có» hoặc «Không» (hoặc để trống).")
        % {"value": _shown(value)},
        value,
    )


def listed_parser(choices: Iterable[tuple[str, object]], label: str) -> Callable[[object], str | None]:
    """The parser of a column whose values come from a list of (code, label) pairs (``Column.choices``).

    A cell is read by its label (any case, with or without diacritics) or by
    its code; a pair may repeat a code with another spelling.
    """
    with translation.override("vi"):
        pairs = [(code, str(name)) for code, name in choices]
    table: dict[str, str] = {}
    for code, name in reversed(pairs):  # the first spelling of a code wins a clash
        table[_key(name)] = code
        table[_key(name).replace(" ", "")] = code
    for code, _name in pairs:
        table.setdefault(_key(code), code)
    shown_labels = "; ".join(f"«{name}»" for name in dict.fromkeys(name for _code, name in pairs))

    def parse(value: object) -> str | None:
        if is_empty(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        key = _key(fix_text(value))
        found = table.get(key) or table.get(key.replace(" ", ""))
        if found is None:
            raise CellProblem(
                "choice_unknown",
                _("%(what)s «%(value)s» không có trong danh mục: ghi một trong các giá trị %(examples)s.")
                % {"what": label, "value": _shown(value), "examples": shown_labels},
                value,
            )
        return found

    return parse


def _day(value: object, field: str = "") -> dt.date | None:
    return parse_day(value)


def _bool(value: object, field: str = "") -> bool | None:
    return parse_bool(value)


#: kind (``mapping.Column.kind``) -> parser called as ``parser(value, field)``.
PARSERS: dict[str, Parser] = {
    "day": _day,
    "bool": _bool,
    "text": _text,
    "name": _name,
    "date": _date,
    "id": _id,
    "gender": _gender,
    "phone": _phone,
    "email": _email,
    "int": _int,
    "money": _money,
    "choice": _choice,
    "unit": _text,
    "status": _status,
}


def parser_for(field: str, kind: str) -> Callable[[object], object]:
    """The one-argument parser of a column (``field`` decides ID options and choice lists)."""
    parser = PARSERS[kind]
    if kind in ("id", "choice"):
        return lambda value: parser(value, field)
    return lambda value: parser(value, "")
