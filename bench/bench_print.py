"""Printing at commune scale (issue 13): minutes of one meeting and 60 in a batch, review forms for 5,000
members, the whole-commune register. Each document is gathered from the database and laid out to PDF bytes
in this process, as the window's workers do; the file is not written.

    .venv/bin/python bench/bench_print.py [--db FILE] [--members 10000] [--year 2025] [--forms 5000]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from benchlib import DEFAULT_DEMO, demo_file, figure, machine, pages, timed

from models.storage import db
from printing import registry


def bench_minutes(conn, batch: int) -> None:  # type: ignore[no-untyped-def]
    ids = [r[0] for r in conn.execute("SELECT id FROM meetings ORDER BY held_on DESC, id LIMIT ?", [batch])]
    with timed("biên bản một buổi, lần đầu (nạp reportlab, phông chữ)", "≤ 0,15 s"):
        registry.MINUTES.render(registry.MINUTES.gather(conn, meeting_id=ids[0]))
    one, cpu = [], []
    for meeting_id in ids[:10]:
        start, cpu_start = time.perf_counter(), time.process_time()
        registry.MINUTES.render(registry.MINUTES.gather(conn, meeting_id=meeting_id))
        one.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    figure("biên bản một buổi (trung vị 10 buổi)",
           f"{statistics.median(one):.3f} s  (CPU {statistics.median(cpu):7.3f} s)", "≤ 0,15 s")
    printed = 0
    with timed(f"biên bản {len(ids)} buổi liền một lượt", "≤ 3 s"):
        for meeting_id in ids:
            printed += pages(registry.MINUTES.render(registry.MINUTES.gather(conn, meeting_id=meeting_id)))
    figure("    số trang", f"{printed:,}")


def bench_forms(conn, year: int, count: int) -> None:  # type: ignore[no-untyped-def]
    ids = [r[0] for r in conn.execute("SELECT member_id FROM member_reviews WHERE year = ? AND reviewed "
                                      "ORDER BY member_id LIMIT ?", [year, count])]
    with timed(f"bản kiểm điểm {len(ids):,} đảng viên: lấy dữ liệu"):
        data = registry.REVIEW_FORMS.gather(conn, year=year, org_id=None, member_ids=ids)
    with timed(f"bản kiểm điểm {len(ids):,} đảng viên: dàn trang PDF"):
        pdf = registry.REVIEW_FORMS.render(data)
    figure(f"    {len(data.forms):,} bản, số trang", f"{pages(pdf):,}")


def bench_register(conn) -> None:  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), time.process_time()
    with timed("sổ danh sách toàn Đảng bộ: lấy dữ liệu"):
        data = registry.REGISTER.gather(conn, org_id=None)
    with timed("sổ danh sách toàn Đảng bộ: dàn trang PDF"):
        pdf = registry.REGISTER.render(data)
    figure("sổ danh sách toàn Đảng bộ: cả hai",
           f"{time.perf_counter() - start:.3f} s  (CPU {time.process_time() - cpu:7.3f} s)", "≤ 10 s")
    figure("    số trang", f"{pages(pdf):,}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Đo tốc độ in trên dữ liệu mẫu lớn.")
    parser.add_argument("--db", type=Path, default=DEFAULT_DEMO)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--forms", type=int, default=5_000)
    parser.add_argument("--batch", type=int, default=60)
    parser.add_argument("--only", choices=("minutes", "forms", "register"))
    args = parser.parse_args()
    machine()
    conn = db.open_db(demo_file(args.db, args.members))
    try:
        if args.only in (None, "minutes"):
            bench_minutes(conn, args.batch)
        if args.only in (None, "forms"):
            bench_forms(conn, args.year, args.forms)
        if args.only in (None, "register"):
            bench_register(conn)
    finally:
        conn.close()
    # the window prints in a worker of its own process: this is what a print adds to the window's memory
    figure("bộ nhớ dùng nhiều nhất (cả tiến trình)", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
