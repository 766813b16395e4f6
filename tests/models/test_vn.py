import datetime as dt
from decimal import Decimal

import pytest

from models import vn
from models.errors import UserError


def test_fold_ignores_case_and_diacritics():
    assert vn.fold("Nguyễn Văn Ân") == "nguyen van an"
    assert vn.fold("ĐỨC") == "duc"
    assert vn.fold("  Trần   Thị  Hoa ") == "tran thi hoa"


def test_nfd_input_is_stored_as_nfc():
    nfd = "Nguye\u0302\u0303n"
    assert vn.nfc(nfd) == "Nguyễn"
    assert vn.fold(nfd) == "nguyen"


def test_name_order_given_name_then_middle_then_family():
    names = ["Nguyễn Văn Ấn", "Trần An", "Lê Thị Ân", "Phạm Bình", "Đỗ Văn Đức", "Hoàng Duc", "Lê Văn An"]
    assert sorted(names, key=vn.name_sort_key) == [
        "Trần An", "Lê Văn An", "Lê Thị Ân", "Nguyễn Văn Ấn", "Phạm Bình", "Hoàng Duc", "Đỗ Văn Đức"]


def test_name_sort_text_matches_the_python_key():
    names = ["Nguyễn Văn Ấn", "Trần An", "Lê Thị Ân", "Đỗ Văn Đức", "Hoàng Duc", "Vũ Thị Ánh", "Ông Ích Khiêm"]
    assert sorted(names, key=vn.name_sort_text) == sorted(names, key=vn.name_sort_key)


def test_vietnamese_alphabet_d_before_dd_and_tones_after_letters():
    assert vn.word_key("Duc") < vn.word_key("Đức")
    assert vn.word_key("An") < vn.word_key("Ân") < vn.word_key("Ấn")
    assert vn.word_key("Ơn") < vn.word_key("Pháp")


@pytest.mark.parametrize(("num", "den", "text"), [(941, 968, "97,2%"), (6042, 6213, "97,2%"),
                                                  (354 - 17, 354, "95,2%"), (61, 73, "83,6%"), (2, 13, "15,4%")])
def test_rates_round_half_up(num, den, text):
    assert vn.format_rate(num, den) == text


def test_rate_of_nothing_is_a_dash_not_zero():
    assert vn.rate(0, 0) is None
    assert vn.format_rate(0, 0) == "–"
    assert vn.rate(1, 8) == Decimal("12.5")


def test_number_and_date_formats():
    assert vn.format_int(6213) == "6.213"
    assert vn.format_int(1234567) == "1.234.567"
    assert vn.format_ratio(6042, 6213) == "6.042/6.213, đạt 97,2%"
    assert vn.format_date(dt.date(2026, 11, 5)) == "05/11/2026"
    assert vn.format_date_line("Phố Mới", dt.date(2026, 11, 5)) == "Phố Mới, ngày 05 tháng 11 năm 2026"
    assert vn.format_date_line("Phố Mới", dt.date(2026, 2, 15)) == "Phố Mới, ngày 15 tháng 02 năm 2026"


@pytest.mark.parametrize("text", ["05/11/2026", "5/11/2026", "5-11-2026", "05.11.2026", "2026-11-05"])
def test_parse_date_accepts_vietnamese_forms(text):
    assert vn.parse_date(text) == dt.date(2026, 11, 5)


@pytest.mark.parametrize("text", ["31/02/2026", "hôm qua", "11/2026", "2026/11/05"])
def test_parse_date_refuses_with_a_vietnamese_message(text):
    with pytest.raises(UserError, match="Ngày sinh"):
        vn.parse_date(text, "Ngày sinh")


def test_add_months_clamps_to_month_end():
    assert vn.add_months(dt.date(2025, 3, 15), 12) == dt.date(2026, 3, 15)
    assert vn.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


def test_organisation_names_sort_numbers_by_value():
    """Issue 12: 285 organisations listed "tổ dân phố số 1, 10, 100, 11 …"."""
    names = [f"Chi bộ tổ dân phố số {n}" for n in (100, 11, 2, 10, 1, 9)] + ["Chi bộ thôn Đông", "Chi bộ thôn Đoài"]
    assert sorted(names, key=vn.text_sort_key) == [
        "Chi bộ thôn Đoài", "Chi bộ thôn Đông",
        *(f"Chi bộ tổ dân phố số {n}" for n in (1, 2, 9, 10, 11, 100))]


def test_natural_order_keeps_vietnamese_letters_and_suffixes():
    names = ["Chi bộ Đội số 1A", "Chi bộ Đội số 01", "Chi bộ Đội số 2", "Chi bộ Đội số 1", "Chi bộ Dân số 3"]
    assert sorted(names, key=vn.text_sort_key) == [
        "Chi bộ Dân số 3", "Chi bộ Đội số 01", "Chi bộ Đội số 1", "Chi bộ Đội số 1A", "Chi bộ Đội số 2"]


def test_named_by_prefers_the_whole_name_then_its_end_then_its_words():
    names = ["Chi bộ thôn Đông Hòa", "Chi bộ thôn Đông", "Chi bộ thôn Đồng Tâm", "Chi bộ tổ dân phố số 1",
             "Chi bộ tổ dân phố số 10"]
    keys = [(vn.fold(n),) for n in names]
    assert vn.named_by("Chi bộ thôn Đông", keys) == [1]
    assert vn.named_by("thon dong", keys) == [1]
    assert vn.named_by("dong tam", keys) == [2]
    assert vn.named_by("so 1", keys) == [3]
    assert vn.named_by("thon d", keys) == [0, 1, 2]        # ambiguous: the caller must not pick one
    assert vn.named_by("thôn Bắc", keys) == []
    assert vn.named_by("  ", keys) == []
