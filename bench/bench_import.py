"""Excel at commune scale (issue 13): the whole commune exported to .xlsx, then those 10,000 rows imported into
a file holding the same organisations and no member, as the window does it: read the sheet, preview (the
import run on a private copy), then the import itself.

    .venv/bin/python bench/bench_import.py [--db FILE] [--members 10000]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from pathlib import Path

from benchlib import DEFAULT_DEMO, demo_file, figure, machine, quiet, timed

import main
from models.excel import excel_import
from models.storage import db

# What an empty commune takes from the demo: its committee and its organisations, nothing else.
KEPT_TABLES = ("committee", "organisations", "committee_signers")


def empty_commune(demo: Path, folder: Path) -> Path:
    """A new data file with the demo's organisations and no member: where an office imports its list first."""
    path = folder / "empty.sqlite"
    db.open_db(path).close()   # a new file, its schema made by the program itself
    raw = sqlite3.connect(path)
    raw.execute("ATTACH DATABASE ? AS demo", [str(demo)])
    for table in KEPT_TABLES:   # names of our own schema, not of user text
        raw.execute(f"DELETE FROM main.{table}")
        raw.execute(f"INSERT INTO main.{table} SELECT * FROM demo.{table}")
    raw.commit()
    raw.execute("DETACH DATABASE demo")
    raw.close()
    return path


def main_bench() -> None:
    parser = argparse.ArgumentParser(description="Đo tốc độ xuất, nhập Excel trên dữ liệu mẫu lớn.")
    parser.add_argument("--db", type=Path, default=DEFAULT_DEMO)
    parser.add_argument("--members", type=int, default=10_000)
    args = parser.parse_args()
    machine()
    demo = demo_file(args.db, args.members)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sheet_file = folder / "ds.xlsx"
        with timed("xuất Excel toàn Đảng bộ (export-members)"):
            status = quiet(lambda: main.run(["export-members", str(sheet_file), "--db", str(demo)]))
        if status:
            raise SystemExit(f"export-members: mã thoát {status}")
        figure("    cỡ tệp .xlsx", f"{sheet_file.stat().st_size / 1e6:.1f} MB")
        target = empty_commune(demo, folder)
        conn = db.open_db(target)
        try:
            with timed("nhập: đọc tệp Excel") as read:
                sheet = excel_import.read_sheet(sheet_file)
            figure("    số dòng", f"{len(sheet.rows):,}")
            with timed("nhập: xem trước (chạy thử trên bản sao)") as checked:
                preview = excel_import.preview(conn, sheet)
            with timed("nhập: ghi vào sổ (một giao dịch)") as written:
                result = excel_import.commit(conn, sheet, expected_rows=preview.accepted_rows)
            steps = (read, checked, written)
            figure(f"nhập {len(sheet.rows):,} dòng: đọc + xem trước + ghi",
                   f"{sum(s[0] for s in steps):.3f} s  (CPU {sum(s[1] for s in steps):7.3f} s)", "≤ 10 s")
            figure("    đã nhập / bị từ chối", f"{result.accepted:,} / {len(result.rejected):,}")
        finally:
            conn.close()


if __name__ == "__main__":
    main_bench()
