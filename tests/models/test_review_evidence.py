"""What a member's year shows beside the review form: meetings, dues, study, Chỉ thị 05, discipline, last year."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import replace

import pytest

from models.dues import ledger as dues
from models.dues.ledger import DuesProfile
from models.meetings import meeting_store
from models.people import members
from models.people.member_events import Event
from models.reviews import records as reviews
from models.reviews import review_evidence
from models.study import sessions as study
from models.study.sessions import Document, Session
from tests.conftest import add_member

YEAR = 2025


@pytest.fixture
def cell(commune):
    """Chi bộ thôn Đông with three full members and a resolution to study."""
    conn, dong = commune["conn"], commune["dong"]
    people = {name: add_member(conn, name, dong.id, dt.date(2010, 3, 1), dt.date(2011, 3, 1))
              for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")}
    return {**commune, "people": people}


def meeting(conn, org_id, day, excused=(), unexcused=()):
    draft = meeting_store.new_meeting(conn, org_id, day, "thuong_ky")
    lines = []
    for line in draft.attendance:
        if line.name in excused:
            line = replace(line, status="vang_co_ly_do", reason="ốm")
        elif line.name in unexcused:
            line = replace(line, status="vang_khong_ly_do")
        lines.append(line)
    meeting_store.save(conn, replace(draft, attendance=tuple(lines), start_time="07:30", end_time="09:30"))


def test_meetings_attended_expected_absences_and_longest_unexcused_run(cell):
    conn, dong = cell["conn"], cell["dong"]
    # Cường: present, excused, three unexcused in a row, present, unexcused
    plan = {1: "co_mat", 2: "ly_do", 3: "khong", 4: "khong", 5: "khong", 6: "co_mat", 7: "khong"}
    for month, status in plan.items():
        meeting(conn, dong.id, dt.date(YEAR, month, 5),
                excused=("Lê Văn Cường",) if status == "ly_do" else (),
                unexcused=("Lê Văn Cường",) if status == "khong" else ())
    cuong = review_evidence.member_evidence(conn, cell["people"]["Lê Văn Cường"].id, YEAR)
    a = cuong.attendance
    assert (a.expected, a.attended, a.absent_with_reason, a.absent_without_reason, a.longest_unexcused_run) == (
        7, 2, 1, 4, 3)
    lines = dict(cuong.lines())
    assert lines["Sinh hoạt chi bộ"] == ("dự 2/7 buổi, 28,6%; vắng có lý do 1, không lý do 4"
                                         " (liên tiếp nhiều nhất 3 buổi)")
    assert "vắng sinh hoạt không lý do 3 buổi liên tiếp" in cuong.flags   # 3 = absence_removal_months
    an = review_evidence.member_evidence(conn, cell["people"]["Nguyễn Văn An"].id, YEAR)
    assert dict(an.lines())["Sinh hoạt chi bộ"] == "dự 7/7 buổi, 100,0%; vắng có lý do 0, không lý do 0"
    assert an.flags == []
    # another year is empty, and says so without a rate
    empty = review_evidence.member_evidence(conn, cell["people"]["Lê Văn Cường"].id, YEAR - 1)
    assert dict(empty.lines())["Sinh hoạt chi bộ"] == "dự 0/0 buổi; vắng có lý do 0, không lý do 0"


def test_two_unexcused_absences_not_in_a_row_are_not_flagged(cell):
    conn, dong = cell["conn"], cell["dong"]
    for month in (1, 3, 5):
        meeting(conn, dong.id, dt.date(YEAR, month, 5), unexcused=("Trần Thị Bình",) if month != 3 else ())
    binh = review_evidence.member_evidence(conn, cell["people"]["Trần Thị Bình"].id, YEAR)
    assert binh.attendance.longest_unexcused_run == 1
    assert "liên tiếp" not in dict(binh.lines())["Sinh hoạt chi bộ"]
    assert binh.flags == []


def test_unpaid_dues_months(cell):
    conn, people = cell["conn"], cell["people"]
    an, binh = people["Nguyễn Văn An"], people["Trần Thị Bình"]
    for person in (an, binh):
        dues.set_profile(conn, DuesProfile(person.id, dt.date(YEAR, 1, 1), "luong", 5_000_000))
    for month in range(1, 13):
        dues.pay_in_full(conn, an.id, YEAR, month)
        if month < 10:
            dues.pay_in_full(conn, binh.id, YEAR, month)
    evidence = review_evidence.evidence_for(conn, YEAR, [an.id, binh.id])
    assert evidence[an.id].unpaid_months == 0
    assert dict(evidence[an.id].lines())["Đảng phí"] == "đóng đủ các tháng"
    assert evidence[binh.id].unpaid_months == 3
    assert dict(evidence[binh.id].lines())["Đảng phí"] == "3 tháng chưa đóng đủ"
    assert "3 tháng chưa đóng đảng phí" in evidence[binh.id].flags          # 3 = absence_removal_months


def test_study_sessions_grades_and_ct05(cell):
    conn, dong, people = cell["conn"], cell["dong"], cell["people"]
    an, binh = people["Nguyễn Văn An"], people["Trần Thị Bình"]
    doc = study.create_document(conn, Document("57-NQ/TW", "Về đột phá phát triển khoa học, công nghệ",
                                               "Bộ Chính trị", dt.date(2024, 12, 22)))
    first = study.create_session(conn, Session(doc.id, dt.date(YEAR, 3, 14), (dong.id,)))
    second = study.create_session(conn, Session(doc.id, dt.date(YEAR, 9, 14), (dong.id,)))
    study.record_grades(conn, first.id, {an.id: "Tốt"})
    study.record_grades(conn, second.id, {an.id: "Khá"})
    study.set_attendance(conn, second.id, {binh.id: False})
    reg = study.register_ct05(conn, YEAR, member_id=an.id, commitment="Gương mẫu nơi cư trú")
    study.set_ct05_result(conn, reg.id, "Tốt")
    study.register_ct05(conn, YEAR, member_id=binh.id, commitment="Giữ gìn đường làng sạch đẹp")
    lines_an = dict(review_evidence.member_evidence(conn, an.id, YEAR).lines())
    assert lines_an["Học tập nghị quyết"] == "dự 2/2 buổi; bài thu hoạch: Tốt, Khá"
    assert lines_an["Chỉ thị 05"] == "đã đăng ký, kết quả: Tốt"
    lines_binh = dict(review_evidence.member_evidence(conn, binh.id, YEAR).lines())
    assert lines_binh["Học tập nghị quyết"] == "dự 1/2 buổi; bài thu hoạch: chưa có điểm bài thu hoạch"
    assert lines_binh["Chỉ thị 05"] == "đã đăng ký, chưa đánh giá kết quả"
    cuong = dict(review_evidence.member_evidence(conn, people["Lê Văn Cường"].id, YEAR).lines())
    assert cuong["Chỉ thị 05"] == "chưa đăng ký"


def test_discipline_in_the_year_only_and_a_corrected_one_does_not_count(cell):
    conn, people = cell["conn"], cell["people"]
    an, binh, cuong = people["Nguyễn Văn An"], people["Trần Thị Bình"], people["Lê Văn Cường"]
    members.add_event(conn, an.id, Event("ky_luat", dt.date(YEAR, 6, 10), detail="khien_trach"))
    members.add_event(conn, binh.id, Event("ky_luat", dt.date(YEAR - 1, 6, 10), detail="canh_cao"))
    members.add_event(conn, cuong.id, Event("ky_luat", dt.date(YEAR, 4, 2), detail="canh_cao"))
    mistaken = next(e for e in members.events(conn, cuong.id) if e.kind == "ky_luat")
    members.correct_event(conn, cuong.id, mistaken.id, "ghi nhầm người")
    assert review_evidence.disciplined_in_year(conn, YEAR) == {an.id: ["Kỷ luật (khiển trách) ngày 10/06/2025"]}
    evidence = review_evidence.evidence_for(conn, YEAR, [an.id, binh.id, cuong.id])
    assert dict(evidence[an.id].lines())["Kỷ luật trong năm"] == "Kỷ luật (khiển trách) ngày 10/06/2025"
    assert "bị kỷ luật trong năm" in evidence[an.id].flags
    assert dict(evidence[binh.id].lines())["Kỷ luật trong năm"] == "không"   # last year's discipline
    assert evidence[cuong.id].disciplines == ()


def test_last_years_level_decided_before_proposed(cell):
    conn, people = cell["conn"], cell["people"]
    an, binh, cuong = people["Nguyễn Văn An"], people["Trần Thị Bình"], people["Lê Văn Cường"]
    reviews.open_review(conn, YEAR - 1, dt.date(YEAR - 1, 12, 15))
    rows = {r.member_id: r for r in reviews.member_reviews(conn, YEAR - 1)}
    reviews.save_member_reviews(conn, YEAR - 1, [
        dataclasses.replace(rows[an.id], cell_level="HTTNV", decided_level="HTXSNV"),
        dataclasses.replace(rows[binh.id], cell_level="HTNV")])
    evidence = review_evidence.evidence_for(conn, YEAR, [an.id, binh.id, cuong.id])
    assert evidence[an.id].last_year_level == "HTXSNV"
    assert dict(evidence[an.id].lines())["Xếp loại năm 2024"] == "Hoàn thành xuất sắc nhiệm vụ"
    assert evidence[binh.id].last_year_level == "HTNV"
    assert evidence[binh.id].last_year_level_name == "Hoàn thành nhiệm vụ"
    assert evidence[cuong.id].last_year_level is None
    assert dict(evidence[cuong.id].lines())["Xếp loại năm 2024"] == "chưa có"


def test_lines_come_in_the_order_a_clerk_reads_them(cell):
    evidence = review_evidence.member_evidence(cell["conn"], cell["people"]["Nguyễn Văn An"].id, YEAR)
    assert [label for label, _ in evidence.lines()] == [
        "Sinh hoạt chi bộ", "Đảng phí", "Học tập nghị quyết", "Chỉ thị 05", "Kỷ luật trong năm", "Xếp loại năm 2024"]


def test_org_lines_tally_levels_and_name_the_disciplined(cell):
    conn, people = cell["conn"], cell["people"]
    an = people["Nguyễn Văn An"]
    members.add_event(conn, an.id, Event("ky_luat", dt.date(YEAR, 6, 10), detail="khien_trach"))
    reviews.open_review(conn, YEAR, dt.date(YEAR, 12, 15))
    rows = [dataclasses.replace(r, cell_level=level) for r, level in
            zip(reviews.member_reviews(conn, YEAR), ("HTNV", "HTTNV", "HTTNV"), strict=True)]
    lines = dict(review_evidence.org_lines(conn, YEAR, cell["dong"].id, rows))
    assert lines["Đảng viên bị kỷ luật trong năm"] == "Nguyễn Văn An"
    assert lines["Đảng viên"] == ("3 đồng chí được đánh giá: 0\u00a0HTXSNV, 2\u00a0HTTNV, 1\u00a0HTNV,"
                                  " 0\u00a0KHTNV")
    other = dict(review_evidence.org_lines(conn, YEAR, cell["teachers"].id, rows))
    assert other["Đảng viên bị kỷ luật trong năm"] == "không"
