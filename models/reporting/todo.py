"""Việc cần làm: what the office has to act on, for the commune or one organisation with its sub-units, on a day.

Each item says what to do (a Vietnamese sentence), when, for whom, in which organisation, under which rule,
and which record to open to do it. The Charter checks of ``check`` (models.reporting.checks) are the same
items read back as findings, so a rule is written once. Items only read data.

A month still in progress is never a missed month here (models.periods): the unfinished month's meeting
and dues are not yet missing, and a quarter's thematic meeting is looked for only once the quarter is over.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from models import periods, rules, vn
from models.commune import organisations
from models.dues import ledger as dues
from models.meetings import meeting_overview
from models.meetings.records import KINDS as KINDS_OF_MEETING
from models.people import member_events, member_history
from models.people.member_events import LEFT_STATUSES, ON_ROLL_STATUSES, State

# What an item is, its kinds and their tally live in a light module the home screen imports at start; the rules
# below run only in its worker. They are this module's names too (``todo.KINDS``, ``todo.TodoItem``…).
from models.reporting.todo_items import KINDS as KINDS
from models.reporting.todo_items import Target as Target
from models.reporting.todo_items import TodoItem as TodoItem
from models.reporting.todo_items import counts as counts
from models.reviews import records as reviews
from models.study import sessions as study

PROBATION_NOTICE_DAYS = 30   # a probation ending within this many days is listed, so the cell can prepare
STUDY_WINDOW_DAYS = 365      # documents issued or studied within the last year are followed up


@dataclass(frozen=True)
class Known:
    """What the year report has computed already for the same day, so the counts do not compute it again:
    every member's state on the day, and one review year's member rows and rule warnings (whole commune)."""

    states: dict[int, State]
    review_year: int
    member_reviews: list[reviews.MemberReview]
    review_warnings: list[reviews.ReviewWarning]


@dataclass
class Context:
    """What every kind of item reads: the day, the scope, names; the members' states read once, when needed."""

    conn: sqlite3.Connection
    on: dt.date
    scope: set[int] | None      # organisation ids (an organisation with its sub-units); None: the commune
    org_names: dict[int, str]
    rule_set: rules.RuleSet
    # Read once when first needed, or handed over by a caller that has them for the same day (the year report)
    _states: dict[int, State] | None = field(default=None, repr=False)
    _names: dict[int, str] | None = field(default=None, repr=False)
    _member_reviews: dict[int, list[reviews.MemberReview]] = field(default_factory=dict, repr=False)
    _review_warnings: dict[int, list[reviews.ReviewWarning]] = field(default_factory=dict, repr=False)

    def in_scope(self, org_id: int | None) -> bool:
        return self.scope is None or org_id in self.scope

    def org_name(self, org_id: int | None) -> str:
        return self.org_names.get(org_id or 0, "")

    def states(self) -> dict[int, State]:
        if self._states is None:
            self._states = member_history.states_on(self.conn, self.on)
        return self._states

    def names(self) -> dict[int, str]:
        """Every member's full name by id."""
        if self._names is None:
            self._names = {r[0]: r[1] for r in self.conn.execute("SELECT id, full_name FROM members")}
        return self._names

    def member_reviews(self, year: int) -> list[reviews.MemberReview]:
        if year not in self._member_reviews:
            self._member_reviews[year] = reviews.member_reviews(self.conn, year)
        return self._member_reviews[year]

    def review_warnings(self, year: int) -> list[reviews.ReviewWarning]:
        if year not in self._review_warnings:
            self._review_warnings[year] = reviews.warnings(
                self.conn, year, stored=(self.member_reviews(year), reviews.org_reviews(self.conn, year)))
        return self._review_warnings[year]

    def charter(self, article: str) -> str:
        return f"{self.rule_set.citations.charter}, {article}"


def context(conn: sqlite3.Connection, org_id: int | None = None, on: dt.date | None = None,
            known: Known | None = None) -> Context:
    """``known``: what the caller computed already for that same day (the year report's breakdown)."""
    on = on or dt.date.today()
    scope = None if org_id is None else {int(i) for i in organisations.descendants(conn, org_id)}
    ctx = Context(conn, on, scope, organisations.names_by_id(conn), rules.for_date(on))
    if known is not None:
        ctx._states = known.states
        ctx._member_reviews[known.review_year] = known.member_reviews
        ctx._review_warnings[known.review_year] = known.review_warnings
    return ctx


