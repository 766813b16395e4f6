"""The role applied to the main window: which actions and sections the logged-in account may use.

The rules themselves are models.access.session.Access; this only turns them into enabled, disabled and hidden
controls (and the database refuses underneath whatever a control might still try: models.access.guard).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QVBoxLayout, QWidget

from ui.common import read_only
from ui.common.widgets import exec_modal

if TYPE_CHECKING:
    from ui.main_window import MainWindow

SETTINGS_TAB, REPORTS_TAB = "Cài đặt", "Báo cáo"
WRITE_WORDS = read_only.WRITE_WORDS   # the changing buttons' first words, hidden from a read-only account


def apply(window: MainWindow) -> None:
    """Enable what the account may do, disable the rest, and say who is logged in on the status bar."""
    access, writable = window.access, not window.read_only
    may = {
        window.import_action: access.may_import() and writable,
        window.export_action: access.may_export(),
        window.export_sealed_action: access.may_export(),
        window.backup_action: access.may_backup() and writable,
        window.restore_action: access.may_restore() and writable,
        window.committee_action: access.may_edit_commune() and writable,
        window.new_member_action: access.may_write() and writable,
        window.edit_member_action: True,   # the full record: edited, or read when the account or file may not
        window.event_action: access.may_write() and writable,
        window.correct_action: access.may_write() and writable,
    }
    for action, allowed in may.items():
        action.setEnabled(allowed)
        action.setVisible(allowed or access.may_write())   # a read-only account is not shown what it cannot do
    window.edit_member_action.setText("Sửa hồ sơ…" if access.may_write() and writable else "Xem hồ sơ…")
    _session_actions(window)
    for index in range(window.tabs.count()):
        title = window.tabs.tabText(index)
        if title == SETTINGS_TAB:
            window.tabs.setTabEnabled(index, access.may_edit_commune())
        elif title == REPORTS_TAB:
            window.tabs.setTabEnabled(index, access.whole_commune())
    _show_who(window)
    _watch_idle(window)


LOCK_ACTION, SWITCH_ACTION = "lock_action", "switch_account_action"


def _session_actions(window: MainWindow) -> None:
    """Tệp > Khóa màn hình (Ctrl+L) and Đăng nhập tài khoản khác…, made once per window (above Thoát) and
    shown when they mean something: a lock needs a logged-in account, another login a file with accounts."""
    from models.access import accounts
    from ui.access import idle_lock

    lock, switch = window.findChild(QAction, LOCK_ACTION), window.findChild(QAction, SWITCH_ACTION)
    if lock is None or switch is None:
        lock = QAction("Khóa màn hình", window)
        lock.setObjectName(LOCK_ACTION)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.setStatusTip("Che nội dung cho đến khi gõ lại mật khẩu (khi rời máy một lúc)")
        lock.triggered.connect(lambda *_: idle_lock.lock_now(window))
        switch = QAction("Đăng nhập tài khoản khác…", window)
        switch.setObjectName(SWITCH_ACTION)
        switch.setStatusTip("Người khác làm việc tiếp trên máy này, bằng tài khoản của họ")
        switch.triggered.connect(lambda *_: switch_account(window))
        _file_menu_insert(window, [lock, switch])
    lock.setVisible(idle_lock.can_lock(window))
    switch.setVisible(accounts.has_accounts(window.conn) and not window.read_only)


def _file_menu_insert(window: MainWindow, actions: list[QAction]) -> None:
    """Put ``actions`` above Thoát in the Tệp menu, with a separator before Thoát."""
    for item in window.menuBar().actions():
        menu = item.menu()
        if isinstance(menu, QMenu) and window.quit_action in menu.actions():
            menu.insertActions(window.quit_action, actions)
            menu.insertSeparator(window.quit_action)
            return
    window.addActions(actions)   # no Tệp menu: the shortcut still works


def switch_account(window: MainWindow) -> bool:
    """Another person logs in and works on: every screen anew under their account. The typed work of the one
    before is settled first (Lưu / Không lưu / Hủy); a cancelled or failed login changes nothing."""
    from ui.access import login_dialog

    if not window.confirm_leave("đăng nhập tài khoản khác"):
        return False
    access = login_dialog.log_in(window, window.conn, force=True, cancel_text="Hủy", current=window.access,
                                 reason="Đăng nhập bằng tài khoản khác. Người đang làm việc "
                                        f"({window.access.who}) sẽ thôi làm việc trên cửa sổ này.")
    if access is None:
        return False
    window.access = access
    window._rebuild_screens()   # every screen anew under the account (its scope, masked lists, the idle lock)
    return True


def create_first_admin(window: MainWindow, login: str, password: str) -> None:
    """The first start's administrator: created, and the window works as that account from now on."""
    from models.access import accounts
    from ui.access import login_dialog
    from ui.common.widgets import run_action

    def create() -> None:
        accounts.add_account(window.conn, login, password, "quan-tri")
        window.access = accounts.login(window.conn, login, password)
        login_dialog.start_session(window.conn, window.access)

    if run_action(window, create, "Chưa tạo được tài khoản quản trị"):
        window._rebuild_screens()   # every screen anew under the account (masked lists, the idle lock)


