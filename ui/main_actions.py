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
from models.storage import audit
from models.storage.output_files import write_output
from printing import registry
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
                   access: Access = FULL) -> JobDialog | None:
    """Write the filtered list, in register order, to an .xlsx the user names (a job with progress, within the
    account's rights)."""
    access.require(access.may_export(), "xuất dữ liệu ra tệp")
    flt = replace(flt, org_id=access.scoped_org(flt.org_id))
    name = scope_name(conn, flt.org_id)
    path = files.ask_output_path(parent, "Xuất danh sách đảng viên ra Excel",
                                 f"danh-sach-dang-vien-{_slug(name)}-{dt.date.today():%Y%m%d}.xlsx", ".xlsx")
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
        write_output(path, workbook)
        return len(found)

    def written(count: object) -> None:
        assert isinstance(count, int)
        audit.record_event(conn, "xuất Excel", "members", None, {"org_id": flt.org_id, "file": str(path)})
        ask.info(parent, "Đã xuất Excel", f"Đã ghi {vn.format_int(count)} đảng viên vào tệp\n{path}")

    return run_job(parent, conn, "Xuất danh sách ra Excel", job, written, failed_title="Không xuất được Excel",
                   cancelled_text="Đã hủy xuất Excel; không tệp nào được ghi.")


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
