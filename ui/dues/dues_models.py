"""Table models of the Đảng phí screen: a cell's monthly collection sheet and the members with unpaid months."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from models import vn
from models.dues import ledger as dues
from models.dues.ledger import Payment, SheetRow, UnpaidMember
from ui.common.table_model import CENTER, RIGHT, Column, Editor, TableModel

UNPAID_BRUSH = QBrush(QColor("#fdecea"))
PAID_BRUSH = QBrush(QColor("#e8f5e9"))


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


def _paid_look(row: SheetRow, role: int) -> Any:
    if role != Qt.ItemDataRole.BackgroundRole:
        return None
    return PAID_BRUSH if row.paid_in_full else (UNPAID_BRUSH if row.due else None)


def _reason(row: SheetRow) -> str:
    return row.reason


def _paid_text(row: SheetRow) -> str:
    return vn.format_int(row.paid) if row.paid else ""


class SheetTableModel(TableModel[SheetRow]):
    """One row a member: what is due, what was paid (editable), a “đã nộp đủ” tick; every change saved at once."""

    STT, NAME, GROUP, DUE, PAID, FULL, PAID_ON = range(7)
    totals_changed = Signal()
    saved = Signal()               # a payment was written (the year's figures change too)

    def __init__(self, parent: QWidget | None = None) -> None:
        # Set by the view to the month shown: (member id, amount) → Payment, and member id → Payment.
        self.pay: Callable[[int, int], Payment] | None = None
        self.pay_full: Callable[[int], Payment] | None = None
        super().__init__(self._columns(), parent)

    def _columns(self) -> tuple[Column[SheetRow], ...]:
        return (
            Column("stt", "STT", numbered=True, align=CENTER),
            Column("name", "Họ và tên", lambda r: r.full_name),
            Column("group", "Mức đóng", lambda r: short_reason(r.reason), tooltip=_reason),
            Column("due", "Phải nộp", lambda r: "chưa khai báo" if r.due is None else vn.format_int(r.due),
                   tooltip=_reason, align=RIGHT),
            Column("paid", "Đã nộp", _paid_text, tooltip=lambda r: "Gõ số tiền đã nộp rồi nhấn Enter (ví dụ 50.000)",
                   align=RIGHT, look=_paid_look,
                   edit=Editor(self._pay, allowed=lambda r: self.pay is not None, value=_paid_text)),
            Column("full", "Nộp đủ", check=lambda r: None if r.due is None else r.paid_in_full, align=CENTER,
                   look=_paid_look,
                   edit=Editor(self._pay_full, allowed=lambda r: self.pay is not None and self.pay_full is not None)),
            Column("paid_on", "Ngày nộp", lambda r: vn.format_date(r.paid_on), align=CENTER),
        )

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

    # ------------------------------------------------------------ edits, each saved at once

    def _pay(self, number: int, row: SheetRow, value: object) -> SheetRow:
        assert self.pay is not None       # allowed() lets no edit through without it
        return _paid(row, self.pay(row.member_id, dues.parse_money(str(value or ""), "Số tiền đã nộp")))

    def _pay_full(self, number: int, row: SheetRow, checked: bool) -> SheetRow:
        assert self.pay is not None and self.pay_full is not None
        return _paid(row, self.pay_full(row.member_id) if checked else self.pay(row.member_id, 0))

    def after_edit(self, number: int, old: SheetRow, new: SheetRow) -> None:
        self.totals_changed.emit()
        self.saved.emit()


def _paid(row: SheetRow, saved: Payment) -> SheetRow:
    return replace(row, paid=saved.amount_paid, paid_on=saved.paid_on)


def unpaid_order(rows: Sequence[UnpaidMember]) -> list[UnpaidMember]:
    """Most unpaid months first, then by name the Vietnamese way."""
    return sorted(rows, key=lambda u: (-len(u.months), vn.name_sort_key(u.full_name)))


class UnpaidTableModel(TableModel[UnpaidMember]):
    """Members who left months of the year unpaid; those at the removal threshold are shown in red."""

    NAME, ORG, MONTHS = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        self.org_names: dict[int, str] = {}
        self.threshold = 3
        super().__init__(self._columns(), parent)

    def _columns(self) -> tuple[Column[UnpaidMember], ...]:
        return (
            Column("name", "Họ và tên", lambda r: r.full_name, tooltip=self._tooltip),
            # The header already says “Chi bộ”: the column shows “thôn Đông”, leaving room for the months.
            Column("org", "Chi bộ", lambda r: self._org(r).removeprefix("Chi bộ "), tooltip=self._tooltip),
            Column("months", "Tháng chưa nộp", _months_text, tooltip=self._tooltip),
        )

    def set_rows(self, rows: Sequence[UnpaidMember], org_names: dict[int, str] | None = None,
                 threshold: int = 3, *, ordered: bool = False) -> None:
        """``ordered``: the rows already come in unpaid_order (sorted off the GUI thread: thousands of names)."""
        self.org_names = org_names or {}
        self.threshold = threshold
        super().set_rows(rows if ordered else unpaid_order(rows))

    def _org(self, row: UnpaidMember) -> str:
        return self.org_names.get(row.org_id or 0, "")

    def row_look(self, row: UnpaidMember, role: int) -> Any:
        overdue = row.overdue_months >= self.threshold
        return UNPAID_BRUSH if role == Qt.ItemDataRole.BackgroundRole and overdue else None

    def _tooltip(self, row: UnpaidMember) -> str:
        text = f"{row.full_name} – {self._org(row)}: chưa nộp đủ đảng phí {_months_text(row)}."
        if row.overdue_months >= self.threshold:
            text += (f"\nChi bộ xem xét theo Điều 8 Điều lệ Đảng (không đóng đảng phí {self.threshold} tháng "
                     "trong năm không có lý do chính đáng).")
        return text


def _months_text(row: UnpaidMember) -> str:
    """'3 tháng (7, 8, 9)'."""
    return f"{len(row.months)} tháng ({', '.join(str(m) for m in row.months)})"
