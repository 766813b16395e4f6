"""The paper for a meeting held on paper, as the rules give it (DOMAIN.md §3): the sign-in sheet lists the cell's
members in the order of the member register, and the minutes skeleton has lines for everything minutes record."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from models.meetings import meeting_docs, meeting_store
from models.reporting import registers
from printing.minutes import render_signin
from tests.printing.test_minutes import NAMES, build_meeting, flat, pages_text


def _order(text: str, names: list[str]) -> list[str]:
    return sorted(names, key=text.index)


def test_signin_sheet_lists_members_in_register_order_whatever_order_the_attendance_was_typed(commune):
    conn = commune["conn"]
    meeting = build_meeting(conn, commune["dong"].id, adopt=False)
    shuffled = meeting_store.save(conn, replace(meeting, attendance=tuple(reversed(meeting.attendance))))
    sheet = flat(pages_text(render_signin(meeting_docs.minutes_data(conn, shuffled.id)))[0])
    register = registers.register_data(conn, commune["dong"].id, dt.date(2026, 11, 5))
    in_register = [row.full_name for group in register.groups for row in group.rows]
    assert sorted(in_register) == sorted(NAMES)
    assert _order(sheet, list(NAMES)) == in_register


def test_minutes_skeleton_has_lines_for_excused_away_guests_and_adoption(commune):
    conn = commune["conn"]
    meeting = build_meeting(conn, commune["dong"].id)
    skeleton = flat(" ".join(pages_text(render_signin(meeting_docs.minutes_data(conn, meeting.id)))[1:]))
    assert "Đảng viên được miễn công tác và sinh hoạt đảng: …… đồng chí (có mặt: …… đồng chí)" in skeleton
    assert "Đảng viên sinh hoạt tạm thời nơi khác (tạm vắng): …… đồng chí" in skeleton
    assert "Đảng viên nơi khác đến sinh hoạt tạm thời: …… đồng chí" in skeleton
    assert "Khách mời, đại biểu cấp ủy cấp trên dự:" in skeleton
    ending = skeleton[skeleton.index("Buổi sinh hoạt kết thúc lúc"):]
    assert "Biên bản đã được đọc lại trước chi bộ và được chi bộ nhất trí thông qua" in ending
    assert ending.index("thông qua") < ending.index("THƯ KÝ")
