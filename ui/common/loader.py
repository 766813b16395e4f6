"""A screen's heavy figures read off the GUI thread: the screen shows "Đang tải…" and stays usable.

    self.loader = Loader(conn, self)
    self.loader.load(key, lambda conn, progress: dues.year_stats(conn, year, scope), self._show_stats)

The read runs in a Worker (ui.common.workers) on a connection of its own. A newer load replaces an older one
(the clerk chose another organisation or year before the first answer came): the older is asked to stop and
its answer, if it still comes, is dropped, so the screen never shows figures of a scope it no longer shows.
A load of the same ``key`` as the one running is not started twice (a section is built, then scoped to the
same organisation). A database with no file behind it (the tests' in-memory ones, small by nature) is read at
once on the screen's own connection.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from models.storage import scratch
from ui.common.workers import Job, Worker

_POOL: QThreadPool | None = None


def _pool() -> QThreadPool:
    """Loads have their own threads, so a long print running in the global pool never delays a tab."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(3)
        _POOL.setExpiryTimeout(30_000)
    return _POOL


class Loader(QObject):
    """Loads for one screen; ``loading()`` is true while the newest one has not come back."""

    settled = Signal()        # the newest load came back (shown, failed or stopped): tests and bench wait on it

    def __init__(self, conn: sqlite3.Connection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.database = scratch.database_path(conn)
        self._current: Worker | None = None
        self._key: Hashable = None
        self._alive: set[Worker] = set()   # Python owns Workers: kept until their thread is done

    def loading(self) -> bool:
        return self._current is not None

    def load(self, key: Hashable, job: Job, show: Callable[[object], None],
             failed: Callable[[str], None] | None = None) -> None:
        """Read ``job(conn, progress)`` in the background and give its result to ``show`` on the GUI thread."""
        if self._current is not None and self._key == key:
            return
        self.cancel()
        if self.database is None:
            show(job(self.conn, lambda text, done, total: None))
            self.settled.emit()
            return
        worker = Worker(self.database, job, background=True)
        self._current, self._key = worker, key
        self._alive.add(worker)
        worker.signals.done.connect(lambda result: self._came_back(worker, lambda: show(result)))
        worker.signals.failed.connect(lambda message: self._came_back(worker, lambda: (failed or _log)(message)))
        worker.signals.cancelled.connect(lambda: self._came_back(worker, lambda: None))
        worker.signals.finished.connect(lambda: self._alive.discard(worker))
        # Started once the current event is handled: a section built for the whole commune and scoped to a cell
        # at once never spends seconds reading the whole commune in the background.
        QTimer.singleShot(0, self, lambda: self._start(worker))

    def _start(self, worker: Worker) -> None:
        if worker is self._current:
            _pool().start(worker)
        else:
            self._alive.discard(worker)

    def cancel(self) -> None:
        """Drop the load running (its answer is ignored if it still comes)."""
        if self._current is not None:
            self._current.cancel()
        self._current, self._key = None, None

    def _came_back(self, worker: Worker, then: Callable[[], object]) -> None:
        if worker is not self._current:
            return   # superseded: the screen has moved on
        self._current, self._key = None, None
        then()
        self.settled.emit()


def _log(message: str) -> None:
    logging.warning("Không tải được số liệu: %s", message)
