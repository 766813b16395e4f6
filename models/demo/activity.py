"""The demo's bulk activity: two years of meetings with attendance, study, Chỉ thị 05, dues and last
year's review, written with executemany inside the caller's transaction (see models.demo).

Who belonged where on a day comes from replaying each member's real events once (``Timeline``), so
attendance, dues and study rows agree with the register.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from models import rules, vn
from models.commune import committee, organisations
from models.commune.organisations import Organisation
from models.dues import ledger as dues
from models.meetings.records import Attendance, count_attendance, review_and_plan_months
from models.people import member_events, member_history
from models.people.member_events import ATTENDING_STATUSES, ON_ROLL_STATUSES, State
from models.reviews import records as reviews
from models.reviews.review_rules import quota_limit

if TYPE_CHECKING:
    from models.demo.generate import Commune, Person

DOCUMENTS = [  # code, title, issuer, issued on, kind
    ("57-NQ/TW", "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
     "Bộ Chính trị", dt.date(2024, 12, 22), "nghi_quyet"),
    ("59-NQ/TW", "Nghị quyết về hội nhập quốc tế trong tình hình mới", "Bộ Chính trị", dt.date(2025, 1, 24),
     "nghi_quyet"),
    ("66-NQ/TW", "Nghị quyết về đổi mới công tác xây dựng và thi hành pháp luật", "Bộ Chính trị",
     dt.date(2025, 4, 30), "nghi_quyet"),
    ("68-NQ/TW", "Nghị quyết về phát triển kinh tế tư nhân", "Bộ Chính trị", dt.date(2025, 5, 4), "nghi_quyet"),
    ("50-CT/TW", "Chỉ thị về tiếp tục đổi mới, nâng cao chất lượng sinh hoạt chi bộ", "Ban Bí thư",
     dt.date(2025, 7, 20), "chi_thi"),
    ("01-NQ/ĐH", "Nghị quyết Đại hội Đảng bộ xã Phố Mới lần thứ I, nhiệm kỳ 2025 - 2030", "Đại hội Đảng bộ xã",
     dt.date(2025, 8, 25), "nghi_quyet"),
    ("71-NQ/TW", "Nghị quyết về đột phá phát triển giáo dục và đào tạo", "Bộ Chính trị", dt.date(2025, 8, 22),
     "nghi_quyet"),
    ("72-NQ/TW", "Nghị quyết về giải pháp đột phá bảo vệ, chăm sóc và nâng cao sức khỏe nhân dân", "Bộ Chính trị",
     dt.date(2025, 9, 9), "nghi_quyet"),
    ("NQ ĐH XIV", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", "Đại hội XIV",
     dt.date(2026, 1, 25), "nghi_quyet"),
]
GRADES = [("Tốt", 40), ("Khá", 42), ("Đạt", 12), ("Chưa đạt", 1), ("", 5)]
# How a commune's year usually comes out, per level of the rule set, best level first.
MEMBER_LEVEL_WEIGHTS = (12, 74, 12, 2)
ORG_LEVEL_WEIGHTS = (15, 65, 18, 2)
SCORE_RANGES = ((90, 98), (72, 89), (52, 69), (30, 49))


@dataclass
class Timeline:
    """A member's state after each day that changed it (replayed once from the real events)."""

    dates: list[dt.date] = field(default_factory=list)
    states: list[State] = field(default_factory=list)

    def on(self, day: dt.date) -> State | None:
        index = bisect.bisect_right(self.dates, day) - 1
        return self.states[index] if index >= 0 else None


