"""Typed work is never lost: quitting, opening another file or changing the organisation asks first."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from PySide6.QtCore import QSettings, Qt

from models.commune import committee
from models.reviews import records as reviews
from tests.conftest import add_member
from ui import main_actions, opening
from ui.common import files, widgets
from ui.main_window import SECTIONS, MainWindow
from ui.reviews.review_table import MEMBER_COLUMNS
from ui.reviews.reviews_view import ReviewsView

YEAR = dt.date.today().year
LEVEL = [c.attr for c in MEMBER_COLUMNS].index("cell_level")
REVIEWS_TAB = [s[0] for s in SECTIONS].index("Đánh giá xếp loại")
SETTINGS_TAB = [s[0] for s in SECTIONS].index("Cài đặt")


@pytest.fixture
def answers(monkeypatch):
    """The clerk's answers to the Lưu / Không lưu / Hủy question, one per question asked; what was asked."""
    given: list[str] = []
    asked: list[tuple[str, str]] = []

    def answer(parent, title, text):
        asked.append((title, text))
        return given.pop(0) if given else "cancel"

    monkeypatch.setattr(widgets.ask, "save_discard_cancel", answer)
    return types.SimpleNamespace(given=given, asked=asked)


@pytest.fixture
def window(qtbot, commune, tmp_path):
    conn = commune["conn"]
    for number, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
                                   "Hoàng Văn Em", "Vũ Thị Hoa", "Đỗ Văn Giang", "Bùi Thị Hà", "Đặng Văn Ích",
                                   "Mai Thị Kim")):
        add_member(conn, name, commune["dong"].id, dt.date(2010, 3, 1 + number), dt.date(2011, 3, 1))
    reviews.open_review(conn, YEAR)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(conn, tmp_path / "xa.sqlite", settings, check_setup=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def review_grid(win: MainWindow) -> ReviewsView:
    win.tabs.setCurrentIndex(REVIEWS_TAB)
    view = win.sections[REVIEWS_TAB]
    assert isinstance(view, ReviewsView)
    return view


def type_levels(qtbot, view: ReviewsView, count: int, last_open: bool = False) -> None:
    """Type a level into ``count`` rows as a clerk does; the last editor is left open when asked."""
    table = view.member_table
    for row in range(count):
        index = view.member_model.index(row, LEVEL)
        table.setCurrentIndex(index)
        table.setFocus()
        table.edit(index)
        editor = table.focusWidget()
        qtbot.keyClicks(editor, "2")
        if last_open and row == count - 1:
            return
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def stored_levels(conn) -> list[str | None]:
    return [r.cell_level for r in reviews.member_reviews(conn, YEAR, None)]


def test_quit_with_ten_typed_levels_asks_and_cancel_keeps_everything(qtbot, window, answers):
    view = review_grid(window)
    type_levels(qtbot, view, 10)
    window.quit_action.trigger()
    assert window.isVisible()
    assert len(answers.asked) == 1
    title, text = answers.asked[0]
    assert "10 đảng viên" in text and "chưa lưu" in text and "Đánh giá xếp loại" in text
    assert [r.cell_level for r in view.member_model.rows].count("HTTNV") == 10


def test_quit_and_save_writes_the_levels_then_closes(qtbot, window, answers):
    view = review_grid(window)
    type_levels(qtbot, view, 10)
    answers.given.append("save")
    window.quit_action.trigger()
    assert not window.isVisible()
    assert stored_levels(window.conn).count("HTTNV") == 10


def test_quit_and_discard_closes_without_saving(qtbot, window, answers):
    view = review_grid(window)
    type_levels(qtbot, view, 3)
    answers.given.append("discard")
    window.quit_action.trigger()
    assert not window.isVisible()
    assert "HTTNV" not in stored_levels(window.conn)


def test_a_level_still_in_its_editor_counts_too(qtbot, window, answers):
    view = review_grid(window)
    type_levels(qtbot, view, 1, last_open=True)
    answers.given.append("save")
    window.close()
    assert not window.isVisible()
    assert stored_levels(window.conn).count("HTTNV") == 1


def test_nothing_typed_quits_without_a_question(qtbot, window, answers):
    review_grid(window)
    window.quit_action.trigger()
    assert not window.isVisible() and answers.asked == []


def test_open_another_file_asks_and_cancel_stays_on_this_file(qtbot, window, answers, monkeypatch, tmp_path):
    view = review_grid(window)
    type_levels(qtbot, view, 10)
    other = tmp_path / "khac.sqlite"
    monkeypatch.setattr(files, "ask_open_path", lambda *a: other)
    opened: list = []
    monkeypatch.setattr(opening, "open_data_file", lambda parent, path, **kw: opened.append(path))
    window.open_action.trigger()
    assert len(answers.asked) == 1 and opened == [] and window.sections[REVIEWS_TAB] is view
    assert window.db_path == tmp_path / "xa.sqlite"


def test_open_another_file_after_saving(qtbot, window, answers, monkeypatch, tmp_path):
    from models.storage import db

    view = review_grid(window)
    type_levels(qtbot, view, 10)
    conn = window.conn
    other = tmp_path / "khac.sqlite"
    db.open_db(other).close()
    monkeypatch.setattr(files, "ask_open_path", lambda *a: other)
    answers.given.append("save")
    levels_before_switch: list = []
    real_open = opening.open_data_file
    monkeypatch.setattr(opening, "open_data_file",
                        lambda parent, path, **kw: levels_before_switch.extend(stored_levels(conn))
                        or real_open(parent, path, **kw))
    window.open_action.trigger()
    assert levels_before_switch.count("HTTNV") == 10
    assert window.db_path == other


def test_demo_file_asks_first(qtbot, window, answers, monkeypatch, tmp_path):
    view = review_grid(window)
    type_levels(qtbot, view, 2)
    monkeypatch.setattr(files, "ask_save_path", lambda *a: tmp_path / "mau.sqlite")
    made: list = []
    monkeypatch.setattr(main_actions, "make_demo", lambda path: made.append(path))
    window.demo_action.trigger()
    assert len(answers.asked) == 1 and made == []


def test_changing_organisation_in_the_tree_asks_and_cancel_keeps_the_grid(qtbot, window, commune, answers):
    view = review_grid(window)
    type_levels(qtbot, view, 4)
    window.org_panel.select_org(commune["dong"].id)
    assert len(answers.asked) == 1
    assert window.org_panel.current_org_id() is None and window.scope is None
    assert [r.cell_level for r in view.member_model.rows].count("HTTNV") == 4
    answers.given.append("save")
    window.org_panel.select_org(commune["dong"].id)
    assert window.scope == commune["dong"].id
    assert stored_levels(window.conn).count("HTTNV") == 4


def test_switching_tabs_keeps_edits_without_asking(qtbot, window, answers):
    view = review_grid(window)
    type_levels(qtbot, view, 2)
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(REVIEWS_TAB)
    assert answers.asked == [] and len(view.member_model.dirty) == 2


def test_changing_the_year_in_the_grid_asks_three_ways(qtbot, window, answers):
    view = review_grid(window)
    type_levels(qtbot, view, 2)
    view.year_combo.setCurrentIndex(view.year_combo.findData(YEAR - 1))
    assert len(answers.asked) == 1 and view.year == YEAR and view.year_combo.currentData() == YEAR
    assert len(view.member_model.dirty) == 2
    answers.given.append("discard")
    view.year_combo.setCurrentIndex(view.year_combo.findData(YEAR - 1))
    assert view.year == YEAR - 1 and "HTTNV" not in stored_levels(window.conn)


def test_settings_typed_but_not_saved_are_asked_about_on_quit(qtbot, window, answers):
    window.tabs.setCurrentIndex(SETTINGS_TAB)
    view = window.sections[SETTINGS_TAB]
    view.place.setText("Phố Mới Mới")
    answers.given.append("save")
    window.close()
    assert not window.isVisible()
    assert "Đảng bộ" in answers.asked[0][1] or "Cài đặt" in answers.asked[0][1]
    assert committee.get(window.conn).place_name == "Phố Mới Mới"


def test_a_refused_save_keeps_the_window_open(qtbot, window, answers):
    window.tabs.setCurrentIndex(SETTINGS_TAB)
    view = window.sections[SETTINGS_TAB]
    view.name.setText("")
    answers.given.append("save")
    window.close()
    assert window.isVisible()
    assert view.error.text()   # why it was refused, under the form


def test_settings_edits_survive_a_change_of_organisation(qtbot, window, commune, answers):
    window.tabs.setCurrentIndex(SETTINGS_TAB)
    view = window.sections[SETTINGS_TAB]
    view.place.setText("Phố Mới Mới")
    window.org_panel.select_org(commune["dong"].id)
    assert answers.asked == [] and window.scope == commune["dong"].id
    assert view.place.text() == "Phố Mới Mới"


@pytest.mark.parametrize(("press", "expected"), [("Lưu", "save"), ("Không lưu", "discard"), ("Hủy", "cancel"),
                                                 (None, "cancel")])
def test_the_real_box_speaks_vietnamese_and_esc_means_stay(qtbot, press, expected):
    from PySide6.QtWidgets import QMessageBox

    box = widgets.save_discard_cancel_box(None, "Có thay đổi chưa lưu", "Lưu lại trước khi thoát?")
    qtbot.addWidget(box)
    labels = {b.text().replace("&", ""): b for b in box.buttons()}
    assert sorted(labels) == sorted(["Lưu", "Không lưu", "Hủy"])
    assert box.escapeButton() is labels["Hủy"] and box.defaultButton() is labels["Lưu"]
    if press is not None:
        labels[press].click()
    assert widgets.save_discard_cancel_answer(box) == expected
    assert isinstance(box, QMessageBox)
