"""What the Tệp menu does: Excel in and out, printing the register, opening another file, the demo data."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QWidget

from models import vn
from models.access.session import FULL, Access
from models.commune import organisations
from models.demo import generate as demo
from models.errors import UserError
from models.excel import excel_export
from models.people import member_list
from models.people.member_list import MemberFilter
from models.reporting import registers
from models.reporting.registers import RegisterData
from models.storage import audit, encrypted_files
from models.storage.output_files import write_output
from printing import registry
from ui.access import backup_password
from ui.common import files
from ui.common.document_job import pdf_job
from ui.common.job_progress import JobDialog, run_job
from ui.common.widgets import ask
from ui.common.workers import Progress
from ui.excel.import_dialog import ImportDialog


def scope_name(conn: sqlite3.Connection, org_id: int | None) -> str:
    return organisations.get(conn, org_id).name if org_id is not None else ""


def _slug(text: str) -> str:
    return "-".join(vn.fold(text).split()) or "toan-dang-bo"


def export_members(parent: QWidget, conn: sqlite3.Connection, flt: MemberFilter,
                   access: Access = FULL, *, encrypt: bool = False) -> JobDialog | None:
    """Write the filtered list, in register order, to an .xlsx the user names (a job with progress, within the
    account's rights); ``encrypt``: with a password, as a .xlsx.mahoa that only Sổ Chi Bộ opens."""
    access.require(access.may_export(), "xuất dữ liệu ra tệp")
    flt = replace(flt, org_id=access.scoped_org(flt.org_id))
    name = scope_name(conn, flt.org_id)
    password = backup_password.ask_export_password(parent) if encrypt else None
    if encrypt and password is None:
        return None
    suggested = f"danh-sach-dang-vien-{_slug(name)}-{dt.date.today():%Y%m%d}.xlsx"
    path = (files.ask_output_path(parent, "Xuất danh sách đảng viên ra Excel có mật khẩu", suggested + ".mahoa",
                                  ".mahoa") if password else
            files.ask_output_path(parent, "Xuất danh sách đảng viên ra Excel", suggested, ".xlsx"))
    if path is None:
        return None

    def job(job_conn: sqlite3.Connection, progress: Progress) -> int:
        progress("Đang đọc danh sách đảng viên…", 0, 0)
        found = member_list.register_order(job_conn, flt)
        if not found:
            raise UserError("Danh sách đang lọc không có đảng viên nào để xuất. Hãy bỏ bớt điều kiện lọc.")
        progress(f"Đang ghi {vn.format_int(len(found))} đảng viên vào bảng Excel…", 0, 0)
        workbook = excel_export.members_xlsx(job_conn, found, name)
        progress("Đang ghi tệp…", 1, 1)
        write_output(path, encrypted_files.encrypt_bytes(workbook, password) if password else workbook)
        return len(found)

    def written(count: object) -> None:
        assert isinstance(count, int)
        audit.record_event(conn, "xuất Excel", "members", None, {"org_id": flt.org_id, "file": str(path),
                                                                 "encrypted": bool(password)})
        ask.info(parent, "Đã xuất Excel", f"Đã ghi {vn.format_int(count)} đảng viên vào tệp\n{path}")

    return run_job(parent, conn, "Xuất danh sách ra Excel", job, written, failed_title="Không xuất được Excel",
                   cancelled_text="Đã hủy xuất Excel; không tệp nào được ghi.")


def decrypt_file(parent: QWidget) -> Path | None:
    """Open an encrypted export or backup (.mahoa) with its password and save the plain file beside it."""
    source = files.ask_open_path(parent, "Chọn tệp đã mã hóa", files.ENCRYPTED_FILTER)
    if source is None:
        return None
    if not encrypted_files.is_encrypted(source):
        raise UserError(f"Tệp “{source.name}” không phải tệp mã hóa của Sổ Chi Bộ, không cần giải mã.")
    password = backup_password.ask_password(parent, source.name, ok_text="Giải mã")
    if password is None:
        return None
    plain = encrypted_files.decrypt_bytes(source.read_bytes(), password, source.name)
    stem = source.name.removesuffix(encrypted_files.SUFFIX)
    suffix = Path(stem).suffix.lower()
    title = "Lưu tệp đã giải mã"
    target = (files.ask_output_path(parent, title, stem, suffix) if suffix in files.OUTPUT_FILTERS
              else files.ask_save_path(parent, title, stem, "Mọi tệp (*)"))
    if target is None:
        return None
    write_output(target, plain)
    ask.info(parent, "Đã giải mã", f"Đã ghi tệp đã giải mã:\n{target}")
    return target


def import_members(parent: QWidget, conn: sqlite3.Connection) -> bool:
    """Open the import dialog; True when it was accepted (the lists need reloading)."""
    dialog = ImportDialog(conn, parent)
    return bool(dialog.exec())


def print_register(parent: QWidget, conn: sqlite3.Connection, org_id: int | None,
                   access: Access = FULL) -> JobDialog | None:
    """Sổ danh sách đảng viên of the chosen organisation (or the whole committee) as a PDF (a job with progress);
    identifiers masked for an account that may not see them."""
    org_id = access.scoped_org(org_id)
    name = scope_name(conn, org_id)
    path = files.ask_output_path(parent, "Lưu sổ danh sách đảng viên (PDF)",
                                 f"so-danh-sach-dang-vien-{_slug(name)}-{dt.date.today():%Y%m%d}.pdf", ".pdf")
    if path is None:
        return None

    def gather(job_conn: sqlite3.Connection) -> RegisterData:
        data = registry.REGISTER.gather(job_conn, org_id=org_id)
        return data if access.may_reveal_identifiers() else registers.masked(data)

    def printed(_path: object) -> None:
        audit.record_event(conn, "in", "document", None, {"document": "register", "org_id": org_id,
                                                          "file": str(path)})
        files.open_file(path)

    job = pdf_job(gather, registry.REGISTER.render, path)
    return run_job(parent, conn, "In sổ danh sách đảng viên", job, printed,
                   failed_title="Không in được sổ", cancelled_text="Đã hủy in sổ; không tệp nào được ghi.")


def make_demo(path: Path) -> tuple[sqlite3.Connection, str]:
    """Build the demo commune into a new file; returns the open connection and a summary."""
    conn = demo.open_target(path)
    try:
        summary = demo.generate(conn)
    except Exception:
        conn.close()
        raise
    return conn, summary