@dataclass
class Context:
    conn: sqlite3.Connection
    commune: Commune
    timelines: dict[int, Timeline]
    people: dict[int, Person]
    ever_in: dict[int, list[int]]                       # org id → members who belonged to it at some time
    months: list[tuple[int, int]]
    profiles: dict[int, list[dues.DuesProfile]] = field(default_factory=dict)
    payments: dict[tuple[int, str], tuple[int, int, int, str | None]] = field(default_factory=dict)

    @property
    def rng(self) -> Any:
        return self.commune.rng

    @property
    def today(self) -> dt.date:
        return self.commune.today

    def roster(self, org_id: int, day: dt.date) -> list[tuple[int, State]]:
        """(member, state) of everyone on the roll of a cell on a day."""
        found = []
        for member_id in self.ever_in.get(org_id, []):
            state = self.timelines[member_id].on(day)
            if state is not None and state.org_id == org_id and state.status in ON_ROLL_STATUSES:
                found.append((member_id, state))
        return found

    def trouble(self, member_id: int, year: int, month: int) -> bool:
        """Whether this is one of the months a troubled member neither came nor paid."""
        return self.people[member_id].troubled and (year, month) in _trouble_months(self.today)


def _trouble_months(today: dt.date) -> list[tuple[int, int]]:
    if today.month >= 5:
        return [(today.year, today.month - m) for m in (4, 3, 2)]
    return [(today.year - 1, m) for m in (8, 9, 10)]


def write(conn: sqlite3.Connection, commune: Commune) -> dict[str, int]:
    """Write every activity row; returns what was written, for the summary line."""
    timelines = _timelines(conn)
    ever_in: dict[int, list[int]] = {}
    for member_id, timeline in timelines.items():
        for org_id in dict.fromkeys(s.org_id for s in timeline.states if s.org_id is not None):
            ever_in.setdefault(org_id, []).append(member_id)
    today = commune.today
    months = [(today.year - 1, m) for m in range(1, 13)] + [(today.year, m) for m in range(1, today.month + 1)]
    ctx = Context(conn, commune, timelines, {p.id: p for p in commune.people}, ever_in, months)
    _dues_profiles(ctx)
    meeting_count, attendance_count = _meetings(ctx)
    _payments(ctx)
    sessions = _study(ctx)
    _ct05(ctx)
    _reviews(ctx)
    return {"buổi sinh hoạt chi bộ": meeting_count, "lượt điểm danh": attendance_count,
            "buổi học tập nghị quyết": sessions, "tháng đảng phí đã ghi": len(ctx.payments)}


def _timelines(conn: sqlite3.Connection) -> dict[int, Timeline]:
    result = {}
    for member_id, events in member_history.all_events(conn).items():
        timeline, state = Timeline(), State()
        for event in member_events.standing_events(events):
            state = member_events.apply(state, event)
            if timeline.dates and timeline.dates[-1] == event.event_date:
                timeline.states[-1] = state
            else:
                timeline.dates.append(event.event_date)
                timeline.states.append(state)
        result[member_id] = timeline
    return result


def _pick(rng: Any, pairs: list[tuple[str, int]]) -> str:
    return str(rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0])


# ---------------------------------------------------------------- dues

def _dues_profiles(ctx: Context) -> None:
    """One profile from January of last year; members on the minimum-wage groups get a new one in 02/2026."""
    rng, start = ctx.rng, dt.date(ctx.today.year - 1, 1, 1)
    new_rates = dt.date(2026, 2, 1)
    rows = []
    for person in ctx.commune.people:
        age = vn.age_on(person.birth, ctx.today)
        if person.category != "thon":
            plan = [(start, "luong", rng.randrange(5_500_000, 14_000_000, 10_000), "")]
        elif person.retired and rng.random() < 0.6:
            plan = [(start, "huu_tri", rng.randrange(4_000_000, 9_000_000, 10_000), "")]
        else:
            later = "khac_tren_tuoi_huu" if age >= 61 else "khac_duoi_tuoi_huu"
            plan = [(start, "khac", 0, "")]
            if new_rates <= ctx.today:
                plan.append((new_rates, later, 0, "III"))
        for valid_from, group, basis, region in plan:
            profile = dues.DuesProfile(person.id, valid_from, group, basis, region)
            ctx.profiles.setdefault(person.id, []).append(profile)
            rows.append((person.id, valid_from.isoformat(), group, basis, region))
    ctx.conn.executemany("INSERT INTO dues_profiles (member_id, valid_from, dues_group, basis, region)"
                         " VALUES (?, ?, ?, ?, ?)", rows)


