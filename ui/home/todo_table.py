"""The to-do list as a table: one item a row, overdue ones in red, sortable by any column."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models import vn
from models.reporting.todo_items import KINDS, TodoItem
from ui.common.table_model import Column, TableModel, column_index

_KIND_ORDER = {kind: number for number, kind in enumerate(KINDS)}


@functools.cache
def overdue_brush() -> QBrush:
    """The red of overdue items, made when first shown: PySide's first QBrush(QColor) builds the classes of every
    overload it might be, ~2 ms the start does not need (issue 13)."""
    return QBrush(QColor("#b3261e"))


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _tooltip(item: TodoItem) -> str:
    """The whole item, for a row whose cells are cut: what to do, then the rule it comes from."""
    late = "QUÁ HẠN – " if item.overdue else ""
    return f"{late}{item.kind_name} ({vn.format_date(item.date)})\n{item.message}\nCăn cứ: {item.rule}"


COLUMNS: tuple[Column[TodoItem], ...] = (
    Column("date", "Ngày", lambda i: vn.format_date(i.date), tooltip=_tooltip,
           sort=lambda i: (i.date, _KIND_ORDER[i.kind]), width=92,
           header_tip="Hạn phải làm, ngày tặng huy hiệu, ngày họp hoặc cuối kỳ còn thiếu"),
    Column("kind", "Việc", lambda i: i.kind_name, tooltip=_tooltip,
           sort=lambda i: (_KIND_ORDER[i.kind], i.date), width=190),
    Column("who", "Đảng viên", lambda i: i.who or "", tooltip=_tooltip,
           sort=lambda i: vn.name_sort_key(i.who or ""), width=160),
    Column("organisation", "Tổ chức", lambda i: i.organisation, tooltip=_tooltip,
           sort=lambda i: vn.text_sort_key(i.organisation), width=190),
    # The whole sentence of what to do shows under the list for the chosen row (and in every tooltip):
    # as a column it would get a sliver of a 1366-pixel screen beside the tree and the figures.
    Column("rule", "Căn cứ", lambda i: i.rule, tooltip=_tooltip, sort=lambda i: i.rule, width=150),
)


class TodoTableModel(TableModel[TodoItem]):
    """Items in the order the list computed them (kinds in KINDS order); a header click sorts by that column."""

    DATE, KIND, WHO, ORGANISATION, RULE = (column_index(COLUMNS, key) for key in (
        "date", "kind", "who", "organisation", "rule"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
        self._bold = _bold()

    def row_look(self, row: TodoItem, role: int) -> Any:
        if not row.overdue:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return overdue_brush()
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        return None
