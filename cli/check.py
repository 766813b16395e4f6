"""``check --db FILE``: integrity and rule findings, one a line."""

from __future__ import annotations

import argparse

from cli.common import Subparsers, add_db, opened


def add_parser(commands: Subparsers) -> None:
    check = commands.add_parser("check", help="kiểm tra tính toàn vẹn và các quy định")
    add_db(check, "commune")
    check.set_defaults(run=run)


def version_line(created: str, last_written: str) -> str:
    """Which versions of the program made and last wrote the file: what support asks first."""
    made = f"tạo bằng Sổ Chi Bộ {created}" if created else "tạo bằng một phiên bản Sổ Chi Bộ trước 0.1.0"
    return f"Phiên bản: tệp được {made}, ghi lần cuối bằng phiên bản {last_written or 'chưa rõ'}."


def run(args: argparse.Namespace) -> int:
    """Findings on stdout; exit 1 when the file itself is damaged (rule findings alone keep exit 0)."""
    from models.errors import DamagedFile
    from models.reporting import checks
    from models.storage import db

    try:
        with opened(args) as conn:
            print(version_line(*db.app_versions(conn)))
            findings = checks.run(conn)
    except DamagedFile as damage:
        findings = [checks.Finding(checks.DAMAGED, damage.message)]
    for finding in findings:
        print(f"[{finding.code}] {finding.message}")
    print(f"Kiểm tra xong: {len(findings)} điều cần xem lại." if findings else "Kiểm tra xong: không thấy vấn đề gì.")
    return 1 if any(f.code == checks.DAMAGED for f in findings) else 0
