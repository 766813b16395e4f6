"""Báo cáo: the year's figures for the chosen scope, the warnings beside them, and copying it all for Word."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.conftest import add_member
from ui.reports.reports_view import ReportsView, ReportTableModel

LAST_YEAR = dt.date.today().year - 1     # a whole year: 12 monthly meetings expected of every cell


@pytest.fixture
def people(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn Ân", commune["dong"].id, dt.date(1990, 5, 1), dt.date(1991, 5, 1), gender="Nam")
    add_member(conn, "Lê Thị Hoa", commune["teachers"].id, dt.date(2010, 3, 1), dt.date(2011, 3, 1), gender="Nữ")
    add_member(conn, "Trần Thị Mai", commune["teachers"].id, dt.date(2012, 3, 1), dt.date(2013, 3, 1), gender="Nữ")
    return commune


@pytest.fixture
def view(qtbot, people):
    widget = ReportsView(people["conn"])
    qtbot.addWidget(widget)
    widget.set_year(LAST_YEAR)
    return widget


def figure(view: ReportsView, item: str) -> str:
    model = view.model
    for row in range(model.rowCount()):
        if model.index(row, 1).data().startswith(item):
            return str(model.index(row, 2).data())
    raise AssertionError(f"no row {item!r}")


def warnings(view: ReportsView) -> list[str]:
    return [view.warnings.item(i).text() for i in range(view.warnings.count())]


def test_the_years_figures_for_the_whole_commune(view, qtmodeltester):
    assert view.year == LAST_YEAR and view.model.rowCount() > 0    # choosing the year computed it
    assert view.title.text() == f"Số liệu năm {LAST_YEAR} – Đảng bộ xã Phố Mới"
    assert figure(view, "Tổng số đảng viên") == "3"
    assert figure(view, "Nam / Nữ") == "1 / 2"
    assert figure(view, "Tổng số tổ chức đảng") == "3"
    assert figure(view, "Buổi sinh hoạt thường kỳ") == "0/24 buổi"
    assert figure(view, "Tỷ lệ đảng viên dự họp") == "–"           # nothing to divide by, never 0%
    section_column = [view.model.index(r, 0).data() for r in range(view.model.rowCount())]
    assert section_column[:2] == ["Tổ chức đảng", ""]            # a section is named once
    qtmodeltester.check(view.model)


def test_warnings_name_the_cells_short_of_meetings(view):
    shown = warnings(view)
    assert len(shown) == 1 and view.warnings_label.text() == "Cảnh báo (1)"
    assert "0/24 buổi" in shown[0] and "Chi bộ thôn Đông thiếu 12" in shown[0]
    assert "Chi bộ Giáo viên (Đảng bộ Trường THCS Phố Mới) thiếu 12" in shown[0]


def test_choosing_an_organisation_scopes_the_report(view, people, qtbot):
    view.show()
    qtbot.waitExposed(view)
    view.set_scope(people["school"].id)            # the school's đảng bộ with its chi bộ trực thuộc
    qtbot.waitUntil(lambda: "Đảng bộ Trường THCS" in view.title.text(), timeout=2000)
    assert figure(view, "Tổng số đảng viên") == "2" and figure(view, "Nam / Nữ") == "0 / 2"
    assert "Chi bộ thôn Đông" not in " ".join(warnings(view))
    view.set_scope(None)
    qtbot.waitUntil(lambda: view.title.text().endswith("Đảng bộ xã Phố Mới"), timeout=2000)
    assert figure(view, "Tổng số đảng viên") == "3"


def test_hidden_report_waits_until_shown(qtbot, people):
    view = ReportsView(people["conn"])
    qtbot.addWidget(view)
    view.set_scope(people["dong"].id)              # a big commune takes seconds: not while hidden
    qtbot.wait(20)
    assert view.data is None or view.data["scope"] is None
    view.show()
    qtbot.waitUntil(lambda: view.data is not None and view.data["scope"] == "Chi bộ thôn Đông", timeout=2000)
    assert figure(view, "Tổng số đảng viên") == "1"


def test_nothing_to_warn_says_so(qtbot, conn):
    view = ReportsView(conn)                        # a fresh file: no cells, so no meetings are expected
    qtbot.addWidget(view)
    view.refresh()
    assert warnings(view) == ["Không có cảnh báo."] and view.warnings_label.text() == "Cảnh báo"
    assert figure(view, "Tổng số đảng viên") == "0"


def test_copy_puts_figures_and_warnings_on_the_clipboard(view):
    QGuiApplication.clipboard().clear()
    view.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith(f"SỐ LIỆU NĂM {LAST_YEAR} – Đảng bộ xã Phố Mới")
    assert "  Tổng số tổ chức đảng: 3" in text and "Cảnh báo (1):" in text and "Chi bộ thôn Đông thiếu 12" in text


def test_empty_report_model(qtmodeltester):
    model = ReportTableModel()
    qtmodeltester.check(model)
    model.set_rows([("Đảng viên", "Tổng số", "1.379"), ("Đảng viên", "Dự bị", "43")])
    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "" and model.index(0, 2).data() == "1.379"
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Chỉ tiêu"
