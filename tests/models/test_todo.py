"""Việc cần làm: every kind of item against records built for it, on pinned days."""

import dataclasses
import datetime as dt

from models import periods, rules
from models.commune import organisations
from models.dues import ledger as dues
from models.dues.ledger import DuesProfile
from models.people import members
from models.people.member_events import Event
from models.reporting import reports, todo
from models.reviews import records as reviews
from models.study import sessions as study
from tests.conftest import add_member

D = dt.date


def _kinds(conn, kind, on, org_id=None):
    return [i for i in todo.items(conn, org_id, on) if i.kind == kind]


def _staff(conn, org_id, names, prefix):
    """Full members (joined 2001, so no badge falls due in these tests); the first becomes bí thư."""
    people = [add_member(conn, f"{prefix} {name}", org_id, D(2001, 3, 1), D(2002, 3, 1)) for name in names]
    organisations.set_position(conn, org_id, people[0].id, "bi_thu", D(2022, 1, 1))
    return people


def _meeting(conn, org_id, day, kind="thuong_ky", state="da_thong_qua", absent=()):
    meeting_id = conn.execute("INSERT INTO meetings (org_id, kind, held_on, state) VALUES (?, ?, ?, ?)",
                              (org_id, kind, day.isoformat(), state)).lastrowid
    for member in absent:
        conn.execute("INSERT INTO meeting_attendance (meeting_id, member_id, name, standing, status)"
                     " VALUES (?, ?, ?, 'chinh_thuc', 'vang_khong_ly_do')", (meeting_id, member.id, member.full_name))
    return meeting_id


# ---------------------------------------------------------------- the months that are over

def test_the_first_day_of_a_month_leaves_that_month_out():
    assert periods.months_over(2026, D(2026, 12, 1)) == list(range(1, 12))
    assert periods.months_over(2026, D(2026, 1, 1)) == []
    assert periods.months_over(2025, D(2026, 1, 1)) == list(range(1, 13))
    assert periods.last_month_over(D(2026, 1, 1)) == (2025, 12) and periods.last_month_over(D(2026, 3, 1)) == (2026, 2)
    assert periods.last_quarter_over(D(2026, 11, 20)) == (2026, 3)
    assert periods.last_quarter_over(D(2026, 3, 31)) == (2025, 4)
    assert periods.end_of_months_over(2026, D(2026, 3, 1)) == D(2026, 2, 28)
    assert not periods.quarter_over(2026, 4, D(2026, 12, 31)) and periods.quarter_over(2026, 4, D(2027, 1, 1))


# ---------------------------------------------------------------- members

def test_probation_end_its_window_and_the_overdue_ones(commune):
    conn, dong = commune["conn"], commune["dong"]
    on = D(2026, 11, 20)
    late = add_member(conn, "Lê Thị Hoa", dong.id, D(2025, 6, 2))       # ended 02/06/2026, deadline passed
    window = add_member(conn, "Lê Thị Lan", dong.id, D(2025, 11, 1))    # ended 01/11/2026, still in the 30 days
    soon = add_member(conn, "Lê Thị Mai", dong.id, D(2025, 12, 10))     # ends 10/12/2026: prepare now
    add_member(conn, "Lê Thị Nga", dong.id, D(2026, 3, 1))              # ends in March 2027: not yet
    overdue = _kinds(conn, "probation_overdue", on)
    assert [i.who for i in overdue] == [late.full_name] and overdue[0].overdue
    assert overdue[0].date == todo.add_working_days(D(2026, 6, 2), 30)
    assert overdue[0].target == todo.Target("members", member_id=late.id, org_id=dong.id)
    due = _kinds(conn, "probation_due", on)
    assert [i.who for i in due] == [window.full_name, soon.full_name]
    assert due[0].date == D(2026, 12, 11) and not due[0].overdue       # 01/11 + 30 working days
    assert "hết 12 tháng dự bị ngày 01/11/2026" in due[0].message and "Điều 5" in due[0].rule
    # the day after the deadline it turns overdue
    assert window.full_name in [i.who for i in _kinds(conn, "probation_overdue", D(2026, 12, 14))]