def _who(name: str, org: str) -> str:
    return f"{name} ({org})" if org else name


def _marks(values: Iterable[object]) -> str:
    return ",".join("?" * len(list(values)))


# ---------------------------------------------------------------- members

def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day ``days`` working days (Monday to Friday) after ``start``."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def probation(ctx: Context) -> list[TodoItem]:
    """Probationary members whose 12 months end soon or have ended: the cell must consider them within
    the deadline (30 working days); past it, the item is overdue (Điều lệ Đảng, Điều 5)."""
    items = []
    names = ctx.names()
    for member_id, state in ctx.states().items():
        admitted = member_events.admitted_on(state)
        if state.standing != "du_bi" or not state.on_roll or admitted is None or not ctx.in_scope(state.org_id):
            continue
        rule_set = rules.for_date(admitted)
        end = member_events.probation_end(admitted, rule_set.probation_months)
        deadline = add_working_days(end, rule_set.confirmation_deadline_working_days)
        if end > ctx.on + dt.timedelta(days=PROBATION_NOTICE_DAYS):
            continue
        overdue = deadline < ctx.on
        org = ctx.org_name(state.org_id)
        what = ("nhưng chưa có quyết định. Hãy tổ chức xét chuyển chính thức" if overdue
                else "Chi bộ chuẩn bị hồ sơ, họp xét chuyển chính thức")
        items.append(TodoItem(
            "probation_overdue" if overdue else "probation_due", deadline, names[member_id], org,
            f"Đảng viên dự bị {_who(names[member_id], org)} kết nạp ngày {vn.format_date(admitted)}: hết "
            f"{rule_set.probation_months} tháng dự bị ngày {vn.format_date(end)}, hạn xét chuyển chính thức là "
            f"{vn.format_date(deadline)}{' ' if overdue else '. '}{what} "
            "và ghi sự kiện “Chuyển đảng viên chính thức”.",
            ctx.charter("Điều 5"), Target("members", member_id=member_id, org_id=state.org_id), overdue))
    return sorted(items, key=lambda i: (i.date, vn.name_sort_key(i.who or "")))


def next_award_date(badges: rules.Badges, on: dt.date) -> tuple[dt.date, dt.date]:
    """The next award day on or after ``on``, and the award day before it."""
    days = badges.award_dates(on.year - 1) + badges.award_dates(on.year) + badges.award_dates(on.year + 1)
    index = next(i for i, day in enumerate(days) if day >= on)
    return days[index], days[index - 1]


def badge_milestone(state: State, milestones: tuple[int, ...], award: dt.date, previous: dt.date) -> int | None:
    """The milestone (years of seniority, gaps out of the Party not counted) a member reaches after the
    previous award day and by ``award``: the badge to propose at ``award``; None when there is none."""
    now = member_events.seniority_years(state, award)
    if not milestones or now < milestones[0]:   # smallest first (rules.Badges): most members are short of it
        return None
    before = member_events.seniority_years(state, previous)
    return next((m for m in milestones if before < m <= now), None)


