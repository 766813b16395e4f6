"""Every small editing dialog is one FormDialog: the same Lưu / Hủy row, Enter saves, Esc cancels, one error line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from models.errors import UserError
from models.study.sessions import Document
from tests.conftest import add_member
from ui.common.form_dialog import CANCEL_TEXT, SAVE_TEXT, FormDialog, save_cancel_box
from ui.common.pickers import Choice
from ui.dues.dues_profile_dialog import DuesProfileDialog
from ui.first_start import FirstStartDialog
from ui.members.event_dialog import EventDialog
from ui.members.member_dialog import MemberDialog
from ui.organisations import org_dialogs
from ui.study.study_dialogs import Ct05Dialog, DocumentDialog, SessionDialog


def _every_editing_dialog(commune) -> list[QDialog]:
    conn, dong = commune["conn"], commune["dong"]
    member = add_member(conn, "Lê Thị Hoa", dong.id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    doc = Document("57-NQ/TW", "Về khoa học", "Bộ Chính trị", dt.date(2024, 12, 22), "nghi_quyet")
    return [org_dialogs.NewOrgDialog(conn), org_dialogs.RenameDialog(dong), org_dialogs.MoveDialog(conn, dong),
            org_dialogs.DissolveDialog(dong), org_dialogs.MergeDialog(conn, dong),
            DocumentDialog(lambda d: d, doc), SessionDialog([doc], [(dong, 0)], lambda s: s),
            Ct05Dialog(2026, [Choice(member.full_name, member.id)], [dong], lambda v: v),
            DuesProfileDialog(member.id, member.full_name, dt.date(2026, 3, 1), None, lambda p: p),
            EventDialog(conn, member.id), MemberDialog(conn, member), MemberDialog(conn, None),
            FirstStartDialog(editing=True)]


def _alt_letters(dialog: QWidget) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
             if w.isVisibleTo(dialog)]
    return [m.group(1).lower() for t in texts for m in re.finditer(r"(?<!&)&([^&\s])", t)]


def test_every_editing_dialog_has_the_one_save_cancel_row(qtbot, commune):
    for dialog in _every_editing_dialog(commune):
        qtbot.addWidget(dialog)
        assert isinstance(dialog, FormDialog), dialog.windowTitle()
        boxes = dialog.findChildren(QDialogButtonBox)
        assert len(boxes) == 1, dialog.windowTitle()
        save = boxes[0].button(QDialogButtonBox.StandardButton.Save)
        cancel = boxes[0].button(QDialogButtonBox.StandardButton.Cancel)
        assert (save.text(), cancel.text()) == ("&Lưu", "Hủy"), dialog.windowTitle()
        assert save.isDefault(), dialog.windowTitle()                       # Enter saves
        letters = _alt_letters(dialog)
        assert len(letters) == len(set(letters)), (dialog.windowTitle(), letters)   # Alt+L is the save button's


def test_the_box_alone_says_luu_huy_with_alt_l(qtbot):
    saved: list[str] = []
    box = save_cancel_box(lambda: saved.append("save"), lambda: saved.append("cancel"))
    qtbot.addWidget(box)
    assert (SAVE_TEXT, CANCEL_TEXT) == ("&Lưu", "Hủy")
    box.button(QDialogButtonBox.StandardButton.Save).click()
    box.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert saved == ["save", "cancel"]


@dataclass(frozen=True)
class Note:
    text: str


class NoteDialog(FormDialog[Note]):
    def __init__(self, save) -> None:
        super().__init__("Ghi chú", None, save)
        self.text = QLineEdit()
        self.form.addRow("&Nội dung:", self.text)
        self.mark_unchanged()

    def collect(self) -> Note:
        if not self.text.text():
            raise UserError("Hãy nhập nội dung ghi chú.")
        return Note(self.text.text())


def test_collect_refusal_shows_on_the_error_line_and_keeps_the_dialog(qtbot):
    stored: list[Note] = []
    dialog = NoteDialog(stored.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.text() == "Hãy nhập nội dung ghi chú." and stored == []
    dialog.text.setText("Họp chi bộ")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert not dialog.isVisible() and stored == [Note("Họp chi bộ")] and dialog.result_value == Note("Họp chi bộ")


def test_a_refused_save_keeps_what_was_typed(qtbot):
    def refuse(note: Note) -> None:
        raise UserError(f"“{note.text}” đã có.")
    dialog = NoteDialog(refuse)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setText("Họp")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text() == "“Họp” đã có." and dialog.result_value is None


@pytest.mark.parametrize(("typed", "asked"), [("", False), ("Họp", True)])
def test_esc_closes_an_untouched_form_and_asks_about_a_typed_one(qtbot, unanswered_boxes, typed, asked):
    dialog = NoteDialog(lambda note: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setText(typed)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert bool(unanswered_boxes) is asked and dialog.isVisible() is asked   # the test's answer is "Hủy"
