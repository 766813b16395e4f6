"""Printing time against text length (issue 11, point 4): one minutes' conclusion and task, and one member's
residence in the register, at growing lengths. Linear means the seconds per page stay flat. Not a test.

    .venv/bin/python bench/bench_long_text.py [--sizes 12000 48000 96000]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402

from printing.minutes import render_minutes  # noqa: E402
from printing.register import render_register  # noqa: E402
from tests.printing.long_samples import hostile, minutes_data, register_data  # noqa: E402


def long_minutes(length: int) -> object:
    return replace(minutes_data(20), conclusion=hostile(length), tasks=((hostile(length), "An", ""),))


def long_register(length: int) -> object:
    data = register_data(20)
    groups = tuple(replace(g, rows=tuple(replace(r, residence=hostile(length // 4)) for r in g.rows))
                   for g in data.groups)
    return replace(data, groups=groups)


def measure(label: str, render: Callable[[object], bytes], make: Callable[[int], object], sizes: list[int]) -> None:
    for size in sizes:
        data = make(size)
        start = time.perf_counter()
        pdf = render(data)
        seconds = time.perf_counter() - start
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(f"{label:<10} {size:>8,} ký tự {pages:>5} trang {seconds:8.2f} s {1000 * seconds / pages:8.1f} ms/trang")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[12_000, 48_000, 96_000])
    sizes = parser.parse_args().sizes
    measure("biên bản", render_minutes, long_minutes, sizes)
    measure("sổ ĐV", render_register, long_register, sizes)


if __name__ == "__main__":
    main()