def badges(ctx: Context) -> list[TodoItem]:
    """Members who reach a badge milestone by the next award day (3/2, 19/5, 2/9, 7/11 in the rule set)."""
    badge_rules = ctx.rule_set.badges
    award, previous = next_award_date(badge_rules, ctx.on)
    items = []
    rows: dict[int, tuple[str, str]] = {}      # names and badge numbers, read for the first member found
    for member_id, state in ctx.states().items():
        if not state.on_roll or not ctx.in_scope(state.org_id):
            continue
        milestone = badge_milestone(state, badge_rules.milestones, award, previous)
        if milestone is None:
            continue
        if not rows:
            rows = {r[0]: (r[1], r[2]) for r in ctx.conn.execute("SELECT id, full_name, badge_number FROM members")}
        name, badge_number = rows[member_id]
        # Only one badge number is recorded, without its milestone: a number shows the first badge is held.
        if milestone == badge_rules.milestones[0] and badge_number.strip():
            continue
        org = ctx.org_name(state.org_id)
        gap = " (đã trừ thời gian ra khỏi Đảng)" if state.gaps else ""
        deferred = [member_events.DISCIPLINE_LEVELS[kind].lower() for _, kind in state.disciplines
                    if kind in badge_rules.deferral_months and kind in member_events.DISCIPLINE_LEVELS]
        note = (f" Đồng chí đã bị kỷ luật ({', '.join(deferred)}): xem xét lùi thời gian tặng theo quy định."
                if deferred else "")
        items.append(TodoItem(
            "badge_due", award, name, org,
            f"Đảng viên {_who(name, org)} vào Đảng ngày {vn.format_date(state.joined_on)}, đủ {milestone} năm tuổi "
            f"đảng{gap}: lập hồ sơ đề nghị tặng Huy hiệu {milestone} năm tuổi Đảng vào dịp "
            f"{vn.format_date(award)}.{note}",
            badge_rules.citation or ctx.rule_set.citations.charter,
            Target("members", member_id=member_id, org_id=state.org_id)))
    return sorted(items, key=lambda i: (i.organisation, vn.name_sort_key(i.who or "")))


def _removal_years(on: dt.date) -> Iterator[tuple[int, dt.date, int]]:
    """(year, last day of its months already over, months that lead to removal) for last year and this year:
    last year's absences and dues still matter while this year starts (a year with no month over is skipped)."""
    for year in (on.year - 1, on.year):
        last = periods.end_of_months_over(year, on)
        if last is not None:
            yield year, last, rules.for_review_year(year).meetings.absence_removal_months


def absences(ctx: Context) -> list[TodoItem]:
    """Members absent without reason from their cell's meetings in N months of a year, months already over
    (Điều lệ Đảng, Điều 8: to be considered for removal)."""
    items = []
    for year, last, limit in _removal_years(ctx.on):
        rows = ctx.conn.execute(
            "SELECT mb.id, mb.full_name, mb.org_id, count(DISTINCT substr(m.held_on, 1, 7)) AS months"
            " FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id JOIN members mb ON mb.id = a.member_id"
            f" WHERE a.status = 'vang_khong_ly_do' AND m.held_on BETWEEN ? AND ?"
            f" AND mb.status IN ({_marks(ON_ROLL_STATUSES)})"
            " GROUP BY mb.id HAVING months >= ? ORDER BY mb.sort_key",
            (f"{year}-01-01", last.isoformat(), *ON_ROLL_STATUSES, limit)).fetchall()
        for row in rows:
            if not ctx.in_scope(row["org_id"]):
                continue
            items.append(_removal_item(ctx, "absences", last, row, year, (
                f"vắng sinh hoạt không có lý do {row['months']} tháng "
                f"trong năm {year} (từ {limit} tháng trở lên). Chi bộ cần xem xét, đề nghị xóa tên theo Điều 8 "
                "Điều lệ Đảng nếu không có lý do chính đáng.")))
    return items


def unpaid_dues(ctx: Context) -> list[TodoItem]:
    """Members who left dues unpaid N months of a year, months already over (Điều lệ Đảng, Điều 8)."""
    items = []
    for year, last, limit in _removal_years(ctx.on):
        rows = ctx.conn.execute(   # only members with an unpaid month recorded can have N of them
            "SELECT DISTINCT mb.id, mb.full_name, mb.org_id FROM dues_payments p JOIN members mb ON mb.id = p.member_id"
            f" WHERE p.amount_paid < p.amount_due AND p.month BETWEEN ? AND ?"
            f" AND mb.status IN ({_marks(ON_ROLL_STATUSES)}) ORDER BY mb.sort_key",
            (dues.month_key(year, 1), dues.month_key(year, 12), *ON_ROLL_STATUSES)).fetchall()
        rows = [row for row in rows if ctx.in_scope(row["org_id"])]
        unpaid = dues.unpaid_months_of(ctx.conn, [row["id"] for row in rows], year, ctx.on)
        for row in rows:
            months = unpaid[row["id"]]
            if months < limit:
                continue
            items.append(_removal_item(ctx, "unpaid_dues", last, row, year, (
                f"chưa đóng đảng phí {months} tháng trong năm {year} "
                f"(từ {limit} tháng trở lên). Chi bộ cần nhắc nhở; nếu không có lý do chính đáng thì xem xét "
                "đề nghị xóa tên theo Điều 8 Điều lệ Đảng.")))
    return items


