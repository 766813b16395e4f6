"""Sinh hoạt chi bộ: a month across the cells in scope — who has met, how long, attendance, the quarter's
thematic meeting, drafts — with buttons to record a meeting, open one, and print its documents."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QWidget,
)

from models import vn
from models.commune import organisations
from models.meetings import meeting_overview, meeting_store
from models.meetings.records import Meeting
from ui.common.read_only import account_may_write
from ui.common.section import SectionView
from ui.common.table_model import record_view
from ui.common.widgets import ask, month_box, run_action, year_box
from ui.meetings import meeting_print
from ui.meetings.meeting_editor import MeetingEditor
from ui.meetings.meeting_models import MeetingsTableModel


class MeetingsView(SectionView):
    """The meetings section; ``set_scope`` follows the organisation chosen in the main window's tree."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(conn, parent)
        self.model = MeetingsTableModel(self)
        self._build()
        self.refresh()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = self.body
        layout.addLayout(self._top_row())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold; padding: 2px;")
        layout.addWidget(self.summary)
        self.table = record_view(self.model)
        for column, width in enumerate((230, 90, 180, 105, 70, 75, 110, 105, 75)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(MeetingsTableModel.ORG, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.open_selected)
        layout.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setStyleSheet("color: #8e2b20;")
        layout.addWidget(self.details)

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.month_box = month_box()
        self.year_box = year_box()
        month_label = QLabel("&Tháng:")
        month_label.setBuddy(self.month_box)
        self.new_button = QPushButton("Ghi &biên bản mới…")
        self.new_button.setToolTip("Ghi buổi sinh hoạt mới cho chi bộ đang chọn (Ctrl+Shift+N)")
        self.open_button = QPushButton("&Mở biên bản")
        self.print_minutes_button = QPushButton("In biên bản")
        self.print_resolution_button = QPushButton("In nghị quyết")
        self.print_signin_button = QPushButton("In danh sách ký tên")
        self.print_signin_button.setToolTip("Danh sách đảng viên dự sinh hoạt có cột ký tên, kèm khung biên bản "
                                            "để ghi tay")
        for widget in (month_label, self.month_box, QLabel("Năm:"), self.year_box):
            row.addWidget(widget)
        row.addStretch(1)
        for button in (self.new_button, self.open_button, self.print_minutes_button, self.print_resolution_button,
                       self.print_signin_button):
            row.addWidget(button)
        self.month_box.currentIndexChanged.connect(self.refresh)
        self.year_box.valueChanged.connect(self.refresh)
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self.open_selected)
        self.print_minutes_button.clicked.connect(lambda: self.print_selected("minutes"))
        self.print_resolution_button.clicked.connect(lambda: self.print_selected("resolution"))
        self.print_signin_button.clicked.connect(lambda: self.print_selected("signin"))
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.new_meeting)
        return row

    # ------------------------------------------------------------ state

    def month(self) -> tuple[int, int]:
        return self.year_box.value(), self.month_box.currentIndex() + 1

    def set_month(self, year: int, month: int) -> None:
        self.year_box.blockSignals(True)
        self.year_box.setValue(year)
        self.year_box.blockSignals(False)
        self.month_box.setCurrentIndex(month - 1)
        self.refresh()

    def refresh(self) -> None:
        year, month = self.month()
        selected = self.selected_row()
        rows = meeting_overview.month_rows(self.conn, year, month, self.scope)
        self.model.set_rows(rows)
        cells = {r.org_id for r in rows}
        met = {r.org_id for r in rows if r.meeting_id is not None and r.kind in ("thuong_ky", "ghep")}
        drafts = sum(1 for r in rows if r.state == "nhap")
        present = sum(r.counts.present for r in rows)
        must = sum(r.counts.should_attend for r in rows)
        thematic = {r.org_id for r in rows if r.thematic_in_quarter}
        self.summary.setText(
            f"Tháng {month}/{year}: {len(met)}/{len(cells)} chi bộ đã sinh hoạt thường kỳ, "
            f"{len(cells) - len(met)} chưa; {drafts} biên bản còn nháp; tỷ lệ dự {vn.format_rate(present, must)}; "
            f"{len(thematic)}/{len(cells)} chi bộ đã sinh hoạt chuyên đề trong quý.")
        self._reselect(selected)
        if not self.table.currentIndex().isValid() and rows:
            self.table.selectRow(0)
        self._show_selected()

    def _reselect(self, previous: meeting_overview.MeetingRow | None) -> None:
        if previous is None:
            return
        for index, row in enumerate(self.model.rows):
            if row.org_id == previous.org_id and row.meeting_id == previous.meeting_id:
                self.table.selectRow(index)
                return

    def selected_row(self) -> meeting_overview.MeetingRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        row = self.selected_row()
        has_meeting = row is not None and row.meeting_id is not None
        for button in (self.open_button, self.print_minutes_button, self.print_resolution_button,
                       self.print_signin_button):
            button.setEnabled(has_meeting)
        self.details.setText("\n".join(f"⚠ {w.message}" for w in row.warnings) if row and row.warnings else "")

    def select_meeting(self, meeting_id: int) -> bool:
        for index, row in enumerate(self.model.rows):
            if row.meeting_id == meeting_id:
                self.table.selectRow(index)
                return True
        return False

    # ------------------------------------------------------------ actions

    def _cell_for_new(self) -> int | None:
        row = self.selected_row()
        if row is not None:
            return row.org_id
        if self.scope is not None and organisations.get(self.conn, self.scope).is_cell:
            return self.scope
        return None

    def new_meeting(self) -> None:
        if not account_may_write():   # also Ctrl+Shift+N and Enter on a month without a record
            return
        org_id = self._cell_for_new()
        if org_id is None:
            ask.info(self, "Chọn chi bộ", "Hãy chọn một chi bộ (ở cây bên trái hoặc một dòng trong bảng) "
                     "rồi bấm “Ghi biên bản mới”.")
            return
        year, month = self.month()
        today = dt.date.today()
        day = today if (today.year, today.month) == (year, month) else dt.date(year, month, 1)
        run_action(self, lambda: self.edit(meeting_store.new_meeting(self.conn, org_id, day)), "Không mở được")

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.meeting_id is None:
            if row is not None:
                self.new_meeting()
            return
        meeting_id = row.meeting_id
        run_action(self, lambda: self.edit(meeting_store.get(self.conn, meeting_id)), "Không mở được")

    def edit(self, meeting: Meeting) -> MeetingEditor:
        editor = MeetingEditor(self.conn, meeting, self)
        editor.saved.connect(lambda _: self.refresh())
        self.exec_dialog(editor)
        editor.dispose()   # closed: no late warning refresh may touch the database after this
        return editor

    def print_selected(self, document: str) -> None:
        row = self.selected_row()
        if row is None or row.meeting_id is None:
            return
        meeting_id = row.meeting_id
        run_action(self, lambda: meeting_print.print_meeting(self, self.conn, meeting_id, document), "Không in được")
