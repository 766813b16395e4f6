"""Sổ Chi Bộ: the composition root. Parses the command line, opens the database, then runs a
command or starts the window. Heavy libraries (Qt, reportlab, openpyxl) load only when needed."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from models import paths
from models.errors import UserError, explain

# argparse speaks English; these are its phrases a user can see, in Vietnamese.
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


class VietnameseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"Lỗi: {message}. Gõ “python main.py --help” để xem cách dùng.", file=sys.stderr)
        raise SystemExit(1)


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(prog="main.py", description="Sổ Chi Bộ: quản lý đảng viên, sinh hoạt chi bộ, "
                              "đánh giá xếp loại. Không có lệnh thì mở cửa sổ chương trình.")
    parser.add_argument("--db", help="tệp dữ liệu (mặc định: trong thư mục dữ liệu của người dùng)")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=VietnameseParser)

    demo = commands.add_parser("demo", help="tạo tệp dữ liệu mẫu của một xã sau sáp nhập")
    demo.add_argument("file", metavar="FILE", help="tệp dữ liệu mẫu sẽ tạo (chưa có)")
    demo.add_argument("--members", type=int, default=1400, help="số đảng viên (mặc định 1400)")
    demo.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống cho cùng dữ liệu)")

    members = commands.add_parser("members", help="liệt kê đảng viên theo thứ tự sổ")
    _db(members)
    members.add_argument("--search", default="", metavar="TEXT", help="tìm theo tên hoặc số thẻ (không cần dấu)")
    members.add_argument("--org", metavar="NAME", help="chỉ một tổ chức đảng (kể cả đơn vị trực thuộc)")
    members.add_argument("--json", action="store_true", help="in dạng JSON")

    report = commands.add_parser("report", help="số liệu tổng hợp của một năm")
    report.add_argument("year", type=int, metavar="YEAR")
    _db(report)
    report.add_argument("--json", action="store_true", help="in dạng JSON")

    check = commands.add_parser("check", help="kiểm tra tính toàn vẹn và các quy định")
    _db(check)

    importer = commands.add_parser("import-members", help="nhập đảng viên từ tệp Excel .xlsx")
    importer.add_argument("file", metavar="FILE.xlsx")
    _db(importer)
    importer.add_argument("--org", metavar="NAME", help="chi bộ cho các dòng không ghi chi bộ")
    importer.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không nhập gì")

    exporter = commands.add_parser("export-members", help="xuất danh sách đảng viên ra tệp Excel .xlsx")
    exporter.add_argument("file", metavar="FILE.xlsx")
    _db(exporter)
    exporter.add_argument("--org", metavar="NAME", help="chỉ một tổ chức đảng")

    meetings = commands.add_parser("meetings", help="liệt kê các buổi sinh hoạt chi bộ")
    _db(meetings)
    meetings.add_argument("--org", metavar="NAME", help="chỉ một tổ chức đảng")
    meetings.add_argument("--month", metavar="YYYY-MM", help="chỉ một tháng, ví dụ 2026-11")
    meetings.add_argument("--json", action="store_true", help="in dạng JSON")

    backup = commands.add_parser("backup", help="sao lưu tệp dữ liệu (bản sao đã kiểm tra, không ghi đè bản cũ)")
    _db(backup)
    backup.add_argument("--to", metavar="DIR",
                        help="thư mục nhận bản sao lưu (mặc định: thư mục <tên tệp>-sao-luu cạnh tệp dữ liệu)")

    restore = commands.add_parser("restore",
                                  help="khôi phục dữ liệu từ một bản sao lưu (sao lưu dữ liệu hiện tại trước)")
    restore.add_argument("backup", metavar="BACKUP", help="tệp sao lưu để khôi phục")
    _db(restore)

    _add_print_commands(commands)
    return parser


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, metavar="FILE", help="tệp dữ liệu")


def _add_print_commands(commands: Any) -> None:
    printer = commands.add_parser("print", help="in văn bản ra tệp PDF")
    documents = printer.add_subparsers(dest="document", metavar="VĂN_BẢN", parser_class=VietnameseParser)
    documents.required = True

    def document(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = documents.add_parser(name, help=help_text)
        return sub

    def finish(sub: argparse.ArgumentParser) -> None:
        _db(sub)
        sub.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="tệp PDF sẽ ghi")

    register = document("register", "sổ danh sách đảng viên")
    register.add_argument("--org", metavar="NAME")
    finish(register)
    for name, help_text in (("minutes", "biên bản sinh hoạt chi bộ"), ("resolution", "nghị quyết chi bộ"),
                            ("signin", "danh sách đảng viên dự sinh hoạt và khung biên bản")):
        sub = document(name, help_text)
        sub.add_argument("meeting_id", type=int, metavar="MEETING_ID")
        finish(sub)
    forms = document("review-forms", "bản kiểm điểm đảng viên cuối năm")
    forms.add_argument("year", type=int, metavar="YEAR")
    forms.add_argument("--org", metavar="NAME")
    finish(forms)
    for name, help_text in (("ballot", "phiếu biểu quyết đề xuất mức xếp loại"),
                            ("review-minutes", "biên bản họp kiểm điểm, đánh giá, xếp loại đảng viên của chi bộ")):
        sub = document(name, help_text)
        sub.add_argument("year", type=int, metavar="YEAR")
        sub.add_argument("--org", required=True, metavar="NAME")
        finish(sub)
    summary = document("review-summary", "tổng hợp kết quả đánh giá, xếp loại")
    summary.add_argument("year", type=int, metavar="YEAR")
    finish(summary)


# ---------------------------------------------------------------- helpers for commands

@contextmanager
def opened(db_path: str | Path, *, create: bool = False) -> Iterator[Any]:
    """Open the database for one command and close it afterwards."""
    from models import db

    conn = db.open_db(db_path, create=create)
    try:
        yield conn
    finally:
        db.close(conn)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def write_new_file(path: str | Path, data: bytes) -> None:
    """Write a command's output file (never over a file of another kind) and say where it went."""
    from models.output_files import write_output

    print(f"Đã ghi {write_output(path, data)}", file=sys.stderr)


