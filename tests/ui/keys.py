"""Typing Vietnamese into a widget in a GUI test (QTest.keyClicks takes ASCII only and aborts on "ộ")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Send each character as a key press and release carrying its text, as an input method does."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def pick(picker, text: str) -> None:
    """Type ``text`` into a SearchPicker (replacing what it held) and press Enter, as a clerk does."""
    line = picker.lineEdit()
    line.selectAll()
    type_text(line, text)
    popup = picker.finder.popup()
    target = popup if popup.isVisible() else picker
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))
