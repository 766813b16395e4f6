"""Two windows on one file: the member editor shows a save made elsewhere instead of reverting it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from models.commune import organisations
from models.people import members
from models.storage import db
from tests.conftest import add_member
from ui.common.conflict_dialog import STORED_TITLE, TYPED_TITLE, ConflictDialog
from ui.common.widgets import ask
from ui.members.member_dialog import MemberDialog


@pytest.fixture
def two_windows(tmp_path):
    """Connection A and connection B on one data file, as two copies of the program."""
    path = tmp_path / "xa.sqlite"
    a = db.open_db(path)
    cell = organisations.create(a, organisations.NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    member = add_member(a, "Nguyễn Văn An", cell.id, dt.date(2000, 1, 1), hometown="Nam Định")
    a.execute("PRAGMA wal_checkpoint(TRUNCATE)")   # the stamp reaches the file header (see db.open_db)
    b = db.open_db(path)
    yield a, b, member.id
    a.close()
    b.close()


def editor_in_a(qtbot, a, member_id, clicks: list[str], seen: list):
    """The member editor opened from window A, as the member list opens it; ``clicks`` answer the conflicts."""
    dialog = MemberDialog(a, members.get(a, member_id),
                          save=lambda form: members.update(a, member_id, form.details, expected=form.expected))
    qtbot.addWidget(dialog)

    def answer(conflict_dialog: ConflictDialog) -> int:
        seen.append(conflict_dialog)
        button = {"mine": conflict_dialog.mine_button, "theirs": conflict_dialog.theirs_button,
                  "back": conflict_dialog.back_button}[clicks.pop(0)]
        button.click()
        return int(conflict_dialog.result())

    dialog.exec_dialog = answer
    dialog.show()
    return dialog


def save_in_b(b, member_id, **changes):
    members.update(b, member_id, dataclasses.replace(members.get(b, member_id).details, **changes))


def click_save(dialog: MemberDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()


def table_rows(conflict: ConflictDialog) -> list[tuple[str, str, str]]:
    t = conflict.table
    return [tuple(t.item(r, c).text() for c in range(3)) for r in range(t.rowCount())]


def test_a_save_from_the_other_window_is_shown_not_reverted(qtbot, two_windows):
    a, b, member_id = two_windows
    seen: list = []
    dialog = editor_in_a(qtbot, a, member_id, ["back"], seen)
    save_in_b(b, member_id, notes="Chuyển về thôn Tây")
    dialog.fields["hometown"].setText("Thái Bình")
    click_save(dialog)
    assert len(seen) == 1 and dialog.isVisible()
    conflict = seen[0]
    headers = [conflict.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers[1:] == [STORED_TITLE, TYPED_TITLE]
    assert table_rows(conflict) == [("Quê quán", "Nam Định", "Thái Bình"), ("Ghi chú", "Chuyển về thôn Tây",
                                                                          "(để trống)")]
    assert conflict.table.item(1, 1).font().bold() and not conflict.table.item(1, 2).font().bold()
    assert conflict.table.item(0, 2).font().bold()
    assert "Chưa lưu" in dialog.error.text()
    stored = members.get(b, member_id).details
    assert (stored.notes, stored.hometown) == ("Chuyển về thôn Tây", "Nam Định")
    assert dialog.fields["hometown"].text() == "Thái Bình"   # the clerk's typing is still there


def test_keep_mine_overwrites_on_purpose(qtbot, two_windows):
    a, b, member_id = two_windows
    dialog = editor_in_a(qtbot, a, member_id, ["mine"], [])
    save_in_b(b, member_id, notes="Chuyển về thôn Tây")
    dialog.fields["hometown"].setText("Thái Bình")
    click_save(dialog)
    assert not dialog.isVisible() and dialog.result_value is not None
    stored = members.get(b, member_id).details
    assert (stored.notes, stored.hometown) == ("", "Thái Bình")


def test_take_the_stored_version_reloads_the_form(qtbot, two_windows):
    a, b, member_id = two_windows
    dialog = editor_in_a(qtbot, a, member_id, ["theirs"], [])
    save_in_b(b, member_id, notes="Chuyển về thôn Tây")
    dialog.fields["hometown"].setText("Thái Bình")
    click_save(dialog)
    assert dialog.isVisible()
    assert dialog.fields["notes"].text() == "Chuyển về thôn Tây" and dialog.fields["hometown"].text() == "Nam Định"
    assert not dialog.has_changes()
    dialog.fields["hometown"].setText("Hải Dương")   # edit again on top of the other's save: no conflict now
    click_save(dialog)
    stored = members.get(b, member_id).details
    assert (stored.notes, stored.hometown) == ("Chuyển về thôn Tây", "Hải Dương")


def test_closing_with_changes_asks_three_ways(qtbot, two_windows, monkeypatch):
    a, _b, member_id = two_windows
    dialog = editor_in_a(qtbot, a, member_id, [], [])
    dialog.fields["hometown"].setText("Thái Bình")
    answers = ["cancel", "save"]
    asked: list = []
    monkeypatch.setattr(ask, "save_discard_cancel", lambda p, title, text: asked.append(text) or answers.pop(0))
    dialog.reject()
    assert dialog.isVisible() and "Nguyễn Văn An có thay đổi chưa lưu" in asked[0]
    dialog.reject()
    assert not dialog.isVisible() and dialog.result() == MemberDialog.DialogCode.Accepted
    assert members.get(a, member_id).details.hometown == "Thái Bình"


def test_the_member_list_editor_passes_what_it_loaded(qtbot, two_windows, monkeypatch):
    """F2 in window A's member list, a save in window B meanwhile, then Lưu in A: the conflict shows."""
    from ui.members import members_view

    a, b, member_id = two_windows
    seen: list = []

    def exec_(self):
        save_in_b(b, member_id, notes="Chuyển về thôn Tây")
        self.exec_dialog = lambda conflict: seen.append(conflict) or conflict.back_button.click() or 0
        self.fields["hometown"].setText("Thái Bình")
        click_save(self)
        return self.result()

    monkeypatch.setattr(members_view.MemberDialog, "exec", exec_)
    view = members_view.MembersView(a)
    qtbot.addWidget(view)
    view.select_member(member_id)
    view.edit_member()
    assert len(seen) == 1
    assert members.get(b, member_id).details.notes == "Chuyển về thôn Tây"
