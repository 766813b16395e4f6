"""Reading and writing meetings: a new meeting prefilled from the roster, save, adopt, reopen.

Saving is one transaction (meeting row, attendance, speeches, tasks, follow-ups, quality) with an audit
line. An adopted meeting is read-only; reopening it is an explicit action with a reason in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from typing import Any

from models import conflicts, rules, vn
from models.commune import numbering, organisations
from models.errors import UserError
from models.meetings.meeting_warnings import adoption_refusals
from models.meetings.records import (
    ATTENDANCE_STATUSES,
    DEFAULT_STATUS_FOR_MEMBER,
    KINDS,
    Attendance,
    Followup,
    Meeting,
    Speech,
    Task,
    first_of_month,
    parse_time,
    review_and_plan_months,
)
from models.people import member_list
from models.storage import audit
from models.storage.db import transaction

_TEXT_FIELDS = ("start_time", "end_time", "place", "theme", "chair_name", "secretary_name", "guests",
                "supervisor_name", "agenda", "last_month_results", "news_policy", "ct05_content", "conclusion")
# How many characters each typed text may hold in the minutes (printing/minutes.py). Sections print as
# paragraphs that run on across pages, so they get a generous bound; a task or follow-up row of a table now
# continues across pages too (printing/long_text.py), so it gets the same bound as a section. These are limits
# of sense, not of printing: tests/printing/test_long_text.py prints every field at 20,000 characters.
MAX_LENGTHS = {
    "start_time": 10, "end_time": 10, "place": 200, "theme": 300, "chair_name": 50, "secretary_name": 50,
    "guests": 500, "supervisor_name": 200, "agenda": 4000, "last_month_results": 4000, "news_policy": 4000,
    "ct05_content": 4000, "conclusion": 4000, "attendance.name": 50, "attendance.reason": 200,
    "speech.speaker_name": 50, "speech.content": 4000, "task.content": 4000, "task.owner": 100,
    "followup.content": 4000, "followup.owner": 100, "followup.result": 4000,
}
LABELS = {
    "start_time": "Giờ bắt đầu", "end_time": "Giờ kết thúc", "place": "Địa điểm", "theme": "Chuyên đề",
    "chair_name": "Chủ trì", "secretary_name": "Thư ký", "guests": "Khách mời",
    "supervisor_name": "Cấp ủy cấp trên dự", "agenda": "Chương trình", "last_month_results": "Kết quả tháng trước",
    "news_policy": "Thông tin thời sự", "ct05_content": "Nội dung học tập và làm theo Bác",
    "conclusion": "Kết luận", "attendance.name": "Họ và tên người dự họp", "attendance.reason": "Lý do vắng",
    "speech.speaker_name": "Người phát biểu", "speech.content": "Ý kiến phát biểu",
    "task.content": "Nhiệm vụ tháng tới", "task.owner": "Người thực hiện nhiệm vụ",
    "followup.content": "Nhiệm vụ kỳ trước", "followup.owner": "Người thực hiện nhiệm vụ kỳ trước",
    "followup.result": "Kết quả thực hiện",
}
MULTILINE = frozenset({"agenda", "last_month_results", "news_policy", "ct05_content", "conclusion",
                       "speech.content", "task.content", "followup.content", "followup.result"})
_COLUMNS = ("org_id", "kind", "held_on", *_TEXT_FIELDS, "chair_member_id", "secretary_member_id",
            "votes_for", "votes_against", "votes_abstain", "dues_collected", "quality_score",
            "reviewed_month", "planned_month")
# How far from the meeting's own month its reviewed and planned months may lie: a cell catching up on a missed
# month reviews one or two back, never a year (a year typed wrong would print on an adopted paper).
MONTHS_AROUND = 3


def _row_to_meeting(conn: sqlite3.Connection, row: sqlite3.Row) -> Meeting:
    meeting_id = int(row["id"])
    attendance = tuple(
        Attendance(name=r["name"], status=r["status"], member_id=r["member_id"], standing=r["standing"],
                   reason=r["reason"], attended=bool(r["attended"]))
        for r in conn.execute("SELECT * FROM meeting_attendance WHERE meeting_id = ? ORDER BY id", (meeting_id,)))
    speeches = tuple(Speech(r["speaker_name"], r["content"], r["member_id"]) for r in conn.execute(
        "SELECT * FROM meeting_speeches WHERE meeting_id = ? ORDER BY seq", (meeting_id,)))
    tasks = tuple(Task(r["content"], r["owner"], vn.to_date(r["deadline"]), r["id"]) for r in conn.execute(
        "SELECT * FROM meeting_tasks WHERE meeting_id = ? ORDER BY seq", (meeting_id,)))
    followups = tuple(Followup(r["content"], r["owner"], r["result"], r["task_id"]) for r in conn.execute(
        "SELECT * FROM meeting_followups WHERE meeting_id = ? ORDER BY seq", (meeting_id,)))
    quality = tuple((r[0], int(r[1])) for r in conn.execute(
        "SELECT criterion, points FROM meeting_quality WHERE meeting_id = ? ORDER BY rowid", (meeting_id,)))
    values = {name: row[name] for name in _TEXT_FIELDS}
    return Meeting(
        id=meeting_id, org_id=row["org_id"], kind=row["kind"], held_on=vn.to_date(row["held_on"]) or dt.date.min,
        chair_member_id=row["chair_member_id"], secretary_member_id=row["secretary_member_id"],
        votes_for=row["votes_for"], votes_against=row["votes_against"], votes_abstain=row["votes_abstain"],
        dues_collected=row["dues_collected"], state=row["state"], minutes_no=row["minutes_no"],
        resolution_no=row["resolution_no"], reviewed_month=_month_of(row["reviewed_month"]),
        planned_month=_month_of(row["planned_month"]), attendance=attendance, speeches=speeches, tasks=tasks,
        followups=followups, quality=quality, **values)


def _month_of(text: str | None) -> dt.date | None:
    """'2026-10' (as stored) → 1 October 2026; NULL → None."""
    return dt.date(int(text[:4]), int(text[5:7]), 1) if text else None


def _month_text(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def get(conn: sqlite3.Connection, meeting_id: int) -> Meeting:
    row = conn.execute("SELECT * FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
    if row is None:
        raise UserError(f"Không có buổi sinh hoạt mã số {meeting_id}. Hãy xem danh sách bằng lệnh “meetings”.")
    return _row_to_meeting(conn, row)


def previous_meeting_id(conn: sqlite3.Connection, org_id: int, held_on: dt.date,
                        before_id: int | None = None) -> int | None:
    """The cell's latest earlier meeting that set tasks (its tasks are this meeting's follow-ups)."""
    row = conn.execute(
        "SELECT m.id FROM meetings m WHERE m.org_id = ? AND (m.held_on < ? OR (m.held_on = ? AND m.id < ?))"
        " AND EXISTS (SELECT 1 FROM meeting_tasks t WHERE t.meeting_id = m.id)"
        " ORDER BY m.held_on DESC, m.id DESC LIMIT 1",
        (org_id, held_on.isoformat(), held_on.isoformat(), before_id or 2**62)).fetchone()
    return int(row[0]) if row else None


def followups_from_previous(conn: sqlite3.Connection, org_id: int, held_on: dt.date,
                            before_id: int | None = None) -> tuple[Followup, ...]:
    """Last meeting's tasks, as lines whose results this meeting records."""
    previous = previous_meeting_id(conn, org_id, held_on, before_id)
    if previous is None:
        return ()
    return tuple(Followup(t.content, t.owner, "", t.id) for t in get(conn, previous).tasks)


