"""Typed work is never lost: the small protocol a screen with unsaved edits implements, and the one question.

A screen (section, grid or editor) that holds edits not yet in the file implements ``HoldsUnsavedEdits``.
Before anything drops those edits (quitting, opening another file, reloading for another organisation or
year, closing an editor) the caller runs ``settle``: it asks Lưu / Không lưu / Hủy through
``ask.save_discard_cancel`` and says whether the caller may go on.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QAbstractItemView, QWidget

from ui.common.widgets import ask


@runtime_checkable
class HoldsUnsavedEdits(Protocol):
    def unsaved_changes(self) -> str:
        """"" when nothing is unsaved, else a short Vietnamese description ("3 đảng viên vừa nhập …")."""

    def save_unsaved(self) -> bool:
        """Save what was typed; False when the save was refused (the screen shows why, the caller stays)."""

    def discard_unsaved(self) -> None:
        """Drop what was typed and show what is stored."""


def settle(screen: HoldsUnsavedEdits, parent: QWidget | None, doing: str, where: str = "") -> bool:
    """Ask about ``screen``'s unsaved edits before ``doing`` (e.g. "thoát"); True: go on, False: stay."""
    what = screen.unsaved_changes()
    if not what:
        return True
    prefix = f"{where}: " if where else ""
    answer = ask.save_discard_cancel(parent, "Có thay đổi chưa lưu",
                                     f"{prefix}{what}.\n\nLưu lại trước khi {doing}?\n"
                                     "(Không lưu: bỏ những gì vừa nhập. Hủy: quay lại, chưa làm gì.)")
    if answer == "save":
        return screen.save_unsaved()
    if answer == "discard":
        screen.discard_unsaved()
        return True
    return False


def commit_open_editor(view: QAbstractItemView) -> None:
    """A cell still being typed in (no Enter yet) goes into the model, so it counts as typed work."""
    from PySide6.QtWidgets import QAbstractItemDelegate

    if view.state() != QAbstractItemView.State.EditingState:
        return
    editor = view.indexWidget(view.currentIndex())
    if editor is None:
        return
    delegate = view.itemDelegate()
    delegate.commitData.emit(editor)
    delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def form_state(root: QWidget) -> tuple[object, ...]:
    """Everything typed or chosen in ``root``'s fields, to compare with what the form was opened with."""
    # Named here, not at the top: the main window imports this module for ``settle``, and PySide builds each class
    # (with its enums) the first time it is named, ~1 ms of the start for fields the first screen does not have.
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QDoubleSpinBox,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QSpinBox,
        QTextEdit,
    )

    state: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            state.append(widget.text())
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            state.append(widget.value())   # not its text: Qt fills that in only when the box is first shown
        elif isinstance(widget, QComboBox):
            state.append(widget.currentText())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            state.append(widget.toPlainText())
        elif isinstance(widget, QListWidget):
            state.append(tuple(widget.item(row).checkState() for row in range(widget.count())))
    return tuple(state)