def test_badge_milestone_counts_seniority_without_the_gap(commune):
    conn, dong = commune["conn"], commune["dong"]
    gap = add_member(conn, "Trần Văn Khải", dong.id, D(1990, 1, 10), D(1991, 1, 10))
    members.add_event(conn, gap.id, Event("xoa_ten", D(2000, 1, 1)))
    members.add_event(conn, gap.id, Event("ket_nap_lai", D(2001, 1, 1), org_id=dong.id))
    members.add_event(conn, gap.id, Event("chuyen_chinh_thuc", D(2002, 1, 1)))
    add_member(conn, "Trần Văn Lợi", dong.id, D(1990, 1, 10), D(1991, 1, 10))   # 30 years on 10/01/2020: given then
    # 30 years without the year out of the Party: 10/01/2021, so the badge is proposed on 3/2/2021
    on = D(2021, 1, 5)
    found = _kinds(conn, "badge_due", on)
    assert [i.who for i in found] == [gap.full_name]
    assert found[0].date == D(2021, 2, 3)
    assert "Huy hiệu 30 năm tuổi Đảng" in found[0].message and "đã trừ thời gian ra khỏi Đảng" in found[0].message
    assert found[0].rule == rules.for_date(on).badges.citation
    # the member without a gap reached 30 years before the award day of 3/2/2020
    assert [i.who for i in _kinds(conn, "badge_due", D(2019, 12, 1))] == ["Trần Văn Lợi"]


def test_badge_already_held_is_not_proposed_again(commune):
    conn, dong = commune["conn"], commune["dong"]
    add_member(conn, "Trần Văn Lợi", dong.id, D(1996, 3, 1), D(1997, 3, 1), badge_number="012345")
    add_member(conn, "Trần Văn Minh", dong.id, D(1996, 3, 1), D(1997, 3, 1))
    assert [i.who for i in _kinds(conn, "badge_due", D(2026, 4, 1))] == ["Trần Văn Minh"]   # 30 years by 19/5/2026


def test_next_award_day_follows_the_rule_set():
    badges = rules.for_date(D(2026, 1, 1)).badges
    assert todo.next_award_date(badges, D(2026, 11, 8)) == (D(2027, 2, 3), D(2026, 11, 7))
    assert todo.next_award_date(badges, D(2026, 2, 3)) == (D(2026, 2, 3), D(2025, 11, 7))


def test_absences_count_only_months_over(commune):
    conn, dong = commune["conn"], commune["dong"]
    people = _staff(conn, dong.id, ["An", "Bình", "Cường"], "Phạm Văn")
    for month in (9, 10, 11):
        _meeting(conn, dong.id, D(2026, month, 5), absent=[people[2]])
    assert _kinds(conn, "absences", D(2026, 11, 30)) == []           # November is not over: two months only
    found = _kinds(conn, "absences", D(2026, 12, 1))                  # the first day of December: three
    assert [i.who for i in found] == [people[2].full_name] and "3 tháng trong năm 2026" in found[0].message
    assert found[0].date == D(2026, 11, 30) and "Điều 8" in found[0].rule


def test_unpaid_dues_count_only_months_over(commune):
    conn, dong = commune["conn"], commune["dong"]
    an = add_member(conn, "Nguyễn Văn An", dong.id, D(2001, 3, 1), D(2002, 3, 1))
    dues.set_profile(conn, DuesProfile(an.id, D(2025, 1, 1), "luong", 4_000_000))
    for month in (1, 2, 3):
        dues.record_payment(conn, an.id, 2025, month, 1_000)
    assert _kinds(conn, "unpaid_dues", D(2025, 3, 1)) == []           # March is being collected
    found = _kinds(conn, "unpaid_dues", D(2025, 4, 1))
    assert [i.who for i in found] == [an.full_name] and "3 tháng trong năm 2025" in found[0].message


# ---------------------------------------------------------------- organisations and meetings

def test_last_months_meeting_missing_only_once_the_month_is_over(commune):
    conn, dong = commune["conn"], commune["dong"]
    _staff(conn, dong.id, ["An", "Bình", "Cường"], "Phạm Văn")
    _meeting(conn, dong.id, D(2026, 10, 8))
    assert _kinds(conn, "no_meeting", D(2026, 11, 30), dong.id) == []   # October held; November in progress
    found = _kinds(conn, "no_meeting", D(2026, 12, 1), dong.id)
    assert [(i.organisation, i.date) for i in found] == [("Chi bộ thôn Đông", D(2026, 11, 30))]
    assert found[0].target == todo.Target("meetings", org_id=dong.id, year=2026, month=11)
    assert "tháng 11/2026 chưa có buổi sinh hoạt chi bộ thường kỳ" in found[0].message


def test_thematic_meeting_looked_for_once_the_quarter_is_over(commune):
    conn, dong = commune["conn"], commune["dong"]
    _meeting(conn, dong.id, D(2026, 8, 8), kind="ghep")
    assert _kinds(conn, "no_thematic", D(2026, 11, 20), dong.id) == []   # Q3 had one, Q4 is not over
    found = _kinds(conn, "no_thematic", D(2027, 1, 1), dong.id)
    assert [i.organisation for i in found] == ["Chi bộ thôn Đông"]
    assert "quý 4/2026 chưa có buổi sinh hoạt chuyên đề" in found[0].message


