"""What a member's year shows, set beside the review form: meetings, dues, study, Chỉ thị 05,
discipline and last year's level. Read from the meetings, dues and study records; never stored."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models import rules, vn
from models.commune import organisations
from models.dues import ledger as dues
from models.meetings import records as meetings
from models.meetings.records import AttendanceEvidence
from models.people import member_events
from models.reviews.review_rules import tally_text
from models.study import sessions as study
from models.study.sessions import StudyEvidence


@dataclass(frozen=True)
class MemberEvidence:
    member_id: int
    year: int
    attendance: AttendanceEvidence
    unpaid_months: int
    study: StudyEvidence
    disciplines: tuple[str, ...]
    last_year_level: str | None
    last_year_level_name: str

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs in Vietnamese, in the order a clerk reads them."""
        a, s = self.attendance, self.study
        absent = (f"vắng có lý do {a.absent_with_reason}, không lý do {a.absent_without_reason}"
                  + (f" (liên tiếp nhiều nhất {a.longest_unexcused_run} buổi)" if a.longest_unexcused_run > 1 else ""))
        meetings_text = (f"dự {a.attended}/{a.expected} buổi"
                         + (f", {vn.format_rate(a.attended, a.expected)}" if a.expected else "") + f"; {absent}")
        grades = ", ".join(s.reflection_grades) if s.reflection_grades else "chưa có điểm bài thu hoạch"
        ct05 = ("đã đăng ký" + (f", kết quả: {s.ct05_result}" if s.ct05_result else ", chưa đánh giá kết quả")
                if s.ct05_registered else "chưa đăng ký")
        return [
            ("Sinh hoạt chi bộ", meetings_text),
            ("Đảng phí", f"{self.unpaid_months} tháng chưa đóng đủ" if self.unpaid_months else "đóng đủ các tháng"),
            ("Học tập nghị quyết", f"dự {s.sessions_attended}/{s.sessions_expected} buổi; bài thu hoạch: {grades}"),
            ("Chỉ thị 05", ct05),
            ("Kỷ luật trong năm", "; ".join(self.disciplines) if self.disciplines else "không"),
            (f"Xếp loại năm {self.year - 1}", self.last_year_level_name or "chưa có"),
        ]

    @property
    def flags(self) -> list[str]:
        """Short facts that should make the cell think twice before a high level."""
        found = []
        removal = rules.for_review_year(self.year).meetings.absence_removal_months
        if self.attendance.longest_unexcused_run >= removal:
            found.append(f"vắng sinh hoạt không lý do {self.attendance.longest_unexcused_run} buổi liên tiếp")
        if self.unpaid_months >= removal:
            found.append(f"{self.unpaid_months} tháng chưa đóng đảng phí")
        if self.disciplines:
            found.append("bị kỷ luật trong năm")
        return found


def disciplined_in_year(conn: sqlite3.Connection, year: int) -> dict[int, list[str]]:
    """Members disciplined during the year (standing ky_luat / khai_tru events) → what and when."""
    rows = conn.execute(
        "SELECT e.member_id, e.kind, e.detail, e.event_date FROM member_events e"
        " WHERE e.kind IN ('ky_luat', 'khai_tru') AND e.event_date BETWEEN ? AND ?"
        " AND NOT EXISTS (SELECT 1 FROM member_events c WHERE c.kind = 'dinh_chinh' AND c.corrects_event_id = e.id)"
        " ORDER BY e.event_date, e.id", (f"{year}-01-01", f"{year}-12-31"))
    found: dict[int, list[str]] = {}
    for r in rows:
        event = member_events.Event(kind=r["kind"], event_date=vn.to_date(r["event_date"]) or dt.date.min,
                                    detail=r["detail"])
        found.setdefault(r["member_id"], []).append(f"{event.kind_name} ngày {vn.format_date(event.event_date)}")
    return found


def _last_year_levels(conn: sqlite3.Connection, year: int, member_ids: Sequence[int]) -> dict[int, str]:
    rows = conn.execute("SELECT member_id, coalesce(decided_level, cell_level) FROM member_reviews"
                        " WHERE year = ? AND reviewed = 1", (year - 1,))
    wanted = set(member_ids)
    return {r[0]: r[1] for r in rows if r[0] in wanted and r[1]}


def member_evidence(conn: sqlite3.Connection, member_id: int, year: int) -> MemberEvidence:
    return evidence_for(conn, year, [member_id])[member_id]


def evidence_for(conn: sqlite3.Connection, year: int, member_ids: Sequence[int]) -> dict[int, MemberEvidence]:
    """Evidence for several members of one year (a cell's grid or its forms)."""
    disciplined = disciplined_in_year(conn, year)
    last = _last_year_levels(conn, year, member_ids)
    rule_set = rules.for_review_year(year - 1)
    return {member_id: MemberEvidence(
        member_id=member_id, year=year, attendance=meetings.member_attendance(conn, member_id, year),
        unpaid_months=dues.unpaid_months(conn, member_id, year), study=study.member_evidence(conn, member_id, year),
        disciplines=tuple(disciplined.get(member_id, ())), last_year_level=last.get(member_id),
        last_year_level_name=rule_set.level_name(last.get(member_id)))
        for member_id in member_ids}


def org_lines(conn: sqlite3.Connection, year: int, org_id: int, rows: Sequence[Any]) -> list[tuple[str, str]]:
    """What an organisation's year shows beside its own review: its members' levels (``rows``: the member
    review rows on screen, unsaved edits included) and who of them was disciplined in the year."""
    scope = set(organisations.descendants(conn, org_id))
    inside = [r for r in rows if r.org_id in scope]
    disciplined = disciplined_in_year(conn, year)
    names = [r.full_name for r in inside if r.member_id in disciplined]
    levels = [r.level for r in inside if r.reviewed]
    unreviewed = sum(1 for r in inside if not r.reviewed)
    return [("Đảng viên", tally_text(rules.for_review_year(year), levels, unreviewed, "đồng chí")),
            ("Đảng viên bị kỷ luật trong năm", ", ".join(names) if names else "không")]