def _removal_item(ctx: Context, kind: str, day: dt.date, row: sqlite3.Row, year: int, what: str) -> TodoItem:
    """A member's item under Điều 8 (absences or unpaid dues that can lead to removal): "Đảng viên <name>
    (<organisation>) <what>", opening the member's record for that year."""
    org = ctx.org_name(row["org_id"])
    return TodoItem(kind, day, row["full_name"], org, f"Đảng viên {_who(row['full_name'], org)} {what}",
                    ctx.charter("Điều 8"), Target("members", member_id=row["id"], org_id=row["org_id"], year=year))


# ---------------------------------------------------------------- organisations and meetings

def _cells(ctx: Context, on: dt.date) -> list[organisations.Organisation]:
    return [c for c in organisations.cells(ctx.conn, on) if ctx.in_scope(c.id)]


def _month_end(year: int, month: int) -> dt.date:
    return vn.add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


def _period_items(ctx: Context, year: int, month: int, code: str, kind: str) -> list[TodoItem]:
    """Cells whose month (its warning ``code``) came out missing, by the meetings overview's own rule."""
    items: list[TodoItem] = []
    for cell in meeting_overview.cell_months(ctx.conn, year, month, None, ctx.on):
        warning = next((w for w in cell.warnings if w.code == code), None)
        if warning is None or not ctx.in_scope(cell.org.id):
            continue
        items.append(TodoItem(
            kind, _month_end(year, month), None, cell.org.name,
            f"{cell.org.name}: {warning.message[0].lower()}{warning.message[1:]} Hãy nhập biên bản nếu đã "
            "họp, hoặc nhắc chi bộ tổ chức sinh hoạt.",
            rules.for_date(_month_end(year, month)).citations.meetings,
            Target("meetings", org_id=cell.org.id, year=year, month=month)))
    return items


def missed_meetings(ctx: Context) -> list[TodoItem]:
    """Cells without last month's ordinary meeting (a month in progress is never missed yet)."""
    return _period_items(ctx, *periods.last_month_over(ctx.on), "no_ordinary_meeting", "no_meeting")


def missed_thematic(ctx: Context) -> list[TodoItem]:
    """Cells without a thematic meeting in the last quarter that is over."""
    year, quarter = periods.last_quarter_over(ctx.on)
    return _period_items(ctx, year, quarter * 3, "no_thematic_in_quarter", "no_thematic")


def small_cells(ctx: Context) -> list[TodoItem]:
    """A chi bộ needs at least three full members (Điều lệ Đảng, Điều 21)."""
    items = []
    full_members = dict(ctx.conn.execute(
        f"SELECT org_id, count(*) FROM members WHERE standing = 'chinh_thuc' AND status IN ({_marks(ON_ROLL_STATUSES)})"
        " GROUP BY org_id", ON_ROLL_STATUSES).fetchall())
    for cell in _cells(ctx, ctx.on):
        full = full_members.get(cell.id, 0)
        if full < 3:
            items.append(TodoItem(
                "few_members", ctx.on, None, cell.name,
                f"{cell.name} chỉ có {full} đảng viên chính thức; chi bộ phải có ít nhất 3 đảng viên chính thức "
                "(Điều lệ Đảng). Hãy bổ sung đảng viên hoặc đề nghị cấp ủy ghép chi bộ này với chi bộ khác.",
                ctx.charter("Điều 21"), Target("members", org_id=cell.id)))
    return items


