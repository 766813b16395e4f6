"""Số liệu nhanh: the figures at a glance beside Việc cần làm on the home screen, for the commune or the
organisation chosen in the tree: a few key numbers and four small charts (the drawings the periodic report
prints). Computed in a Worker on its own connection; "Đang tính…" shows meanwhile.

The home screen is the first the program shows, so this module imports neither the report's computing nor the
charts' drawing (reportlab, about 0.2 s): the worker imports the first, and the chart views are made when the
first figures arrive.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from models import vn
from ui.common.workers import Progress, Worker, start_when_idle

if TYPE_CHECKING:
    from ui.common.chart_view import ChartView
    from ui.reports.reports_view import Computed

GLANCE_CHARTS = ("members_by_status", "attendance_by_month", "dues_by_month", "reviews_by_level")


def key_figures(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(what, figure) lines of the panel's head, the rates as the report writes them."""
    people, m, s, d = data["members"], data["meetings"], data["study"], data["dues"]
    return [
        ("Đảng viên", f"{vn.format_int(people['total'])} ({vn.format_int(people['du_bi'])} dự bị)"),
        ("Sinh hoạt đã họp", f"{vn.format_int(m['held'])}/{vn.format_int(m['expected'])} buổi"),
        ("Dự sinh hoạt", vn.format_rate(m["present"], m["should_attend"])),
        ("Học tập nghị quyết", vn.format_rate(s["participants"], s["expected"])),
        ("Thu đảng phí", vn.format_rate(d["collected"], d["due"])),
    ]


class FiguresPanel(QWidget):
    """The year's key figures and four charts for a scope; ``set_scope`` recomputes in the background."""

    def __init__(self, conn: sqlite3.Connection, database: Path, parent: QWidget | None = None,
                 pool: QThreadPool | None = None) -> None:
        """``pool``: the thread pool to run in; the home screen passes its own one-thread pool, so the figures
        are computed after its to-do list, not beside it (both at once held ~190 MB at 10,000 members)."""
        super().__init__(parent)
        self.conn = conn
        self.database = Path(database)
        self.org_id: int | None = None
        self.year = dt.date.today().year
        self.data: dict[str, Any] | None = None
        self.worker: Worker | None = None
        self._workers: set[Worker] = set()
        self._pool = pool or QThreadPool(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(f"Số liệu năm {self.year}")
        self.title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.title)
        self.stack = QStackedWidget()
        self.placeholder = QLabel("Đang tính…")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self._content())
        layout.addWidget(self.stack, 1)

    def _content(self) -> QWidget:
        """The key figures, then the charts one under another: beside Việc cần làm the panel is about 600
        pixels wide, and a chart any narrower would print its labels too small to read."""
        content = QWidget()
        self.column = QVBoxLayout(content)
        self.figures = QLabel()
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.setWordWrap(True)
        self.column.addWidget(self.figures)
        self.charts: dict[str, ChartView] = {}   # made with the first figures (_add_charts)
        self.column.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(content)
        return area

    def set_scope(self, org_id: int | None) -> None:
        """Show the figures of an organisation with its sub-units (None: the commune); computed in a worker."""
        self.org_id = org_id
        if self.worker is not None:
            self.worker.cancel()
        self.stack.setCurrentWidget(self.placeholder)
        self.placeholder.setText("Đang tính…")
        worker = Worker(self.database, partial(_job, year=self.year, org_id=org_id), background=True)
        worker.signals.done.connect(lambda result, w=worker: self._show(result) if w is self.worker else None)
        worker.signals.failed.connect(lambda text, w=worker: self._failed(text) if w is self.worker else None)
        worker.signals.finished.connect(lambda w=worker: self._workers.discard(w))
        self.worker = worker
        self._workers.add(worker)
        start_when_idle(self._pool, worker, self._workers)

    def stop(self) -> None:
        """Stop computing; an answer still coming is not shown."""
        if self.worker is not None:
            self.worker.cancel()
        self.worker = None

    def _failed(self, message: str) -> None:
        self.worker = None
        self.placeholder.setText(message)

    def _add_charts(self) -> None:
        """The chart views, under the key figures, once."""
        from ui.common.chart_view import ChartView

        for position, key in enumerate(GLANCE_CHARTS, start=1):
            view = ChartView()
            self.column.insertWidget(position, view)
            self.charts[key] = view

    def _show(self, result: object) -> None:
        from ui.reports.reports_view import Computed  # the worker imported it

        assert isinstance(result, Computed)
        if not self.charts:
            self._add_charts()
        self.worker = None
        self.data = result.data
        where = result.data.get("scope") or result.data.get("committee") or "Đảng bộ xã"
        months = result.data["months"]
        self.title.setText(f"Số liệu năm {result.data['year']} (đến hết tháng {months[-1]}) – {where}")
        self.figures.setText("\n".join(f"{what}: {figure}" for what, figure in key_figures(result.data)))
        for key, svg in result.charts:
            if key in self.charts:
                self.charts[key].show_svg(svg)
        self.stack.setCurrentIndex(1)


def _job(conn: sqlite3.Connection, progress: Progress, *, year: int, org_id: int | None) -> Computed:
    """This year's months already over (the month in progress is not a missed month); in January, last year."""
    # Imported here, off the GUI thread, the first time: the computing, and the chart view with what it loads
    # (Qt's SVG library, reportlab's fonts: ~80 ms the window would otherwise stop for when the figures arrive,
    # and seconds while a long job competes for the interpreter)
    from ui.common import chart_view  # noqa: F401 - loaded for _add_charts
    from ui.reports.reports_view import compute

    if dt.date.today().month == 1 and year == dt.date.today().year:
        year -= 1
    return compute(conn, progress, year, None, None, org_id, months_over=True)
