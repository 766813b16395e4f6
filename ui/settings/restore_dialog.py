"""Khôi phục từ bản sao lưu: the backups with their date and counts beside today's, and a restore that can be undone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.storage.backups import BackupInfo, Counts
from ui.common.table_model import RIGHT, Column, TableModel, record_view

BACKUP_FILTER = "Bản sao lưu Sổ Chi Bộ (*.sqlite *.mahoa);;Mọi tệp (*)"


def taken_text(info: BackupInfo) -> str:
    return f"{info.taken_at:%H:%M} {vn.format_date(info.taken_at.date())}"


def counts_text(counts: Counts | BackupInfo) -> str:
    return (f"{vn.format_int(counts.organisations)} tổ chức, {vn.format_int(counts.members)} đảng viên, "
            f"{vn.format_int(counts.meetings)} buổi sinh hoạt, {vn.format_int(counts.reviews)} lượt đánh giá")


def _backup_column(key: str, label: str, text: Callable[[BackupInfo], str], align: int | None = None
                   ) -> Column[BackupInfo]:
    return Column(key, label, text, tooltip=lambda b: str(b.path), align=align)


BACKUP_COLUMNS = (
    _backup_column("taken_at", "Thời điểm", taken_text),
    _backup_column("reason", "Lý do", lambda b: b.reason),
    _backup_column("organisations", "Tổ chức", lambda b: vn.format_int(b.organisations), RIGHT),
    _backup_column("members", "Đảng viên", lambda b: vn.format_int(b.members), RIGHT),
    _backup_column("meetings", "Buổi sinh hoạt", lambda b: vn.format_int(b.meetings), RIGHT),
    _backup_column("reviews", "Lượt đánh giá", lambda b: vn.format_int(b.reviews), RIGHT),
)


class BackupTableModel(TableModel[BackupInfo]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(BACKUP_COLUMNS, parent)


class RestoreDialog(QDialog):
    """Pick a backup; ``chosen`` is the one to restore when the dialog is accepted."""

    def __init__(self, found: list[BackupInfo], current: Counts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Khôi phục từ bản sao lưu")
        self.chosen: BackupInfo | None = None
        self.chosen_file: Path | None = None   # a backup from elsewhere (a USB stick), maybe encrypted
        layout = QVBoxLayout(self)
        intro = QLabel(f"Dữ liệu hiện tại: {counts_text(current)}.\nChọn bản sao lưu cần khôi phục. Trước khi "
                       "khôi phục, chương trình tự sao lưu dữ liệu hiện tại, nên có thể khôi phục ngược lại.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = BackupTableModel(self)
        self.model.set_rows(found)
        self.table = record_view(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)   # the reason takes the spare width
        self.table.doubleClicked.connect(lambda *_: self.accept())
        layout.addWidget(self.table)
        self.empty = QLabel("Chưa có bản sao lưu nào cạnh tệp dữ liệu này.")
        self.empty.setVisible(not found)
        layout.addWidget(self.empty)
        layout.addLayout(self._buttons(bool(found)))
        if found:
            self.table.selectRow(0)
        self.resize(820, 420)

    def _buttons(self, any_found: bool) -> QHBoxLayout:
        row = QHBoxLayout()
        self.other_button = QPushButton("Chọn bản sao lưu khác (ổ USB)…")
        self.other_button.clicked.connect(lambda *_: self.choose_file())
        row.addWidget(self.other_button)
        row.addStretch(1)
        self.restore_button = QPushButton("&Khôi phục bản đã chọn")
        self.restore_button.setEnabled(any_found)
        self.restore_button.clicked.connect(self.accept)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        row.addWidget(self.restore_button)
        row.addWidget(close)
        return row

    def choose_file(self) -> None:
        from ui.common import files  # the file dialog's module: not needed for the status bar's backup line at start

        path = files.ask_open_path(self, "Chọn bản sao lưu", BACKUP_FILTER)
        if path is not None:
            self.chosen_file = path
            super().accept()

    def accept(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self.model.rows[rows[0].row()]
        super().accept()
