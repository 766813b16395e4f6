"""Báo cáo: the year's figures of the commune (or of the organisation chosen in the tree) as a readable table,
with the warnings beside it and a button that copies everything for a Word report."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import UserError
from models.reporting import reports
from ui.common.table_model import FIT, RIGHT, STRETCH, Column, TableModel, record_view, resize_modes
from ui.common.widgets import ErrorLabel, two_panes

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


class ReportsView(QWidget):
    """The year report. It is computed when shown (a big commune takes a few seconds), never in the background."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.org_id: int | None = None
        self.data: dict[str, Any] | None = None
        self._stale = True
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Năm:"))
        self.year_box = QComboBox()
        this_year = dt.date.today().year
        for year in range(this_year, FIRST_YEAR - 1, -1):
            self.year_box.addItem(str(year), year)
        self.year_box.setToolTip("Chọn năm cần xem số liệu")
        self.year_box.currentIndexChanged.connect(lambda *_: self.refresh())
        top.addWidget(self.year_box)
        self.title = QLabel()
        title_font = self.title.font()
        title_font.setPointSize(title_font.pointSize() + 2)
        title_font.setBold(True)
        self.title.setFont(title_font)
        top.addWidget(self.title, 1)
        self.copy_button = QPushButton("Sao chép số liệu")
        self.copy_button.setToolTip("Chép toàn bộ số liệu và cảnh báo để dán vào báo cáo Word")
        self.copy_button.clicked.connect(self.copy_text)
        top.addWidget(self.copy_button)
        self.refresh_button = QPushButton("Tính lại")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.setToolTip("Tính lại số liệu từ dữ liệu mới nhất (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.error = ErrorLabel()
        self.error.show_error("")
        layout.addWidget(self.error)
        self.model = ReportTableModel(self)
        self.table = record_view(self.model)
        self.table.setWordWrap(True)   # a report line is a sentence, read whole
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        resize_modes(header, FIT, STRETCH, FIT)
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
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------ scope and computing

    @property
    def year(self) -> int:
        return int(self.year_box.currentData())

    def set_year(self, year: int) -> None:
        index = self.year_box.findData(year)
        if index >= 0:
            self.year_box.setCurrentIndex(index)

    def set_scope(self, org_id: int | None) -> None:
        """Show the figures of one organisation with its sub-units (None: the whole commune)."""
        self.org_id = org_id
        self._stale = True
        if self.isVisible():
            QTimer.singleShot(0, self._refresh_if_stale)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._refresh_if_stale)

    def _refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Compute the report for the chosen year and scope and show it."""
        self._stale = False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.data = reports.year_report(self.conn, self.year, self.org_id)
        except UserError as error:
            self.data = None
            self.error.show_error(error.message)
            self.model.set_rows([])
            self.warnings.clear()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.error.show_error("")
        self._show(self.data)

    def _show(self, data: dict[str, Any]) -> None:
        where = data.get("scope") or data.get("committee") or "Đảng bộ xã"
        self.title.setText(f"Số liệu năm {data['year']} – {where}")
        self.model.set_rows(reports.year_report_rows(data))
        self.table.resizeRowsToContents()
        self.warnings.clear()
        items = [w["message"] for w in data["warnings"]]
        self.warnings.addItems(items or ["Không có cảnh báo."])
        self.warnings_label.setText(f"Cảnh báo ({len(items)})" if items else "Cảnh báo")

    def copy_text(self) -> None:
        """Put the report as plain Vietnamese text on the clipboard."""
        if self.data is None:
            self.refresh()
        if self.data is not None:
            QGuiApplication.clipboard().setText(reports.year_report_text(self.data))
