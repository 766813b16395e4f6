"""Sao lưu ra ổ USB offers 'Mã hóa bằng mật khẩu' (password twice); restoring the copy asks for it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from models.storage import db, encrypted_files
from tests.conftest import add_member
from ui.access import backup_password
from ui.access.backup_password import EncryptDialog
from ui.common import files
from ui.common.widgets import ask
from ui.main_window import MainWindow
from ui.settings.restore_dialog import RestoreDialog
from ui.settings.settings_view import SettingsView

PASSWORD = "mat-khau-usb-1"


@pytest.fixture
def office(tmp_path, commune):
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    commune["conn"].backup(conn)
    add_member(conn, "Nguyễn Văn Khánh", commune["dong"].id, dt.date(2020, 5, 19), card_number="093456789012")
    return conn, path


def test_the_encrypt_dialog_wants_the_same_long_password_twice(qtbot):
    dialog = EncryptDialog()
    qtbot.addWidget(dialog)
    assert dialog.encrypt.isChecked()                     # on by default for a copy that leaves the office
    dialog.first.setText(PASSWORD)
    dialog.again.setText("khac")
    dialog.accept()
    assert dialog.result() == 0 and "không giống nhau" in dialog.error.text()
    dialog.first.setText("ngan")
    dialog.again.setText("ngan")
    dialog.accept()
    assert dialog.result() == 0 and "ít nhất 8" in dialog.error.text()
    dialog.encrypt.setChecked(False)
    assert not dialog.first.isEnabled()
    dialog.accept()
    assert dialog.result() == 1 and dialog.password is None


def test_backup_to_usb_encrypted_and_restored_with_its_password(qtbot, office, tmp_path, monkeypatch):
    conn, path = office
    view = SettingsView(conn)
    qtbot.addWidget(view)
    view.set_data_file(path)
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(files, "ask_folder", lambda *args: usb)

    def choose(dialog: EncryptDialog) -> int:
        dialog.first.setText(PASSWORD)
        dialog.again.setText(PASSWORD)
        dialog.accept()
        return dialog.result()
    monkeypatch.setattr(backup_password, "exec_dialog", choose)
    job = view.backup_elsewhere()
    assert job is not None
    qtbot.waitUntil(lambda: job.outcome != "", timeout=20_000)
    [sealed] = usb.iterdir()
    assert sealed.name.endswith(".mahoa") and encrypted_files.is_encrypted(sealed)
    assert b"093456789012" not in sealed.read_bytes()

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(conn, path, settings, check_setup=False)
    qtbot.addWidget(win)
    conn.execute("UPDATE members SET residence = 'sau sao luu'")
    monkeypatch.setattr(ask, "confirm", lambda *a: True)

    def from_usb(dialog):
        if isinstance(dialog, RestoreDialog):
            dialog.chosen_file = sealed
            dialog.done(1)
            return 1
        return 0
    monkeypatch.setattr(win, "exec_dialog", from_usb)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "warn", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(backup_password, "ask_password", lambda parent, name: "sai-mat-khau")
    refused = win.restore_backup()
    assert refused is not None
    qtbot.waitUntil(lambda: refused.outcome != "", timeout=20_000)
    assert refused.outcome == "failed" and shown and "Mật khẩu không đúng" in shown[-1][1]
    assert conn.execute("SELECT count(*) FROM members WHERE residence = 'sau sao luu'").fetchone()[0] > 0
    monkeypatch.setattr(backup_password, "ask_password", lambda parent, name: PASSWORD)
    restored = win.restore_backup()
    assert restored is not None
    qtbot.waitUntil(lambda: restored.outcome != "", timeout=20_000)
    assert conn.execute("SELECT count(*) FROM members WHERE residence = 'sau sao luu'").fetchone()[0] == 0


def test_an_export_with_a_password_leaves_no_card_number_and_opens_again(qtbot, office, tmp_path, monkeypatch):
    conn, path = office
    win = MainWindow(conn, path, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), check_setup=False)
    qtbot.addWidget(win)
    usb = tmp_path / "usb"
    usb.mkdir()
    asked: list[str] = []

    def choose(dialog):
        assert isinstance(dialog, EncryptDialog) and not dialog.encrypt.isVisibleTo(dialog)   # always encrypted
        asked.append(dialog.windowTitle())
        dialog.first.setText(PASSWORD)
        dialog.again.setText(PASSWORD)
        dialog.accept()
        return dialog.result()
    monkeypatch.setattr(backup_password, "exec_dialog", choose)
    monkeypatch.setattr(files, "ask_save_path", lambda parent, title, suggested, flt: usb / suggested)
    monkeypatch.setattr(ask, "info", lambda *args: None)
    job = win.export_excel(encrypt=True)
    assert job is not None
    qtbot.waitUntil(lambda: job.outcome != "", timeout=20_000)
    [sealed] = usb.iterdir()
    assert asked == ["Xuất danh sách ra Excel có mật khẩu"] and sealed.name.endswith(".xlsx.mahoa")
    assert b"093456789012" not in sealed.read_bytes() and encrypted_files.is_encrypted(sealed)

    monkeypatch.setattr(files, "ask_open_path", lambda *args: sealed)
    monkeypatch.setattr(backup_password, "ask_password", lambda parent, name, ok_text="": PASSWORD)
    opened = tmp_path / "mo-lai.xlsx"
    monkeypatch.setattr(files, "ask_save_path", lambda *args: opened)
    win.decrypt_file()
    assert opened.read_bytes().startswith(b"PK")
