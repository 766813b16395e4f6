"""The accounts screen (Cài đặt > Tài khoản đăng nhập, administrators only): add, disable, reset a password,
change a role or organisation, the idle lock and whether the program starts without a login."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.access import accounts
from models.access.accounts import Account
from models.access.session import ROLE_HELP, ROLE_NAMES, ROLES, SECRETARY
from models.commune import organisations
from models.errors import UserError
from ui.common.widgets import ErrorLabel, ask, exec_modal, run_action


class _Form(QDialog):
    """A small form whose OK runs ``save`` and shows a refusal under the fields instead of closing."""

    def __init__(self, title: str, parent: QWidget | None, save: Callable[[], object]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._save = save
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(buttons)

    def accept(self) -> None:
        try:
            self._save()
        except UserError as error:
            self.error.show_error(error.message)
            return
        super().accept()

    @staticmethod
    def password_field() -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def check_twice(self, first: QLineEdit, second: QLineEdit) -> str:
        if first.text() != second.text():
            raise UserError("Hai lần gõ mật khẩu không giống nhau. Hãy gõ lại cả hai ô.")
        return first.text()


class AccountDialog(_Form):
    """A new account (with its password typed twice), or the role and organisation of an existing one."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None, account: Account | None = None
                 ) -> None:
        super().__init__("Thêm tài khoản" if account is None else f"Vai trò của “{account.login}”", parent,
                         self._store)
        self.conn, self.account = conn, account
        self.login = QLineEdit(account.login if account else "")
        self.login.setMaxLength(40)
        self.login.setReadOnly(account is not None)
        self.full_name = QLineEdit(account.full_name if account else "")
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(f"{ROLE_NAMES[role]} – {ROLE_HELP[role]}", role)
        self.org = QComboBox()
        for org in organisations.all_organisations(conn, include_dissolved=False):
            self.org.addItem(org.name, int(org.id))
        self.form.addRow("Tên đăng nhập:", self.login)
        self.form.addRow("Họ và tên:", self.full_name)
        self.form.addRow("Vai trò:", self.role)
        self.form.addRow("Tổ chức đảng (bí thư):", self.org)
        self.password, self.again = self.password_field(), self.password_field()
        if account is None:
            self.form.addRow("Mật khẩu (ít nhất 8 ký tự):", self.password)
            self.form.addRow("Gõ lại mật khẩu:", self.again)
        else:
            self.role.setCurrentIndex(max(0, self.role.findData(account.role)))
            self.org.setCurrentIndex(max(0, self.org.findData(account.org_id)))
        self.role.currentIndexChanged.connect(lambda *_: self._role_changed())
        self._role_changed()

    def _role_changed(self) -> None:
        self.org.setEnabled(self.role.currentData() == SECRETARY)

    def _store(self) -> None:
        role = str(self.role.currentData())
        org_id = self.org.currentData() if role == SECRETARY else None
        if role == SECRETARY and org_id is None:
            raise UserError("Chưa có tổ chức đảng nào để gắn tài khoản bí thư. Hãy thêm tổ chức đảng trước.")
        if self.account is None:
            accounts.add_account(self.conn, self.login.text(), self.check_twice(self.password, self.again), role,
                                 full_name=self.full_name.text(), org_id=org_id)
        else:
            accounts.set_role(self.conn, self.account.login, role, org_id)


class PasswordDialog(_Form):
    """A new password for an account, typed twice (the administrator tells it to the person)."""

    def __init__(self, conn: sqlite3.Connection, login: str, parent: QWidget | None = None) -> None:
        super().__init__(f"Đặt lại mật khẩu của “{login}”", parent,
                         lambda: accounts.reset_password(conn, login, self.check_twice(self.password, self.again)))
        self.password, self.again = self.password_field(), self.password_field()
        self.form.addRow("Mật khẩu mới (ít nhất 8 ký tự):", self.password)
        self.form.addRow("Gõ lại mật khẩu:", self.again)


COLUMNS = ("Tên đăng nhập", "Họ và tên", "Vai trò", "Tổ chức đảng", "Trạng thái")