def _watch_idle(window: MainWindow) -> None:
    """One idle lock per window, made anew when the file (and so the account) changes."""
    from ui.access import idle_lock

    if window.idle_lock is not None:
        window.idle_lock.deleteLater()
    window.idle_lock = idle_lock.attach(window)


def apply_to_section(window: MainWindow, widget: QWidget) -> None:
    """A section as it is built: the member list masks identifiers and hides what the account may not do."""
    from ui.common.section import is_section

    # Each class imported only for a widget of its kind (its module loaded already): a section's module is
    # imported when its tab is first shown, not with the first screen (issue 13).
    if is_section(widget, "ui.members.members_view:MembersView"):
        from ui.members.members_view import MembersView

        assert isinstance(widget, MembersView)
        widget.file_writable = not window.read_only   # a file open elsewhere: records are read, not edited
        if window.access.login:
            widget.set_access(window.access)
        widget.edit_member_button.setText(widget.record_text())
    if not window.access.may_write():   # no changing buttons, no editable cells
        read_only.hide_changing_buttons(widget)
    if is_section(widget, "ui.settings.settings_view:SettingsView"):
        from ui.settings.settings_view import SettingsView

        assert isinstance(widget, SettingsView)
        widget.restore_button.setVisible(window.access.may_restore())
        for button in (widget.backup_button, widget.backup_elsewhere_button):
            button.setVisible(window.access.may_backup())
        if window.access.may_manage_accounts() and not window.read_only:
            _add_accounts_box(window, widget)


def _add_accounts_box(window: MainWindow, settings: QWidget) -> None:
    """Cài đặt gains the accounts and the audit trail beside its last box (the page has no height to spare at
    1366×768), or above its closing stretch when the page has no box there."""
    from ui.access.accounts_dialog import AccountsBox
    from ui.access.audit_browser import AuditBrowser

    box = AccountsBox(window.conn, settings, open_audit=lambda: exec_modal(AuditBrowser(window.conn, window)))
    layout = settings.layout()
    if not isinstance(layout, QVBoxLayout):
        return
    at = max(0, layout.count() - 2)    # the last box, before the stretch
    item = layout.itemAt(at)
    last = item.widget() if item is not None else None
    if last is None:
        layout.insertWidget(at + 1, box)
        return
    layout.removeWidget(last)
    row = QHBoxLayout()
    row.addWidget(last, 1)
    row.addWidget(box)
    layout.insertLayout(at, row)


def _show_who(window: MainWindow) -> None:
    label = window.user_label
    if label is None:
        label = QLabel()
        window.user_label = label
        window.statusBar().addPermanentWidget(label)
    label.setText(f"Người dùng: {window.access.who}" if window.access.login else "")
    label.setVisible(bool(window.access.login))
