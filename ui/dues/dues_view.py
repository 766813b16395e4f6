"""Đảng phí: a cell's monthly collection sheet (due, paid, “đã nộp đủ”, live totals) and who owes months."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import periods, vn
from models.commune import organisations
from models.dues import ledger as dues
from models.dues.ledger import UnpaidMember
from models.people import members
from ui.common.loader import Loader
from ui.common.section import SectionView
from ui.common.table_model import record_view
from ui.common.widgets import ask, month_box, run_action, two_panes, year_box
from ui.dues.dues_models import SheetTableModel, UnpaidTableModel, unpaid_order
from ui.dues.dues_profile_dialog import DuesProfileDialog


@dataclass(frozen=True)
class _YearFigures:
    """The year's figures of a scope, read and put in order off the GUI thread."""

    stats: dues.DuesStats
    unpaid: list[UnpaidMember]      # in unpaid_order
    org_names: dict[int, str]


NO_CELL_HINT = "Toàn Đảng bộ (muốn ghi sổ thu, hãy chọn một chi bộ ở cây bên trái)"


class DuesView(SectionView):
    """The dues section; ``set_scope`` follows the organisation chosen in the main window's tree."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(conn, parent)
        self.sheet = SheetTableModel(self)
        self.sheet.warn_parent = self
        self.sheet.pay = lambda member_id, amount: dues.record_payment(self.conn, member_id, *self.month(), amount)
        self.sheet.pay_full = lambda member_id: dues.pay_in_full(self.conn, member_id, *self.month())
        self.sheet.totals_changed.connect(self._show_totals)
        self.sheet.saved.connect(self._refresh_year)
        self.unpaid = UnpaidTableModel(self)
        self.loader = Loader(conn, self)
        self._build()
        self.refresh()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.body.addLayout(self._top_row())
        self.sheet_panel = self._sheet_panel()
        self.body.addWidget(two_panes(self.sheet_panel, self._unpaid_panel(), stretch=(3, 2), sizes=(650, 410)), 1)

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.month_box = month_box()
        self.year_box = year_box()
        self.scope_label = QLabel()
        self.scope_label.setStyleSheet("font-weight: bold;")
        self.scope_label.setWordWrap(True)
        self.scope_label.setMinimumWidth(120)
        self.profile_button = QPushButton("&Khai báo mức đóng…")
        self.profile_button.setToolTip("Khai báo nhóm đóng, tiền lương, vùng, miễn hoặc giảm cho đảng viên đang chọn")
        self.all_paid_button = QPushButton("Cả chi bộ đã &nộp đủ")
        self.all_paid_button.setToolTip("Ghi mọi đảng viên đã khai báo mức đóng là đã nộp đủ tháng này")
        month_label = QLabel("T&háng:")
        month_label.setBuddy(self.month_box)   # Alt+H goes to the month
        row.addWidget(month_label)
        row.addWidget(self.month_box)
        row.addWidget(QLabel("Năm:"))
        row.addWidget(self.year_box)
        row.addSpacing(12)
        row.addWidget(self.scope_label, 1)
        row.addWidget(self.profile_button)
        row.addWidget(self.all_paid_button)
        self.month_box.currentIndexChanged.connect(self.refresh_sheet)
        self.year_box.valueChanged.connect(self.refresh)
        self.profile_button.clicked.connect(self.edit_profile)
        self.all_paid_button.clicked.connect(self.mark_all_paid)
        return row

    def _sheet_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = record_view(self.sheet, editable=True)
        header = self.table.horizontalHeader()
        for column, width in enumerate((34, 165, 150, 72, 78, 58, 82)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(SheetTableModel.GROUP, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._double_clicked)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-weight: bold; padding: 4px;")
        self.totals.setWordWrap(True)
        help_line = QLabel("Nhấn đúp (hoặc gõ số) ở cột “Đã nộp” để ghi số tiền; đánh dấu “Nộp đủ” khi đảng viên "
                           "nộp đúng số phải nộp. Mọi thay đổi được lưu ngay.")
        help_line.setWordWrap(True)
        help_line.setStyleSheet("color: #555;")
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(help_line)
        return panel

    def _unpaid_panel(self) -> QWidget:
        box = QGroupBox()
        self.unpaid_box = box
        layout = QVBoxLayout(box)
        self.year_totals = QLabel()
        self.year_totals.setWordWrap(True)
        self.unpaid_table = record_view(self.unpaid)
        self.unpaid_table.setAlternatingRowColors(False)   # an overdue row is already painted red
        header = self.unpaid_table.horizontalHeader()
        header.setSectionResizeMode(UnpaidTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        # "4 tháng (8, 9, 10, 11)" is what the clerk acts on: wide enough for four months, the tooltip has all
        self.unpaid_table.setColumnWidth(UnpaidTableModel.MONTHS,
                                         self.unpaid_table.fontMetrics().horizontalAdvance("4 tháng (10, 11, 12, 9)"))
        self.removal_note = QLabel()
        self.removal_note.setWordWrap(True)
        layout.addWidget(self.year_totals)
        layout.addWidget(self.unpaid_table, 1)
        layout.addWidget(self.removal_note)
        return box

    # ------------------------------------------------------------ state

    def month(self) -> tuple[int, int]:
        return self.year_box.value(), self.month_box.currentIndex() + 1

    def refresh(self) -> None:
        """Reload the month's sheet and the year's figures (after a change of scope or year)."""
        self.refresh_sheet()
        self._refresh_year()

    def refresh_sheet(self) -> None:
        year, month = self.month()
        has_cell = self.scope is not None
        self.sheet_panel.setVisible(has_cell)
        self.profile_button.setEnabled(has_cell)
        self.all_paid_button.setEnabled(has_cell)
        if has_cell:
            assert self.scope is not None
            self.scope_label.setText(f"{organisations.get(self.conn, self.scope).name} – "
                                     f"sổ thu đảng phí {vn.format_month(year, month)}")
            self.sheet.set_rows(dues.collection_sheet(self.conn, self.scope, year, month))
        else:
            self.scope_label.setText(NO_CELL_HINT)
            self.sheet.set_rows([])

    def _scope_ids(self) -> list[int] | None:
        return None if self.scope is None else list(organisations.descendants(self.conn, self.scope))

    def is_loading(self) -> bool:
        """Whether the year's figures are still being read (the screen shows "Đang tính…" meanwhile)."""
        return self.loader.loading()

    def _refresh_year(self) -> None:
        """The year's figures for the scope: read in the background (seconds for a whole commune)."""
        year, scope = self.year_box.value(), self._scope_ids()
        self.unpaid.set_rows([], {}, self.unpaid.threshold)
        self.unpaid_box.setTitle(f"Chưa nộp đủ năm {year}: đang tính…")
        self.year_totals.setText("Đang tải số liệu cả năm, xin chờ một chút…")
        self.removal_note.setText("")

        def read(conn: sqlite3.Connection, _progress: object) -> _YearFigures:
            stats = dues.year_stats(conn, year, scope)
            return _YearFigures(stats, unpaid_order(stats.unpaid), organisations.names_by_id(conn))

        self.loader.load((year, None if scope is None else tuple(scope)), read,
                         lambda result: self._show_year(year, scope, result), self._year_failed)

    def _year_failed(self, message: str) -> None:
        self.unpaid_box.setTitle("Chưa nộp đủ")
        self.year_totals.setText(f"Chưa tính được số liệu cả năm: {message}")

    def _show_year(self, year: int, scope: list[int] | None, result: object) -> None:
        figures = cast(_YearFigures, result)
        stats = figures.stats
        self.unpaid.set_rows(figures.unpaid, figures.org_names, stats.removal_months, ordered=True)
        one_cell = scope is not None and len(scope) == 1
        self.unpaid_table.setColumnHidden(UnpaidTableModel.ORG, one_cell)  # one cell: named above the sheet
        if not one_cell:
            self.unpaid_table.setColumnWidth(UnpaidTableModel.ORG, 100 if scope else 150)
        over = periods.months_over(year)
        # the month being collected is not owed yet (models.periods)
        upto = f" (đến hết tháng {over[-1]})" if 0 < len(over) < 12 else ""
        self.unpaid_box.setTitle(f"Chưa nộp đủ năm {year}{upto}: {len(stats.unpaid)} đảng viên")
        rate = vn.format_percent(stats.collection_rate)
        text = (f"Cả năm đến nay: phải nộp {vn.format_money(stats.due)}, "
                f"đã thu {vn.format_money(stats.collected)} ({rate}).")
        if stats.unknown_months:
            text += f" Còn {vn.format_int(stats.unknown_months)} lượt tháng chưa khai báo mức đóng."
        self.year_totals.setText(text)
        consider = len(stats.to_consider)
        self.removal_note.setStyleSheet("color: #8e2b20; font-weight: bold;" if consider else "color: #555;")
        self.removal_note.setText(
            f"Tô đỏ: {consider} đảng viên chưa nộp đủ từ {stats.removal_months} tháng trở lên – chi bộ xem xét "
            "theo Điều 8 Điều lệ Đảng." if consider
            else f"Không có đảng viên nào chưa nộp từ {stats.removal_months} tháng trở lên.")

    def _show_totals(self) -> None:
        rows = self.sheet.rows
        if not rows:
            self.totals.setText("" if self.scope is None else "Tháng này chi bộ không có đảng viên phải đóng đảng phí.")
            return
        unknown = sum(1 for r in rows if r.due is None)
        text = (f"Phải nộp: {vn.format_money(self.sheet.total_due())}"
                f" · Đã thu: {vn.format_money(self.sheet.total_paid())}"
                f" · Nộp đủ: {self.sheet.paid_in_full_count()}/{len(rows)} đảng viên")
        if unknown:
            text += f" · {unknown} người chưa khai báo mức đóng"
        self.totals.setText(text)

    # ------------------------------------------------------------ actions

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() in (SheetTableModel.NAME, SheetTableModel.GROUP, SheetTableModel.DUE):
            self.edit_profile()

    def selected_member(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.sheet.rows[rows[0].row()].member_id if rows else None

    def edit_profile(self) -> None:
        member_id = self.selected_member()
        if member_id is None:
            ask.info(self, "Khai báo mức đóng", "Hãy chọn một đảng viên trong sổ thu trước.")
            return
        year, month = self.month()
        start = dt.date(year, month, 1)
        dialog = DuesProfileDialog(member_id, members.get(self.conn, member_id).full_name, start,
                                   dues.profile_on(self.conn, member_id, start),
                                   lambda profile: dues.set_profile(self.conn, profile), self)
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.refresh_sheet()
            self._refresh_year()
            self._select(member_id)

    def _select(self, member_id: int) -> None:
        for number, row in enumerate(self.sheet.rows):
            if row.member_id == member_id:
                self.table.selectRow(number)

    def mark_all_paid(self) -> None:
        pending = [r for r in self.sheet.rows if r.due is not None and not r.paid_in_full]
        if not pending:
            ask.info(self, "Đảng phí", "Mọi đảng viên đã khai báo mức đóng đều đã nộp đủ tháng này.")
            return
        year, month = self.month()
        if not ask.confirm(self, "Ghi nộp đủ", f"Ghi {len(pending)} đảng viên đã nộp đủ đảng phí "
                           f"{vn.format_month(year, month)}?"):
            return
        run_action(self, lambda: dues.pay_all_in_full(self.conn, [r.member_id for r in pending], year, month))
        self.refresh_sheet()
        self._refresh_year()