def test_small_cells_and_missing_secretaries(commune):
    conn, dong, teachers = commune["conn"], commune["dong"], commune["teachers"]
    _staff(conn, dong.id, ["An", "Bình", "Cường"], "Phạm Văn")
    add_member(conn, "Lê Văn Hải", teachers.id, D(2001, 3, 1), D(2002, 3, 1))
    on = D(2026, 11, 20)
    assert [i.organisation for i in _kinds(conn, "few_members", on)] == ["Chi bộ Giáo viên"]
    assert {i.organisation for i in _kinds(conn, "no_secretary", on)} == {"Đảng bộ Trường THCS Phố Mới",
                                                                           "Chi bộ Giáo viên"}
    assert _kinds(conn, "few_members", on, dong.id) == [] and _kinds(conn, "no_secretary", on, dong.id) == []


def test_meetings_not_adopted(commune):
    conn, dong = commune["conn"], commune["dong"]
    draft = _meeting(conn, dong.id, D(2026, 11, 5), state="nhap")
    _meeting(conn, dong.id, D(2026, 10, 5))
    found = _kinds(conn, "not_adopted", D(2026, 11, 20))
    assert [(i.date, i.target.meeting_id) for i in found] == [(D(2026, 11, 5), draft)]
    assert "còn là bản nháp" in found[0].message


# ---------------------------------------------------------------- the review and study

def test_review_progress_and_quota(commune):
    conn, dong = commune["conn"], commune["dong"]
    _staff(conn, dong.id, ["An", "Bình", "Cường", "Dũng"], "Phạm Văn")
    reviews.open_review(conn, 2026)
    on = D(2026, 12, 20)
    pending = _kinds(conn, "review_pending", on)
    assert [(i.organisation, i.target.section, i.target.year) for i in pending] == [
        ("Chi bộ thôn Đông", "reviews", 2026)]
    assert "còn 4 đảng viên chưa được xếp loại" in pending[0].message
    rows = reviews.member_reviews(conn, 2026)
    levels = ["HTXSNV", "HTXSNV", "HTTNV", "HTTNV"]
    reviews.save_member_reviews(conn, 2026, [dataclasses.replace(r, cell_level=level)
                                             for r, level in zip(rows, levels, strict=True)])
    assert _kinds(conn, "review_pending", on) == []
    quota = _kinds(conn, "review_quota", on)
    assert quota and quota[0].target.section == "reviews"


def test_study_lists_cells_and_members_who_have_not_studied(commune):
    conn, dong, teachers = commune["conn"], commune["dong"], commune["teachers"]
    an, binh = _staff(conn, dong.id, ["An", "Bình"], "Phạm Văn")
    add_member(conn, "Lê Văn Hải", teachers.id, D(2001, 3, 1), D(2002, 3, 1))
    doc = study.create_document(conn, study.Document("57-NQ/TW", "Về đột phá phát triển khoa học, công nghệ",
                                                     issued_on=D(2024, 12, 22)))
    session = study.create_session(conn, study.Session(doc.id, D(2026, 3, 10), (dong.id,)))
    study.set_participants(conn, session.id, {an.id})
    found = _kinds(conn, "study_pending", D(2026, 11, 20))
    assert {(i.who, i.organisation) for i in found} == {(binh.full_name, "Chi bộ thôn Đông"),
                                                        (None, "Chi bộ Giáo viên")}
    assert all(i.rule == "57-NQ/TW" for i in found)
    cell = next(i for i in found if i.who is None)
    assert cell.target == todo.Target("study", org_id=teachers.id, document_id=doc.id)
    assert _kinds(conn, "study_pending", D(2027, 6, 1)) == []       # studied more than a year ago


# ---------------------------------------------------------------- the whole list

def test_items_as_json_and_counts(commune):
    conn, dong = commune["conn"], commune["dong"]
    add_member(conn, "Lê Thị Hoa", dong.id, D(2025, 6, 2))
    found = todo.items(conn, dong.id, D(2026, 11, 20))
    item = next(i for i in found if i.kind == "probation_overdue").to_json()
    assert list(item)[:5] == ["kind", "date", "who", "organisation", "message"]
    assert item["date"] == "2026-07-14" and item["level"] == "overdue" and item["target"]["section"] == "members"
    counts = todo.counts(found)
    assert list(counts) == list(todo.KINDS) and counts["probation_overdue"] == 1 and counts["few_members"] == 1


def test_year_report_carries_the_todo_counts(commune):
    conn, dong = commune["conn"], commune["dong"]
    add_member(conn, "Lê Thị Hoa", dong.id, D(2025, 6, 2))
    data = reports.year_report(conn, 2026, today=D(2026, 11, 20))
    assert data["todo"]["probation_overdue"] == 1 and set(data["todo"]) == set(todo.KINDS)