def roster_attendance(conn: sqlite3.Connection, org_id: int, on: dt.date) -> tuple[Attendance, ...]:
    """The cell's members on the day, everyone present except the excused, the away and the suspended."""
    lines = []
    for member, state in member_list.roster_on(conn, org_id, on):
        status = DEFAULT_STATUS_FOR_MEMBER.get(state.status, "co_mat")
        lines.append(Attendance(name=member.full_name, status=status, member_id=int(member.id),
                                standing=state.standing))
    return tuple(lines)


def new_meeting(conn: sqlite3.Connection, org_id: int, held_on: dt.date, kind: str = "thuong_ky") -> Meeting:
    """A fresh draft: attendance from the roster on the day, chair the bí thư, last month's tasks to follow up."""
    org = organisations.get(conn, org_id)
    if not org.is_cell:
        raise UserError(f"{org.name} không phải là chi bộ. Chỉ chi bộ mới ghi biên bản sinh hoạt chi bộ; "
                        "hãy chọn một chi bộ.")
    chair = organisations.secretary_name(conn, org_id, held_on)
    reviewed, planned = review_and_plan_months(held_on)
    chair_id = next((p.member_id for p in organisations.positions(conn, org_id, held_on) if p.position == "bi_thu"),
                    None)
    return Meeting(org_id=org_id, kind=kind, held_on=held_on, chair_name=chair, chair_member_id=chair_id,
                   reviewed_month=reviewed, planned_month=planned, attendance=roster_attendance(conn, org_id, held_on),
                   followups=followups_from_previous(conn, org_id, held_on))