def _pay(ctx: Context, member_id: int, state: State, year: int, month: int, paid_on: dt.date | None) -> None:
    """Note one month's dues of a member paid at their cell (or left unpaid)."""
    key = (member_id, dues.month_key(year, month))
    if key in ctx.payments or state.status not in dues.PAYING_STATUSES:
        return
    due = dues.compute_due(ctx.profiles.get(member_id, []), state, dt.date(year, month, 1)).amount
    if due is None:
        return
    unpaid = paid_on is None or ctx.trouble(member_id, year, month) or ctx.rng.random() < 0.002
    ctx.payments[key] = (member_id, due, 0 if unpaid else due, None if unpaid else vn.iso(paid_on))


def _payments(ctx: Context) -> None:
    ctx.conn.executemany("INSERT INTO dues_payments (member_id, month, amount_due, amount_paid, paid_on)"
                         " VALUES (?, ?, ?, ?, ?)",
                         [(m, key[1], due, paid, on) for key, (m, due, paid, on) in ctx.payments.items()])


# ---------------------------------------------------------------- meetings

@dataclass
class _Numbers:
    """Minutes and resolution numbers: from 01 per cell and document type over the term."""

    info: committee.Committee
    counters: dict[tuple[int, str, str], int] = field(default_factory=dict)
    rows: list[tuple[str, str, str, int, str, str]] = field(default_factory=list)

    def take(self, org_id: int, doc_type: str, day: dt.date, meeting_id: int) -> int:
        term = self.info.term_on(day)
        number = self.counters.get((org_id, doc_type, term), 0) + 1
        self.counters[(org_id, doc_type, term)] = number
        self.rows.append((f"org:{org_id}", doc_type, term, number, f"meeting:{meeting_id}", day.isoformat()))
        return number


def _plan(ctx: Context, year: int, month: int, usual_day: int) -> list[tuple[str, dt.date]]:
    """The meetings of one cell in one month: the ordinary one, and a thematic one in mid-quarter."""
    rng = ctx.rng
    day = dt.date(year, month, max(1, min(27, usual_day + rng.randint(-2, 2))))
    current = (year, month) == (ctx.today.year, ctx.today.month)
    if month % 3 == 2 and rng.random() < 0.4:
        return [("ghep", day)]
    plan = [] if (not current and rng.random() < 0.012) else [("thuong_ky", day)]
    if month % 3 == 2:
        shift = rng.randint(-10, -5) if day.day > 12 else rng.randint(5, 10)
        plan.append(("chuyen_de", day + dt.timedelta(days=shift)))
    return sorted(plan, key=lambda meeting: meeting[1])   # minutes are numbered in the order they are held


# What members say and take on at a demo meeting, so the printed minutes show every section filled in.
SPEECHES = (
    "Đề nghị chi bộ quan tâm công tác vệ sinh môi trường, giữ gìn đường làng ngõ xóm sạch đẹp.",
    "Thống nhất với báo cáo; đề nghị phân công đảng viên theo dõi các hộ khó khăn.",
    "Đề nghị tăng cường tuyên truyền phòng, chống lừa đảo qua mạng cho nhân dân.",
    "Đảng viên cần gương mẫu trong việc đóng góp xây dựng nông thôn mới.",
    "Đề nghị chi bộ đôn đốc thu đảng phí đúng kỳ và sinh hoạt đúng giờ.",
)
TASKS = (
    "Vận động nhân dân ra quân vệ sinh môi trường",
    "Rà soát, bổ sung danh sách hộ nghèo, cận nghèo",
    "Tuyên truyền phòng, chống cháy nổ",
    "Chuẩn bị nội dung sinh hoạt chuyên đề",
    "Đôn đốc thu đảng phí và các khoản đóng góp",
)


