"""A thematic meeting's resolution is about its theme (Hướng dẫn 42-HD/BTCTW: a thematic meeting never stands in
for the monthly one), not the monthly template of last month's results and next month's tasks."""

from __future__ import annotations

from dataclasses import replace

from models.meetings import meeting_docs
from printing.resolution import render_resolution
from tests.printing.test_minutes import build_meeting, flat, pages_text

THEME = "Bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng"


def _resolution(commune, kind: str) -> str:
    conn = commune["conn"]
    meeting = build_meeting(conn, commune["dong"].id, kind=kind, theme=THEME)
    return flat(" ".join(pages_text(render_resolution(meeting_docs.minutes_data(conn, meeting.id)))))


def test_a_thematic_resolution_resolves_on_its_theme_only(commune):
    text = _resolution(commune, "chuyen_de")
    assert f"Về chuyên đề: {THEME}" in text
    assert f"Căn cứ kết quả sinh hoạt chuyên đề “{THEME}” của chi bộ ngày 05/11/2026" in text
    assert "1. Nhận thức, đánh giá về chuyên đề" in text
    assert "2. Nhiệm vụ, giải pháp thực hiện chuyên đề" in text
    assert "Tổng kết năm 2026 (người thực hiện: Nguyễn Văn An; thời hạn: 20/12/2026)" in text
    for monthly in ("Đánh giá kết quả thực hiện nhiệm vụ tháng", "Nhiệm vụ tháng", "Làm đường bê tông xóm 3",
                    "Đã xong", "Về lãnh đạo thực hiện nhiệm vụ"):
        assert monthly not in text
    assert "tán thành 3/4, đạt 75,0%" in text and "T/M CHI BỘ" in text


def test_a_thematic_resolution_without_tasks_says_how_members_follow_the_theme(commune):
    conn = commune["conn"]
    meeting = build_meeting(conn, commune["dong"].id, kind="chuyen_de", theme=THEME)
    data = replace(meeting_docs.minutes_data(conn, meeting.id), tasks=(), conclusion="")
    text = flat(" ".join(pages_text(render_resolution(data))))
    assert f"nội dung chuyên đề “{THEME}”" in text.split("2. Nhiệm vụ, giải pháp thực hiện chuyên đề")[1]
    assert "Tiếp tục thực hiện các nhiệm vụ chi bộ đã đề ra" not in text


def test_a_combined_meeting_resolves_on_the_month_and_on_its_theme(commune):
    text = _resolution(commune, "ghep")
    assert "Đánh giá kết quả thực hiện nhiệm vụ tháng 10 năm 2026" in text
    assert "Nhiệm vụ tháng 11 năm 2026" in text
    assert f"3. Về chuyên đề “{THEME}”" in text and "4. Tổ chức thực hiện" in text
    assert text.index("Nhiệm vụ tháng 11 năm 2026") < text.index(f"Về chuyên đề “{THEME}”") < text.index(
        "Tổ chức thực hiện")
