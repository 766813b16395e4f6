"""The meetings overview: record a meeting through the editor and find it in the month with the right counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from models.meetings import meeting_store
from tests.conftest import add_member
from tests.ui.test_meeting_editor import NAMES, fill_meeting
from ui.common import files
from ui.meetings.meeting_editor import MeetingEditor
from ui.meetings.meeting_models import MeetingsTableModel
from ui.meetings.meetings_view import MeetingsView


@pytest.fixture
def cell(commune):
    conn, dong = commune["conn"], commune["dong"]
    for i, name in enumerate(NAMES):
        add_member(conn, name, dong.id, dt.date(2000 + i, 1, 1), None if i == 3 else dt.date(2001 + i, 1, 1))
    return commune


@pytest.fixture
def view(qtbot, cell):
    widget = MeetingsView(cell["conn"])
    qtbot.addWidget(widget)
    widget.set_month(2026, 10)
    return widget


def row_texts(view: MeetingsView, org_name: str) -> list[list[str]]:
    model = view.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount()) if model.data(model.index(r, 0)) == org_name]


def test_record_a_meeting_through_the_editor_and_find_it_in_the_overview(qtbot, view, cell, confirm_yes):
    editors: list[MeetingEditor] = []

    def drive(editor: MeetingEditor) -> int:
        editors.append(editor)
        editor.general.date.setText("08/10/2026")
        editor.general.date.editingFinished.emit()
        assert editor.general.date.date() == dt.date(2026, 10, 8)
        fill_meeting(qtbot, editor)
        qtbot.mouseClick(editor.adopt_button, Qt.MouseButton.LeftButton)
        return 1

    view.exec_dialog = drive
    assert row_texts(view, "Chi bộ thôn Đông")[0][MeetingsTableModel.KIND] == "Chưa sinh hoạt"
    view.select_meeting(-1)
    view.table.selectRow([r.org_name for r in view.model.rows].index("Chi bộ thôn Đông"))
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert editors and editors[0].meeting.adopted
    rows = row_texts(view, "Chi bộ thôn Đông")
    assert len(rows) == 1
    line = rows[0]
    assert line[MeetingsTableModel.DATE] == "08/10/2026"
    assert line[MeetingsTableModel.KIND] == "Thường kỳ"
    assert line[MeetingsTableModel.PRESENT] == "3/5"
    assert line[MeetingsTableModel.RATE] == "60,0%"
    assert line[MeetingsTableModel.DURATION] == "1 giờ 45 phút"
    assert line[MeetingsTableModel.STATE] == "Đã thông qua"
    assert line[MeetingsTableModel.WARNINGS] == ""          # 3 votes for the 3 present: nothing to flag
    assert "1/2 chi bộ đã sinh hoạt thường kỳ" in view.summary.text()
    teachers = row_texts(view, "Chi bộ Giáo viên")[0]
    assert teachers[MeetingsTableModel.KIND] == "Chưa sinh hoạt"


def test_open_and_print_the_selected_meeting(qtbot, view, cell, monkeypatch, tmp_path):
    conn = cell["conn"]
    draft = meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 10, 8))
    saved = meeting_store.save(conn, replace(draft, start_time="19:00", end_time="20:00"))
    view.refresh()
    assert view.select_meeting(saved.id)
    assert "ít hơn 90 phút" in view.details.text()
    opened: list[int | None] = []
    view.exec_dialog = lambda editor: opened.append(editor.meeting.id) or 0
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened == [saved.id]
    target = tmp_path / "bien-ban"
    shown: list[object] = []
    monkeypatch.setattr(files, "ask_save_path", lambda parent, title, suggested, file_filter: target)
    monkeypatch.setattr(files, "open_file", lambda path: shown.append(path))
    qtbot.mouseClick(view.print_minutes_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "bien-ban.pdf"
    assert written.read_bytes().startswith(b"%PDF") and shown == [written]


def test_scope_and_month_filter_the_overview(view, cell):
    view.set_scope(cell["school"].id)
    assert [r.org_name for r in view.model.rows] == ["Chi bộ Giáo viên"]
    view.set_scope(None)
    assert {r.org_name for r in view.model.rows} == {"Chi bộ Giáo viên", "Chi bộ thôn Đông"}
    assert "0/2 chi bộ đã sinh hoạt thường kỳ" in view.summary.text()


def test_overview_model_passes_the_model_tester(qtmodeltester, view, cell):
    conn = cell["conn"]
    meeting_store.save(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 10, 8)))
    view.refresh()
    qtmodeltester.check(view.model)


def test_a_cell_not_met_is_red_only_once_the_month_is_over(view):
    """On the first days of a month no cell has met yet: that is not a missed meeting (issue 12)."""
    today = dt.date.today()
    view.set_month(today.year, today.month)
    index = view.model.index([r.org_name for r in view.model.rows].index("Chi bộ thôn Đông"), MeetingsTableModel.KIND)
    assert view.model.data(index) == "Chưa sinh hoạt"
    assert view.model.data(index, Qt.ItemDataRole.ForegroundRole) is None
    assert view.model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    assert view.model.data(view.model.index(index.row(), MeetingsTableModel.WARNINGS)) == ""
    view.set_month(2026, 10)                                        # a month that is over
    index = view.model.index(index.row(), MeetingsTableModel.KIND)
    assert view.model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    assert view.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
