"""The meeting editor driven through its widgets: roll call by buttons and keys, speeches, save, adopt, reopen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from models.commune import organisations
from models.meetings import meeting_store
from models.storage import audit
from tests.conftest import add_member
from ui.common import widgets
from ui.meetings import meeting_editor
from ui.meetings.meeting_editor import MeetingEditor
from ui.meetings.meeting_models import AttendanceTableModel

NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Vũ Thị Giang")


@pytest.fixture
def cell(commune):
    conn, dong = commune["conn"], commune["dong"]
    people = {n: add_member(conn, n, dong.id, dt.date(2000 + i, 1, 1), None if i == 3 else dt.date(2001 + i, 1, 1))
              for i, n in enumerate(NAMES)}
    organisations.set_position(conn, dong.id, people["Nguyễn Văn An"].id, "bi_thu", dt.date(2025, 9, 1))
    return {**commune, "people": people}


@pytest.fixture
def warnings_shown(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(widgets.ask, "warn", lambda parent, title, text: shown.append(text))
    return shown


def select_rows(editor: MeetingEditor, names: list[str]) -> None:
    table = editor.attendance.table
    table.clearSelection()
    for row, line in enumerate(editor.attendance.model.rows):
        if line.name in names:
            table.selectionModel().select(editor.attendance.model.index(row, 0),
                                          QItemSelectionModel.SelectionFlag.Select
                                          | QItemSelectionModel.SelectionFlag.Rows)


def row_of(editor: MeetingEditor, name: str) -> int:
    return next(i for i, line in enumerate(editor.attendance.model.rows) if line.name == name)


def fill_meeting(qtbot, editor: MeetingEditor) -> None:
    """What a secretary types: times, place, two absences (one with a reason), a speaker, a task, the vote."""
    editor.general.start.setText("19:30")
    editor.general.end.setText("21:15")
    editor.general.place.setText("Nhà văn hóa thôn")
    editor.general.secretary.setCurrentText("Vũ Thị Giang")
    editor.tabs.setCurrentWidget(editor.attendance)
    select_rows(editor, ["Trần Thị Bình"])
    qtbot.mouseClick(editor.attendance.status_buttons["vang_co_ly_do"], Qt.MouseButton.LeftButton)
    model = editor.attendance.model
    assert model.setData(model.index(row_of(editor, "Trần Thị Bình"), AttendanceTableModel.REASON), "Đi công tác")
    select_rows(editor, ["Lê Văn Cường"])
    editor.attendance.table.setFocus()
    qtbot.keyClick(editor.attendance.table, Qt.Key.Key_K)      # one key marks "vắng không lý do"
    editor.tabs.setCurrentWidget(editor.discussion)
    editor.discussion.speaker.setCurrentText("Phạm Thị Dung")
    editor.discussion.opinion.setPlainText("Đề nghị chi bộ quan tâm <vệ sinh môi trường> & an ninh.")
    qtbot.mouseClick(editor.discussion.add_button, Qt.MouseButton.LeftButton)
    editor.discussion.conclusion.setPlainText("Thống nhất.")
    editor.tabs.setCurrentWidget(editor.tasks)
    qtbot.mouseClick(editor.tasks.add_task_button, Qt.MouseButton.LeftButton)
    tasks = editor.tasks.tasks
    for column, value in enumerate(("Dọn vệ sinh đường thôn", "Lê Văn Cường", "30/11/2026")):
        tasks.setData(tasks.index(0, column), value)
    editor.tasks.votes_for.setText("2")   # Phạm Thị Dung is probationary: no vote
    editor.tasks.votes_against.setText("0")
    editor.tasks.votes_abstain.setText("0")


def test_counts_update_live_and_meeting_is_saved_and_adopted(qtbot, cell, confirm_yes):
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    assert "Có mặt: 5 (chính thức 4, dự bị 1)" in editor.counts.text()
    fill_meeting(qtbot, editor)
    assert "Có mặt: 3 (chính thức 2, dự bị 1)" in editor.counts.text()
    assert "Vắng: 2 (có lý do 1, không lý do 1)" in editor.counts.text()
    qtbot.mouseClick(editor.adopt_button, Qt.MouseButton.LeftButton)
    saved = meeting_store.get(conn, editor.meeting.id)
    assert saved.adopted and saved.minutes_no == 1 and saved.resolution_no == 1
    statuses = {a.name: (a.status, a.reason) for a in saved.attendance}
    assert statuses["Trần Thị Bình"] == ("vang_co_ly_do", "Đi công tác")
    assert statuses["Lê Văn Cường"] == ("vang_khong_ly_do", "")
    assert [(s.speaker_name, s.content) for s in saved.speeches] == [
        ("Phạm Thị Dung", "Đề nghị chi bộ quan tâm <vệ sinh môi trường> & an ninh.")]
    assert saved.tasks[0].deadline == dt.date(2026, 11, 30) and saved.secretary_name == "Vũ Thị Giang"
    assert saved.duration_minutes == 105
    assert not editor.save_button.isEnabled() and editor.reopen_button.isEnabled()
    assert not editor.attendance.model.setData(editor.attendance.model.index(0, AttendanceTableModel.REASON), "x")
    assert "ĐÃ THÔNG QUA" in editor.banner.text()


def test_warnings_show_beside_but_never_block(qtbot, cell):
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    editor.general.start.setText("19:30")
    editor.general.end.setText("20:15")
    select_rows(editor, ["Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"])
    editor.attendance.mark("vang_khong_ly_do")
    editor.refresh_side()
    text = editor.warnings.text()
    assert "45 phút, ít hơn 90 phút" in text and "Chỉ thị 50-CT/TW" in text
    assert "Chỉ 2/5 đảng viên phải dự có mặt" in text
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert meeting_store.get(conn, editor.meeting.id).counts.present == 2


def test_adopt_refuses_more_votes_than_members_with_a_vote(qtbot, cell, unanswered_boxes):
    """Three votes counted with the probationary member among them: the refusal is shown, nothing adopted."""
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    fill_meeting(qtbot, editor)
    editor.tasks.votes_for.setText("3")
    editor.refresh_side()
    assert "Có quyền biểu quyết: 2" in editor.counts.text()
    assert "nhiều hơn số đảng viên có quyền biểu quyết: 2 đồng chí" in editor.warnings.text()
    qtbot.mouseClick(editor.adopt_button, Qt.MouseButton.LeftButton)
    ((title, text),) = unanswered_boxes               # no "đã thông qua?" question: a refusal, said once
    assert title == "Chưa thông qua được biên bản"
    assert "(3: tán thành 3" in text and "có quyền biểu quyết: 2 đồng chí" in text
    assert editor.meeting.id is None or not meeting_store.get(conn, editor.meeting.id).adopted
    assert conn.execute("SELECT count(*) FROM document_numbers").fetchone()[0] == 0


def test_adopt_question_repeats_the_warnings(qtbot, cell, unanswered_boxes):
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    fill_meeting(qtbot, editor)
    editor.tasks.votes_for.setText("1")               # one of the two with a vote not recorded
    qtbot.mouseClick(editor.adopt_button, Qt.MouseButton.LeftButton)
    ((title, text),) = unanswered_boxes
    assert title == "Thông qua biên bản" and "Biên bản còn cảnh báo" in text
    assert "ít hơn số đảng viên có quyền biểu quyết: 2 đồng chí" in text and "Chi bộ đã nghe đọc lại" in text
    assert editor.meeting.id is None                  # answered "Không": nothing saved, nothing adopted


def test_bad_time_is_refused_in_vietnamese_and_nothing_saved(qtbot, cell, warnings_shown):
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    editor.general.start.setText("25:00")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert warnings_shown and "Giờ bắt đầu" in warnings_shown[0]
    assert editor.meeting.id is None
    assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_reopen_asks_a_reason_and_is_audited(qtbot, cell, confirm_yes, monkeypatch):
    conn = cell["conn"]
    draft = meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5))
    adopted = meeting_store.adopt(conn, meeting_store.save(conn, draft).id)
    editor = MeetingEditor(conn, adopted)
    qtbot.addWidget(editor)
    monkeypatch.setattr(meeting_editor, "ask_reason", lambda parent, title, label: "Ghi sai tên người vắng")
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    assert editor.meeting.state == "nhap" and editor.save_button.isEnabled()
    entries = audit.history(conn, "meeting", adopted.id)
    assert entries[-1].action == "mở lại" and "Ghi sai tên người vắng" in entries[-1].detail


def test_previous_tasks_are_prefilled_for_results(qtbot, qtmodeltester, cell):
    conn, dong = cell["conn"], cell["dong"].id
    from dataclasses import replace

    from models.meetings.records import Task

    first = meeting_store.new_meeting(conn, dong, dt.date(2026, 10, 5))
    meeting_store.save(conn, replace(first, tasks=(Task("Sửa nhà văn hóa", "Nguyễn Văn An"),)))
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, dong, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    followups = editor.reports.followups
    assert followups.rows[0][:2] == ["Sửa nhà văn hóa", "Nguyễn Văn An"]
    qtmodeltester.check(followups)
    assert followups.setData(followups.index(0, 2), "Đã xong 80%")
    assert not followups.setData(followups.index(0, 0), "đổi nội dung")    # the task itself is not retyped
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = meeting_store.get(conn, editor.meeting.id)
    assert saved.followups[0].result == "Đã xong 80%" and saved.followups[0].task_id is not None


def test_editor_models_pass_the_model_tester(qtbot, qtmodeltester, cell):
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    editor.attendance.model.add_visitor("Bùi Văn Khải")
    editor.discussion.speeches.append(["Nguyễn Văn An", "Ý kiến"])
    qtmodeltester.check(editor.attendance.model)
    qtmodeltester.check(editor.discussion.speeches)
    qtmodeltester.check(editor.tasks.tasks)
    qtmodeltester.check(editor.reports.followups)


def test_editor_fits_the_screen_and_names_the_months(qtbot, cell):
    """Never bigger than the screen left by the taskbar; labels say which month is reviewed and planned."""
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    room = editor.screen().availableGeometry()
    assert editor.width() <= min(1240, room.width()) and editor.height() <= min(700, room.height())
    tasks = editor.tasks.tasks
    assert tasks.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Nhiệm vụ tháng 11/2026"
    assert editor.reports.results_label.text() == "Đánh giá chung kết quả thực hiện nhiệm vụ tháng 10/2026:"
    late = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 27)))
    qtbot.addWidget(late)
    assert late.tasks.tasks.headerData(0, Qt.Orientation.Horizontal,
                                       Qt.ItemDataRole.DisplayRole) == "Nhiệm vụ tháng 12/2026"


def test_alt_letters_are_not_ambiguous_on_any_page(qtbot, cell):
    """An Alt+letter shared by two visible widgets only moves the focus between them: each page has its own."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    editor.show()
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        letters: list[str] = []
        for widget in editor.findChildren(QAbstractButton) + editor.findChildren(QLabel):
            mnemonic = re.search(r"&([^&\s])", widget.text())
            if mnemonic and widget.isVisible() and (not isinstance(widget, QLabel) or widget.buddy() is not None):
                letters.append(mnemonic[1].lower())
        assert letters and len(letters) == len(set(letters)), (editor.tabs.tabText(index), sorted(letters))