@dataclass
class _Discussion:
    """Speeches, tasks and follow-ups of the demo meetings, written in bulk after the meetings."""

    rng: random.Random
    next_task: int
    speeches: list[tuple[Any, ...]] = field(default_factory=list)
    tasks: list[tuple[Any, ...]] = field(default_factory=list)
    followups: list[tuple[Any, ...]] = field(default_factory=list)
    open_tasks: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)   # cell: (id, content, owner)

    def add(self, meeting_id: int, cell_id: int, kind: str, day: dt.date, rows: list[tuple[Any, ...]]) -> None:
        present = [(r[1], r[2]) for r in rows if r[4] == "co_mat"]
        if not present:
            return
        for seq, (member_id, name) in enumerate(self.rng.sample(present, min(2, len(present))), 1):
            self.speeches.append((meeting_id, seq, member_id, name, self.rng.choice(SPEECHES)))
        if kind not in ("thuong_ky", "ghep"):
            return
        for seq, (task_id, content, owner) in enumerate(self.open_tasks.pop(cell_id, []), 1):
            self.followups.append((meeting_id, seq, task_id, content, owner, "Đã hoàn thành"))
        deadline = vn.add_months(day, 1)
        chosen = []
        for seq, content in enumerate(self.rng.sample(TASKS, 2), 1):
            owner = self.rng.choice(present)[1]
            self.tasks.append((self.next_task, meeting_id, seq, content, owner, deadline.isoformat(), ""))
            chosen.append((self.next_task, content, owner))
            self.next_task += 1
        self.open_tasks[cell_id] = chosen

    def write(self, conn: sqlite3.Connection) -> None:
        conn.executemany("INSERT INTO meeting_speeches (meeting_id, seq, member_id, speaker_name, content)"
                         " VALUES (?, ?, ?, ?, ?)", self.speeches)
        conn.executemany("INSERT INTO meeting_tasks (id, meeting_id, seq, content, owner, deadline, result)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", self.tasks)
        conn.executemany("INSERT INTO meeting_followups (meeting_id, seq, task_id, content, owner, result)"
                         " VALUES (?, ?, ?, ?, ?, ?)", self.followups)


def _meetings(ctx: Context) -> tuple[int, int]:
    rng, conn = ctx.rng, ctx.conn
    numbers = _Numbers(committee.get(conn))
    next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM meetings").fetchone()[0]) + 1
    meetings: list[tuple[Any, ...]] = []
    attendance: list[tuple[Any, ...]] = []
    quality: list[tuple[int, str, int]] = []
    criteria = rules.for_date(ctx.today).quality.criteria
    supervisors = [p.name for p in ctx.commune.people if p.category == "co_quan"] or ["Nguyễn Văn Hùng"]
    # its own random stream, so adding discussion leaves the rest of the demo as it was for a seed
    talk = _Discussion(random.Random(rng.random()),
                       int(conn.execute("SELECT coalesce(max(id), 0) FROM meeting_tasks").fetchone()[0]) + 1)
    for cell in ctx.commune.cells:
        usual_day = rng.randint(3, 25)
        supervisor = rng.choice(supervisors)
        for year, month in ctx.months:
            plan = _plan(ctx, year, month, usual_day)
            ordinary = [d for kind, d in plan if kind in ("thuong_ky", "ghep")]
            _month_dues(ctx, cell, year, month, ordinary[0] if ordinary else None)
            for kind, day in plan:
                if day > ctx.today or not cell.active_on(day):
                    continue
                rows, collected = _attendance(ctx, next_id, cell, kind, day)
                meetings.append(_meeting_row(ctx, numbers, next_id, cell, kind, day, rows, collected, supervisor))
                attendance.extend(rows)
                talk.add(next_id, cell.id, kind, day, rows)
                score = int(meetings[-1][22])
                quality.extend(_quality(next_id, criteria, score))
                next_id += 1
    conn.executemany(
        "INSERT INTO meetings (id, org_id, kind, held_on, start_time, end_time, place, theme, chair_member_id,"
        " chair_name, secretary_member_id, secretary_name, guests, supervisor_name, agenda, last_month_results,"
        " news_policy, ct05_content, conclusion, votes_for, votes_against, votes_abstain, quality_score,"
        " dues_collected, minutes_no, resolution_no, state, adopted_at, reviewed_month, planned_month)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", meetings)
    conn.executemany("INSERT INTO meeting_attendance (meeting_id, member_id, name, standing, status, reason, attended)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", attendance)
    conn.executemany("INSERT INTO meeting_quality (meeting_id, criterion, points) VALUES (?, ?, ?)", quality)
    talk.write(conn)
    conn.executemany("INSERT INTO document_numbers (issuer, doc_type, term, number, reference, issued_on)"
                     " VALUES (?, ?, ?, ?, ?, ?)", numbers.rows)
    return len(meetings), len(attendance)