# ---------------------------------------------------------------- checking and saving

def _count(value: int | None, label: str) -> int | None:
    if value is None:
        return None
    if int(value) < 0:
        raise UserError(f"{label} không thể là số âm. Hãy kiểm tra lại.")
    return int(value)


def text(name: str, value: str | None) -> str:
    """One typed text of the minutes cleaned at the door and held to its limit (UserError naming it)."""
    return vn.clean_field(value, LABELS[name], MAX_LENGTHS[name], "biên bản", name in MULTILINE)


def clean(conn: sqlite3.Connection, meeting: Meeting) -> Meeting:
    """Clean every text and check what a record needs; raises UserError saying what to fix."""
    org = organisations.get(conn, meeting.org_id)
    if not org.is_cell:
        raise UserError(f"{org.name} không phải là chi bộ; hãy chọn một chi bộ.")
    if meeting.kind not in KINDS:
        raise UserError(f"Loại buổi sinh hoạt “{meeting.kind}” không hợp lệ. Hãy chọn: {', '.join(KINDS.values())}.")
    if meeting.held_on is None:
        raise UserError("Hãy nhập ngày sinh hoạt (ngày/tháng/năm).")
    texts: dict[str, Any] = {name: text(name, getattr(meeting, name)) for name in _TEXT_FIELDS}
    texts["start_time"] = parse_time(texts["start_time"], "Giờ bắt đầu")
    texts["end_time"] = parse_time(texts["end_time"], "Giờ kết thúc")
    if meeting.kind in ("chuyen_de", "ghep") and not texts["theme"]:
        raise UserError("Buổi sinh hoạt chuyên đề cần có tên chuyên đề. Hãy nhập chuyên đề.")
    reviewed, planned = _checked_months(meeting)
    return replace(
        meeting, **texts, reviewed_month=reviewed, planned_month=planned,
        votes_for=_count(meeting.votes_for, "Số tán thành"), votes_against=_count(meeting.votes_against,
                                                                                 "Số không tán thành"),
        votes_abstain=_count(meeting.votes_abstain, "Số không biểu quyết"),
        dues_collected=_count(meeting.dues_collected, "Đảng phí thu được"),
        attendance=tuple(_clean_attendance(a) for a in meeting.attendance),
        speeches=tuple(_clean_speech(s) for s in meeting.speeches if vn.clean_text(s.speaker_name + s.content)),
        tasks=tuple(_clean_task(t) for t in meeting.tasks if vn.clean_text(t.content + t.owner)),
        followups=tuple(replace(f, content=text("followup.content", f.content), owner=text("followup.owner", f.owner),
                                result=text("followup.result", f.result))
                        for f in meeting.followups if vn.clean_text(f.content)),
        quality=_clean_quality(meeting))


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month


