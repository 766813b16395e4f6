"""A month across the cells: who has met, how long, attendance, the quarter's thematic meeting, drafts.

Also the ``meetings`` command-line list. Counts come from records.count_attendance over the attendance
lines read in one query (a month of a 150-cell commune is a few thousand lines), so every screen and
paper counts alike, the members with a vote included.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models import rules, vn
from models.commune import organisations
from models.errors import UserError
from models.meetings.meeting_warnings import (
    MeetingWarning,
    duration_warnings,
    meeting_warnings,
    period_warnings,
    quarter_of,
    quorum_warnings,
    vote_warnings,
)
from models.meetings.records import (
    KINDS,
    STATES,
    THEMATIC_KINDS,
    Attendance,
    AttendanceCounts,
    Meeting,
    count_attendance,
    duration_minutes,
)

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class MeetingRow:
    """One line of the overview: a meeting of a cell, or a cell that has not met (meeting_id None)."""

    org_id: int
    org_name: str
    meeting_id: int | None = None
    held_on: dt.date | None = None
    kind: str = ""
    state: str = ""
    start_time: str = ""
    end_time: str = ""
    counts: AttendanceCounts = AttendanceCounts()
    thematic_in_quarter: bool = False
    warnings: tuple[MeetingWarning, ...] = ()

    @property
    def kind_name(self) -> str:
        return KINDS.get(self.kind, "")

    @property
    def missed(self) -> bool:
        """A cell that did not meet in a month that is over (a month in progress is never missed yet)."""
        return self.meeting_id is None and any(w.code == "no_ordinary_meeting" for w in self.warnings)

    @property
    def state_name(self) -> str:
        return STATES.get(self.state, "")

    @property
    def duration_minutes(self) -> int | None:
        return duration_minutes(self.start_time, self.end_time)

    @property
    def attendance_rate(self) -> Decimal | None:
        return self.counts.attendance_rate


def parse_month(text: str | None) -> tuple[int, int] | None:
    """'2026-11' → (2026, 11); None/'' → None; anything else raises a Vietnamese UserError."""
    value = vn.nfc(text)
    if not value:
        return None
    match = _MONTH.match(value)
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2999:
        raise UserError(f"Tháng “{value}” không hợp lệ. Hãy gõ năm-tháng, ví dụ 2026-11 cho tháng 11 năm 2026.")
    return int(match[1]), int(match[2])


def scope_cells(conn: sqlite3.Connection, org_id: int | None, on: dt.date) -> list[organisations.Organisation]:
    """The cells under an organisation (or all), active on a day, in tree order."""
    cells = organisations.cells(conn, on)
    if org_id is None:
        return cells
    scope = set(organisations.descendants(conn, org_id))
    return [c for c in cells if c.id in scope]


_MEETINGS = ("SELECT m.id, m.org_id, m.held_on, m.kind, m.state, m.start_time, m.end_time,"
             " m.votes_for, m.votes_against, m.votes_abstain FROM meetings m")


def _meetings_between(conn: sqlite3.Connection, first: dt.date, last: dt.date,
                      org_ids: list[int] | None) -> list[sqlite3.Row]:
    where = " WHERE m.held_on BETWEEN ? AND ?"
    params: list[Any] = [first.isoformat(), last.isoformat()]
    if org_ids is not None:
        where += f" AND m.org_id IN ({','.join('?' * len(org_ids)) or 'NULL'})"
        params += list(org_ids)
    return conn.execute(_MEETINGS + where + " ORDER BY m.held_on, m.start_time, m.id", params).fetchall()


def _counts(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> dict[int, AttendanceCounts]:
    """Each meeting's counts by records.count_attendance, so the list, the editor and the minutes agree."""
    ids = [int(r["id"]) for r in rows]
    lines: dict[int, list[Attendance]] = {i: [] for i in ids}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):   # SQLite's limit on parameters
        for meeting_id, name, status, standing, attended in conn.execute(
                "SELECT meeting_id, name, status, standing, attended FROM meeting_attendance"
                f" WHERE meeting_id IN ({','.join('?' * len(chunk))})", chunk):
            lines[meeting_id].append(Attendance(name, status, None, standing, attended=bool(attended)))
    return {i: count_attendance(found) for i, found in lines.items()}


def _row_warnings(row: sqlite3.Row, counts: AttendanceCounts) -> list[MeetingWarning]:
    held_on = dt.date.fromisoformat(row["held_on"])
    rule_set = rules.for_date(held_on)
    return (duration_warnings(row["kind"], row["start_time"], row["end_time"], rule_set)
            + quorum_warnings(counts, rule_set)
            + vote_warnings((row["votes_for"], row["votes_against"], row["votes_abstain"]), counts, rule_set))


def _quarter_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first_month = (quarter_of(month) - 1) * 3 + 1
    first = dt.date(year, first_month, 1)
    return first, vn.add_months(first, 3) - dt.timedelta(days=1)