def _month_dues(ctx: Context, cell: Organisation, year: int, month: int, day: dt.date | None) -> None:
    """Dues are collected at the ordinary meeting (or by the 25th when the cell did not meet)."""
    collect_on = day or dt.date(year, month, 25)
    if collect_on > ctx.today or not cell.active_on(collect_on):
        return
    for member_id, state in ctx.roster(cell.id, collect_on):
        _pay(ctx, member_id, state, year, month, collect_on)


def _attendance(ctx: Context, meeting_id: int, cell: Organisation, kind: str,
                day: dt.date) -> tuple[list[tuple[Any, ...]], int]:
    rng, rows, collected = ctx.rng, [], 0
    reasons = ctx.commune.names["absence_reasons"]
    for member_id, state in ctx.roster(cell.id, day):
        person = ctx.people[member_id]
        reason, attended = "", 0
        if state.status == "mien_sinh_hoat":
            status, attended = "mien_sinh_hoat", int(rng.random() < 0.05)
        elif state.status in ("tam_di", "dinh_chi"):
            status = "tam_vang" if state.status == "tam_di" else "dinh_chi"
        elif ctx.trouble(member_id, day.year, day.month):
            status = "vang_khong_ly_do"
        else:
            roll = rng.random()
            status = ("co_mat" if roll < 0.94 or person.leader
                      else "vang_co_ly_do" if roll < 0.99 else "vang_khong_ly_do")
            reason = rng.choice(reasons) if status == "vang_co_ly_do" else ""
            attended = int(status == "co_mat")
        if attended and kind in ("thuong_ky", "ghep"):
            paid = ctx.payments.get((member_id, dues.month_key(day.year, day.month)))
            collected += paid[2] if paid else 0
        rows.append((meeting_id, member_id, person.name, state.standing, status, reason, attended))
    return rows, collected


def _leader(ctx: Context, org_id: int, position: str, day: dt.date) -> tuple[int | None, str]:
    holders = [(start, mid, name) for start, pos, mid, name in ctx.commune.leaders.get(org_id, [])
               if pos == position and start <= day]
    if not holders:
        return None, ""
    _, member_id, name = max(holders)
    return member_id, name


