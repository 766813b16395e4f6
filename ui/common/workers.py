"""Long work off the GUI thread: a job with its own SQLite connection, a progress report and a way to stop.

    worker = Worker(database_path, lambda conn, progress: excel_import.preview(conn, sheet, progress=progress))
    worker.signals.progress.connect(show)       # (text, done, total); total 0 when unknown
    worker.signals.done.connect(use_result)     # the job's return value
    worker.signals.failed.connect(show_error)   # a Vietnamese message (UserError, or an apology for a bug)
    worker.signals.cancelled.connect(...)       # the job stopped at cancel()
    pool.start(worker)                          # a QThreadPool; worker.cancel() to stop it

The job runs in a pool thread with a connection of its own, opened from the database path (an SQLite
connection belongs to one thread; the GUI keeps its own). That connection refuses what the account logged in
when the job was made may not write (models.access.guard), and the audit trail names that account.
It calls ``progress(text, done, total)`` as it goes: that is where cancel() takes effect (Cancelled is
raised inside the job, so a transaction the job opened rolls back: all or nothing). Results reach the GUI
thread through queued signals; the GUI thread only shows them.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from models import paths
from models.access import guard
from models.errors import UserError
from models.storage import audit, db
from ui.access import login_dialog

Progress = Callable[[str, int, int], None]
Job = Callable[[sqlite3.Connection, Progress], object]
APOLOGY = ("Xin lỗi, chương trình gặp lỗi không lường trước nên việc này chưa làm được; dữ liệu đã lưu không bị "
           "ảnh hưởng. Chi tiết đã ghi vào {log}; hãy gửi tệp này cho người hỗ trợ.")


class Cancelled(Exception):
    """Raised inside a job when the user stopped it."""


class WorkerSignals(QObject):
    """Created on the GUI thread, so connected slots run there (queued) whatever thread emits."""

    progress = Signal(str, int, int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()          # after any of done / failed / cancelled


class Worker(QRunnable):
    """One job on its own connection to ``database``; start it with a QThreadPool.

    ``background``: work the clerk did not ask for just now (the home screen's list and figures, a tab's
    figures, the day's backup). It steps aside at its progress reports while a job the clerk started runs
    (``foreground_jobs``): with two busy workers, the window's thread waited its turn at Python's interpreter
    lock for up to a second at a time while a register printed (measured on the 10,000-member demo)."""

    REPORT_EVERY = 0.05          # seconds between progress signals, unless a whole percent went by

    def __init__(self, database: str | Path, job: Job, *, background: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)        # Python owns it: the caller keeps it until ``finished``
        self.database = Path(database)
        self.job = job
        self.background = background
        self.access = login_dialog.current()   # who started the job: its rights and its name in the audit trail
        self.signals = WorkerSignals()
        self._stop = threading.Event()
        self._last_report = 0.0
        self._last_step: tuple[str, int] = ("", -1)

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report (safe from any thread)."""
        self._stop.set()

    @property
    def is_cancelled(self) -> bool:
        return self._stop.is_set()

    def report(self, text: str, done: int, total: int) -> None:
        """The job's progress callback."""
        if self.background:
            _wait_for_foreground_jobs(self._stop)
        if self._stop.is_set():
            raise Cancelled
        now = time.monotonic()
        step = (text, 100 * done // total if total > 0 else -1)
        if step != self._last_step or now - self._last_report >= self.REPORT_EVERY:
            self._last_report, self._last_step = now, step
            try:
                self.signals.progress.emit(text, done, total)
            except RuntimeError:   # the window closed while the job ran: nobody is waiting, stop here
                self._stop.set()
                raise Cancelled from None

    def run(self) -> None:
        try:
            self._run_and_tell()
        except RuntimeError:   # the program closed while the job ran: its signals are gone, nobody to tell
            logging.info("Việc nền xong sau khi cửa sổ đã đóng")

    def _run_and_tell(self) -> None:
        try:
            result = self._run_job()
        except Cancelled:
            self.signals.cancelled.emit()
        except UserError as error:
            self.signals.failed.emit(error.message)
        except Exception:
            logging.exception("Lỗi không lường trước khi chạy việc nền")
            self.signals.failed.emit(APOLOGY.format(log=paths.log_path()))
        else:   # finished, even if cancel() came too late: what the job did is done, so say so
            self.signals.done.emit(result)
        self.signals.finished.emit()

    def _run_job(self) -> object:
        if self.background:
            _wait_for_foreground_jobs(self._stop)
        if self._stop.is_set():
            raise Cancelled
        conn = db.open_db(self.database, create=False)
        try:
            guard.install(conn, self.access)
            author = audit.acting_in_this_thread(self.access.login) if self.access.login else contextlib.nullcontext()
            kind = contextlib.nullcontext() if self.background else foreground_job()
            with kind, cyclic_gc_paused(), author:
                return self.job(conn, self.report)
        finally:
            conn.close()


def start_when_idle(pool: QThreadPool, worker: Worker, alive: set[Worker]) -> None:
    """Start ``worker`` on ``pool`` once the event loop runs (the screen is painted before the work competes with
    it), unless it was stopped before it began (a newer scope came first); ``alive`` keeps Python's Worker until
    it is done."""
    def start() -> None:
        if worker.is_cancelled:
            alive.discard(worker)
        else:
            pool.start(worker)

    QTimer.singleShot(0, pool, start)


# How long a worker may keep Python's interpreter lock when the window's thread asks for it (Python's default is
# 5 ms). The window answers an event through many short Python calls, each waiting that long for the lock while
# a worker computes: showing a job's progress window took 150–300 ms beside a register being laid out.
WINDOW_SWITCH_INTERVAL = 0.001


def share_the_interpreter_with_the_window() -> None:
    """Let the window's thread have the interpreter lock back within a millisecond of asking (see above)."""
    sys.setswitchinterval(WINDOW_SWITCH_INTERVAL)


_foreground = threading.Condition()
_foreground_count = 0


@contextlib.contextmanager
def foreground_job() -> Iterator[None]:
    """While this runs, background workers wait at their next progress report."""
    global _foreground_count
    with _foreground:
        _foreground_count += 1
    try:
        yield
    finally:
        with _foreground:
            _foreground_count -= 1
            _foreground.notify_all()


def foreground_jobs() -> int:
    """How many jobs the clerk started are running now."""
    with _foreground:
        return _foreground_count


def _wait_for_foreground_jobs(stop: threading.Event) -> None:
    """Sleep (holding no lock of Python's) until no job the clerk started runs, or this worker is stopped."""
    with _foreground:
        while _foreground_count and not stop.is_set():
            _foreground.wait(0.1)


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_thresholds = gc.get_threshold()
NO_FULL_COLLECTION = 1_000_000   # gen-1 collections before a full one: never, within a job


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No full garbage collection while a job runs (Python's usual thresholds come back when the last job ends).

    A collection holds the interpreter lock, so every thread waits for it: while a register of a thousand
    pages was laid out, Python's full collections over the growing heap froze the window for up to a second
    each, some fifteen times (measured on the 10,000-member demo). With collection switched off altogether
    the layout's cyclic garbage piled up instead (400,000 objects: a 2.4 s collection at the end); the young
    generations, collected as usual, hold only what was made since the last few hundred allocations, so
    their collections take microseconds and catch most of that garbage while it is young.
    """
    global _gc_pausers, _gc_thresholds
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_thresholds = gc.get_threshold()
            gc.set_threshold(_gc_thresholds[0], _gc_thresholds[1], NO_FULL_COLLECTION)
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0:
                gc.set_threshold(*_gc_thresholds)
