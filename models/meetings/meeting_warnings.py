"""Warnings beside a meeting (never blocking a save): pure functions driven by the rule set.

One of them blocks adoption: more votes than members with a vote (``adoption_refusals``).

Each warning names the rule it checks and the regulation it comes from (the rule set's citation
"meetings"), so the secretary can see why the program raises it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from models import periods, rules, vn
from models.meetings.records import (
    KINDS,
    ORDINARY_KINDS,
    THEMATIC_KINDS,
    AttendanceCounts,
    Meeting,
    duration_minutes,
    entitled_text,
)
from models.rules import RuleSet


@dataclass(frozen=True)
class MeetingWarning:
    code: str
    message: str


def _cite(rule_set: RuleSet) -> str:
    citation = rule_set.citations.meetings
    return f" ({citation})" if citation else ""


def duration_warnings(kind: str, start: str, end: str, rule_set: RuleSet) -> list[MeetingWarning]:
    """Missing times, an end before the start, or shorter than the rule set's minimum for the kind."""
    minimum = rule_set.min_meeting_minutes(kind)
    minutes = duration_minutes(start, end)
    if minutes is None:
        if not minimum:
            return []
        return [MeetingWarning("missing_times", "Chưa ghi đủ giờ bắt đầu và giờ kết thúc nên chưa tính được "
                               f"thời lượng; tối thiểu {minimum} phút{_cite(rule_set)}.")]
    if minutes <= 0:
        return [MeetingWarning("end_before_start", "Giờ kết thúc không sau giờ bắt đầu. Hãy kiểm tra lại giờ.")]
    if minutes < minimum:
        return [MeetingWarning("too_short", f"Buổi sinh hoạt kéo dài {minutes} phút, ít hơn {minimum} phút tối "
                               f"thiểu cho sinh hoạt {KINDS.get(kind, kind).lower()}{_cite(rule_set)}.")]
    return []


def quorum_warnings(counts: AttendanceCounts, rule_set: RuleSet) -> list[MeetingWarning]:
    """Half (the rule's share) or fewer of those who must attend were present; excused not counted."""
    share = float(rule_set.meetings.quorum_share)
    must = counts.should_attend
    if must == 0 or counts.present > must * share:
        return []
    return [MeetingWarning("no_quorum", f"Chỉ {counts.present}/{must} đảng viên phải dự có mặt "
                           f"({vn.format_rate(counts.present, must)}), không quá {vn.format_decimal(share * 100, 0)}% "
                           f"số phải dự; không tính đảng viên miễn sinh hoạt{_cite(rule_set)}.")]


def majority_warnings(votes_for: int, total: int, rule_set: RuleSet) -> list[MeetingWarning]:
    """A resolution needs more than the rule set's share (half) of those with a vote in favour."""
    share = float(rule_set.meetings.resolution_majority_share)
    if total == 0 or votes_for > total * share:
        return []
    return [MeetingWarning("resolution_not_passed", f"Chỉ {votes_for}/{total} đồng chí tán thành "
                           f"({vn.format_rate(votes_for, total)}), không quá {vn.format_decimal(share * 100, 0)}% "
                           f"số có quyền biểu quyết: nghị quyết chưa được thông qua. Hãy kiểm tra lại số phiếu"
                           f"{_cite(rule_set)}.")]


def _tally(votes: tuple[int | None, int | None, int | None]) -> str:
    return (f"{sum(v or 0 for v in votes)}: tán thành {votes[0] or 0}, không tán thành {votes[1] or 0}, "
            f"không biểu quyết {votes[2] or 0}")


def votes_over_entitled(votes: tuple[int | None, int | None, int | None], counts: AttendanceCounts,
                        rule_set: RuleSet) -> list[MeetingWarning]:
    """More votes than members with a vote in the room: the minutes cannot be adopted so (meeting_store.adopt)."""
    if sum(v or 0 for v in votes) <= counts.entitled_to_vote:
        return []
    return [MeetingWarning("votes_over_entitled", f"Tổng số biểu quyết ({_tally(votes)}) nhiều hơn số đảng viên "
                           f"có quyền biểu quyết: {entitled_text(counts)}. Đảng viên dự bị không có quyền biểu "
                           f"quyết. Hãy sửa lại số phiếu; biên bản có số phiếu vượt quá không thông qua được"
                           f"{_cite(rule_set)}.")]


def vote_warnings(votes: tuple[int | None, int | None, int | None], counts: AttendanceCounts,
                  rule_set: RuleSet) -> list[MeetingWarning]:
    """The three vote counts add up to those with a vote (never more); more than half of them for."""
    if all(v is None for v in votes):
        return []
    total = sum(v or 0 for v in votes)
    entitled = counts.entitled_to_vote
    found = majority_warnings(votes[0] or 0, entitled or total, rule_set)
    if total > entitled:
        return found + votes_over_entitled(votes, counts, rule_set)
    if total == entitled:
        return found
    return found + [MeetingWarning(
        "votes_mismatch", f"Tổng số biểu quyết ({_tally(votes)}) ít hơn số đảng viên có quyền biểu quyết: "
        f"{entitled_text(counts)}. Ai có mặt mà không giơ tay, hãy ghi vào “không biểu quyết”{_cite(rule_set)}.")]


def adoption_refusals(meeting: Meeting) -> list[MeetingWarning]:
    """The warnings that stop a meeting's minutes from being adopted (the others never block anything)."""
    votes = (meeting.votes_for, meeting.votes_against, meeting.votes_abstain)
    return votes_over_entitled(votes, meeting.counts, rules.for_date(meeting.held_on))


def meeting_warnings(meeting: Meeting) -> list[MeetingWarning]:
    """Everything wrong with one meeting on its own (duration, quorum, votes)."""
    rule_set = rules.for_date(meeting.held_on)
    counts = meeting.counts
    return (duration_warnings(meeting.kind, meeting.start_time, meeting.end_time, rule_set)
            + quorum_warnings(counts, rule_set)
            + vote_warnings((meeting.votes_for, meeting.votes_against, meeting.votes_abstain), counts, rule_set))


def quarter_of(month: int) -> int:
    return periods.quarter_of(month)


def period_warnings(held: Iterable[tuple[dt.date, str]], year: int, month: int,
                    rule_set: RuleSet, today: dt.date | None = None) -> list[MeetingWarning]:
    """A month with no ordinary meeting; at a quarter's last month, a quarter with too few thematic ones.

    ``held`` lists (date, kind) of the cell's meetings in (at least) that quarter. Only a month, or a
    quarter, that is over can have been missed (models.periods): the cell may still meet before it ends.
    """
    held = list(held)
    found: list[MeetingWarning] = []
    if not periods.month_over(year, month, today):
        return found
    if not any(d.year == year and d.month == month and k in ORDINARY_KINDS for d, k in held):
        found.append(MeetingWarning("no_ordinary_meeting", f"Tháng {month}/{year} chưa có buổi sinh hoạt chi bộ "
                                    f"thường kỳ; bắt buộc mỗi tháng, chuyên đề không thay thế{_cite(rule_set)}."))
    quarter = quarter_of(month)
    required = rule_set.meetings.thematic_per_quarter
    thematic = sum(1 for d, k in held if d.year == year and quarter_of(d.month) == quarter and k in THEMATIC_KINDS)
    if month % 3 == 0 and thematic < required:
        found.append(MeetingWarning("no_thematic_in_quarter", f"Quý {quarter}/{year} chưa có buổi sinh hoạt "
                                    f"chuyên đề; cần ít nhất {required} lần mỗi quý{_cite(rule_set)}."))
    return found
