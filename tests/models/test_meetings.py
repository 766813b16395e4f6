"""Meetings: saving, attendance counts, adoption and reopening, year figures, warnings, the CLI list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from models.commune import organisations
from models.errors import UserError
from models.meetings import meeting_store
from models.meetings import records as meetings
from models.meetings.records import Attendance, Speech, Task
from models.people import member_events, members
from models.storage import audit
from tests.conftest import add_member

NOV = dt.date(2026, 11, 5)


@pytest.fixture
def cell(commune):
    """Chi bộ thôn Đông with five members: three full, one probationary, one excused from meetings."""
    conn, dong = commune["conn"], commune["dong"]
    people = {}
    for name, joined, official in (("Nguyễn Văn An", dt.date(2000, 3, 1), dt.date(2001, 3, 1)),
                                   ("Trần Thị Bình", dt.date(2005, 5, 1), dt.date(2006, 5, 1)),
                                   ("Lê Văn Cường", dt.date(2010, 6, 1), dt.date(2011, 6, 1)),
                                   ("Phạm Thị Dung", dt.date(2026, 1, 10), None),
                                   ("Hoàng Văn Em", dt.date(1980, 1, 1), dt.date(1981, 1, 1))):
        people[name] = add_member(conn, name, dong.id, joined, official)
    members.add_event(conn, people["Hoàng Văn Em"].id,
                      member_events.Event("mien_sinh_hoat", dt.date(2025, 1, 1), detail="tuổi cao"))
    organisations.set_position(conn, dong.id, people["Nguyễn Văn An"].id, "bi_thu", dt.date(2025, 9, 1))
    return {**commune, "people": people}


def record(conn, org_id, day, kind="thuong_ky", absent=(), unexcused=(), start="07:30", end="09:30", **extra):
    """Create and save a meeting with the default roster, marking some absences."""
    draft = meeting_store.new_meeting(conn, org_id, day, kind)
    lines = []
    for line in draft.attendance:
        if line.name in absent:
            line = replace(line, status="vang_co_ly_do", reason="ốm")
        elif line.name in unexcused:
            line = replace(line, status="vang_khong_ly_do")
        lines.append(line)
    return meeting_store.save(conn, replace(draft, attendance=tuple(lines), start_time=start, end_time=end, **extra))


def test_new_meeting_prefills_roster_and_chair(cell):
    draft = meeting_store.new_meeting(cell["conn"], cell["dong"].id, NOV)
    statuses = {a.name: a.status for a in draft.attendance}
    assert statuses == {"Nguyễn Văn An": "co_mat", "Trần Thị Bình": "co_mat", "Lê Văn Cường": "co_mat",
                        "Phạm Thị Dung": "co_mat", "Hoàng Văn Em": "mien_sinh_hoat"}
    assert draft.chair_name == "Nguyễn Văn An"
    counts = draft.counts
    assert (counts.total, counts.present, counts.present_full, counts.present_probationary, counts.excused) == (
        5, 4, 3, 1, 1)


def test_save_round_trip_and_audit(cell):
    conn = cell["conn"]
    saved = record(conn, cell["dong"].id, NOV, absent=("Trần Thị Bình",),
                   speeches=(Speech("Lê Văn Cường", "Đồng ý <với> dự thảo & đề nghị bổ sung"),),
                   tasks=(Task("Vận động thu quỹ", "Nguyễn Văn An", dt.date(2026, 11, 30)),),
                   votes_for=3, votes_against=0, votes_abstain=0)
    again = meeting_store.get(conn, saved.id)
    assert again == saved
    assert again.counts.present == 3 and again.counts.absent_with_reason == 1
    assert again.speeches[0].content == "Đồng ý <với> dự thảo & đề nghị bổ sung"
    assert again.duration_minutes == 120
    assert [e.action for e in audit.history(conn, "meeting", saved.id)] == ["tạo"]


def test_next_meeting_follows_up_last_months_tasks(cell):
    conn = cell["conn"]
    record(conn, cell["dong"].id, dt.date(2026, 10, 5), tasks=(Task("Làm đường thôn", "Lê Văn Cường"),))
    draft = meeting_store.new_meeting(conn, cell["dong"].id, NOV)
    assert [(f.content, f.owner) for f in draft.followups] == [("Làm đường thôn", "Lê Văn Cường")]


def test_bad_input_changes_nothing(cell):
    conn = cell["conn"]
    draft = meeting_store.new_meeting(conn, cell["dong"].id, NOV)
    with pytest.raises(UserError, match="giờ"):
        meeting_store.save(conn, replace(draft, start_time="25:00"))
    with pytest.raises(UserError, match="chuyên đề"):
        meeting_store.save(conn, replace(draft, kind="chuyen_de"))
    with pytest.raises(UserError, match="âm"):
        meeting_store.save(conn, replace(draft, votes_for=-1))
    with pytest.raises(UserError, match="không phải là chi bộ"):
        meeting_store.new_meeting(conn, cell["school"].id, NOV)
    assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_adopt_numbers_in_sequence_locks_and_reopen_is_audited(cell):
    conn = cell["conn"]
    first = meeting_store.adopt(conn, record(conn, cell["dong"].id, dt.date(2026, 10, 5)).id)
    second = meeting_store.adopt(conn, record(conn, cell["dong"].id, NOV).id)
    assert (first.minutes_no, first.resolution_no, second.minutes_no, second.resolution_no) == (1, 1, 2, 2)
    with pytest.raises(UserError, match="Mở lại"):
        meeting_store.save(conn, replace(second, place="Nhà văn hóa"))
    with pytest.raises(UserError, match="lý do"):
        meeting_store.reopen(conn, second.id, "  ")
    reopened = meeting_store.reopen(conn, second.id, "Ghi nhầm số người dự")
    assert reopened.state == "nhap"
    meeting_store.save(conn, replace(reopened, place="Nhà văn hóa"))
    again = meeting_store.adopt(conn, second.id)
    assert again.minutes_no == 2  # adopting again never burns a number
    actions = [e.action for e in audit.history(conn, "meeting", second.id)]
    assert actions == ["tạo", "thông qua", "mở lại", "sửa", "thông qua"]


def test_year_stats_counts_cell_months_and_attendance(cell):
    conn, dong = cell["conn"], cell["dong"].id
    record(conn, dong, dt.date(2026, 1, 5), absent=("Trần Thị Bình",))
    record(conn, dong, dt.date(2026, 1, 20), kind="bat_thuong")            # not an ordinary meeting
    record(conn, dong, dt.date(2026, 2, 5), kind="ghep", theme="Chuyên đề", unexcused=("Lê Văn Cường",),
           start="07:00", end="09:30")
    stats = meetings.year_stats(conn, 2026, today=dt.date(2026, 11, 20))
    assert stats.held == 2
    # two cells (Giáo viên, thôn Đông) × the months over by 20/11/2026: November is still in progress
    assert stats.expected == 2 * 10
    # Phạm Thị Dung joined on 10/01, so the 05/01 meeting had three who had to attend
    assert (stats.present, stats.should_attend) == (2 + 4 + 3, 3 + 4 + 4)
    assert stats.attendance_rate == Decimal("81.8")
    on_first_of_march = meetings.year_stats(conn, 2026, today=dt.date(2026, 3, 1))
    assert (on_first_of_march.held, on_first_of_march.expected) == (2, 2 * 2)
    assert meetings.year_stats(conn, 2026, today=dt.date(2026, 1, 1)).expected == 0
    only_teachers = meetings.year_stats(conn, 2026, [cell["teachers"].id])
    assert (only_teachers.held, only_teachers.should_attend) == (0, 0)
    assert only_teachers.attendance_rate is None


def test_member_attendance_longest_unexcused_run(cell):
    conn, dong = cell["conn"], cell["dong"].id
    for month, unexcused in ((1, True), (2, True), (3, False), (4, True), (5, True), (6, True)):
        record(conn, dong, dt.date(2026, month, 5), unexcused=("Lê Văn Cường",) if unexcused else (),
               absent=() if unexcused else ("Lê Văn Cường",))
    evidence = meetings.member_attendance(conn, cell["people"]["Lê Văn Cường"].id, 2026)
    assert (evidence.expected, evidence.attended, evidence.absent_with_reason, evidence.absent_without_reason,
            evidence.longest_unexcused_run) == (6, 0, 1, 5, 3)
    excused = meetings.member_attendance(conn, cell["people"]["Hoàng Văn Em"].id, 2026)
    assert excused.expected == 0


def test_delete_draft_only(cell):
    conn = cell["conn"]
    saved = record(conn, cell["dong"].id, NOV)
    meeting_store.adopt(conn, saved.id)
    with pytest.raises(UserError):
        meeting_store.delete_draft(conn, saved.id)
    meeting_store.reopen(conn, saved.id, "nhập nhầm")
    meeting_store.delete_draft(conn, saved.id)
    assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_attendance_of_visitor_and_excused_who_came():
    rows = (Attendance("A", "co_mat", 1, "chinh_thuc"),
            Attendance("B", "mien_sinh_hoat", 2, "chinh_thuc", attended=True),
            Attendance("C", "khach", None, "chinh_thuc"), Attendance("D", "tam_vang", 4, "du_bi"),
            Attendance("E", "vang_khong_ly_do", 5, "du_bi"))
    counts = meetings.count_attendance(rows)
    assert (counts.total, counts.present, counts.should_attend, counts.excused_attended, counts.visitors,
            counts.away) == (4, 1, 2, 1, 1, 1)
    assert counts.attendance_rate == Decimal("50.0")



def test_review_and_plan_months_follow_the_meeting_day():
    """Met on the 5th: reviews last month, plans this one; met on the 25th: reviews this month, plans the next."""
    from models.meetings.records import review_and_plan_months

    assert review_and_plan_months(dt.date(2026, 11, 5)) == (dt.date(2026, 10, 1), dt.date(2026, 11, 1))
    assert review_and_plan_months(dt.date(2026, 12, 28)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert review_and_plan_months(dt.date(2027, 1, 3)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))


def test_cli_list_reads_as_vietnamese_text_and_json(cell, capsys):
    """`meetings --month`: a header line, the counts in words, warnings under their meeting, cells not met."""
    import json

    from cli.meetings import list_meetings

    conn = cell["conn"]
    excused = next(a for a in meeting_store.new_meeting(conn, cell["dong"].id, NOV).attendance
                   if a.status == "mien_sinh_hoat")
    saved = record(conn, cell["dong"].id, NOV, absent=("Trần Thị Bình",), unexcused=("Lê Văn Cường",),
                   votes_for=1, votes_against=0, votes_abstain=0)
    meeting_store.save(conn, replace(saved, attendance=tuple(
        replace(a, attended=True) if a.name == excused.name else a for a in saved.attendance)))
    assert list_meetings(conn, None, "2026-11", as_json=False) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["Mã", "số", "Ngày", "Chi", "bộ", "Loại", "Biên", "bản", "Số", "người", "dự"]
    assert (f"{saved.id:>6}  05/11/2026  Chi bộ thôn Đông" in lines[1] and "Thường kỳ" in lines[1]
            and "Nháp" in lines[1])
    assert "có mặt 2/4 (50,0%); vắng 2 (có lý do 1, không lý do 1); miễn sinh hoạt 1; tổng số 5" in lines[1]
    # the vote warning counts the excused member who came, leaves out the probationary one, and says so
    assert ("ít hơn số đảng viên có quyền biểu quyết: 2 đồng chí (gồm 1 đảng viên chính thức có mặt, 1 đồng chí "
            "miễn sinh hoạt đến dự; 1 đảng viên dự bị có mặt không biểu quyết)") in out
    assert "Tổng số: 1 buổi sinh hoạt (1 biên bản còn nháp, 1 buổi có cảnh báo)" in out
    assert "Chưa sinh hoạt trong tháng 11/2026: Chi bộ Giáo viên" in out
    assert list_meetings(conn, None, "2026-11", as_json=True) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["id"] == saved.id and row["date"] == "2026-11-05" and row["state"] == "nhap"
    assert (row["total"], row["should_attend"], row["present"], row["absent"], row["excused"]) == (5, 4, 2, 2, 1)
    assert {w["code"] for w in row["warnings"]} >= {"votes_mismatch", "no_quorum"}


def test_vote_warnings_count_only_those_with_a_vote_and_flag_no_majority():
    """Probationary members have no vote (Điều lệ Đảng, Điều 5): more votes than full members in the room is wrong."""
    from models import rules
    from models.meetings.meeting_warnings import vote_warnings

    rule_set = rules.for_date(NOV)
    counts = meetings.count_attendance((
        Attendance("A", "co_mat", 1, "chinh_thuc"), Attendance("B", "co_mat", 2, "chinh_thuc"),
        Attendance("C", "co_mat", 3, "chinh_thuc"), Attendance("D", "co_mat", 4, "chinh_thuc"),
        Attendance("E", "co_mat", 5, "du_bi"), Attendance("F", "mien_sinh_hoat", 6, "chinh_thuc", attended=True)))
    codes = lambda votes: [w.code for w in vote_warnings(votes, counts, rule_set)]  # noqa: E731
    assert counts.entitled_to_vote == 5
    assert codes((5, 0, 0)) == []                       # four full members and the excused one who came
    assert codes((4, 0, 1)) == []
    assert codes((6, 0, 0)) == ["votes_over_entitled"]  # the probationary member counted: refused at adoption
    assert codes((4, 0, 0)) == ["votes_mismatch"]
    assert codes((2, 2, 1)) == ["resolution_not_passed"]   # 2 of 5 is not more than half
    message = vote_warnings((2, 2, 1), counts, rule_set)[0].message
    assert "Chỉ 2/5 đồng chí tán thành (40,0%)" in message and "chưa được thông qua" in message
    over = vote_warnings((6, 0, 0), counts, rule_set)[0].message
    assert "Tổng số biểu quyết (6: tán thành 6" in over and "có quyền biểu quyết: 5 đồng chí" in over


def test_entitled_to_vote_are_full_members_in_the_room_whatever_their_line():
    rows = (Attendance("A", "co_mat", 1, "chinh_thuc"), Attendance("B", "co_mat", 2, "du_bi"),
            Attendance("C", "mien_sinh_hoat", 3, "chinh_thuc", attended=True),
            Attendance("D", "mien_sinh_hoat", 4, "chinh_thuc"), Attendance("E", "khach", None, "chinh_thuc"),
            Attendance("F", "khach", None, "du_bi"), Attendance("G", "vang_co_ly_do", 7, "chinh_thuc"),
            Attendance("H", "tam_vang", 8, "chinh_thuc"))
    counts = meetings.count_attendance(rows)
    assert (counts.voting_present, counts.voting_excused, counts.voting_visitors) == (1, 1, 1)
    assert (counts.entitled_to_vote, counts.present_without_vote) == (3, 2)
    assert meetings.entitled_text(counts) == (
        "3 đồng chí (gồm 1 đảng viên chính thức có mặt, 1 đồng chí miễn sinh hoạt đến dự, 1 đồng chí nơi khác "
        "đến dự; 2 đảng viên dự bị có mặt không biểu quyết)")


def test_adopt_refuses_more_votes_than_members_with_a_vote(cell):
    """Everyone present counted, the probationary member too: 4 votes for 3 with a vote; nothing is numbered."""
    conn = cell["conn"]
    saved = record(conn, cell["dong"].id, NOV, votes_for=4, votes_against=0, votes_abstain=0)
    assert saved.counts.entitled_to_vote == 3
    with pytest.raises(UserError) as refused:
        meeting_store.adopt(conn, saved.id)
    message = str(refused.value)
    assert "Chưa thông qua được biên bản" in message and "(4: tán thành 4" in message
    assert "có quyền biểu quyết: 3 đồng chí (gồm 3 đảng viên chính thức có mặt" in message
    assert not meeting_store.get(conn, saved.id).adopted
    assert conn.execute("SELECT count(*) FROM document_numbers").fetchone()[0] == 0
    fixed = meeting_store.save(conn, replace(saved, votes_for=3))
    assert meeting_store.adopt(conn, fixed.id).minutes_no == 1


def test_overview_counts_votes_like_the_editor(cell):
    """The month list reads each meeting's lines through count_attendance: the same entitled number."""
    from models.meetings import meeting_overview

    conn = cell["conn"]
    saved = record(conn, cell["dong"].id, NOV, votes_for=4, votes_against=0, votes_abstain=0)
    (row,) = [r for r in meeting_overview.month_rows(conn, 2026, 11) if r.meeting_id == saved.id]
    assert row.counts == saved.counts
    assert "votes_over_entitled" in {w.code for w in row.warnings}
