"""``import-members FILE.xlsx`` and ``export-members FILE.xlsx``: the member list to and from Excel.

openpyxl loads only when one of these runs. Models import and report; this module prints what they report."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from typing import TYPE_CHECKING

from cli.common import Subparsers, add_db, add_encrypt, add_org, opened, org_id_of, sealed, write_new_file

if TYPE_CHECKING:
    from models.excel.excel_import import ImportResult
    from models.excel.excel_sheet import Sheet


def add_parser(commands: Subparsers) -> None:
    importer = commands.add_parser("import-members", help="nhập đảng viên từ tệp Excel .xlsx")
    importer.add_argument("file", metavar="FILE.xlsx")
    add_db(importer, "import")
    add_org(importer, "chi bộ cho các dòng không ghi chi bộ")
    importer.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không nhập gì")
    importer.set_defaults(run=run_import)

    exporter = commands.add_parser("export-members", help="xuất danh sách đảng viên ra tệp Excel .xlsx")
    exporter.add_argument("file", metavar="FILE.xlsx")
    add_db(exporter, "export")
    add_org(exporter)
    add_encrypt(exporter)
    exporter.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    """0 when every row was accepted, 1 when some were rejected (rows already in the register are not errors).

    An unusable file raises UserError and nothing is imported.
    """
    from models.excel import excel_import

    with opened(args) as conn:
        default_org_id = _default_cell(conn, args.org)
        sheet = excel_import.read_sheet(args.file)
        print(column_report(sheet, sheet.guessed), file=sys.stderr)
        run = excel_import.preview if args.dry_run else excel_import.commit
        result = run(conn, sheet, sheet.guessed, default_org_id)
    _print_result(result, args.dry_run)
    return 1 if result.rejected else 0


def _default_cell(conn: sqlite3.Connection, name: str | None) -> int | None:
    """The chi bộ ``--org`` names, for the rows that name none."""
    from models.commune import organisations
    from models.errors import UserError

    org_id = org_id_of(conn, name)
    if org_id is None:
        return None
    org = organisations.get(conn, org_id)
    if not org.is_cell:
        raise UserError(f"“{org.name}” là {org.unit_type_name.lower()}; --org phải là một chi bộ.")
    return org_id


def column_report(sheet: Sheet, mapping: tuple[str, ...]) -> str:
    """Where the header was found and which columns are used."""
    from models.excel import excel_columns as cols

    pairs = list(zip(sheet.headers, mapping, strict=False))
    used = [f"{h or '(trống)'} → {cols.FIELDS[f]}" for h, f in pairs if f != cols.SKIP]
    unused = [h for h, f in pairs if f == cols.SKIP and h]
    text = f"Trang “{sheet.sheet_name}”, tiêu đề ở dòng {sheet.header_row}. Cột dùng: {'; '.join(used)}."
    return text + (f" Cột bỏ qua: {'; '.join(unused)}." if unused else "")


def _print_result(result: ImportResult, dry_run: bool) -> None:
    """Each noted row on stderr, then the summary line on stdout."""
    for note in result.notes:
        who = f" ({note.name})" if note.name else ""
        print(f"Dòng {note.row}{who}: {note.kind_name}: {note.reason}", file=sys.stderr)
    prefix = "Chạy thử, chưa nhập gì. " if dry_run else ""
    print(prefix + result.summary())


def run_export(args: argparse.Namespace) -> int:
    from models.commune import organisations
    from models.excel import excel_export
    from models.people import member_list
    from models.storage import audit

    with opened(args) as conn:
        org_id = org_id_of(conn, args.org)
        flt = member_list.MemberFilter(org_id=org_id)
        scope = organisations.get(conn, org_id).name if org_id is not None else ""
        data = excel_export.members_xlsx(conn, member_list.register_order(conn, flt), scope_name=scope)
        target, data = sealed(args.file, data, args.encrypt)
        write_new_file(target, data)
        audit.record_event(conn, "xuất Excel", "members", None, {"org_id": org_id, "file": str(target),
                                                                 "encrypted": args.encrypt})
    return 0
