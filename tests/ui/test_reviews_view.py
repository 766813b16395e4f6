"""The review grid: a clerk enters a cell's review from the keyboard and sees the quota warning appear."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from models.people import members
from models.people.member_events import Event
from models.reviews import records as reviews
from tests.conftest import add_member
from tests.ui.keys import pick
from ui.common import files, widgets
from ui.reviews.review_table import MEMBER_COLUMNS, ORG_COLUMNS, ReviewTableModel
from ui.reviews.reviews_view import ReviewsView

D = dt.date
YEAR = dt.date.today().year
COL = {c.attr: i for i, c in enumerate(MEMBER_COLUMNS)}


@pytest.fixture
def asked(monkeypatch):
    """Replace the message boxes (the ask() seam): confirm says yes, messages are collected."""
    seen = []
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: seen.append(("confirm", text)) or True)
    monkeypatch.setattr(widgets.ask, "info", lambda parent, title, text: seen.append(("info", text)))
    monkeypatch.setattr(widgets.ask, "warn", lambda parent, title, text: seen.append(("warn", text)))
    return seen


@pytest.fixture
def cell(commune):
    conn, dong = commune["conn"], commune["dong"]
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Hoa"):
        add_member(conn, name, dong.id, D(2010, 3, 1), D(2011, 3, 1))
    add_member(conn, "Ngô Thị Mai", dong.id, dt.date.today())
    return commune


def type_into(qtbot, view, row, column, text):
    """Select a cell and type into it, as a clerk does: the key opens the editor, Enter commits."""
    table = view.member_table
    table.setCurrentIndex(view.member_model.index(row, column))
    table.setFocus()
    table.edit(view.member_model.index(row, column))
    editor = table.focusWidget()
    if hasattr(editor, "lineEdit") and editor.lineEdit() is not None:   # spin box
        editor.lineEdit().selectAll()
        qtbot.keyClicks(editor.lineEdit(), text)
    elif hasattr(editor, "findData"):                                    # level combo: 1–4 picks a level
        qtbot.keyClicks(editor, text)
    else:
        editor.selectAll()
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.member_table.state() != view.member_table.State.EditingState)  # Qt commits queued


def test_open_a_year_then_enter_a_cell_and_see_the_quota_warning(qtbot, cell, asked):
    conn = cell["conn"]
    view = ReviewsView(conn)
    qtbot.addWidget(view)
    view.show()
    assert "Chưa mở đợt đánh giá" in view.notice.text()
    view.open_button.click()
    assert asked[-1][0] == "info" and "Đã mở đợt đánh giá năm" in asked[-1][1]
    view.set_scope(cell["dong"].id)
    model = view.member_model
    names = [r.full_name for r in model.rows]
    assert names[:6] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
                         "Vũ Thị Hoa"]
    mai = names.index("Ngô Thị Mai")
    assert not model.flags(model.index(mai, COL["cell_level"])) & Qt.ItemFlag.ItemIsEditable
    assert "Không đánh giá: Kết nạp ngày" in model.data(model.index(mai, 2))
    # one HTXSNV and five HTTNV: within 20%
    type_into(qtbot, view, 0, COL["cell_level"], "1")
    for row in range(1, 6):
        type_into(qtbot, view, row, COL["cell_level"], "2")
    type_into(qtbot, view, 0, COL["self_score"], "95")
    type_into(qtbot, view, 0, COL["votes_for"], "6")
    assert [r.cell_level for r in model.rows[:6]] == ["HTXSNV"] + ["HTTNV"] * 5
    assert model.rows[0].self_score == 95 and model.rows[0].votes_for == 6
    assert not any(w.code == "quota" for w in view.current_warnings())
    # one more HTXSNV breaks the quota: the warning shows at once, before saving
    type_into(qtbot, view, 1, COL["cell_level"], "1")
    texts = [view.warning_list.item(i).text() for i in range(view.warning_list.count())]
    assert any("vượt tỷ lệ cho phép" in t and "Chi bộ thôn Đông" in t for t in texts), texts
    assert view.warning_title.text().startswith("Cảnh báo (")
    assert reviews.level_counts(conn, YEAR)["members"]["HTXSNV"] == 0   # nothing saved yet
    qtbot.keyClick(view.member_table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    counts = reviews.level_counts(conn, YEAR)["members"]
    assert (counts["HTXSNV"], counts["HTTNV"], counts["not_reviewed"]) == (2, 4, 1)
    assert not model.dirty
    stored = reviews.member_reviews(conn, YEAR, cell["dong"].id)[0]
    assert (stored.self_score, stored.votes_for) == (95, 6)


def test_a_bad_date_is_refused_beside_the_grid(qtbot, cell, asked):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    view = ReviewsView(conn)
    qtbot.addWidget(view)
    view.set_scope(cell["dong"].id)
    model = view.member_model
    assert not model.setData(model.index(0, COL["decision_date"]), "31/02/2026")
    assert "không có trên lịch" in view.error_label.text()
    assert model.setData(model.index(0, COL["decision_date"]), "5/1/2027")
    assert model.data(model.index(0, COL["decision_date"])) == "05/01/2027"


def test_unsaved_edits_are_offered_for_saving_when_changing_scope(qtbot, cell, asked, monkeypatch):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    view = ReviewsView(conn)
    qtbot.addWidget(view)
    view.set_scope(cell["dong"].id)
    view.member_model.setData(view.member_model.index(0, COL["cell_level"]), "HTNV")
    answers = ["cancel", "save"]
    monkeypatch.setattr(widgets.ask, "save_discard_cancel",
                        lambda parent, title, text: asked.append(("three-way", text)) or answers.pop(0))
    view.set_scope(None)
    assert view.scope == cell["dong"].id and view.member_model.dirty   # Hủy: nothing changes
    view.set_scope(None)
    assert view.scope is None
    assert asked[-1][0] == "three-way" and "của 1 đảng viên vừa nhập chưa lưu" in asked[-1][1]
    assert reviews.member_reviews(conn, YEAR, cell["dong"].id)[0].cell_level == "HTNV"


def test_print_the_ballot_and_minutes_from_the_screen(qtbot, cell, asked, monkeypatch, tmp_path):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    view = ReviewsView(conn)
    qtbot.addWidget(view)
    view.set_scope(cell["dong"].id)
    monkeypatch.setattr(files, "ask_save_path", lambda parent, title, suggested, flt: tmp_path / suggested)
    opened = []
    monkeypatch.setattr(files, "open_file", opened.append)
    view.print_buttons["ballot"].click()
    view.print_buttons["minutes"].click()
    assert [p.name for p in opened] == [f"Phiếu biểu quyết Chi bộ thôn Đông {YEAR}.pdf",
                                        f"Biên bản kiểm điểm Chi bộ thôn Đông {YEAR}.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in opened)
    view.member_table.setCurrentIndex(view.member_model.index(0, 0))
    view.print_buttons["form"].click()
    assert opened[-1].name == f"Bản kiểm điểm Nguyễn Văn An {YEAR}.pdf"


def test_printing_without_a_cell_says_what_to_do(qtbot, cell, asked, monkeypatch):
    reviews.open_review(cell["conn"], YEAR)
    view = ReviewsView(cell["conn"])
    qtbot.addWidget(view)
    view.set_scope(cell["school"].id)
    view.print_buttons["ballot"].click()
    assert asked[-1][0] == "warn" and "Hãy chọn một chi bộ" in asked[-1][1]


def test_table_models_pass_the_model_tester(qtmodeltester, cell):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    period = reviews.period(conn, YEAR)
    members = ReviewTableModel(MEMBER_COLUMNS)
    members.load(reviews.member_reviews(conn, YEAR), period.rule_set)
    qtmodeltester.check(members)
    orgs = ReviewTableModel(ORG_COLUMNS)
    orgs.load(reviews.org_reviews(conn, YEAR), period.rule_set)
    qtmodeltester.check(orgs)


def test_the_panel_counts_levels_and_shows_an_organisations_year(qtbot, cell, asked):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    binh = next(m for m in reviews.member_reviews(conn, YEAR) if m.full_name == "Trần Thị Bình")
    members.add_event(conn, binh.member_id, Event("ky_luat", D(YEAR, 1, 5), detail="khien_trach"))
    view = ReviewsView(conn)
    qtbot.addWidget(view)
    view.set_scope(cell["dong"].id)
    view.member_model.setData(view.member_model.index(0, COL["cell_level"]), "1")
    assert "6 đảng viên được đánh giá: 1\u00a0HTXSNV" in view.tally_label.text()
    assert "5 chưa xếp loại; 1 không đánh giá" in view.tally_label.text()
    view.tabs.setCurrentIndex(1)
    view.org_table.setCurrentIndex(view.org_model.index(0, 3))
    assert view.evidence_title.text() == f"Chi bộ thôn Đông – năm {YEAR}"
    assert "Đảng viên bị kỷ luật trong năm:</b> Trần Thị Bình" in view.evidence.text()
    assert "1\u00a0HTXSNV" in view.evidence.text()      # the unsaved proposal counts already
    assert "tổ chức được đánh giá" in view.tally_label.text()


def test_the_organisation_is_found_by_typing_and_a_bad_text_keeps_the_scope(qtbot, cell, asked):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    view = ReviewsView(conn)
    qtbot.addWidget(view)
    view.show()
    view.org_combo.setFocus()
    pick(view.org_combo, "thon dong")
    assert view.scope == cell["dong"].id and view.org_combo.currentText() == "Chi bộ thôn Đông"
    pick(view.org_combo, "thôn Bắc")                       # names no unit: the screen stays where it was
    assert view.scope == cell["dong"].id and view.org_combo.currentText() == "Chi bộ thôn Đông"
