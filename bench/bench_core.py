"""Speed and memory of the everyday jobs on a large commune (DOMAIN.md: design 5,000 members,
stress 10,000). Prints one line per job with its time; not a test: run it and read the figures.

    .venv/bin/python bench/bench_core.py [--members 10000] [--keep FILE]

Targets: search as you type and a page of the member list well under 0.1 s; a whole-commune report,
check or register in a few seconds; the demo build itself is only a fixture.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import main  # noqa: E402
from models.commune import organisations  # noqa: E402
from models.people import member_list  # noqa: E402
from models.people.member_list import MemberFilter  # noqa: E402
from models.storage import db  # noqa: E402

SEARCHES = ("ng", "nguyen", "nguyễn văn", "thi h", "PT", "hoa", "đức")


@contextlib.contextmanager
def timed(label: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    print(f"{label:<58} {time.perf_counter() - start:8.3f} s")


def quiet(command: Callable[[], int]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return command()


def bench_models(path: Path) -> None:
    conn = db.open_db(path)
    try:
        everyone = MemberFilter()
        with timed("danh sách: mọi đảng viên theo thứ tự tên (find_ids)"):
            ids = member_list.find_ids(conn, everyone)
        with timed("danh sách: một trang 200 dòng (load)"):
            member_list.load(conn, ids[:200])
        for text in SEARCHES:
            with timed(f"tìm khi gõ “{text}”"):
                found = member_list.find_ids(conn, MemberFilter(text=text))
            print(f"{'':<4}→ {len(found)} người")
        first_cell = next(o for o in organisations.all_organisations(conn) if o.is_cell)
        with timed(f"danh sách một chi bộ ({first_cell.name})"):
            member_list.find_ids(conn, MemberFilter(org_id=first_cell.id))
        with timed("sổ danh sách toàn Đảng bộ theo thứ tự sổ (register_order)"):
            member_list.register_order(conn, everyone)
    finally:
        conn.close()


def bench_commands(path: Path, year: int, month: str, out: Path) -> None:
    db_arg = ["--db", str(path)]
    jobs = [
        ("members --json", ["members", *db_arg, "--json"]),
        ("members --search nguyen", ["members", *db_arg, "--search", "nguyen"]),
        (f"report {year} --json", ["report", str(year), *db_arg, "--json"]),
        ("check", ["check", *db_arg]),
        (f"meetings --month {month} --json", ["meetings", *db_arg, "--month", month, "--json"]),
        ("print register (toàn Đảng bộ)", ["print", "register", *db_arg, "-o", str(out / "register.pdf")]),
        (f"print review-summary {year}", ["print", "review-summary", str(year), *db_arg,
                                          "-o", str(out / "summary.pdf")]),
        ("export-members", ["export-members", str(out / "ds.xlsx"), *db_arg]),
    ]
    for label, argv in jobs:
        with timed(f"lệnh {label}"):
            status = quiet(lambda argv=argv: main.run(argv))
        if status != 0:
            print(f"{'':<4}→ mã thoát {status}")


def main_bench() -> None:
    parser = argparse.ArgumentParser(description="Đo tốc độ trên dữ liệu mẫu lớn.")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--keep", help="dùng lại (hoặc giữ lại) tệp dữ liệu mẫu này")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        path = Path(args.keep) if args.keep else out / "bench.sqlite"
        if not path.exists():
            with timed(f"tạo dữ liệu mẫu {args.members} đảng viên"):
                quiet(lambda: main.run(["demo", str(path), "--members", str(args.members)]))
        today = dt.date.today()
        bench_models(path)
        bench_commands(path, today.year - 1, f"{today.year}-{today.month - 1 or 1:02d}", out)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'bộ nhớ dùng nhiều nhất':<58} {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main_bench()
