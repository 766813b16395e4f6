"""The audit browser (administrators only): filter the trail by date, account and kind, export it to .xlsx,
and see at a glance whether the chain still holds (check says the same on the command line)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.excel.audit_export import audit_xlsx
from models.storage import audit
from models.storage.audit import AuditFilter
from ui.common import files
from ui.common.widgets import DateEdit, ask, run_action

ENTITY_NAMES = {"member": "Đảng viên", "meeting": "Buổi sinh hoạt", "organisation": "Tổ chức đảng",
                "user": "Tài khoản", "document": "Văn bản in", "members": "Danh sách", "database": "Tệp dữ liệu",
                "settings": "Cài đặt", "committee": "Đảng bộ xã", "study_session": "Buổi học tập",
                "study_document": "Văn bản học tập", "review_period": "Đợt đánh giá"}
COLUMNS = ("Lúc", "Người dùng", "Việc", "Đối tượng", "Mã số", "Chi tiết")
# The detail's keys as a clerk reads them (the keys themselves stay English in the file: a stable format).
DETAIL_NAMES = {"login": "tài khoản", "role": "vai trò", "org_id": "tổ chức số", "lan": "lần", "file": "tệp",
                "document": "văn bản", "from": "từ", "to": "thành", "name": "tên", "full_name": "họ tên",
                "date": "ngày", "kind": "loại", "event_id": "sự kiện số", "reason": "lý do", "year": "năm",
                "members": "số đảng viên", "orgs": "số tổ chức", "encrypted": "mã hóa", "on": "ngày",
                "into": "vào tổ chức số", "decision_no": "số quyết định", "meeting_id": "buổi sinh hoạt số",
                "place": "địa danh", "title": "tiêu đề", "code": "số hiệu", "result": "kết quả"}
_ALL = ""


class AuditBrowser(QDialog):
    """Newest first; at most 5.000 entries shown at once (narrow the filter for older ones)."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.setWindowTitle("Nhật ký thay đổi")
        self.resize(1200, 640)
        layout = QVBoxLayout(self)
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        layout.addWidget(self.chain_label)
        layout.addLayout(self._filter_row())
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.export_button = QPushButton("Xuất ra Excel…")
        self.export_button.clicked.connect(lambda *_: self.export())
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.show_chain()
        self.apply_filter()

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.date_from, self.date_to = DateEdit("Từ ngày"), DateEdit("Đến ngày")
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(120)
        self.user = QComboBox()
        self.user.addItem("Mọi người dùng", _ALL)
        for name in audit.users(self.conn):
            self.user.addItem(name or "(không rõ)", name)
        self.kind = QComboBox()
        self.kind.addItem("Mọi việc", _ALL)
        for kind in audit.kinds(self.conn):
            self.kind.addItem(kind, kind)
        self.filter_button = QPushButton("Lọc")
        self.filter_button.setDefault(True)
        self.filter_button.clicked.connect(lambda *_: self.apply_filter())
        for label, widget in (("Từ ngày", self.date_from), ("đến", self.date_to), ("Người dùng", self.user),
                              ("Việc", self.kind)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.filter_button)
        row.addStretch(1)
        return row

    def current_filter(self) -> AuditFilter:
        start, end = self.date_from.date(), self.date_to.date()
        return AuditFilter(date_from=start.isoformat() if start else "", date_to=end.isoformat() if end else "",
                           user=str(self.user.currentData() or ""), kind=str(self.kind.currentData() or ""))

    def apply_filter(self) -> None:
        self.entries = audit.search(self.conn, self.current_filter())
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = (_when(entry.at), entry.user, entry.action, ENTITY_NAMES.get(entry.entity, entry.entity),
                     "" if entry.entity_id is None else str(entry.entity_id), readable(entry.detail))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.count_label.setText(f"{vn.format_int(len(self.entries))} mục")

    def show_chain(self) -> None:
        problems = audit.chain_problems(self.conn)
        if problems:
            self.chain_label.setText("⚠ " + " ".join(problems) + " Hãy giữ nguyên tệp này và báo người có trách nhiệm.")
            self.chain_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        else:
            self.chain_label.setText("Nhật ký còn nguyên vẹn: không mục nào bị xóa hay sửa sau khi ghi.")
            self.chain_label.setStyleSheet("color: #1e7b34;")

    def export(self) -> None:
        path = files.ask_output_path(self, "Xuất nhật ký thay đổi ra Excel",
                                     f"nhat-ky-thay-doi-{dt.date.today():%Y%m%d}.xlsx", ".xlsx")
        if path is None:
            return
        title = f"Nhật ký thay đổi (xuất ngày {vn.format_date(dt.date.today())}, {len(self.entries)} mục)"
        if run_action(self, lambda: files.write_file(path, audit_xlsx(self.entries, title)), "Không xuất được"):
            audit.record_event(self.conn, "xuất nhật ký", "database", None, {"file": str(path)})
            ask.info(self, "Đã xuất", f"Đã ghi {vn.format_int(len(self.entries))} mục vào tệp\n{path}")


def _when(at: str) -> str:
    """'2026-12-01 08:05:09' as 01/12/2026 08:05:09."""
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    return f"{vn.format_date(moment.date())} {moment:%H:%M:%S}"


def readable(detail: str) -> str:
    """The JSON detail as 'tài khoản: vp; vai trò: van-phong' (the export keeps the JSON as written)."""
    try:
        values = json.loads(detail or "{}")
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return detail
    parts = []
    for key, value in values.items():
        shown = "—" if value is None else ("có" if value is True else "không" if value is False else value)
        parts.append(f"{DETAIL_NAMES.get(key, key)}: {shown}")
    return "; ".join(parts)
