"""The import dialog: preview shows bad rows and imports nothing until the clerk confirms.

Reading, previewing and importing run in a worker with its own connection, so these tests use a database
file (the worker opens it by path) and wait for the dialog's ``settled`` signal after each step.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.excel import excel_columns
from models.people import member_list
from models.storage import db
from tests.models.test_excel_import import HEADERS, person, write_book
from ui.common import widgets
from ui.excel.import_dialog import ImportDialog, column_letter

WAIT = 30_000


@pytest.fixture
def conn(tmp_path):
    """The register as a file: the dialog's worker opens its own connection to it."""
    connection = db.open_db(tmp_path / "xa.sqlite")
    yield connection
    connection.close()


def settled(qtbot, dialog, action, *args):
    """Do something that starts background work and wait until the dialog is idle again."""
    with qtbot.waitSignal(dialog.settled, timeout=WAIT):
        action(*args)


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
    settled(qtbot, dialog, dialog.load_file, write_book(tmp_path / "ds.xlsx", ROWS))
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
    settled(qtbot, dialog, dialog.org_combo.setCurrentIndex, dialog.org_combo.findText("Chi bộ thôn Đông"))
    assert dialog.import_button.text() == "Nhập 2 đảng viên"
    assert on_roll(conn) == []
    settled(qtbot, dialog, dialog.import_button.click)
    assert said[0][0] == "confirm" and "1 dòng có lỗi" in said[0][1]
    assert said[-1] == ("info", dialog.imported.summary())
    assert "Đã nhập 2 đảng viên" in said[-1][1]
    assert on_roll(conn) == ["Lê Văn Cường", "Trần Văn Bình"]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_declining_the_confirmation_imports_nothing(qtbot, conn, commune, tmp_path, monkeypatch):
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: False)
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog, dialog.load_file, write_book(tmp_path / "ds.xlsx", ROWS))
    dialog.import_button.click()
    assert not dialog.busy() and on_roll(conn) == []


def test_fixing_the_mapping_reruns_the_preview(qtbot, conn, commune, tmp_path, said):
    headers = list(HEADERS)
    headers[12] = "Mã thẻ"            # not a header we know: the clerk points it at the card number
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog, dialog.load_file, write_book(tmp_path / "ds.xlsx", ROWS[:1], headers=headers))
    combo = dialog.mapping_combo(12)
    assert combo.currentData() == excel_columns.SKIP
    combo.setCurrentIndex(combo.findData("card_number"))
    # choosing a field another column holds moves it: "Họ và tên" cannot be two columns
    dialog.mapping_combo(6).setCurrentIndex(dialog.mapping_combo(6).findData("full_name"))
    assert dialog.mapping_combo(1).currentData() == excel_columns.SKIP
    # each change starts a new check and drops the one running: only the last one's outcome is shown
    settled(qtbot, dialog, dialog.mapping_combo(1).setCurrentIndex, dialog.mapping_combo(1).findData("full_name"))
    assert dialog.mapping()[6] == excel_columns.SKIP and dialog.mapping()[12] == "card_number"
    settled(qtbot, dialog, dialog.import_button.click)
    assert said[-1][0] == "info"
    found = member_list.register_order(conn, member_list.MemberFilter())
    assert [m.details.card_number for m in found] == ["01234567"]


def test_unusable_file_is_explained(qtbot, conn, commune, tmp_path, said):
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog, dialog.load_file, path)
    assert dialog.sheet is None and "định dạng Excel cũ" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_a_clean_file_is_still_confirmed_once(qtbot, conn, commune, tmp_path, said):
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog, dialog.load_file, write_book(tmp_path / "ds.xlsx", ROWS[:1]))
    assert dialog.notes_box.title() == "Các dòng cần xem lại: không có dòng nào"
    settled(qtbot, dialog, dialog.import_button.click)
    assert said[0][0] == "confirm" and "Nhập 1 đảng viên vào sổ?" in said[0][1] and "lỗi" not in said[0][1]
    assert on_roll(conn) == ["Trần Văn Bình"]


def test_choose_file_button_previews_without_importing(qtbot, conn, commune, tmp_path, said, monkeypatch):
    from ui.common import files

    path = write_book(tmp_path / "ds.xlsx", ROWS)
    monkeypatch.setattr(files, "ask_open_path", lambda *args: path)
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog, dialog.browse_button.click)
    assert dialog.path_edit.text() == str(path) and dialog.notes_model.rowCount() > 0
    assert on_roll(conn) == [] and said == []
    monkeypatch.setattr(files, "ask_open_path", lambda *args: None)    # cancelled: the preview stays
    dialog.browse_button.click()
    assert dialog.path_edit.text() == str(path)


# ---------------------------------------------------------------- work in the background