@pytest.mark.parametrize(("answer", "closed", "stored"), [("cancel", False, False), ("discard", True, False),
                                                         ("save", True, True)])
def test_closing_with_typed_minutes_asks_save_discard_cancel(qtbot, cell, monkeypatch, answer, closed, stored):
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    editor.show()
    editor.general.start.setText("19:30")
    editor.general.end.setText("21:00")
    editor.general.place.setText("Nhà văn hóa thôn")
    asked: list[str] = []
    monkeypatch.setattr(widgets.ask, "save_discard_cancel", lambda parent, title, text: asked.append(text) or answer)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert len(asked) == 1 and "Biên bản mới có nội dung chưa lưu" in asked[0]
    assert editor.isVisible() is not closed
    count = conn.execute("SELECT count(*) FROM meetings WHERE place = 'Nhà văn hóa thôn'").fetchone()[0]
    assert count == (1 if stored else 0)


def _months_shown(editor: MeetingEditor) -> tuple[str, str]:
    fields = editor.general.months
    return (f"{fields.reviewed.month.currentText()}/{fields.reviewed.year.value()}",
            f"{fields.planned.month.currentText()}/{fields.planned.year.value()}")


def _retype_date(qtbot, editor: MeetingEditor, text: str) -> None:
    editor.show()
    editor.activateWindow()
    editor.tabs.setCurrentWidget(editor.general)
    editor.general.date.setFocus()
    qtbot.waitUntil(editor.general.date.hasFocus)
    editor.general.date.setText(text)
    qtbot.keyClick(editor.general.date, Qt.Key.Key_Tab)   # leaving the field finishes the editing


