"""Small shared widgets: two resizable panes, a line of text asked for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel

from ui.common.widgets import ask_text, two_panes


def test_two_panes_share_a_growing_window_by_their_stretch(qtbot):
    first, second = QLabel("danh sách"), QLabel("chi tiết")
    splitter = two_panes(first, second, vertical=True, stretch=(3, 1), sizes=(300, 100))
    qtbot.addWidget(splitter)
    assert splitter.orientation() == Qt.Orientation.Vertical
    assert splitter.widget(0) is first and splitter.widget(1) is second
    assert first.sizePolicy().verticalStretch() == 3 and second.sizePolicy().verticalStretch() == 1
    splitter.resize(200, 400)
    splitter.show()
    qtbot.waitExposed(splitter)
    upper, lower = splitter.sizes()
    assert upper > lower


def test_two_panes_side_by_side_without_stretch_by_default(qtbot):
    splitter = two_panes(QLabel("a"), QLabel("b"))
    qtbot.addWidget(splitter)
    assert splitter.orientation() == Qt.Orientation.Horizontal
    assert splitter.widget(0).sizePolicy().horizontalStretch() == 0


def test_ask_text_names_its_buttons_and_returns_the_typed_line_or_none(monkeypatch):
    seen = []

    def fake_exec(dialog: QInputDialog) -> int:
        seen.append((dialog.windowTitle(), dialog.labelText(), dialog.okButtonText(), dialog.cancelButtonText()))
        dialog.setTextValue("ghi nhầm ngày")
        return answers.pop(0)

    answers = [QDialog.DialogCode.Accepted.value, QDialog.DialogCode.Rejected.value]
    monkeypatch.setattr(QInputDialog, "exec", fake_exec)
    assert ask_text(None, "Đính chính", "Lý do:", "Đồng ý", "Hủy") == "ghi nhầm ngày"
    assert ask_text(None, "Đính chính", "Lý do:", "Đồng ý", "Hủy") is None
    assert seen[0] == ("Đính chính", "Lý do:", "Đồng ý", "Hủy")


def test_year_and_month_boxes_start_on_today(qtbot):
    import datetime as dt

    from ui.common.widgets import month_box, year_box

    today = dt.date.today()
    years, months = year_box(), month_box()
    qtbot.addWidget(years)
    qtbot.addWidget(months)
    assert (years.value(), years.minimum(), years.maximum()) == (today.year, 2000, today.year + 1)
    assert months.count() == 12 and months.currentIndex() + 1 == today.month
    assert months.itemText(0) == "Tháng 1"
