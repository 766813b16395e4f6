"""The main window: opens on a database, the tree shows the organisations, choosing one scopes the sections."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from PySide6.QtCore import QSettings

from models.commune import committee
from models.storage import backups, db
from tests.conftest import add_member
from ui import first_start, main_actions, main_window
from ui.common import files
from ui.common.section import section_class
from ui.common.widgets import ask
from ui.main_window import SECTIONS, MainWindow
from ui.members.members_view import MembersView


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def populated(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn Ân", commune["dong"].id, dt.date(1990, 5, 1), dt.date(1991, 5, 1))
    add_member(conn, "Trần Minh Đức", commune["teachers"].id, dt.date(2010, 3, 1), dt.date(2011, 3, 1))
    return commune


@pytest.fixture
def window(qtbot, populated, settings, tmp_path):
    win = MainWindow(populated["conn"], tmp_path / "xa.sqlite", settings, check_setup=False)
    qtbot.addWidget(win)
    return win


def tree_labels(win: MainWindow) -> list[str]:
    return [item.text(0) for item in win.org_panel._all_items()]


def test_opens_with_tree_and_member_list(window, populated):
    assert window.windowTitle() == "Đảng bộ xã Phố Mới – Sổ Chi Bộ"
    labels = tree_labels(window)
    assert "Đảng bộ xã Phố Mới" in labels and "Chi bộ thôn Đông (1)" in labels and "Chi bộ Giáo viên (1)" in labels
    view = window.members_view()
    assert isinstance(view, MembersView) and view.model.rowCount() == 2
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [s[0] for s in SECTIONS]
    assert "2 đảng viên" in window.count_label.text()
    assert window.backup_label.text() == "Chưa sao lưu lần nào"


def test_choosing_an_organisation_scopes_the_member_list(window, populated):
    view = window.show_members()
    window.org_panel.select_org(populated["school"].id)
    assert window.scope == populated["school"].id
    assert view.model.rowCount() == 1                  # Đức, in a chi bộ trực thuộc of the school
    assert "Đảng bộ Trường THCS Phố Mới: 1 đảng viên" in window.count_label.text()
    window.org_panel.select_org(None)
    assert view.model.rowCount() == 2


def test_every_section_in_the_registry_builds_on_a_database(window, populated):
    """Each registry entry is a real class: showing its tab builds it on the open file, in the right place."""
    for index, (title, spec) in enumerate(SECTIONS):
        window.tabs.setCurrentIndex(index)
        assert isinstance(window.sections[index], section_class(spec))
        assert window.tabs.widget(index) is window.sections[index] and window.tabs.tabText(index) == title
    window.org_panel.select_org(populated["dong"].id)   # every section takes a scope once shown
    for index in range(len(SECTIONS)):
        window.tabs.setCurrentIndex(index)
        assert window.tabs.widget(index) is window.sections[index]


def test_sections_are_built_when_first_shown_and_follow_the_scope(window, monkeypatch, populated):
    built, scoped = [], []

    class Fake(MembersView):
        def __init__(self, conn, parent=None):
            built.append(conn)
            super().__init__(conn, parent)

        def set_scope(self, org_id):
            scoped.append(org_id)

    monkeypatch.setattr(sys.modules[__name__], "Fake", Fake, raising=False)   # a section is named "module:Class"
    monkeypatch.setattr(main_window, "SECTIONS", SECTIONS + (("Giả", f"{__name__}:Fake"),))
    window.tabs.addTab(main_window.placeholder("Đang tải…"), "Giả")
    index = window.tabs.count() - 1
    assert built == []                         # not built before its tab is shown
    window.tabs.setCurrentIndex(index)
    assert built == [window.conn] and scoped == [None]   # a new section starts with the current scope
    window.org_panel.select_org(populated["dong"].id)
    assert scoped[-1] == populated["dong"].id
    window.tabs.setCurrentIndex(0)
    window.org_panel.select_org(populated["school"].id)
    assert scoped[-1] == populated["dong"].id   # hidden sections catch up when shown ...
    window.tabs.setCurrentIndex(index)
    assert scoped[-1] == populated["school"].id
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(index)
    assert scoped.count(populated["school"].id) == 1   # ... and only once
    assert len(built) == 1                      # and are built once


def test_a_section_that_fails_to_build_shows_a_placeholder_and_the_rest_works(window, monkeypatch, populated):
    class Broken(MembersView):
        def __init__(self, conn, parent=None):
            raise RuntimeError("hỏng")

    monkeypatch.setattr(sys.modules[__name__], "Broken", Broken, raising=False)
    monkeypatch.setattr(main_window, "SECTIONS", SECTIONS + (("Hỏng", f"{__name__}:Broken"),))
    window.tabs.addTab(main_window.placeholder("Đang tải…"), "Hỏng")
    index = window.tabs.count() - 1
    window.tabs.setCurrentIndex(index)
    assert "“Hỏng” gặp lỗi khi mở" in window.tabs.widget(index).text() and index not in window.sections
    window.tabs.setCurrentIndex(0)
    assert window.members_view().model.rowCount() == 2


def test_last_backup_is_shown(window):
    taken = backups.make_backup(window.conn, window.db_path, now=dt.datetime(2026, 11, 23, 8, 0))
    window.show_last_backup()
    assert window.backup_label.text() == "Sao lưu gần nhất: 08:00 23/11/2026"
    assert str(taken.path) in window.backup_label.toolTip()


def test_ctrl_f_focuses_search(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(2)
    window.find_action.trigger()
    assert window.tabs.currentIndex() == main_window.section_index(MembersView)
    assert window.focusWidget() is window.members_view().search   # focus within the window


def test_layout_is_remembered(qtbot, populated, settings, tmp_path):
    win = MainWindow(populated["conn"], tmp_path / "xa.sqlite", settings, check_setup=False)
    qtbot.addWidget(win)
    win.splitter.setSizes([300, 900])
    win.members_view().table.horizontalHeader().resizeSection(0, 333)
    win.close()
    again = MainWindow(populated["conn"], tmp_path / "xa.sqlite", settings, check_setup=False)
    qtbot.addWidget(again)
    assert again.members_view().table.horizontalHeader().sectionSize(0) == 333


def test_export_writes_the_filtered_list(window, monkeypatch, tmp_path, populated):
    from openpyxl import load_workbook

    target = tmp_path / "ds.xlsx"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: target)
    monkeypatch.setattr(ask, "info", lambda *a: None)
    window.org_panel.select_org(populated["dong"].id)
    window.export_excel()
    cells = [c.value for row in load_workbook(target).active.iter_rows() for c in row]
    assert "Nguyễn Văn Ân" in cells and "Trần Minh Đức" not in cells


def test_print_register_writes_a_pdf(window, monkeypatch, tmp_path, populated):
    target = tmp_path / "so.pdf"
    opened = []
    monkeypatch.setattr(files, "ask_save_path", lambda *a: target)
    monkeypatch.setattr(files, "open_file", opened.append)
    window.org_panel.select_org(populated["dong"].id)
    window.print_register()
    assert target.read_bytes().startswith(b"%PDF") and opened == [target]


def test_first_start_saves_the_committee(qtbot, settings, tmp_path, monkeypatch):
    conn = db.open_memory()
    win = MainWindow(conn, tmp_path / "moi.sqlite", settings, check_setup=False)
    qtbot.addWidget(win)
    assert first_start.is_needed(conn)

    def fill(self):
        self.name.setText("Đảng bộ xã Hòa Bình")
        self._suggest_place(self.name.text())
        self.superior.setText("Đảng bộ tỉnh Phú Thọ")
        self.accept()
        return self.result()

    monkeypatch.setattr(first_start.FirstStartDialog, "exec", fill)
    win.run_first_start()
    saved = committee.get(conn)
    assert saved.name == "Đảng bộ xã Hòa Bình" and saved.place_name == "Hòa Bình"
    assert win.windowTitle() == "Đảng bộ xã Hòa Bình – Sổ Chi Bộ"
    assert tree_labels(win)[0] == "Đảng bộ xã Hòa Bình"


def test_first_start_refuses_an_empty_name(qtbot):
    dialog = first_start.FirstStartDialog()
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.choice is None and "Hãy nhập tên Đảng bộ" in dialog.error.text()


def test_first_start_checks_the_names_and_term_as_the_committee_does(qtbot):
    dialog = first_start.FirstStartDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("  Đảng bộ xã   Hòa Bình ")
    dialog.place.setText("Hòa Bình")
    dialog.term_start.set_date(dt.date(2025, 10, 1))
    dialog.term_end.set_date(dt.date(2020, 10, 1))
    dialog.accept()
    assert dialog.choice is None and "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu" in dialog.error.text()
    dialog.term_end.set_date(dt.date(2030, 10, 1))
    dialog.accept()
    assert dialog.choice is not None and dialog.choice.committee is not None
    assert dialog.choice.committee.name == "Đảng bộ xã Hòa Bình"   # cleaned at the door, as committee.save does


def test_first_start_can_open_the_demo(qtbot, settings, tmp_path, monkeypatch):
    conn = db.open_memory()
    win = MainWindow(conn, tmp_path / "moi.sqlite", settings, check_setup=False)
    qtbot.addWidget(win)
    target = tmp_path / "mau.sqlite"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: target)
    monkeypatch.setattr(ask, "info", lambda *a: None)
    monkeypatch.setattr(main_actions, "make_demo", lambda path: _small_demo(path))

    def choose_demo(self):
        self.choose_demo()
        return self.result()

    monkeypatch.setattr(first_start.FirstStartDialog, "exec", choose_demo)
    win.run_first_start()
    assert win.db_path == target
    assert win.members_view().model.rowCount() > 0 and len(tree_labels(win)) > 3


def test_section_shortcuts_reach_the_new_tabs_after_another_file_is_opened(window, tmp_path):
    window.switch_database(db.open_memory(), tmp_path / "khac.sqlite")   # every screen is rebuilt
    window.section_actions[2].trigger()                                 # Ctrl+3
    assert window.tabs.currentIndex() == 2 and window.tabs.tabText(2) == SECTIONS[2][0]
    assert isinstance(window.tabs.currentWidget(), section_class(SECTIONS[2][1]))


def _small_demo(path):
    from models.demo import generate as demo

    conn = db.open_db(path)
    return conn, demo.generate(conn, members=60, seed=3)


def test_committee_names_can_be_edited_later(window, monkeypatch):
    def exec_(self):
        assert not self.demo_button.isVisibleTo(self) and self.name.text() == "Đảng bộ xã Phố Mới"
        self.name.setText("Đảng ủy xã Phố Mới Mới")
        self.accept()
        return self.result()

    monkeypatch.setattr(first_start.FirstStartDialog, "exec", exec_)
    window.committee_action.trigger()
    assert committee.get(window.conn).name == "Đảng ủy xã Phố Mới Mới"
    assert committee.get(window.conn).term_name == "2025 - 2030"      # other fields kept
    assert tree_labels(window)[0] == "Đảng ủy xã Phố Mới Mới"


def test_qt_own_words_are_vietnamese(window):
    """Qt ships no Vietnamese: without our translator a right-click in any text box says Copy/Paste."""
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    edit = QLineEdit(window)
    menu = edit.createStandardContextMenu()
    texts = [action.text().split("\t")[0] for action in menu.actions() if action.text()]
    assert "&Sao chép" in texts and "&Dán" in texts and "Chọn tất cả" in texts
    assert not any("Copy" in text or "Paste" in text for text in texts)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(button.text() for button in box.buttons()) == ["Hủy", "Đồng ý"]