class AccountsDialog(QDialog):
    """The list of accounts with what an administrator does to them."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.setWindowTitle("Tài khoản đăng nhập")
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        intro = QLabel("Mỗi người dùng một tài khoản. Quản trị: mọi việc; Văn phòng: hồ sơ toàn xã; Bí thư chi bộ: "
                       "chỉ tổ chức của mình và các đơn vị trực thuộc; Chỉ xem: không sửa gì, số thẻ được che.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == 3
                                        else QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons())
        layout.addWidget(self._settings_box())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton("Thêm tài khoản…")
        self.role_button = QPushButton("Đổi vai trò, tổ chức…")
        self.password_button = QPushButton("Đặt lại mật khẩu…")
        self.disable_button = QPushButton("Khóa / mở khóa")
        for button, slot in ((self.add_button, self.add_account), (self.role_button, self.change_role),
                             (self.password_button, self.reset_password), (self.disable_button, self.toggle_disabled)):
            button.clicked.connect(lambda *_, s=slot: s())
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox("Đăng nhập")
        form = QFormLayout(box)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, 1440)
        self.idle_minutes.setSuffix(" phút")
        self.idle_minutes.setSpecialValueText("không tự khóa")
        self.idle_minutes.setValue(accounts.idle_lock_minutes(self.conn))
        self.idle_minutes.setMaximumWidth(160)
        self.without_login = QCheckBox("Mở chương trình không cần đăng nhập (chỉ nên chọn khi máy chỉ một người "
                                       "dùng; khi đó làm việc với quyền Văn phòng)")
        self.without_login.setChecked(accounts.starts_without_login(self.conn))
        self.save_settings_button = QPushButton("Lưu cài đặt đăng nhập")
        self.save_settings_button.clicked.connect(lambda *_: self.save_settings())
        form.addRow("Tự khóa màn hình sau:", self.idle_minutes)
        form.addRow("", self.without_login)
        row = QHBoxLayout()
        row.addWidget(self.save_settings_button)
        row.addStretch(1)
        form.addRow("", row)
        return box

    def reload(self) -> None:
        names = organisations.names_by_id(self.conn)
        found = accounts.list_accounts(self.conn)
        self.table.setRowCount(len(found))
        for row, account in enumerate(found):
            cells = (account.login, account.full_name, account.role_name, names.get(account.org_id or 0, ""),
                     "đã khóa" if account.disabled else "đang dùng")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def selected_login(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            ask.info(self, "Tài khoản", "Hãy chọn một tài khoản trong danh sách trước.")
            return None
        return item.text()

    def exec_dialog(self, dialog: QDialog) -> int:
        """Show a form modally (tests replace this seam)."""
        return exec_modal(dialog)

    def add_account(self) -> None:
        if self.exec_dialog(AccountDialog(self.conn, self)):
            self.reload()

    def change_role(self) -> None:
        login = self.selected_login()
        if login and self.exec_dialog(AccountDialog(self.conn, self, accounts.get_account(self.conn, login))):
            self.reload()

    def reset_password(self) -> None:
        login = self.selected_login()
        if login and self.exec_dialog(PasswordDialog(self.conn, login, self)):
            ask.info(self, "Đã đặt lại mật khẩu", f"Đã đặt mật khẩu mới cho “{login}”. Hãy báo riêng cho người đó.")

    def toggle_disabled(self) -> None:
        login = self.selected_login()
        if login is None:
            return
        account = accounts.get_account(self.conn, login)
        if run_action(self, lambda: accounts.set_disabled(self.conn, login, not account.disabled),
                      "Không đổi được tài khoản"):
            self.reload()

    def save_settings(self) -> None:
        def store() -> None:
            accounts.set_idle_lock_minutes(self.conn, self.idle_minutes.value())
            accounts.set_start_without_login(self.conn, self.without_login.isChecked())

        if run_action(self, store, "Không lưu được"):
            ask.info(self, "Đã lưu", "Đã lưu cài đặt đăng nhập; có hiệu lực từ lần mở chương trình sau.")


class AccountsBox(QGroupBox):
    """The line in Cài đặt that leads an administrator to the accounts and the audit trail."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None,
                 open_audit: Callable[[], object] | None = None) -> None:
        super().__init__("Tài khoản đăng nhập", parent)
        self.conn = conn
        column = QVBoxLayout(self)
        row = QHBoxLayout()
        self.summary = QLabel()
        self.accounts_button = QPushButton("Quản lý tài khoản…")
        self.accounts_button.clicked.connect(lambda *_: self.open_accounts())
        self.audit_button = QPushButton("Xem nhật ký thay đổi…")
        self.audit_button.setVisible(open_audit is not None)
        if open_audit is not None:
            self.audit_button.clicked.connect(lambda *_: open_audit())
        column.addWidget(self.summary)
        row.addWidget(self.accounts_button)
        row.addWidget(self.audit_button)
        column.addLayout(row)
        self.show_summary()

    def show_summary(self) -> None:
        found = accounts.list_accounts(self.conn)
        active = [a for a in found if not a.disabled]
        self.summary.setText(f"{len(active)} tài khoản đang dùng ({len(found) - len(active)} đã khóa)."
                             if found else "Chưa có tài khoản: ai mở chương trình cũng làm được mọi việc.")

    def open_accounts(self) -> None:
        exec_modal(AccountsDialog(self.conn, self))
        self.show_summary()
