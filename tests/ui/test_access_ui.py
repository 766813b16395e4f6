"""The window under each role: the login, the tree and scope of a bí thư, a read-only chi-xem, masked cards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from models.access import accounts
from models.access.session import AccessDenied
from models.storage import audit, db
from tests.conftest import add_member
from ui import main_actions, opening
from ui.access import login_dialog
from ui.access.login_dialog import LoginDialog
from ui.common import files
from ui.main_window import MainWindow

PASSWORD = "mat-khau-dai-1"


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def office(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn Ân", commune["dong"].id, dt.date(1990, 5, 1), dt.date(1991, 5, 1),
               card_number="012345678901")
    add_member(conn, "Trần Minh Đức", commune["teachers"].id, dt.date(2010, 3, 1), dt.date(2011, 3, 1),
               card_number="098765432109")
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    accounts.add_account(conn, "bithu", PASSWORD, "bi-thu", org_id=commune["dong"].id)
    accounts.add_account(conn, "xem", PASSWORD, "chi-xem")
    yield commune
    audit.set_actor(None)


def _window(qtbot, office, settings, tmp_path, login: str) -> MainWindow:
    conn = office["conn"]
    access = accounts.login(conn, login, PASSWORD)
    login_dialog.start_session(conn, access)
    win = MainWindow(conn, tmp_path / "xa.sqlite", settings, check_setup=False, access=access)
    qtbot.addWidget(win)
    return win


def _tree(win: MainWindow) -> list[str]:
    return [item.text(0) for item in win.org_panel._all_items()]


def test_the_login_dialog_refuses_a_wrong_password_and_stays_open(qtbot, office):
    dialog = LoginDialog(office["conn"])
    qtbot.addWidget(dialog)
    dialog.login_edit.setText("admin")
    dialog.password_edit.setText("sai-mat-khau")
    dialog.ok_button.click()
    assert dialog.access is None and "không đúng" in dialog.error.text() and dialog.password_edit.text() == ""
    dialog.password_edit.setText(PASSWORD)
    dialog.ok_button.click()
    assert dialog.access is not None and dialog.access.role == "quan-tri"


def test_opening_a_file_with_accounts_asks_for_the_login(tmp_path, monkeypatch, qtbot):
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    db.close(conn)
    shown: list[LoginDialog] = []

    def fill(dialog: LoginDialog) -> bool:
        shown.append(dialog)
        dialog.login_edit.setText("admin")
        dialog.password_edit.setText(PASSWORD)
        dialog.accept()
        return dialog.access is not None
    monkeypatch.setattr(login_dialog, "exec_login", fill)
    opened = opening.open_data_file(None, path, at_start=True)
    assert shown and opened is not None and opened.access.login == "admin"
    opened.close()
    monkeypatch.setattr(login_dialog, "exec_login", lambda dialog: False)      # Thoát: nothing opens
    assert opening.open_data_file(None, path, at_start=True) is None
    audit.set_actor(None)


def test_a_bi_thu_sees_only_their_organisation(qtbot, office, settings, tmp_path):
    win = _window(qtbot, office, settings, tmp_path, "bithu")
    assert _tree(win) == ["Chi bộ thôn Đông (1)"]                 # no commune, no other unit
    assert win.scope == office["dong"].id
    view = win.members_view()
    assert view.model.rowCount() == 1 and view.model.row_at(0).member.details.full_name == "Nguyễn Văn Ân"
    assert not win.import_action.isEnabled() and not win.backup_action.isEnabled()
    assert not win.restore_action.isEnabled() and not win.committee_action.isEnabled()
    tabs = {win.tabs.tabText(i): win.tabs.isTabEnabled(i) for i in range(win.tabs.count())}
    assert tabs["Cài đặt"] is False and tabs["Báo cáo"] is False and tabs["Đảng viên"] is True
    assert win.org_panel.add_button.isHidden() and not win.org_panel.new_action.isEnabled()
    assert "bithu" in win.user_label.text()
    assert win.count_label.text() == "Chi bộ thôn Đông: 1 đảng viên  |  1 tổ chức"   # not the commune's count


def test_a_bi_thu_cannot_print_or_export_another_organisation(qtbot, office, settings, tmp_path, monkeypatch):
    win = _window(qtbot, office, settings, tmp_path, "bithu")
    monkeypatch.setattr(files, "ask_output_path", lambda *a: tmp_path / "ra.pdf")
    monkeypatch.setattr(files, "open_file", lambda path: None)
    other = office["teachers"].id
    with pytest.raises(AccessDenied):
        main_actions.print_register(win, win.conn, other, win.access)
    with pytest.raises(AccessDenied):
        main_actions.export_members(win, win.conn, win.members_view().current_filter().__class__(org_id=other),
                                    win.access)
    assert not (tmp_path / "ra.pdf").exists()
    win.print_register()                                          # their own: printed, and recorded
    assert (tmp_path / "ra.pdf").exists()
    last = win.conn.execute("SELECT user, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(last) == ("bithu", "in")


def test_chi_xem_reads_with_masked_cards_and_cannot_change_anything(qtbot, office, settings, tmp_path):
    win = _window(qtbot, office, settings, tmp_path, "xem")
    view = win.members_view()
    cards = {view.model.row_at(i).card for i in range(view.model.rowCount())}
    assert cards == {"••••••••••01", "••••••••••09"}
    assert not win.new_member_action.isEnabled() and not win.new_member_action.isVisible()
    assert view.add_member_button.isHidden() and not view.edit_member_button.isHidden()
    assert view.edit_member_button.text() == "Xem hồ sơ…"       # reading the full record, not editing it
    assert not win.export_action.isEnabled()
    view.select_member(view.model.member_id(0))
    view.reveal_card()                                          # not for a read-only account
    assert view.model.row_at(0).card.startswith("••")


def test_revealing_a_card_number_is_recorded(qtbot, office, settings, tmp_path):
    win = _window(qtbot, office, settings, tmp_path, "admin")
    view = win.members_view()
    assert view.model.row_at(0).card.startswith("••")            # masked on screen until asked for
    member_id = view.model.member_id(0)
    view.select_member(member_id)
    view.reveal_card()
    assert view.model.row_at(0).card in ("012345678901", "098765432109")
    entry = audit.history(win.conn, "member", member_id)[-1]
    assert (entry.user, entry.action) == ("admin", "hiện số thẻ")


def test_a_file_without_accounts_opens_as_before(qtbot, commune, settings, tmp_path):
    add_member(commune["conn"], "Nguyễn Văn Ân", commune["dong"].id, dt.date(1990, 5, 1), card_number="0123")
    win = MainWindow(commune["conn"], Path(tmp_path / "xa.sqlite"), settings, check_setup=False)
    qtbot.addWidget(win)
    assert win.members_view().model.row_at(0).card == "0123"
    assert win.new_member_action.isEnabled() and win.user_label is not None and win.user_label.isHidden()


def test_the_idle_lock_hides_the_content_until_the_same_password(qtbot, office, settings, tmp_path, monkeypatch):
    accounts.set_idle_lock_minutes(office["conn"], 5)
    win = _window(qtbot, office, settings, tmp_path, "admin")
    lock = win.idle_lock
    assert lock is not None and lock.timer.interval() == 5 * 60_000 and lock.timer.isActive()
    content = win.centralWidget()
    lock.timer.timeout.emit()                                   # five minutes without a key or a click
    assert lock.locked and win.centralWidget() is not content and not win.menuBar().isEnabled()
    monkeypatch.setattr(login_dialog, "exec_login", lambda dialog: False)
    assert not lock.unlock() and lock.locked                    # "Để khóa": stays locked

    def type_password(password):
        def run(dialog):
            assert dialog.login_edit.text() == "admin" and dialog.login_edit.isReadOnly()
            dialog.password_edit.setText(password)
            dialog.accept()
            return dialog.access is not None
        return run
    monkeypatch.setattr(login_dialog, "exec_login", type_password("sai-mat-khau"))
    assert not lock.unlock() and lock.locked
    assert win.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'đăng nhập sai'").fetchone()[0] == 1
    monkeypatch.setattr(login_dialog, "exec_login", type_password(PASSWORD))
    assert lock.unlock() and not lock.locked
    assert win.centralWidget() is content and win.menuBar().isEnabled()


def test_no_idle_lock_without_accounts_or_when_set_to_zero(qtbot, office, settings, tmp_path):
    accounts.set_idle_lock_minutes(office["conn"], 0)
    assert _window(qtbot, office, settings, tmp_path, "admin").idle_lock is None


def test_a_failed_unlock_leaves_a_read_only_account_read_only(qtbot, office, settings, tmp_path, monkeypatch):
    import sqlite3

    accounts.set_idle_lock_minutes(office["conn"], 5)
    win = _window(qtbot, office, settings, tmp_path, "xem")
    win.idle_lock.lock()

    def wrong(dialog):
        dialog.password_edit.setText("sai-mat-khau")
        dialog.accept()
        return False
    monkeypatch.setattr(login_dialog, "exec_login", wrong)
    win.idle_lock.unlock()
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        win.conn.execute("UPDATE members SET residence = 'x'")


def test_the_first_start_offers_an_administrator_account(qtbot, settings, tmp_path, monkeypatch):
    from models.commune import committee
    from ui import first_start

    conn = db.open_memory()
    win = MainWindow(conn, tmp_path / "moi.sqlite", settings, check_setup=False)
    qtbot.addWidget(win)

    def fill(password_again):
        def run(self):
            self.name.setText("Đảng bộ xã Hòa Bình")
            self.place.setText("Hòa Bình")
            self.admin_box.setChecked(True)
            self.admin_login.setText("quantri")
            self.admin_password.setText(PASSWORD)
            self.admin_again.setText(password_again)
            self.accept()
            return self.result()
        return run

    monkeypatch.setattr(first_start.FirstStartDialog, "exec", fill("khac-mat-khau"))
    win.run_first_start()                                     # refused in the dialog: nothing saved
    assert not committee.get(conn).is_set_up and not accounts.has_accounts(conn)
    monkeypatch.setattr(first_start.FirstStartDialog, "exec", fill(PASSWORD))
    win.run_first_start()
    assert committee.get(conn).name == "Đảng bộ xã Hòa Bình"
    assert [(a.login, a.role) for a in accounts.list_accounts(conn)] == [("quantri", "quan-tri")]
    assert win.access.login == "quantri" and "quantri" in win.user_label.text()
    audit.set_actor(None)


def test_a_bi_thu_cannot_print_another_cells_meeting_or_the_commune_summary(qtbot, office, settings, tmp_path,
                                                                           monkeypatch):
    from types import SimpleNamespace

    from ui.meetings import meeting_print
    from ui.reviews import review_printing

    conn = office["conn"]
    other_meeting = conn.execute("INSERT INTO meetings (org_id, kind, held_on) VALUES (?, 'thuong_ky', "
                                 "'2026-11-05')", (office["teachers"].id,)).lastrowid
    login_dialog.start_session(conn, accounts.login(conn, "bithu", PASSWORD))
    monkeypatch.setattr(files, "ask_output_path", lambda *a: tmp_path / "ra.pdf")
    with pytest.raises(AccessDenied):
        meeting_print.print_meeting(None, conn, other_meeting, "minutes")
    with pytest.raises(AccessDenied):
        review_printing._job(SimpleNamespace(conn=conn, year=2026, scope=None), "summary")
    with pytest.raises(AccessDenied):
        review_printing._job(SimpleNamespace(conn=conn, year=2026, current_cell_id=lambda: office["teachers"].id),
                             "ballot")
    assert not (tmp_path / "ra.pdf").exists()


def test_chi_xem_sees_no_changing_button_in_any_section(qtbot, office, settings, tmp_path):
    from PySide6.QtWidgets import QPushButton

    from ui.access.window_access import WRITE_WORDS
    from ui.common.table_model import TableModel

    win = _window(qtbot, office, settings, tmp_path, "xem")
    titles = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    for title in ("Sinh hoạt chi bộ", "Học tập nghị quyết", "Đảng phí", "Đánh giá xếp loại"):
        win.go_to_section(titles.index(title))
        section = win.tabs.widget(titles.index(title))
        shown = [b.text().replace("&", "") for b in section.findChildren(QPushButton) if not b.isHidden()]
        assert not [t for t in shown if t.startswith(WRITE_WORDS)], (title, shown)
        assert all(model.read_only for model in section.findChildren(TableModel)), title
    admin = _window(qtbot, office, settings, tmp_path, "admin")
    admin.go_to_section(titles.index("Sinh hoạt chi bộ"))
    meetings = admin.tabs.widget(titles.index("Sinh hoạt chi bộ"))
    buttons = [b.text().replace("&", "") for b in meetings.findChildren(QPushButton) if not b.isHidden()]
    assert any(t.startswith("Ghi") for t in buttons)          # the same screen for an account that may write


# ------------------------------------------------------------ the full record and dialogs, read-only


def _open_record(view, member_id, monkeypatch):
    """Open the member's full record through the view's seam; the dialog as it was shown."""
    shown = []
    view.select_member(member_id)
    monkeypatch.setattr(view, "exec_dialog", lambda dialog: shown.append(dialog) or 0)
    view.edit_member()
    return shown[0] if shown else None


def _visible_texts(dialog):
    from PySide6.QtWidgets import QAbstractButton

    return [b.text().replace("&", "") for b in dialog.findChildren(QAbstractButton) if not b.isHidden()]


def test_chi_xem_opens_a_members_full_record_read_only_and_the_view_is_recorded(qtbot, office, settings, tmp_path,
                                                                             monkeypatch):
    from PySide6.QtWidgets import QDialogButtonBox

    win = _window(qtbot, office, settings, tmp_path, "xem")
    assert win.edit_member_action.isEnabled() and win.edit_member_action.text() == "Xem hồ sơ…"
    view = win.members_view()
    member_id = view.model.member_id(0)
    dialog = _open_record(view, member_id, monkeypatch)
    assert dialog is not None and dialog.read_only and "(chỉ xem)" in dialog.windowTitle()
    texts = _visible_texts(dialog)
    assert "Đóng" in texts and not [t for t in texts if t.startswith("Lưu")]
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isHidden()
    assert all(dialog.fields[name].isReadOnly() for name in ("full_name", "residence", "card_number"))
    assert not dialog.fields["gender"].isEnabled() and not dialog.fields["works_in_political_system"].isEnabled()
    assert dialog.fields["card_number"].text().startswith("••")          # masked, and no way to reveal it
    assert dialog.reveal_button.isHidden()
    entry = audit.history(win.conn, "member", member_id)[-1]
    assert (entry.user, entry.action) == ("xem", "xem hồ sơ")
    before = win.conn.execute("SELECT residence FROM members WHERE id = ?", (member_id,)).fetchone()[0]
    dialog.fields["residence"].setText("đổi")                          # even typed by a program: nothing stored
    dialog.accept()
    assert dialog.result() == 0
    assert win.conn.execute("SELECT residence FROM members WHERE id = ?", (member_id,)).fetchone()[0] == before


def test_a_read_only_record_reveals_the_numbers_only_when_asked_and_records_it(qtbot, office, monkeypatch):
    from models.access.session import FULL
    from models.people import members
    from ui.members.member_dialog import MemberDialog

    conn = office["conn"]
    login_dialog.start_session(conn, accounts.login(conn, "admin", PASSWORD))
    member = members.get(conn, conn.execute("SELECT id FROM members WHERE card_number = '012345678901'")
                         .fetchone()[0])
    recorded = []
    dialog = MemberDialog(conn, member, read_only=True, reveal=lambda: recorded.append(member.id))
    qtbot.addWidget(dialog)
    assert dialog.fields["card_number"].text() == "••••••••••01" and not dialog.reveal_button.isHidden()
    dialog.reveal_button.click()
    assert recorded == [member.id] and dialog.fields["card_number"].text() == "012345678901"
    assert FULL.may_write()


def test_a_bi_thu_edits_a_record_of_their_organisation(qtbot, office, settings, tmp_path, monkeypatch):
    win = _window(qtbot, office, settings, tmp_path, "bithu")
    view = win.members_view()
    member_id = view.model.member_id(0)
    dialog = _open_record(view, member_id, monkeypatch)
    assert dialog is not None and not dialog.read_only and "Lưu" in _visible_texts(dialog)
    assert dialog.fields["card_number"].text() == "012345678901" and not dialog.fields["card_number"].isReadOnly()
    dialog.fields["residence"].setText("Thôn Đông, xã Phố Mới")
    assert dialog.save_typed()
    assert win.conn.execute("SELECT residence FROM members WHERE id = ?", (member_id,)).fetchone()[0] \
        == "Thôn Đông, xã Phố Mới"
    assert audit.history(win.conn, "member", member_id)[-2].action == "xem hồ sơ"


def test_a_bi_thu_cannot_open_the_record_of_another_organisation(qtbot, office, settings, tmp_path, monkeypatch):
    win = _window(qtbot, office, settings, tmp_path, "bithu")
    view = win.members_view()
    other = win.conn.execute("SELECT id FROM members WHERE org_id = ?", (office["teachers"].id,)).fetchone()[0]
    view.model.member_id = lambda row: other                           # as if the list had shown them
    monkeypatch.setattr(view.table, "currentIndex", lambda: view.model.index(0, 0))
    shown = []
    monkeypatch.setattr(view, "exec_dialog", lambda dialog: shown.append(dialog) or 0)
    refusals = []
    monkeypatch.setattr("ui.common.widgets.ask.warn", lambda parent, title, text: refusals.append(text))
    view.edit_member()
    assert shown == [] and refusals and "không được xem hồ sơ" in refusals[0]
    assert not [e for e in audit.history(win.conn, "member", other) if e.action == "xem hồ sơ"]
