"""Members' histories in the database: reading events, appending them, and the state they lead to.

This sits below both members (the register) and organisations (which moves whole rolls when it
merges), so neither has to import the other to read or write a history.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from models import vn
from models.errors import UserError
from models.people import member_events
from models.people.member_events import LEFT_STATUSES, Event, State
from models.storage.db import transaction


def _event_from_row(r: sqlite3.Row) -> Event:
    return Event(kind=r["kind"], event_date=vn.to_date(r["event_date"]) or dt.date.min, id=r["id"],
                 decision_no=r["decision_no"], decision_date=vn.to_date(r["decision_date"]), org_id=r["org_id"],
                 other_place=r["other_place"], detail=r["detail"], corrects_event_id=r["corrects_event_id"])


def events(conn: sqlite3.Connection, member_id: int) -> list[Event]:
    """Every event of a member as recorded (corrections included), in the order entered."""
    rows = conn.execute("SELECT * FROM member_events WHERE member_id = ? ORDER BY event_date, id", (member_id,))
    return [_event_from_row(r) for r in rows]


def events_of(conn: sqlite3.Connection, member_ids: list[int]) -> dict[int, list[Event]]:
    """The events of several members in one query (a page of the member list)."""
    found: dict[int, list[Event]] = {i: [] for i in member_ids}
    for start in range(0, len(member_ids), 500):
        chunk = member_ids[start:start + 500]
        rows = conn.execute(f"SELECT * FROM member_events WHERE member_id IN ({','.join('?' * len(chunk))})"
                            " ORDER BY event_date, id", chunk)
        for row in rows:
            found[row["member_id"]].append(_event_from_row(row))
    return found


def all_events(conn: sqlite3.Connection) -> dict[int, list[Event]]:
    """Every member's events from one read of the table, members in id order (whole-commune figures)."""
    grouped: dict[int, list[Event]] = {}
    for row in conn.execute("SELECT * FROM member_events ORDER BY member_id, event_date, id"):
        grouped.setdefault(row["member_id"], []).append(_event_from_row(row))
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
