"""The one way the window runs a long job: a Worker off the GUI thread, shown in a small progress window.

    run_job(window, conn, "In sổ danh sách đảng viên", job, on_done=show_file)

The progress window (JobDialog) is modal to its window only and shown without a local event loop, so the
window keeps repainting and its timers keep firing, while the clerk cannot start a second job that would
clash with the first (a restore while the register prints). It shows the step in Vietnamese, a progress bar
(moving back and forth while the amount is unknown) and “Hủy”, which stops the job at its next progress
report: a transaction the job opened rolls back, and a file is only written at the very end (atomically, by
models.storage.output_files), so a stopped or failed job leaves no partial data and no partial file.

The job runs on its own connection to the open file (ui.common.workers.Worker). A database with no file
behind it (the tests' in-memory databases, which are small) cannot be opened twice: its job runs at once
on the window's connection, with the same outcome signals.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from models import paths
from models.errors import UserError
from models.storage import scratch
from ui.common.widgets import ask
from ui.common.workers import APOLOGY, Cancelled, Job, Worker

# Every job still running, so none is garbage-collected before its thread is done, and closing can stop them.
_RUNNING: set[JobDialog] = set()


class JobDialog(QDialog):
    """The progress window of one job: what it is doing, how far, and Hủy."""

    ended = Signal(str)       # "done", "failed" or "cancelled", after the job's outcome was handled

    def __init__(self, parent: QWidget | None, title: str, *, cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        self.worker: Worker | None = None
        self.cancellable = cancellable
        self.outcome = ""
        layout = QVBoxLayout(self)
        self.step = QLabel("Đang chuẩn bị…")
        self.step.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setFormat("%p%")
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.setToolTip("Dừng việc này. Không tệp nào được ghi dở, dữ liệu giữ nguyên như trước.")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setVisible(cancellable)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout.addWidget(self.step)
        layout.addLayout(row)

    def show_progress(self, text: str, done: int, total: int) -> None:
        """``total`` 0: the amount is not known yet (the bar moves back and forth)."""
        if text:
            self.step.setText(text)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def cancel(self) -> None:
        if self.worker is not None and self.cancellable and not self.worker.is_cancelled:
            self.worker.cancel()
            self.step.setText("Đang dừng…")
            self.cancel_button.setEnabled(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:   # Esc means Hủy, never "hide the window and go on unseen"
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.outcome:
            super().closeEvent(event)
            return
        self.cancel()           # the window's X is Hủy; the window closes when the job has stopped
        event.ignore()


def run_job(parent: QWidget, conn: sqlite3.Connection, title: str, job: Job,
            on_done: Callable[[object], None] | None = None, *, failed_title: str = "",
            cancellable: bool = True, cancelled_text: str = "",
            on_end: Callable[[str], object] | None = None) -> JobDialog:
    """Run ``job(conn, progress)`` off the GUI thread with a progress window; ``on_done(result)`` on success.

    A failure is shown as a Vietnamese warning titled ``failed_title`` (default: "Chưa làm xong: <title>");
    a cancel shows ``cancelled_text`` in the window's status bar when given. ``on_end(outcome)`` comes last
    whatever happened ("done", "failed", "cancelled"). Returns the progress window (its ``ended`` signal
    tells tests the outcome).
    """
    dialog = JobDialog(parent, title, cancellable=cancellable)
    failed_title = failed_title or f"Chưa làm xong: {title.lower()}"

    def finish(outcome: str, then: Callable[[], object]) -> None:
        _RUNNING.discard(dialog)
        if not shiboken6.isValid(dialog):   # the window closed while the job was stopping: nobody to tell
            return
        dialog.outcome = outcome
        dialog.close()
        dialog.deleteLater()
        then()
        if on_end is not None:
            on_end(outcome)
        dialog.ended.emit(outcome)

    def done(result: object) -> None:
        finish("done", lambda: on_done(result) if on_done is not None else None)

    def failed(message: str) -> None:
        finish("failed", lambda: ask.warn(parent, failed_title, message))

    def cancelled() -> None:
        finish("cancelled", lambda: _status_message(parent, cancelled_text) if cancelled_text else None)

    database = scratch.database_path(conn)
    if database is None:
        _run_here(conn, job, done, failed, cancelled)
        return dialog
    worker = Worker(database, job)
    dialog.worker = worker
    worker.signals.progress.connect(dialog.show_progress)
    worker.signals.done.connect(done)
    worker.signals.failed.connect(failed)
    worker.signals.cancelled.connect(cancelled)
    _RUNNING.add(dialog)
    dialog.show()
    QThreadPool.globalInstance().start(worker)
    return dialog


def _run_here(conn: sqlite3.Connection, job: Job, done: Callable[[object], None], failed: Callable[[str], None],
              cancelled: Callable[[], None]) -> None:
    """A job over a database without a file (small by nature): on this thread and connection, same outcomes."""
    try:
        result = job(conn, lambda text, step, total: None)
    except Cancelled:
        cancelled()
    except UserError as error:
        failed(error.message)
    except Exception:
        logging.exception("Lỗi không lường trước khi chạy việc")
        failed(APOLOGY.format(log=paths.log_path()))
    else:
        done(result)


def _status_message(parent: QWidget, text: str) -> None:
    window = parent.window()
    status = getattr(window, "statusBar", None)
    if callable(status):
        status().showMessage(text, 10000)


def running_jobs() -> list[JobDialog]:
    """The progress windows of the jobs still running (tests and the bench wait for none)."""
    return list(_RUNNING)


def stop_all_jobs() -> None:
    """Ask every running job to stop (the window is closing); a backup or a restore finishes."""
    for dialog in list(_RUNNING):
        dialog.cancel()
