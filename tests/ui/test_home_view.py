"""Việc cần làm, the screen the window opens on: the list for the tree's scope, and each item opening its record."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt

from models.commune import committee, organisations
from models.commune.organisations import NewOrganisation
from models.storage import db
from tests.conftest import add_member
from ui import main_window
from ui.home.home_view import HomeView
from ui.home.todo_table import TodoTableModel, overdue_brush
from ui.main_window import MainWindow
from ui.meetings.meetings_view import MeetingsView
from ui.members.members_view import MembersView

TODAY = dt.date.today()


@pytest.fixture
def setup(commune):
    conn, dong = commune["conn"], commune["dong"]
    # admitted 14 months ago: the probation ended two months ago, its deadline has passed
    late = add_member(conn, "Lê Thị Hoa", dong.id, TODAY.replace(day=1) - dt.timedelta(days=430))
    for name in ("Phạm Văn An", "Phạm Văn Bình", "Phạm Văn Cường"):
        add_member(conn, name, dong.id, dt.date(2001, 3, 1), dt.date(2002, 3, 1))
    draft = conn.execute("INSERT INTO meetings (org_id, kind, held_on, state) VALUES (?, 'thuong_ky', ?, 'nhap')",
                         (dong.id, TODAY.replace(day=1).isoformat())).lastrowid
    return {**commune, "late": late, "draft": draft}


@pytest.fixture
def window(qtbot, setup, tmp_path):
    win = MainWindow(setup["conn"], tmp_path / "xa.sqlite",
                     QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), check_setup=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    return win


def _home(win: MainWindow) -> HomeView:
    view = win.tabs.currentWidget()
    assert isinstance(view, HomeView)
    return view


def _row_of(view: HomeView, kind: str) -> int:
    return next(n for n, item in enumerate(view.model.rows) if item.kind == kind)


def test_the_window_opens_on_the_todo_list(window, setup):
    assert window.tabs.currentIndex() == 0 and window.tabs.tabText(0) == "Việc cần làm"
    view = _home(window)
    kinds = {item.kind for item in view.model.rows}
    assert {"probation_overdue", "not_adopted", "no_secretary"} <= kinds
    assert "Toàn Đảng bộ" in view.title.text() and "Việc cần làm" in view.title.text()
    row = _row_of(view, "probation_overdue")
    index = view.model.index(row, TodoTableModel.WHO)
    assert view.model.data(index) == "Lê Thị Hoa"
    assert view.model.data(index, Qt.ItemDataRole.ForegroundRole) == overdue_brush()   # overdue: red
    assert "Điều 5" in view.model.data(view.model.index(row, TodoTableModel.RULE))
    assert "Ctrl+1 – Việc cần làm" in main_window.SHORTCUTS_HELP


def test_enter_on_a_member_item_lands_on_the_member(window, setup, qtbot):
    view = _home(window)
    view.table.selectRow(_row_of(view, "probation_overdue"))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    members = window.tabs.currentWidget()
    assert isinstance(members, MembersView) and window.tabs.currentIndex() == main_window.section_index(MembersView)
    assert members.selected_member_id() == setup["late"].id
    assert "Lịch sử của Lê Thị Hoa" in members.history_title.text()


def test_a_member_hidden_by_a_search_is_still_found(window, setup):
    members = window.show_members()
    members.search.setText("khong ai ten nay")
    members.apply_filter()
    window.go_to_section(0)
    view = _home(window)
    view.table.selectRow(_row_of(view, "probation_overdue"))
    view.open_button.click()
    assert members.search.text() == "" and members.selected_member_id() == setup["late"].id


def test_a_draft_meeting_item_opens_the_meeting(window, setup):
    meetings = window._ensure_section(main_window.section_index(MeetingsView))
    assert isinstance(meetings, MeetingsView)
    opened: list[int] = []
    meetings.exec_dialog = lambda dialog: opened.append(dialog.meeting.id) or 0
    view = _home(window)
    view.table.selectRow(_row_of(view, "not_adopted"))
    view.table.activated.emit(view.table.currentIndex())        # a double-click
    assert window.tabs.currentWidget() is meetings
    assert meetings.selected_row() is not None and meetings.selected_row().meeting_id == setup["draft"]
    assert opened == [setup["draft"]]


def test_an_organisation_item_selects_it_in_the_tree(window, setup):
    view = _home(window)
    row = next(n for n, item in enumerate(view.model.rows)
               if item.kind == "no_secretary" and item.organisation == "Chi bộ thôn Đông")
    view.table.selectRow(row)
    view.open_selected()
    assert window.scope == setup["dong"].id and window.org_panel.current_org_id() == setup["dong"].id
    assert isinstance(window.tabs.currentWidget(), MembersView)


def test_the_list_follows_the_tree_and_filters_by_kind(window, setup):
    view = _home(window)
    window.org_panel.select_org(setup["teachers"].id)
    assert "Chi bộ Giáo viên" in view.title.text()
    assert all(item.organisation == "Chi bộ Giáo viên" for item in view.model.rows)
    window.org_panel.select_org(None)
    chosen = view.kind_box.findData("not_adopted")
    assert view.kind_box.itemText(chosen) == "Biên bản chưa thông qua (1)"
    view.kind_box.setCurrentIndex(chosen)
    assert [item.kind for item in view.model.rows] == ["not_adopted"]
    view.table.sortByColumn(TodoTableModel.DATE, Qt.SortOrder.AscendingOrder)   # sortable by any column


def test_on_a_file_the_list_is_computed_in_a_worker(qtbot, tmp_path):
    conn = db.open_db(tmp_path / "xa.sqlite")
    try:
        committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", place_name="Phố Mới"))
        dong = organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
        add_member(conn, "Lê Thị Hoa", dong.id, TODAY.replace(day=1) - dt.timedelta(days=430))
        view = HomeView(conn)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.computed, timeout=20000):
            view.set_scope(None)
            assert not view.progress_bar.isHidden() and view.progress_label.text() == "Đang tính…"
        assert view.progress_bar.isHidden() and not view.stop_button.isVisible()
        assert "probation_overdue" in {item.kind for item in view.model.rows}
    finally:
        db.close(conn)


def test_coming_back_after_acting_shows_the_list_afresh(window, setup, qtbot):
    from models.people import members
    from models.people.member_events import Event

    window.show()
    qtbot.waitExposed(window)
    view = _home(window)
    assert "probation_overdue" in {item.kind for item in view.model.rows}
    view.table.selectRow(_row_of(view, "probation_overdue"))
    view.open_selected()                                   # to the member, who is then confirmed
    members.add_event(setup["conn"], setup["late"].id, Event("chuyen_chinh_thuc", TODAY))
    window.go_to_section(0)
    assert "probation_overdue" not in {item.kind for item in view.model.rows}


def test_a_review_item_opens_the_review_of_its_year(window, setup):
    from models.reviews import records as reviews
    from ui.reviews.reviews_view import ReviewsView

    reviews.open_review(setup["conn"], TODAY.year - 1)
    view = _home(window)
    view.refresh()
    view.table.selectRow(_row_of(view, "review_pending"))
    view.open_selected()
    shown = window.tabs.currentWidget()
    assert isinstance(shown, ReviewsView) and shown.year_combo.currentData() == TODAY.year - 1
    assert window.scope == setup["dong"].id


def test_the_window_opening_on_the_home_screen_fits_a_1366_screen(window, setup):
    """The list's heading row once made the window 1,403 pixels wide under Xvfb: the figures and the status bar
    ran off the screen. The list's pane leaves room for the tree and the figures on a 1366-pixel screen, and a
    long organisation name wraps in the heading instead of widening it."""
    window.show()
    view = _home(window)
    pane = view.title.parentWidget()
    view.title.setText("Việc cần làm – Đảng bộ Cơ quan Ủy ban nhân dân và các đoàn thể chính trị - xã hội xã, "
                       "ngày 02/12/2026")
    assert pane.minimumSizeHint().width() <= 600        # it was 786 (offscreen fonts; more under Xvfb)
    assert window.minimumSizeHint().width() <= 1366 - 16       # the screen less the window's frame


def test_the_figures_are_computed_after_the_todo_list_not_beside_it(qtbot, tmp_path, monkeypatch):
    """Both workers at once took the window's memory to its peak (issue 13: 303 MB at 10,000 members)."""
    import threading
    import time

    from models.errors import UserError
    from ui.home import figures_panel, home_view

    steps: list[str] = []
    running = threading.Lock()

    def todo_job(conn, scope, on, progress):
        assert running.acquire(blocking=False), "the figures ran beside the to-do list"
        steps.append("todo starts")
        time.sleep(0.3)
        steps.append("todo ends")
        running.release()
        return []

    def figures_job(conn, progress, *, year, org_id):
        assert running.acquire(blocking=False), "the to-do list ran beside the figures"
        steps.append("figures start")
        running.release()
        raise UserError("Chưa có số liệu.")

    monkeypatch.setattr(home_view, "_compute", todo_job)
    monkeypatch.setattr(figures_panel, "_job", figures_job)
    conn = db.open_db(tmp_path / "xa.sqlite")
    try:
        committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", place_name="Phố Mới"))
        view = HomeView(conn)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.computed, timeout=20000):
            view.set_scope(None)
        qtbot.waitUntil(lambda: view.figures.placeholder.text() == "Chưa có số liệu.", timeout=20000)
        assert steps == ["todo starts", "todo ends", "figures start"]
    finally:
        db.close(conn)
