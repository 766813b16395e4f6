"""Speed of the year report and the periodic report on a large commune (issue 13).

    .venv/bin/python bench/bench_report.py [--db FILE] [--year 2025] [--repeat 3]

Prints the time of ``report YEAR --json`` (the whole command, in this process), the time of a plain Python
pass that reads every row of every table the report draws on, their ratio (target ≤ 1.5 and ≤ 1 s), and the
time to gather and print the periodic report PDF of the year. The commune is the bench scripts' shared demo
(made once when missing) or --db FILE; the file is only read.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchlib import DEFAULT_DEMO, demo_file  # noqa: E402

import main  # noqa: E402


def tables_read(path: Path, year: int) -> list[str]:
    """Every table the year report reads, as SQLite's authorizer reports them while it computes (a list kept by
    hand went stale as the report grew)."""
    from models.reporting import reports
    from models.storage import db

    conn = db.open_db(path, read_only=True)
    seen: set[str] = set()

    def note(action: int, table: str | None, *_rest: object) -> int:
        if action == sqlite3.SQLITE_READ and table:
            seen.add(table)
        return sqlite3.SQLITE_OK

    conn.set_authorizer(note)
    reports.year_report(conn, year)
    conn.close()
    return sorted(seen)


def plain_read(path: Path, tables: list[str]) -> None:
    """What any Python program pays to see the data at all: every row of the report's tables, as tuples."""
    conn = sqlite3.connect(path)
    for table in tables:
        for _row in conn.execute(f"SELECT * FROM {table}"):  # noqa: S608 - names SQLite reported
            pass
    conn.close()


def best_of(repeat: int, job: Callable[[], object]) -> float:
    """The best of some runs, in processor seconds: on a shared machine the wall clock measures the neighbours
    (the wall clock of an idle machine is within a few percent of it; SQLite reads run in this process)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        job()
        times.append(time.process_time() - start)
    return min(times)


def quiet(argv: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main.main(argv)
    if code != 0:
        raise SystemExit(f"lệnh {' '.join(argv)} thất bại (mã {code})")


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=DEFAULT_DEMO)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.db = demo_file(args.db, args.members)
    quiet(["report", str(args.year), "--db", str(args.db), "--json"])   # warm the imports and the file cache
    report = best_of(args.repeat, lambda: quiet(["report", str(args.year), "--db", str(args.db), "--json"]))
    tables = tables_read(args.db, args.year)
    plain = best_of(args.repeat, lambda: plain_read(args.db, tables))
    print(f"report {args.year} --json                      {report:8.3f} s")
    print(f"đọc thẳng mọi dòng các bảng báo cáo dùng      {plain:8.3f} s  ({len(tables)} bảng: {', '.join(tables)})")
    print(f"tỷ lệ báo cáo / đọc thẳng                     {report / plain:8.2f} ×  (mục tiêu ≤ 1,5 × và ≤ 1 s)")
    pdf = _periodic_pdf(args.db, args.year)
    if pdf is not None:
        print(f"print report {args.year} (báo cáo năm, PDF)          {pdf:8.3f} s")


def _periodic_pdf(path: Path, year: int) -> float | None:
    try:
        from printing.registry import DOCUMENTS
    except ImportError:
        return None
    if not any(d.name == "report" for d in DOCUMENTS):
        return None
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.sqlite"   # printing takes a document number: never in the measured file
        source = sqlite3.connect(path)
        target = sqlite3.connect(copy)
        source.backup(target)
        source.close()
        target.close()
        out = Path(folder) / "bao-cao.pdf"
        return best_of(1, lambda: quiet(["print", "report", str(year), "--db", str(copy), "-o", str(out)]))


if __name__ == "__main__":
    main_bench()
