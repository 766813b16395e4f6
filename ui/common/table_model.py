"""The one table model every list and grid shares: rows plus a tuple of ``Column`` objects.

As in Anki's browser table (qt/aqt/browser/table/), a column is data, not a branch of an if-chain: its key,
heading, alignment, how a row shows in it, how it sorts and, for grids, how a typed value changes the row.
A cell is answered from its column first, then from the column's ``look`` (colours, fonts that depend on
the row), then from the model's ``row_look`` (what a whole line shows: grey when voided, red when overdue).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from models.errors import UserError
from ui.common.widgets import ask

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
LEFT_TOP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
RIGHT_TOP = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
CENTER = int(Qt.AlignmentFlag.AlignCenter)
_EDITABLE = Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
_DISPLAY, _TOOLTIP, _ALIGNMENT, _CHECK, _EDIT = (int(r.value) for r in (
    Role.DisplayRole, Role.ToolTipRole, Role.TextAlignmentRole, Role.CheckStateRole, Role.EditRole))


def _always(_row: object) -> bool:
    return True


def _no_text(_row: object) -> None:
    return None


@dataclass(frozen=True)
class Editor(Generic[Row]):
    """How a typed value (or a tick, when the column has ``check``) becomes the row's new value.

    ``apply(row number, row, value)`` returns the new row or raises UserError, which the model reports
    through ``refused`` and keeps the old row.
    """

    apply: Callable[[int, Row, Any], Row]
    allowed: Callable[[Row], bool] = _always          # this row may be edited in this column
    value: Callable[[Row], Any] | None = None         # what the editor starts from; None: the shown text


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: ``key`` names it in code, ``label`` is its heading; the callables say what a row shows."""

    key: str
    label: str
    text: Callable[[Row], str | None] = _no_text
    tooltip: Callable[[Row], str | None] | None = None
    align: int | None = None                          # Qt alignment flags, the same for every row
    look: Callable[[Row, int], Any] | None = None     # any other role of this column's cells (colour, font)
    check: Callable[[Row], bool | None] | None = None  # a tick box: ticked or not; None for no box on this row
    sort: Callable[[Row], Any] | str | None = None    # a key for rows in memory, a named SQL order, or not sortable
    sort_reversed: bool = False                       # the shown order runs against the key (tuổi đảng)
    width: int = 0                                    # a hint for the view, in pixels; 0 leaves Qt's default
    header_tip: str = ""
    edit: Editor[Row] | None = None
    numbered: bool = False                            # shows the line number (STT) instead of ``text``


def column_index(columns: Sequence[Column[Any]], key: str) -> int:
    """Where the column with this key stands (a constant for views and tests, never out of step)."""
    return next(number for number, column in enumerate(columns) if column.key == key)


def size_columns(header: QHeaderView, columns: Sequence[Column[Any]]) -> None:
    """Give each column its width hint (a column without one keeps Qt's default)."""
    for number, column in enumerate(columns):
        if column.width:
            header.resizeSection(number, column.width)


# How a column takes its width, for ``resize_modes``: fits its text, shares the spare width, set by hand.
FIT, STRETCH, BY_HAND = (QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                         QHeaderView.ResizeMode.Interactive)


def resize_modes(header: QHeaderView, *modes: QHeaderView.ResizeMode) -> None:
    """Give the first columns their resize modes, in order (FIT, STRETCH, BY_HAND)."""
    for number, mode in enumerate(modes):
        header.setSectionResizeMode(number, mode)


def record_view(model: QAbstractItemModel, *, row_height: int = 24, numbered: bool = False,
                sortable: bool = False, editable: bool = False, view: QTableView | None = None) -> QTableView:
    """A list of records as every screen shows one: one whole row picked at a time, striped, one line a row.

    Rows keep one fixed height so a long note is cut with "…" instead of growing the row; ``numbered`` shows
    Qt's row numbers at the left; ``editable`` keeps Qt's typing-to-edit, otherwise the list is read-only.
    ``view`` is a subclass instance to set up instead of a new plain view (one with its own keys).
    """
    view = QTableView() if view is None else view
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    if sortable:
        view.setSortingEnabled(True)
    rows = view.verticalHeader()
    rows.setVisible(numbered)
    rows.setDefaultSectionSize(row_height)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    return view


