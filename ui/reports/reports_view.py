"""Báo cáo: the figures of a year, a quarter or a month for the commune (or the organisation chosen in the
tree): the figures table with the warnings, the charts (the very drawings the paper prints), one row per
organisation; the periodic report printed to PDF or written to Excel, and the figures copied for Word.

Computing and printing run in a Worker on its own connection (a 10,000-member commune takes seconds): the
tab shows "Đang tính…" with a progress bar and a Dừng button at once, and the window stays usable."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.errors import UserError
from models.excel.report_export import report_xlsx
from models.reporting import periods, reports
from models.storage import scratch
from printing import charts, registry
from ui.common import files
from ui.common.chart_view import ChartView
from ui.common.table_model import FIT, RIGHT, STRETCH, Column, TableModel, record_view, resize_modes
from ui.common.widgets import ErrorLabel, two_panes
from ui.common.workers import Job, Progress, Worker

FIRST_YEAR = 2020


@dataclass(frozen=True)
class ReportLine:
    """One figure of the report; ``first`` marks the first line of its section, the only one naming it."""

    section: str
    item: str
    figure: str
    first: bool


@cache
def _bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _bold(line: ReportLine, role: int) -> QFont | None:
    return _bold_font() if role == Qt.ItemDataRole.FontRole else None


def _tooltip(line: ReportLine) -> str:
    return f"{line.section} – {line.item}: {line.figure}"


REPORT_COLUMNS: tuple[Column[ReportLine], ...] = (
    Column("section", "Phần", lambda r: r.section if r.first else "", tooltip=_tooltip, look=_bold),
    Column("item", "Chỉ tiêu", lambda r: r.item, tooltip=_tooltip),
    Column("figure", "Số liệu", lambda r: r.figure, tooltip=_tooltip, align=RIGHT, look=_bold),
)


class ReportTableModel(TableModel[ReportLine]):
    """Rows of (section, item, figure); the section is written only on the first row of each section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(REPORT_COLUMNS, parent)

    def set_rows(self, rows: Sequence[tuple[str, str, str] | ReportLine]) -> None:
        lines = [row if isinstance(row, ReportLine) else ReportLine(*row, first=False) for row in rows]
        super().set_rows([replace(line, first=number == 0 or lines[number - 1].section != line.section)
                          for number, line in enumerate(lines)])


ORG_COLUMNS: tuple[Column[dict[str, Any]], ...] = (
    Column("name", "Tổ chức đảng", lambda r: f"– {r['name']}" if r["parent"] else r["name"],
           tooltip=lambda r: f"{r['name']} ({r['parent']})" if r["parent"] else r["name"],
           sort=lambda r: vn.text_sort_key(r["name"])),
    Column("members", "Đảng viên", lambda r: vn.format_int(r["members"]["total"]), align=RIGHT,
           sort=lambda r: r["members"]["total"]),
    Column("probation", "Dự bị", lambda r: vn.format_int(r["members"]["du_bi"]), align=RIGHT,
           sort=lambda r: r["members"]["du_bi"]),
    Column("meetings", "Đã họp/phải họp", lambda r: f"{r['meetings']['held']}/{r['meetings']['expected']}",
           align=RIGHT, sort=lambda r: (r["meetings"]["held"] - r["meetings"]["expected"], r["meetings"]["held"])),
    Column("attendance", "Dự họp", lambda r: _rate(r["meetings"]["attendance_rate"]), align=RIGHT,
           sort=lambda r: r["meetings"]["attendance_rate"] or -1.0),
    Column("study", "Học tập", lambda r: _rate(r["study"]["participation_rate"]), align=RIGHT,
           sort=lambda r: r["study"]["participation_rate"] or -1.0),
    Column("dues", "Đảng phí đã thu", lambda r: vn.format_int(r["dues"]["collected"]), align=RIGHT,
           sort=lambda r: r["dues"]["collected"]),
    Column("dues_rate", "Tỷ lệ thu", lambda r: _rate(r["dues"]["collection_rate"]), align=RIGHT,
           sort=lambda r: r["dues"]["collection_rate"] or -1.0),
)


