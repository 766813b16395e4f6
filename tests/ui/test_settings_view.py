"""Cài đặt: the committee's names are refused in Vietnamese when wrong and saved when right; backups are new files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QSettings

from models.commune import committee, organisations
from models.storage import backups
from tests.conftest import add_member
from tests.ui.keys import type_text
from ui.access import backup_password
from ui.common import files
from ui.main_window import MainWindow
from ui.settings.settings_view import SettingsView


@pytest.fixture
def view(qtbot, commune):
    widget = SettingsView(commune["conn"])
    qtbot.addWidget(widget)
    return widget


def test_shows_what_is_stored(view):
    assert view.name.text() == "Đảng bộ xã Phố Mới" and view.superior.text() == "Đảng bộ tỉnh Phú Thọ"
    assert view.term_start.text() == "01/09/2025" and view.term_end.text() == "31/08/2030"
    assert view.preview.text().startswith("Phố Mới, ngày ")
    assert view.last_backup.text() == "Chưa sao lưu lần nào."


def test_empty_name_is_refused_and_nothing_changes(qtbot, view, commune):
    view.name.clear()
    view.place.setText("Hòa Bình")
    with qtbot.assertNotEmitted(view.saved):
        assert view.save() is False
    assert "Hãy nhập tên Đảng bộ xã/phường" in view.error.text() and view.error.isVisibleTo(view)
    assert committee.get(commune["conn"]).place_name == "Phố Mới"


def test_empty_place_and_bad_dates_are_refused(view, commune):
    view.place.setText("   ")
    assert view.save() is False and "Hãy nhập địa danh" in view.error.text()
    view.place.setText("Phố Mới")
    view.term_end.setText("31/02/2030")
    assert view.save() is False and "không có trên lịch" in view.error.text()
    view.term_end.setText("01/01/2024")                 # before the start of the term
    view.save_button.click()
    assert "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu" in view.error.text()
    assert committee.get(commune["conn"]).term_end == dt.date(2030, 8, 31)


def test_good_input_is_saved(qtbot, view, commune):
    view.place.end(False)
    qtbot.keyClicks(view.place, " 2")           # ASCII only: QTest aborts on some non-Latin-1 key clicks
    assert view.preview.text().startswith("Phố Mới 2, ngày ")   # the date line follows the typing
    view.place.setText("Phố Mới Hòa Bình")
    view.name.setText("Đảng bộ phường  Hòa Bình")
    view.term_end.setText("30/9/2030")
    with qtbot.waitSignal(view.saved):
        view.save_button.click()
    stored = committee.get(commune["conn"])
    assert stored.name == "Đảng bộ phường Hòa Bình" and stored.place_name == "Phố Mới Hòa Bình"  # spaces collapsed
    assert stored.term_end == dt.date(2030, 9, 30)
    assert view.term_end.text() == "30/09/2030" and "Đã lưu" in view.status.text()
    assert not view.error.isVisibleTo(view)


def test_undo_drops_unsaved_edits(view):
    view.name.setText("Sai tên")
    assert view.has_unsaved_changes()
    view.undo_button.click()
    assert view.name.text() == "Đảng bộ xã Phố Mới" and not view.has_unsaved_changes()


def test_backup_now_writes_a_checked_copy_beside_the_file(view, commune, tmp_path, unanswered_boxes, qtbot):
    assert not view.backup_button.isEnabled()   # no data file known yet: nothing to back up
    view.set_data_file(tmp_path / "xa.sqlite")
    with qtbot.waitSignal(view.backed_up):
        view.backup_button.click()
    written = backups.list_backups(tmp_path / "xa.sqlite")
    assert len(written) == 1 and written[0].path.parent == backups.backup_folder(tmp_path / "xa.sqlite")
    copy = sqlite3.connect(written[0].path)
    try:
        assert copy.execute("SELECT name FROM committee").fetchone()[0] == "Đảng bộ xã Phố Mới"
    finally:
        copy.close()
    assert unanswered_boxes[-1][0] == "Đã sao lưu" and str(written[0].path) in unanswered_boxes[-1][1]
    assert view.last_backup.text().startswith("Lần sao lưu gần nhất: ")


def test_backup_elsewhere_goes_to_the_chosen_folder_and_cancel_does_nothing(view, monkeypatch, tmp_path,
                                                                           unanswered_boxes):
    view.set_data_file(tmp_path / "xa.sqlite")
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(files, "ask_folder", lambda *args: usb)
    monkeypatch.setattr(backup_password, "ask_encryption", lambda parent: None)   # a plain copy
    job = view.backup_elsewhere()
    assert job is not None and job.outcome == "done"
    [written] = usb.iterdir()
    assert written.stat().st_size > 0 and written.name in unanswered_boxes[-1][1]
    monkeypatch.setattr(files, "ask_folder", lambda *args: None)
    assert view.backup_elsewhere() is None
    assert [p.name for p in usb.iterdir()] == [written.name]


def test_a_failed_backup_is_explained_and_leaves_nothing(view, monkeypatch, tmp_path, unanswered_boxes):
    view.set_data_file(tmp_path / "xa.sqlite")
    gone = tmp_path / "usb-da-rut"
    monkeypatch.setattr(files, "ask_folder", lambda *args: gone)
    monkeypatch.setattr(backup_password, "ask_encryption", lambda parent: None)
    assert view.backup_elsewhere().outcome == "failed"
    assert unanswered_boxes[-1][0] == "Chưa sao lưu được" and "không tồn tại" in unanswered_boxes[-1][1]


def test_main_window_follows_saved_names_and_backups(qtbot, commune, monkeypatch, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(commune["conn"], tmp_path / "xa.sqlite", settings, check_setup=False)
    qtbot.addWidget(window)
    index = window.tabs.count() - 1
    window.tabs.setCurrentIndex(index)
    view = window.tabs.widget(index)
    assert isinstance(view, SettingsView)
    view.name.setText("Đảng bộ xã Hòa Bình")
    view.save()
    assert window.windowTitle() == "Đảng bộ xã Hòa Bình – Sổ Chi Bộ"
    assert window.org_panel._all_items()[0].text(0) == "Đảng bộ xã Hòa Bình"
    view.backup()
    assert window.backup_label.text().startswith("Sao lưu gần nhất: ")
    restores = []
    monkeypatch.setattr(window, "restore_backup", lambda: restores.append(True))
    view.restore_button.click()
    assert restores == [True]


def test_the_committee_secretary_and_recipients_are_saved_with_the_names(qtbot, view, commune):
    conn = commune["conn"]
    assert view.recipients.toPlainText().splitlines()[0] == "- Ban Tổ chức Tỉnh ủy Phú Thọ (để báo cáo),"
    view.secretary.setText("Hoàng Thị Thanh Hương")
    view.secretary_from.setText("01/09/2025")
    view.recipients.setPlainText("- Ban Tổ chức Tỉnh ủy Phú Thọ,\n- Ban Tuyên giáo Tỉnh ủy,")
    assert view.has_unsaved_changes()
    with qtbot.waitSignal(view.saved):
        view.save_button.click()
    signer = committee.signer_on(conn, dt.date(2026, 12, 28))
    assert (signer.full_name, signer.start_on) == ("Hoàng Thị Thanh Hương", dt.date(2025, 9, 1))
    assert committee.recipients(conn)[-1] == "- Lưu Văn phòng Đảng ủy."
    assert view.recipients.toPlainText().endswith("- Lưu Văn phòng Đảng ủy.") and not view.has_unsaved_changes()


def test_a_secretary_without_the_day_they_took_office_is_refused(view, commune):
    view.secretary.setText("Hoàng Thị Thanh Hương")
    assert view.save() is False and "ngày nhận chức" in view.error.text()
    assert committee.signers(commune["conn"]) == []


def test_the_signer_is_suggested_from_the_cells_secretaries_without_diacritics(qtbot, commune):
    conn = commune["conn"]
    secretary = add_member(conn, "Hoàng Thị Bích", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    organisations.set_position(conn, commune["dong"].id, secretary.id, "bi_thu", dt.date(2020, 1, 1))
    view = SettingsView(conn)
    qtbot.addWidget(view)
    view.show()
    view.secretary.setFocus()
    type_text(view.secretary, "bich")
    names = view.secretary_names.rows
    assert [names.index(r, 0).data() for r in range(names.rowCount())] == ["Hoàng Thị Bích"]


def test_the_screen_reads_the_commune_once_when_first_shown_and_again_after_a_change(qtbot, commune, monkeypatch):
    """Built and shown at once it read everything twice, each unit's secretary by its own query: 0.3 s at the
    first open of Cài đặt on a 285-unit commune (issue 13). A change made elsewhere is still shown."""
    reads: list[dt.date] = []
    real = organisations.secretary_names
    monkeypatch.setattr(organisations, "secretary_names", lambda conn, on: reads.append(on) or real(conn, on))
    view = SettingsView(commune["conn"])
    qtbot.addWidget(view)
    view.show()
    assert len(reads) == 1
    view.hide()
    committee.save(commune["conn"], dataclasses.replace(committee.get(commune["conn"]), place_name="Phố Cũ"))
    view.show()
    assert len(reads) == 2 and view.place.text() == "Phố Cũ"
