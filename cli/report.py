"""``report YEAR --db FILE [--json]``: a year's figures (the JSON keys are a scripting interface)."""

from __future__ import annotations

import argparse

from cli.common import Subparsers, add_db, add_json, opened, print_json


def add_parser(commands: Subparsers) -> None:
    report = commands.add_parser("report", help="số liệu tổng hợp của một năm")
    report.add_argument("year", type=int, metavar="YEAR")
    add_db(report, "commune")
    add_json(report)
    report.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from models.reporting import reports

    with opened(args) as conn:
        data = reports.year_report(conn, args.year)
    if args.json:
        print_json(data)
    else:
        print(reports.year_report_text(data))
    return 0
