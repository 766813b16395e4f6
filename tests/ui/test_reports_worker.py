"""The Báo cáo tab and the home screen's figures panel on a real file: the figures are computed by a Worker
on its own connection, a placeholder shows at once, the window keeps processing events, Dừng stops the job,
and printing and exporting write whole files (issue 12, issue 13: a usable screen at once)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from pypdf import PdfReader

from models.demo.generate import generate
from models.storage import db
from ui.common import files
from ui.home.figures_panel import FiguresPanel
from ui.reports import reports_view
from ui.reports.reports_view import ReportsView

YEAR = 2025


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "demo.sqlite"
    conn = db.open_db(path, create=True)
    generate(conn, members=60, seed=9, today=dt.date(2026, 11, 20))
    db.close(conn)
    return path


@pytest.fixture
def conn(demo_path):
    connection = db.open_db(demo_path)
    yield connection
    db.close(connection)


@pytest.fixture
def view(qtbot, conn):
    widget = ReportsView(conn)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.set_year(YEAR)
    return widget


def _wait_for_figures(qtbot, view) -> None:
    qtbot.waitUntil(lambda: view.data is not None and view.stack.currentWidget() is view.pages, timeout=20000)


def test_the_tab_shows_a_placeholder_then_the_figures_from_a_worker(qtbot, view, monkeypatch):
    threads = []
    release = threading.Event()
    slow = reports_view.reports.year_report

    def year_report(*args, **kwargs):
        threads.append(threading.current_thread())
        release.wait(10)                    # a big commune: the screen must not wait for it
        return slow(*args, **kwargs)

    monkeypatch.setattr(reports_view.reports, "year_report", year_report)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)      # the job is running, the window is shown
    assert view.stack.currentWidget() is view.placeholder and view.placeholder.text() == "Đang tính…"
    assert view.stop_button.isVisible() and view.progress_bar.isVisible()
    qtbot.wait(50)                                            # the window keeps processing events meanwhile
    release.set()
    _wait_for_figures(qtbot, view)
    assert threads and threads[0] is not threading.main_thread()
    assert view.title.text().startswith(f"Số liệu năm {YEAR} – ")
    assert view.model.rowCount() > 10 and not view.stop_button.isVisible()
    assert view.org_model.rowCount() == len(view.data["by_organisation"])
    assert all(chart.renderer().isValid() for chart in view.charts.values())


def test_a_quarter_shows_its_own_figures(qtbot, view):
    view.show()
    _wait_for_figures(qtbot, view)
    year_present = view.data["meetings"]["present"]
    view.set_period(quarter=2)
    qtbot.waitUntil(lambda: view.data is not None and view.data.get("quarter") == 2, timeout=20000)
    assert view.title.text().startswith(f"Số liệu quý II năm {YEAR}")
    assert 0 < view.data["meetings"]["present"] < year_present


def test_stop_leaves_the_placeholder_saying_so(qtbot, view, monkeypatch):
    release = threading.Event()

    def blocked(*args, **kwargs):
        release.wait(5)
        return {}

    monkeypatch.setattr(reports_view.reports, "year_report", blocked)
    view.show()
    qtbot.waitUntil(lambda: view.worker is not None, timeout=2000)
    view.stop_button.click()
    release.set()
    qtbot.waitUntil(lambda: "Đã dừng" in view.placeholder.text(), timeout=5000)
    assert view.data is None and not view.stop_button.isVisible()


def _saving_to(monkeypatch, out):
    """The save dialog answers ``out``; the files the program then opens are listed in what this returns."""
    opened = []
    monkeypatch.setattr(files, "ask_output_path", lambda parent, title, suggested, suffix: out)
    monkeypatch.setattr(files, "open_file", opened.append)
    return opened


def test_print_writes_the_periodic_report_in_a_worker(qtbot, view, tmp_path, monkeypatch):
    out = tmp_path / "bao-cao.pdf"
    opened = _saving_to(monkeypatch, out)
    view.show()
    _wait_for_figures(qtbot, view)
    view.set_period(month=3)
    qtbot.waitUntil(lambda: view.data is not None and view.data.get("month") == 3, timeout=20000)
    view.print_button.click()
    qtbot.waitUntil(lambda: opened == [out], timeout=30000)
    text = PdfReader(out).pages[0].extract_text()
    assert "tháng 3 năm 2025" in text and "-BC/ĐU" in text


def test_export_writes_the_workbook(qtbot, view, tmp_path, monkeypatch):
    out = tmp_path / "so-lieu.xlsx"
    opened = _saving_to(monkeypatch, out)
    view.show()
    _wait_for_figures(qtbot, view)
    view.excel_button.click()
    qtbot.waitUntil(lambda: opened == [out], timeout=30000)
    assert out.read_bytes()[:2] == b"PK"


def test_a_refused_period_says_why(qtbot, view):
    view.show()
    _wait_for_figures(qtbot, view)
    view.set_year(dt.date.today().year)
    view.set_period(month=dt.date.today().month)            # the month in progress: nothing is over yet
    qtbot.waitUntil(lambda: "chưa kết thúc" in view.placeholder.text(), timeout=20000)
    assert "chưa kết thúc" in view.error.text() and view.data is None


def test_the_figures_panel_fills_from_a_worker(qtbot, conn, demo_path):
    panel = FiguresPanel(conn, demo_path)
    qtbot.addWidget(panel)
    panel.resize(600, 700)
    panel.set_scope(None)
    panel.show()
    assert panel.stack.currentWidget() is panel.placeholder and panel.placeholder.text() == "Đang tính…"
    qtbot.waitUntil(lambda: panel.data is not None, timeout=20000)
    assert "Đảng viên:" in panel.figures.text() and "%" in panel.figures.text()
    assert panel.stack.currentIndex() == 1 and len(panel.charts) == 4
    assert all(c.renderer().isValid() for c in panel.charts.values())
    cell = next(r for r in panel.data["by_organisation"] if r["members"]["total"])
    panel.set_scope(cell["id"])
    qtbot.waitUntil(lambda: panel.data is not None and panel.data["scope"] == cell["name"], timeout=20000)
    assert panel.title.text().endswith(cell["name"])
