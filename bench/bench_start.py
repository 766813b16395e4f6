"""Start-up (issue 13): from launching the process to the main window shown with its event loop running, on the
10,000-member commune, against a bare PySide6 window measured in the same run (same machine, same moment).

    .venv/bin/python bench/bench_start.py [--db FILE] [--runs 5] [--platform offscreen]

Each start runs in a fresh process, alternating ours and the bare window; the medians are compared. The
first start of a day makes the day's backup of the file: it is done once before measuring.

The clock stops when the window's event loop first runs (the child prints the wall-clock time then), not when
the process ends: the home screen's to-do list and figures are computed in workers, and a process that quits
at once waits for them while Python shuts down, which is no part of starting (a window closed by the clerk
stops them first).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import DEFAULT_DEMO, ROOT, demo_file, figure, machine

# Both children print the wall-clock time when their event loop first runs with the window shown, then quit.
BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1200, 700)
window.show()
QTimer.singleShot(0, lambda: (print("READY", time.time(), flush=True), app.quit()))
app.exec()
"""

OURS = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
sys.path.insert(0, {root!r})
import main
app = QApplication([])
# runs once main's window is shown and its event loop started
QTimer.singleShot(0, lambda: (print("READY", time.time(), flush=True), app.quit()))
sys.exit(main.main(["--db", {db!r}]))
"""


def started(code: str, env: dict[str, str]) -> float:
    """Seconds from launching a Python process to its window's event loop running (it then quits)."""
    start = time.time()
    run = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    ready = next(line for line in run.stdout.splitlines() if line.startswith("READY "))
    return float(ready.split()[1]) - start


def main_bench() -> None:
    parser = argparse.ArgumentParser(description="Đo thời gian mở chương trình.")
    parser.add_argument("--db", type=Path, default=DEFAULT_DEMO)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen, xcb …)")
    args = parser.parse_args()
    machine()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        data = folder / "xa.sqlite"
        shutil.copyfile(demo_file(args.db, args.members), data)
        # a user's Python keeps the modules it compiled (this machine's setting may forbid it: then every start
        # would compile the whole program again)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {**env, "QT_QPA_PLATFORM": args.platform, "XDG_CONFIG_HOME": str(folder / "config"),
               "XDG_DATA_HOME": str(folder / "data"), "HOME": str(folder)}
        ours_code = OURS.format(root=str(ROOT), db=str(data))
        started(ours_code, env)     # the day's backup, the modules compiled, and a warm disk cache for both
        started(BARE, env)
        bare, ours = [], []
        for _ in range(args.runs):
            bare.append(started(BARE, env))
            ours.append(started(ours_code, env))
    figure("cửa sổ PySide6 trống (trung vị)", f"{statistics.median(bare):.3f} s")
    figure("Sổ Chi Bộ tới cửa sổ dùng được (trung vị)", f"{statistics.median(ours):.3f} s")
    figure("tỷ lệ", f"{statistics.median(ours) / statistics.median(bare):.2f} ×", "≤ 2 ×")


if __name__ == "__main__":
    main_bench()