def _checked_months(meeting: Meeting) -> tuple[dt.date, dt.date]:
    """The months reviewed and planned, refused when the minutes would contradict themselves or their date."""
    reviewed, planned = meeting.months
    held, day = first_of_month(meeting.held_on), vn.format_date(meeting.held_on)
    fix = "Hãy chọn lại ở mục “Đánh giá kết quả tháng” và “Nhiệm vụ tháng” (trang Thông tin chung)."
    if reviewed > held:
        raise UserError(f"Đánh giá kết quả tháng {reviewed.month}/{reviewed.year}: tháng này chưa hết vào ngày "
                        f"sinh hoạt {day}. {fix}")
    if planned < held:
        raise UserError(f"Nhiệm vụ tháng {planned.month}/{planned.year}: tháng này đã qua vào ngày sinh hoạt {day}. "
                        f"{fix}")
    if planned <= reviewed:
        raise UserError(f"Tháng của nhiệm vụ ({planned.month}/{planned.year}) phải sau tháng được đánh giá kết quả "
                        f"({reviewed.month}/{reviewed.year}). {fix}")
    if _month_index(held) - _month_index(reviewed) > MONTHS_AROUND or \
            _month_index(planned) - _month_index(held) > MONTHS_AROUND:
        raise UserError(f"Tháng đánh giá ({reviewed.month}/{reviewed.year}) hoặc tháng nhiệm vụ ({planned.month}/"
                        f"{planned.year}) cách xa ngày sinh hoạt {day} quá {MONTHS_AROUND} tháng; có thể gõ nhầm "
                        f"năm. {fix}")
    return first_of_month(reviewed), first_of_month(planned)


def _clean_attendance(line: Attendance) -> Attendance:
    name = text("attendance.name", line.name)
    if not name:
        raise UserError("Danh sách dự họp có một dòng chưa có họ tên. Hãy nhập họ tên hoặc xóa dòng đó.")
    if line.status not in ATTENDANCE_STATUSES:
        raise UserError(f"{name}: tình trạng dự họp “{line.status}” không hợp lệ.")
    if line.member_id is None and line.status != "khach":
        line = replace(line, status="khach")
    reason = text("attendance.reason", line.reason) if line.status != "co_mat" else ""
    return replace(line, name=name, reason=reason, attended=line.attended and line.status == "mien_sinh_hoat")


def _clean_speech(speech: Speech) -> Speech:
    name = text("speech.speaker_name", speech.speaker_name)
    if not name:
        raise UserError("Một ý kiến phát biểu chưa ghi tên người phát biểu. Hãy ghi tên đồng chí phát biểu.")
    return replace(speech, speaker_name=name, content=text("speech.content", speech.content))


def _clean_task(task: Task) -> Task:
    content = text("task.content", task.content)
    if not content:
        raise UserError("Một nhiệm vụ tháng tới chưa có nội dung. Hãy ghi nội dung hoặc xóa dòng đó.")
    return replace(task, content=content, owner=text("task.owner", task.owner))


def _clean_quality(meeting: Meeting) -> tuple[tuple[str, int], ...]:
    criteria = {c.code: c for c in rules.for_date(meeting.held_on).quality.criteria}
    result = []
    for code, points in meeting.quality:
        if code not in criteria:
            raise UserError(f"Tiêu chí chấm điểm “{code}” không có trong bộ quy định đang áp dụng.")
        if not 0 <= int(points) <= criteria[code].max:
            raise UserError(f"Điểm “{criteria[code].name}” phải từ 0 đến {criteria[code].max}.")
        result.append((code, int(points)))
    return tuple(result)


