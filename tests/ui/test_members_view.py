"""The member list: search as you type, filters, SQL sorting and the page cache."""

from __future__ import annotations

import datetime as dt

import pytest

from models.people import member_list, members
from models.people.member_events import Event
from tests.conftest import add_member
from ui.common.widgets import ask
from ui.members import event_dialog
from ui.members.member_table_model import COL_NAME, COL_ORG, COL_SENIORITY, PAGE_SIZE, MemberTableModel
from ui.members.member_timeline import EventTableModel
from ui.members.members_view import MembersView


@pytest.fixture
def people(commune):
    conn = commune["conn"]
    an = add_member(conn, "Nguyễn Văn Ân", commune["dong"].id, dt.date(1990, 5, 1), dt.date(1991, 5, 1),
                    gender="Nam", birth_date=dt.date(1960, 1, 2), card_number="01234567")
    duc = add_member(conn, "Trần Minh Đức", commune["teachers"].id, dt.date(2010, 3, 1), dt.date(2011, 3, 1),
                     gender="Nam", birth_date=dt.date(1985, 6, 7))
    hoa = add_member(conn, "Lê Thị Hoa", commune["teachers"].id, dt.date(2025, 12, 1),
                     gender="Nữ", birth_date=dt.date(2000, 2, 3))
    return {**commune, "an": an, "duc": duc, "hoa": hoa}


def names(model) -> list[str]:
    return [model.data(model.index(row, COL_NAME)) for row in range(model.rowCount())]


def test_model_passes_qtmodeltester(qtmodeltester, people):
    model = MemberTableModel(people["conn"])
    qtmodeltester.check(model)
    model.sort(COL_ORG)
    qtmodeltester.check(model)


def test_model_shows_vietnamese_name_order_and_seniority(people):
    model = MemberTableModel(people["conn"])
    assert names(model) == ["Nguyễn Văn Ân", "Trần Minh Đức", "Lê Thị Hoa"]
    row = model.row_of(people["an"].id)
    expected = members.seniority_years(people["conn"], people["an"].id, dt.date.today())
    assert model.data(model.index(row, COL_SENIORITY)) == str(expected)
    assert model.data(model.index(row, COL_ORG)) == "Chi bộ thôn Đông"


def test_typing_in_search_filters_the_table(qtbot, people):
    view = MembersView(people["conn"])
    qtbot.addWidget(view)
    assert view.model.rowCount() == 3
    qtbot.keyClicks(view.search, "duc")          # no diacritics, lower case
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert names(view.model) == ["Trần Minh Đức"]
    assert "1 đảng viên" in view.count_label.text()
    view.search.clear()
    view.search.setText("0123")                  # card number prefix
    qtbot.waitUntil(lambda: names(view.model) == ["Nguyễn Văn Ân"], timeout=2000)


def test_filters_and_scope(qtbot, people):
    view = MembersView(people["conn"])
    qtbot.addWidget(view)
    view.set_scope(people["school"].id)            # the đảng bộ with its chi bộ trực thuộc
    assert sorted(names(view.model)) == ["Lê Thị Hoa", "Trần Minh Đức"]
    view.standing.setCurrentIndex(view.standing.findData("du_bi"))
    assert names(view.model) == ["Lê Thị Hoa"]
    view.standing.setCurrentIndex(0)
    view.gender.setCurrentIndex(view.gender.findData("Nam"))
    assert names(view.model) == ["Trần Minh Đức"]
    view.set_scope(None)
    assert sorted(names(view.model)) == ["Nguyễn Văn Ân", "Trần Minh Đức"]
    view.gender.setCurrentIndex(0)
    view.age_min.setValue(60)
    view.apply_filter()
    assert names(view.model) == ["Nguyễn Văn Ân"]


