"""Long jobs run off the GUI thread (issue 13): the window keeps answering, Hủy stops the job and leaves no
file, a heavy screen shows "Đang tải…" and then its figures. These tests work on a real file (a worker opens
its own connection to it); the data is small, so they stay fast."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer

from models.commune import committee, organisations
from models.commune.organisations import NewOrganisation
from models.dues import ledger as dues
from models.dues.ledger import DuesProfile
from models.storage import db
from printing import registry
from tests.conftest import add_member
from ui import main_actions
from ui.common import files
from ui.common.job_progress import JobDialog, running_jobs
from ui.dues.dues_view import DuesView
from ui.main_window import MainWindow
from ui.study.study_view import StudyView

WAIT = 20_000
MARCH = dt.date(2026, 3, 1)     # the dues rules of 2026 know both groups used below


@pytest.fixture
def office(tmp_path):
    """A small commune in a real file: one cell with three members, two of them with dues declared."""
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", place_name="Phố Mới"))
    dong = organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    people = [add_member(conn, name, dong.id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
              for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")]
    dues.set_profile(conn, DuesProfile(people[0].id, MARCH, "luong", 5_000_000))
    dues.set_profile(conn, DuesProfile(people[1].id, MARCH, "khac_duoi_tuoi_huu", region="I"))
    yield {"conn": conn, "path": path, "dong": dong}
    db.close(conn)


@pytest.fixture
def window(qtbot, office, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(office["conn"], office["path"], settings, check_setup=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    qtbot.waitUntil(lambda: not running_jobs(), timeout=WAIT)


@pytest.fixture
def saving_to(monkeypatch, tmp_path):
    """The clerk saves the PDF as ``out/so.pdf``; opening it in a viewer is recorded instead of done."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "so.pdf"
    opened: list[object] = []
    monkeypatch.setattr(files, "ask_save_path", lambda *args: target)
    monkeypatch.setattr(files, "open_file", opened.append)
    return target, opened


def _render_waiting_for(monkeypatch, gate: threading.Event, threads: list[threading.Thread]) -> None:
    """The register's layout first waits for ``gate`` (so the test controls when the job can go on)."""
    real = registry.REGISTER.render

    def render(data, progress=None):
        threads.append(threading.current_thread())
        assert gate.wait(WAIT / 1000)
        return real(data, progress)
    monkeypatch.setattr(main_actions.registry, "REGISTER", dataclasses.replace(registry.REGISTER, render=render))


def test_the_window_keeps_answering_while_the_register_prints(qtbot, window, saving_to, monkeypatch):
    target, opened = saving_to
    gate, threads = threading.Event(), []
    _render_waiting_for(monkeypatch, gate, threads)
    window.print_register()
    [job] = running_jobs()
    assert isinstance(job, JobDialog) and job.isVisible() and job.cancel_button.text() == "Hủy"
    # The job can only finish after a timer of the GUI thread fired: the thread is free while the job works.
    QTimer.singleShot(50, gate.set)
    with qtbot.waitSignal(job.ended, timeout=WAIT) as ended:
        pass
    assert ended.args == ["done"]
    assert threads and threads[0] is not threading.main_thread()
    assert target.read_bytes().startswith(b"%PDF") and opened == [target]
    assert not job.isVisible()


def test_hủy_stops_the_register_and_leaves_no_file(qtbot, window, saving_to, monkeypatch):
    target, opened = saving_to
    gate, threads = threading.Event(), []
    _render_waiting_for(monkeypatch, gate, threads)
    window.print_register()
    [job] = running_jobs()
    qtbot.waitUntil(lambda: bool(threads), timeout=WAIT)   # the job is laying the register out
    job.cancel_button.click()
    assert job.step.text() == "Đang dừng…" and not job.cancel_button.isEnabled()
    gate.set()
    with qtbot.waitSignal(job.ended, timeout=WAIT) as ended:
        pass
    assert ended.args == ["cancelled"]
    assert list(target.parent.iterdir()) == [] and opened == []     # neither the PDF nor a temporary file
    assert "Đã hủy in sổ" in window.statusBar().currentMessage()


