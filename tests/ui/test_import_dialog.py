"""The import dialog: preview shows bad rows and imports nothing until the clerk confirms."""

from __future__ import annotations

import datetime as dt

import pytest

from models import excel_columns, member_list
from tests.models.test_excel_import import HEADERS, person, write_book
from ui import widgets
from ui.import_dialog import ImportDialog, column_letter


@pytest.fixture
def said(monkeypatch):
    messages = []
    monkeypatch.setattr(widgets.ask, "info", lambda parent, title, text: messages.append(("info", text)))
    monkeypatch.setattr(widgets.ask, "warn", lambda parent, title, text: messages.append(("warn", text)))
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: messages.append(("confirm", text)) or True)
    return messages


def on_roll(conn):
    return sorted(m.full_name for m in member_list.register_order(conn, member_list.MemberFilter()))


ROWS = [person("Trần Văn Bình", dt.datetime(1970, 3, 2), dt.datetime(1995, 5, 19), dt.datetime(1996, 5, 19),
               card="01234567"),
        person("Lê Văn Cường", "5-11-1985", "03/01/2020", None, org=None),
        [None] * len(HEADERS),
        person("Phạm Văn Dũng", "31/02/1980", "01/01/2005")]


def test_bad_rows_shown_and_nothing_imported_until_confirmed(qtbot, qtmodeltester, conn, commune, tmp_path, said):
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert dialog.load_file(write_book(tmp_path / "ds.xlsx", ROWS))
    assert "dòng 4" in dialog.sheet_label.text()
    assert dialog.mapping_combo(1).currentData() == "full_name"
    # row 6 has no chi bộ and no default is chosen; row 8 has no such date
    model = dialog.notes_model
    qtmodeltester.check(model)
    shown = {(model.index(r, 0).data(), model.index(r, 2).data()) for r in range(model.rowCount())}
    assert ("6", "Lỗi, không nhập") in shown and ("8", "Lỗi, không nhập") in shown
    assert "không có trên lịch" in " ".join(model.index(r, 3).data() for r in range(model.rowCount()))
    assert dialog.import_button.text() == "Nhập 1 đảng viên"
    assert on_roll(conn) == []                       # the preview wrote nothing
    # choosing the default cell makes row 6 acceptable
    dialog.org_combo.setCurrentIndex(dialog.org_combo.findText("Chi bộ thôn Đông"))
    assert dialog.import_button.text() == "Nhập 2 đảng viên"
    assert on_roll(conn) == []
    dialog.import_button.click()
    assert said[0][0] == "confirm" and "1 dòng có lỗi" in said[0][1]
    assert said[-1] == ("info", dialog.imported.summary())
    assert "Đã nhập 2 đảng viên" in said[-1][1]
    assert on_roll(conn) == ["Lê Văn Cường", "Trần Văn Bình"]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_declining_the_confirmation_imports_nothing(qtbot, conn, commune, tmp_path, monkeypatch):
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: False)
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    dialog.load_file(write_book(tmp_path / "ds.xlsx", ROWS))
    dialog.import_button.click()
    assert on_roll(conn) == []


def test_fixing_the_mapping_reruns_the_preview(qtbot, conn, commune, tmp_path, said):
    headers = list(HEADERS)
    headers[12] = "Mã thẻ"            # not a header we know: the clerk points it at the card number
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    dialog.load_file(write_book(tmp_path / "ds.xlsx", ROWS[:1], headers=headers))
    combo = dialog.mapping_combo(12)
    assert combo.currentData() == excel_columns.SKIP
    combo.setCurrentIndex(combo.findData("card_number"))
    # choosing a field another column holds moves it: "Họ và tên" cannot be two columns
    dialog.mapping_combo(6).setCurrentIndex(dialog.mapping_combo(6).findData("full_name"))
    assert dialog.mapping_combo(1).currentData() == excel_columns.SKIP
    dialog.mapping_combo(1).setCurrentIndex(dialog.mapping_combo(1).findData("full_name"))
    assert dialog.mapping()[6] == excel_columns.SKIP and dialog.mapping()[12] == "card_number"
    dialog.import_button.click()
    assert said[-1][0] == "info"
    found = member_list.register_order(conn, member_list.MemberFilter())
    assert [m.details.card_number for m in found] == ["01234567"]


def test_unusable_file_is_explained(qtbot, conn, commune, tmp_path, said):
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    assert not dialog.load_file(path)
    assert "định dạng Excel cũ" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_a_clean_file_is_still_confirmed_once(qtbot, conn, commune, tmp_path, said):
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    dialog.load_file(write_book(tmp_path / "ds.xlsx", ROWS[:1]))
    assert dialog.notes_box.title() == "Các dòng cần xem lại: không có dòng nào"
    dialog.import_button.click()
    assert said[0][0] == "confirm" and "Nhập 1 đảng viên vào sổ?" in said[0][1] and "lỗi" not in said[0][1]
    assert on_roll(conn) == ["Trần Văn Bình"]


def test_choose_file_button_previews_without_importing(qtbot, conn, commune, tmp_path, said, monkeypatch):
    from ui import files

    path = write_book(tmp_path / "ds.xlsx", ROWS)
    monkeypatch.setattr(files, "ask_open_path", lambda *args: path)
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    dialog.browse_button.click()
    assert dialog.path_edit.text() == str(path) and dialog.notes_model.rowCount() > 0
    assert on_roll(conn) == [] and said == []
    monkeypatch.setattr(files, "ask_open_path", lambda *args: None)    # cancelled: the preview stays
    dialog.browse_button.click()
    assert dialog.path_edit.text() == str(path)
