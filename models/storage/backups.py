"""Automatic backups that really restore: checked copies published atomically, rotation, restore.

A copy is written under a hidden temporary name, checked (integrity and the same counts as the live
data), flushed to disk and only then renamed, so a final name never holds a partial or unchecked file
whatever happens to the process. Names and reading backups live in models.backup_files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from models.errors import UserError
from models.storage import audit, db, encrypted_files, schema
from models.storage.backup_files import (
    KEEP_DATA,
    KNOWN_REASONS,
    REASON_BEFORE_RESTORE,
    REASON_CLOSE,
    REASON_MANUAL,
    REASON_OPEN,
    TEMP_SUFFIX,
    BackupInfo,
    Counts,
    backup_folder,
    check_restorable,
    choose_backup_root,
    chosen_backup_root,
    database_counts,
    file_name,
    intact,
    is_ours,
    list_backups,
    named_backups,
    newest_backup,
    open_read_only,
)
from models.storage.private_files import create_private, private_folder

__all__ = ["KNOWN_REASONS", "REASON_BEFORE_RESTORE", "REASON_CLOSE", "REASON_MANUAL", "REASON_OPEN", "BackupInfo",
           "Counts", "backup_after_changes", "backup_folder", "backup_on_open", "choose_backup_root",
           "chosen_backup_root", "database_counts", "list_backups", "make_backup", "newest_backup", "restore",
           "restore_to_new_file", "rotate"]

KEEP_LAST = 10            # the newest ten are always kept ...
KEEP_MONTHS = 12          # ... plus the newest of each of the last twelve months
PAGES_PER_STEP = 256      # copy in steps so a long copy does not hold the database for its whole length
STALE_TEMP_SECONDS = 3600  # a temporary file this old is left over from a crash, not a copy in progress

# ---------------------------------------------------------------- making a backup

def _progress(status: int, remaining: int, total: int) -> None:
    """Called after each copied step; a seam for the crash tests (and later a progress bar)."""


def _explain(error: BaseException, folder: Path, what: str = "sao lưu") -> UserError:
    """A failed write, in words a clerk can act on (``what``: the action that failed, e.g. "khôi phục")."""
    text = str(error).lower()
    if "full" in text or getattr(error, "errno", None) == errno.ENOSPC:
        return UserError(f"Ổ đĩa chứa thư mục “{folder}” đã đầy nên chưa {what} được. Hãy xoá bớt tệp không cần "
                         f"hoặc chọn ổ đĩa khác rồi {what} lại. {KEEP_DATA}")
    if isinstance(error, PermissionError) or "readonly" in text or "unable to open" in text:
        return UserError(f"Không ghi được vào thư mục “{folder}” (chỉ đọc hoặc không có quyền ghi) nên chưa {what} "
                         f"được. Hãy chọn một thư mục khác rồi {what} lại. {KEEP_DATA}")
    return UserError(f"Không ghi được vào thư mục “{folder}”: ổ đĩa bị lỗi hoặc đã bị rút ra, nên chưa {what} được. "
                     f"Hãy cắm lại ổ đĩa hoặc chọn thư mục khác rồi {what} lại. {KEEP_DATA}")


def _target_folder(db_path: Path, to_dir: Path | None, what: str = "sao lưu") -> Path:
    if to_dir is not None:
        if not Path(to_dir).is_dir():
            raise UserError(f"Thư mục “{to_dir}” không tồn tại. Hãy chọn một thư mục có thật để {what}.")
        return Path(to_dir)
    folder = backup_folder(db_path)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"“{folder}” là một tệp, không phải thư mục sao lưu. Hãy đổi tên hoặc chuyển tệp đó đi "
                        f"rồi sao lưu lại. {KEEP_DATA}")
    try:
        private_folder(folder)
    except OSError as error:
        raise _explain(error, folder) from None
    return folder


def _remove_quietly(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _temp_leftovers(temp: Path) -> list[Path]:
    """The temporary file and the journal files SQLite may have put beside it."""
    return [temp] + [temp.with_name(temp.name + tail) for tail in ("-journal", "-wal", "-shm")]


def _clear_stale_temps(folder: Path) -> None:
    """Temporary files left by a crash (old enough not to be another copy still being written)."""
    limit = time.time() - STALE_TEMP_SECONDS
    for entry in folder.glob(f".*{TEMP_SUFFIX}*"):
        with contextlib.suppress(OSError):
            if entry.stat().st_mtime < limit:
                entry.unlink()


def _fsync(path: Path, *, directory: bool = False) -> None:
    if directory and os.name == "nt":
        return   # Windows cannot open a folder to flush it; NTFS journals the rename itself
    # A file is opened for writing: Windows refuses to flush a handle opened read-only.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if directory else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_to(source: sqlite3.Connection, temp: Path) -> Counts:
    """Copy ``source`` into ``temp`` with the backup API, then prove the copy is whole."""
    create_private(temp)   # SQLite then fills the owner-only file (and gives its journal the same mode)
    dest = sqlite3.connect(str(temp), isolation_level=None)
    try:
        dest.execute("PRAGMA journal_mode = OFF")   # the temp file is deleted on any failure: no journal needed
        source.backup(dest, pages=PAGES_PER_STEP, progress=_progress)
        # The copy inherits the WAL flag; a backup must be one self-contained file that opens read-only.
        dest.execute("PRAGMA journal_mode = DELETE")
        if not intact(dest):
            raise UserError(f"Bản sao vừa ghi bị lỗi khi kiểm tra lại nên đã bị bỏ. Hãy sao lưu lại. {KEEP_DATA}")
        copied = database_counts(dest)
    finally:
        dest.close()
    _fsync(temp)
    return copied


@contextlib.contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction around copy and count, so another program writing meanwhile cannot make them differ."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()   # starts the read snapshot now
        yield
    finally:
        conn.execute("COMMIT")   # nothing was written: this only ends the snapshot


def _publish(temp: Path, folder: Path, stem: str, moment: dt.datetime, reason: str, suffix: str = "") -> Path:
    """Rename the checked copy to the first free final name (so a retry in the same second still works)."""
    counter = 1
    while (final := folder / (file_name(stem, moment, counter, reason) + suffix)).exists():
        counter += 1
    os.replace(temp, final)
    _fsync(folder, directory=True)
    return final


def make_backup(conn: sqlite3.Connection, db_path: Path, *, to_dir: Path | None = None,
                reason: str = REASON_MANUAL, now: dt.datetime | None = None,
                password: str | None = None) -> BackupInfo:
    """A checked copy of the live database under a new final name; nothing under a final name on failure.

    With ``password`` the copy is encrypted (models.storage.encrypted_files) and named ``….sqlite.mahoa``;
    the plain copy is checked in a private temporary folder on the local disk, never on the USB stick."""
    db_path = Path(db_path)
    moment = (now or dt.datetime.now()).replace(microsecond=0)
    folder = _target_folder(db_path, to_dir)
    _clear_stale_temps(folder)
    with contextlib.ExitStack() as stack:
        plain_folder = folder if password is None else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        counts, final = _checked_copy(conn, db_path, plain_folder, folder, moment, reason, password)
    if to_dir is None and password is None:
        rotate(folder, now=moment)
    if reason == REASON_MANUAL:   # a copy the clerk asked for may leave the office: who made it is evidence
        audit.record_event(conn, "sao lưu", "database", None, {"file": str(final), "encrypted": password is not None})
    return BackupInfo(final, moment, reason, counts.organisations, counts.members, counts.meetings, counts.reviews)


def _checked_copy(conn: sqlite3.Connection, db_path: Path, plain_folder: Path, folder: Path, moment: dt.datetime,
                  reason: str, password: str | None) -> tuple[Counts, Path]:
    # Unique per process and moment, hidden, and never matching a final name; sqlite creates it on first write.
    name = f".{db_path.stem}-{os.getpid()}-{time.time_ns()}{TEMP_SUFFIX}"
    temp, sealed = plain_folder / name, folder / (name + encrypted_files.SUFFIX)
    try:
        with _snapshot(conn):
            counts = _copy_to(conn, temp)
            live = database_counts(conn)
        if counts != live:
            raise UserError("Bản sao vừa ghi không khớp với dữ liệu đang dùng (dữ liệu thay đổi trong lúc sao lưu?) "
                            f"nên đã bị bỏ. Hãy sao lưu lại. {KEEP_DATA}")
        if password is None:
            return counts, _publish(temp, folder, db_path.stem, moment, reason)
        encrypted_files.encrypt_file(temp, sealed, password)
        _fsync(sealed)
        return counts, _publish(sealed, folder, db_path.stem, moment, reason, encrypted_files.SUFFIX)
    except (sqlite3.Error, OSError) as error:
        raise _explain(error, folder) from None
    finally:
        _remove_quietly(*_temp_leftovers(temp), sealed)


def backup_on_open(conn: sqlite3.Connection, db_path: Path, now: dt.datetime | None = None) -> BackupInfo | None:
    """At most one backup a day when the file is opened (None when one was already taken today)."""
    moment = now or dt.datetime.now()
    newest = newest_backup(db_path)
    if newest is not None and newest.taken_at.date() == moment.date():
        return None
    return make_backup(conn, db_path, reason=REASON_OPEN, now=moment)


def backup_after_changes(conn: sqlite3.Connection, db_path: Path, now: dt.datetime | None = None) -> BackupInfo:
    """The backup taken when the program closes after the clerk changed something."""
    return make_backup(conn, db_path, reason=REASON_CLOSE, now=now)


# ---------------------------------------------------------------- rotation

def _recent_months(moment: dt.datetime) -> set[tuple[int, int]]:
    months = set()
    year, month = moment.year, moment.month
    for _ in range(KEEP_MONTHS):
        months.add((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def rotate(folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """Keep the last 10 plus the newest of each of the last 12 months; return the files removed.

    Only files that are backups of ours by name and by header are ever removed."""
    months = _recent_months(now or dt.datetime.now())
    ours = [(name, path) for name, path in named_backups(Path(folder)) if is_ours(path)]
    keep = {path for _, path in ours[:KEEP_LAST]}
    seen: set[tuple[int, int]] = set()
    for name, path in ours:   # newest first, so the first of a month is its newest
        month = (name.taken_at.year, name.taken_at.month)
        if month in months and month not in seen:
            seen.add(month)
            keep.add(path)
    removed = []
    for _, path in ours:
        if path not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed

# ---------------------------------------------------------------- restoring

def _copy_into(backup: Path, conn: sqlite3.Connection) -> None:
    """Replace the live database's content by the backup's, in one write transaction (all pages at once)."""
    source = open_read_only(backup)
    try:
        source.backup(conn)
    finally:
        source.close()


def _require_intact(conn: sqlite3.Connection) -> None:
    if not intact(conn):
        raise UserError("Dữ liệu sau khi khôi phục không qua được bước kiểm tra.")


def restore(conn: sqlite3.Connection, db_path: Path, backup: Path, password: str | None = None) -> BackupInfo:
    """Put a backup's data into the live database; returns the backup of the state before (to undo).

    An encrypted backup needs ``password`` (PasswordNeeded without one); it is decrypted and checked before
    anything changes, so a wrong password or a damaged file leaves the data as it was."""
    db_path, backup = Path(db_path), Path(backup)
    if conn.in_transaction:
        raise UserError("Đang có thay đổi chưa lưu xong. Hãy lưu hoặc bỏ thay đổi đó rồi khôi phục lại.")
    if backup.resolve() == db_path.resolve():
        raise UserError("Đây chính là tệp dữ liệu đang dùng, không phải một bản sao lưu. Hãy chọn bản sao lưu khác.")
    with encrypted_files.readable(backup, password) as plain:
        return _restore_plain(conn, db_path, plain)


def _restore_plain(conn: sqlite3.Connection, db_path: Path, backup: Path) -> BackupInfo:
    version = check_restorable(backup)
    before = make_backup(conn, db_path, reason=REASON_BEFORE_RESTORE)
    try:
        _copy_into(backup, conn)
        if version < schema.VERSION:
            db.migrate(conn)
        _require_intact(conn)
    except (sqlite3.Error, OSError, UserError):
        _put_back(before.path, conn)
        raise UserError(f"Không khôi phục được từ “{backup.name}”, dữ liệu đã được trả lại như trước khi khôi phục. "
                        "Hãy thử một bản sao lưu khác.") from None
    return before


def _put_back(saved: Path, conn: sqlite3.Connection) -> None:
    """Undo a failed restore from the backup taken just before it."""
    try:
        _copy_into(saved, conn)
    except sqlite3.Error:
        raise UserError(f"Khôi phục bị lỗi giữa chừng. Dữ liệu trước khi khôi phục được giữ ở “{saved}”: "
                        "hãy đóng chương trình rồi khôi phục từ bản đó.") from None


def restore_to_new_file(backup: Path, target: Path, password: str | None = None) -> Path:
    """Copy a backup to a NEW data file (for a damaged file that must not be written) and return it."""
    with encrypted_files.readable(Path(backup), password) as plain:
        return _plain_to_new_file(plain, Path(target))


def _plain_to_new_file(backup: Path, target: Path) -> Path:
    check_restorable(backup)
    if target.exists():
        raise UserError(f"Tệp “{target}” đã có. Hãy chọn tên tệp mới để không ghi đè dữ liệu.")
    folder = _target_folder(target, target.parent, "khôi phục")
    temp = folder / f".{target.name}-{os.getpid()}{TEMP_SUFFIX}"
    try:
        source = open_read_only(backup)
        try:
            _copy_to(source, temp)
        finally:
            source.close()
        if target.exists():   # someone made it while we copied: still never overwrite
            raise UserError(f"Tệp “{target}” đã có. Hãy chọn tên tệp mới để không ghi đè dữ liệu.")
        os.replace(temp, target)
        _fsync(folder, directory=True)
    except (sqlite3.Error, OSError) as error:
        _remove_quietly(*_temp_leftovers(temp))
        raise _explain(error, folder, "khôi phục") from None
    except BaseException:
        _remove_quietly(*_temp_leftovers(temp))
        raise
    return target


def replace_damaged(db_path: Path, backup: Path, now: dt.datetime | None = None,
                    password: str | None = None) -> Path:
    """Put a backup in place of a damaged data file, which is kept as it is under another name (returned).

    The damaged file is renamed with its -wal and -shm, never written: support may still recover from it.
    """
    db_path = Path(db_path)
    with encrypted_files.readable(Path(backup), password) as plain:
        return _replace_damaged_by(db_path, plain, now)


def _replace_damaged_by(db_path: Path, backup: Path, now: dt.datetime | None) -> Path:
    check_restorable(backup)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    kept = db_path.with_name(f"{db_path.stem}-hong-{stamp}{db_path.suffix}")
    if kept.exists():
        raise UserError(f"Tệp “{kept}” đã có. Hãy đợi một giây rồi khôi phục lại.")
    try:
        for tail in ("-wal", "-shm", ""):   # the main file last: until it moves, nothing is lost
            side = db_path.with_name(db_path.name + tail)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + tail))
    except OSError as error:
        raise _explain(error, db_path.parent, "khôi phục") from None
    _plain_to_new_file(backup, db_path)
    return kept
