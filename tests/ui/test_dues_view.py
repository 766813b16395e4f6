"""The Đảng phí screen, driven through its real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit

from models import periods
from models.dues import ledger as dues
from models.dues.ledger import DuesProfile
from tests.conftest import add_member
from ui.common import widgets
from ui.dues.dues_models import SheetTableModel, UnpaidTableModel
from ui.dues.dues_view import DuesView

MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def cell(commune):
    conn = commune["conn"]
    people = [add_member(conn, name, commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
              for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")]
    dues.set_profile(conn, DuesProfile(people[0].id, MARCH, "luong", 5_000_000))
    dues.set_profile(conn, DuesProfile(people[1].id, MARCH, "khac_duoi_tuoi_huu", region="I"))
    return {**commune, "people": people}


@pytest.fixture
def view(qtbot, cell):
    widget = DuesView(cell["conn"])
    qtbot.addWidget(widget)
    widget.year_box.setValue(2026)
    widget.month_box.setCurrentIndex(2)
    widget.set_scope(cell["dong"].id)
    widget.resize(1100, 640)
    widget.show()
    return widget


def _row(view, name):
    return next(i for i, r in enumerate(view.sheet.rows) if r.full_name == name)


def test_models_pass_the_model_tester(qtmodeltester, view):
    qtmodeltester.check(view.sheet)
    qtmodeltester.check(view.unpaid)
    assert view.unpaid.rowCount() == 2       # An and Bình owe March; Cường has no amount declared


def test_sheet_lists_the_cell_with_due_amounts(view):
    shown = [(view.sheet.data(view.sheet.index(r, SheetTableModel.NAME)),
              view.sheet.data(view.sheet.index(r, SheetTableModel.DUE))) for r in range(view.sheet.rowCount())]
    assert shown == [("Nguyễn Văn An", "50.000"), ("Trần Thị Bình", "15.930"), ("Lê Văn Cường", "chưa khai báo")]
    assert "Phải nộp: 65.930 đồng · Đã thu: 0 đồng" in view.totals.text()
    assert "1 người chưa khai báo" in view.totals.text()
    assert "tháng 3 năm 2026" in view.scope_label.text()


def test_typing_a_payment_updates_the_total(qtbot, view, cell):
    row = _row(view, "Trần Thị Bình")
    index = view.sheet.index(row, SheetTableModel.PAID)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = view.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.setText("10.000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)        # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: dues.payment(cell["conn"], cell["people"][1].id, 2026, 3) is not None)
    assert dues.payment(cell["conn"], cell["people"][1].id, 2026, 3).amount_paid == 10_000
    assert "Đã thu: 10.000 đồng" in view.totals.text()
    assert "Nộp đủ: 0/3" in view.totals.text()


def test_space_on_paid_in_full_records_the_due(qtbot, view, cell):
    row = _row(view, "Nguyễn Văn An")
    index = view.sheet.index(row, SheetTableModel.FULL)
    view.table.setFocus()
    view.table.setCurrentIndex(index)
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    assert view.sheet.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert dues.cell_month_total(cell["conn"], cell["dong"].id, 2026, 3) == 50_000
    assert "Đã thu: 50.000 đồng" in view.totals.text() and "Nộp đủ: 1/3" in view.totals.text()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)          # untick: nothing paid after all
    assert "Đã thu: 0 đồng" in view.totals.text()


def test_a_bad_amount_is_refused_with_a_vietnamese_message(monkeypatch, view, cell):
    warnings = []
    monkeypatch.setattr(widgets.ask, "warn", lambda parent, title, text: warnings.append(text))
    index = view.sheet.index(_row(view, "Nguyễn Văn An"), SheetTableModel.PAID)
    assert view.sheet.setData(index, "năm mươi nghìn") is False
    assert "không phải là số tiền" in warnings[0]
    assert dues.payment(cell["conn"], cell["people"][0].id, 2026, 3) is None


def test_profile_dialog_sets_the_missing_amount(view, cell):
    def fill(dialog: QDialog) -> int:
        dialog.group.setCurrentIndex(dialog.group.findData("hoc_sinh"))
        assert "5.000 đồng" in dialog.preview.text()
        dialog.accept()
        return dialog.result()

    view.exec_dialog = fill
    view.table.selectRow(_row(view, "Lê Văn Cường"))
    view.edit_profile()
    assert view.sheet.rows[_row(view, "Lê Văn Cường")].due == 5_000
    assert "Phải nộp: 70.930 đồng" in view.totals.text()


def test_profile_dialog_keeps_errors_in_the_dialog(qtbot, cell):
    from ui.dues.dues_profile_dialog import DuesProfileDialog

    saved = []
    dialog = DuesProfileDialog(cell["people"][2].id, "Lê Văn Cường", MARCH, None,
                               lambda p: saved.append(dues.set_profile(cell["conn"], p)))
    qtbot.addWidget(dialog)
    dialog.group.setCurrentIndex(dialog.group.findData("luong"))
    dialog.basis.setText("")
    dialog.accept()
    assert saved == [] and "tiền lương" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.basis.setText("6.000.000")
    dialog.reduction.setCurrentIndex(dialog.reduction.findData(50))
    assert "30.000 đồng" in dialog.preview.text()
    dialog.accept()
    assert saved and saved[0].reduction_pct == 50 and saved[0].reduction_months == 12


def test_whole_cell_paid_in_one_go(monkeypatch, view, cell):
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: True)
    view.all_paid_button.click()
    assert dues.cell_month_total(cell["conn"], cell["dong"].id, 2026, 3) == 65_930
    assert "Nộp đủ: 2/3" in view.totals.text()


def test_commune_scope_hides_the_sheet_and_lists_debtors(view, cell):
    conn = cell["conn"]
    teacher = add_member(conn, "Phạm Thị Dung", cell["teachers"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    dues.set_profile(conn, DuesProfile(teacher.id, dt.date(2026, 1, 1), "luong", 7_000_000))
    dues.pay_in_full(conn, teacher.id, 2026, 1)
    view.set_scope(None)
    assert not view.sheet_panel.isVisible()
    assert "Toàn Đảng bộ" in view.scope_label.text()
    listed = {view.unpaid.data(view.unpaid.index(r, 0)): view.unpaid.data(view.unpaid.index(r, 1))
              for r in range(view.unpaid.rowCount())}
    assert listed == {"Nguyễn Văn An": "thôn Đông", "Trần Thị Bình": "thôn Đông", "Phạm Thị Dung": "Giáo viên"}
    assert not view.unpaid_table.isColumnHidden(1)
    assert view.unpaid.rows[0].full_name == "Phạm Thị Dung"        # the most months first (from February)
    assert view.unpaid.data(view.unpaid.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert "chi bộ xem xét theo Điều 8" in view.removal_note.text()
    view.set_scope(cell["teachers"].id)
    assert view.unpaid_table.isColumnHidden(1)
    assert [r.full_name for r in view.unpaid.rows] == ["Phạm Thị Dung"]


def test_fits_a_small_screen(view):
    assert view.minimumSizeHint().width() <= 1100
    QApplication.processEvents()
    assert view.table.horizontalScrollBar().maximum() == 0


def test_unpaid_model_alone(qtmodeltester):
    model = UnpaidTableModel()
    model.set_rows([dues.UnpaidMember(1, "Nguyễn Văn An", 1, (1, 2, 3))], {1: "Chi bộ thôn Đông"}, 3)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 2)) == "3 tháng (1, 2, 3)"
    assert model.data(model.index(0, 1)) == "thôn Đông"
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert "Chi bộ thôn Đông" in tip and "Điều 8" in tip


def test_group_column_is_short_and_the_tooltip_says_it_all(view):
    an, cuong = _row(view, "Nguyễn Văn An"), _row(view, "Lê Văn Cường")
    group = SheetTableModel.GROUP
    assert view.sheet.data(view.sheet.index(an, group)) == "Hưởng lương"
    assert "1% tiền lương" in view.sheet.data(view.sheet.index(an, group), Qt.ItemDataRole.ToolTipRole)
    assert view.sheet.data(view.sheet.index(cuong, group)) == "Chưa khai báo"
    QApplication.processEvents()
    shown = view.sheet.data(view.sheet.index(_row(view, "Trần Thị Bình"), group))
    assert shown == "Khác, dưới tuổi hưu"
    assert view.table.fontMetrics().horizontalAdvance(shown) < view.table.columnWidth(group)


def test_short_reasons():
    from ui.dues.dues_models import short_reason
    assert short_reason("Hưởng lương (1% tiền lương đóng BHXH), giảm 50%") == "Hưởng lương, giảm 50%"
    assert short_reason("Khác, từ tuổi nghỉ hưu (0,2% lương tối thiểu vùng)") == "Khác, từ tuổi hưu"
    assert short_reason("Miễn: có từ 50 năm tuổi đảng") == "Miễn đảng phí"
    assert short_reason("Mức đóng đã khai báo không còn áp dụng; hãy khai báo lại") == "Cần khai báo lại"


def test_no_debtor_note_is_not_red(view, cell):
    assert "#8e2b20" in view.removal_note.styleSheet()   # An and Bình owe: shown as a warning
    for person in cell["people"][:2]:
        for month in range(3, 13):              # their amounts are declared from March
            dues.pay_in_full(cell["conn"], person.id, 2026, month)
    view.refresh()
    assert view.removal_note.text().startswith("Không có đảng viên nào")
    assert "#8e2b20" not in view.removal_note.styleSheet()


@pytest.mark.parametrize(("field", "text", "message"), [
    ("basis", "năm triệu", "không phải là số tiền"),
    ("valid_from", "31/02/2026", "31/02/2026"),
    ("valid_from", "", "Hãy nhập ngày bắt đầu"),
])
def test_profile_dialog_refuses_bad_input_and_saves_nothing(qtbot, cell, field, text, message):
    from ui.dues.dues_profile_dialog import DuesProfileDialog

    member = cell["people"][2].id
    dialog = DuesProfileDialog(member, "Lê Văn Cường", MARCH, None, lambda p: dues.set_profile(cell["conn"], p))
    qtbot.addWidget(dialog)
    dialog.group.setCurrentIndex(dialog.group.findData("luong"))
    dialog.basis.setText("6.000.000")
    getattr(dialog, field).setText(text)
    dialog.accept()
    assert message in dialog.error.text()
    assert message not in dialog.preview.text()          # said once, on the red line
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dues.profile_on(cell["conn"], member, dt.date(2026, 12, 1)) is None
    dialog.note.setText("x")
    dialog.basis.setText("6.000.001")                     # correcting clears the refusal
    assert dialog.error.text() == ""


@pytest.mark.parametrize("scope", ["school", None])
def test_debtor_list_needs_no_sideways_scrolling(qtbot, view, cell, scope):
    """At 1366×768 the section gets about 1066 px beside the tree; the debtor list must show every column."""
    teacher = add_member(cell["conn"], "Phạm Thị Dung", cell["teachers"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    dues.set_profile(cell["conn"], DuesProfile(teacher.id, dt.date(2026, 1, 1), "luong", 7_000_000))
    view.resize(1066, 650)
    view.set_scope(cell[scope].id if scope else None)
    QApplication.processEvents()
    assert view.unpaid.rowCount() >= 1 and not view.unpaid_table.isColumnHidden(UnpaidTableModel.ORG)
    assert view.unpaid_table.horizontalScrollBar().maximum() == 0
    assert view.unpaid_table.columnWidth(UnpaidTableModel.NAME) >= 140
    # four unpaid months read whole ("3 tháng (8, 9, …" was cut at 105 px)
    assert view.unpaid_table.columnWidth(UnpaidTableModel.MONTHS) >= view.unpaid_table.fontMetrics().horizontalAdvance(
        "4 tháng (8, 9, 10, 11)")


def test_debtor_title_says_the_month_being_collected_is_not_counted(view):
    view.year_box.setValue(dt.date.today().year)
    over = periods.months_over(dt.date.today().year)
    assert (f"(đến hết tháng {over[-1]})" in view.unpaid_box.title()) if 0 < len(over) < 12 else (
        "(đến hết" not in view.unpaid_box.title())
    view.year_box.setValue(dt.date.today().year - 1)
    assert view.unpaid_box.title().startswith(f"Chưa nộp đủ năm {dt.date.today().year - 1}: ")


def test_profile_dialog_alt_letters_are_unique(qtbot, cell):
    from tests.ui.test_study_view import alt_letters
    from ui.dues.dues_profile_dialog import DuesProfileDialog

    dialog = DuesProfileDialog(cell["people"][2].id, "Lê Văn Cường", MARCH, None, lambda p: p)
    qtbot.addWidget(dialog)
    letters = alt_letters(dialog)
    assert len(letters) >= 6 and len(letters) == len(set(letters)), letters


def test_alt_h_reaches_the_month(view):
    label = next(w for w in view.findChildren(QLabel) if w.text() == "T&háng:")
    assert label.buddy() is view.month_box
