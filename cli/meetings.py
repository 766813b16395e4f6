"""``meetings --db FILE [--org NAME] [--month YYYY-MM] [--json]``: the cells' meetings, one a line (with
their warnings), or as JSON whose keys are a scripting interface."""

from __future__ import annotations

import argparse
import sqlite3
from typing import Any

from cli.common import Subparsers, add_db, add_json, add_org, opened, org_id_of, print_json
from models import periods, vn
from models.meetings.meeting_overview import MeetingRow, listed_rows, month_rows, parse_month
from models.meetings.records import AttendanceCounts


def add_parser(commands: Subparsers) -> None:
    meetings = commands.add_parser("meetings", help="liệt kê các buổi sinh hoạt chi bộ")
    add_db(meetings)
    add_org(meetings)
    meetings.add_argument("--month", metavar="YYYY-MM", help="chỉ một tháng, ví dụ 2026-11")
    add_json(meetings)
    meetings.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        return list_meetings(conn, org_id=org_id_of(conn, args.org), month=args.month, as_json=args.json)


def row_json(row: MeetingRow) -> dict[str, Any]:
    """One meeting as ``meetings --json`` prints it (English keys: a scripting interface)."""
    rate = row.attendance_rate
    return {
        "id": row.meeting_id, "org_id": row.org_id, "org": row.org_name,
        "date": row.held_on.isoformat() if row.held_on else None, "kind": row.kind, "state": row.state,
        "total": row.counts.total, "should_attend": row.counts.should_attend, "present": row.counts.present,
        "absent": row.counts.absent, "absent_with_reason": row.counts.absent_with_reason,
        "absent_without_reason": row.counts.absent_without_reason, "excused": row.counts.excused,
        "visitors": row.counts.visitors,
        "attendance_rate": float(rate) if rate is not None else None,
        "duration_minutes": row.duration_minutes,
        "warnings": [{"code": w.code, "message": w.message} for w in row.warnings],
    }


ORG_WIDTH = 34


def _fit(text: str, width: int) -> str:
    """Pad to ``width``; a longer name is cut with '…' (never mid-screen without a sign)."""
    return f"{text:<{width}}" if len(text) <= width else text[:width - 1] + "…"


def _people_text(counts: AttendanceCounts) -> str:
    """'có mặt 43/44 (97,7%); vắng 1 (có lý do 1); miễn sinh hoạt 4; tổng số 48' — zero parts left out."""
    parts = [f"có mặt {counts.present}/{counts.should_attend} ({vn.format_percent(counts.attendance_rate)})"]
    if counts.absent:
        why = [f"{label} {n}" for n, label in ((counts.absent_with_reason, "có lý do"),
                                               (counts.absent_without_reason, "không lý do")) if n]
        parts.append(f"vắng {counts.absent} ({', '.join(why)})")
    else:
        parts.append("không ai vắng")
    for n, label in ((counts.excused, "miễn sinh hoạt"), (counts.away, "sinh hoạt tạm thời nơi khác"),
                     (counts.visitors, "nơi khác đến dự")):
        if n:
            parts.append(f"{label} {n}")
    parts.append(f"tổng số {counts.total}")
    return "; ".join(parts)


def text_header(kind_width: int) -> str:
    return (f"{'Mã số':>6}  {'Ngày':<10}  {_fit('Chi bộ', ORG_WIDTH)}  {'Loại':<{kind_width}}  "
            f"{'Biên bản':<12}  Số người dự")


def row_text(row: MeetingRow, kind_width: int = 9) -> str:
    line = (f"{row.meeting_id:>6}  {vn.format_date(row.held_on):<10}  {_fit(row.org_name, ORG_WIDTH)}  "
            f"{row.kind_name:<{kind_width}}  {row.state_name:<12}  {_people_text(row.counts)}")
    return "\n".join([line, *[f"{'':>8}⚠ {w.message}" for w in row.warnings]])


def list_meetings(conn: sqlite3.Connection, org_id: int | None, month: str | None, as_json: bool) -> int:
    """Print the meetings (text or JSON); a bad month raises UserError before printing anything."""
    rows = listed_rows(conn, org_id, month)
    if as_json:
        print_json([row_json(r) for r in rows])
        return 0
    kind_width = max([len("Loại"), *(len(r.kind_name) for r in rows)])
    if rows:
        print(text_header(kind_width))
    for row in rows:
        print(row_text(row, kind_width))
    drafts_left = sum(1 for r in rows if r.state == "nhap")
    warned = sum(1 for r in rows if r.warnings)
    print(f"Tổng số: {vn.format_int(len(rows))} buổi sinh hoạt ({vn.format_int(drafts_left)} biên bản còn nháp, "
          f"{vn.format_int(warned)} buổi có cảnh báo)")
    _print_not_met(conn, org_id, month)
    return 0


def _print_not_met(conn: sqlite3.Connection, org_id: int | None, month: str | None) -> None:
    parsed = parse_month(month)
    if parsed is None:
        return
    missing = [r for r in month_rows(conn, *parsed, org_id=org_id) if r.meeting_id is None]
    going_on = "" if periods.month_over(*parsed) else " (tháng chưa kết thúc)"
    if missing:
        print(f"Chưa sinh hoạt trong tháng {parsed[1]}/{parsed[0]}{going_on}: "
              f"{', '.join(r.org_name for r in missing)}")