def _refuse_if_adopted(conn: sqlite3.Connection, meeting_id: int) -> None:
    if get(conn, meeting_id).adopted:
        raise UserError("Biên bản buổi sinh hoạt này đã được thông qua nên không sửa được. "
                        "Nếu cần sửa, hãy bấm “Mở lại biên bản” và ghi lý do.")


def save(conn: sqlite3.Connection, meeting: Meeting, expected: Meeting | None = None) -> Meeting:
    """Create or update a draft meeting with all its lines, in one transaction with an audit line.

    ``expected``: the meeting as the editor loaded it; when the file holds something else by now (saved from
    another window), nothing is written and ``conflicts.EditConflict`` carries both versions.
    """
    if meeting.id is not None:
        _refuse_if_adopted(conn, meeting.id)
    good = clean(conn, meeting)
    values = [getattr(good, c) for c in _COLUMNS]
    values[_COLUMNS.index("held_on")] = good.held_on.isoformat()
    reviewed, planned = good.months
    values[_COLUMNS.index("reviewed_month")] = _month_text(reviewed)
    values[_COLUMNS.index("planned_month")] = _month_text(planned)
    with transaction(conn):
        if good.id is not None and expected is not None:   # compared under the write lock
            conflicts.refuse_if_changed(f"Biên bản sinh hoạt ngày {vn.format_date(good.held_on)} của "
                                        f"{org_name(conn, good.org_id)}", expected, get(conn, good.id), good)
        if good.id is None:
            marks = ", ".join("?" * len(_COLUMNS))
            cursor = conn.execute(f"INSERT INTO meetings ({', '.join(_COLUMNS)}) VALUES ({marks})", values)
            meeting_id = int(cursor.lastrowid or 0)
            action = "tạo"
        else:
            meeting_id = good.id
            sets = ", ".join(f"{c} = ?" for c in _COLUMNS)
            conn.execute(f"UPDATE meetings SET {sets}, updated_at = datetime('now', 'localtime') WHERE id = ?",
                         [*values, meeting_id])
            action = "sửa"
        _write_lines(conn, meeting_id, good)
        counts = good.counts
        audit.record(conn, action, "meeting", meeting_id, {
            "org_id": good.org_id, "held_on": good.held_on, "kind": good.kind,
            "present": counts.present, "absent": counts.absent, "speeches": len(good.speeches),
            "tasks": len(good.tasks)})
    return get(conn, meeting_id)


def _write_lines(conn: sqlite3.Connection, meeting_id: int, meeting: Meeting) -> None:
    for table in ("meeting_attendance", "meeting_speeches", "meeting_followups", "meeting_quality"):
        conn.execute(f"DELETE FROM {table} WHERE meeting_id = ?", (meeting_id,))
    conn.executemany(
        "INSERT INTO meeting_attendance (meeting_id, member_id, name, standing, status, reason, attended)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(meeting_id, a.member_id, a.name, a.standing, a.status, a.reason, int(a.attended))
         for a in meeting.attendance])
    conn.executemany(
        "INSERT INTO meeting_speeches (meeting_id, seq, member_id, speaker_name, content) VALUES (?, ?, ?, ?, ?)",
        [(meeting_id, i, s.member_id, s.speaker_name, s.content) for i, s in enumerate(meeting.speeches, 1)])
    _write_tasks(conn, meeting_id, meeting.tasks)
    conn.executemany(
        "INSERT INTO meeting_followups (meeting_id, seq, task_id, content, owner, result) VALUES (?, ?, ?, ?, ?, ?)",
        [(meeting_id, i, f.task_id, f.content, f.owner, f.result) for i, f in enumerate(meeting.followups, 1)])
    conn.executemany("INSERT INTO meeting_quality (meeting_id, criterion, points) VALUES (?, ?, ?)",
                     [(meeting_id, code, points) for code, points in meeting.quality])


