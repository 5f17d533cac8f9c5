"""Vietnamese text: NFC storage, search without diacritics, alphabetical order."""

from __future__ import annotations

import random
import unicodedata

from congdoan.common.text import csv_safe, csv_unescape, fold, name_sort_key, nfc, sort_key_text


def vn_sorted(words: list[str]) -> list[str]:
    shuffled = list(words)
    random.Random(7).shuffle(shuffled)
    return sorted(shuffled, key=sort_key_text)


def test_nfc_composes_and_folds_white_space():
    decomposed = unicodedata.normalize("NFD", "Hoàng  Giang\t")
    assert decomposed != "Hoàng Giang"
    assert nfc(decomposed) == "Hoàng Giang"
    assert nfc(None) == nfc("") == ""


def test_fold_drops_diacritics_and_case():
    assert fold("Hoàng Giang") == "hoang giang"
    assert fold("LĐLĐ huyện Bát Xát") == "ldld huyen bat xat"
    assert fold(unicodedata.normalize("NFD", "Đỗ Thị Ngọc Ánh")) == "do thi ngoc anh"
    assert fold(None) == ""


def test_letters_follow_the_vietnamese_alphabet():
    alphabet = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "o", "ô", "ơ", "u", "ư", "y"]
    assert vn_sorted(alphabet) == alphabet
    assert vn_sorted(["Đức", "Dũng", "Ê", "Em"]) == ["Dũng", "Đức", "Em", "Ê"]


def test_tones_order_none_huyen_hoi_nga_sac_nang():
    assert vn_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letters_decide_before_tones():
    # "án" has a plain a, "ăn" a breve: the letter wins over the tone.
    assert vn_sorted(["ăn", "án", "an"]) == ["an", "án", "ăn"]
    assert vn_sorted(["Bình", "Bính", "Binh"]) == ["Binh", "Bình", "Bính"]


def test_words_compare_one_by_one():
    assert vn_sorted(["Anh", "An Bình", "An"]) == ["An", "An Bình", "Anh"]


def test_the_key_is_digits_only_so_every_database_orders_it_alike():
    key = sort_key_text("Liên đoàn Lao động tỉnh Lào Cai 2024")
    assert key.isdigit()
    assert sort_key_text("Lào Cai") == sort_key_text(unicodedata.normalize("NFD", "Lào  Cai"))


def test_people_sort_by_given_name_first():
    people = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Đức Anh", "Phạm Văn An", "Đỗ Thị Ánh"]
    assert sorted(people, key=name_sort_key) == [
        "Nguyễn Thị An",
        "Phạm Văn An",
        "Lê Đức Anh",
        "Đỗ Thị Ánh",
        "Trần Văn Bình",
    ]
    assert name_sort_key("Hương") == sort_key_text("Hương")


def test_csv_safe_guards_what_a_spreadsheet_would_run_and_csv_unescape_undoes_it():
    for value in ["=SUM(A1:A9)", "+84912345678", "-5", "@cmd", "\tx", "\rx"]:
        assert csv_safe(value) == "'" + value
        assert csv_unescape(csv_safe(value)) == value
    for value in ["Nguyễn Văn An", "0912345678", "'quoted", ""]:
        assert csv_safe(value) == value
        assert csv_unescape(value) == value
