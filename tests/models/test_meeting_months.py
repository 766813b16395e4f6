"""Issue 11.2: the reviewed and planned months belong to the meeting record (defaulted from its date)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

import pytest

from models.errors import UserError
from models.meetings import meeting_docs, meeting_store, records
from models.storage import db, schema
from tests.conftest import add_member

OCT, NOV, DEC = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)


@pytest.fixture
def cell(commune):
    add_member(commune["conn"], "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    return commune


def test_new_meeting_offers_the_months_its_date_suggests(cell):
    conn, org = cell["conn"], cell["dong"].id
    early = meeting_store.new_meeting(conn, org, dt.date(2026, 11, 5))
    late = meeting_store.new_meeting(conn, org, dt.date(2026, 11, 20))
    assert (early.reviewed_month, early.planned_month) == (OCT, NOV)
    assert (late.reviewed_month, late.planned_month) == (NOV, DEC)


def test_the_clerks_months_are_saved_and_read_back(cell):
    conn = cell["conn"]
    draft = meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 20))
    saved = meeting_store.save(conn, replace(draft, reviewed_month=dt.date(2026, 10, 17), planned_month=NOV))
    assert (saved.reviewed_month, saved.planned_month) == (OCT, NOV)   # a month is kept as its first day
    data = meeting_docs.minutes_data(conn, saved.id)
    assert (data.month_text, data.next_month_text) == ("tháng 10 năm 2026", "tháng 11 năm 2026")


def test_a_meeting_without_months_takes_them_from_its_date(cell):
    """A record built by hand (the CLI, an import) with no months gets the date's, not a blank heading."""
    conn = cell["conn"]
    draft = replace(meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)),
                    reviewed_month=None, planned_month=None)
    saved = meeting_store.save(conn, draft)
    assert (saved.reviewed_month, saved.planned_month) == (OCT, NOV)


@pytest.mark.parametrize(("reviewed", "planned", "message"), [
    (NOV, NOV, "phải sau tháng được đánh giá"),
    (DEC, dt.date(2027, 1, 1), "chưa hết"),
    (dt.date(2026, 8, 1), OCT, "đã qua"),
    (dt.date(2025, 10, 1), NOV, "cách xa ngày sinh hoạt"),
    (OCT, dt.date(2027, 11, 1), "cách xa ngày sinh hoạt"),
])
def test_months_that_contradict_the_meeting_are_refused_and_nothing_saved(cell, reviewed, planned, message):
    conn = cell["conn"]
    draft = meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 20))
    with pytest.raises(UserError, match=message) as refused:
        meeting_store.save(conn, replace(draft, reviewed_month=reviewed, planned_month=planned))
    assert "Hãy" in refused.value.message
    assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_upgrading_an_older_file_keeps_every_printed_month(tmp_path):
    """Meetings saved before the months were stored get the months they printed with then."""
    path = tmp_path / "cu.sqlite"
    raw = sqlite3.connect(path)
    raw.isolation_level = None
    for statement in schema.MIGRATIONS[0]:
        raw.execute(statement)
    raw.execute("INSERT INTO organisations (id, name, unit_type, category) VALUES (1, 'Chi bộ A', 'chi_bo_co_so',"
                " 'thon')")
    for held in ("2026-11-05", "2026-11-15", "2026-11-16", "2026-12-28", "2027-01-03"):
        raw.execute("INSERT INTO meetings (org_id, kind, held_on) VALUES (1, 'thuong_ky', ?)", (held,))
    raw.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    raw.execute("PRAGMA user_version = 1")
    raw.close()
    conn = db.open_db(path)
    for row in conn.execute("SELECT id, held_on FROM meetings").fetchall():
        meeting = meeting_store.get(conn, row["id"])
        old = records.review_and_plan_months(meeting.held_on)
        assert (meeting.reviewed_month, meeting.planned_month) == old, row["held_on"]
    conn.close()
