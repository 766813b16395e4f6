"""The event dialog: only valid next kinds, the fields each kind needs, invalid transitions refused."""

from __future__ import annotations

import datetime as dt

from models.commune import organisations
from models.commune.organisations import NewOrganisation
from models.people import members
from tests.conftest import add_member
from tests.ui.keys import pick
from ui.members.event_dialog import EventDialog


def kinds(dialog) -> list[str]:
    return [dialog.kind.itemData(i) for i in range(dialog.kind.count())]


def test_offers_only_valid_next_kinds(qtbot, commune):
    conn = commune["conn"]
    probationary = add_member(conn, "Lê Thị Hoa", commune["dong"].id, dt.date(2025, 12, 1))
    dialog = EventDialog(conn, probationary.id)
    qtbot.addWidget(dialog)
    offered = kinds(dialog)
    assert "chuyen_chinh_thuc" in offered and "ket_nap" not in offered and "het_tam_den" not in offered
    assert "ket_nap_lai" not in offered and "dinh_chinh" not in offered


def test_fields_follow_the_kind(qtbot, commune):
    conn = commune["conn"]
    member = add_member(conn, "Lê Thị Hoa", commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    dialog = EventDialog(conn, member.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("ky_luat"))
    assert dialog.level.isVisible() and not dialog.org.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData("chuyen_di"))
    assert dialog.org.isVisible() and not dialog.place.isVisible() and not dialog.level.isVisible()
    dialog.outside.setChecked(True)
    assert dialog.place.isVisible() and not dialog.org.isVisible()


def test_transfer_within_the_commune_is_saved(qtbot, commune):
    conn = commune["conn"]
    member = add_member(conn, "Lê Thị Hoa", commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    dialog = EventDialog(conn, member.id, save=lambda e: members.add_event(conn, member.id, e))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("chuyen_di"))
    dialog.org.setCurrentIndex(dialog.org.findData(commune["teachers"].id))
    dialog.date.setText("01/02/2026")
    dialog.decision_no.setText("15-QĐ/ĐU")
    dialog.accept()
    assert dialog.result() == 1
    assert members.get(conn, member.id).org_id == commune["teachers"].id


def test_invalid_transition_is_refused_with_the_models_message(qtbot, commune):
    conn = commune["conn"]
    member = add_member(conn, "Lê Thị Hoa", commune["dong"].id, dt.date(2025, 12, 1))
    dialog = EventDialog(conn, member.id, save=lambda e: members.add_event(conn, member.id, e))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("chuyen_chinh_thuc"))
    dialog.date.setText("01/01/2025")         # before admission: the history refuses it
    dialog.accept()
    assert dialog.result() == 0
    assert dialog.error.text().startswith("Không thể ghi “Chuyển đảng viên chính thức” ngày 01/01/2025")
    assert members.get(conn, member.id).standing == "du_bi"


def test_invalid_transition_refused_without_a_saver(qtbot, commune):
    conn = commune["conn"]
    member = add_member(conn, "Lê Thị Hoa", commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    dialog = EventDialog(conn, member.id)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("chuyen_di"))
    dialog.org.setCurrentIndex(dialog.org.findData(commune["dong"].id))   # the cell they are already in
    dialog.accept()
    assert dialog.result() == 0 and "tổ chức khác" in dialog.error.text()
    dialog.date.setText("35/01/2026")
    dialog.accept()
    assert "không có trên lịch" in dialog.error.text()


def test_discipline_level_is_recorded(qtbot, commune):
    conn = commune["conn"]
    member = add_member(conn, "Lê Thị Hoa", commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    dialog = EventDialog(conn, member.id, save=lambda e: members.add_event(conn, member.id, e))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("ky_luat"))
    dialog.level.setCurrentIndex(dialog.level.findData("canh_cao"))
    dialog.accept()
    assert dialog.result_value.detail == "canh_cao"
    assert members.state(conn, member.id).disciplines[-1][1] == "canh_cao"


def test_nothing_is_recorded_until_a_kind_is_chosen(qtbot, commune):
    conn = commune["conn"]
    member = add_member(conn, "Lê Thị Hoa", commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    dialog = EventDialog(conn, member.id, save=lambda e: members.add_event(conn, member.id, e))
    qtbot.addWidget(dialog)
    assert dialog.current_kind() == ""            # Enter on a fresh dialog must not record an exemption
    dialog.accept()
    assert dialog.result() == 0 and "Hãy chọn sự kiện" in dialog.error.text()
    assert [e.kind for e in members.events(conn, member.id)] == ["ket_nap", "chuyen_chinh_thuc"]


def test_transfer_needs_the_receiving_cell_chosen(qtbot, commune):
    conn = commune["conn"]
    member = add_member(conn, "Lê Thị Hoa", commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    dialog = EventDialog(conn, member.id, save=lambda e: members.add_event(conn, member.id, e))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("chuyen_di"))
    assert dialog.org.currentData() is None             # no silent first cell of the list
    dialog.accept()
    assert dialog.result() == 0 and "Hãy chọn tổ chức đảng" in dialog.error.text()
    assert members.get(conn, member.id).org_id == commune["dong"].id


def test_transfer_typed_without_diacritics_lands_on_that_cell(qtbot, commune):
    """Issue 12: typing “Chi bộ thôn Đông” in the event dialog landed on another cell."""
    conn = commune["conn"]
    organisations.create(conn, NewOrganisation("Chi bộ thôn Đông Hòa", "chi_bo_co_so", "thon"))
    member = add_member(conn, "Lê Thị Hoa", commune["teachers"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    dialog = EventDialog(conn, member.id, save=lambda e: members.add_event(conn, member.id, e))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("chuyen_di"))
    dialog.date.setText("01/02/2026")
    dialog.org.setFocus()
    pick(dialog.org, "thon dong")
    dialog.accept()
    assert dialog.result() == 1
    assert members.get(conn, member.id).org_id == commune["dong"].id
