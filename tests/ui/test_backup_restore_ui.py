"""Backups the clerk never has to think of, and a restore from the window that can itself be undone."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from models.commune import committee
from models.commune.organisations import NewOrganisation, create
from models.people import members
from models.people.members import Admission, MemberDetails
from models.storage import backups, db
from ui import opening
from ui.common.job_progress import running_jobs
from ui.common.widgets import ask
from ui.main_window import MainWindow
from ui.settings.restore_dialog import RestoreDialog


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _office_file(path):
    conn = db.open_db(path)
    committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", place_name="Phố Mới"))
    dong = create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    members.create(conn, MemberDetails(full_name="Nguyễn Văn Ân"),
                   Admission(joined_on=dt.date(1990, 5, 1), org_id=dong.id, official_on=dt.date(1991, 5, 1)))
    db.close(conn)
    return dong


def _add_duc(conn, dong):
    members.create(conn, MemberDetails(full_name="Trần Minh Đức"),
                   Admission(joined_on=dt.date(2010, 3, 1), org_id=dong.id, official_on=dt.date(2011, 3, 1)))


def _window(qtbot, path, settings):
    opened = opening.open_data_file(None, path, at_start=True)
    window = MainWindow(opened.conn, opened.path, settings, check_setup=False, lock=opened.lock,
                        owns_connection=True)
    qtbot.addWidget(window)
    return window


def test_opening_backs_up_in_the_background_once_a_day(qtbot, tmp_path, settings):
    path = tmp_path / "xa.sqlite"
    _office_file(path)
    window = _window(qtbot, path, settings)
    qtbot.waitUntil(lambda: window.backup_label.text().startswith("Sao lưu gần nhất: "), timeout=10000)
    taken = backups.list_backups(path)
    assert [b.reason for b in taken] == [backups.REASON_OPEN] and taken[0].members == 1
    window.close()
    assert [b.reason for b in backups.list_backups(path)] == [backups.REASON_OPEN]   # nothing changed: no 2nd copy


def test_closing_after_changes_backs_up(qtbot, tmp_path, settings):
    path = tmp_path / "xa.sqlite"
    dong = _office_file(path)
    window = _window(qtbot, path, settings)
    qtbot.waitUntil(lambda: bool(backups.list_backups(path)), timeout=10000)
    _add_duc(window.conn, dong)
    window.close()     # the backup is a job: the window shows its progress and closes when it is taken
    assert window._close_backup_started and not window._closed
    qtbot.waitUntil(lambda: window._closed, timeout=10000)
    newest = backups.newest_backup(path)
    assert newest.reason == backups.REASON_CLOSE and newest.members == 2


def test_restore_from_the_window_and_undo_it(qtbot, tmp_path, settings, monkeypatch):
    path = tmp_path / "xa.sqlite"
    dong = _office_file(path)
    window = _window(qtbot, path, settings)
    qtbot.waitUntil(lambda: bool(backups.list_backups(path)), timeout=10000)
    _add_duc(window.conn, dong)
    window.members_view().refresh()
    assert window.members_view().model.rowCount() == 2
    seen: list[RestoreDialog] = []

    def pick_first(dialog):
        seen.append(dialog)
        dialog.accept()
        return 1

    questions = []
    monkeypatch.setattr(window, "exec_dialog", pick_first)
    monkeypatch.setattr(ask, "confirm", lambda parent, title, text: questions.append(text) or True)
    shown = []
    monkeypatch.setattr(ask, "info", lambda parent, title, text: shown.append((title, text)))
    window.restore_backup()
    qtbot.waitUntil(lambda: not running_jobs(), timeout=10000)   # the restore runs off the GUI thread
    dialog = seen[0]
    assert dialog.model.rowCount() == 1 and dialog.model.data(dialog.model.index(0, 3)) == "1"
    assert "1 đảng viên" in questions[0] and "sao lưu trước" in questions[0]
    assert window.members_view().model.rowCount() == 1          # the screens show the restored data
    before_restore = [b for b in backups.list_backups(path) if b.reason == backups.REASON_BEFORE_RESTORE]
    assert len(before_restore) == 1 and before_restore[0].members == 2
    assert shown[-1][0] == "Đã khôi phục" and str(before_restore[0].path) in shown[-1][1]


def test_the_restore_dialog_passes_the_model_tester(qtbot, qtmodeltester, tmp_path):
    path = tmp_path / "xa.sqlite"
    _office_file(path)
    conn = db.open_db(path)
    backups.make_backup(conn, path)
    dialog = RestoreDialog(backups.list_backups(path), backups.database_counts(conn))
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.restore_button.isEnabled()
    empty = RestoreDialog([], backups.database_counts(conn))
    qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled() and empty.empty.isVisibleTo(empty)
    db.close(conn)
