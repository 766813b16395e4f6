"""Small widgets and seams every screen shares: a Vietnamese date field, message boxes behind ``ask``."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QSplitter, QWidget

from models import vn
from models.errors import UserError, explain

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QSpinBox

ERROR_STYLE = "QLineEdit { border: 2px solid #c0392b; background: #fdecea; }"


class DateEdit(QLineEdit):
    """A date typed the Vietnamese way (05/11/2026, 5/11/2026, 5-11-2026) or left empty.

    ``date()`` returns the date or None and raises UserError naming the field when the text is not a date;
    the field turns red and ``error_changed`` carries the message, so a dialog can show it beside the field.
    """

    error_changed = Signal(str)

    def __init__(self, field_name: str = "Ngày", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field_name = field_name
        self.setPlaceholderText("ngày/tháng/năm")
        self.setMaxLength(10)
        self.setToolTip("Gõ ngày theo dạng ngày/tháng/năm, ví dụ 05/11/2026")
        self.editingFinished.connect(self._check)

    def date(self) -> dt.date | None:
        return vn.parse_date(self.text(), self.field_name)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(vn.format_date(value))
        self._show_error("")

    def _check(self) -> None:
        try:
            value = self.date()
        except UserError as error:
            self._show_error(error.message)
            return
        if value is not None:
            self.setText(vn.format_date(value))  # normalise 5-11-2026 to 05/11/2026
        self._show_error("")

    def _show_error(self, message: str) -> None:
        self.setStyleSheet(ERROR_STYLE if message else "")
        self.error_changed.emit(message)


LimitedFields = Mapping[str, QLineEdit | QComboBox]
_NO_LIMIT = 32767   # Qt's own default maxLength


def _typed_lines(fields: LimitedFields) -> Iterator[tuple[str, QLineEdit]]:
    for name, field in fields.items():
        line = field.lineEdit() if isinstance(field, QComboBox) else field
        if line is not None:   # a combo the clerk cannot type into needs no limit
            yield name, line


def limit_lengths(limits: Mapping[str, int], fields: LimitedFields) -> None:
    """Each one-line field takes no more than its record and printed forms hold (``limits``: a model's MAX_LENGTHS).

    Call it once the fields show the stored record: a longer text stored before the limits existed is shown
    whole (Qt would silently cut it), and saving it then asks, in the model's words, to shorten it.
    """
    for name, line in _typed_lines(fields):
        line.setMaxLength(max(limits[name], len(line.text())))


@contextmanager
def reloading(limits: Mapping[str, int], fields: LimitedFields) -> Iterator[None]:
    """Lift the limits while a stored record is put back into the fields, then set them again (never cut text)."""
    for _name, line in _typed_lines(fields):
        line.setMaxLength(_NO_LIMIT)
    yield
    limit_lengths(limits, fields)


class ErrorLabel(QLabel):
    """A red line under a form that shows the last problem in Vietnamese (empty when none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


# ---------------------------------------------------------------- the ask() seam
# Screens never call QMessageBox directly: they call these, which tests replace (monkeypatch) so
# no modal box ever blocks a headless run. QMessageBox (like QInputDialog and QSpinBox below) is imported where a
# box is made: PySide builds a class with its enums the first time it is named, which the start need not wait for.

def _box(warning: bool, parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    kind = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(kind, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("Đồng ý")
    box.exec()


def _confirm(parent: QWidget | None, title: str, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText("Có")
    box.button(QMessageBox.StandardButton.No).setText("Không")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def save_discard_cancel_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """The Lưu / Không lưu / Hủy box, built but not shown (so it can be looked at offscreen)."""
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, buttons, parent)
    for button, label in ((QMessageBox.StandardButton.Save, "&Lưu"), (QMessageBox.StandardButton.Discard,
                                                                       "&Không lưu"),
                          (QMessageBox.StandardButton.Cancel, "&Hủy")):
        box.button(button).setText(label)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)   # Esc and the window's X mean "stay here"
    return box


def save_discard_cancel_answer(box: QMessageBox) -> str:
    """What the clerk chose in the box: "save", "discard" or "cancel" (also when it was closed otherwise)."""
    from PySide6.QtWidgets import QMessageBox

    answers = {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard",
               QMessageBox.StandardButton.Cancel: "cancel"}
    clicked = box.clickedButton()
    return answers.get(box.standardButton(clicked), "cancel") if clicked is not None else "cancel"


def _save_discard_cancel(parent: QWidget | None, title: str, text: str) -> str:
    box = save_discard_cancel_box(parent, title, text)
    box.exec()
    return save_discard_cancel_answer(box)


class Ask:
    """The seam: ``ask.info / ask.warn / ask.confirm / ask.save_discard_cancel``; tests assign plain functions.

    ``save_discard_cancel`` returns "save", "discard" or "cancel" (Esc, the X, anything else: "cancel").
    """

    info: Callable[[QWidget | None, str, str], None] = staticmethod(
        lambda parent, title, text: _box(False, parent, title, text))
    warn: Callable[[QWidget | None, str, str], None] = staticmethod(
        lambda parent, title, text: _box(True, parent, title, text))
    confirm: Callable[[QWidget | None, str, str], bool] = staticmethod(_confirm)
    save_discard_cancel: Callable[[QWidget | None, str, str], str] = staticmethod(_save_discard_cancel)


ask = Ask()


def exec_modal(dialog: QDialog) -> int:
    """Show a dialog modally; views keep this as their ``exec_dialog`` seam, which tests replace."""
    return int(dialog.exec())


def run_action(parent: QWidget | None, action: Callable[[], object], title: str = "Không lưu được") -> bool:
    """Run a user action; a UserError or a storage failure becomes a Vietnamese warning and nothing else happens."""
    try:
        action()
    except (UserError, sqlite3.Error, OSError) as error:
        message = explain(error)   # disk full, read-only, busy, removed drive… said in Vietnamese; others propagate
        if message is None:
            raise
        if not isinstance(error, UserError):
            logging.warning("%s: %r", title, error)
        ask.warn(parent, title, message)
        return False
    return True


def two_panes(first: QWidget, second: QWidget, *, vertical: bool = False, stretch: tuple[int, int] = (0, 0),
              sizes: Sequence[int] = ()) -> QSplitter:
    """Two panes the user can resize; ``stretch`` shares out a growing window, ``sizes`` is the first look."""
    splitter = QSplitter(Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)
    for number, pane in enumerate((first, second)):
        splitter.addWidget(pane)
        splitter.setStretchFactor(number, stretch[number])
    if sizes:
        splitter.setSizes(list(sizes))
    return splitter


def ask_text(parent: QWidget | None, title: str, label: str, ok: str, cancel: str) -> str | None:
    """A line typed into a small box whose buttons say what they do (None: cancelled)."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(ok)
    dialog.setCancelButtonText(cancel)
    dialog.resize(500, dialog.sizeHint().height())   # wide enough for a sentence of reason
    return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None


def year_box() -> QSpinBox:
    """This year, chosen from 2000 to next year (plans are made a year ahead)."""
    from PySide6.QtWidgets import QSpinBox

    box = QSpinBox()
    this_year = dt.date.today().year
    box.setRange(2000, this_year + 1)
    box.setValue(this_year)
    return box


def month_box() -> QComboBox:
    """This month as "Tháng 1" … "Tháng 12"; the chosen month is ``currentIndex() + 1``."""
    box = QComboBox()
    box.addItems([f"Tháng {m}" for m in range(1, 13)])
    box.setCurrentIndex(dt.date.today().month - 1)
    return box