def org_id_of(conn: Any, name: str | None) -> int | None:
    if not name:
        return None
    from models import organisations

    return int(organisations.find(conn, name).id)


# ---------------------------------------------------------------- commands

def cmd_demo(args: argparse.Namespace) -> int:
    from models import db, demo

    target = Path(args.file)
    if not 10 <= args.members <= 50000:
        raise UserError("Số đảng viên phải từ 10 đến 50.000.")
    conn = demo.open_target(target)
    try:
        summary = demo.generate(conn, members=args.members, seed=args.seed)
    finally:
        db.close(conn)
    print(f"Đã tạo dữ liệu mẫu {target}: {summary}")
    return 0


def cmd_members(args: argparse.Namespace) -> int:
    from models import member_list, organisations, vn

    with opened(args.db) as conn:
        flt = member_list.MemberFilter(text=args.search, org_id=org_id_of(conn, args.org))
        found = member_list.register_order(conn, flt)
        names = {o.id: o.name for o in organisations.all_organisations(conn)}
        if args.json:
            print_json([member_json(m, names) for m in found])
            return 0
        for index, m in enumerate(found, 1):
            print(f"{index:>5}. {m.full_name:<30} {vn.format_date(m.details.birth_date):<10} "
                  f"{names.get(m.org_id or 0, ''):<35} {m.standing_name:<10} {m.details.card_number}")
        print(f"Tổng số: {vn.format_int(len(found))} đảng viên", file=sys.stderr)
    return 0


def member_json(member: Any, org_names: dict[int, str]) -> dict[str, Any]:
    """One member as the members --json command prints it (keys are a scripting interface)."""
    d = member.details
    return {
        "id": member.id, "full_name": d.full_name, "birth_date": d.birth_date, "gender": d.gender,
        "ethnicity": d.ethnicity, "religion": d.religion, "hometown": d.hometown, "residence": d.residence,
        "org_id": member.org_id, "org": org_names.get(member.org_id or 0, ""),
        "standing": member.standing, "status": member.status, "status_name": member.status_name,
        "joined_on": member.joined_on, "official_on": member.official_on, "card_number": d.card_number,
    }


def cmd_report(args: argparse.Namespace) -> int:
    from models import reports

    with opened(args.db) as conn:
        data = reports.year_report(conn, args.year)
    if args.json:
        print_json(data)
    else:
        print(reports.year_report_text(data))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Findings on stdout; exit 1 when the file itself is damaged (rule findings alone keep exit 0)."""
    from models import checks
    from models.errors import DamagedFile

    try:
        with opened(args.db) as conn:
            findings = checks.run(conn)
    except DamagedFile as damage:
        findings = [checks.Finding(checks.DAMAGED, damage.message)]
    for finding in findings:
        print(f"[{finding.code}] {finding.message}")
    print(f"Kiểm tra xong: {len(findings)} điều cần xem lại." if findings else "Kiểm tra xong: không thấy vấn đề gì.")
    return 1 if any(f.code == checks.DAMAGED for f in findings) else 0


def cmd_import_members(args: argparse.Namespace) -> int:
    from models import excel_import

    with opened(args.db) as conn:
        return excel_import.run_cli(conn, args.file, org_name=args.org, dry_run=args.dry_run)


def cmd_export_members(args: argparse.Namespace) -> int:
    from models import excel_export, member_list, organisations

    with opened(args.db) as conn:
        org_id = org_id_of(conn, args.org)
        flt = member_list.MemberFilter(org_id=org_id)
        scope = organisations.get(conn, org_id).name if org_id is not None else ""
        data = excel_export.members_xlsx(conn, member_list.register_order(conn, flt), scope_name=scope)
    write_new_file(args.file, data)
    return 0


def cmd_meetings(args: argparse.Namespace) -> int:
    from models import meetings

    with opened(args.db) as conn:
        return meetings.run_cli_list(conn, org_id=org_id_of(conn, args.org), month=args.month, as_json=args.json)


def _backup_summary(info: Any) -> str:
    from models import vn

    return (f"{vn.format_int(info.organisations)} tổ chức đảng, {vn.format_int(info.members)} đảng viên, "
            f"{vn.format_int(info.meetings)} buổi sinh hoạt, {vn.format_int(info.reviews)} lượt đánh giá")


def cmd_backup(args: argparse.Namespace) -> int:
    """Prints the new backup's path on stdout (scripts read it); the summary goes to stderr."""
    from models import backups

    with opened(args.db) as conn:
        info = backups.make_backup(conn, Path(args.db), to_dir=Path(args.to) if args.to else None)
    print(info.path)
    print(f"Đã sao lưu và kiểm tra lại bản sao: {_backup_summary(info)}.", file=sys.stderr)
    return 0


