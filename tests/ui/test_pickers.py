"""The pickers of ui/common/pickers.py: typed text, with or without diacritics, lands on the one item it names."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from models.commune import organisations
from models.commune.organisations import NewOrganisation
from models.errors import UserError
from tests.ui.keys import type_text
from ui.common.pickers import Choice, NameCompleter, SearchPicker, org_picker

VILLAGES = ["Đông Hòa", "Đồng Tâm", "Đông", "Đoài", "Đồng Xuân"]


@pytest.fixture
def cells(conn):
    made = {}
    for village in VILLAGES:
        made[village] = organisations.create(conn, NewOrganisation(f"Chi bộ thôn {village}", "chi_bo_co_so", "thon"))
    for number in (1, 10, 2):
        made[number] = organisations.create(
            conn, NewOrganisation(f"Chi bộ tổ dân phố số {number}", "chi_bo_co_so", "thon"))
    for place in ("Bến Ngự", "Gò Mít"):
        parent = organisations.create(conn, NewOrganisation(f"Đảng bộ Hợp tác xã {place}", "dang_bo_co_so"))
        made[place] = organisations.create(
            conn, NewOrganisation("Chi bộ Văn phòng", "chi_bo_truc_thuoc", parent_id=parent.id))
    return made


def _picker(qtbot, conn) -> SearchPicker:
    picker = org_picker(conn, lambda o: o.is_cell)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    picker.setFocus()
    return picker


def _type(qtbot, picker: SearchPicker, text: str) -> None:
    line = picker.lineEdit()
    line.selectAll()
    type_text(line, text)


def _shown(picker: SearchPicker) -> list[str]:
    rows = picker.finder.rows
    return [rows.index(r, 0).data() for r in range(rows.rowCount())]


def test_cells_are_listed_in_tree_order_with_numbers_by_value(qtbot, conn, cells):
    picker = _picker(qtbot, conn)
    labels = [picker.itemText(i) for i in range(picker.count())]
    numbered = [label for label in labels if "số" in label]
    assert numbered == ["Chi bộ tổ dân phố số 1", "Chi bộ tổ dân phố số 2", "Chi bộ tổ dân phố số 10"]
    assert picker.currentIndex() == -1 and picker.value() is None     # nothing chosen in advance


@pytest.mark.parametrize("typed", ["Chi bộ thôn Đông", "thon dong", "THÔN ĐÔNG", "chi bo thon dong"])
def test_typing_a_cell_lands_on_that_exact_cell(qtbot, conn, cells, typed):
    """Issue 12: typing "Chi bộ thôn Đông" landed on another cell."""
    picker = _picker(qtbot, conn)
    _type(qtbot, picker, typed)
    assert "Chi bộ thôn Đông" in _shown(picker)
    qtbot.keyClick(picker.finder.popup(), Qt.Key.Key_Return)
    picker.settle()
    assert picker.currentData() == cells["Đông"].id
    assert picker.value() == cells["Đông"].id
    assert picker.currentText() == "Chi bộ thôn Đông"


def test_the_popup_shows_what_the_words_match_without_diacritics(qtbot, conn, cells):
    picker = _picker(qtbot, conn)
    _type(qtbot, picker, "dong")
    assert _shown(picker) == ["Chi bộ thôn Đông", "Chi bộ thôn Đông Hòa", "Chi bộ thôn Đồng Tâm",
                              "Chi bộ thôn Đồng Xuân"]
    assert picker.finder.popup().isVisible()


def test_choosing_a_line_of_the_popup_picks_that_line(qtbot, conn, cells):
    picker = _picker(qtbot, conn)
    _type(qtbot, picker, "dong")
    popup = picker.finder.popup()
    for _ in range(3):
        qtbot.keyClick(popup, Qt.Key.Key_Down)     # the third line: Chi bộ thôn Đồng Tâm
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.currentData() == cells["Đồng Tâm"].id
    assert picker.currentText() == "Chi bộ thôn Đồng Tâm"
    picker.settle()                              # leaving the field keeps it
    assert picker.value() == cells["Đồng Tâm"].id


@pytest.mark.parametrize(("typed", "message"), [
    ("thon d", "khớp với 5 tổ chức đảng"),
    ("thôn Bắc", "Không có tổ chức đảng nào khớp với “thôn Bắc”"),
])
def test_an_ambiguous_or_unknown_text_picks_nothing_and_says_why(qtbot, conn, cells, typed, message):
    picker = _picker(qtbot, conn)
    picker.set_value(cells["Đoài"].id)                 # a choice made earlier must not be kept silently
    refusals: list[str] = []
    picker.refused.connect(refusals.append)
    picker.setEditText(typed)
    assert not picker.settle()
    assert message in refusals[0]
    assert picker.currentData() is None and picker.currentText() == typed
    with pytest.raises(UserError, match=message):
        picker.value()


def test_leaving_the_field_settles_it(qtbot, conn, cells):
    picker = _picker(qtbot, conn)
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    _type(qtbot, picker, "so 1")
    picker.finder.popup().hide()
    other.setFocus()
    QApplication.processEvents()
    assert picker.currentData() == cells[1].id and picker.currentText() == "Chi bộ tổ dân phố số 1"


def test_namesakes_are_told_apart_by_their_parent(qtbot, conn, cells):
    picker = _picker(qtbot, conn)
    assert picker.findText("Chi bộ Văn phòng – Đảng bộ Hợp tác xã Gò Mít") >= 0
    picker.setEditText("Chi bộ Văn phòng")
    with pytest.raises(UserError, match="khớp với 2 tổ chức đảng"):
        picker.value()
    picker.setEditText("van phong go mit")
    assert picker.value() == cells["Gò Mít"].id


def test_a_view_picker_goes_back_to_what_it_held(qtbot, conn, cells):
    picker = org_picker(conn, lambda o: o.is_cell, selected=cells["Đoài"].id, keep_previous=True)
    qtbot.addWidget(picker)
    picker.setEditText("thôn Bắc")
    assert not picker.settle()
    assert picker.currentData() == cells["Đoài"].id and picker.currentText() == "Chi bộ thôn Đoài"


PEOPLE = ["Nguyễn Thị Bích", "Trần Ngọc Bích", "Lê Bích Hằng", "Phạm Thị Bích", "Vũ Văn Bình"]


def test_a_person_picker_folds_diacritics(qtbot):
    """Issue 12: in the Chỉ thị 05 picker "bich" found 0 people and "Bích" 4."""
    picker = SearchPicker("đảng viên")
    qtbot.addWidget(picker)
    picker.set_choices([Choice(f"{name} – Chi bộ thôn Đông", n, name) for n, name in enumerate(PEOPLE)])
    picker.show()
    for typed in ("bich", "Bích", "BICH"):
        _type(qtbot, picker, typed)
        assert len(_shown(picker)) == 4, typed
    picker.setEditText("vu van binh")
    assert picker.value() == 4
    picker.setEditText("Trần Ngọc Bích")
    assert picker.value() == 1


def test_a_free_text_picker_keeps_a_name_from_outside_and_spells_a_member_right(qtbot):
    picker = SearchPicker("người", free_text=True)
    qtbot.addWidget(picker)
    picker.set_choices([Choice(name, name) for name in PEOPLE])
    picker.setEditText("Đồng chí Bí thư Đảng ủy")
    assert picker.settle() and picker.currentText() == "Đồng chí Bí thư Đảng ủy"
    picker.setEditText("tran ngoc bich")
    assert picker.settle() and picker.currentText() == "Trần Ngọc Bích"


def test_a_name_field_suggests_members_without_diacritics(qtbot):
    line = QLineEdit()
    qtbot.addWidget(line)
    line.show()
    completer = NameCompleter(line, PEOPLE)
    qtbot.keyClicks(line, "bich")
    assert completer.rows.rowCount() == 4


@pytest.mark.parametrize("typed", ["Chi bộ", "Chi bộ thôn Đ"])
def test_enter_never_takes_the_line_qt_lit_up_by_itself(qtbot, conn, cells, typed):
    """Qt lights the first line that begins with the text; Enter must read the text, not take that line."""
    picker = _picker(qtbot, conn)
    _type(qtbot, picker, typed)
    qtbot.keyClick(picker.finder.popup(), Qt.Key.Key_Return)
    assert picker.currentData() is None
    with pytest.raises(UserError, match="Hãy gõ đầy đủ hơn"):
        picker.value()


def test_enter_in_a_name_field_keeps_what_was_typed(qtbot):
    line = QLineEdit()
    qtbot.addWidget(line)
    line.show()
    completer = NameCompleter(line, PEOPLE)
    type_text(line, "Trần")                           # Qt lights "Trần Ngọc Bích", which begins with it
    assert completer.popup().isVisible()
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert line.text() == "Trần" and not completer.popup().isVisible()


def test_filling_a_long_list_leaves_none_alone(qtbot):
    """PySide6 6.12.0's QComboBox.addItem drops a reference to None per call: 5,000 people aborted the program."""
    picker = SearchPicker("đảng viên")
    qtbot.addWidget(picker)
    choices = [Choice(f"Nguyễn Văn An {n}", n) for n in range(3000)]
    gc.collect()            # other tests' garbage, collected half way, would free thousands of references
    gc.disable()
    try:
        before = sys.getrefcount(None)
        picker.set_choices(choices)
        picker.set_value(2999)
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert picker.value() == 2999 and picker.count() == 3000
    assert after >= before - 100


def test_coming_into_the_box_selects_its_text_so_typing_replaces_it(qtbot, conn, cells):
    picker = org_picker(conn, lambda o: o.is_cell, selected=cells["Đoài"].id)
    qtbot.addWidget(picker)
    other = QLineEdit()
    qtbot.addWidget(other)
    picker.show()
    other.show()
    other.setFocus()
    picker.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: picker.lineEdit().selectedText() == "Chi bộ thôn Đoài")
    type_text(picker.lineEdit(), "thon dong")
    assert picker.currentText() == "thon dong"
