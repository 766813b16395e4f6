"""The member editor: inline Vietnamese validation, saving a good record, the unsaved-changes guard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from models.commune import organisations
from models.commune.organisations import NewOrganisation
from models.people import member_list, members
from tests.conftest import add_member
from tests.ui.keys import pick
from ui.common.widgets import ask
from ui.members.member_dialog import MemberDialog, MemberForm


def saver(conn, store: list):
    def save(form: MemberForm) -> None:
        store.append(members.create(conn, form.details, form.admission))
    return save


def test_bad_date_is_refused_with_a_message(qtbot, commune):
    conn = commune["conn"]
    saved: list = []
    dialog = MemberDialog(conn, None, save=saver(conn, saved), default_org_id=commune["dong"].id)
    qtbot.addWidget(dialog)
    dialog.fields["full_name"].setText("Phạm Thị Lan")
    dialog.fields["birth_date"].setText("31/02/1980")
    dialog.fields["birth_date"].editingFinished.emit()
    assert "không có trên lịch" in dialog.field_errors["birth_date"].text()
    dialog.joined_on.setText("01/03/2005")
    dialog.accept()
    assert saved == []
    assert dialog.result() == 0 and "Ngày sinh" in dialog.error.text()


def test_implausible_birth_date_and_short_name(qtbot, commune):
    conn = commune["conn"]
    dialog = MemberDialog(conn, None, save=saver(conn, []))
    qtbot.addWidget(dialog)
    dialog.fields["full_name"].setText("Lan")
    dialog.fields["full_name"].editingFinished.emit()
    assert "ít nhất hai chữ" in dialog.field_errors["full_name"].text()
    dialog.fields["birth_date"].setText("01/01/2020")
    dialog.fields["birth_date"].editingFinished.emit()
    assert "không hợp lý" in dialog.field_errors["birth_date"].text()


def test_duplicate_card_shown_next_to_field(qtbot, commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1), card_number="11112222")
    saved: list = []
    dialog = MemberDialog(conn, None, save=saver(conn, saved), default_org_id=commune["dong"].id)
    qtbot.addWidget(dialog)
    dialog.fields["full_name"].setText("Phạm Thị Lan")
    dialog.fields["card_number"].setText("11112222")
    dialog.fields["card_number"].editingFinished.emit()
    assert "Nguyễn Văn An" in dialog.field_errors["card_number"].text()
    dialog.joined_on.setText("01/03/2005")
    dialog.accept()
    assert saved == [] and "Số thẻ 11112222" in dialog.error.text()


def test_good_record_is_saved_with_default_official_date(qtbot, commune):
    conn = commune["conn"]
    saved: list = []
    dialog = MemberDialog(conn, None, save=saver(conn, saved), default_org_id=commune["teachers"].id)
    qtbot.addWidget(dialog)
    dialog.fields["full_name"].setText("Phạm Thị Lan")
    dialog.fields["gender"].setCurrentText("Nữ")
    dialog.fields["birth_date"].setText("5-11-1980")
    dialog.fields["birth_date"].editingFinished.emit()
    assert dialog.fields["birth_date"].text() == "05/11/1980"
    dialog.joined_on.setText("01/03/2005")
    dialog.joined_on.editingFinished.emit()
    assert dialog.official_on.text() == "01/03/2006"
    dialog.decision_no.setText("12-QĐ/ĐU")
    dialog.show()
    qtbot.keyClick(dialog.fields["full_name"], Qt.Key.Key_Return)   # Enter saves
    assert dialog.result() == 1
    member = saved[0]
    assert member.full_name == "Phạm Thị Lan" and member.org_id == commune["teachers"].id
    assert member.standing == "chinh_thuc" and member.official_on == dt.date(2006, 3, 1)
    assert member_list.count(conn, member_list.MemberFilter(text="pham thi lan")) == 1


def test_future_official_date_is_left_empty(qtbot, commune):
    conn = commune["conn"]
    dialog = MemberDialog(conn, None, save=saver(conn, []))
    qtbot.addWidget(dialog)
    recent = dt.date.today() - dt.timedelta(days=30)
    dialog.joined_on.set_date(recent)
    dialog.joined_on.editingFinished.emit()
    assert dialog.official_on.text() == ""
    assert "dự kiến chính thức" in dialog.official_hint.text()


def test_editing_updates_and_guard_asks_before_dropping_changes(qtbot, commune, monkeypatch):
    conn = commune["conn"]
    member = add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1))
    dialog = MemberDialog(conn, member, save=lambda form: members.update(conn, member.id, form.details))
    qtbot.addWidget(dialog)
    assert not hasattr(dialog, "joined_on")
    dialog.fields["hometown"].setText("Thái Bình")
    dialog.show()
    asked: list = []
    monkeypatch.setattr(ask, "save_discard_cancel", lambda parent, title, text: asked.append(text) or "cancel")
    dialog.reject()
    assert asked and dialog.isVisible()   # the guard asked, and the answer “Hủy” kept the dialog open
    dialog.accept()
    assert members.get(conn, member.id).details.hometown == "Thái Bình"


def test_unchanged_dialog_closes_without_asking(qtbot, commune, monkeypatch):
    conn = commune["conn"]
    member = add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1))
    dialog = MemberDialog(conn, member)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(ask, "save_discard_cancel", lambda *a: (_ for _ in ()).throw(AssertionError("asked")))
    dialog.show()
    dialog.reject()
    assert not dialog.isVisible()


def test_the_cell_must_be_chosen_when_the_scope_does_not_say(qtbot, commune):
    conn = commune["conn"]
    saved: list = []
    dialog = MemberDialog(conn, None, save=saver(conn, saved))     # opened from the whole commune
    qtbot.addWidget(dialog)
    assert dialog.org.currentData() is None and dialog.org.currentText() == ""
    assert "gõ tên chi bộ" in dialog.org.lineEdit().placeholderText()
    dialog.fields["full_name"].setText("Phạm Thị Lan")
    dialog.joined_on.setText("01/03/2005")
    dialog.accept()
    assert saved == [] and dialog.result() == 0 and "Hãy chọn chi bộ sinh hoạt" in dialog.error.text()
    dialog.org.setCurrentIndex(dialog.org.findData(commune["teachers"].id))
    dialog.accept()
    assert [m.org_id for m in saved] == [commune["teachers"].id] and dialog.result() == 1


def _namesake_cells(conn):
    """Cells whose names begin like “Chi bộ thôn Đông”, one of them listed before it (issue 12)."""
    school = organisations.create(conn, NewOrganisation("Đảng bộ Trường Tiểu học", "dang_bo_co_so"))
    return {"hoa": organisations.create(conn, NewOrganisation("Chi bộ thôn Đông Hòa", "chi_bo_co_so", "thon")),
            "first": organisations.create(conn, NewOrganisation("Chi bộ thôn Đông Anh", "chi_bo_truc_thuoc",
                                                                 parent_id=school.id))}


@pytest.mark.parametrize("typed", ["Chi bộ thôn Đông", "thon dong"])
def test_typing_the_cell_saves_the_member_into_that_cell(qtbot, commune, typed):
    """Issue 12: typing “Chi bộ thôn Đông” in the member dialog landed on another cell."""
    conn = commune["conn"]
    _namesake_cells(conn)
    saved: list = []
    dialog = MemberDialog(conn, None, save=saver(conn, saved))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["full_name"].setText("Phạm Thị Lan")
    dialog.joined_on.setText("01/03/2005")
    dialog.org.setFocus()
    pick(dialog.org, typed)
    assert dialog.org.currentText() == "Chi bộ thôn Đông"
    dialog.accept()
    assert [m.org_id for m in saved] == [commune["dong"].id]


def test_a_cell_text_naming_several_is_refused_and_nothing_saved(qtbot, commune):
    conn = commune["conn"]
    _namesake_cells(conn)
    saved: list = []
    dialog = MemberDialog(conn, None, save=saver(conn, saved), default_org_id=commune["teachers"].id)
    qtbot.addWidget(dialog)
    dialog.fields["full_name"].setText("Phạm Thị Lan")
    dialog.joined_on.setText("01/03/2005")
    dialog.org.setEditText("thon d")              # Giáo viên was chosen: typing over it must not keep it
    dialog.accept()
    assert saved == [] and dialog.result() == 0
    assert "“thon d” khớp với 3 tổ chức đảng" in dialog.error.text()
