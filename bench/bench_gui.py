"""How long the window's GUI thread is blocked, tab by tab and during the long jobs, on a large commune.

    .venv/bin/python bench/bench_gui.py [--db BIG.sqlite] [--members 10000] [--skip-jobs]

Uses the demo commune the bench scripts share (benchlib.DEFAULT_DEMO, made once with ``--members``; ``--db``
takes another file) and works on a copy of it, offscreen. A QTimer heartbeat ticks every 10 ms; a gap between two
ticks is time the GUI thread could not answer the clerk. For each action it prints the longest such gap
(the stall: what the clerk feels, target ≤ 300 ms for a tab, ≤ 100 ms ideally) and the time until the data
is on screen (a tab may show "Đang tải…" first, which is fine). Then the long jobs (register, Excel export,
backup): total time and the longest stall while they ran. Last, the peak memory (ru_maxrss) of the process
after every tab was visited (target ≤ 300 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchlib import DEFAULT_DEMO, demo_file  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TICK_MS = 10


class Heartbeat:
    """Records the longest gap between ticks of a 10 ms timer: how long the GUI thread was busy at once."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.stalls: list[tuple[float, float, str]] = []   # (seconds from reset, length, what the screen said)
        self.started = self.last
        self.saying: Callable[[], str] = lambda: ""

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        self.longest = max(self.longest, gap)
        if gap > 0.1:
            self.stalls.append((self.last - self.started, gap, self.saying()))
        self.last = now

    def reset(self) -> None:
        self.last = self.started = time.perf_counter()
        self.longest = 0.0
        self.stalls = []


def run_until(beat: Heartbeat, action: Callable[[], object], ready: Callable[[], bool],
              timeout: float = 120.0) -> tuple[float, float]:
    """Run ``action`` inside the event loop, then wait until ``ready()``: (longest stall, seconds to ready)."""
    loop = QEventLoop()
    start = time.perf_counter()
    finished: list[float] = []

    def check() -> None:
        if ready() or time.perf_counter() - start > timeout:
            finished.append(time.perf_counter() - start)
            loop.quit()

    poll = QTimer()
    poll.setInterval(TICK_MS)
    poll.timeout.connect(check)
    beat.reset()
    QTimer.singleShot(0, action)
    poll.start()
    loop.exec()
    poll.stop()
    settle = QEventLoop()   # a few more ticks, so a stall right at the end is counted
    QTimer.singleShot(50, settle.quit)
    settle.exec()
    return beat.longest, finished[0]


def loaded(widget: QWidget | None) -> bool:
    """A section is usable with its data once it says it is not loading (older sections: once it exists)."""
    loading = getattr(widget, "is_loading", None)
    return widget is not None and not (callable(loading) and loading())


def line(label: str, stall: float, ready: float) -> None:
    print(f"{label:<52} chặn {stall * 1000:7.0f} ms   có dữ liệu sau {ready:6.2f} s", flush=True)


def bench_tabs(window, beat: Heartbeat, cell: int) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import SECTIONS

    for index, (title, _cls) in enumerate(SECTIONS):
        stall, ready = run_until(beat, lambda i=index: window.tabs.setCurrentIndex(i),
                                 lambda i=index: loaded(window.sections.get(i)))
        line(f"mở lần đầu: {title}", stall, ready)
    for index, (title, _cls) in enumerate(SECTIONS):
        window.tabs.setCurrentIndex(index)
        run_until(beat, lambda: None, lambda i=index: loaded(window.sections.get(i)))
        stall, ready = run_until(beat, lambda: window.org_panel.select_org(cell),
                                 lambda i=index: loaded(window.sections.get(i)))
        line(f"{title}: chọn một chi bộ", stall, ready)
        stall, ready = run_until(beat, lambda: window.org_panel.select_org(None),
                                 lambda i=index: loaded(window.sections.get(i)))
        line(f"{title}: về toàn Đảng bộ", stall, ready)


def bench_jobs(window, beat: Heartbeat, out: Path, args_verbose: bool) -> None:  # type: ignore[no-untyped-def]
    from ui.common import files
    from ui.common.widgets import ask

    try:
        from ui.common.job_progress import running_jobs
    except ImportError:          # before issue 13 the jobs ran on the GUI thread: done when the call returns
        def running_jobs() -> list[object]:
            return []

    files.open_file = lambda path: None
    ask.info = lambda *args: None
    ask.warn = lambda parent, title, text: print("   cảnh báo:", title, text)
    window.tabs.setCurrentIndex(0)
    window.org_panel.select_org(None)
    jobs: list[tuple[str, str, Callable[[], object]]] = [
        ("in sổ danh sách toàn Đảng bộ", "so.pdf", window.print_register),
        ("xuất Excel toàn Đảng bộ", "ds.xlsx", window.export_excel),
        ("sao lưu ngay", "", window.backup_now),
    ]
    for label, name, action in jobs:
        target = out / name if name else None
        files.ask_save_path = lambda *args, t=target: t
        beat.saying = lambda: " / ".join(job.step.text() for job in running_jobs() if hasattr(job, "step"))
        stall, seconds = run_until(beat, action, lambda: not running_jobs(), timeout=600)
        line(f"việc dài: {label}", stall, seconds)
        if args_verbose:
            for at, gap, saying in beat.stalls:
                print(f"{'':<6}chặn {gap * 1000:5.0f} ms lúc {at:6.2f} s  ({saying})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DEMO,
                        help="tệp dữ liệu lớn (mặc định: dữ liệu mẫu chung của bench/, tạo khi chưa có)")
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--skip-jobs", action="store_true", help="chỉ đo các phần (tab), không đo việc dài")
    parser.add_argument("--skip-tabs", action="store_true", help="chỉ đo việc dài")
    parser.add_argument("--stalls", action="store_true", help="in từng lần chặn > 100 ms của việc dài")
    args = parser.parse_args()
    source = demo_file(args.db, args.members)
    app = QApplication.instance() or QApplication(sys.argv)
    from models.commune import organisations
    from models.storage import db
    from ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "xa.sqlite"
        shutil.copy(source, work)
        conn = db.open_db(work)
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        beat = Heartbeat()
        beat.timer.start()
        started = time.perf_counter()
        window = MainWindow(conn, work, settings, check_setup=False)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        print(f"{'mở cửa sổ (phần Đảng viên)':<52} {time.perf_counter() - started:7.2f} s")
        cell = next(o.id for o in organisations.all_organisations(conn) if o.is_cell)
        if not args.skip_tabs:
            bench_tabs(window, beat, cell)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'bộ nhớ cao nhất sau khi mở mọi phần':<52} {peak:7.0f} MB")
        if not args.skip_jobs:
            bench_jobs(window, beat, Path(folder), args.stalls)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{'bộ nhớ cao nhất sau các việc dài':<52} {peak:7.0f} MB")
        window.close()
        db.close(conn)
    del app


if __name__ == "__main__":
    main()
