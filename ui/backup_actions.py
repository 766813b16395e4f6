"""The window's backups: one on opening (off the GUI thread), one on closing after changes, Sao lưu ngay,
and Khôi phục từ bản sao lưu… with its preview; the status bar shows the newest good backup."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow

from models.access.session import Access
from models.storage import db
from ui.common.widgets import ask, exec_modal
from ui.common.workers import Worker

if TYPE_CHECKING:
    from models.storage import backups
    from ui.common.job_progress import JobDialog


class BackupActions(QMainWindow):
    """MainWindow's base for its backup actions (kept apart so the window's module stays readable).

    The window sets these attributes and provides the two methods below.
    """

    conn: sqlite3.Connection
    access: Access
    db_path: Path
    read_only: bool
    backup_label: QLabel
    _closed: bool
    _changes_at_open: tuple[int, int]

    def confirm_leave(self, doing: str = "thoát", scope_change: bool = False) -> bool:
        raise NotImplementedError

    def _rebuild_screens(self, save_layout: bool = True) -> None:
        raise NotImplementedError

    def show_last_backup(self) -> None:
        """The newest good backup beside the file (read from the backup folder, so it is always true)."""
        # the backup machinery is imported once the window is on screen (issue 13): this runs after its first paint
        from models.storage import backups
        from ui.settings.restore_dialog import counts_text, taken_text

        newest = backups.newest_backup(self.db_path)
        if newest is None:
            self.backup_label.setText("Chưa sao lưu lần nào")
            self.backup_label.setStyleSheet("color: #c0392b;")
            return
        self.backup_label.setText(f"Sao lưu gần nhất: {taken_text(newest)}")
        self.backup_label.setToolTip(f"{newest.path}\n{counts_text(newest)}")
        self.backup_label.setStyleSheet("")

    def _backup_on_open(self) -> None:
        """At most one backup a day when a file is opened, taken off the GUI thread with its own connection."""
        from models.storage import backups

        path = self.db_path
        if self._closed:
            return
        worker = Worker(path, lambda conn, _progress: backups.backup_on_open(conn, path), background=True)
        worker.signals.done.connect(self._backup_taken)
        worker.signals.failed.connect(self._backup_failed)
        self._backup_worker = worker   # Python owns a Worker: keep it until the window closes
        QThreadPool.globalInstance().start(worker)

    def _backup_taken(self, _info: object) -> None:
        self.show_last_backup()

    def _backup_failed(self, message: str) -> None:
        logging.warning("Sao lưu tự động không được: %s", message)
        self.statusBar().showMessage(f"Chưa sao lưu tự động được: {message}", 15000)

    def _needs_close_backup(self) -> bool:
        return not self.read_only and db.change_marker(self.conn) != self._changes_at_open

    def _backup_before_close(self, then: Callable[[], object]) -> None:
        """The backup taken when the window closes after changes, as a job (seconds on a big file), then ``then``."""
        from models.storage import backups
        from ui.common.job_progress import run_job  # the jobs' dialog: imported when a job starts, not at start

        path = self.db_path
        self.statusBar().showMessage("Đang sao lưu trước khi đóng…")
        run_job(self, self.conn, "Sao lưu trước khi đóng", lambda conn, _p: backups.backup_after_changes(conn, path),
                failed_title="Chưa sao lưu được", cancellable=False, on_end=lambda _outcome: then())

    def backup_now(self) -> JobDialog:
        from models.storage import backups
        from ui.common.job_progress import run_job
        from ui.settings.restore_dialog import counts_text

        path = self.db_path

        def taken(result: object) -> None:
            info = cast("backups.BackupInfo", result)
            self.show_last_backup()
            ask.info(self, "Đã sao lưu", f"Đã sao lưu ({counts_text(info)}) vào tệp\n{info.path}")

        return run_job(self, self.conn, "Sao lưu ngay", lambda conn, _p: backups.make_backup(conn, path), taken,
                       failed_title="Chưa sao lưu được", cancellable=False)

    def exec_dialog(self, dialog: QDialog) -> int:
        """Show a modal dialog (tests replace this seam)."""
        return exec_modal(dialog)

    def restore_backup(self) -> JobDialog | None:
        """Choose a backup and put it in place of the data (a job; None when nothing was started)."""
        from models.storage import backups
        from ui.common.job_progress import run_job
        from ui.settings.restore_dialog import RestoreDialog, counts_text, taken_text

        if not self.access.may_restore():   # Cài đặt's button too: a restore replaces the accounts
            ask.warn(self, "Khôi phục từ bản sao lưu", "Chỉ tài khoản quản trị được khôi phục dữ liệu.")
            return None
        dialog = RestoreDialog(backups.list_backups(self.db_path), backups.database_counts(self.conn), self)
        if not self.exec_dialog(dialog):
            return None
        if dialog.chosen_file is not None:
            return self.restore_file(dialog.chosen_file)
        if dialog.chosen is None:
            return None
        chosen = dialog.chosen
        if not self.confirm_leave("khôi phục bản sao lưu"):
            return None
        if not ask.confirm(self, "Khôi phục từ bản sao lưu",
                           f"Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lúc {taken_text(chosen)} "
                           f"({counts_text(chosen)})?\n\nDữ liệu hiện tại sẽ được sao lưu trước, "
                           "nên có thể khôi phục ngược lại."):
            return None
        if self.conn.in_transaction:
            ask.warn(self, "Chưa khôi phục được", "Đang có thay đổi chưa lưu xong. Hãy lưu hoặc bỏ thay đổi đó rồi "
                                                  "khôi phục lại.")
            return None
        path = self.db_path

        def restored(result: object) -> None:
            saved = cast("backups.BackupInfo", result)
            self._rebuild_screens()
            ask.info(self, "Đã khôi phục", f"Đã khôi phục bản sao lưu lúc {taken_text(chosen)}.\n"
                                           f"Dữ liệu trước khi khôi phục đã được sao lưu vào tệp\n{saved.path}")

        # Not cancellable: a restore is one transaction, and stopping it half way would gain the clerk nothing.
        return run_job(self, self.conn, "Khôi phục từ bản sao lưu",
                       lambda conn, _p: backups.restore(conn, path, chosen.path), restored,
                       failed_title="Chưa khôi phục được", cancellable=False)

    def restore_file(self, path: Path) -> JobDialog | None:
        """A backup chosen from elsewhere (a USB stick); an encrypted one asks for its password first."""
        from models.storage import backups, encrypted_files
        from ui.access import backup_password
        from ui.common.job_progress import run_job

        password = None
        if encrypted_files.is_encrypted(path):
            password = backup_password.ask_password(self, path.name)
            if password is None:
                return None
        if not self.confirm_leave("khôi phục bản sao lưu") or not ask.confirm(
                self, "Khôi phục từ bản sao lưu", f"Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu “{path.name}”?"
                "\n\nDữ liệu hiện tại sẽ được sao lưu trước, nên có thể khôi phục ngược lại."):
            return None
        db_path = self.db_path

        def restored(result: object) -> None:
            saved = cast("backups.BackupInfo", result)
            self._rebuild_screens()
            ask.info(self, "Đã khôi phục", f"Đã khôi phục bản sao lưu “{path.name}”.\n"
                                           f"Dữ liệu trước khi khôi phục đã được sao lưu vào tệp\n{saved.path}")

        return run_job(self, self.conn, "Khôi phục từ bản sao lưu",
                       lambda conn, _p: backups.restore(conn, db_path, path, password), restored,
                       failed_title="Chưa khôi phục được", cancellable=False)
