"""What the printed minutes, resolution and sign-in sheet need, gathered once (printing never reads the database).

Domain wording (summary line, header names, numbers, date line) is decided here, so printing only lays out.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, replace

from models import rules, vn
from models.commune import committee, issuers, numbering, organisations
from models.meetings.meeting_store import get
from models.meetings.meeting_warnings import MeetingWarning
from models.meetings.records import AttendanceCounts, Meeting, entitled_text, format_duration


@dataclass(frozen=True)
class AttendanceLine:
    name: str
    standing_name: str          # Chính thức / Dự bị
    status_name: str
    status: str
    reason: str = ""
    attended: bool = False


@dataclass(frozen=True)
class QualityLine:
    name: str
    points: int
    max_points: int


@dataclass(frozen=True)
class MinutesData:
    """One meeting as its documents print it; every text field is plain user text (printing escapes it)."""

    meeting_id: int
    superior: str                      # line 1 of the header (ĐẢNG BỘ XÃ PHỐ MỚI)
    issuer: str                        # line 2 (CHI BỘ THÔN ĐÔNG)
    org_name: str
    minutes_number: str                # Số 05-BB/CB (a blank to fill by hand while a draft)
    resolution_number: str             # Số 05-NQ/CB
    date_line: str                     # Phố Mới, ngày 05 tháng 11 năm 2026
    summary: str                       # Sinh hoạt chi bộ định kỳ tháng 11 năm 2026
    theme: str
    kind: str
    kind_name: str
    held_on: dt.date
    date_text: str                     # 05/11/2026
    month_text: str                    # the month whose results it reviews: tháng 10 năm 2026
    next_month_text: str               # the month its tasks are for: tháng 11 năm 2026
    start_time: str
    end_time: str
    duration_text: str
    place: str
    chair_name: str
    secretary_name: str
    cell_secretary_name: str           # the bí thư who signs the resolution (the chair when none recorded)
    cell_secretary_role: str           # BÍ THƯ / PHÓ BÍ THƯ / CHỦ TRÌ
    guests: str
    supervisor_name: str
    agenda: str
    last_month_results: str
    followups: tuple[tuple[str, str, str], ...]         # (task, owner, result)
    news_policy: str
    ct05_content: str
    speeches: tuple[tuple[str, str], ...]               # (speaker, opinion)
    conclusion: str
    tasks: tuple[tuple[str, str, str], ...]             # (task, owner, deadline dd/mm/yyyy)
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    agreement_text: str                                 # '8/9, đạt 88,9%' of those with a vote
    dues_collected_text: str
    quality: tuple[QualityLine, ...]
    quality_score: int | None
    quality_grade: str
    quality_max: int                                    # the most points a meeting can score (the criteria's sum)
    counts: AttendanceCounts
    attendance: tuple[AttendanceLine, ...]
    adopted: bool
    state_name: str
    committee_name: str                                 # Đảng ủy xã Phố Mới (Nơi nhận)
    superior_committee_name: str                        # the đảng ủy the cell reports to
    warnings: tuple[MeetingWarning, ...] = ()
    meetings_citation: str = ""                         # the regulation meetings follow (Căn cứ … of the resolution)
    entitled_text: str = ""                             # '14 đồng chí (gồm 12 đảng viên chính thức có mặt, …)'
    roll: tuple[AttendanceLine, ...] = ()               # the cell's members in register order (the sign-in sheet)

    def with_status(self, *statuses: str) -> tuple[AttendanceLine, ...]:
        return tuple(a for a in self.attendance if a.status in statuses)


def _summary(meeting: Meeting) -> str:
    month = vn.format_month(meeting.held_on.year, meeting.held_on.month)
    if meeting.kind == "chuyen_de":
        return f"Sinh hoạt chi bộ chuyên đề {month}"
    if meeting.kind == "ghep":
        return f"Sinh hoạt chi bộ định kỳ kết hợp chuyên đề {month}"
    if meeting.kind == "bat_thuong":
        return f"Sinh hoạt chi bộ bất thường ngày {vn.format_date(meeting.held_on)}"
    return f"Sinh hoạt chi bộ định kỳ {month}"


def _number(number: int | None, doc_type: str, symbol: str) -> str:
    """'Số 05-BB/CB'; while a draft, a dotted blank to fill by hand ('Số ……-BB/CB')."""
    if number is None:
        return f"Số ……-{doc_type}/{symbol}"
    return numbering.format_number(number, doc_type, symbol)


def _signer(conn: sqlite3.Connection, meeting: Meeting) -> tuple[str, str]:
    held = organisations.positions(conn, meeting.org_id, meeting.held_on)
    for position, role in (("bi_thu", "BÍ THƯ"), ("pho_bi_thu", "PHÓ BÍ THƯ")):
        holders = [p for p in held if p.position == position]
        if holders:
            return holders[-1].member_name, role
    return meeting.chair_name, "CHỦ TRÌ"


def _quality(meeting: Meeting) -> tuple[QualityLine, ...]:
    points = dict(meeting.quality)
    criteria = rules.for_date(meeting.held_on).quality.criteria
    return tuple(QualityLine(c.name, points[c.code], c.max) for c in criteria if c.code in points)


def _attendance(meeting: Meeting) -> tuple[AttendanceLine, ...]:
    from models.people.member_events import STANDINGS

    return tuple(AttendanceLine(a.name, STANDINGS.get(a.standing or "", ""), a.status_name, a.status, a.reason,
                                a.attended) for a in meeting.attendance)


def _roll(meeting: Meeting) -> tuple[AttendanceLine, ...]:
    """The cell's members as the member register orders them (name order, as member_list.register_order),
    so the sign-in sheet and the register read alike; visitors are left out."""
    lines = [a for a in meeting.attendance if a.status != "khach"]
    ranked = sorted(zip(lines, _attendance(replace(meeting, attendance=tuple(lines))), strict=True),
                    key=lambda pair: (vn.name_sort_text(pair[0].name), pair[0].member_id or 0))
    return tuple(line for _, line in ranked)


def build(conn: sqlite3.Connection, meeting: Meeting, warnings: tuple[MeetingWarning, ...] = ()) -> MinutesData:
    """The documents' data for a meeting (saved or not)."""
    org = organisations.get(conn, meeting.org_id)
    issuer = issuers.document_issuer(conn, org.id)
    symbol = numbering.issuer_symbol(meeting.org_id, meeting.held_on)
    info = committee.get(conn)
    signer, signer_role = _signer(conn, meeting)
    held = meeting.held_on
    voters = meeting.counts.entitled_to_vote
    rule_set = rules.for_date(held)
    reviewed, planned = meeting.months
    return MinutesData(
        meeting_id=meeting.id or 0, superior=vn.upper(issuer.superior), issuer=vn.upper(issuer.name), org_name=org.name,
        minutes_number=_number(meeting.minutes_no, "BB", symbol),
        resolution_number=_number(meeting.resolution_no, "NQ", symbol),
        date_line=vn.format_date_line(info.place_name or "……", held), summary=_summary(meeting),
        theme=meeting.theme, kind=meeting.kind, kind_name=meeting.kind_name, held_on=held,
        date_text=vn.format_date(held), month_text=vn.format_month(reviewed.year, reviewed.month),
        next_month_text=vn.format_month(planned.year, planned.month),
        start_time=meeting.start_time, end_time=meeting.end_time,
        duration_text=format_duration(meeting.duration_minutes), place=meeting.place,
        chair_name=meeting.chair_name, secretary_name=meeting.secretary_name, cell_secretary_name=signer,
        cell_secretary_role=signer_role, guests=meeting.guests, supervisor_name=meeting.supervisor_name,
        agenda=meeting.agenda, last_month_results=meeting.last_month_results,
        followups=tuple((f.content, f.owner, f.result) for f in meeting.followups),
        news_policy=meeting.news_policy, ct05_content=meeting.ct05_content,
        speeches=tuple((s.speaker_name, s.content) for s in meeting.speeches), conclusion=meeting.conclusion,
        tasks=tuple((t.content, t.owner, vn.format_date(t.deadline)) for t in meeting.tasks),
        votes_for=meeting.votes_for, votes_against=meeting.votes_against, votes_abstain=meeting.votes_abstain,
        agreement_text=vn.format_ratio(meeting.votes_for or 0, voters) if voters and _voted(meeting) else "",
        dues_collected_text=vn.format_money(meeting.dues_collected) if meeting.dues_collected is not None else "",
        quality=_quality(meeting), quality_score=meeting.quality_score,
        quality_grade=rule_set.quality_grade(meeting.quality_score), quality_max=rule_set.quality.max_total,
        counts=meeting.counts,
        attendance=_attendance(meeting), adopted=meeting.adopted, state_name=meeting.state_name,
        committee_name=issuers.committee_name(info.name),
        superior_committee_name=issuers.committee_name(issuer.superior), warnings=warnings,
        meetings_citation=rule_set.citations.meetings, entitled_text=entitled_text(meeting.counts),
        roll=_roll(meeting))


def _voted(meeting: Meeting) -> bool:
    return any(v is not None for v in (meeting.votes_for, meeting.votes_against, meeting.votes_abstain))


def minutes_data(conn: sqlite3.Connection, meeting_id: int) -> MinutesData:
    """The documents' data for a saved meeting."""
    from models.meetings.meeting_overview import editor_warnings

    meeting = get(conn, meeting_id)
    return build(conn, meeting, tuple(editor_warnings(conn, meeting)))
