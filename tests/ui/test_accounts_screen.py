"""The accounts screen and the audit browser: an administrator's, in Cài đặt."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings

from models.access import accounts
from models.storage import audit
from tests.conftest import add_member
from ui.access import login_dialog
from ui.access.accounts_dialog import AccountDialog, AccountsBox, AccountsDialog, PasswordDialog
from ui.access.audit_browser import AuditBrowser
from ui.common import files
from ui.main_window import MainWindow
from ui.settings.settings_view import SettingsView

PASSWORD = "mat-khau-dai-1"


@pytest.fixture
def admin_conn(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn Ân", commune["dong"].id, dt.date(1990, 5, 1))
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    yield conn
    audit.set_actor(None)


def _accept_with(dialog, fill):
    def run(form):
        fill(form)
        form.accept()
        return form.result()
    dialog.exec_dialog = run


def test_an_administrator_adds_a_bi_thu_and_resets_a_password(qtbot, admin_conn, commune):
    dialog = AccountsDialog(admin_conn)
    qtbot.addWidget(dialog)

    def bi_thu(form: AccountDialog) -> None:
        form.login.setText("bithu")
        form.full_name.setText("Lê Văn Bình")
        form.role.setCurrentIndex(form.role.findData("bi-thu"))
        form.org.setCurrentIndex(form.org.findData(commune["dong"].id))
        form.password.setText("mat-khau-bi-thu")
        form.again.setText("mat-khau-bi-thu")
    _accept_with(dialog, bi_thu)
    dialog.add_account()
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 2).text() == "Bí thư chi bộ"
    assert accounts.login(admin_conn, "bithu", "mat-khau-bi-thu").org_id == commune["dong"].id

    dialog.table.selectRow(1)

    def new_password(form: PasswordDialog) -> None:
        form.password.setText("mat-khau-moi-2")
        form.again.setText("mat-khau-moi-2")
    _accept_with(dialog, new_password)
    dialog.reset_password()
    assert accounts.login(admin_conn, "bithu", "mat-khau-moi-2").login == "bithu"
    dialog.toggle_disabled()
    assert dialog.table.item(1, 4).text() == "đã khóa"

    dialog.idle_minutes.setValue(5)
    dialog.without_login.setChecked(True)
    dialog.save_settings()
    assert accounts.idle_lock_minutes(admin_conn) == 5 and accounts.starts_without_login(admin_conn)


def test_a_refused_account_shows_why_and_stays_open(qtbot, admin_conn):
    form = AccountDialog(admin_conn)
    qtbot.addWidget(form)
    form.login.setText("vp")
    form.role.setCurrentIndex(form.role.findData("van-phong"))
    form.password.setText("mat-khau-mot")
    form.again.setText("mat-khau-hai")
    form.accept()
    assert "không giống nhau" in form.error.text() and form.result() == 0
    assert [a.login for a in accounts.list_accounts(admin_conn)] == ["admin"]


def test_settings_shows_the_accounts_box_only_to_an_administrator(qtbot, admin_conn, commune, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    accounts.add_account(admin_conn, "vp", PASSWORD, "van-phong")
    for login, shown in (("admin", True), ("vp", False)):
        access = accounts.login(admin_conn, login, PASSWORD)
        login_dialog.start_session(admin_conn, access)
        win = MainWindow(admin_conn, tmp_path / "xa.sqlite", settings, check_setup=False, access=access)
        qtbot.addWidget(win)
        win.go_to_section([win.tabs.tabText(i) for i in range(win.tabs.count())].index("Cài đặt"))
        view = next(w for w in win.sections.values() if isinstance(w, SettingsView))
        assert (view.findChild(AccountsBox) is not None) is shown, login


def test_the_audit_browser_filters_exports_and_tells_a_broken_chain(qtbot, admin_conn, tmp_path, monkeypatch):
    with audit.acting_as("admin"):
        accounts.add_account(admin_conn, "vp", PASSWORD, "van-phong")
    browser = AuditBrowser(admin_conn)
    qtbot.addWidget(browser)
    assert "nguyên vẹn" in browser.chain_label.text()
    browser.user.setCurrentIndex(browser.user.findData("admin"))
    browser.apply_filter()
    assert browser.table.rowCount() >= 1
    assert {browser.table.item(r, 1).text() for r in range(browser.table.rowCount())} == {"admin"}
    browser.kind.setCurrentIndex(browser.kind.findData("tạo tài khoản"))
    browser.date_from.set_date(dt.date.today())
    browser.apply_filter()
    assert [browser.table.item(r, 2).text() for r in range(browser.table.rowCount())] == ["tạo tài khoản"]
    target = tmp_path / "nhat-ky.xlsx"
    monkeypatch.setattr(files, "ask_output_path", lambda *a: target)
    browser.export()
    sheet = load_workbook(target).active
    assert sheet.cell(row=4, column=2).value == "admin" and sheet.cell(row=4, column=3).value == "tạo tài khoản"

    admin_conn.execute("DROP TRIGGER audit_no_delete")
    admin_conn.execute("DELETE FROM audit_log WHERE id = 2")
    browser.show_chain()
    assert "đã bị xóa" in browser.chain_label.text()
