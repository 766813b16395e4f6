"""A screen or dialog as a read-only account sees it: every field shown but not editable, no changing button.

Whether the account may write is models.access.session.Access (asked through ui.access.login_dialog.current(),
the window's logged-in account); this only turns "may not" into read-only widgets. The database refuses any
write underneath anyway (models.access.guard); this spares the clerk a refusal after typing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget

from ui.common.table_model import TableModel

# The first words of the buttons that change something: hidden from a read-only account (printing, opening and
# choosing stay).
WRITE_WORDS = ("Thêm", "Sửa", "Xóa", "Lưu", "Ghi", "Thông qua", "Mở lại", "Mở đợt", "Khai báo", "Đăng ký",
               "Bỏ người", "Cả chi bộ đã", "Tất cả có mặt", "Hoàn tác", "Đính chính", "Nhập", "Thôi chức vụ",
               "Chọn tất cả", "Bỏ chọn")
CLOSE_TEXT = "Đóng"


def account_may_write() -> bool:
    """Whether the logged-in account may change anything (everyone may, in a file without accounts)."""
    from ui.access import login_dialog

    return login_dialog.current().may_write()


def changes_something(button: QAbstractButton) -> bool:
    return button.text().replace("&", "").startswith(WRITE_WORDS)


def hide_changing_buttons(root: QWidget) -> None:
    """Hide the buttons under ``root`` that change something, and make its tables read-only."""
    for button in root.findChildren(QPushButton):
        if changes_something(button):
            button.setVisible(False)
    for model in root.findChildren(TableModel):
        model.read_only = True


def make_read_only(root: QWidget) -> None:
    """Every field under ``root`` shown but not editable; no button that keeps or changes; "Hủy" says "Đóng"."""
    # Imported here: the main window imports this module for hide_changing_buttons, and these classes (made by
    # PySide the first time they are named) are no part of its first screen (issue 13).
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QDialogButtonBox,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QTextEdit,
    )

    # The buttons of a dialog's button row that keep or confirm what was typed.
    keeping = (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.ApplyRole,
               QDialogButtonBox.ButtonRole.YesRole, QDialogButtonBox.ButtonRole.DestructiveRole)
    for line in root.findChildren(QLineEdit):
        line.setReadOnly(True)
    for plain in root.findChildren(QPlainTextEdit):
        plain.setReadOnly(True)
    for rich in root.findChildren(QTextEdit):
        rich.setReadOnly(True)
    for spin in root.findChildren(QAbstractSpinBox):
        spin.setReadOnly(True)
    for combo in root.findChildren(QComboBox):   # a combo has no read-only state: it takes no choice
        combo.setEnabled(False)
    for button in root.findChildren(QAbstractButton):
        if button.isCheckable() and not isinstance(button, QPushButton):   # check boxes and radio buttons
            button.setEnabled(False)
    for view in root.findChildren(QAbstractItemView):
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for listing in root.findChildren(QListWidget):   # ticks stay shown but take no click
        for row in range(listing.count()):
            item = listing.item(row)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable & ~Qt.ItemFlag.ItemIsEditable)
    for box in root.findChildren(QDialogButtonBox):
        for button in box.buttons():
            role = box.buttonRole(button)
            if role in keeping:
                button.setVisible(False)
            elif role == QDialogButtonBox.ButtonRole.RejectRole:
                button.setText(CLOSE_TEXT)
                button.setToolTip("Đóng (Esc)")
                if isinstance(button, QPushButton):
                    button.setDefault(True)
    hide_changing_buttons(root)
