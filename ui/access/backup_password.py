"""Passwords of encrypted backups in the window: chosen (twice) for a copy to a USB stick, asked on restore."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from models.access import passwords
from models.errors import UserError
from ui.common.widgets import ErrorLabel, exec_modal

CANCELLED = object()   # ask_encryption's answer when the clerk pressed Hủy


def _password_field() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


BACKUP_TEXT = ("Bản sao lưu mang ra khỏi văn phòng chứa hồ sơ của mọi đảng viên. Mã hóa bằng mật khẩu thì ai nhặt "
               "được ổ USB cũng không đọc được; khi khôi phục chương trình sẽ hỏi mật khẩu này. Quên mật khẩu thì "
               "không mở lại được bản sao lưu.")
EXPORT_TEXT = ("Tệp xuất có mật khẩu chứa danh sách đảng viên đã mã hóa (tên tệp có đuôi .mahoa): ai nhặt được ổ USB "
               "cũng không đọc được. Người nhận mở bằng Sổ Chi Bộ (Tệp > Giải mã tệp đã mã hóa…) với mật khẩu này, "
               "báo mật khẩu cho họ bằng cách khác (gọi điện), đừng ghi cùng ổ USB. Quên mật khẩu thì không mở lại "
               "được tệp.")


def _ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """The row of the two password dialogs: the button that says what it does (Sao lưu, Xuất, Khôi phục,
    Giải mã) and Hủy."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class EncryptDialog(QDialog):
    """Mã hóa bằng mật khẩu (on by default for a copy that leaves the office), the password typed twice.

    ``optional``: the clerk may untick it (a backup); an export with a password always encrypts."""

    def __init__(self, parent: QWidget | None = None, *, title: str = "Sao lưu ra ổ USB hoặc thư mục khác",
                 explanation: str = BACKUP_TEXT, ok_text: str = "Sao lưu", optional: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.password: str | None = None
        layout = QVBoxLayout(self)
        text = QLabel(explanation)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.encrypt = QCheckBox("Mã hóa bằng mật khẩu")
        self.encrypt.setChecked(True)
        self.encrypt.setVisible(optional)
        layout.addWidget(self.encrypt)
        form = QFormLayout()
        self.first, self.again = _password_field(), _password_field()
        form.addRow("Mật khẩu (ít nhất 8 ký tự):", self.first)
        form.addRow("Gõ lại mật khẩu:", self.again)
        layout.addLayout(form)
        self.encrypt.toggled.connect(self._encrypt_toggled)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        layout.addWidget(_ok_cancel(self, ok_text))

    def _encrypt_toggled(self, on: bool) -> None:
        self.first.setEnabled(on)
        self.again.setEnabled(on)

    def accept(self) -> None:
        if self.encrypt.isChecked():
            try:
                if self.first.text() != self.again.text():
                    raise UserError("Hai lần gõ mật khẩu không giống nhau. Hãy gõ lại cả hai ô.")
                self.password = passwords.check_new_password(self.first.text())
            except UserError as error:
                self.error.show_error(error.message)
                return
        else:
            self.password = None
        super().accept()


class PasswordAskDialog(QDialog):
    """The password of an encrypted backup being restored (or of an encrypted file being opened)."""

    def __init__(self, name: str, parent: QWidget | None = None, *, ok_text: str = "Khôi phục") -> None:
        super().__init__(parent)
        self.setWindowTitle("Tệp được mã hóa")
        layout = QVBoxLayout(self)
        text = QLabel(f"Tệp “{name}” được mã hóa. Hãy gõ mật khẩu đã đặt khi sao lưu hoặc xuất tệp.")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.field = _password_field()
        layout.addWidget(self.field)
        layout.addWidget(_ok_cancel(self, ok_text))


def exec_dialog(dialog: QDialog) -> int:
    """Show modally (tests replace this seam)."""
    return exec_modal(dialog)


def ask_encryption(parent: QWidget | None) -> str | None | object:
    """The password to encrypt a backup with, None for a plain copy, or CANCELLED."""
    dialog = EncryptDialog(parent)
    return dialog.password if exec_dialog(dialog) else CANCELLED


def ask_export_password(parent: QWidget | None) -> str | None:
    """The password to encrypt an export with (typed twice), None when cancelled."""
    dialog = EncryptDialog(parent, title="Xuất danh sách ra Excel có mật khẩu", explanation=EXPORT_TEXT,
                           ok_text="Xuất", optional=False)
    return dialog.password if exec_dialog(dialog) else None


def ask_password(parent: QWidget | None, name: str, ok_text: str = "Khôi phục") -> str | None:
    """The password of the encrypted file ``name`` (None: cancelled)."""
    dialog = PasswordAskDialog(name, parent, ok_text=ok_text)
    return dialog.field.text() if exec_dialog(dialog) else None