def test_months_follow_the_date_until_the_clerk_chooses_them(qtbot, cell):
    """Issue 11.2: both months are offered from the date, move with it while untouched, then stay as chosen."""
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    assert _months_shown(editor) == ("Tháng 10/2026", "Tháng 11/2026")
    _retype_date(qtbot, editor, "20/11/2026")
    assert _months_shown(editor) == ("Tháng 11/2026", "Tháng 12/2026")
    assert editor.reports.results_label.text() == "Đánh giá chung kết quả thực hiện nhiệm vụ tháng 11/2026:"
    editor.general.months.reviewed.month.setCurrentIndex(9)          # the clerk: this meeting reviews October
    editor.general.months.planned.month.setCurrentIndex(10)          # … and plans November
    assert editor.reports.results_label.text() == "Đánh giá chung kết quả thực hiện nhiệm vụ tháng 10/2026:"
    assert editor.tasks.tasks.headerData(0, Qt.Orientation.Horizontal,
                                         Qt.ItemDataRole.DisplayRole) == "Nhiệm vụ tháng 11/2026"
    _retype_date(qtbot, editor, "21/11/2026")
    assert _months_shown(editor) == ("Tháng 10/2026", "Tháng 11/2026")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = meeting_store.get(conn, editor.meeting.id)
    assert (saved.held_on, saved.reviewed_month, saved.planned_month) == (
        dt.date(2026, 11, 21), dt.date(2026, 10, 1), dt.date(2026, 11, 1))
    reopened = MeetingEditor(conn, saved)
    qtbot.addWidget(reopened)
    assert _months_shown(reopened) == ("Tháng 10/2026", "Tháng 11/2026")


