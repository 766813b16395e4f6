"""``meetings --db FILE [--org NAME] [--month YYYY-MM] [--json]``: the cells' meetings."""

from __future__ import annotations

import argparse

from cli.common import Subparsers, add_db, opened, org_id_of


def add_parser(commands: Subparsers) -> None:
    meetings = commands.add_parser("meetings", help="liệt kê các buổi sinh hoạt chi bộ")
    add_db(meetings)
    meetings.add_argument("--org", metavar="NAME", help="chỉ một tổ chức đảng")
    meetings.add_argument("--month", metavar="YYYY-MM", help="chỉ một tháng, ví dụ 2026-11")
    meetings.add_argument("--json", action="store_true", help="in dạng JSON")
    meetings.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from models import meetings

    with opened(args.db) as conn:
        return meetings.run_cli_list(conn, org_id=org_id_of(conn, args.org), month=args.month, as_json=args.json)
