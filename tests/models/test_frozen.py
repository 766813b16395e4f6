"""Records built without their dataclass __init__ (models.frozen.filled, issue 13) hold every field, and the
same values as records built the ordinary way from the same rows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from models import vn
from models.demo import generate as demo
from models.dues import ledger
from models.frozen import filled
from models.people import member_history
from models.people.member_events import Event
from models.reviews import records as reviews
from models.storage import db

TODAY = dt.date(2026, 11, 15)


@pytest.fixture(scope="module")
def demo_conn():
    conn = db.open_memory()
    demo.generate(conn, members=120, seed=3, today=TODAY)
    yield conn
    conn.close()


def _whole(record: object) -> None:
    """Every field of the dataclass is in the record's own dict: none falls back to a class default."""
    names = {f.name for f in dataclasses.fields(record)}     # type: ignore[arg-type]
    assert set(vars(record)) == names, type(record).__name__


def test_filled_holds_what_it_is_given_and_stays_frozen():
    event = filled(Event, {"kind": "ket_nap", "event_date": dt.date(2020, 1, 1), "id": 1, "decision_no": "",
                           "decision_date": None, "org_id": 2, "other_place": "", "detail": "",
                           "corrects_event_id": None})
    assert event == Event("ket_nap", dt.date(2020, 1, 1), 1, org_id=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.kind = "xoa_ten"      # type: ignore[misc]


def test_events_are_whole_and_as_the_rows_say(demo_conn):
    histories = member_history.all_events(demo_conn)
    rows = demo_conn.execute("SELECT * FROM member_events ORDER BY member_id, event_date, id").fetchall()
    assert sum(len(h) for h in histories.values()) == len(rows) > 100
    flat = [event for member_id in sorted(histories) for event in histories[member_id]]
    for event, r in zip(flat, rows, strict=True):
        _whole(event)
        assert event == Event(r["kind"], vn.to_date(r["event_date"]) or dt.date.min, r["id"], r["decision_no"],
                              vn.to_date(r["decision_date"]), r["org_id"], r["other_place"], r["detail"],
                              r["corrects_event_id"])
    some = sorted(histories)[:5]
    assert member_history.events_of(demo_conn, some) == {m: histories[m] for m in some}
    assert member_history.events(demo_conn, some[0]) == histories[some[0]]


def test_dues_profiles_are_whole_and_as_the_rows_say(demo_conn):
    rows = demo_conn.execute("SELECT * FROM dues_profiles ORDER BY member_id, valid_from, id").fetchall()
    assert rows
    for r in rows:
        built = ledger.profiles(demo_conn, r["member_id"])
        found = next(p for p in built if p.id == r["id"])
        _whole(found)
        assert found == ledger.DuesProfile(r["member_id"], dt.date.fromisoformat(r["valid_from"]), r["dues_group"],
                                           r["basis"], r["region"], r["reduction_pct"], r["reduction_months"],
                                           r["exemption"], r["note"], r["id"])


def test_member_reviews_are_whole_and_as_the_rows_say(demo_conn):
    year = demo_conn.execute("SELECT max(year) FROM member_reviews").fetchone()[0]
    found = reviews.member_reviews(demo_conn, year)
    assert found
    stored = {r["member_id"]: r for r in demo_conn.execute("SELECT * FROM member_reviews WHERE year = ?", (year,))}
    for review in found:
        _whole(review)
        r = stored[review.member_id]
        assert (review.reviewed, review.self_score, review.cell_level, review.decided_level, review.decision_date,
                review.notes) == (bool(r["reviewed"]), r["self_score"], r["cell_level"], r["decided_level"],
                                  vn.to_date(r["decision_date"]), r["notes"])
        assert dataclasses.replace(review) == review     # the ordinary __init__ accepts exactly these fields
