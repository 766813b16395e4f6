"""The edit-conflict dialog: the record was saved elsewhere after it was opened here.

It shows, field by field, the version in the file beside the one being typed, and lets the clerk keep theirs
(overwrite on purpose), take the stored one, or go back to editing. Nothing is written by this dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.conflicts import EditConflict
from ui.common.table_model import FIT, STRETCH, resize_modes

STORED_TITLE = "Bản trong tệp (người khác vừa lưu)"
TYPED_TITLE = "Bản bạn đang sửa"


def shown(value: object) -> str:
    """A field's value as a clerk reads it."""
    if value is None or value == "":
        return "(để trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.date):
        return vn.format_date(value)
    return str(value)


class ConflictDialog(QDialog):
    """``choice`` after it closes: "mine" (overwrite), "theirs" (take the stored version) or "back" (keep editing)."""

    def __init__(self, conflict: EditConflict, labels: Mapping[str, str], parent: QWidget | None = None,
                 describe: Callable[[str, object, object], str] | None = None) -> None:
        """``describe(field, value, other side's value)`` gives a cell's text; plain values by default."""
        super().__init__(parent)
        self.describe = describe or (lambda _name, value, _other: shown(value))
        self.conflict = conflict
        self.choice = "back"
        self.setWindowTitle("Hồ sơ vừa được lưu ở nơi khác")
        layout = QVBoxLayout(self)
        intro = QLabel(conflict.message + "\n\nNhững mục hai bản khác nhau (chữ đậm: mục đã được sửa so với lúc "
                       "bạn mở ra):")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = self._table(conflict, labels)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons())
        self.resize(820, min(220 + 34 * len(conflict.differing), 560))

    def _table(self, conflict: EditConflict, labels: Mapping[str, str]) -> QTableWidget:
        table = QTableWidget(len(conflict.differing), 3)
        table.setHorizontalHeaderLabels(["Mục", STORED_TITLE, TYPED_TITLE])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)   # to read, not to pick from
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setWordWrap(True)
        for row, name in enumerate(conflict.differing):
            table.setItem(row, 0, QTableWidgetItem(labels.get(name, name)))
            for column, (record, other, changed) in enumerate((
                    (conflict.stored, conflict.typed, conflict.changed_there),
                    (conflict.typed, conflict.stored, conflict.changed_here)), 1):
                item = QTableWidgetItem(self.describe(name, getattr(record, name), getattr(other, name)))
                if name in changed:   # bold: what someone actually edited, so the clerk sees whose change it is
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        resize_modes(header, FIT, STRETCH, STRETCH)
        table.resizeRowsToContents()
        return table

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.mine_button = QPushButton("Giữ bản của tôi (ghi đè bản trong tệp)")
        self.theirs_button = QPushButton("Lấy bản trong tệp (bỏ phần tôi sửa)")
        self.back_button = QPushButton("Quay lại sửa (Esc)")
        for button, choice in ((self.mine_button, "mine"), (self.theirs_button, "theirs"),
                               (self.back_button, "back")):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            row.addWidget(button)
        self.back_button.setDefault(True)   # Enter must not overwrite someone's work by accident
        return row

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == "back":
            self.reject()
        else:
            self.accept()