def no_secretary(ctx: Context) -> list[TodoItem]:
    """Every active đảng bộ cơ sở and chi bộ needs a bí thư in office who is still on the roll."""
    items = []
    in_office = organisations.positions_on(ctx.conn, ctx.on)
    for org in organisations.all_organisations(ctx.conn, include_dissolved=False):
        if org.unit_type == "to_dang" or not org.active_on(ctx.on) or not ctx.in_scope(org.id):
            continue
        holders = [p for p in in_office.get(org.id, []) if p.position == "bi_thu"]
        if holders:
            status = ctx.conn.execute("SELECT status FROM members WHERE id = ?", (holders[-1].member_id,)).fetchone()[0]
            if status not in LEFT_STATUSES:
                continue
            message = (f"Bí thư {org.name} là {holders[-1].member_name}, nhưng đồng chí này "
                       f"{member_events.STATUSES.get(status, status).lower()}. "
                       "Hãy ghi bí thư mới hoặc kết thúc chức vụ.")
        else:
            message = (f"{org.name} chưa có bí thư đương nhiệm trong dữ liệu. Hãy ghi bí thư (hoặc người được giao "
                       "phụ trách) trong mục tổ chức đảng.")
        items.append(TodoItem("no_secretary", ctx.on, None, org.name, message, ctx.charter("Điều 21"),
                              Target("members", org_id=org.id)))
    return items


def not_adopted(ctx: Context) -> list[TodoItem]:
    """Meetings held whose minutes are still drafts: read back and adopt them, or finish them."""
    rows = ctx.conn.execute("SELECT id, org_id, held_on, kind FROM meetings WHERE state = 'nhap' AND held_on <= ?"
                            " ORDER BY held_on, id", (ctx.on.isoformat(),)).fetchall()
    items = []
    for row in rows:
        if not ctx.in_scope(row["org_id"]):
            continue
        held = dt.date.fromisoformat(row["held_on"])
        org = ctx.org_name(row["org_id"])
        kind = KINDS_OF_MEETING.get(row["kind"], "").lower()
        items.append(TodoItem(
            "not_adopted", held, None, org,
            f"Biên bản sinh hoạt {kind} ngày {vn.format_date(held)} của {org} còn là bản nháp. Hãy hoàn thành "
            "và bấm “Thông qua” sau khi đã đọc lại trước chi bộ.",
            rules.for_date(held).citations.meetings, Target("meetings", meeting_id=row["id"], org_id=row["org_id"])))
    return items


# ---------------------------------------------------------------- the review and study

def _review_years(conn: sqlite3.Connection, on: dt.date) -> list[int]:
    """Review periods the office is working on: last year's and this year's, when opened."""
    return [year for year in reviews.open_years(conn) if on.year - 1 <= year <= on.year]


def review_progress(ctx: Context) -> list[TodoItem]:
    """Per organisation, members still to be rated in an open review year; and the quota warnings."""
    items = []
    for year in _review_years(ctx.conn, ctx.on):
        period = reviews.require_period(ctx.conn, year)
        pending: Counter[int] = Counter()
        for row in ctx.member_reviews(year):
            if row.reviewed and row.level is None and ctx.in_scope(row.org_id):
                pending[row.org_id or 0] += 1
        cite = period.rule_set.citations.review
        for org_id, count in pending.items():
            org = ctx.org_name(org_id)
            items.append(TodoItem(
                "review_pending", period.review_on, None, org,
                f"{org}: còn {vn.format_int(count)} đảng viên chưa được xếp loại chất lượng năm {year}. Hãy nhập "
                "mức chi bộ đề xuất hoặc mức cấp ủy quyết định.",
                cite, Target("reviews", org_id=org_id, year=year)))
        items += _quota_items(ctx, year, period.review_on, cite)
    return items


def _quota_items(ctx: Context, year: int, on: dt.date, cite: str) -> list[TodoItem]:
    items = []
    for warning in ctx.review_warnings(year):
        if warning.code != "quota" or not ctx.in_scope(warning.org_id):
            continue
        org = ctx.org_name(warning.org_id)
        items.append(TodoItem("review_quota", on, None, org, warning.message, cite,
                              Target("reviews", org_id=warning.org_id, year=year)))
    return items