def test_contradictory_months_are_refused_in_vietnamese(qtbot, cell, warnings_shown):
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    editor.general.months.planned.month.setCurrentIndex(8)           # tasks for September, reviewing October
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert warnings_shown and "Nhiệm vụ tháng 9/2026" in warnings_shown[0] and "Hãy chọn lại" in warnings_shown[0]
    assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_month_fields_are_labelled_and_locked_when_adopted(qtbot, cell):
    from PySide6.QtWidgets import QLabel

    conn = cell["conn"]
    adopted = meeting_store.adopt(conn, meeting_store.save(
        conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5))).id)
    editor = MeetingEditor(conn, adopted)
    qtbot.addWidget(editor)
    labels = {label.text(): label.buddy() for label in editor.general.findChildren(QLabel)}
    assert labels["Đánh giá kết &quả tháng:"] is editor.general.months.reviewed.month
    assert labels["Nhiệm &vụ tháng:"] is editor.general.months.planned.month
    assert not editor.general.months.reviewed.month.isEnabled() and not editor.general.months.planned.year.isEnabled()


def test_chair_and_speaker_are_found_without_diacritics_and_spelled_right(qtbot, cell):
    conn = cell["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, cell["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    chair = editor.general.chair
    chair.finder.follow("giang")
    assert [chair.finder.rows.index(r, 0).data() for r in range(chair.finder.rows.rowCount())] == ["Vũ Thị Giang"]
    chair.setEditText("vu thi giang")
    chair.settle()                                    # leaving the field: the member's own spelling
    assert chair.currentText() == "Vũ Thị Giang"
    speaker = editor.discussion.speaker
    speaker.setEditText("Đồng chí Bí thư Đảng ủy xã")   # a guest's words are kept as typed
    speaker.settle()
    assert speaker.currentText() == "Đồng chí Bí thư Đảng ủy xã"
