"""Trợ giúp > Giới thiệu (version, rule sets, where the data lives) and Cài đặt > Nơi lưu dữ liệu (the folders,
changing where new files and backups go), on the real widgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

import models
from models import paths
from models.storage import backups, db
from ui import app
from ui.about_dialog import AboutDialog
from ui.common import app_identity, files, user_folders
from ui.main_window import MainWindow
from ui.settings.settings_view import SettingsView


@pytest.fixture(autouse=True)
def backups_beside_the_file():
    """The chosen backup folder is process-wide (the window sets it at start): every test starts without one."""
    backups.choose_backup_root(None)
    yield
    backups.choose_backup_root(None)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    yield path, conn
    db.close(conn)


@pytest.fixture
def window(qtbot, data_file, settings):
    path, conn = data_file
    win = MainWindow(conn, path, settings, check_setup=False)
    qtbot.addWidget(win)
    return win


def _texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_the_about_action_shows_version_rules_and_places(window, data_file, settings, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: shown.append(dialog) or 0)
    window.about_action.trigger()
    assert len(shown) == 1 and isinstance(shown[0], AboutDialog)
    dialog, path = shown[0], data_file[0]
    text = _texts(dialog)
    assert dialog.windowTitle() == "Giới thiệu"
    assert f"Phiên bản {models.__version__}" in text
    assert "Quy định 366-QĐ/TW năm 2025" in text and "Quy định 124-QĐ/TW năm 2023" in text
    assert "đang áp dụng" in text and "qd366-2025.json" in text
    assert "Đảng phí: " in text and "đảng phí" in text and "dang-phi.json" in text
    assert f"Tệp dữ liệu: {path}" in text
    assert f"tạo bằng phiên bản {models.__version__}, ghi lần cuối bằng phiên bản {models.__version__}" in text
    assert f"Thư mục sao lưu: {backups.backup_folder(path)}" in text
    assert f"Nhật ký lỗi: {paths.log_path()}" in text
    assert f"Cài đặt của cửa sổ: {settings.fileName()}" in text


def test_the_rule_set_in_force_follows_the_date(data_file, settings, qtbot):
    path, conn = data_file
    before = AboutDialog(conn, path, settings, today=dt.date(2024, 6, 1))
    qtbot.addWidget(before)
    in_force = [line for line in before.rules if "đang áp dụng" in line]
    assert len(in_force) == 1 and "124-QĐ/TW" in in_force[0]
    assert any(line.startswith("Đảng phí: Quyết định 342-QĐ/TW") for line in before.rules)


def test_the_about_box_copies_its_text_for_support(data_file, settings, qtbot):
    path, conn = data_file
    dialog = AboutDialog(conn, path, settings)
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"Sổ Chi Bộ phiên bản {models.__version__}")
    assert str(path) in copied and "Quy định 366-QĐ/TW" in copied
    assert dialog.copy_button.text().startswith("Đã chép")


def _settings_view(window: MainWindow) -> SettingsView:
    index = window.tabs.count() - 1
    window.tabs.setCurrentIndex(index)
    view = window.tabs.widget(index)
    assert isinstance(view, SettingsView)
    return view


def test_the_places_box_shows_the_file_backups_and_log(window, data_file, monkeypatch):
    box = _settings_view(window).paths_box
    path = data_file[0]
    assert box.title() == "Nơi lưu dữ liệu"
    assert box.file_label.text() == str(path)
    assert box.backups_label.text() == f"{path.parent / 'xa-sao-luu'}  (mặc định: cạnh tệp dữ liệu)"
    assert box.new_files_label.text() == f"{paths.user_data_dir()}  (mặc định)"
    assert box.log_label.text() == str(paths.log_path().parent)
    assert not box.backups_default.isVisibleTo(box)
    opened = []
    monkeypatch.setattr(box, "open_folder", opened.append)
    box.file_open.click()
    assert opened == [path.parent]
    box.backups_open.click()   # no backup taken yet: the folder does not exist, and the clerk is told so
    assert opened == [path.parent] and "chưa có" in box.message.text()


def test_changing_the_backup_folder_takes_effect_and_keeps_older_backups_restorable(
        window, data_file, settings, monkeypatch, tmp_path):
    path, conn = data_file
    older = backups.make_backup(conn, path)   # beside the file, before the change
    box = _settings_view(window).paths_box
    usb = tmp_path / "o-khac"
    usb.mkdir()
    monkeypatch.setattr(files, "ask_folder", lambda *args: usb)
    box.backups_change.click()
    assert user_folders.chosen_backup_root(settings) == usb      # remembered for the next start
    assert box.backups_label.text() == str(usb / "xa-sao-luu") and box.backups_default.isVisibleTo(box)
    assert "Các bản sao lưu cũ vẫn ở chỗ cũ" in box.message.text()
    newer = backups.make_backup(conn, path, now=dt.datetime.now() + dt.timedelta(seconds=2))
    assert newer.path.parent == usb / "xa-sao-luu"
    assert [b.path for b in backups.list_backups(path)] == [newer.path, older.path]
    assert backups.newest_backup(path).path == newer.path
    box.backups_default.click()
    assert user_folders.chosen_backup_root(settings) is None and backups.chosen_backup_root() is None
    assert backups.backup_folder(path) == path.parent / "xa-sao-luu"


def test_a_chosen_backup_folder_is_used_from_the_next_start(settings, tmp_path):
    user_folders.set_backup_root(settings, tmp_path)
    backups.choose_backup_root(None)   # a new start: nothing chosen in this process yet
    user_folders.apply(settings)
    assert backups.backup_folder(tmp_path / "du-lieu" / "xa.sqlite") == tmp_path / "xa-sao-luu"


def test_changing_the_data_folder_names_where_new_files_go_not_the_open_file(window, data_file, settings,
                                                                              monkeypatch, tmp_path):
    box = _settings_view(window).paths_box
    chosen = tmp_path / "du-lieu-moi"
    chosen.mkdir()
    monkeypatch.setattr(files, "ask_folder", lambda *args: chosen)
    box.data_change.click()
    assert user_folders.data_folder(settings) == chosen
    assert box.new_files_label.text() == str(chosen) and box.file_label.text() == str(data_file[0])
    assert "Tệp đang mở vẫn ở chỗ cũ" in box.message.text()
    assert app.start_path(settings) == chosen / "so-chi-bo.sqlite"   # nothing opened before: the default is there


def test_a_new_data_file_is_proposed_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(user_folders, "data_folder", lambda settings: tmp_path)
    assert files._in_data_folder(files.DB_FILTER, "mau.sqlite") == str(tmp_path / "mau.sqlite")
    assert files._in_data_folder(files.DB_FILTER) == str(tmp_path)
    assert files._in_data_folder(files.PDF_FILTER, "bien-ban.pdf") == "bien-ban.pdf"   # documents: unchanged


def test_the_program_has_its_name_and_icon(qapp):
    # The names are process-wide and pick QSettings' default file: put the test run's own back afterwards.
    before = (QApplication.applicationName(), QApplication.organizationName(), QApplication.desktopFileName(),
              QApplication.windowIcon())
    app_identity.name_the_application()
    try:
        assert QApplication.applicationDisplayName() == "Sổ Chi Bộ" == QApplication.applicationName()
        assert QApplication.organizationName() == "SoChiBo" and QApplication.desktopFileName() == "so-chi-bo"
        icon = QApplication.windowIcon()
        assert not icon.isNull() and {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
    finally:
        QApplication.setApplicationDisplayName("")
        QApplication.setApplicationName(before[0])
        QApplication.setOrganizationName(before[1])
        QApplication.setDesktopFileName(before[2])
        QApplication.setWindowIcon(before[3])


def test_the_smoke_test_closes_the_window_after_it_has_shown(window, capsys):
    window.show()
    app._close_after_smoke_test(window)
    assert not window.isVisible()
    said = capsys.readouterr().out
    assert "Kiểm tra nhanh: cửa sổ “Chưa đặt tên Đảng bộ – Sổ Chi Bộ” đã mở" in said
    tabs = window.tabs.count()
    assert f"mở được {tabs}/{tabs} phần" in said          # every screen's module was found and opened


def test_paths_are_read_from_the_settings_file(settings, tmp_path):
    assert user_folders.default_db_path(settings) == paths.default_db_path()
    user_folders.set_data_folder(settings, tmp_path)
    settings.sync()
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert user_folders.default_db_path(again) == Path(tmp_path) / "so-chi-bo.sqlite"


def test_the_window_settings_live_in_the_platforms_config_folder(monkeypatch, tmp_path, qapp):
    monkeypatch.setattr(paths, "user_config_dir", lambda: tmp_path / "config" / "SoChiBo")
    before = (QApplication.applicationName(), QApplication.organizationName())
    QApplication.setOrganizationName("SoChiBo")
    QApplication.setApplicationName("Sổ Chi Bộ")
    try:
        user_folders.use_settings_file()
        assert Path(QSettings().fileName()) == tmp_path / "config" / "SoChiBo" / "Sổ Chi Bộ.ini"
    finally:
        QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
        QApplication.setOrganizationName(before[1])
        QApplication.setApplicationName(before[0])


def test_settings_an_earlier_version_kept_are_carried_over(tmp_path):
    old = QSettings(str(tmp_path / "cu.conf"), QSettings.Format.IniFormat)
    old.setValue("last_db", "/du-lieu/xa.sqlite")
    old.setValue("main/geometry", b"\x01\x02")
    new = QSettings(str(tmp_path / "moi.ini"), QSettings.Format.IniFormat)
    user_folders.carry_over(old, new)
    again = QSettings(str(tmp_path / "moi.ini"), QSettings.Format.IniFormat)
    assert again.value("last_db") == "/du-lieu/xa.sqlite" and bytes(again.value("main/geometry")) == b"\x01\x02"
    assert old.value("last_db") == "/du-lieu/xa.sqlite"   # the old store is left as it was
