"""A read-only (chi-xem) account everywhere a dialog opens, in background jobs, and the lock and switch of
accounts: what ui.common.read_only, ui.common.form_dialog, ui.common.workers and ui.access add to the roles."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox

from models.access import accounts
from models.commune import organisations
from models.meetings import meeting_store
from models.storage import audit, db
from tests.conftest import add_member
from ui.access import login_dialog, window_access
from ui.common.workers import Worker
from ui.main_window import MainWindow

PASSWORD = "mat-khau-dai-1"
WAIT = 20_000


@pytest.fixture
def office(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn Ân", commune["dong"].id, dt.date(1990, 5, 1), dt.date(1991, 5, 1),
               card_number="012345678901")
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    accounts.add_account(conn, "xem", PASSWORD, "chi-xem")
    return commune


def _log_in(conn, login):
    access = accounts.login(conn, login, PASSWORD)
    login_dialog.start_session(conn, access)
    return access


def _shown_buttons(dialog) -> list[str]:
    return [b.text().replace("&", "") for b in dialog.findChildren(QAbstractButton) if not b.isHidden()]


def _dialogs(conn, office):
    """One of each editing dialog a section or the tree opens, on the office's data."""
    from models.dues import ledger as dues
    from ui.dues.dues_profile_dialog import DuesProfileDialog
    from ui.members.event_dialog import EventDialog
    from ui.organisations import org_dialogs
    from ui.study.study_dialogs import DocumentDialog

    member_id = conn.execute("SELECT id FROM members").fetchone()[0]
    dong = organisations.get(conn, office["dong"].id)
    march = dt.date(2026, 3, 1)
    return [
        DuesProfileDialog(member_id, "Nguyễn Văn Ân", march, dues.profile_on(conn, member_id, march), lambda p: None),
        DocumentDialog(lambda d: None),
        EventDialog(conn, member_id),
        org_dialogs.RenameDialog(dong),
        org_dialogs.NewOrgDialog(conn),
    ]


def test_every_editing_dialog_opens_read_only_for_chi_xem(qtbot, office):
    conn = office["conn"]
    _log_in(conn, "xem")
    for dialog in _dialogs(conn, office):
        qtbot.addWidget(dialog)
        dialog.show()
        shown = _shown_buttons(dialog)
        assert dialog.read_only and "Đóng" in shown, (dialog.windowTitle(), shown)
        assert not [t for t in shown if t.startswith(("Lưu", "Hủy"))], (dialog.windowTitle(), shown)
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isHidden()
        assert not dialog.has_changes()
        dialog.accept()                                          # Enter: closes, nothing stored
        assert dialog.result() == QDialog.DialogCode.Rejected and dialog.saved is None


def test_the_same_dialogs_save_for_an_account_that_may_write(qtbot, office):
    conn = office["conn"]
    _log_in(conn, "admin")
    for dialog in _dialogs(conn, office):
        qtbot.addWidget(dialog)
        assert not dialog.read_only and "Lưu" in _shown_buttons(dialog), dialog.windowTitle()


def test_the_dues_profile_opened_from_its_section_by_chi_xem_has_no_save(qtbot, office):
    from ui.dues.dues_view import DuesView

    conn = office["conn"]
    _log_in(conn, "xem")
    view = DuesView(conn)
    qtbot.addWidget(view)
    view.set_scope(office["dong"].id)
    seen = []
    view.exec_dialog = lambda dialog: seen.append(_shown_buttons(dialog)) or 0
    view.table.selectRow(0)
    view.edit_profile()
    assert seen and "Lưu" not in seen[0] and "Đóng" in seen[0]


def test_the_meeting_editor_opened_by_chi_xem_only_shows_the_record(qtbot, office):
    from ui.meetings.meeting_editor import MeetingEditor

    conn = office["conn"]
    saved = meeting_store.save(conn, meeting_store.new_meeting(conn, office["dong"].id, dt.date(2026, 11, 5)))
    _log_in(conn, "xem")
    editor = MeetingEditor(conn, meeting_store.get(conn, saved.id))
    qtbot.addWidget(editor)
    editor.show()
    shown = _shown_buttons(editor)
    assert not [t for t in shown if t.startswith(("Lưu", "Thông qua", "Mở lại"))], shown
    assert "chỉ xem" in editor.banner.text()
    assert editor.general.date.isReadOnly() and editor.attendance.model.read_only
    assert editor.save() and editor.unsaved_changes() == ""