def _write_tasks(conn: sqlite3.Connection, meeting_id: int, tasks: tuple[Task, ...]) -> None:
    """Keep task ids stable (the next meeting's follow-ups point at them): update, insert, delete the rest."""
    kept = []
    for seq, task in enumerate(tasks, 1):
        values = (seq, task.content, task.owner, vn.iso(task.deadline))
        row = conn.execute("SELECT id FROM meeting_tasks WHERE id = ? AND meeting_id = ?",
                           (task.id, meeting_id)).fetchone() if task.id else None
        if row:
            conn.execute("UPDATE meeting_tasks SET seq = ?, content = ?, owner = ?, deadline = ? WHERE id = ?",
                         (*values, task.id))
            kept.append(int(task.id or 0))
        else:
            cursor = conn.execute("INSERT INTO meeting_tasks (meeting_id, seq, content, owner, deadline)"
                                  " VALUES (?, ?, ?, ?, ?)", (meeting_id, *values))
            kept.append(int(cursor.lastrowid or 0))
    keep = ",".join("?" * len(kept)) or "NULL"
    conn.execute(f"DELETE FROM meeting_tasks WHERE meeting_id = ? AND id NOT IN ({keep})", (meeting_id, *kept))


# ---------------------------------------------------------------- adopting and reopening

def adopt(conn: sqlite3.Connection, meeting_id: int) -> Meeting:
    """Adopt the minutes: numbers BB and NQ are taken (in sequence over the term), the record locks."""
    meeting = get(conn, meeting_id)
    if meeting.adopted:
        return meeting
    if not meeting.attendance:
        raise UserError("Biên bản chưa có danh sách đảng viên dự họp. Hãy điểm danh trước khi thông qua.")
    refusals = adoption_refusals(meeting)
    if refusals:
        raise UserError("Chưa thông qua được biên bản. " + " ".join(w.message for w in refusals))
    reference = f"meeting:{meeting_id}"
    with transaction(conn):
        minutes_no = numbering.assign(conn, meeting.org_id, "BB", meeting.held_on, reference)
        resolution_no = numbering.assign(conn, meeting.org_id, "NQ", meeting.held_on, reference)
        conn.execute("UPDATE meetings SET state = 'da_thong_qua', minutes_no = ?, resolution_no = ?,"
                     " adopted_at = datetime('now', 'localtime') WHERE id = ?",
                     (minutes_no, resolution_no, meeting_id))
        audit.record(conn, "thông qua", "meeting", meeting_id,
                     {"minutes_no": minutes_no, "resolution_no": resolution_no})
    return get(conn, meeting_id)


def reopen(conn: sqlite3.Connection, meeting_id: int, reason: str) -> Meeting:
    """Make an adopted meeting editable again; the reason goes into the audit trail. Numbers are kept."""
    meeting = get(conn, meeting_id)
    if not meeting.adopted:
        raise UserError("Biên bản này đang ở dạng nháp, không cần mở lại.")
    why = vn.clean_text(reason)
    if not why:
        raise UserError("Hãy ghi lý do mở lại biên bản đã thông qua (ví dụ: ghi nhầm số người dự họp).")
    with transaction(conn):
        conn.execute("UPDATE meetings SET state = 'nhap', adopted_at = NULL WHERE id = ?", (meeting_id,))
        audit.record(conn, "mở lại", "meeting", meeting_id, {"reason": why})
    return get(conn, meeting_id)


def delete_draft(conn: sqlite3.Connection, meeting_id: int) -> None:
    """Remove a draft entered by mistake (an adopted record is never deleted)."""
    _refuse_if_adopted(conn, meeting_id)
    meeting = get(conn, meeting_id)
    with transaction(conn):
        conn.execute("UPDATE meeting_followups SET task_id = NULL WHERE task_id IN"
                     " (SELECT id FROM meeting_tasks WHERE meeting_id = ?)", (meeting_id,))
        conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
        audit.record(conn, "xóa nháp", "meeting", meeting_id,
                     {"org_id": meeting.org_id, "held_on": meeting.held_on, "kind": meeting.kind})


def org_name(conn: sqlite3.Connection, org_id: int) -> str:
    return organisations.get(conn, org_id).name