def _meeting_row(ctx: Context, numbers: _Numbers, meeting_id: int, cell: Organisation, kind: str, day: dt.date,
                 rows: list[tuple[Any, ...]], collected: int, supervisor: str) -> tuple[Any, ...]:
    rng, names = ctx.rng, ctx.commune.names
    chair_id, chair = _leader(ctx, cell.id, "bi_thu", day)
    secretary_id, secretary = _leader(ctx, cell.id, "pho_bi_thu", day)
    evening = cell.category == "thon"
    start = "19:30" if evening else "14:00"
    minutes = rng.randint(125, 150) if kind == "ghep" else rng.randint(95, 130)
    finish = int(start[:2]) * 60 + int(start[3:]) + minutes
    end = f"{finish // 60:02d}:{finish % 60:02d}"
    place = ("Nhà văn hóa " if evening else "Phòng họp ") + cell.name.removeprefix("Chi bộ ")
    theme = rng.choice(names["themes"]) if kind in ("chuyen_de", "ghep") else ""
    present = _entitled_to_vote(rows)
    abstain = int(present > 8 and rng.random() < 0.1)
    adopted = (day.year, day.month) != (ctx.today.year, ctx.today.month)
    minutes_no = numbers.take(cell.id, "BB", day, meeting_id) if adopted else None
    resolution_no = numbers.take(cell.id, "NQ", day, meeting_id) if adopted else None
    # the months the record keeps are the ones its agenda and last month's results name, so the printed
    # headings and the text under them agree
    reviewed, planned = review_and_plan_months(day)
    return (meeting_id, cell.id, kind, day.isoformat(), start, end, place, theme, chair_id, chair, secretary_id,
            secretary, "", f"Đồng chí {supervisor}, Đảng ủy viên", _agenda(kind, reviewed, planned, theme),
            f"Chi bộ hoàn thành các nhiệm vụ {vn.format_month(reviewed.year, reviewed.month)}.",
            "Thông tin thời sự trong nước, của tỉnh và của xã; chính sách mới.",
            "Mỗi đảng viên đăng ký và thực hiện việc làm cụ thể theo Chỉ thị 05-CT/TW.",
            "Chi bộ thống nhất nội dung nghị quyết và phân công đảng viên thực hiện.",
            present - abstain, 0, abstain, rng.randint(74, 97),
            collected if kind in ("thuong_ky", "ghep") else None, minutes_no, resolution_no,
            "da_thong_qua" if adopted else "nhap", f"{day.isoformat()} {end}" if adopted else None,
            reviewed.isoformat()[:7], planned.isoformat()[:7])


def _entitled_to_vote(rows: list[tuple[Any, ...]]) -> int:
    """The votes a demo meeting records: by the program's own count (probationary members do not vote)."""
    return count_attendance([Attendance(r[2], r[4], r[1], r[3], r[5], bool(r[6])) for r in rows]).entitled_to_vote


def _agenda(kind: str, reviewed: dt.date, planned: dt.date, theme: str) -> str:
    if kind == "chuyen_de":
        return f"Sinh hoạt chuyên đề: {theme}."
    parts = [f"1. Đánh giá kết quả tháng {reviewed.month}, nhiệm vụ tháng {planned.month}",
             "2. Thông tin thời sự, chính sách", "3. Học tập và làm theo Bác (Chỉ thị 05)"]
    if kind == "ghep":
        parts.append(f"4. Chuyên đề: {theme}")
    return "; ".join(parts) + "."


