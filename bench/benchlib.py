"""What the bench scripts share: the demo file they measure (made once when missing) and a timer that prints.

Not a test: every script prints its figures and the targets of issue 13 next to them.
"""

from __future__ import annotations

import compileall
import contextlib
import io
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The program as a user runs it has its modules compiled (a user's Python keeps the .pyc files it writes; the
# bundle ships them). A machine whose environment sets PYTHONDONTWRITEBYTECODE would otherwise compile every
# module again in each measured first import: a tab's first open measured 100 ms more than a user sees.
sys.dont_write_bytecode = False
for package in ("models", "printing", "ui", "cli"):
    compileall.compile_dir(str(ROOT / package), quiet=1)
compileall.compile_file(str(ROOT / "main.py"), quiet=1)

DEFAULT_DEMO = Path(os.environ.get("SOCHIBO_BENCH_DB", "/tmp/sochibo-bench-10000.sqlite"))


def quiet(command: Callable[[], int]) -> int:
    """Run a command of main.run without its printing."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return command()


def demo_file(path: Path = DEFAULT_DEMO, members: int = 10_000) -> Path:
    """The demo commune of ``members`` members at ``path``, made on first use (about 80 s for 10,000)."""
    if not path.exists():
        import main

        print(f"(tạo dữ liệu mẫu {members:,} đảng viên ở {path} …)", flush=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        status = quiet(lambda: main.run(["demo", str(path), "--members", str(members)]))
        if status != 0:
            raise SystemExit(f"không tạo được dữ liệu mẫu (mã {status})")
    return path


def copy_of(path: Path, folder: Path, name: str = "copy.sqlite") -> Path:
    """A private copy of a data file (each measurement writes on its own copy)."""
    target = folder / name
    shutil.copyfile(path, target)
    return target


@contextlib.contextmanager
def timed(label: str, target: str = "") -> Iterator[list[float]]:
    """Print the seconds a block took, on the clock and of this process's CPU (the machine may be shared:
    CPU seconds are what the job itself costs), and the target it is held to; the list receives both."""
    seconds: list[float] = []
    start, cpu = time.perf_counter(), time.process_time()
    yield seconds
    seconds += [time.perf_counter() - start, time.process_time() - cpu]
    shown = f"   (mục tiêu {target})" if target else ""
    print(f"{label:<60} {seconds[0]:8.3f} s  (CPU {seconds[1]:7.3f} s){shown}", flush=True)


def pages(pdf: bytes) -> int:
    """The pages of a PDF reportlab made (each page object is spelled so once)."""
    return pdf.count(b"/Type /Page\n")


def figure(label: str, value: str, target: str = "") -> None:
    shown = f"   (mục tiêu {target})" if target else ""
    print(f"{label:<60} {value:>10}{shown}", flush=True)


def machine() -> None:
    """The machine the figures were taken on."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(f"máy: {platform.processor() or platform.machine()}, {os.cpu_count()} lõi, Python "
          f"{platform.python_version()}, tải trung bình 1 phút {load[0]:.2f}", flush=True)
