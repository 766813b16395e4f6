"""The quick paths of issue 13 give what the slow ones gave: clean_text without a character-by-character pass,
card numbers found through their indexes, the register read in one pass, the window started without the
command line's parser."""

from __future__ import annotations

import datetime as dt

import pytest

import main
from models import vn
from models.errors import UserError
from models.people import members
from models.reporting import registers
from tests.conftest import add_member

D = dt.date


def _slow_clean(text: str, multiline: bool = False) -> str:
    """clean_text as it was: every line looked at character by character."""
    lines = [vn._visible(line) for line in vn._LINE_BREAKS.split(vn.unicodedata.normalize("NFC", text))]
    if not multiline:
        return " ".join(" ".join(lines).split())
    return "\n".join(line.rstrip() for line in lines).strip()


@pytest.mark.parametrize("text", ["Nguyễn Văn An", "  thôn   Đông  ", "Nguye\u0302\u0303n", "a\u200bb", "a\tb",
                                  "dòng 1\ndòng 2  \n\n", "x\u2028y", "\u202eabc", "PT25.11846", "", " ", "a\xa0b"])
def test_clean_text_is_what_it_was(text):
    assert vn.clean_text(text) == _slow_clean(text)
    assert vn.clean_text(text, multiline=True) == _slow_clean(text, multiline=True)


def test_text_sort_key_is_cached_and_still_orders_vietnamese():
    names = ["Chi bộ thôn Đông", "Chi bộ thôn Đồng Tâm", "Chi bộ thôn Dương"]
    assert sorted(names, key=vn.text_sort_key) == sorted(names, key=vn.text_sort_key.__wrapped__)


def test_card_lookup_uses_its_indexes(conn):
    plans = [" ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args)) for sql, args in (
        ("SELECT id FROM members WHERE upper(card_number) = ? AND id IS NOT ?", ("PT1", None)),
        ("SELECT id FROM members WHERE card_number GLOB '*[^!-~]*' AND id IS NOT ?", (None,)))]
    assert "members_card_upper" in plans[0] and "members_card_unusual" in plans[1]


def test_a_lower_case_card_of_an_older_version_still_blocks_its_twin(commune):
    conn, dong = commune["conn"], commune["dong"]
    old = add_member(conn, "Nguyễn Văn An", dong.id, D(2020, 1, 1), card_number="PT25.1")
    conn.execute("UPDATE members SET card_number = 'pt25.1' WHERE id = ?", (old.id,))
    assert "Nguyễn Văn An" in (members.card_owner(conn, "PT25.1") or "")
    conn.execute("UPDATE members SET card_number = 'PT 25.1' WHERE id = ?", (old.id,))   # a space, stored long ago
    assert "Nguyễn Văn An" in (members.card_owner(conn, "pt25.1") or "")
    assert members.card_owner(conn, "PT25.2") is None


def test_register_reads_roll_and_former_members_apart(commune):
    conn, dong = commune["conn"], commune["dong"]
    staying = add_member(conn, "Nguyễn Văn An", dong.id, D(2020, 1, 1))
    leaving = add_member(conn, "Trần Văn Bình", dong.id, D(2020, 1, 1))
    members.add_event(conn, leaving.id, members.Event(kind="tu_tran", event_date=D(2024, 3, 1)))
    data = registers.register_data(conn, None)
    assert [r.full_name for g in data.groups for r in g.rows] == [staying.full_name]
    assert [(r.full_name, r.died_on) for g in data.former for r in g.rows] == [(leaving.full_name, D(2024, 3, 1))]


@pytest.mark.parametrize(("argv", "expected"), [
    ([], (True, None)), (["--db", "x.sqlite"], (True, "x.sqlite")), (["--db=x.sqlite"], (True, "x.sqlite")),
    (["--db", "-h"], (False, None)), (["--help"], (False, None)), (["members", "--db", "x"], (False, None)),
    (["--db", "x", "members"], (False, None)), (["--db="], (False, None))])
def test_window_starts_skip_the_command_line_parser(argv, expected):
    assert main.window_file(argv) == expected


def test_details_cleaned_again_are_answered_alike_and_bad_ones_refused_each_time():
    raw = members.MemberDetails(full_name="  Nguyễn \u200bVăn   An ", residence="thôn\tĐông")
    first = members.clean_details(raw)
    assert (first.full_name, first.residence) == ("Nguyễn Văn An", "thôn Đông")
    assert members.clean_details(first) == first and members.clean_details(raw) == first
    bad = members.MemberDetails(full_name="An")
    for _ in range(2):
        with pytest.raises(UserError, match="ít nhất hai chữ"):
            members.clean_details(bad)


def test_members_on_the_roll_are_counted_from_an_index(conn):
    """The tree and the status bar count each organisation's roll at every start (issue 13): the index of
    organisation and status answers it without reading the members' rows."""
    marks = ",".join("?" * 5)
    plan = " ".join(str(r[3]) for r in conn.execute(
        f"EXPLAIN QUERY PLAN SELECT org_id, count(*) FROM members WHERE status IN ({marks}) GROUP BY org_id",
        ("dang_sinh_hoat", "mien_sinh_hoat", "tam_di", "tam_den", "dinh_chi")))
    assert "COVERING INDEX members_org_status" in plan
