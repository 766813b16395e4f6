"""The role applied to the main window: which actions and sections the logged-in account may use.

The rules themselves are models.access.session.Access; this only turns them into enabled, disabled and hidden
controls (and the database refuses underneath whatever a control might still try: models.access.guard).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.common.widgets import exec_modal

if TYPE_CHECKING:
    from ui.main_window import MainWindow

SETTINGS_TAB, REPORTS_TAB = "Cài đặt", "Báo cáo"
# The first words of the sections' buttons that change something: hidden from a read-only account (printing,
# opening and choosing stay). The database refuses such a change anyway; this spares the clerk a refusal.
WRITE_WORDS = ("Thêm", "Sửa", "Xóa", "Lưu", "Ghi", "Thông qua", "Mở lại", "Mở đợt", "Khai báo", "Đăng ký",
               "Bỏ người", "Cả chi bộ đã", "Tất cả có mặt", "Hoàn tác", "Đính chính", "Nhập")


def apply(window: MainWindow) -> None:
    """Enable what the account may do, disable the rest, and say who is logged in on the status bar."""
    access, writable = window.access, not window.read_only
    may = {
        window.import_action: access.may_import() and writable,
        window.export_action: access.may_export(),
        window.backup_action: access.may_backup() and writable,
        window.restore_action: access.may_restore() and writable,
        window.committee_action: access.may_edit_commune() and writable,
        window.new_member_action: access.may_write() and writable,
        window.edit_member_action: access.may_write() and writable,
        window.event_action: access.may_write() and writable,
        window.correct_action: access.may_write() and writable,
    }
    for action, allowed in may.items():
        action.setEnabled(allowed)
        action.setVisible(allowed or access.may_write())   # a read-only account is not shown what it cannot do
    for index in range(window.tabs.count()):
        title = window.tabs.tabText(index)
        if title == SETTINGS_TAB:
            window.tabs.setTabEnabled(index, access.may_edit_commune())
        elif title == REPORTS_TAB:
            window.tabs.setTabEnabled(index, access.whole_commune())
    _show_who(window)
    _watch_idle(window)


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
    if is_section(widget, "ui.members.members_view:MembersView") and window.access.login:
        from ui.members.members_view import MembersView

        assert isinstance(widget, MembersView)
        widget.set_access(window.access)
    if not window.access.may_write():
        _read_only(widget)
    if is_section(widget, "ui.settings.settings_view:SettingsView"):
        from ui.settings.settings_view import SettingsView

        assert isinstance(widget, SettingsView)
        widget.restore_button.setVisible(window.access.may_restore())
        for button in (widget.backup_button, widget.backup_elsewhere_button):
            button.setVisible(window.access.may_backup())
        if window.access.may_manage_accounts() and not window.read_only:
            _add_accounts_box(window, widget)


def _read_only(section: QWidget) -> None:
    """A section as a read-only account sees it: no changing buttons, no editable cells."""
    from ui.common.table_model import TableModel

    for button in section.findChildren(QPushButton):
        if button.text().replace("&", "").startswith(WRITE_WORDS):
            button.setVisible(False)
    for model in section.findChildren(TableModel):
        model.read_only = True


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