def is_checked(value: Any) -> bool:
    """A tick as Qt delivers it: a CheckState, its int value, or a plain bool from code."""
    if isinstance(value, bool):
        return value
    return bool(value == Qt.CheckState.Checked or value == Qt.CheckState.Checked.value)


class TableModel(QAbstractTableModel, Generic[Row]):
    """Rows in a list, columns from a tuple; sorting, editing and looks all come from the columns."""

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: tuple[Column[Row], ...] = tuple(columns)
        self.rows: list[Row] = []
        self.read_only = False
        self.warn_parent: Any = None       # the window a refused edit is reported over

    # ------------------------------------------------------------ rows

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.rows)

    def row_at(self, number: int) -> Row | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None

    def refresh_row(self, number: int) -> None:
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.columns) - 1))

    # ------------------------------------------------------------ hooks for subclasses

    def row_look(self, row: Row, role: int) -> Any:
        """What a whole line shows for a role its column leaves open (background, foreground, ids)."""
        return None

    def row_label(self, number: int) -> str | None:
        """The vertical header; None leaves it blank."""
        return None

    def refused(self, message: str) -> None:
        """An edit the rules refuse: the clerk is told why and the old value stays."""
        ask.warn(self.warn_parent, "Không lưu được", message)

    def after_edit(self, number: int, old: Row, new: Row) -> None:
        """After a row was changed by an edit (signals for totals, saving, re-checking)."""

    # ------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            ok = role == Role.DisplayRole and 0 <= section < self.row_count()
            return self.row_label(section) if ok else None
        if not 0 <= section < len(self.columns):
            return None
        if role == Role.DisplayRole:
            return self.columns[section].label
        if role == Role.ToolTipRole:
            return self.columns[section].header_tip or None
        return None

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        # Called a dozen times per visible cell on every repaint: plain ints, one lookup of each thing.
        number, column_no = index.row(), index.column()
        if not 0 <= column_no < len(self.columns):    # an invalid index has column -1
            return None
        row = self.row_at(number)
        if row is None:
            return None
        column = self.columns[column_no]
        value = self._column_value(column, row, number, role)
        if value is None and column.look is not None:
            value = column.look(row, role)
        return self.row_look(row, role) if value is None else value

    @staticmethod
    def _column_value(column: Column[Row], row: Row, number: int, role: int) -> Any:
        if role == _DISPLAY:
            return str(number + 1) if column.numbered else column.text(row)
        if role == _TOOLTIP:
            return column.tooltip(row) if column.tooltip else None
        if role == _ALIGNMENT:
            return column.align
        if role == _CHECK and column.check is not None:
            ticked = column.check(row)
            return None if ticked is None else Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == _EDIT and column.edit is not None:
            return column.edit.value(row) if column.edit.value else column.text(row)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = super().flags(index)         # enabled, selectable, never has children
        column, row = self.columns[index.column()], self.row_at(index.row())
        if column.edit is None or row is None or self.read_only or not column.edit.allowed(row):
            return base
        if column.check is None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base | Qt.ItemFlag.ItemIsUserCheckable if column.check(row) is not None else base

    def setData(self, index: Index, value: Any, role: int = Role.EditRole) -> bool:
        if not index.isValid() or not self.flags(index) & _EDITABLE:
            return False
        column, number = self.columns[index.column()], index.row()
        if column.edit is None or role != (Role.CheckStateRole if column.check else Role.EditRole):
            return False
        old = self.rows[number]
        try:
            new = column.edit.apply(number, old, is_checked(value) if column.check else value)
        except UserError as error:
            self.refused(error.message)
            return False
        self.rows[number] = new
        self.refresh_row(number)
        self.after_edit(number, old, new)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort rows in memory by the column's key, keeping equal rows in their order; selections follow."""
        key = self.columns[column].sort if 0 <= column < len(self.columns) else None
        if not callable(key):
            return
        descending = (order == Qt.SortOrder.DescendingOrder) != self.columns[column].sort_reversed
        order_of = sorted(range(len(self.rows)), key=lambda n: key(self.rows[n]), reverse=descending)
        self.layoutAboutToBeChanged.emit()
        self.rows = [self.rows[n] for n in order_of]
        new_row = {old: new for new, old in enumerate(order_of)}
        moved = self.persistentIndexList()
        self.changePersistentIndexList(moved, [self.index(new_row[i.row()], i.column()) for i in moved])
        self.layoutChanged.emit()
