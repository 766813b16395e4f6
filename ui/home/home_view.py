"""Việc cần làm: the screen the program opens on — what the office has to act on, and the figures beside it.

The list is computed by models.reporting.todo for the organisation chosen in the tree. At 10,000 members
that takes seconds, so it runs in a Worker (its own connection) while the screen shows “Đang tính…” with
a progress bar and a stop button; the GUI thread only shows the result. Double-click, Enter or “Mở” asks
the main window (``open_requested``) to open the record the item is about.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.commune import organisations
from models.reporting import todo_items
from models.reporting.todo_items import TodoItem
from models.storage import db, scratch
from ui.common.section import SectionView
from ui.common.table_model import BY_HAND, STRETCH, record_view, resize_modes, size_columns
from ui.common.widgets import two_panes
from ui.common.workers import Progress, Worker, start_when_idle
from ui.home.figures_panel import FiguresPanel
from ui.home.todo_table import TodoTableModel

ALL_KINDS = ""


class HomeView(SectionView):
    """The to-do list of the scope (left) and the figures at a glance (right)."""

    open_requested = Signal(object)   # a todo_items.Target: the main window opens that record
    computed = Signal()               # the list on screen is up to date (tests wait on it)

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(conn, parent)
        self.database = scratch.database_path(conn)   # None: an in-memory file, computed here (tests)
        self.items: list[TodoItem] = []
        self._computed_at: tuple[int, int] | None = None   # db.change_marker when the list was computed
        self.worker: Worker | None = None
        self._workers: set[Worker] = set()            # kept alive until each has finished
        # one thread for the to-do list and the figures: the second waits until the first finished
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.figures = FiguresPanel(conn, self.database or Path(), self, pool=self._pool)
        self.body.addWidget(two_panes(self._build_list(), self.figures, stretch=(1, 0), sizes=(760, 300)))

    # ------------------------------------------------------------ layout

    def _build_list(self) -> QWidget:
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._header())
        layout.addLayout(self._progress_row())
        self.model = TodoTableModel(self)
        self.table = record_view(self.model, sortable=True)
        self.table.horizontalHeader().setSortIndicatorShown(False)   # first look: the list's own order
        size_columns(self.table.horizontalHeader(), self.model.columns)
        resize_modes(self.table.horizontalHeader(), BY_HAND, BY_HAND, BY_HAND, BY_HAND, STRETCH)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        self.table.activated.connect(lambda *_: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        layout.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setMinimumHeight(4 * self.details.fontMetrics().lineSpacing())
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.details.setStyleSheet("color: #333;")
        layout.addWidget(self.details)
        return pane

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.title = QLabel()
        self.title.setWordWrap(True)     # a long organisation name wraps instead of widening the window
        row.addWidget(self.title, 1)
        row.addWidget(QLabel("Loại việc:"))
        self.kind_box = QComboBox()
        # the longest kind with its count; the window must fit a 1366-pixel screen beside the tree and figures
        self.kind_box.setMinimumContentsLength(22)
        self.kind_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_box.currentIndexChanged.connect(lambda *_: self._show_items())
        row.addWidget(self.kind_box)
        self.open_button = QPushButton("Mở")
        self.open_button.setToolTip("Mở hồ sơ, buổi sinh hoạt hoặc mục cần làm của dòng đang chọn (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.open_button)
        self.refresh_button = QPushButton("Tính lại")
        self.refresh_button.setToolTip("Tính lại danh sách theo dữ liệu mới nhất")
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        return row

    def _progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.progress_label = QLabel("Đang tính…")
        self.progress_bar = QProgressBar()
        self.progress_bar.setFormat("%p%")
        self.stop_button = QPushButton("Dừng")
        self.stop_button.setToolTip("Dừng tính; bấm “Tính lại” để tính lại sau")
        self.stop_button.clicked.connect(self.stop)
        for widget in (self.progress_label, self.progress_bar, self.stop_button):
            row.addWidget(widget)
        row.addStretch(1)
        self._show_busy(False)
        return row

    # ------------------------------------------------------------ computing

    def set_scope(self, org_id: int | None) -> None:
        """The to-do list first, then the figures (queued behind it in the same one-thread pool)."""
        super().set_scope(org_id)
        self.figures.set_scope(org_id)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Back from acting on an item (a member confirmed, minutes adopted): the list follows the data."""
        super().showEvent(event)
        if self._computed_at is not None and self.worker is None and self._computed_at != db.change_marker(self.conn):
            self.refresh()

    def refresh(self) -> None:
        """Compute the list for the scope: in a worker on a file, here for an in-memory database."""
        self.stop()
        scope, on = self.scope, dt.date.today()
        self._computed_at = db.change_marker(self.conn)
        self._show_title(scope, on)
        if self.database is None:
            self._done(_compute(self.conn, scope, on, None))
            return
        worker = Worker(self.database, lambda conn, progress: _compute(conn, scope, on, progress), background=True)
        worker.signals.progress.connect(self._progress)
        worker.signals.done.connect(self._done)
        worker.signals.failed.connect(self._failed)
        worker.signals.cancelled.connect(self._cancelled)
        worker.signals.finished.connect(lambda w=worker: self._workers.discard(w))
        self.worker = worker
        self._workers.add(worker)
        self.model.set_rows([])
        self.details.setText("")
        self.open_button.setEnabled(False)
        self._show_busy(True)
        start_when_idle(self._pool, worker, self._workers)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
        self.worker = None
        self._show_busy(False)

    def close_down(self) -> None:
        super().close_down()
        self.stop()
        self.figures.stop()

    def _current(self) -> bool:
        """The signal comes from the worker the screen still waits for (not one stopped by a new scope)."""
        return self.worker is not None and self.sender() is self.worker.signals

    def _progress(self, text: str, done: int, total: int) -> None:
        if self._current():
            self.progress_label.setText(text)
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)

    def _done(self, result: object) -> None:
        if self.database is not None and not self._current():
            return
        self.worker = None
        self._show_busy(False)
        assert isinstance(result, list)
        self.items = result
        self._fill_kinds()
        self._show_items()
        self.computed.emit()

    def _failed(self, message: str) -> None:
        if self._current():
            self.worker = None
            self._show_busy(False)
            self.details.setText(f"Chưa tính được việc cần làm: {message}")

    def _cancelled(self) -> None:
        if self._current():
            self.worker = None
            self._show_busy(False)

    def _show_busy(self, busy: bool) -> None:
        for widget in (self.progress_label, self.progress_bar, self.stop_button):
            widget.setVisible(busy)
        if busy:
            self.progress_label.setText("Đang tính…")
            self.progress_bar.setRange(0, 0)
        self.refresh_button.setEnabled(not busy)

    # ------------------------------------------------------------ showing

    def _show_title(self, scope: int | None, on: dt.date) -> None:
        where = organisations.get(self.conn, scope).name if scope is not None else "Toàn Đảng bộ"
        self.title.setText(f"<b>Việc cần làm</b> – {where}, ngày {vn.format_date(on)}")

    def _fill_kinds(self) -> None:
        """“Tất cả (N)” then each kind that has items, with its count; the chosen kind stays chosen."""
        chosen = self.kind_box.currentData()
        counts = todo_items.counts(self.items)
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        self.kind_box.addItem(f"Tất cả ({vn.format_int(len(self.items))})", ALL_KINDS)
        for kind, count in counts.items():
            if count:
                self.kind_box.addItem(f"{todo_items.KINDS[kind]} ({vn.format_int(count)})", kind)
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(chosen), 0))
        self.kind_box.blockSignals(False)

    def _show_items(self) -> None:
        kind = self.kind_box.currentData() or ALL_KINDS
        shown = [item for item in self.items if kind in (ALL_KINDS, item.kind)]
        self.model.set_rows(shown)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        if shown:
            self.table.selectRow(0)
        self._show_selected()

    def selected_item(self) -> TodoItem | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        item = self.selected_item()
        self.open_button.setEnabled(item is not None)
        if item is None:
            overdue = sum(1 for i in self.items if i.overdue)
            self.details.setText("Không có việc nào cần làm." if not self.items else
                                 f"{vn.format_int(len(self.items))} việc, {vn.format_int(overdue)} việc quá hạn.")
            return
        head = f"{item.kind_name} – {vn.format_date(item.date)}"
        head = f"<b style='color:#b3261e'>{head} (quá hạn)</b>" if item.overdue else f"<b>{head}</b>"
        self.details.setText(f"{head}: {_escape(item.message)}<br><i>Căn cứ: {_escape(item.rule)}</i>")

    def open_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.open_requested.emit(item.target)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _compute(conn: sqlite3.Connection, scope: int | None, on: dt.date,
             progress: Progress | None) -> list[TodoItem]:
    """The list, computed by the rules: imported here, in the worker, the first time (≈ 0.1 s off the start)."""
    from models.reporting import todo

    return todo.items(conn, scope, on, progress)

