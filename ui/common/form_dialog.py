"""The one base of every small editing dialog, and the one Lưu / Hủy row.

A form dialog collects what was typed into a dataclass (``collect``); the caller passes ``save``, which stores
it. Enter or Alt+L saves, Esc or “Hủy” cancels and first asks Lưu / Không lưu / Hủy when something was typed.
A refusal (UserError) is shown on the red line under the form and the dialog stays open with what was typed.

For an account that may not write (ui.access.login_dialog.current()), every such dialog opens read-only: the
fields show the record but take no typing, Lưu is hidden and Hủy says Đóng (ui.common.read_only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from models.errors import UserError
from ui.common.read_only import account_may_write, make_read_only
from ui.common.unsaved import form_state, settle
from ui.common.widgets import DateEdit, ErrorLabel

T = TypeVar("T")

# Alt+L saves everywhere; "Hủy" takes no letter because Esc already cancels, so it never takes one a field needs.
SAVE_TEXT = "&Lưu"
CANCEL_TEXT = "Hủy"


def save_cancel_box(on_save: Callable[[], object], on_cancel: Callable[[], object]) -> QDialogButtonBox:
    """The Lưu / Hủy row: Lưu is the default button (Enter), Hủy is what Esc presses."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save = box.button(QDialogButtonBox.StandardButton.Save)
    save.setText(SAVE_TEXT)
    save.setToolTip("Lưu (Enter hoặc Alt+L)")
    save.setDefault(True)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(CANCEL_TEXT)
    cancel.setToolTip("Hủy, không lưu (Esc)")
    box.accepted.connect(on_save)
    box.rejected.connect(on_cancel)
    return box


class GuardedDialog(QDialog):
    """A dialog that asks Lưu / Không lưu / Hủy before Esc or the X drops what was typed.

    The subclass calls ``mark_unchanged()`` once its fields show the record it opened with; an untouched
    dialog closes at once. "Lưu" does what the save button does (``save_typed``); a refused save stays open.

    ``read_only`` (by default: the logged-in account may not write) shows the record without letting it be
    changed; it takes effect when the fields are filled (``mark_unchanged``) and again when the dialog shows.
    """

    _opened_with: tuple[object, ...] = ()

    def __init__(self, parent: QWidget | None = None, *, read_only: bool | None = None) -> None:
        super().__init__(parent)
        self.read_only = not account_may_write() if read_only is None else read_only

    def mark_unchanged(self) -> None:
        if self.read_only:
            make_read_only(self)
        self._opened_with = form_state(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self.read_only:   # whatever the subclass added after mark_unchanged
            make_read_only(self)
        super().showEvent(event)

    def has_changes(self) -> bool:
        return not self.read_only and form_state(self) != self._opened_with

    def save_typed(self) -> bool:
        """Press the save button; True when the record was stored (the dialog has then closed as accepted)."""
        self.accept()
        return self.result() == QDialog.DialogCode.Accepted

    def unsaved_changes(self) -> str:
        return f"Những gì vừa nhập trong “{self.windowTitle()}” chưa được lưu" if self.has_changes() else ""

    def save_unsaved(self) -> bool:
        return self.save_typed()

    def discard_unsaved(self) -> None:
        """Closing drops the form; nothing to undo in the file."""

    def reject(self) -> None:
        if not settle(self, self, "đóng"):
            return
        if self.result() != QDialog.DialogCode.Accepted:   # "Lưu" has already closed it as saved
            super().reject()


class FormDialog(GuardedDialog, Generic[T]):
    """Title, an optional intro, a form (``self.form``, more below it in ``self.body``), the error line, Lưu / Hủy.

    Subclasses fill the form, call ``mark_unchanged()`` and implement ``collect``. After a save,
    ``result_value`` is what was collected and ``saved`` what ``save`` returned (e.g. the new record).
    """

    def __init__(self, title: str, parent: QWidget | None = None, save: Callable[[T], object] | None = None,
                 intro: str = "", *, read_only: bool | None = None) -> None:
        super().__init__(parent, read_only=read_only)
        self.setWindowTitle(title)
        self._save = save
        self.result_value: T | None = None
        self.saved: object = None
        outer = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            outer.addWidget(label)
        self.body = QVBoxLayout()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addLayout(self.form)
        outer.addLayout(self.body)
        self.error = ErrorLabel()
        self.error.show_error("")
        outer.addWidget(self.error)
        self.buttons = save_cancel_box(self.accept, self.reject)
        outer.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def date_field(self, label: str, value: dt.date | None = None) -> DateEdit:
        """A date row whose reading problems show on the error line."""
        field = DateEdit(label)
        field.set_date(value)
        field.error_changed.connect(self.error.show_error)
        self.form.addRow(label + ":", field)
        return field

    def collect(self) -> T:
        """What was typed, as the dataclass ``save`` takes; raises UserError saying what to correct."""
        raise NotImplementedError

    def store(self, value: T) -> object:
        """Hand ``value`` to the caller's ``save``; a subclass may check more when there is none."""
        return self._save(value) if self._save is not None else None

    def refused(self, error: UserError) -> None:
        """Show why nothing was saved; the dialog stays open with what was typed."""
        self.error.show_error(error.message)

    def accept(self) -> None:
        if self.read_only:   # Enter in a read-only dialog closes it; nothing is stored
            QDialog.reject(self)
            return
        try:
            value = self.collect()
            self.saved = self.store(value)
        except UserError as error:
            self.refused(error)
            return
        self.result_value = value
        super().accept()