def _quality(meeting_id: int, criteria: tuple[rules.Criterion, ...], score: int) -> list[tuple[int, str, int]]:
    """Split a meeting's score over the rule set's checklist in proportion to each criterion's maximum;
    what rounding leaves goes to the first criteria with room, so the checklist adds up to the score."""
    maxima = [c.max for c in criteria]
    score = min(score, sum(maxima))
    points = [score * m // sum(maxima) for m in maxima]
    left = score - sum(points)
    for index, most in enumerate(maxima):
        extra = min(left, most - points[index])
        points[index] += extra
        left -= extra
    return [(meeting_id, c.code, p) for c, p in zip(criteria, points, strict=True)]


# ---------------------------------------------------------------- study and Chỉ thị 05

def _study(ctx: Context) -> int:
    rng, conn = ctx.rng, ctx.conn
    cells = ctx.commune.cells
    next_session = int(conn.execute("SELECT coalesce(max(id), 0) FROM study_sessions").fetchone()[0]) + 1
    sessions, session_orgs, participants = [], [], []
    for code, title, issuer, issued, kind in DOCUMENTS:
        if issued + dt.timedelta(days=20) > ctx.today:
            continue
        doc_id = conn.execute("INSERT INTO study_documents (code, title, issuer, issued_on, kind)"
                              " VALUES (?, ?, ?, ?, ?)",
                              (code, title, issuer, issued.isoformat(), kind)).lastrowid
        held = issued + dt.timedelta(days=rng.randint(25, 55))
        groups = [("ket_hop", "Hội trường Đảng ủy xã", [c for c in cells if c.parent_id is None]),
                  ("truc_tuyen", "Trực tuyến tới các đảng bộ cơ sở", [c for c in cells if c.parent_id is not None])]
        for offset, (mode, place, group) in enumerate(groups):
            day = held + dt.timedelta(days=offset * 3)
            active = [c for c in group if c.active_on(day)]
            if day > ctx.today or not active:
                continue
            sessions.append((next_session, doc_id, day.isoformat(), mode, max(1, len(active) // 6), place))
            for cell in active:
                session_orgs.append((next_session, cell.id))
                for member_id, state in ctx.roster(cell.id, day):
                    if state.status in ATTENDING_STATUSES:
                        came = rng.random() < 0.965
                        participants.append((next_session, member_id, int(came), _pick(rng, GRADES) if came else "",
                                             cell.id))
            next_session += 1
    conn.executemany("INSERT INTO study_sessions (id, document_id, held_on, mode, connection_points, place)"
                     " VALUES (?, ?, ?, ?, ?, ?)", sessions)
    conn.executemany("INSERT INTO study_session_orgs (session_id, org_id) VALUES (?, ?)", session_orgs)
    conn.executemany("INSERT INTO study_participants (session_id, member_id, attended, reflection_grade, org_id)"
                     " VALUES (?, ?, ?, ?, ?)", participants)
    return len(sessions)


def _ct05(ctx: Context) -> None:
    """Registrations under Chỉ thị 05 for both years (assessed for last year), and a few good models."""
    rng, names = ctx.rng, ctx.commune.names
    rows: list[tuple[Any, ...]] = []
    models_rows = []
    for year in (ctx.today.year - 1, ctx.today.year):
        day = min(dt.date(year, 2, 28), ctx.today)
        assessed = year < ctx.today.year
        for cell in ctx.commune.cells:
            if not cell.active_on(day):
                continue
            rows.append((year, None, cell.id, "Tập thể chi bộ: " + rng.choice(names["commitments"]),
                         _pick(rng, GRADES[:3]) if assessed else ""))
            for member_id, state in ctx.roster(cell.id, day):
                if state.status in ATTENDING_STATUSES and rng.random() < 0.975:
                    rows.append((year, member_id, None, rng.choice(names["commitments"]),
                                 _pick(rng, GRADES[:4]) if assessed else ""))
        for model in rng.sample(names["good_models"], k=3):
            models_rows.append((year, rng.choice(ctx.commune.cells).id, model))
    ctx.conn.executemany("INSERT INTO ct05_registrations (year, member_id, org_id, commitment, result)"
                         " VALUES (?, ?, ?, ?, ?)", rows)
    ctx.conn.executemany("INSERT INTO good_models (year, org_id, name) VALUES (?, ?, ?)", models_rows)


# ---------------------------------------------------------------- last year's review

def _reviews(ctx: Context) -> None:
    """Open last year's review with the real function, then fill in the levels a commune would reach."""
    year = ctx.today.year - 1
    reviews.open_review(ctx.conn, year)
    decided_on = dt.date(ctx.today.year, 1, 15)
    decided = decided_on <= ctx.today
    orgs = {int(o.id): o for o in ctx.commune.orgs}
    grassroots = {org_id: organisations.grassroots_in(orgs, org).id for org_id, org in orgs.items()}
    rows = ctx.conn.execute("SELECT member_id, org_id FROM member_reviews WHERE year = ? AND reviewed = 1"
                            " ORDER BY member_id", (year,)).fetchall()
    rule_set = rules.for_review_year(year)
    scores = dict(zip(rule_set.level_codes, SCORE_RANGES, strict=True))
    levels = {r[0]: _member_level(ctx, rule_set, r[0], year) for r in rows}
    _apply_quota(rule_set, levels, {r[0]: grassroots.get(r[1], r[1]) for r in rows})
    updates = []
    cell_of = dict(rows)
    for member_id, level in levels.items():
        low, high = scores[level]
        self_level = level if ctx.rng.random() < 0.9 else rule_set.level_codes[1]
        votes_for, votes_total = _review_votes(ctx, member_id, cell_of[member_id], dt.date(year, 12, 31))
        updates.append((ctx.rng.randint(low, high), self_level, level, votes_for, votes_total,
                        level if decided else None, "12-QĐ/ĐU" if decided else "",
                        vn.iso(decided_on) if decided else None, year, member_id))
    ctx.conn.executemany("UPDATE member_reviews SET self_score = ?, self_level = ?, cell_level = ?, votes_for = ?,"
                         " votes_total = ?, decided_level = ?, decision_no = ?, decision_date = ?"
                         " WHERE year = ? AND member_id = ?", updates)
    _org_reviews(ctx, rule_set, year, decided, decided_on)


def _review_votes(ctx: Context, member_id: int, org_id: int, day: dt.date) -> tuple[int, int]:
    """The cell's vote on a member's proposed level: its full members who attend (probationary ones do not vote).

    No random draw, so the rest of the demo stays what it was; a few members lose a vote or two.
    """
    total = sum(1 for _, state in ctx.roster(org_id, day)
                if state.standing == "chinh_thuc" and state.status in ATTENDING_STATUSES)
    return total - min(member_id % 3, total // 4), total


def _member_level(ctx: Context, rule_set: rules.RuleSet, member_id: int, year: int) -> str:
    person = ctx.people.get(member_id)
    if person and person.disciplined_on and person.disciplined_on.year == year:
        return rule_set.disqualifiers.discipline_in_year_max_level
    if person and person.troubled and any(y == year for y, _ in _trouble_months(ctx.today)):
        return rule_set.level_codes[-1]
    return _pick(ctx.rng, list(zip(rule_set.level_codes, MEMBER_LEVEL_WEIGHTS, strict=True)))


def _apply_quota(rule_set: rules.RuleSet, levels: dict[int, str], root_of: dict[int, int | None]) -> None:
    """Within each group, keep the quota's level within its share of the level below (the rule set's quota)."""
    quota = rule_set.quota
    by_root: dict[int | None, list[int]] = {}
    for member_id in levels:
        by_root.setdefault(root_of.get(member_id), []).append(member_id)
    for ids in [by_root[key] for key in sorted(by_root, key=lambda k: k or 0)]:
        excellent = [m for m in ids if levels[m] == quota.level]
        good = sum(1 for m in ids if levels[m] == quota.of_level)
        while excellent and len(excellent) > quota_limit(rule_set, good):
            levels[excellent.pop()] = quota.of_level
            good += 1


def _org_reviews(ctx: Context, rule_set: rules.RuleSet, year: int, decided: bool, decided_on: dt.date) -> None:
    blocked = {p.org_id for p in ctx.commune.people if p.disciplined_on and p.disciplined_on.year == year}
    blocked |= {o.parent_id for o in ctx.commune.orgs if o.id in blocked and o.parent_id}
    parents = {o.id: o.parent_id for o in ctx.commune.orgs}
    org_levels = {}
    for (org_id,) in ctx.conn.execute("SELECT org_id FROM org_reviews WHERE year = ? AND reviewed = 1 ORDER BY org_id",
                                      (year,)).fetchall():
        level = _pick(ctx.rng, list(zip(rule_set.level_codes, ORG_LEVEL_WEIGHTS, strict=True)))
        org_levels[org_id] = rule_set.level_codes[1] if level == rule_set.top_level and org_id in blocked else level
    _apply_quota(rule_set, org_levels, {o: parents.get(o) for o in org_levels})
    scores = dict(zip(rule_set.level_codes, SCORE_RANGES, strict=True))
    updates = []
    for org_id, level in org_levels.items():
        low, high = scores[level]
        updates.append((ctx.rng.randint(low, high), level, level, level if decided else None,
                        "15-QĐ/ĐU" if decided else "", vn.iso(decided_on) if decided else None, year, org_id))
    ctx.conn.executemany("UPDATE org_reviews SET self_score = ?, self_level = ?, proposed_level = ?, decided_level = ?,"
                         " decision_no = ?, decision_date = ? WHERE year = ? AND org_id = ?", updates)
