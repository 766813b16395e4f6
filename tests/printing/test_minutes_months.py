"""Issue 11.2: the months a meeting reviews and plans are the record's, and every heading prints them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from models.meetings import meeting_docs, meeting_store
from models.meetings.records import Task
from printing.minutes import render_minutes, render_signin
from printing.resolution import render_resolution
from tests.conftest import add_member
from tests.printing.test_minutes import flat, pages_text

HELD = dt.date(2026, 11, 20)
AGENDA = "1. Đánh giá kết quả tháng 10, nhiệm vụ tháng 11; 2. Thông tin thời sự, chính sách."


def _meeting_on_the_20th(conn, org_id, **months):
    """A cell meeting held on 20/11 that, as the clerk wrote it, reviews October and plans November."""
    add_member(conn, "Nguyễn Văn An", org_id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    draft = meeting_store.new_meeting(conn, org_id, HELD)
    return meeting_store.save(conn, replace(
        draft, agenda=AGENDA, last_month_results="Chi bộ hoàn thành các nhiệm vụ tháng 10 năm 2026.",
        tasks=(Task("Tổng kết năm", "Nguyễn Văn An", dt.date(2026, 11, 30)),), **months))


def test_minutes_of_the_20th_print_the_months_the_clerk_recorded(commune):
    conn = commune["conn"]
    meeting = _meeting_on_the_20th(conn, commune["dong"].id, reviewed_month=dt.date(2026, 10, 1),
                                   planned_month=dt.date(2026, 11, 1))
    data = meeting_docs.minutes_data(conn, meeting.id)
    minutes = flat(" ".join(pages_text(render_minutes(data))))
    assert "Kết quả thực hiện nhiệm vụ tháng 10 năm 2026" in minutes
    assert "Nhiệm vụ tháng 11 năm 2026" in minutes
    assert "tháng 12" not in minutes
    resolution = flat(" ".join(pages_text(render_resolution(data))))
    assert "Đánh giá kết quả thực hiện nhiệm vụ tháng 10 năm 2026" in resolution
    assert "Về lãnh đạo thực hiện nhiệm vụ tháng 11 năm 2026" in resolution
    assert "tháng 12" not in resolution
    skeleton = flat(" ".join(pages_text(render_signin(data))))
    assert "Kết quả thực hiện nhiệm vụ tháng 10 năm 2026" in skeleton and "Nhiệm vụ tháng 11 năm 2026" in skeleton


def test_months_left_to_the_default_follow_the_date(commune):
    """Met late in the month and left as offered: it reviews its own month and plans the next."""
    conn = commune["conn"]
    meeting = _meeting_on_the_20th(conn, commune["dong"].id)
    assert (meeting.reviewed_month, meeting.planned_month) == (dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    minutes = flat(" ".join(pages_text(render_minutes(meeting_docs.minutes_data(conn, meeting.id)))))
    assert "Kết quả thực hiện nhiệm vụ tháng 11 năm 2026" in minutes and "Nhiệm vụ tháng 12 năm 2026" in minutes
