"""Start-up (issue 13): the window shows without importing every screen, and the member list is read once."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.conftest import add_member
from ui import main_window
from ui.main_window import SECTIONS, MainWindow
from ui.members import member_table_model

ROOT = Path(__file__).resolve().parents[2]

# Every section's module but the home screen's, and what the heavy ones bring with them.
LATER = sorted({spec.partition(":")[0] for _title, spec in SECTIONS} - {main_window.HOME.partition(":")[0]})
HEAVY = ["reportlab", "openpyxl", "ui.main_actions", "printing.registry", "ui.reports.reports_view",
         "models.reporting.todo"]   # the to-do rules: the home screen's worker imports them
# What the first screen does not show or use, imported where it is first needed: the dialogs (first start,
# organisations, jobs, files, forms), the member records and the rules, the log's rotation module (with socket
# and pickle) and OpenSSL (hashlib).
NOT_AT_START = ["ui.first_start", "ui.organisations.org_dialogs", "ui.common.form_dialog", "ui.common.job_progress",
                "ui.common.files", "ui.common.pickers", "models.people.members",
                "models.rules", "logging.handlers", "socket", "hashlib", "ctypes"]

# A fresh interpreter: this test process has imported everything already.
OPEN_WINDOW = """
import json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
import main
import ui.app
after_import = sorted(sys.modules)
from models.storage import db
import ui.home.home_view
ui.home.home_view._compute = lambda *args: []   # what the worker runs (here, in memory, the GUI thread)
app = QApplication([])
window = ui.app.MainWindow(db.open_memory(), sys.argv[1], QSettings(sys.argv[2], QSettings.Format.IniFormat),
                           check_setup=False)
window.show()
app.processEvents()
print(json.dumps({"after_import": after_import, "window_shown": sorted(sys.modules),
                  "built": sorted(type(w).__module__ for w in window.sections.values())}))
"""


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def populated(commune):
    add_member(commune["conn"], "Nguyễn Văn Ân", commune["dong"].id, dt.date(1990, 5, 1), dt.date(1991, 5, 1))
    add_member(commune["conn"], "Trần Minh Đức", commune["teachers"].id, dt.date(2010, 3, 1), dt.date(2011, 3, 1))
    return commune


def _modules_at_start(tmp_path: Path) -> dict[str, list[str]]:
    import json

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", OPEN_WINDOW, str(tmp_path / "xa.sqlite"), str(tmp_path / "s.ini")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    answer: dict[str, list[str]] = json.loads(run.stdout.strip().splitlines()[-1])
    return answer


def _loaded(modules: list[str], names: list[str]) -> list[str]:
    return [name for name in names if any(m == name or m.startswith(name + ".") for m in modules)]


def test_the_window_shows_without_importing_the_other_screens(tmp_path):
    """Importing every screen (and reportlab, Excel and the printing with them) was half of the start."""
    modules = _modules_at_start(tmp_path)
    assert len(LATER) == len(SECTIONS) - 1
    assert _loaded(modules["after_import"], LATER + HEAVY + [main_window.HOME.partition(":")[0]]) == []
    assert modules["built"] == ["ui.home.home_view"]
    assert _loaded(modules["window_shown"], LATER + HEAVY) == []


def test_the_window_shows_without_the_dialogs_and_machinery_it_does_not_use(tmp_path):
    """Each of these was imported with the window, together a third of its start beyond a bare window (issue 13)."""
    assert _loaded(_modules_at_start(tmp_path)["window_shown"], NOT_AT_START) == []


def test_each_section_is_imported_and_built_when_its_tab_is_first_shown(qtbot, populated, settings, tmp_path):
    window = MainWindow(populated["conn"], tmp_path / "xa.sqlite", settings, check_setup=False)
    qtbot.addWidget(window)
    assert list(window.sections) == [0]
    window.go_to_section(main_window.section_index(main_window.MEMBERS))
    assert main_window.is_section(window.sections[1], main_window.MEMBERS)
    assert not main_window.is_section(window.sections[0], main_window.MEMBERS)
    assert main_window.section_index(type(window.sections[1])) == 1   # the class finds its tab too


def test_the_member_list_is_read_once_when_its_tab_first_opens(qtbot, populated, settings, tmp_path, monkeypatch):
    """The list was read five times as the screen was built (the model, two sorts, the filter, the scope):
    at 10,000 members 0.75 s where one read takes 0.15 s."""
    reloads: list[int] = []
    reload = member_table_model.MemberTableModel.reload
    monkeypatch.setattr(member_table_model.MemberTableModel, "reload",
                        lambda model: (reloads.append(1), reload(model))[1])
    window = MainWindow(populated["conn"], tmp_path / "xa.sqlite", settings, check_setup=False)
    qtbot.addWidget(window)
    window.show()
    assert reloads == []                                   # the window opens on Việc cần làm
    view = window.show_members()
    assert len(reloads) == 1 and view.model.rowCount() == 2
    view.apply_filter()                                    # nothing changed: nothing read
    window.set_scope(None)
    assert len(reloads) == 1
    add_member(populated["conn"], "Lê Thị Hoa", populated["dong"].id, dt.date(2015, 1, 1), dt.date(2016, 1, 1))
    view.refresh()                                         # a real change: read again, once
    assert len(reloads) == 2 and view.model.rowCount() == 3
    window.org_panel.select_org(populated["dong"].id)      # another scope: read again, once
    assert len(reloads) == 3 and view.model.rowCount() == 2
    view.table.sortByColumn(0, view.table.horizontalHeader().sortIndicatorOrder())   # the order it has
    assert len(reloads) == 3


def test_back_to_the_whole_commune_over_unchanged_data_reads_nothing_again(qtbot, populated, settings, tmp_path,
                                                                             monkeypatch):
    """Issue 13: back from a cell to the whole commune blocked the window 0.4–0.5 s at 10,000 members; the ids,
    the organisations' names and the status bar's counts were all read again though nothing had changed."""
    from models.people import member_list

    finds: list[int] = []
    counts: list[int] = []
    find_ids, counts_by_org = member_list.find_ids, member_list.counts_by_org
    monkeypatch.setattr(member_list, "find_ids", lambda *a, **k: (finds.append(1), find_ids(*a, **k))[1])
    monkeypatch.setattr(member_list, "counts_by_org",   # the status bar's counts (the tree's too: one read)
                        lambda *a, **k: (counts.append(1), counts_by_org(*a, **k))[1])
    window = MainWindow(populated["conn"], tmp_path / "xa.sqlite", settings, check_setup=False)
    qtbot.addWidget(window)
    window.show()
    view = window.show_members()
    window.org_panel.select_org(populated["dong"].id)
    finds.clear(), counts.clear()
    window.org_panel.select_org(None)                     # seen before, data unchanged: nothing read
    assert (finds, counts) == ([], [])
    assert view.model.rowCount() == 2 and window.count_label.text().startswith("Toàn Đảng bộ: 2 đảng viên")
    window.org_panel.select_org(populated["dong"].id)
    assert (finds, counts) == ([], []) and view.model.rowCount() == 1
    assert window.count_label.text().startswith("Chi bộ thôn Đông: 1 đảng viên")
    add_member(populated["conn"], "Lê Thị Hoa", populated["dong"].id, dt.date(2015, 1, 1), dt.date(2016, 1, 1))
    window.org_panel.select_org(None)                     # the data changed: read once each
    assert (len(finds), len(counts)) == (1, 1)
    assert view.model.rowCount() == 3 and window.count_label.text().startswith("Toàn Đảng bộ: 3 đảng viên")