def study_progress(ctx: Context) -> list[TodoItem]:
    """For each document issued or studied within the last year: cells in scope with no session for it, and
    members on the roll of cells that did study it who have not taken part."""
    since = ctx.on - dt.timedelta(days=STUDY_WINDOW_DAYS)
    cells = _cells(ctx, ctx.on)
    # members expected at study sessions, in scope, in id order: the same for every document, listed once
    attending = [(member_id, state) for member_id, state in ctx.states().items()
                 if state.status in member_events.ATTENDING_STATUSES and ctx.in_scope(state.org_id)]
    # the first day each document was studied (by a session someone was listed at), up to the day
    first_studied = dict(ctx.conn.execute(
        "SELECT s.document_id, min(s.held_on) FROM study_sessions s WHERE s.held_on <= ? AND EXISTS"
        " (SELECT 1 FROM study_participants p WHERE p.session_id = s.id) GROUP BY s.document_id",
        (ctx.on.isoformat(),)).fetchall())
    items = []
    for document in study.documents(ctx.conn):
        started = vn.to_date(first_studied.get(document.id)) or document.issued_on
        if started is None or not since <= started <= ctx.on:
            continue
        items += _study_items(ctx, document, started, cells, attending)
    return items


def _studied(ctx: Context, document_id: int) -> tuple[set[int | None], set[int]]:
    """The cells that studied a document up to the day, and the members who attended it: one read of its
    participants, as plain tuples (a commune's document has 9,000)."""
    cursor = ctx.conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute("SELECT p.org_id, p.member_id, p.attended FROM study_sessions s JOIN study_participants p"
                          " ON p.session_id = s.id WHERE s.document_id = ? AND s.held_on <= ?",
                          (document_id, ctx.on.isoformat())).fetchall()
    return {row[0] for row in rows}, {row[1] for row in rows if row[2]}


def _study_items(ctx: Context, document: study.Document, started: dt.date,
                 cells: list[organisations.Organisation], attending: list[tuple[int, State]]) -> list[TodoItem]:
    studied_cells, attended = _studied(ctx, document.id)
    title = f"{document.code} – {document.title}"
    items = []
    for cell in cells:
        if cell.id not in studied_cells:
            items.append(TodoItem(
                "study_pending", started, None, cell.name,
                f"{cell.name} chưa tổ chức học tập, quán triệt {title}. Hãy lên lịch học tập hoặc ghi buổi đã học.",
                document.code, Target("study", org_id=cell.id, document_id=document.id)))
    names = ctx.names()
    for member_id, state in attending:
        if state.org_id in studied_cells and member_id not in attended:
            org = ctx.org_name(state.org_id)
            items.append(TodoItem(
                "study_pending", started, names[member_id], org,
                f"Đảng viên {_who(names[member_id], org)} chưa học tập, quán triệt {title}. Hãy tổ chức học bù "
                "và ghi vào buổi học tập.",
                document.code, Target("members", member_id=member_id, org_id=state.org_id)))
    return items


# ---------------------------------------------------------------- the whole list

Collector = Callable[[Context], list[TodoItem]]

# In the order a clerk works through them: people's deadlines, then meetings, the review, study.
COLLECTORS: tuple[Collector, ...] = (probation, badges, absences, unpaid_dues, missed_meetings, missed_thematic,
                                     small_cells, no_secretary, not_adopted, review_progress, study_progress)


def items(conn: sqlite3.Connection, org_id: int | None = None, on: dt.date | None = None,
          progress: Callable[[str, int, int], None] | None = None) -> list[TodoItem]:
    """Everything to do for the commune (or an organisation with its sub-units) on a day (default today)."""
    return _collect(context(conn, org_id, on), progress)


def _collect(ctx: Context, progress: Callable[[str, int, int], None] | None = None) -> list[TodoItem]:
    found: list[TodoItem] = []
    for step, collect in enumerate(COLLECTORS):
        if progress is not None:
            progress("Đang tính việc cần làm…", step, len(COLLECTORS))
        found += collect(ctx)
    return found


def year_counts(conn: sqlite3.Connection, year: int, org_id: int | None = None,
                today: dt.date | None = None, known: Known | None = None) -> dict[str, int]:
    """The to-do counts a year report carries: as of the year's end, or today for the current year.
    ``known`` must have been computed for that same day (the year report's breakdown)."""
    today = today or dt.date.today()
    return counts(_collect(context(conn, org_id, min(dt.date(year, 12, 31), today), known)))