def test_a_month_without_a_meeting_opens_no_new_record_for_chi_xem(qtbot, office, monkeypatch):
    from ui.meetings.meetings_view import MeetingsView

    conn = office["conn"]
    _log_in(conn, "xem")
    view = MeetingsView(conn)
    qtbot.addWidget(view)
    called = []
    view.exec_dialog = lambda dialog: called.append(dialog) or 0
    view.set_scope(office["dong"].id)
    view.table.selectRow(0)
    assert view.selected_row() is not None and view.selected_row().meeting_id is None
    view.open_selected()
    view.new_meeting()                                            # Ctrl+Shift+N
    assert called == [] and conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


# ------------------------------------------------------------ background jobs


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    add_member(conn, "Nguyễn Văn Ân", organisations.create(conn, organisations.NewOrganisation(
        "Chi bộ thôn Đông", "chi_bo_co_so", "thon")).id, dt.date(1990, 5, 1))
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    accounts.add_account(conn, "xem", PASSWORD, "chi-xem")
    yield path, conn
    conn.close()


def _run(qtbot, worker):
    pool = QThreadPool()
    outcome: dict[str, object] = {}
    worker.signals.done.connect(lambda result: outcome.setdefault("done", result))
    worker.signals.failed.connect(lambda message: outcome.setdefault("failed", message))
    with qtbot.waitSignal(worker.signals.finished, timeout=WAIT):
        pool.start(worker)
    pool.waitForDone()
    return outcome


def test_a_workers_connection_refuses_a_write_for_chi_xem(qtbot, register):
    path, conn = register
    _log_in(conn, "xem")

    def job(job_conn, progress):
        job_conn.execute("UPDATE members SET residence = 'viết lén'")
        return "đã ghi"

    outcome = _run(qtbot, Worker(path, job))
    assert "done" not in outcome and "failed" in outcome
    assert conn.execute("SELECT residence FROM members").fetchone()[0] == ""


def test_a_worker_reads_for_chi_xem_and_writes_for_an_administrator(qtbot, register):
    path, conn = register
    _log_in(conn, "xem")
    assert _run(qtbot, Worker(path, lambda c, p: c.execute("SELECT count(*) FROM members").fetchone()[0])) \
        == {"done": 1}
    _log_in(conn, "admin")
    outcome = _run(qtbot, Worker(path, lambda c, p: c.execute("UPDATE members SET residence = 'x'").rowcount))
    assert outcome == {"done": 1}