def _restore_into(db_path: Path, backup: Path) -> Path:
    """Restore and return where the state before it was kept: a backup, or the damaged file set aside."""
    from models import backups
    from models.errors import DamagedFile

    try:
        with opened(db_path) as conn:
            return backups.restore(conn, db_path, backup).path
    except DamagedFile:
        kept = backups.replace_damaged(db_path, backup)
        print(f"Tệp dữ liệu bị hỏng được giữ nguyên dưới tên “{kept}”.", file=sys.stderr)
        return kept


def cmd_restore(args: argparse.Namespace) -> int:
    """Prints the path of the backup of the state before the restore (to undo it) on stdout."""
    from models import backups, file_lock

    # A window working on the file would keep showing, and saving over, the data being replaced.
    try:
        lock = file_lock.acquire(Path(args.db))
    except file_lock.FileInUse as in_use:
        raise UserError(f"Chưa khôi phục: tệp đang được mở bởi {in_use.holder.describe()}. "
                        "Hãy đóng Sổ Chi Bộ ở đó rồi khôi phục lại.") from None
    try:
        before = _restore_into(Path(args.db), Path(args.backup))
        with opened(args.db) as conn:
            now = backups.database_counts(conn)
    finally:
        if lock is not None:
            lock.release()
    print(before)
    print(f"Đã khôi phục từ “{args.backup}”: {_backup_summary(now)}. Dữ liệu trước khi khôi phục được sao lưu "
          "ở tệp in ra bên trên; khôi phục từ tệp đó nếu cần quay lại.", file=sys.stderr)
    return 0


# For each printable document: the models function that gathers its data (conn, args) and the
# printing function that lays it out (data -> PDF bytes). Printing never touches the database.
PRINTERS: dict[str, tuple[str, str]] = {
    "register": ("models.registers:register_data_from_args", "printing.register:render_register"),
    "minutes": ("models.meetings:minutes_data_from_args", "printing.minutes:render_minutes"),
    "resolution": ("models.meetings:minutes_data_from_args", "printing.resolution:render_resolution"),
    "signin": ("models.meetings:minutes_data_from_args", "printing.minutes:render_signin"),
    "review-forms": ("models.reviews:review_forms_data_from_args", "printing.review_forms:render_review_forms"),
    "ballot": ("models.reviews:ballot_data_from_args", "printing.review_forms:render_ballot"),
    "review-minutes": ("models.review_documents:minutes_data_from_args",
                       "printing.review_forms:render_review_minutes"),
    "review-summary": ("models.reviews:summary_data_from_args", "printing.reports:render_review_summary"),
}


def _load(reference: str) -> Callable[..., Any]:
    import importlib

    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def cmd_print(args: argparse.Namespace) -> int:
    gather, render = (_load(ref) for ref in PRINTERS[args.document])
    with opened(args.db) as conn:
        data = gather(conn, args)
    write_new_file(args.output, render(data))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo, "members": cmd_members, "report": cmd_report, "check": cmd_check,
    "import-members": cmd_import_members, "export-members": cmd_export_members,
    "meetings": cmd_meetings, "print": cmd_print, "backup": cmd_backup, "restore": cmd_restore,
}


# ---------------------------------------------------------------- entry point

def setup_logging() -> Path | None:
    """Log to the user's data folder; a read-only machine just gets no log file."""
    log = paths.log_path()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=log, level=logging.INFO, encoding="utf-8",
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        return log
    except OSError:
        return None


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from ui.app import run_gui

        return run_gui(args.db)
    return COMMANDS[args.command](args)


def main(argv: list[str] | None = None) -> int:
    log = setup_logging()
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except UserError as error:
        print(f"Lỗi: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as error:
        if isinstance(error, BrokenPipeError) or (explained := explain(error)) is None:
            return _unexpected(error, log)
        logging.warning("Lỗi lưu trữ: %r", error)
        print(f"Lỗi: {explained}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the user must never see a traceback
        return _unexpected(error, log)


def _unexpected(error: BaseException, log: Path | None) -> int:
    if isinstance(error, BrokenPipeError):   # the output went to `head` or a pager that closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # no second error when Python exits
        return 0
    logging.error("Lỗi không lường trước:\n%s", "".join(traceback.format_exception(error)))
    where = f" Chi tiết đã ghi vào {log}." if log else ""
    print(f"Xin lỗi, chương trình gặp lỗi không lường trước.{where} "
          "Mọi thao tác đã lưu xong vẫn còn nguyên; hãy báo cho người hỗ trợ kèm tệp nhật ký.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
