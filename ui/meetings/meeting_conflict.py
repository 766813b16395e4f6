"""How the edit-conflict dialog names and shows a meeting's fields (the lists as a secretary reads them)."""

from __future__ import annotations

import datetime as dt

from models.meetings.records import ATTENDANCE_STATUSES, KINDS, Attendance, Followup, Speech, Task
from ui.common.conflict_dialog import shown

LABELS = {
    "kind": "Loại buổi sinh hoạt", "held_on": "Ngày", "start_time": "Bắt đầu", "end_time": "Kết thúc",
    "place": "Địa điểm", "theme": "Chuyên đề", "chair_name": "Chủ trì", "chair_member_id": "Chủ trì",
    "secretary_name": "Thư ký", "secretary_member_id": "Thư ký", "guests": "Khách mời",
    "supervisor_name": "Cấp ủy cấp trên dự", "agenda": "Chương trình", "last_month_results": "Kết quả tháng trước",
    "news_policy": "Thông tin thời sự, chính sách", "ct05_content": "Chỉ thị 05", "conclusion": "Kết luận",
    "votes_for": "Tán thành", "votes_against": "Không tán thành", "votes_abstain": "Không biểu quyết",
    "dues_collected": "Đảng phí thu", "quality": "Chấm điểm chất lượng", "attendance": "Điểm danh",
    "speeches": "Ý kiến phát biểu", "tasks": "Nhiệm vụ", "followups": "Kết quả nhiệm vụ tháng trước",
    "reviewed_month": "Đánh giá kết quả tháng", "planned_month": "Nhiệm vụ tháng",
}


def _line(item: object) -> str:
    if isinstance(item, Attendance):
        status = ATTENDANCE_STATUSES.get(item.status, item.status)
        return f"{item.name}: {status}" + (f" ({item.reason})" if item.reason else "")
    if isinstance(item, Speech):
        return f"{item.speaker_name}: {item.content}"
    if isinstance(item, Task):
        return " – ".join(p for p in (item.content, item.owner, shown(item.deadline) if item.deadline else "") if p)
    if isinstance(item, Followup):
        return " – ".join(p for p in (item.content, item.result) if p)
    if isinstance(item, tuple):
        return " ".join(str(p) for p in item)
    return shown(item)


def describe(name: str, value: object, other: object) -> str:
    """One field of a meeting as text; of a list (roll call, speeches…) only the rows the other side lacks."""
    if name == "kind":
        return KINDS.get(str(value), str(value))
    if name in ("reviewed_month", "planned_month") and isinstance(value, dt.date):
        return f"tháng {value.month}/{value.year}"
    if not isinstance(value, tuple):
        return shown(value)
    if not value:
        return "(không có)"
    theirs = {_line(item) for item in other} if isinstance(other, tuple) else set()
    lines = [line for line in map(_line, value) if line not in theirs]
    return f"{len(value)} dòng; khác bản kia:\n" + ("\n".join(lines) or "(không có dòng nào)")