def _rate(value: float | None) -> str:
    return vn.format_percent(None if value is None else Decimal(str(value)))


class OrganisationFiguresModel(TableModel[dict[str, Any]]):
    """One row per organisation of ``by_organisation`` (the rows add up to the figures table's totals)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(ORG_COLUMNS, parent)


# The periods a user picks: (label, quarter, month); None, None is the whole year.
PERIODS: tuple[tuple[str, int | None, int | None], ...] = (
    ("Cả năm", None, None),
    *[(f"Quý {periods.ROMAN[q - 1]}", q, None) for q in range(1, 5)],
    *[(f"Tháng {m}", None, m) for m in range(1, 13)],
)


@dataclass(frozen=True)
class Computed:
    """What the worker hands the screen: the figures and each chart as SVG."""

    data: dict[str, Any]
    charts: tuple[tuple[str, bytes], ...]


def compute(conn: sqlite3.Connection, progress: Progress, year: int, quarter: int | None, month: int | None,
            org_id: int | None, *, months_over: bool = False) -> Computed:
    """The job: the year report (the whole year, with its warnings) or the period's figures (a quarter, a month,
    or the year with ``months_over``: only its months already over), then the charts (no Qt here)."""
    progress("Đang tính số liệu…", 0, 2)
    if quarter is None and month is None and not months_over:
        data = reports.year_report(conn, year, org_id)
    else:
        data = reports.period_figures(conn, periods.period(year, quarter, month), org_id)
    progress("Đang vẽ biểu đồ…", 1, 2)
    drawn = tuple((key, charts.svg(draw(data))) for key, draw in charts.CHARTS)
    progress("Xong", 2, 2)
    return Computed(data, drawn)


def print_report(conn: sqlite3.Connection, progress: Progress, path: Path, year: int, quarter: int | None,
                 month: int | None) -> Path:
    """The job behind "In báo cáo (PDF)…": through the registry, as ``print report`` does."""
    progress("Đang tính số liệu báo cáo…", 0, 3)
    data = registry.PERIOD_REPORT.gather(conn, year=year, quarter=quarter, month=month)
    progress("Đang dàn trang…", 1, 3)
    pdf = registry.PERIOD_REPORT.render(data)
    progress("Đang ghi tệp…", 2, 3)      # the last moment to stop: the file is written whole or not at all
    files.write_file(path, pdf)
    return path


def export_report(conn: sqlite3.Connection, progress: Progress, path: Path, year: int, quarter: int | None,
                  month: int | None, org_id: int | None) -> Path:
    """The job behind "Xuất Excel…": the same workbook as ``export-report``."""
    progress("Đang tính số liệu…", 0, 2)
    data = reports.period_figures(conn, periods.period(year, quarter, month), org_id)
    progress("Đang ghi tệp Excel…", 1, 2)
    files.write_file(path, report_xlsx(data, reports.year_report_rows(data)))
    return path


class ReportsView(QWidget):
    """The figures of the chosen year and period, computed in the background when shown."""

    CHART_TITLES = {"members_by_status": "Đảng viên", "members_by_organisation": "Theo tổ chức",
                    "attendance_by_month": "Dự họp", "study_by_organisation": "Học tập",
                    "reviews_by_level": "Xếp loại", "dues_by_month": "Đảng phí"}

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.database = scratch.database_path(conn)   # None (a test's memory database): computed in place
        self.org_id: int | None = None
        self.data: dict[str, Any] | None = None
        self.worker: Worker | None = None
        self._workers: set[Worker] = set()           # kept until ``finished``: Qt must not delete them early
        self._pool = QThreadPool(self)
        self._stale = True
        self._build()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        layout.addLayout(self._progress_row())
        self.error = ErrorLabel()
        self.error.show_error("")
        layout.addWidget(self.error)
        self.stack = QStackedWidget()
        self.placeholder = QLabel("Đang tính…")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)
        self.pages = QTabWidget()
        self.pages.addTab(self._figures_page(), "Số liệu")
        self.pages.addTab(self._charts_page(), "Biểu đồ")
        self.org_model = OrganisationFiguresModel(self)
        self.org_table = record_view(self.org_model, sortable=True)
        header = self.org_table.horizontalHeader()
        resize_modes(header, STRETCH, *[FIT] * (len(ORG_COLUMNS) - 1))
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)   # tree order until the user sorts
        self.pages.addTab(self.org_table, "Theo tổ chức")
        self.stack.addWidget(self.pages)
        layout.addWidget(self.stack, 1)

    def _top_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(QLabel("Năm:"))
        self.year_box = QComboBox()
        this_year = dt.date.today().year
        for year in range(this_year, FIRST_YEAR - 1, -1):
            self.year_box.addItem(str(year), year)
        self.year_box.setToolTip("Chọn năm cần xem số liệu")
        self.year_box.currentIndexChanged.connect(lambda *_: self.refresh())
        top.addWidget(self.year_box)
        top.addWidget(QLabel("Kỳ:"))
        self.period_box = QComboBox()
        for label, _quarter, _month in PERIODS:
            self.period_box.addItem(label)
        self.period_box.setToolTip("Cả năm, một quý hay một tháng (chỉ tính những tháng đã qua)")
        self.period_box.currentIndexChanged.connect(lambda *_: self.refresh())
        top.addWidget(self.period_box)
        self.title = QLabel()
        title_font = self.title.font()
        title_font.setPointSize(title_font.pointSize() + 2)
        title_font.setBold(True)
        self.title.setFont(title_font)
        top.addWidget(self.title, 1)
        self.print_button = QPushButton("In báo cáo (PDF)…")
        self.print_button.setToolTip("In báo cáo tháng, quý, năm của Đảng ủy (Số …-BC/ĐU) kèm biểu đồ và phụ lục")
        self.print_button.clicked.connect(self.print_pdf)
        self.excel_button = QPushButton("Xuất Excel…")
        self.excel_button.setToolTip("Ghi số liệu của kỳ ra tệp Excel: tổng hợp, từng tổ chức, từng tháng")
        self.excel_button.clicked.connect(self.export_excel)
        self.copy_button = QPushButton("Sao chép số liệu")
        self.copy_button.setToolTip("Chép toàn bộ số liệu và cảnh báo để dán vào báo cáo Word")
        self.copy_button.clicked.connect(self.copy_text)
        self.refresh_button = QPushButton("Tính lại")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.setToolTip("Tính lại số liệu từ dữ liệu mới nhất (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        for button in (self.print_button, self.excel_button, self.copy_button, self.refresh_button):
            top.addWidget(button)
        return top

    def _progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.progress_label = QLabel("")
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(260)
        self.stop_button = QPushButton("Dừng")
        self.stop_button.setToolTip("Dừng việc đang làm; không tệp nào bị ghi dở")
        self.stop_button.clicked.connect(self.stop)
        for widget in (self.progress_label, self.progress_bar, self.stop_button):
            row.addWidget(widget)
            widget.setVisible(False)
        row.addStretch(1)
        return row

    def _figures_page(self) -> QWidget:
        self.model = ReportTableModel(self)
        self.table = record_view(self.model)
        self.table.setWordWrap(True)   # a report line is a sentence, read whole
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        resize_modes(self.table.horizontalHeader(), FIT, STRETCH, FIT)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.warnings_label = QLabel("Cảnh báo")
        self.warnings_label.setStyleSheet("font-weight: bold;")
        side_layout.addWidget(self.warnings_label)
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.warnings.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.warnings.setSpacing(3)
        side_layout.addWidget(self.warnings)
        splitter = two_panes(self.table, side, stretch=(3, 2))
        splitter.setChildrenCollapsible(False)
        return splitter

    def _charts_page(self) -> QWidget:
        """Two charts a row, scrolling: at 1366×768 each reads at about 600 pixels wide."""
        holder = QWidget()
        grid = QGridLayout(holder)
        self.charts: dict[str, ChartView] = {}
        for number, (key, _draw) in enumerate(charts.CHARTS):
            view = ChartView()
            view.setToolTip(self.CHART_TITLES[key])
            grid.addWidget(view, number // 2, number % 2, Qt.AlignmentFlag.AlignTop)
            self.charts[key] = view
        grid.setRowStretch(len(charts.CHARTS) // 2 + 1, 1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(holder)
        return area

    # ------------------------------------------------------------ scope and period

    @property
    def year(self) -> int:
        return int(self.year_box.currentData())

    @property
    def period(self) -> tuple[int | None, int | None]:
        """(quarter, month): both None for the whole year."""
        _label, quarter, month = PERIODS[max(self.period_box.currentIndex(), 0)]
        return quarter, month

    def set_year(self, year: int) -> None:
        index = self.year_box.findData(year)
        if index >= 0:
            self.year_box.setCurrentIndex(index)

    def set_period(self, quarter: int | None = None, month: int | None = None) -> None:
        chosen = [(q, m) for _label, q, m in PERIODS]
        if (quarter, month) in chosen:
            self.period_box.setCurrentIndex(chosen.index((quarter, month)))

    def set_scope(self, org_id: int | None) -> None:
        """Show the figures of one organisation with its sub-units (None: the whole commune)."""
        self.org_id = org_id
        self._stale = True
        if self.isVisible():
            QTimer.singleShot(0, self._refresh_if_stale)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self._refresh_if_stale)

    def _refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    # ------------------------------------------------------------ computing

    def refresh(self) -> None:
        """Compute the figures of the chosen year, period and scope: in a worker, the placeholder meanwhile."""
        self._stale = False
        quarter, month = self.period
        job: Job = partial(_compute_job, year=self.year, quarter=quarter, month=month, org_id=self.org_id)
        self.stack.setCurrentWidget(self.placeholder)
        self.placeholder.setText("Đang tính…")
        self.error.show_error("")
        self._run(job, self._show_computed, "Đang tính…")

    def _run(self, job: Job, done: Callable[[Any], None], text: str) -> None:
        """Run a job in a worker (its own connection), or here for a database with no file (tests)."""
        self._drop_worker()
        if self.database is None:
            try:
                done(job(self.conn, lambda *_: None))
            except UserError as error:
                self._failed(error.message)
            return
        worker = Worker(self.database, job)
        worker.signals.progress.connect(self._progress)
        worker.signals.done.connect(lambda result, w=worker: self._finished_with(w, done, result))
        worker.signals.failed.connect(lambda message, w=worker: self._failed(message) if w is self.worker else None)
        worker.signals.cancelled.connect(lambda w=worker: self._cancelled() if w is self.worker else None)
        worker.signals.finished.connect(lambda w=worker: self._workers.discard(w))
        self.worker = worker
        self._workers.add(worker)
        self._show_busy(text)
        self._pool.start(worker)

    def _finished_with(self, worker: Worker, done: Callable[[Any], None], result: object) -> None:
        if worker is self.worker:
            self.worker = None
            self._hide_busy()
            done(result)

    def _drop_worker(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
        self.worker = None
        self._hide_busy()

    def stop(self) -> None:
        """The Dừng button: the job stops at its next step; nothing half-done is kept."""
        if self.worker is not None:
            self.worker.cancel()

    def _show_busy(self, text: str) -> None:
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, 0)
        for widget in (self.progress_label, self.progress_bar, self.stop_button):
            widget.setVisible(True)
        for button in (self.print_button, self.excel_button):
            button.setEnabled(False)

    def _hide_busy(self) -> None:
        for widget in (self.progress_label, self.progress_bar, self.stop_button):
            widget.setVisible(False)
        for button in (self.print_button, self.excel_button):
            button.setEnabled(True)

    def _progress(self, text: str, done: int, total: int) -> None:
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    def _failed(self, message: str) -> None:
        self.worker = None
        self._hide_busy()
        self.error.show_error(message)
        if self.stack.currentWidget() is self.placeholder:
            self.data = None
            self.placeholder.setText(message)
            self.model.set_rows([])
            self.warnings.clear()

    def _cancelled(self) -> None:
        self.worker = None
        self._hide_busy()
        if self.stack.currentWidget() is self.placeholder:
            self.placeholder.setText("Đã dừng. Bấm “Tính lại” (F5) để tính số liệu.")

    def _show_computed(self, result: object) -> None:
        assert isinstance(result, Computed)
        self.data = data = result.data
        where = data.get("scope") or data.get("committee") or "Đảng bộ xã"
        what = data.get("period") or f"năm {data['year']}"
        self.title.setText(f"Số liệu {what} – {where}")
        self.model.set_rows(reports.year_report_rows(data))
        self.warnings.clear()
        items = [w["message"] for w in data.get("warnings", [])]
        self.warnings.addItems(items or ["Không có cảnh báo."])
        self.warnings_label.setText(f"Cảnh báo ({len(items)})" if items else "Cảnh báo")
        self.org_model.set_rows(data["by_organisation"])
        for key, svg in result.charts:
            self.charts[key].show_svg(svg)
        self.stack.setCurrentWidget(self.pages)
        self.table.resizeRowsToContents()     # once laid out at its width: hidden, every line would wrap

    # ------------------------------------------------------------ print, export, copy

    def _suggested(self, suffix: str) -> str:
        quarter, month = self.period
        part = f"-quy-{quarter}" if quarter else f"-thang-{month:02d}" if month else ""
        return f"bao-cao-{self.year}{part}{suffix}"

    def print_pdf(self) -> None:
        """Ask where, then print the periodic report of the chosen period in a worker and open it."""
        path = files.ask_output_path(self, "Lưu báo cáo thành tệp PDF", self._suggested(".pdf"), ".pdf")
        if path is None:
            return
        quarter, month = self.period
        self._run(partial(_print_job, path=path, year=self.year, quarter=quarter, month=month),
                  self._written, "Đang in báo cáo…")

    def export_excel(self) -> None:
        path = files.ask_output_path(self, "Lưu số liệu thành tệp Excel", self._suggested(".xlsx"), ".xlsx")
        if path is None:
            return
        quarter, month = self.period
        self._run(partial(_export_job, path=path, year=self.year, quarter=quarter, month=month, org_id=self.org_id),
                  self._written, "Đang xuất Excel…")

    def _written(self, result: object) -> None:
        assert isinstance(result, Path)
        files.open_file(result)

    def copy_text(self) -> None:
        """Put the figures and warnings shown as plain Vietnamese text on the clipboard."""
        if self.data is not None:
            QGuiApplication.clipboard().setText(reports.year_report_text(self.data))


def _compute_job(conn: sqlite3.Connection, progress: Progress, *, year: int, quarter: int | None,
                 month: int | None, org_id: int | None) -> Computed:
    return compute(conn, progress, year, quarter, month, org_id)


def _print_job(conn: sqlite3.Connection, progress: Progress, *, path: Path, year: int, quarter: int | None,
               month: int | None) -> Path:
    return print_report(conn, progress, path, year, quarter, month)


def _export_job(conn: sqlite3.Connection, progress: Progress, *, path: Path, year: int, quarter: int | None,
                month: int | None, org_id: int | None) -> Path:
    return export_report(conn, progress, path, year, quarter, month, org_id)
