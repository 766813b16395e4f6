"""Cài đặt: the committee's names, place and term as printed on every document, and backing up the data file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import cast

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models import rules, vn
from models.commune import committee, organisations
from models.commune.committee import Committee
from models.errors import UserError
from models.storage import backups, db
from ui.access import backup_password
from ui.common import files
from ui.common.job_progress import JobDialog, run_job
from ui.common.pickers import NameCompleter
from ui.common.widgets import DateEdit, ErrorLabel, ask, reloading
from ui.common.workers import Progress
from ui.settings.paths_box import PathsBox

FIELD_WIDTH = 460


class SettingsView(QWidget):
    """Edit the commune committee's header names and term; back the data file up to a new file."""

    saved = Signal()          # the committee's names changed (the window title may follow)
    backed_up = Signal()      # a backup was written (the status bar shows when)
    restore_requested = Signal()   # the window lists the backups and restores one
    follows_scope = False     # the tree's organisation never reloads this form: changing it need not ask

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.data_file: Path | None = None
        self._build()
        self.set_data_file(None)
        self.load()

    def _line(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setMaximumWidth(FIELD_WIDTH)
        edit.textEdited.connect(lambda *_: self._edited())
        return edit

    def _build(self) -> None:
        # The boxes together are taller than a 1366×768 screen leaves the tab: they scroll rather than squeeze.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        scroll.setWidget(page)
        QVBoxLayout(self).addWidget(scroll)
        layout = QVBoxLayout(page)
        names = QGroupBox("Đảng bộ xã/phường (in ở tiêu đề mọi văn bản)")
        form = QFormLayout(names)
        self.name = self._line("ví dụ Đảng bộ xã Phố Mới")
        form.addRow("Tên Đảng bộ *:", self.name)
        self.superior = self._line("ví dụ Đảng bộ tỉnh Phú Thọ")
        form.addRow("Cấp trên trực tiếp:", self.superior)
        self.place = self._line("ví dụ Phố Mới")
        form.addRow("Địa danh ghi ngày tháng *:", self.place)
        self.preview = QLabel()
        self.preview.setStyleSheet("color: #555;")
        form.addRow("Dòng ngày tháng sẽ in:", self.preview)
        self.term = self._line("ví dụ 2025 - 2030")
        form.addRow("Nhiệm kỳ:", self.term)
        self.term_start = DateEdit("Ngày bắt đầu nhiệm kỳ")
        self.term_end = DateEdit("Ngày kết thúc nhiệm kỳ")
        for edit in (self.term_start, self.term_end):
            edit.setMaximumWidth(140)
            edit.error_changed.connect(self._show_field_error)
            edit.textEdited.connect(lambda *_: self._edited())
        form.addRow("Bắt đầu nhiệm kỳ:", self.term_start)
        form.addRow("Kết thúc nhiệm kỳ:", self.term_end)
        hint = QLabel("Số văn bản (Số 01-BB/CB…) đánh từ 01 cho cả nhiệm kỳ; văn bản ngoài các ngày này "
                      "được đánh số theo năm.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form.addRow("", hint)
        self._signer_rows(form)
        self.error = ErrorLabel()
        self.error.show_error("")
        form.addRow("", self.error)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Lưu (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.undo_button = QPushButton("Hoàn tác")
        self.undo_button.setToolTip("Bỏ các thay đổi chưa lưu")
        self.undo_button.clicked.connect(self.load)
        self.status = QLabel()
        self.status.setStyleSheet("color: #1e7b34;")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.status, 1)
        form.addRow("", self._wrap(buttons))
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        layout.addWidget(names)
        layout.addWidget(self._backup_box())
        self.paths_box = PathsBox()   # the window fills it in (show_places): the file and its settings
        layout.addWidget(self.paths_box)
        layout.addWidget(self._rules_box())
        layout.addStretch(1)

    def _signer_rows(self, form: QFormLayout) -> None:
        """Who signs the committee's reports (T/M ĐẢNG ỦY, BÍ THƯ) and to whom they are sent."""
        self.secretary = self._line("ví dụ Hoàng Thị Thanh Hương")
        self.secretary_names = NameCompleter(self.secretary)   # earlier signers and the cells' secretaries
        form.addRow("Bí thư Đảng ủy (người ký):", self.secretary)
        self.secretary_from = DateEdit("Ngày nhận chức Bí thư")
        self.secretary_from.setMaximumWidth(140)
        self.secretary_from.error_changed.connect(self._show_field_error)
        self.secretary_from.textEdited.connect(lambda *_: self._edited())
        form.addRow("Giữ chức từ ngày:", self.secretary_from)
        self.recipients = QPlainTextEdit()
        self.recipients.setMaximumWidth(FIELD_WIDTH)
        self.recipients.setFixedHeight(110)
        self.recipients.setPlaceholderText("Mỗi nơi nhận một dòng; để trống để dùng các nơi nhận thường dùng")
        self.recipients.textChanged.connect(self._edited)
        form.addRow("Nơi nhận báo cáo của Đảng ủy:", self.recipients)

    @staticmethod
    def _wrap(inner: QHBoxLayout) -> QWidget:
        holder = QWidget()
        inner.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(inner)
        return holder

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox("Sao lưu")
        column = QVBoxLayout(box)
        text = QLabel("Chương trình tự sao lưu khi mở tệp (mỗi ngày một lần) và khi đóng sau khi có thay đổi, vào "
                      "thư mục sao lưu (xem mục Nơi lưu dữ liệu): giữ 10 bản gần nhất và mỗi tháng một bản trong "
                      "một năm. Mỗi tuần nên chép thêm một bản ra ổ USB và cất ở nơi khác.")
        text.setWordWrap(True)
        self.last_backup = QLabel()
        self.last_backup.setWordWrap(True)
        self.backup_button = QPushButton("Sao lưu ngay")
        self.backup_button.clicked.connect(lambda *_: self.backup())
        self.backup_elsewhere_button = QPushButton("Sao lưu ra ổ USB hoặc thư mục khác…")
        self.backup_elsewhere_button.clicked.connect(lambda *_: self.backup_elsewhere())
        self.restore_button = QPushButton("Khôi phục từ bản sao lưu…")
        self.restore_button.clicked.connect(lambda *_: self.restore_requested.emit())
        row = QHBoxLayout()
        for button in (self.backup_button, self.backup_elsewhere_button, self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addWidget(text)
        column.addWidget(self.last_backup)
        column.addLayout(row)
        return box

    def set_data_file(self, path: Path | None) -> None:
        """The file being worked on (None: nothing to back up, e.g. read-only); the window calls this."""
        self.data_file = path
        for button in (self.backup_button, self.backup_elsewhere_button, self.restore_button):
            button.setEnabled(path is not None)
        self._show_last_backup()

    def _show_last_backup(self) -> None:
        newest = backups.newest_backup(self.data_file) if self.data_file is not None else None
        if newest is None:
            self.last_backup.setText("Chưa sao lưu lần nào.")
            self.last_backup.setStyleSheet("color: #c0392b; font-weight: bold;")
            return
        self.last_backup.setText(f"Lần sao lưu gần nhất: {newest.taken_at:%H:%M} ngày "
                                 f"{vn.format_date(newest.taken_at.date())}, trong thư mục {newest.path.parent}")
        self.last_backup.setStyleSheet("color: #555;")

    def _rules_box(self) -> QGroupBox:
        box = QGroupBox("Quy định đang áp dụng")
        column = QVBoxLayout(box)
        today = dt.date.today()
        current = rules.for_date(today)
        for rule_set in rules.all_rule_sets():
            mark = " (đang áp dụng)" if rule_set.id == current.id else ""
            label = QLabel(f"• {rule_set.name} – từ {vn.format_date(rule_set.valid_from)}{mark}")
            label.setWordWrap(True)
            column.addWidget(label)
        return box

    # ------------------------------------------------------------ data

    def set_scope(self, org_id: int | None) -> None:
        """Settings belong to the whole commune: the tree's choice does not change them."""

    def load(self) -> None:
        """Show what is stored (also drops unsaved edits)."""
        info = committee.get(self.conn)
        names = {"name": self.name, "superior_name": self.superior, "place_name": self.place, "term_name": self.term}
        with reloading(committee.MAX_LENGTHS, names):   # what the headers hold; an older longer name shown whole
            for name, field in names.items():
                field.setText(getattr(info, name))
        self.term_start.set_date(info.term_start)
        self.term_end.set_date(info.term_end)
        signer = committee.signer_on(self.conn, dt.date.today())
        self.secretary.setText(signer.full_name if signer and signer.position == "bi_thu" else "")
        self.secretary_names.set_names(self._signer_suggestions())
        self.secretary_from.set_date(signer.start_on if signer and signer.position == "bi_thu" else None)
        self.recipients.setPlainText("\n".join(committee.recipients(self.conn)))
        self.error.show_error("")
        self.status.setText("")
        self._update_preview()
        self._show_last_backup()
        self._loaded = self._texts()
        self._loaded_at = db.change_marker(self.conn)

    def _signer_suggestions(self) -> list[str]:
        """Names the commune's bí thư is likely among: earlier signers, and the secretaries of its units today."""
        today = dt.date.today()
        names = {signer.full_name for signer in committee.signers(self.conn)}
        active = {org.id for org in organisations.all_organisations(self.conn, include_dissolved=False)}
        names |= {name for org_id, name in organisations.secretary_names(self.conn, today).items() if org_id in active}
        return sorted((name for name in names if name), key=vn.name_sort_key)

    def _texts(self) -> tuple[str, ...]:
        return (*(edit.text() for edit in (self.name, self.superior, self.place, self.term, self.term_start,
                                           self.term_end, self.secretary, self.secretary_from)),
                self.recipients.toPlainText())

    def has_unsaved_changes(self) -> bool:
        return self._texts() != self._loaded

    def unsaved_changes(self) -> str:
        """The ui.unsaved protocol: what is typed here and not saved."""
        if not self.has_unsaved_changes():
            return ""
        return "Thông tin Đảng bộ xã (tên, địa danh, nhiệm kỳ, người ký, nơi nhận) vừa sửa chưa lưu"

    def save_unsaved(self) -> bool:
        return self.save()

    def discard_unsaved(self) -> None:
        self.load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The names may have been changed from the Tổ chức menu meanwhile: show them, unless the user is typing."""
        super().showEvent(event)
        # unchanged since the last load (the first showing, just built): nothing to read again
        if not self.has_unsaved_changes() and db.change_marker(self.conn) != self._loaded_at:
            self.load()
        else:
            self._show_last_backup()   # a backup taken meanwhile changes no record

    def _edited(self) -> None:
        self.status.setText("")
        self._update_preview()

    def _update_preview(self) -> None:
        place = vn.nfc(self.place.text()) or "…"
        self.preview.setText(vn.format_date_line(place, dt.date.today()))

    def _show_field_error(self, message: str) -> None:
        self.error.show_error(message)

    def entered(self) -> committee.Office:
        """The committee, its bí thư and recipients as typed; raises UserError for a date that is not a date."""
        names = Committee(name=self.name.text(), superior_name=self.superior.text(), place_name=self.place.text(),
                          term_name=self.term.text(), term_start=self.term_start.date(),
                          term_end=self.term_end.date())
        return committee.Office(names, self.secretary.text(), self.secretary_from.date(),
                                self.recipients.toPlainText())

    def save(self) -> bool:
        """Validate and store; a problem is shown in red under the form and nothing is saved."""
        try:
            stored = committee.save_office(self.conn, self.entered())
        except UserError as error:
            self.error.show_error(error.message)
            self.status.setText("")
            return False
        self.load()
        self.status.setText(f"Đã lưu: {stored.name}.")
        self.saved.emit()
        return True

    def backup(self, to_dir: Path | None = None, password: str | None = None) -> JobDialog | None:
        """Back the data file up now (into its backup folder, or ``to_dir``; encrypted with ``password``) as a
        job; None if there is no file."""
        if self.data_file is None:
            return None
        data_file = self.data_file

        def taken(result: object) -> None:
            info = cast(backups.BackupInfo, result)
            self._show_last_backup()
            self.backed_up.emit()
            ask.info(self, "Đã sao lưu", f"Đã sao lưu dữ liệu vào tệp:\n{info.path}")

        def take(conn: sqlite3.Connection, _progress: Progress) -> backups.BackupInfo:
            return backups.make_backup(conn, data_file, to_dir=to_dir, password=password)

        return run_job(self, self.conn, "Sao lưu", take, taken, failed_title="Chưa sao lưu được", cancellable=False)

    def backup_elsewhere(self) -> JobDialog | None:
        """A copy on a USB stick or another folder, to keep away from this PC."""
        folder = files.ask_folder(self, "Chọn ổ USB hoặc thư mục để chép bản sao lưu")
        if folder is None:
            return None
        password = backup_password.ask_encryption(self)   # offered: a copy that leaves the office
        if password is backup_password.CANCELLED:
            return None
        return self.backup(folder, password if isinstance(password, str) else None)