def test_a_failing_job_says_why_and_leaves_no_file(qtbot, window, saving_to, monkeypatch, unanswered_boxes):
    target, _opened = saving_to

    def broken(data):
        raise OSError("đĩa đầy")
    monkeypatch.setattr(main_actions.registry, "REGISTER", dataclasses.replace(registry.REGISTER, render=broken))
    window.print_register()
    [job] = running_jobs()
    with qtbot.waitSignal(job.ended, timeout=WAIT) as ended:
        pass
    assert ended.args == ["failed"] and list(target.parent.iterdir()) == []
    assert unanswered_boxes[-1][0] == "Không in được sổ" and "Xin lỗi" in unanswered_boxes[-1][1]


def test_excel_export_runs_as_a_job(qtbot, window, monkeypatch, tmp_path, unanswered_boxes):
    target = tmp_path / "ds.xlsx"
    monkeypatch.setattr(files, "ask_save_path", lambda *args: target)
    job = window.export_excel()
    assert job is not None and job.worker is not None
    with qtbot.waitSignal(job.ended, timeout=WAIT):
        pass
    assert target.read_bytes()[:2] == b"PK"
    assert unanswered_boxes[-1][0] == "Đã xuất Excel" and "3 đảng viên" in unanswered_boxes[-1][1]


def test_the_dues_screen_shows_a_placeholder_then_the_year(qtbot, office):
    view = DuesView(office["conn"])
    qtbot.addWidget(view)
    view.year_box.setValue(2026)
    assert view.is_loading()
    assert "Đang tải" in view.year_totals.text() and view.unpaid.rowCount() == 0
    with qtbot.waitSignal(view.loader.settled, timeout=WAIT):
        pass
    assert not view.is_loading()
    assert view.year_totals.text().startswith("Cả năm đến nay: phải nộp ")
    assert view.unpaid.rowCount() == 2        # An and Bình owe months; Cường has no amount declared


def test_a_newer_scope_supersedes_an_older_load(qtbot, office):
    view = DuesView(office["conn"])
    qtbot.addWidget(view)
    view.year_box.setValue(2026)
    view.set_scope(office["dong"].id)           # before the whole commune's figures came back
    with qtbot.waitSignal(view.loader.settled, timeout=WAIT):
        pass
    assert "Chi bộ thôn Đông" in view.scope_label.text()
    assert view.unpaid.rowCount() == 2 and view.unpaid_table.isColumnHidden(1)   # one cell: no cell column
    qtbot.wait(200)                              # the older load, if it still comes back, changes nothing
    assert view.unpaid_table.isColumnHidden(1)


def test_the_study_screen_loads_its_lists_and_rates_in_the_background(qtbot, office):
    view = StudyView(office["conn"])
    qtbot.addWidget(view)
    assert view.is_loading() and view.summary.text() == "Đang tải…"
    assert "đang tính" in view.ct05_stats.text()
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=WAIT)
    assert "chưa có buổi học tập nào" in view.summary.text()
    assert "cá nhân 0/3" in view.ct05_stats.text()      # three members on the roll, none registered


def test_escape_and_the_close_button_mean_hủy(qtbot, window, saving_to, monkeypatch):
    target, _opened = saving_to
    gate, threads = threading.Event(), []
    _render_waiting_for(monkeypatch, gate, threads)
    window.print_register()
    [job] = running_jobs()
    qtbot.keyClick(job, Qt.Key.Key_Escape)
    assert job.worker.is_cancelled and job.isVisible()      # the window stays until the job has stopped
    job.close()
    assert job.isVisible()
    gate.set()
    with qtbot.waitSignal(job.ended, timeout=WAIT) as ended:
        pass
    assert ended.args == ["cancelled"] and not target.exists()


def test_a_load_superseded_before_it_started_never_runs(qtbot, office, monkeypatch):
    asked: list[object] = []
    real = dues.year_stats

    def counted(conn, year, scope=None):
        asked.append(scope)
        return real(conn, year, scope)
    monkeypatch.setattr(dues, "year_stats", counted)
    view = DuesView(office["conn"])            # built for the whole commune…
    qtbot.addWidget(view)
    view.set_scope(office["dong"].id)           # …and scoped to a cell at once, as the main window does
    with qtbot.waitSignal(view.loader.settled, timeout=WAIT):
        pass
    assert asked == [[office["dong"].id]]       # the whole commune's figures were never read
