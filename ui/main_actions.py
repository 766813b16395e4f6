"""What the Tệp menu does: Excel in and out, printing the register, opening another file, the demo data."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QWidget

from models import vn
from models.commune import organisations
from models.demo import generate as demo
from models.errors import UserError
from models.excel import excel_export
from models.people import member_list
from models.people.member_list import MemberFilter
from printing import registry
from ui.common import files
from ui.common.widgets import ask
from ui.excel.import_dialog import ImportDialog


def scope_name(conn: sqlite3.Connection, org_id: int | None) -> str:
    return organisations.get(conn, org_id).name if org_id is not None else ""


def _slug(text: str) -> str:
    return "-".join(vn.fold(text).split()) or "toan-dang-bo"


def export_members(parent: QWidget, conn: sqlite3.Connection, flt: MemberFilter) -> Path | None:
    """Write the filtered list, in register order, to an .xlsx the user names."""
    found = member_list.register_order(conn, flt)
    if not found:
        raise UserError("Danh sách đang lọc không có đảng viên nào để xuất. Hãy bỏ bớt điều kiện lọc.")
    name = scope_name(conn, flt.org_id)
    path = files.ask_output_path(parent, "Xuất danh sách đảng viên ra Excel",
                                 f"danh-sach-dang-vien-{_slug(name)}-{dt.date.today():%Y%m%d}.xlsx", ".xlsx")
    if path is None:
        return None
    files.write_file(path, excel_export.members_xlsx(conn, found, name))
    ask.info(parent, "Đã xuất Excel", f"Đã ghi {vn.format_int(len(found))} đảng viên vào tệp\n{path}")
    return path


def import_members(parent: QWidget, conn: sqlite3.Connection) -> bool:
    """Open the import dialog; True when it was accepted (the lists need reloading)."""
    dialog = ImportDialog(conn, parent)
    return bool(dialog.exec())


def print_register(parent: QWidget, conn: sqlite3.Connection, org_id: int | None) -> Path | None:
    """Sổ danh sách đảng viên of the chosen organisation (or the whole committee) as a PDF."""
    data = registry.REGISTER.gather(conn, org_id=org_id)
    name = scope_name(conn, org_id)
    path = files.ask_output_path(parent, "Lưu sổ danh sách đảng viên (PDF)",
                                 f"so-danh-sach-dang-vien-{_slug(name)}-{dt.date.today():%Y%m%d}.pdf", ".pdf")
    if path is None:
        return None
    files.write_file(path, registry.REGISTER.render(data))
    files.open_file(path)
    return path


def make_demo(path: Path) -> tuple[sqlite3.Connection, str]:
    """Build the demo commune into a new file; returns the open connection and a summary."""
    conn = demo.open_target(path)
    try:
        summary = demo.generate(conn)
    except Exception:
        conn.close()
        raise
    return conn, summary
