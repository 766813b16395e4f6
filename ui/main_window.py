"""The main window (issue 3 grows it: navigation tree, sections, menus)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow

from models import committee, member_list, vn


class MainWindow(QMainWindow):
    def __init__(self, conn: sqlite3.Connection, db_path: Path) -> None:
        super().__init__()
        self.conn = conn
        self.db_path = db_path
        info = committee.get(conn)
        self.setWindowTitle(f"Sổ Chi Bộ – {info.name or 'chưa đặt tên Đảng bộ'}")
        total = member_list.count(conn, member_list.MemberFilter())
        self.setCentralWidget(QLabel(f"{info.name}: {vn.format_int(total)} đảng viên đang sinh hoạt"))
        self.statusBar().showMessage(f"Tệp dữ liệu: {db_path}")
        self.resize(1280, 720)