def month_rows(conn: sqlite3.Connection, year: int, month: int, org_id: int | None = None,
               today: dt.date | None = None) -> list[MeetingRow]:
    """The overview of a month: each meeting of each cell in scope, and a line for each cell that has not met.

    The month's and quarter's warnings come only once the month is over (``today``, default today).
    """
    months = cell_months(conn, year, month, org_id, today)
    # attendance is counted for the month's meetings only: the quarter's others are only looked at by date and kind
    counted = _counts(conn, [row for cell in months for row in cell.meetings])
    result: list[MeetingRow] = []
    for cell in months:
        if not cell.meetings:
            result.append(MeetingRow(cell.org.id, cell.org.name, thematic_in_quarter=cell.thematic,
                                     warnings=cell.warnings))
        for row in cell.meetings:
            counts = counted[row["id"]]
            result.append(MeetingRow(
                cell.org.id, cell.org.name, row["id"], dt.date.fromisoformat(row["held_on"]), row["kind"],
                row["state"], row["start_time"], row["end_time"], counts, cell.thematic,
                tuple(_row_warnings(row, counts)) + cell.warnings))
    return result


@dataclass(frozen=True)
class CellMonth:
    """One cell's month: its meetings that month, whether it held a thematic meeting in the quarter so far,
    and the month's and quarter's warnings (no meeting, no thematic meeting)."""

    org: organisations.Organisation
    meetings: list[sqlite3.Row]
    thematic: bool
    warnings: tuple[MeetingWarning, ...]


def cell_months(conn: sqlite3.Connection, year: int, month: int, org_id: int | None = None,
                today: dt.date | None = None) -> list[CellMonth]:
    """Each cell in scope (tree order) with its month, attendance not counted (the to-do list needs none)."""
    first = dt.date(year, month, 1)
    last = vn.add_months(first, 1) - dt.timedelta(days=1)
    cells = scope_cells(conn, org_id, last)
    ids = [int(c.id) for c in cells]
    q_first, q_last = _quarter_span(year, month)
    held: dict[int, list[tuple[dt.date, str]]] = {}
    this_month: dict[int, list[sqlite3.Row]] = {}    # by cell, so each cell does not scan the whole quarter
    for row in _meetings_between(conn, q_first, q_last, ids):
        held.setdefault(row["org_id"], []).append((dt.date.fromisoformat(row["held_on"]), row["kind"]))
        if first.isoformat() <= row["held_on"] <= last.isoformat():
            this_month.setdefault(row["org_id"], []).append(row)
    rule_set = rules.for_date(last)
    found = []
    for cell in cells:
        cell_held = held.get(cell.id, [])
        thematic = any(k in THEMATIC_KINDS and d <= last for d, k in cell_held)
        period = tuple(period_warnings([x for x in cell_held if x[0] <= last], year, month, rule_set, today))
        found.append(CellMonth(cell, this_month.get(cell.id, []), thematic, period))
    return found


def listed_rows(conn: sqlite3.Connection, org_id: int | None, month: str | None) -> list[MeetingRow]:
    """The meetings the CLI lists: one month (with cells that have not met) or every meeting on record."""
    parsed = parse_month(month)
    if parsed is not None:
        return [r for r in month_rows(conn, *parsed, org_id=org_id) if r.meeting_id is not None]
    ids = None if org_id is None else [int(i) for i in organisations.descendants(conn, org_id)]
    names = organisations.names_by_id(conn)
    rows = []
    found = _meetings_between(conn, dt.date(1900, 1, 1), dt.date(2999, 12, 31), ids)
    counted = _counts(conn, found)
    for row in found:
        counts = counted[row["id"]]
        rows.append(MeetingRow(row["org_id"], names.get(row["org_id"], ""), row["id"],
                               dt.date.fromisoformat(row["held_on"]), row["kind"], row["state"], row["start_time"],
                               row["end_time"], counts, False, tuple(_row_warnings(row, counts))))
    return rows


def drafts(rows: Iterable[MeetingRow]) -> list[MeetingRow]:
    return [r for r in rows if r.state == "nhap"]


def editor_warnings(conn: sqlite3.Connection, meeting: Meeting) -> list[MeetingWarning]:
    """What the editor shows beside a meeting being edited: its own warnings and its month's and quarter's."""
    year, month = meeting.held_on.year, meeting.held_on.month
    q_first, q_last = _quarter_span(year, month)
    last = vn.add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
    others = [(dt.date.fromisoformat(r["held_on"]), r["kind"])
              for r in _meetings_between(conn, q_first, q_last, [meeting.org_id]) if r["id"] != meeting.id]
    held = [h for h in [*others, (meeting.held_on, meeting.kind)] if h[0] <= last]
    return meeting_warnings(meeting) + period_warnings(held, year, month, rules.for_date(meeting.held_on))
