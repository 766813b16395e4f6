"""The commune committee: names for document headers, the term, and the small settings store."""

from __future__ import annotations

import datetime as dt

import pytest

from models.commune import committee
from models.commune.committee import Committee
from models.errors import UserError

TERM = Committee(name="Đảng bộ xã Phố Mới", superior_name="Đảng bộ tỉnh Phú Thọ", place_name="Phố Mới",
                 term_name="2025 - 2030", term_start=dt.date(2025, 9, 1), term_end=dt.date(2030, 8, 31))


def test_a_new_database_is_not_set_up(conn):
    assert not committee.get(conn).is_set_up


def test_save_round_trip_in_nfc(conn):
    decomposed = "Đảng bộ xã Phố Mới".replace("ố", "ô\u0301")
    saved = committee.save(conn, Committee(name=f"  {decomposed} ", place_name="Phố Mới"))
    assert saved.name == "Đảng bộ xã Phố Mới"
    assert committee.get(conn).name == "Đảng bộ xã Phố Mới" and committee.get(conn).is_set_up
    committee.save(conn, TERM)
    assert committee.get(conn) == TERM


@pytest.mark.parametrize("bad, message", [
    (Committee(name="", place_name="Phố Mới"), "tên Đảng bộ"),
    (Committee(name="Đảng bộ xã A", place_name=" "), "địa danh"),
    (Committee(name="Đảng bộ xã A", place_name="A", term_start=dt.date(2030, 1, 1), term_end=dt.date(2025, 1, 1)),
     "kết thúc nhiệm kỳ"),
])
def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(conn, bad, message):
    committee.save(conn, TERM)
    with pytest.raises(UserError, match=message):
        committee.save(conn, bad)
    assert committee.get(conn) == TERM
    with pytest.raises(UserError, match=message):      # the first-start dialog checks before any file exists
        committee.validate(bad)


def test_validate_returns_the_names_cleaned():
    typed = Committee(name="  Đảng bộ xã\u00a0Phố Mới ", place_name="Phố Mới")
    assert committee.validate(typed).name == "Đảng bộ xã Phố Mới"


def test_term_a_document_is_numbered_in():
    assert TERM.term_on(dt.date(2026, 3, 1)) == "2025 - 2030"
    assert TERM.term_on(dt.date(2025, 9, 1)) == "2025 - 2030"
    assert TERM.term_on(dt.date(2025, 8, 31)) == "2025"       # before the term: the year
    assert TERM.term_on(dt.date(2031, 1, 5)) == "2031"        # after it
    assert Committee(name="A", place_name="A").term_on(dt.date(2026, 1, 1)) == "2026"   # no term named


def test_settings_default_set_and_overwrite(conn):
    assert committee.get_setting(conn, "last_backup") == ""
    assert committee.get_setting(conn, "last_backup", "chưa") == "chưa"
    committee.set_setting(conn, "last_backup", "2026-11-20T17:45:10")
    committee.set_setting(conn, "last_backup", "2026-11-23T08:00:00")
    assert committee.get_setting(conn, "last_backup") == "2026-11-23T08:00:00"
