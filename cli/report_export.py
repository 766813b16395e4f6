"""``export-report YEAR [--quarter Q | --month M] --db FILE OUT.xlsx``: a period's figures as a workbook
(the totals, one row per organisation, one per month), the same figures as ``print report``."""

from __future__ import annotations

import argparse

from cli.common import Subparsers, access, add_db, add_encrypt, opened, sealed, write_new_file


def add_parser(commands: Subparsers) -> None:
    exporter = commands.add_parser("export-report", help="xuất số liệu báo cáo tháng, quý, năm ra tệp Excel .xlsx")
    exporter.add_argument("year", type=int, metavar="YEAR")
    part = exporter.add_mutually_exclusive_group()
    part.add_argument("--quarter", type=int, metavar="Q", help="chỉ một quý (1 đến 4)")
    part.add_argument("--month", type=int, metavar="M", help="chỉ một tháng (1 đến 12)")
    add_db(exporter, "export")
    exporter.add_argument("file", metavar="OUT.xlsx")
    add_encrypt(exporter)
    exporter.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from models.excel.report_export import report_xlsx
    from models.reporting import periods, reports
    from models.storage import audit

    chosen = periods.period(args.year, args.quarter, args.month)
    with opened(args) as conn:
        access().require(access().whole_commune(), "xuất báo cáo của toàn xã")
        data = reports.period_figures(conn, chosen)
        target, sheet = sealed(args.file, report_xlsx(data, reports.year_report_rows(data)), args.encrypt)
        write_new_file(target, sheet)
        audit.record_event(conn, "xuất Excel", "report", None, {"period": chosen.label, "file": str(target),
                                                                "encrypted": args.encrypt})
    return 0
