"""Two windows on one file: the minutes saved in one are never silently overwritten by the other's older form."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from models.commune import organisations
from models.conflicts import EditConflict
from models.meetings import meeting_store
from models.storage import db
from tests.conftest import add_member
from ui.common.conflict_dialog import ConflictDialog
from ui.meetings.meeting_editor import MeetingEditor


@pytest.fixture
def two_windows(tmp_path):
    path = tmp_path / "xa.sqlite"
    a = db.open_db(path)
    cell = organisations.create(a, organisations.NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    for number, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")):
        add_member(a, name, cell.id, dt.date(2000 + number, 1, 1), dt.date(2001 + number, 1, 1))
    draft = meeting_store.new_meeting(a, cell.id, dt.date(2026, 11, 5))
    saved = meeting_store.save(a, dataclasses.replace(draft, start_time="19:30", end_time="21:00"))
    a.execute("PRAGMA wal_checkpoint(TRUNCATE)")   # the stamp reaches the file header (see db.open_db)
    b = db.open_db(path)
    yield a, b, saved.id
    a.close()
    b.close()


def save_in_b(b, meeting_id, **changes):
    meeting_store.save(b, dataclasses.replace(meeting_store.get(b, meeting_id), **changes))


def test_store_refuses_an_older_form(two_windows):
    a, b, meeting_id = two_windows
    opened = meeting_store.get(a, meeting_id)
    save_in_b(b, meeting_id, conclusion="Thống nhất như báo cáo.")
    with pytest.raises(EditConflict) as caught:
        meeting_store.save(a, dataclasses.replace(opened, place="Nhà văn hóa thôn"), expected=opened)
    assert caught.value.changed_there == ("conclusion",) and caught.value.changed_here == ("place",)
    assert meeting_store.get(b, meeting_id).conclusion == "Thống nhất như báo cáo."
    meeting_store.save(a, dataclasses.replace(opened, place="Nhà văn hóa thôn"))   # without expected: as before


@pytest.fixture
def editor(qtbot, two_windows):
    a, b, meeting_id = two_windows
    window = MeetingEditor(a, meeting_store.get(a, meeting_id))
    qtbot.addWidget(window)
    window.show()
    return window


def answer_with(editor: MeetingEditor, choice: str, seen: list) -> None:
    def answer(dialog: ConflictDialog) -> int:
        seen.append(dialog)
        {"mine": dialog.mine_button, "theirs": dialog.theirs_button, "back": dialog.back_button}[choice].click()
        return int(dialog.result())
    editor.exec_dialog = answer


def rows(dialog: ConflictDialog) -> list[tuple[str, ...]]:
    return [tuple(dialog.table.item(r, c).text() for c in range(3)) for r in range(dialog.table.rowCount())]


def test_editor_shows_both_versions_and_goes_back(editor, two_windows):
    _a, b, meeting_id = two_windows
    seen: list = []
    answer_with(editor, "back", seen)
    save_in_b(b, meeting_id, conclusion="Thống nhất như báo cáo.")
    editor.general.place.setText("Nhà văn hóa thôn")
    editor.save_button.click()
    assert len(seen) == 1
    assert ("Địa điểm", "(để trống)", "Nhà văn hóa thôn") in rows(seen[0])
    assert ("Kết luận", "Thống nhất như báo cáo.", "(để trống)") in rows(seen[0])
    assert "Chưa lưu" in editor.error.text() and editor.dirty
    assert meeting_store.get(b, meeting_id).place == ""


def test_editor_keep_mine_overwrites_on_purpose(editor, two_windows):
    _a, b, meeting_id = two_windows
    answer_with(editor, "mine", [])
    save_in_b(b, meeting_id, conclusion="Thống nhất như báo cáo.")
    editor.general.place.setText("Nhà văn hóa thôn")
    editor.save_button.click()
    stored = meeting_store.get(b, meeting_id)
    assert (stored.place, stored.conclusion) == ("Nhà văn hóa thôn", "") and not editor.dirty


def test_editor_take_theirs_reloads(editor, two_windows):
    _a, b, meeting_id = two_windows
    answer_with(editor, "theirs", [])
    save_in_b(b, meeting_id, conclusion="Thống nhất như báo cáo.")
    editor.general.place.setText("Nhà văn hóa thôn")
    editor.save_button.click()
    assert editor.general.place.text() == "" and not editor.dirty
    assert editor.discussion.conclusion.toPlainText() == "Thống nhất như báo cáo."