def test_header_click_sorts_in_sql(qtbot, people):
    view = MembersView(people["conn"])
    qtbot.addWidget(view)
    view.table.sortByColumn(COL_SENIORITY, view.table.horizontalHeader().sortIndicatorOrder().DescendingOrder)
    assert names(view.model)[0] == "Nguyễn Văn Ân"   # the longest tuổi đảng first
    view.table.sortByColumn(COL_SENIORITY, view.table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
    assert names(view.model)[0] == "Lê Thị Hoa"


def test_page_cache_loads_only_what_is_shown(conn, commune):
    for i in range(PAGE_SIZE * 3):
        add_member(conn, f"Phạm Văn Số{i:04d}", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    model = MemberTableModel(conn)
    assert model.rowCount() == PAGE_SIZE * 3
    assert model.loaded_pages() == 0
    assert model.data(model.index(PAGE_SIZE * 2 + 5, COL_NAME)).startswith("Phạm Văn Số")
    assert model.loaded_pages() == 1


def test_timeline_marks_corrections(qtbot, qtmodeltester, people, monkeypatch):
    conn = people["conn"]
    hoa = people["hoa"].id
    members.add_event(conn, hoa, Event("tam_di", dt.date(2026, 1, 5), other_place="Hà Nội"))
    view = MembersView(conn)
    qtbot.addWidget(view)
    view.select_member(hoa)
    assert view.events_model.rowCount() == 2
    view.history.selectRow(1)
    monkeypatch.setattr(event_dialog, "ask_reason", lambda *a: "ghi nhầm người")
    view.correct_event()
    model = view.events_model
    assert model.rowCount() == 3
    notes = [model.data(model.index(r, 4)) for r in range(3)]
    assert any("ĐÃ ĐÍNH CHÍNH" in n and "ghi nhầm người" in n for n in notes)
    assert any(n.startswith("hủy “Chuyển sinh hoạt tạm thời đi”") for n in notes)
    assert members.get(conn, hoa).status == "dang_sinh_hoat"
    qtmodeltester.check(model)


def test_correcting_twice_is_refused(qtbot, people, monkeypatch):
    conn = people["conn"]
    duc = people["duc"].id
    view = MembersView(conn)
    qtbot.addWidget(view)
    view.select_member(duc)
    view.history.selectRow(1)   # chuyển chính thức
    shown = []
    monkeypatch.setattr(event_dialog, "ask_reason", lambda *a: "ghi nhầm ngày")
    monkeypatch.setattr(ask, "info", lambda parent, title, text: shown.append(text))
    view.correct_event()
    assert members.get(conn, duc).standing == "du_bi"
    assert len(members.events(conn, duc)) == 3
    row = next(r for r in range(view.events_model.rowCount())
               if view.events_model.event_at(r).kind == "chuyen_chinh_thuc")
    view.history.selectRow(row)
    view.correct_event()
    assert len(members.events(conn, duc)) == 3
    assert shown and "đã được đính chính" in shown[0]


def test_empty_timeline_model(qtmodeltester):
    qtmodeltester.check(EventTableModel())


def test_seniority_of_skips_nothing(people):
    ids = [people["an"].id, people["hoa"].id]
    found = member_list.seniority_of(people["conn"], ids, dt.date(2026, 12, 1))
    assert found[people["hoa"].id] == 1 and found[people["an"].id] == 36


def test_enter_on_a_row_opens_the_editor(qtbot, people, monkeypatch):
    from PySide6.QtCore import Qt

    from ui.members import members_view

    opened = []

    def exec_(self):
        opened.append(self.member.full_name)
        self.fields["hometown"].setText("Nam Định")
        self.accept()
        return self.result()

    monkeypatch.setattr(members_view.MemberDialog, "exec", exec_)
    view = MembersView(people["conn"])
    qtbot.addWidget(view)
    view.show()
    view.select_member(people["duc"].id)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == ["Trần Minh Đức"]
    assert members.get(people["conn"], people["duc"].id).details.hometown == "Nam Định"
    assert view.selected_member_id() == people["duc"].id     # the edited row stays chosen


def test_enter_in_search_goes_to_the_first_match(qtbot, people):
    from PySide6.QtCore import Qt

    view = MembersView(people["conn"])
    qtbot.addWidget(view)
    view.show()
    view.search.setText("hoa")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.model.rowCount() == 1
    assert view.selected_member_id() == people["hoa"].id
    assert "Lê Thị Hoa" in view.history_title.text()
