"""Trợ giúp > Giới thiệu: the program's version, the rule sets it applies and where the data lives.

What a support person asks an office on the phone ("which version? which file?") is all here, and one button
copies it as plain text to paste into a message.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models import __version__, dues_rates, paths, rules, vn
from models.storage import backups, db
from ui.common.app_identity import APP_NAME, app_icon

DESCRIPTION = ("Quản lý đảng viên, sinh hoạt chi bộ, học tập nghị quyết, đảng phí và đánh giá xếp loại "
               "cho Đảng ủy xã, phường, đặc khu. Chạy không cần Internet.")


WIDTH = 720
RULES_TITLE = "Quy định áp dụng (chọn theo ngày của văn bản)"


def rule_lines(today: dt.date) -> list[str]:
    """Each shipped rule set with the day it applies from (the one in force marked), then the dues rules."""
    current = rules.for_date(today)
    lines = []
    for rule_set in rules.all_rule_sets():
        mark = " – đang áp dụng" if rule_set.id == current.id else ""
        lines.append(f"{rule_set.name}: từ {vn.format_date(rule_set.valid_from)}{mark} (tệp {rule_set.id}.json)")
    lines.append(f"Sinh hoạt chi bộ: {current.citations.meetings}")
    dues = dues_rates.dues_rates(today)
    lines.append(f"Đảng phí: {dues.citation}, mức áp dụng từ {vn.format_date(dues.valid_from)} "
                 f"(tệp {', '.join(p.name for p in sorted(dues_rates.dues_dir().glob('*.json')))})")
    return lines


def _version_line(conn: sqlite3.Connection) -> str:
    created, written = db.app_versions(conn)
    made = f"tạo bằng phiên bản {created}" if created else "tạo bằng một phiên bản trước 0.1.0"
    return f"Tệp này {made}, ghi lần cuối bằng phiên bản {written or 'chưa rõ'}."


def place_lines(conn: sqlite3.Connection, db_path: Path, settings: QSettings) -> list[tuple[str, str]]:
    """(what, where) for the open file, its backups, the error log and the window's settings."""
    return [("Tệp dữ liệu", str(db_path)),
            ("Phiên bản ghi tệp", _version_line(conn)),
            ("Thư mục sao lưu", str(backups.backup_folder(db_path))),
            ("Nhật ký lỗi", str(paths.log_path())),
            ("Cài đặt của cửa sổ", settings.fileName())]


class AboutDialog(QDialog):
    def __init__(self, conn: sqlite3.Connection, db_path: Path, settings: QSettings,
                 parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Giới thiệu")
        self.setMinimumWidth(640)
        self.rules = rule_lines(today or dt.date.today())
        self.places = place_lines(conn, Path(db_path), settings)
        layout = QVBoxLayout(self)
        layout.addLayout(self._heading())
        layout.addWidget(self._box(RULES_TITLE, [f"• {line}" for line in self.rules]))
        layout.addWidget(self._box("Nơi lưu dữ liệu", [f"{what}: {where}" for what, where in self.places]))
        buttons = QHBoxLayout()
        self.copy_button = QPushButton("Chép thông tin (gửi người hỗ trợ)")
        self.copy_button.clicked.connect(lambda *_: self.copy())
        self.close_button = QPushButton("Đóng")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        # Wrapped lines measured at the width shown, so no empty band is left between the boxes.
        height = self.heightForWidth(WIDTH)
        self.resize(WIDTH, height if height > 0 else self.sizeHint().height())

    def _heading(self) -> QHBoxLayout:
        row = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(icon)
        self.title = QLabel(f"<b style='font-size:16pt'>{APP_NAME}</b><br>Phiên bản {__version__}")
        description = QLabel(DESCRIPTION)
        description.setWordWrap(True)
        column = QVBoxLayout()
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(description)
        column.addStretch(1)
        row.addLayout(column, 1)
        return row

    @staticmethod
    def _box(title: str, lines: list[str]) -> QGroupBox:
        box = QGroupBox(title)
        column = QVBoxLayout(box)
        for line in lines:
            label = QLabel(line)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(label)
        return box

    def text(self) -> str:
        """Everything shown, as plain text."""
        return "\n".join([f"{APP_NAME} phiên bản {__version__}", "", f"{RULES_TITLE}:",
                          *(f"- {line}" for line in self.rules), "", "Nơi lưu dữ liệu:",
                          *(f"- {what}: {where}" for what, where in self.places)])

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.copy_button.setText("Đã chép – dán vào tin nhắn gửi người hỗ trợ")
