"""The data file's size (issue 13): the demo commune as built, compacted, what each table holds, and the growth a
year of activity adds (meetings with attendance and speeches, dues, study, Chỉ thị 05, the year-end review).

    .venv/bin/python bench/bench_size.py [--db FILE] [--members 10000] [--year 2025]

The growth is measured, not guessed: a copy of the file without YEAR's activity, both compacted (VACUUM),
against the whole. The demo holds two years of activity; 2025 is a whole one.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
from pathlib import Path

from benchlib import DEFAULT_DEMO, demo_file, figure, machine

# A year's activity: (table, the rows of YEAR, as a condition on its own columns with ? for the year's text).
YEAR_ROWS = (
    ("meeting_attendance", "meeting_id IN (SELECT id FROM meetings WHERE substr(held_on, 1, 4) = ?)"),
    ("meeting_speeches", "meeting_id IN (SELECT id FROM meetings WHERE substr(held_on, 1, 4) = ?)"),
    ("meeting_followups", "meeting_id IN (SELECT id FROM meetings WHERE substr(held_on, 1, 4) = ?)"),
    ("meeting_tasks", "meeting_id IN (SELECT id FROM meetings WHERE substr(held_on, 1, 4) = ?)"),
    ("meeting_quality", "meeting_id IN (SELECT id FROM meetings WHERE substr(held_on, 1, 4) = ?)"),
    ("meetings", "substr(held_on, 1, 4) = ?"),
    ("dues_payments", "substr(month, 1, 4) = ?"),
    ("study_participants", "session_id IN (SELECT id FROM study_sessions WHERE substr(held_on, 1, 4) = ?)"),
    ("study_session_orgs", "session_id IN (SELECT id FROM study_sessions WHERE substr(held_on, 1, 4) = ?)"),
    ("study_sessions", "substr(held_on, 1, 4) = ?"),
    ("ct05_registrations", "CAST(year AS TEXT) = ?"),
    ("good_models", "CAST(year AS TEXT) = ?"),
    ("member_reviews", "CAST(year AS TEXT) = ?"),
    ("org_reviews", "CAST(year AS TEXT) = ?"),
    ("review_periods", "CAST(year AS TEXT) = ?"),
    ("document_numbers", "substr(issued_on, 1, 4) = ?"),
)


def compacted(path: Path, target: Path) -> int:
    """The size of a compacted copy of a data file, in bytes."""
    conn = sqlite3.connect(path)
    conn.execute("VACUUM INTO ?", [str(target)])
    conn.close()
    return target.stat().st_size


def without_year(path: Path, year: int, target: Path) -> dict[str, int]:
    """A copy of the file without one year's activity (foreign keys off: a measuring copy, not data); the rows
    taken out, per table."""
    shutil.copyfile(path, target)
    conn = sqlite3.connect(target)
    removed = {}
    for table, condition in YEAR_ROWS:   # table names and conditions of this module, never user text
        removed[table] = conn.execute(f"DELETE FROM {table} WHERE {condition}", [str(year)]).rowcount
    conn.commit()
    conn.close()
    return removed


def table_sizes(path: Path) -> list[tuple[str, int]]:
    """Bytes per table, its indexes included (SQLite's dbstat)."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT coalesce(m.tbl_name, s.name), sum(s.pgsize) FROM dbstat s "
                        "LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY 1 ORDER BY 2 DESC").fetchall()
    conn.close()
    return [(name, size) for name, size in rows]


def main_bench() -> None:
    parser = argparse.ArgumentParser(description="Đo cỡ tệp dữ liệu và mức tăng mỗi năm.")
    parser.add_argument("--db", type=Path, default=DEFAULT_DEMO)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    machine()
    demo = demo_file(args.db, args.members)
    mb = 1024 * 1024
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        members = sqlite3.connect(demo).execute("SELECT count(*) FROM members").fetchone()[0]
        figure(f"tệp mẫu {members:,} đảng viên, như khi tạo", f"{demo.stat().st_size / mb:.1f} MB")
        whole = compacted(demo, folder / "whole.sqlite")
        figure("    sau khi nén (VACUUM)", f"{whole / mb:.1f} MB")
        for name, size in table_sizes(folder / "whole.sqlite")[:8]:
            figure(f"    bảng {name} (kể cả chỉ mục)", f"{size / mb:.1f} MB")
        removed = without_year(demo, args.year, folder / "cut.sqlite")
        less = compacted(folder / "cut.sqlite", folder / "less.sqlite")
        growth = whole - less
        figure(f"tăng thêm mỗi năm hoạt động (năm {args.year})", f"{growth / mb:.1f} MB")
        figure("    mỗi đảng viên mỗi năm", f"{growth / members / 1024:.1f} KB")
        figure(f"    buổi sinh hoạt / lượt điểm danh / tháng đảng phí năm {args.year}",
               f"{removed['meetings']:,} / {removed['meeting_attendance']:,} / {removed['dues_payments']:,}")
        figure("tệp sau 10 năm như thế (ước tính)", f"{(whole + 8 * growth) / mb:.0f} MB")


if __name__ == "__main__":
    main_bench()
