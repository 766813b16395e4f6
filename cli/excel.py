"""``import-members FILE.xlsx`` and ``export-members FILE.xlsx``: the member list to and from Excel.

openpyxl loads only when one of these runs. ``excel_import.run_cli`` still prints from models; it moves
here when the Excel import is reworked."""

from __future__ import annotations

import argparse

from cli.common import Subparsers, add_db, opened, org_id_of, write_new_file


def add_parser(commands: Subparsers) -> None:
    importer = commands.add_parser("import-members", help="nhập đảng viên từ tệp Excel .xlsx")
    importer.add_argument("file", metavar="FILE.xlsx")
    add_db(importer)
    importer.add_argument("--org", metavar="NAME", help="chi bộ cho các dòng không ghi chi bộ")
    importer.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không nhập gì")
    importer.set_defaults(run=run_import)

    exporter = commands.add_parser("export-members", help="xuất danh sách đảng viên ra tệp Excel .xlsx")
    exporter.add_argument("file", metavar="FILE.xlsx")
    add_db(exporter)
    exporter.add_argument("--org", metavar="NAME", help="chỉ một tổ chức đảng")
    exporter.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    from models import excel_import

    with opened(args.db) as conn:
        return excel_import.run_cli(conn, args.file, org_name=args.org, dry_run=args.dry_run)


def run_export(args: argparse.Namespace) -> int:
    from models import excel_export, member_list, organisations

    with opened(args.db) as conn:
        org_id = org_id_of(conn, args.org)
        flt = member_list.MemberFilter(org_id=org_id)
        scope = organisations.get(conn, org_id).name if org_id is not None else ""
        data = excel_export.members_xlsx(conn, member_list.register_order(conn, flt), scope_name=scope)
    write_new_file(args.file, data)
    return 0