def test_a_jobs_audit_entries_name_the_account_that_started_it(qtbot, register):
    path, conn = register
    _log_in(conn, "xem")
    started = threading.Event()
    go_on = threading.Event()

    def job(job_conn, progress):
        started.set()
        go_on.wait(10)
        audit.record_event(job_conn, "xuất Excel", "members", None)
        return audit.current_user()

    worker = Worker(path, job)
    pool = QThreadPool()
    outcome: dict[str, object] = {}
    worker.signals.done.connect(lambda result: outcome.setdefault("done", result))
    with qtbot.waitSignal(worker.signals.finished, timeout=WAIT):
        pool.start(worker)
        assert started.wait(10)
        audit.set_actor("admin")          # someone else logged in meanwhile
        go_on.set()
    pool.waitForDone()
    assert outcome == {"done": "xem"}
    last = conn.execute("SELECT user FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert last == "xem" and audit.current_user() == "admin"


# ------------------------------------------------------------ lock and switch


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _window(qtbot, office, settings, tmp_path, login):
    conn = office["conn"]
    access = _log_in(conn, login)
    win = MainWindow(conn, tmp_path / "xa.sqlite", settings, check_setup=False, access=access)
    qtbot.addWidget(win)
    return win


def _file_menu_texts(win):
    menu = win.menuBar().actions()[0].menu()
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def test_the_lock_action_hides_the_content_until_the_password(qtbot, office, settings, tmp_path, monkeypatch):
    accounts.set_idle_lock_minutes(office["conn"], 0)              # no idle lock: locking by hand still works
    win = _window(qtbot, office, settings, tmp_path, "xem")
    lock = win.findChild(type(win.quit_action), window_access.LOCK_ACTION)
    assert lock is not None and lock.shortcut().toString() == "Ctrl+L"
    assert "Khóa màn hình" in _file_menu_texts(win) and "Đăng nhập tài khoản khác…" in _file_menu_texts(win)
    content = win.centralWidget()
    lock.trigger()
    assert win.centralWidget() is not content and not win.menuBar().isEnabled()
    assert win.idle_lock is not None and win.idle_lock.locked and not win.idle_lock.timer.isActive()

    def type_password(dialog):
        dialog.password_edit.setText(PASSWORD)
        dialog.accept()
        return dialog.access is not None
    monkeypatch.setattr(login_dialog, "exec_login", type_password)
    assert win.idle_lock.unlock()
    assert win.centralWidget() is content and win.menuBar().isEnabled()
    assert not win.idle_lock.timer.isActive()                     # still no idle lock


def test_no_lock_and_no_switch_without_accounts(qtbot, commune, settings, tmp_path):
    win = MainWindow(commune["conn"], tmp_path / "xa.sqlite", settings, check_setup=False)
    qtbot.addWidget(win)
    texts = _file_menu_texts(win)
    assert "Khóa màn hình" not in texts and "Đăng nhập tài khoản khác…" not in texts


def test_another_account_logs_in_and_the_window_follows_its_role(qtbot, office, settings, tmp_path, monkeypatch):
    win = _window(qtbot, office, settings, tmp_path, "xem")
    assert not win.new_member_action.isEnabled()

    def log_in_as(login, password):
        def run(dialog):
            assert dialog.current is not None and dialog.current.login == "xem"
            dialog.login_edit.setText(login)
            dialog.password_edit.setText(password)
            dialog.accept()
            return dialog.access is not None
        return run
    monkeypatch.setattr(login_dialog, "exec_login", log_in_as("admin", "sai-mat-khau"))
    assert not window_access.switch_account(win)                 # a wrong password changes nobody's rights
    assert win.access.login == "xem"
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        win.conn.execute("UPDATE members SET residence = 'x'")
    monkeypatch.setattr(login_dialog, "exec_login", log_in_as("admin", PASSWORD))
    assert window_access.switch_account(win)
    assert win.access.login == "admin" and login_dialog.current().login == "admin"
    assert win.new_member_action.isEnabled() and "admin" in win.user_label.text()
    assert audit.current_user() == "admin"
    win.conn.execute("UPDATE members SET residence = 'x'")      # the administrator may


def test_a_file_open_elsewhere_shows_records_read_only_and_unmasked_without_accounts(qtbot, commune, settings,
                                                                                      tmp_path):
    conn = commune["conn"]
    member = add_member(conn, "Nguyễn Văn Ân", commune["dong"].id, dt.date(1990, 5, 1), card_number="012345678901")
    win = MainWindow(conn, tmp_path / "xa.sqlite", settings, check_setup=False, read_only=True)
    qtbot.addWidget(win)
    assert win.edit_member_action.isEnabled() and win.edit_member_action.text() == "Xem hồ sơ…"
    view = win.members_view()
    assert view.edit_member_button.text() == "Xem hồ sơ…"
    shown = []
    view.exec_dialog = lambda dialog: shown.append(dialog) or 0
    view.select_member(member.id)
    view.edit_member()
    assert shown and shown[0].read_only and not shown[0].masked
    assert shown[0].fields["card_number"].text() == "012345678901" and shown[0].reveal_button.isHidden()


def test_a_study_session_opened_by_chi_xem_takes_no_tick(qtbot, office):
    from ui.study.study_dialogs import SessionDialog

    conn = office["conn"]
    _log_in(conn, "xem")
    dialog = SessionDialog([], [(organisations.get(conn, office["dong"].id), 0)], lambda s: None)
    qtbot.addWidget(dialog)
    dialog.show()
    item = dialog.orgs.item(0)
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    shown = _shown_buttons(dialog)
    assert "Đóng" in shown and not [t for t in shown if t.startswith(("Lưu", "Chọn tất cả", "Bỏ chọn"))], shown
