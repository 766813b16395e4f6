"""``todo --db FILE [--org NAME] [--date YYYY-MM-DD] [--json]``: the office's to-do list (Việc cần làm),
grouped by kind in text, or as JSON whose item keys (kind, date, who, organisation, message…) are a
scripting interface."""

from __future__ import annotations

import argparse
import datetime as dt

from cli.common import Subparsers, add_db, add_json, add_org, opened, org_id_of, print_json
from models import vn
from models.errors import UserError


def add_parser(commands: Subparsers) -> None:
    todo = commands.add_parser("todo", help="việc cần làm: dự bị đến hạn, huy hiệu, chi bộ chưa họp…")
    add_db(todo)
    add_org(todo)
    todo.add_argument("--date", metavar="YYYY-MM-DD", help="tính vào ngày này (mặc định: hôm nay)")
    add_json(todo)
    todo.set_defaults(run=run)


def parse_day(text: str | None) -> dt.date | None:
    """``--date``: 2026-11-05 (or 05/11/2026); anything else a Vietnamese UserError before any work."""
    try:
        return vn.parse_date(text, "Ngày")
    except UserError:
        raise UserError(f"Ngày “{text}” không hợp lệ. Hãy gõ năm-tháng-ngày, ví dụ --date 2026-11-05.") from None


def run(args: argparse.Namespace) -> int:
    from models.reporting import todo

    on = parse_day(args.date)
    with opened(args) as conn:
        found = todo.items(conn, org_id_of(conn, args.org), on)
    if args.json:
        print_json({"items": [item.to_json() for item in found], "counts": todo.counts(found)})
        return 0
    for kind, name in todo.KINDS.items():
        mine = [item for item in found if item.kind == kind]
        if not mine:
            continue
        print(f"{name} ({vn.format_int(len(mine))}):")
        for item in mine:
            late = " [quá hạn]" if item.overdue else ""
            print(f"  {vn.format_date(item.date)}{late}  {item.message} (Căn cứ: {item.rule}.)")
    print(f"Tổng số: {vn.format_int(len(found))} việc cần làm." if found else "Không có việc nào cần làm.")
    return 0