class Gate:
    """Holds a background job at one point until the test lets it go on."""

    def __init__(self):
        import threading

        self.reached, self.opened, self.threads = threading.Event(), threading.Event(), []

    def wait_here(self):
        import threading

        self.threads.append(threading.current_thread())
        self.reached.set()
        assert self.opened.wait(WAIT / 1000), "the test never let the job go on"


@pytest.fixture
def held_preview(monkeypatch):
    """Every preview waits at the gate before it starts."""
    from models.excel import excel_import

    gate, real_preview = Gate(), excel_import.preview

    def held(*args, **kwargs):
        gate.wait_here()
        return real_preview(*args, **kwargs)

    monkeypatch.setattr(excel_import, "preview", held)
    return gate


def test_the_preview_runs_in_the_background_without_locking_the_register(qtbot, conn, commune, tmp_path,
                                                                          held_preview):
    """The window stays usable and another window can save while a big file is checked."""
    import sqlite3
    import threading

    from models.commune import committee

    gate = held_preview
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_file(write_book(tmp_path / "ds.xlsx", ROWS))
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    assert gate.threads[0] is not threading.main_thread()
    assert dialog.busy() and dialog.progress_bar.isVisible() and dialog.stop_button.isEnabled()
    assert not dialog.import_button.isEnabled()
    # the register is free: this connection and the main window's own can both write now
    other = sqlite3.connect(tmp_path / "xa.sqlite", timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE committee SET name = name")
    other.execute("COMMIT")
    other.close()
    committee.save(conn, committee.get(conn))
    with qtbot.waitSignal(dialog.settled, timeout=WAIT):
        gate.opened.set()
    assert not dialog.busy() and not dialog.progress_bar.isVisible()
    assert dialog.import_button.text() == "Nhập 1 đảng viên" and on_roll(conn) == []


def test_stopping_a_check_leaves_nothing_half_shown(qtbot, conn, commune, tmp_path, held_preview):
    gate = held_preview
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    dialog.load_file(write_book(tmp_path / "ds.xlsx", ROWS))
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    with qtbot.waitSignal(dialog.settled, timeout=WAIT):
        dialog.stop_button.click()
        gate.opened.set()
    assert "Đã dừng" in dialog.error_label.text()
    assert dialog.preview_result is None and not dialog.import_button.isEnabled()
    assert not dialog.stop_button.isVisible()


def test_stopping_an_import_half_way_imports_nobody(qtbot, conn, commune, tmp_path, monkeypatch, said):
    from models.people import members

    rows = [person(f"Mai Văn {name}", "01/01/1970", "01/01/1999") for name in ("An", "Bình", "Cường")]
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    dialog.show()
    settled(qtbot, dialog, dialog.load_file, write_book(tmp_path / "ds.xlsx", rows))
    gate, real_create, made = Gate(), members.create, []

    def held_create(*args, **kwargs):
        made.append(real_create(*args, **kwargs))
        if len(made) == 2:
            gate.wait_here()
        return made[-1]

    monkeypatch.setattr(members, "create", held_create)
    dialog.import_button.click()
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    # while the import runs the clerk cannot close the window or change the file, only stop it
    assert not dialog.close_button.isEnabled() and not dialog.browse_button.isEnabled()
    dialog.reject()
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.settled, timeout=WAIT):
        dialog.stop_button.click()
        gate.opened.set()
    assert on_roll(conn) == []                # two were created, then rolled back with the rest
    assert said[-1][0] == "info" and "Chưa nhập ai" in said[-1][1]
    assert dialog.isVisible() and dialog.close_button.isEnabled()
    assert dialog.import_button.text() == "Nhập 3 đảng viên"     # checked again, ready to be imported


def test_a_file_over_the_row_limit_is_refused_in_the_window(qtbot, conn, commune, tmp_path, monkeypatch):
    from models.excel import excel_sheet

    monkeypatch.setattr(excel_sheet, "MAX_ROWS", 3)
    rows = [person(f"Mai Văn {name}", "01/01/1970", "01/01/1999") for name in ("An", "Bình", "Cường")]
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog, dialog.load_file, write_book(tmp_path / "ds.xlsx", rows))
    assert "tách danh sách" in dialog.error_label.text() and dialog.sheet is None
    assert not dialog.import_button.isEnabled() and dialog.mapping_table.rowCount() == 0


def test_a_formula_without_value_is_shown_with_its_cell(qtbot, conn, commune, tmp_path):
    rows = [person("Mai Văn Lâm", "=DATE(1970,1,1)", "01/01/1999", org="Chi bộ thôn Đông")]
    dialog = ImportDialog(conn)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog, dialog.load_file, write_book(tmp_path / "ds.xlsx", rows))
    reasons = [dialog.notes_model.note(r).reason for r in range(dialog.notes_model.rowCount())]
    assert any("C5" in r and "mở tệp bằng Excel" in r for r in reasons)
    assert dialog.mapping_table.item(2, 2).text() == "(công thức chưa có giá trị)"
    assert not dialog.import_button.isEnabled()
