"""The login at start, after a lock and when another person takes the PC over (Tệp > Đăng nhập tài khoản khác)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from models.access import accounts, guard
from models.access.session import FULL, Access
from models.errors import UserError
from models.storage import audit
from ui.common.widgets import ErrorLabel, exec_modal


class LoginDialog(QDialog):
    """Tên đăng nhập, mật khẩu, Đăng nhập / Thoát; ``access`` holds who logged in once accepted."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None, *, reason: str = "",
                 cancel_text: str = "Thoát", login: str = "", current: Access | None = None) -> None:
        """``current``: the account still in force while the dialog is open (an idle lock), kept on a failure."""
        # Named here: every start imports this module (for log_in), most files have no accounts to log in to, and
        # PySide builds each class with its enums the first time it is named (issue 13).
        from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLineEdit

        super().__init__(parent)
        self.conn = conn
        self.current = current
        self.access: Access | None = None
        self.setWindowTitle("Đăng nhập – Sổ Chi Bộ")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(reason or "Tệp dữ liệu này có tài khoản. Hãy đăng nhập để làm việc.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.login_edit = QLineEdit(login)
        self.login_edit.setMaxLength(40)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Tên đăng nhập:", self.login_edit)
        form.addRow("Mật khẩu:", self.password_edit)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Đăng nhập", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.cancel_button = buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password_edit if login else self.login_edit).setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        """Check the password; a refusal shows under the form and the dialog stays open."""
        guard.install(self.conn, FULL)   # counting a failure writes the account's row, whoever was logged in
        try:
            self.access = accounts.login(self.conn, self.login_edit.text(), self.password_edit.text())
        except UserError as error:
            guard.install(self.conn, self.current or FULL)   # a failed attempt changes nobody's rights
            self.password_edit.clear()
            self.password_edit.setFocus()
            self.error.show_error(error.message)
            return
        super().accept()


def log_in(parent: QWidget | None, conn: sqlite3.Connection, *, force: bool = False, reason: str = "",
           cancel_text: str = "Thoát", login: str = "", current: Access | None = None) -> Access | None:
    """Who works on ``conn``: without a dialog when the file needs no login (unless ``force``), else the one
    who logs in; None when they cancel. The connection is then limited to the role and the audit names them.
    ``current``: the account in force meanwhile (another login asked for), whose rights a failure keeps."""
    access = None if force else accounts.without_login(conn)
    if access is None:
        dialog = LoginDialog(conn, parent, reason=reason, cancel_text=cancel_text, login=login, current=current)
        if not exec_login(dialog):
            return None
        access = dialog.access
    if access is not None:
        start_session(conn, access)
    return access


_current: Access = FULL


def current() -> Access:
    """Who works in this window now (screens that print or export check it; everything without accounts)."""
    return _current


def start_session(conn: sqlite3.Connection, access: Access) -> None:
    """From now on ``conn`` refuses what the role may not write, the audit trail names the account, and the
    screens answer within its rights."""
    global _current
    guard.install(conn, access)
    audit.set_actor(access.login or None)
    _current = access


def exec_login(dialog: LoginDialog) -> bool:
    """Show the login modally (tests replace this seam)."""
    return bool(exec_modal(dialog))
