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
from models.storage import audit
from printing import registry
from ui.common import files
from ui.common.widgets import ask
from ui.excel.import_dialog import ImportDialog


def scope_name(conn: sqlite3.Connection, org_id: int | None) -> str:
    return organisations.get(conn, org_id).name if org_id is not None else ""


def _slug(text: str) -> str:
    return "-".join(vn.fold(text).split()) or "toan-dang-bo"


def export_members(parent: QWidget, conn: sqlite3.Connection, flt: MemberFilter,
                   access: Access = FULL) -> Path | None:
    """Write the filtered list, in register order, to an .xlsx the user names (within the account's rights)."""
    access.require(access.may_export(), "xuất dữ liệu ra tệp")
    flt = replace(flt, org_id=access.scoped_org(flt.org_id))
    found = member_list.register_order(conn, flt)
    if not found:
        raise UserError("Danh sách đang lọc không có đảng viên nào để xuất. Hãy bỏ bớt điều kiện lọc.")
    name = scope_name(conn, flt.org_id)
    path = files.ask_output_path(parent, "Xuất danh sách đảng viên ra Excel",
                                 f"danh-sach-dang-vien-{_slug(name)}-{dt.date.today():%Y%m%d}.xlsx", ".xlsx")
    if path is None:
        return None
    files.write_file(path, excel_export.members_xlsx(conn, found, name))
    audit.record_event(conn, "xuất Excel", "members", None, {"org_id": flt.org_id, "file": str(path)})
    ask.info(parent, "Đã xuất Excel", f"Đã ghi {vn.format_int(len(found))} đảng viên vào tệp\n{path}")
    return path


def import_members(parent: QWidget, conn: sqlite3.Connection) -> bool:
    """Open the import dialog; True when it was accepted (the lists need reloading)."""
    dialog = ImportDialog(conn, parent)
    return bool(dialog.exec())


def print_register(parent: QWidget, conn: sqlite3.Connection, org_id: int | None,
                   access: Access = FULL) -> Path | None:
    """Sổ danh sách đảng viên of the chosen organisation (or the whole committee) as a PDF; identifiers masked
    for an account that may not see them."""
    org_id = access.scoped_org(org_id)
    data = registry.REGISTER.gather(conn, org_id=org_id)
    if not access.may_reveal_identifiers():
        data = registers.masked(data)
    name = scope_name(conn, org_id)
    path = files.ask_output_path(parent, "Lưu sổ danh sách đảng viên (PDF)",
                                 f"so-danh-sach-dang-vien-{_slug(name)}-{dt.date.today():%Y%m%d}.pdf", ".pdf")
    if path is None:
        return None
    files.write_file(path, registry.REGISTER.render(data))
    audit.record_event(conn, "in", "document", None, {"document": "register", "org_id": org_id, "file": str(path)})
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
