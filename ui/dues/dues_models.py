"""Table models of the Đảng phí screen: a cell's monthly collection sheet and the members with unpaid months."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from models import vn
from models.dues import ledger as dues
from models.dues.ledger import Payment, SheetRow, UnpaidMember
from models.errors import UserError
from ui.common.record_model import RecordTableModel
from ui.common.widgets import ask

Index = QModelIndex | QPersistentModelIndex
UNPAID_BRUSH = QBrush(QColor("#fdecea"))
PAID_BRUSH = QBrush(QColor("#e8f5e9"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def short_reason(reason: str) -> str:
    """The sheet's narrow “Mức đóng” column: the group without its bracketed rate, e.g. “Hưởng lương, giảm 50%”,
    “Khác, dưới tuổi hưu”, “Miễn đảng phí” (the full reason stays in the tooltip)."""
    if reason.startswith("Chưa khai báo"):
        return "Chưa khai báo"
    if reason.startswith("Mức đóng đã khai báo không còn áp dụng"):
        return "Cần khai báo lại"
    if reason.startswith("Miễn"):
        return "Miễn đảng phí"
    return re.sub(r"\s*\([^)]*\)", "", reason).replace("tuổi nghỉ hưu", "tuổi hưu").strip()


class SheetTableModel(RecordTableModel):
    """One row a member: what is due, what was paid (editable), a “đã nộp đủ” tick; every change saved at once."""

    COLUMNS = ("STT", "Họ và tên", "Mức đóng", "Phải nộp", "Đã nộp", "Nộp đủ", "Ngày nộp")
    STT, NAME, GROUP, DUE, PAID, FULL, PAID_ON = range(7)
    totals_changed = Signal()
    saved = Signal()               # a payment was written (the year's figures change too)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Set by the view to the month shown: (member id, amount) → Payment, and member id → Payment.
        self.pay: Callable[[int, int], Payment] | None = None
        self.pay_full: Callable[[int], Payment] | None = None
        self.warn_parent: QWidget | None = None

    def set_rows(self, rows: Sequence[SheetRow]) -> None:
        super().set_rows(rows)
        self.totals_changed.emit()

    # ------------------------------------------------------------ totals

    def total_due(self) -> int:
        return sum(r.due or 0 for r in self.rows)

    def total_paid(self) -> int:
        return sum(r.paid for r in self.rows)

    def paid_in_full_count(self) -> int:
        return sum(1 for r in self.rows if r.paid_in_full)

    # ------------------------------------------------------------ Qt

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.PAID:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.FULL and self.rows[index.row()].due is not None:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def cell(self, row: SheetRow, number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(number, row, column)
        if role == Qt.ItemDataRole.EditRole and column == self.PAID:
            return vn.format_int(row.paid) if row.paid else ""
        if role == Qt.ItemDataRole.CheckStateRole and column == self.FULL and row.due is not None:
            return Qt.CheckState.Checked if row.paid_in_full else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.DUE, self.PAID):
            return _RIGHT
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.STT, self.FULL, self.PAID_ON):
            return _CENTER
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.GROUP, self.DUE):
            return row.reason
        if role == Qt.ItemDataRole.ToolTipRole and column == self.PAID:
            return "Gõ số tiền đã nộp rồi nhấn Enter (ví dụ 50.000)"
        if role == Qt.ItemDataRole.BackgroundRole and column in (self.PAID, self.FULL):
            return PAID_BRUSH if row.paid_in_full else (UNPAID_BRUSH if row.due else None)
        return None

    def _display(self, number: int, row: SheetRow, column: int) -> str | None:
        if column == self.STT:
            return str(number + 1)
        if column == self.NAME:
            return row.full_name
        if column == self.GROUP:
            return short_reason(row.reason)
        if column == self.DUE:
            return "chưa khai báo" if row.due is None else vn.format_int(row.due)
        if column == self.PAID:
            return vn.format_int(row.paid) if row.paid else ""
        if column == self.PAID_ON:
            return vn.format_date(row.paid_on)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row = self.rows[index.row()]
        try:
            if index.column() == self.PAID and role == Qt.ItemDataRole.EditRole and self.pay:
                saved = self.pay(row.member_id, dues.parse_money(str(value or ""), "Số tiền đã nộp"))
            elif index.column() == self.FULL and role == Qt.ItemDataRole.CheckStateRole and self.pay and self.pay_full:
                checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
                saved = self.pay_full(row.member_id) if checked else self.pay(row.member_id, 0)
            else:
                return False
        except UserError as error:
            ask.warn(self.warn_parent, "Không lưu được", error.message)
            return False
        self.rows[index.row()] = replace(row, paid=saved.amount_paid, paid_on=saved.paid_on)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.COLUMNS) - 1))
        self.totals_changed.emit()
        self.saved.emit()
        return True


class UnpaidTableModel(RecordTableModel):
    """Members who left months of the year unpaid; those at the removal threshold are shown in red."""

    COLUMNS = ("Họ và tên", "Chi bộ", "Tháng chưa nộp")
    NAME, ORG, MONTHS = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.org_names: dict[int, str] = {}
        self.threshold = 3

    def set_rows(self, rows: Sequence[UnpaidMember], org_names: dict[int, str] | None = None,
                 threshold: int = 3) -> None:
        self.org_names = org_names or {}
        self.threshold = threshold
        super().set_rows(sorted(rows, key=lambda u: (-len(u.months), vn.name_sort_key(u.full_name))))

    def cell(self, row: UnpaidMember, number: int, column: int, role: int) -> Any:
        org = self.org_names.get(row.org_id or 0, "")
        if role == Qt.ItemDataRole.DisplayRole:
            # The header already says “Chi bộ”: the column shows “thôn Đông”, leaving room for the months.
            short_org = org[len("Chi bộ "):] if org.startswith("Chi bộ ") else org
            return (row.full_name, short_org, self._months_text(row))[column]
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue_months >= self.threshold:
            return UNPAID_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"{row.full_name} – {org}: chưa nộp đủ đảng phí {self._months_text(row)}."
            if row.overdue_months >= self.threshold:
                text += (f"\nChi bộ xem xét theo Điều 8 Điều lệ Đảng (không đóng đảng phí {self.threshold} tháng "
                         "trong năm không có lý do chính đáng).")
            return text
        return None

    @staticmethod
    def _months_text(row: UnpaidMember) -> str:
        """'3 tháng (7, 8, 9)'."""
        return f"{len(row.months)} tháng ({', '.join(str(m) for m in row.months)})"
