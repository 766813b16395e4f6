"""Cell meetings (sinh hoạt chi bộ): the record of one meeting, its attendance, and the year's figures.

A meeting is a draft (nháp) until the cell adopts its minutes (đã thông qua); an adopted meeting is
read-only until someone reopens it, which the audit trail records. Warnings live in
``meeting_warnings``; saving, adopting and reopening in ``meeting_store``; the month overview and the
command-line list in ``meeting_overview``; the data the printed documents need in ``meeting_docs``.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models import periods, vn
from models.commune import organisations
from models.errors import UserError

KINDS: dict[str, str] = {
    "thuong_ky": "Thường kỳ",
    "chuyen_de": "Chuyên đề",
    "ghep": "Thường kỳ kết hợp chuyên đề",
    "bat_thuong": "Bất thường",
}
# Kinds that hold the month's ordinary meeting, and kinds that hold the quarter's thematic one.
ORDINARY_KINDS = ("thuong_ky", "ghep")
THEMATIC_KINDS = ("chuyen_de", "ghep")

ATTENDANCE_STATUSES: dict[str, str] = {
    "co_mat": "Có mặt",
    "vang_co_ly_do": "Vắng có lý do",
    "vang_khong_ly_do": "Vắng không lý do",
    "mien_sinh_hoat": "Miễn sinh hoạt",
    "tam_vang": "Sinh hoạt tạm thời nơi khác",
    "dinh_chi": "Đình chỉ sinh hoạt",
    "khach": "Nơi khác đến dự",
}
# Rows that count towards attendance: those who must attend. Excused, away and suspended do not.
MUST_ATTEND = ("co_mat", "vang_co_ly_do", "vang_khong_ly_do")
ABSENT = ("vang_co_ly_do", "vang_khong_ly_do")

STATES = {"nhap": "Nháp", "da_thong_qua": "Đã thông qua"}

# A member's status on the meeting's day decides the attendance line they start with.
DEFAULT_STATUS_FOR_MEMBER = {"mien_sinh_hoat": "mien_sinh_hoat", "tam_di": "tam_vang", "dinh_chi": "dinh_chi"}

_TIME = re.compile(r"^(\d{1,2})[:hH.](\d{2})$")


# A meeting in the first half of a month (most cells meet on the 3rd–5th) reviews the month before and sets
# the tasks of its own month; a meeting later in the month reviews its own month and plans the next one.
# Only the months offered for a new record: the record keeps what the clerk chose.
EARLY_MONTH_LAST_DAY = 15


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def review_and_plan_months(held_on: dt.date) -> tuple[dt.date, dt.date]:
    """(first day of the month reviewed, first day of the month planned) offered for a meeting on ``held_on``."""
    this_month = first_of_month(held_on)
    if held_on.day <= EARLY_MONTH_LAST_DAY:
        return vn.add_months(this_month, -1), this_month
    return this_month, vn.add_months(this_month, 1)


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class Attendance:
    """One line of the attendance list. ``member_id`` is None for someone attending from elsewhere."""

    name: str
    status: str = "co_mat"
    member_id: int | None = None
    standing: str | None = None        # du_bi / chinh_thuc
    reason: str = ""
    attended: bool = False             # an excused member who came anyway

    @property
    def status_name(self) -> str:
        return ATTENDANCE_STATUSES.get(self.status, self.status)

    @property
    def is_present(self) -> bool:
        return self.status in ("co_mat", "khach") or self.attended

    @property
    def may_vote(self) -> bool:
        """In the room and not probationary: Điều lệ Đảng (Điều 5) gives probationary members no vote.

        An excused member who came anyway and a member attending from elsewhere vote like the others. A
        line with no recorded standing (typed by hand) is taken as a full member rather than silenced.
        """
        return self.is_present and self.standing != "du_bi"


@dataclass(frozen=True)
class Speech:
    speaker_name: str
    content: str = ""
    member_id: int | None = None


@dataclass(frozen=True)
class Task:
    """A task set for next month, with its owner and deadline."""

    content: str
    owner: str = ""
    deadline: dt.date | None = None
    id: int | None = None


@dataclass(frozen=True)
class Followup:
    """How a task set at the previous meeting went (recorded at this meeting)."""

    content: str
    owner: str = ""
    result: str = ""
    task_id: int | None = None


@dataclass(frozen=True)
class Meeting:
    """Everything the minutes record; ``id`` is None until first saved."""

    org_id: int
    kind: str
    held_on: dt.date
    id: int | None = None
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    theme: str = ""
    chair_name: str = ""
    chair_member_id: int | None = None
    secretary_name: str = ""
    secretary_member_id: int | None = None
    guests: str = ""
    supervisor_name: str = ""
    agenda: str = ""
    last_month_results: str = ""
    news_policy: str = ""
    ct05_content: str = ""
    conclusion: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    dues_collected: int | None = None
    quality: tuple[tuple[str, int], ...] = ()          # (criterion code, points)
    attendance: tuple[Attendance, ...] = ()
    speeches: tuple[Speech, ...] = ()
    tasks: tuple[Task, ...] = ()
    followups: tuple[Followup, ...] = ()
    state: str = "nhap"
    minutes_no: int | None = None
    resolution_no: int | None = None
    # The month whose results the meeting reviews and the month its tasks are for, each kept as its first day.
    # Offered from the date (review_and_plan_months) but the clerk's to set: a cell meeting on the 20th may
    # still review last month. None: not set yet, the date's months stand in (see ``months``).
    reviewed_month: dt.date | None = None
    planned_month: dt.date | None = None

    @property
    def months(self) -> tuple[dt.date, dt.date]:
        """(month reviewed, month planned), each as its first day; the date's months where none is recorded."""
        reviewed, planned = review_and_plan_months(self.held_on)
        return (first_of_month(self.reviewed_month or reviewed), first_of_month(self.planned_month or planned))

    @property
    def kind_name(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def state_name(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def adopted(self) -> bool:
        return self.state == "da_thong_qua"

    @property
    def duration_minutes(self) -> int | None:
        return duration_minutes(self.start_time, self.end_time)

    @property
    def quality_score(self) -> int | None:
        return sum(points for _, points in self.quality) if self.quality else None

    @property
    def counts(self) -> AttendanceCounts:
        return count_attendance(self.attendance)


@dataclass(frozen=True)
class AttendanceCounts:
    """The figures the minutes state: total, present (full / probationary), absent, excused, away."""

    total: int = 0                   # members of the cell on the day (guests from elsewhere not counted)
    present: int = 0                 # of those who must attend
    present_full: int = 0
    present_probationary: int = 0
    absent_with_reason: int = 0
    absent_without_reason: int = 0
    excused: int = 0
    excused_attended: int = 0
    away: int = 0
    suspended: int = 0
    visitors: int = 0                # members attending temporarily from elsewhere
    voting_present: int = 0          # of those present who must attend, those with a vote (full members)
    voting_excused: int = 0          # excused members who came anyway and have a vote
    voting_visitors: int = 0         # members from elsewhere who have a vote
    present_without_vote: int = 0    # probationary members in the room (any line)

    @property
    def entitled_to_vote(self) -> int:
        """Those in the room with a vote on the resolution: the most votes the minutes can record."""
        return self.voting_present + self.voting_excused + self.voting_visitors

    @property
    def absent(self) -> int:
        return self.absent_with_reason + self.absent_without_reason

    @property
    def should_attend(self) -> int:
        return self.present + self.absent

    @property
    def attendance_rate(self) -> Decimal | None:
        return vn.rate(self.present, self.should_attend)


def count_attendance(rows: tuple[Attendance, ...] | list[Attendance]) -> AttendanceCounts:
    """Count an attendance list (pure: the editor calls it on every change)."""
    tally: dict[str, int] = {}
    for row in rows:
        tally[row.status] = tally.get(row.status, 0) + 1
    present_rows = [r for r in rows if r.status == "co_mat"]
    return AttendanceCounts(
        total=sum(1 for r in rows if r.status != "khach"),
        present=len(present_rows),
        present_full=sum(1 for r in present_rows if r.standing == "chinh_thuc"),
        present_probationary=sum(1 for r in present_rows if r.standing == "du_bi"),
        absent_with_reason=tally.get("vang_co_ly_do", 0),
        absent_without_reason=tally.get("vang_khong_ly_do", 0),
        excused=tally.get("mien_sinh_hoat", 0),
        excused_attended=sum(1 for r in rows if r.status == "mien_sinh_hoat" and r.attended),
        away=tally.get("tam_vang", 0),
        suspended=tally.get("dinh_chi", 0),
        visitors=tally.get("khach", 0),
        **_voting(rows),
    )


def _voting(rows: tuple[Attendance, ...] | list[Attendance]) -> dict[str, int]:
    """Who in the room votes, by the line they stand on (the only place the entitled number is decided)."""
    voting = [r for r in rows if r.may_vote]
    return {"voting_present": sum(1 for r in voting if r.status == "co_mat"),
            "voting_excused": sum(1 for r in voting if r.status == "mien_sinh_hoat"),
            "voting_visitors": sum(1 for r in voting if r.status == "khach"),
            "present_without_vote": sum(1 for r in rows if r.is_present and not r.may_vote)}


def entitled_text(counts: AttendanceCounts) -> str:
    """'14 đồng chí (gồm 12 đảng viên chính thức có mặt, 1 đồng chí miễn sinh hoạt đến dự, …)': who may vote."""
    parts = [f"{n} {label}" for n, label in (
        (counts.voting_present, "đảng viên chính thức có mặt"),
        (counts.voting_excused, "đồng chí miễn sinh hoạt đến dự"),
        (counts.voting_visitors, "đồng chí nơi khác đến dự")) if n]
    who = f"gồm {', '.join(parts)}" if parts else "không có ai"
    if counts.present_without_vote:
        who += f"; {counts.present_without_vote} đảng viên dự bị có mặt không biểu quyết"
    return f"{counts.entitled_to_vote} đồng chí ({who})"


def parse_time(text: str, field_name: str = "Giờ") -> str:
    """'7:30', '07h30', '7.30' → '07:30'; '' stays ''; anything else raises UserError."""
    value = vn.nfc(text)
    if not value:
        return ""
    match = _TIME.match(value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise UserError(f"{field_name}: “{value}” không phải là giờ. Hãy gõ giờ:phút, ví dụ 07:30 hoặc 19:45.")
    return f"{int(match[1]):02d}:{match[2]}"


def duration_minutes(start: str, end: str) -> int | None:
    """Minutes between two HH:MM times; None when either is missing or unreadable."""
    try:
        start, end = parse_time(start), parse_time(end)
    except UserError:
        return None
    if not start or not end:
        return None
    return (int(end[:2]) * 60 + int(end[3:])) - (int(start[:2]) * 60 + int(start[3:]))


def format_duration(minutes: int | None) -> str:
    """125 → '2 giờ 05 phút'; None → ''."""
    if minutes is None:
        return ""
    if minutes < 60:
        return f"{minutes} phút"
    return f"{minutes // 60} giờ {minutes % 60:02d} phút"


# ---------------------------------------------------------------- year figures (used by reports and reviews)

@dataclass(frozen=True)
class MeetingStats:
    held: int = 0               # cell-months with an ordinary meeting (thường kỳ or ghép), each counted once
    expected: int = 0           # cell-months, up to today, in which the cell was active
    present: int = 0
    should_attend: int = 0

    @property
    def attendance_rate(self) -> Decimal | None:
        return vn.rate(self.present, self.should_attend)


@dataclass(frozen=True)
class AttendanceEvidence:
    """One member's meetings in a year, as the year-end review reads them."""

    expected: int = 0
    attended: int = 0
    absent_with_reason: int = 0
    absent_without_reason: int = 0
    longest_unexcused_run: int = 0     # consecutive meetings missed without reason


def _in_list(column: str, ids: list[int] | None) -> tuple[str, list[Any]]:
    if ids is None:
        return "", []
    if not ids:
        return " AND 0", []
    return f" AND {column} IN ({','.join('?' * len(ids))})", list(ids)


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    return first, vn.add_months(first, 1) - dt.timedelta(days=1)


def months_to_count(year: int, today: dt.date | None = None) -> list[int]:
    """The months of ``year`` a year's figures count: those already over (models.periods); the month in
    progress is not expected yet, a cell may still meet before it ends."""
    return periods.months_over(year, today)


def expected_by_cell(conn: sqlite3.Connection, year: int, months: Sequence[int] | None = None,
                     today: dt.date | None = None) -> dict[int, int]:
    """Each cell's months, among ``months`` of ``year`` (default: up to today's month), in which it was active."""
    chosen = months_to_count(year, today) if months is None else list(months)
    bounds = [_month_bounds(year, month) for month in chosen]
    return {int(cell.id): sum(1 for first, last in bounds
                              if (cell.founded_on is None or cell.founded_on <= last)
                              and (cell.dissolved_on is None or cell.dissolved_on > first))
            for cell in organisations.cells(conn)}


def expected_cell_months(conn: sqlite3.Connection, year: int, org_ids: list[int] | None = None,
                         today: dt.date | None = None) -> int:
    """Cell-months in ``year``, among the months already over, in which each cell (in scope) was active."""
    scope = None if org_ids is None else set(org_ids)
    return sum(n for cell_id, n in expected_by_cell(conn, year, today=today).items()
               if scope is None or cell_id in scope)


def _span(year: int, months: Sequence[int]) -> list[str]:
    """The first and last day of a run of months, as SQL parameters (a span holding no day without months)."""
    chosen = list(months)
    if not chosen:
        return [f"{year}-01-01", f"{year}-01-00"]
    return [_month_bounds(year, chosen[0])[0].isoformat(), _month_bounds(year, chosen[-1])[1].isoformat()]


AttendanceCells = dict[tuple[int | None, int], tuple[int, int]]   # (organisation, month) → (present, should attend)


def attendance_cells(conn: sqlite3.Connection, year: int, months: Sequence[int] | None = None,
                     today: dt.date | None = None) -> AttendanceCells:
    """Attendance of each organisation's meetings in each month (default: the months already over), in one pass
    over the attendance rows: the organisations' rows and the months' series of a report both add these up."""
    months = months_to_count(year, today) if months is None else months
    # CROSS JOIN keeps SQLite's order: the months' meetings first, then their attendance by meeting (the
    # primary key), rather than every attendance row of every year (266,000 in a commune) looked up one by one
    rows = conn.execute(
        "SELECT m.org_id, CAST(substr(m.held_on, 6, 2) AS INTEGER), coalesce(sum(a.status = 'co_mat'), 0), count(*)"
        " FROM meetings m CROSS JOIN meeting_attendance a ON m.id = a.meeting_id"
        " WHERE m.held_on BETWEEN ? AND ? AND a.status IN ('co_mat', 'vang_co_ly_do', 'vang_khong_ly_do')"
        " GROUP BY 1, 2", _span(year, months))
    return {(r[0], int(r[1])): (int(r[2]), int(r[3])) for r in rows}


def stats_by_org(conn: sqlite3.Connection, year: int, months: Sequence[int] | None = None,
                 today: dt.date | None = None,
                 attendance: AttendanceCells | None = None) -> dict[int | None, MeetingStats]:
    """MeetingStats of each organisation's own meetings: one query for the meetings held, one for attendance
    (``attendance_cells``, unless given).

    ``months`` (consecutive) limits the meetings and the months expected; without it, the months already over
    (``months_to_count``). A report's total is the sum of these rows (``total_stats``)."""
    months = months_to_count(year, today) if months is None else months
    span = _span(year, months)
    held = dict(conn.execute(
        "SELECT org_id, count(DISTINCT substr(held_on, 1, 7)) FROM meetings"
        " WHERE held_on BETWEEN ? AND ? AND kind IN ('thuong_ky', 'ghep') GROUP BY org_id", span).fetchall())
    present: dict[int | None, list[int]] = {}
    for (org_id, _month), (came, asked) in (attendance_cells(conn, year, months) if attendance is None
                                            else attendance).items():
        sums = present.setdefault(org_id, [0, 0])
        sums[0] += came
        sums[1] += asked
    expected = expected_by_cell(conn, year, months, today)
    keys: set[int | None] = {*held, *present, *expected}
    return {org_id: MeetingStats(int(held.get(org_id, 0)), expected.get(org_id, 0) if org_id is not None else 0,
                                 *present.get(org_id, (0, 0)))
            for org_id in keys}


def total_stats(rows: dict[int | None, MeetingStats], org_ids: Sequence[int] | None = None) -> MeetingStats:
    """The sum of some organisations' rows (all of them when ``org_ids`` is None)."""
    scope = None if org_ids is None else set(org_ids)
    chosen = [s for org_id, s in rows.items() if scope is None or org_id in scope]
    return MeetingStats(sum(s.held for s in chosen), sum(s.expected for s in chosen),
                        sum(s.present for s in chosen), sum(s.should_attend for s in chosen))


def year_stats(conn: sqlite3.Connection, year: int, org_ids: list[int] | None = None,
               today: dt.date | None = None) -> MeetingStats:
    """Meetings held against those expected, and attendance, for the months of a year already over."""
    return total_stats(stats_by_org(conn, year, today=today), org_ids)


def attendance_by_month(cells: AttendanceCells, org_ids: Sequence[int] | None = None) -> dict[int, MeetingStats]:
    """Attendance (present / should attend) of each month with a meeting, over some organisations (or all)."""
    scope = None if org_ids is None else set(org_ids)
    months: dict[int, list[int]] = {}
    for (org_id, month), (came, asked) in cells.items():
        if scope is None or org_id in scope:
            sums = months.setdefault(month, [0, 0])
            sums[0] += came
            sums[1] += asked
    return {month: MeetingStats(present=came, should_attend=asked) for month, (came, asked) in months.items()}


def member_attendance(conn: sqlite3.Connection, member_id: int, year: int) -> AttendanceEvidence:
    """How one member attended the meetings they had to attend in a year (in date order)."""
    rows = conn.execute(
        "SELECT a.status FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id"
        " WHERE a.member_id = ? AND m.held_on BETWEEN ? AND ?"
        " AND a.status IN ('co_mat', 'vang_co_ly_do', 'vang_khong_ly_do')"
        " ORDER BY m.held_on, coalesce(m.start_time, ''), m.id",
        (member_id, f"{year}-01-01", f"{year}-12-31")).fetchall()
    statuses = [r[0] for r in rows]
    run = longest = 0
    for status in statuses:
        run = run + 1 if status == "vang_khong_ly_do" else 0
        longest = max(longest, run)
    return AttendanceEvidence(expected=len(statuses), attended=statuses.count("co_mat"),
                              absent_with_reason=statuses.count("vang_co_ly_do"),
                              absent_without_reason=statuses.count("vang_khong_ly_do"),
                              longest_unexcused_run=longest)


__all__ = ["KINDS", "ATTENDANCE_STATUSES", "MeetingStats", "AttendanceEvidence", "year_stats",
           "member_attendance", "Meeting", "review_and_plan_months", "first_of_month",
           "Attendance", "Speech", "Task", "Followup", "count_attendance", "entitled_text"]
