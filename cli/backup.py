"""``backup --db FILE [--to DIR]`` and ``restore BACKUP --db FILE``: checked copies of the data file.

Both print one path on stdout (scripts read it) and a summary on stderr."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import Subparsers, add_db, opened, read_password, reopened
from models.errors import UserError

if TYPE_CHECKING:
    from models.storage.backup_files import BackupInfo, Counts


def add_parser(commands: Subparsers) -> None:
    backup = commands.add_parser("backup", help="sao lưu tệp dữ liệu (bản sao đã kiểm tra, không ghi đè bản cũ)")
    add_db(backup, "backup")
    backup.add_argument("--to", metavar="DIR",
                        help="thư mục nhận bản sao lưu (mặc định: thư mục <tên tệp>-sao-luu cạnh tệp dữ liệu)")
    backup.add_argument("--encrypt", action="store_true",
                        help="mã hóa bản sao lưu bằng mật khẩu (cho bản mang ra khỏi văn phòng, ví dụ ổ USB)")
    backup.set_defaults(run=run_backup)

    restore = commands.add_parser("restore",
                                  help="khôi phục dữ liệu từ một bản sao lưu (sao lưu dữ liệu hiện tại trước)")
    restore.add_argument("backup", metavar="BACKUP", help="tệp sao lưu để khôi phục")
    add_db(restore, "restore")
    restore.set_defaults(run=run_restore)


def _summary(info: Counts | BackupInfo) -> str:
    from models import vn

    return (f"{vn.format_int(info.organisations)} tổ chức đảng, {vn.format_int(info.members)} đảng viên, "
            f"{vn.format_int(info.meetings)} buổi sinh hoạt, {vn.format_int(info.reviews)} lượt đánh giá")


def run_backup(args: argparse.Namespace) -> int:
    """Prints the new backup's path on stdout (scripts read it); the summary goes to stderr."""
    from models.storage import backups

    with opened(args) as conn:
        password = read_password("Mật khẩu mã hóa bản sao lưu: ", twice=True) if args.encrypt else None
        info = backups.make_backup(conn, Path(args.db), to_dir=Path(args.to) if args.to else None, password=password)
    print(info.path)
    print(f"Đã sao lưu và kiểm tra lại bản sao: {_summary(info)}.", file=sys.stderr)
    return 0


def _backup_password(backup: Path) -> str | None:
    """Asked only when the backup is encrypted (after the login's own password)."""
    from models.storage import encrypted_files

    return read_password("Mật khẩu của bản sao lưu mã hóa: ") if encrypted_files.is_encrypted(backup) else None


def _restore_into(args: argparse.Namespace) -> Path:
    """Restore and return where the state before it was kept: a backup, or the damaged file set aside.

    A damaged file cannot say who may restore it: it is set aside whole, never lost, so anyone may."""
    from models.errors import DamagedFile
    from models.storage import backups

    db_path, backup = Path(args.db), Path(args.backup)
    try:
        with opened(args) as conn:
            return backups.restore(conn, db_path, backup, _backup_password(backup)).path
    except DamagedFile:
        kept = backups.replace_damaged(db_path, backup, password=_backup_password(backup))
        print(f"Tệp dữ liệu bị hỏng được giữ nguyên dưới tên “{kept}”.", file=sys.stderr)
        return kept


def run_restore(args: argparse.Namespace) -> int:
    """Prints the path of the backup of the state before the restore (to undo it) on stdout."""
    from models.storage import backups, file_lock

    # A window working on the file would keep showing, and saving over, the data being replaced.
    try:
        lock = file_lock.acquire(Path(args.db))
    except file_lock.FileInUse as in_use:
        raise UserError(f"Chưa khôi phục: tệp đang được mở bởi {in_use.holder.describe()}. "
                        "Hãy đóng Sổ Chi Bộ ở đó rồi khôi phục lại.") from None
    try:
        before = _restore_into(args)
        with reopened(args.db) as conn:
            now = backups.database_counts(conn)
    finally:
        if lock is not None:
            lock.release()
    print(before)
    print(f"Đã khôi phục từ “{args.backup}”: {_summary(now)}. Dữ liệu trước khi khôi phục được sao lưu "
          "ở tệp in ra bên trên; khôi phục từ tệp đó nếu cần quay lại.", file=sys.stderr)
    return 0
