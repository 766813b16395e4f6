"""Members' histories in the database: reading events, appending them, and the state they lead to.

This sits below both members (the register) and organisations (which moves whole rolls when it
merges), so neither has to import the other to read or write a history.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence

from models import vn
from models.errors import UserError
from models.frozen import filled
from models.people import member_events
from models.people.member_events import LEFT_STATUSES, Event, State
from models.storage.db import transaction

# The columns an Event is read from, member first: plain tuples, not sqlite3.Row, since a commune's report reads
# 22,000 of them (issue 13).
_EVENT_COLUMNS = ("member_id, kind, event_date, id, decision_no, decision_date, org_id, other_place, detail,"
                  " corrects_event_id")


def _event_rows(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> Iterator[tuple[int, Event]]:
    """(member id, Event) of the rows of member_events matching ``where``, in date order per member."""
    cursor = conn.cursor()
    cursor.row_factory = None
    day = dt.date.fromisoformat
    for (member_id, kind, event_date, event_id, decision_no, decision_date, org_id, other_place, detail,
         corrects) in cursor.execute(f"SELECT {_EVENT_COLUMNS} FROM member_events WHERE {where}"
                                     " ORDER BY member_id, event_date, id", params):
        event = filled(Event, {
            "kind": kind, "event_date": day(event_date) if event_date else dt.date.min, "id": event_id,
            "decision_no": decision_no, "decision_date": day(decision_date) if decision_date else None,
            "org_id": org_id, "other_place": other_place, "detail": detail, "corrects_event_id": corrects})
        yield member_id, event


def events(conn: sqlite3.Connection, member_id: int) -> list[Event]:
    """Every event of a member as recorded (corrections included), in the order entered."""
    return [event for _, event in _event_rows(conn, "member_id = ?", (member_id,))]


def events_of(conn: sqlite3.Connection, member_ids: list[int]) -> dict[int, list[Event]]:
    """The events of several members in one query (a page of the member list)."""
    found: dict[int, list[Event]] = {i: [] for i in member_ids}
    for start in range(0, len(member_ids), 500):
        chunk = member_ids[start:start + 500]
        for member_id, event in _event_rows(conn, f"member_id IN ({','.join('?' * len(chunk))})", chunk):
            found[member_id].append(event)
    return found


def all_events(conn: sqlite3.Connection) -> dict[int, list[Event]]:
    """Every member's events from one read of the table, members in id order (whole-commune figures)."""
    grouped: dict[int, list[Event]] = {}
    for member_id, event in _event_rows(conn, "1", ()):
        grouped.setdefault(member_id, []).append(event)
    return grouped


def states_on(conn: sqlite3.Connection, on: dt.date) -> dict[int, State]:
    """Every member's state on a date, members in id order.

    A history that does not replay is left out: the check command reports it, and a report or a
    review list counts what it can rather than refusing the whole commune for one bad record.
    """
    return states_from(all_events(conn), on)


def states_from(histories: dict[int, list[Event]], on: dt.date) -> dict[int, State]:
    """``states_on`` from histories already read (a report that also needs the histories reads them once)."""
    states = {}
    for member_id, history in histories.items():
        try:
            states[member_id] = member_events.replay(history, on)
        except UserError:
            continue
    return states


def state(conn: sqlite3.Connection, member_id: int, on: dt.date | None = None) -> State:
    """The member's state from their standing events, now or on a date."""
    return member_events.replay(events(conn, member_id), on)


def _event_text(name: str, value: str) -> str:
    return vn.clean_field(value, member_events.EVENT_LABELS[name], member_events.EVENT_MAX_LENGTHS[name],
                          "sổ danh sách đảng viên")


def insert_event(conn: sqlite3.Connection, member_id: int, event: Event) -> int:
    """Append one event row (texts cleaned and held to their limits); the caller refreshes the state."""
    cursor = conn.execute(
        "INSERT INTO member_events (member_id, kind, event_date, decision_no, decision_date, org_id,"
        " other_place, detail, corrects_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (member_id, event.kind, event.event_date.isoformat(), _event_text("decision_no", event.decision_no),
         vn.iso(event.decision_date), event.org_id, _event_text("other_place", event.other_place),
         _event_text("detail", event.detail), event.corrects_event_id))
    return int(cursor.lastrowid or 0)


def refresh_state(conn: sqlite3.Connection, member_id: int) -> State:
    """Recompute the cached state columns from the events; raises UserError if they do not replay."""
    current = state(conn, member_id)
    conn.execute("UPDATE members SET org_id = ?, standing = ?, status = ?, joined_on = ?, official_on = ?,"
                 " updated_at = datetime('now', 'localtime') WHERE id = ?",
                 (current.org_id, current.standing, current.status, vn.iso(current.joined_on),
                  vn.iso(current.official_on), member_id))
    return current


def transfer_all(conn: sqlite3.Connection, source_id: int, target_id: int, on: dt.date, decision_no: str) -> int:
    """Move every member on the roll of one organisation to another (a merger). Returns the count."""
    marks = ",".join("?" * len(LEFT_STATUSES))
    rows = conn.execute(f"SELECT id FROM members WHERE org_id = ? AND status NOT IN ({marks})",
                        (source_id, *LEFT_STATUSES)).fetchall()
    with transaction(conn):
        for row in rows:
            insert_event(conn, row[0], Event("chuyen_di", on, decision_no=decision_no, org_id=target_id,
                                             detail="Hợp nhất tổ chức"))
            refresh_state(conn, row[0])
    return len(rows)
