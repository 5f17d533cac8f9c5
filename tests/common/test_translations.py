"""Every user-facing string has its English translation, compiled."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "src/congdoan/locale/en/LC_MESSAGES/django.po"


def _entries() -> list[tuple[str, str, bool]]:
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid, msgstr, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
                line = line[6:]
            elif line.startswith("msgstr"):
                current = msgstr
                line = line.split(" ", 1)[1]
            elif line.startswith("msgid_plural"):
                current = None
            if current is not None and line.startswith('"'):
                current.append(line[1:-1])
        if msgid and "".join(msgid):
            entries.append(("".join(msgid), "".join(msgstr), fuzzy))
    return entries


def test_no_string_is_left_untranslated_or_fuzzy():
    entries = _entries()
    assert len(entries) > 300
    missing = [msgid for msgid, msgstr, fuzzy in entries if fuzzy or not msgstr]
    assert not missing, f"untranslated or fuzzy in django.po: {missing[:10]}"


def test_the_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("Cây tổ chức") != "Cây tổ chức"
        assert translation.gettext("Đăng nhập") == "Log in"
