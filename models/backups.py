"""Automatic backups that really restore: verified copies published atomically, rotation, restore.

A backup is one self-contained SQLite file in ``<folder of the data file>/<stem>-sao-luu/`` named
``<stem>-YYYYMMDD-HHMMSS[_n]-<reason>.sqlite``. The name carries when and why (a clerk reads it in
Explorer, and it survives being copied to a USB stick alone); the counts are read from the file
itself, cached by size and modification time so the status bar can list the folder cheaply.
A copy is written under a hidden temporary name, checked, flushed to disk and only then renamed,
so a final name never holds a partial or unchecked file whatever happens to the process.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from models import db, schema, vn
from models.errors import UserError

REASON_OPEN = "mở tệp"
REASON_CLOSE = "đóng chương trình"
REASON_MANUAL = "sao lưu thủ công"
REASON_BEFORE_RESTORE = "trước khi khôi phục"
KNOWN_REASONS = (REASON_OPEN, REASON_CLOSE, REASON_MANUAL, REASON_BEFORE_RESTORE, "trước khi nâng cấp")

KEEP_LAST = 10            # the newest ten are always kept ...
KEEP_MONTHS = 12          # ... plus the newest of each of the last twelve months
PAGES_PER_STEP = 256      # copy in steps so a long copy does not hold the database for its whole length
STALE_TEMP_SECONDS = 3600  # a temporary file this old is left over from a crash, not a copy in progress

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:_(?P<n>\d+))?-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.sqlite$")
_TEMP_SUFFIX = ".tmp"
_KEEP_DATA = "Dữ liệu đang dùng không bị ảnh hưởng."


@dataclass(frozen=True)
class Counts:
    """How much a database holds: what a clerk recognises, and what a copy must match."""

    organisations: int
    members: int
    meetings: int
    reviews: int


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str
    organisations: int
    members: int
    meetings: int
    reviews: int
    version: int = schema.VERSION   # the data version of the copy (older ones are migrated on restore)

    @property
    def counts(self) -> Counts:
        return Counts(self.organisations, self.members, self.meetings, self.reviews)


# ---------------------------------------------------------------- counts and names

def database_counts(conn: sqlite3.Connection) -> Counts:
    """The counts of a live database (verification of a copy, and the restore preview)."""
    def count(table: str) -> int:   # table names come from the fixed list below, never from user text
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    return Counts(count("organisations"), count("members"), count("meetings"), count("member_reviews"))


def backup_folder(db_path: Path) -> Path:
    """Beside the data file: ``<folder of the file>/<stem>-sao-luu``."""
    db_path = Path(db_path)
    return db_path.parent / f"{db_path.stem}-sao-luu"


def _slug(reason: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", vn.fold(reason))) or "sao-luu"


_REASON_OF_SLUG = {_slug(reason): reason for reason in KNOWN_REASONS}


def _file_name(stem: str, moment: dt.datetime, counter: int, reason: str) -> str:
    extra = f"_{counter}" if counter > 1 else ""
    return f"{stem}-{moment:%Y%m%d-%H%M%S}{extra}-{_slug(reason)}.sqlite"


@dataclass(frozen=True)
class _Name:
    stem: str
    taken_at: dt.datetime
    counter: int
    reason: str


def _parse_name(name: str) -> _Name | None:
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        taken_at = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    slug = match["slug"]
    return _Name(match["stem"], taken_at, int(match["n"] or 1), _REASON_OF_SLUG.get(slug, slug.replace("-", " ")))


# ---------------------------------------------------------------- checking a file

def _intact(conn: sqlite3.Connection) -> bool:
    return [row[0] for row in conn.execute("PRAGMA integrity_check")] == ["ok"]


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _header_version(path: Path) -> int:
    """The data version of a backup of ours, from its header bytes; UserError when the file is not one."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise UserError(f"Không đọc được tệp “{path}”: {error.strerror}. Hãy kiểm tra ổ đĩa và quyền truy cập.") \
            from None
    app_id = int.from_bytes(header[68:72], "big") if len(header) == 100 else -1
    version = int.from_bytes(header[60:64], "big") if len(header) == 100 else 0
    if not header.startswith(db.SQLITE_HEADER) or app_id != db.APPLICATION_ID or version < 1:
        raise UserError(f"Tệp “{path.name}” không phải bản sao lưu của Sổ Chi Bộ. Hãy chọn một tệp khác "
                        "trong thư mục sao lưu.")
    if version > schema.VERSION:
        raise UserError(f"Bản sao lưu “{path.name}” do phiên bản Sổ Chi Bộ mới hơn ghi (dữ liệu phiên bản {version}). "
                        "Hãy cập nhật chương trình rồi khôi phục lại.")
    return version


def _check_restorable(backup: Path) -> int:
    """Refuse, before anything changes, a backup that is not ours, damaged or from a newer version."""
    if not backup.is_file():
        raise UserError(f"Không tìm thấy bản sao lưu “{backup}”. Hãy kiểm tra lại đường dẫn.")
    version = _header_version(backup)
    damaged = UserError(f"Bản sao lưu “{backup.name}” bị hỏng, không dùng để khôi phục được. "
                        f"Hãy chọn một bản sao lưu khác. {_KEEP_DATA}")
    try:
        conn = _read_only(backup)
        try:
            if not _intact(conn):
                raise damaged
            database_counts(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        raise damaged from None
    return version


_info_cache: dict[tuple[str, int, int], BackupInfo] = {}


def _read_info(path: Path, name: _Name) -> BackupInfo | None:
    """What a backup holds, or None for a file that is not a readable backup of ours (never an exception)."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _info_cache:
            version = _header_version(path)
            conn = _read_only(path)
            try:
                counts = database_counts(conn)
            finally:
                conn.close()
            _info_cache[key] = BackupInfo(path, name.taken_at, name.reason, counts.organisations, counts.members,
                                          counts.meetings, counts.reviews, version)
        return _info_cache[key]
    except (OSError, sqlite3.Error, UserError):
        return None


# ---------------------------------------------------------------- listing

def _named_backups(folder: Path, stem: str | None = None) -> list[tuple[_Name, Path]]:
    """Files named like our backups (of ``stem`` when given), newest first; temp files never match."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [(name, entry) for entry in entries if (name := _parse_name(entry.name)) is not None
             and (stem is None or name.stem == stem)]
    return sorted(found, key=lambda item: (item[0].taken_at, item[0].counter), reverse=True)


def list_backups(db_path: Path, folder: Path | None = None) -> list[BackupInfo]:
    """The good backups of ``db_path``, newest first; junk, damaged and temporary files are left out."""
    db_path = Path(db_path)
    named = _named_backups(folder or backup_folder(db_path), db_path.stem)
    return [info for name, path in named if (info := _read_info(path, name)) is not None]


def newest_backup(db_path: Path) -> BackupInfo | None:
    db_path = Path(db_path)
    for name, path in _named_backups(backup_folder(db_path), db_path.stem):
        if (info := _read_info(path, name)) is not None:
            return info
    return None


# ---------------------------------------------------------------- making a backup

def _progress(status: int, remaining: int, total: int) -> None:
    """Called after each copied step; a seam for the crash tests (and later a progress bar)."""


def _explain(error: BaseException, folder: Path) -> UserError:
    """A failed write, in words a clerk can act on."""
    text = str(error).lower()
    if "full" in text or getattr(error, "errno", None) == errno.ENOSPC:
        return UserError(f"Ổ đĩa chứa thư mục “{folder}” đã đầy nên chưa sao lưu được. Hãy xoá bớt tệp không cần "
                         f"hoặc chọn ổ đĩa khác rồi sao lưu lại. {_KEEP_DATA}")
    if isinstance(error, PermissionError) or "readonly" in text or "unable to open" in text:
        return UserError(f"Không ghi được vào thư mục “{folder}” (chỉ đọc hoặc không có quyền ghi). "
                         f"Hãy chọn một thư mục khác rồi sao lưu lại. {_KEEP_DATA}")
    return UserError(f"Không ghi được bản sao lưu vào “{folder}”: ổ đĩa bị lỗi hoặc đã bị rút ra. "
                     f"Hãy cắm lại ổ đĩa hoặc chọn thư mục khác rồi sao lưu lại. {_KEEP_DATA}")


def _target_folder(db_path: Path, to_dir: Path | None) -> Path:
    if to_dir is not None:
        if not Path(to_dir).is_dir():
            raise UserError(f"Thư mục “{to_dir}” không tồn tại. Hãy chọn một thư mục có thật để sao lưu.")
        return Path(to_dir)
    folder = backup_folder(db_path)
    try:
        folder.mkdir(exist_ok=True)
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
    for entry in folder.glob(f".*{_TEMP_SUFFIX}*"):
        with contextlib.suppress(OSError):
            if entry.stat().st_mtime < limit:
                entry.unlink()


def _fsync(path: Path, *, directory: bool = False) -> None:
    if directory and os.name == "nt":
        return   # Windows cannot open a folder to flush it; NTFS journals the rename itself
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_to(source: sqlite3.Connection, temp: Path) -> Counts:
    """Copy ``source`` into ``temp`` with the backup API, then prove the copy is whole."""
    dest = sqlite3.connect(str(temp), isolation_level=None)
    try:
        dest.execute("PRAGMA journal_mode = OFF")   # the temp file is deleted on any failure: no journal needed
        source.backup(dest, pages=PAGES_PER_STEP, progress=_progress)
        # The copy inherits the WAL flag; a backup must be one self-contained file that opens read-only.
        dest.execute("PRAGMA journal_mode = DELETE")
        if not _intact(dest):
            raise UserError(f"Bản sao vừa ghi bị lỗi khi kiểm tra lại nên đã bị bỏ. Hãy sao lưu lại. {_KEEP_DATA}")
        copied = database_counts(dest)
    finally:
        dest.close()
    _fsync(temp)
    return copied


def _publish(temp: Path, folder: Path, stem: str, moment: dt.datetime, reason: str) -> Path:
    """Rename the checked copy to the first free final name (so a retry in the same second still works)."""
    counter = 1
    while (final := folder / _file_name(stem, moment, counter, reason)).exists():
        counter += 1
    os.replace(temp, final)
    _fsync(folder, directory=True)
    return final


def make_backup(conn: sqlite3.Connection, db_path: Path, *, to_dir: Path | None = None,
                reason: str = REASON_MANUAL, now: dt.datetime | None = None) -> BackupInfo:
    """A checked copy of the live database under a new final name; nothing under a final name on failure."""
    db_path = Path(db_path)
    moment = (now or dt.datetime.now()).replace(microsecond=0)
    folder = _target_folder(db_path, to_dir)
    _clear_stale_temps(folder)
    # Unique per process and moment, hidden, and never matching a final name; sqlite creates it on first write.
    temp = folder / f".{db_path.stem}-{os.getpid()}-{time.time_ns()}{_TEMP_SUFFIX}"
    try:
        counts = _copy_to(conn, temp)
        if counts != database_counts(conn):
            raise UserError("Bản sao vừa ghi không khớp với dữ liệu đang dùng (dữ liệu thay đổi trong lúc sao lưu?) "
                            f"nên đã bị bỏ. Hãy sao lưu lại. {_KEEP_DATA}")
        final = _publish(temp, folder, db_path.stem, moment, reason)
    except (sqlite3.Error, OSError) as error:
        _remove_quietly(*_temp_leftovers(temp))
        raise _explain(error, folder) from None
    except BaseException:
        _remove_quietly(*_temp_leftovers(temp))
        raise
    if to_dir is None:
        rotate(folder, now=moment)
    return BackupInfo(final, moment, reason, counts.organisations, counts.members, counts.meetings, counts.reviews)


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
    ours = [(name, path) for name, path in _named_backups(Path(folder)) if _is_ours(path)]
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


def _is_ours(path: Path) -> bool:
    try:
        _header_version(path)
    except UserError:
        return False
    return True


# ---------------------------------------------------------------- restoring

def _copy_into(backup: Path, conn: sqlite3.Connection) -> None:
    """Replace the live database's content by the backup's, in one write transaction (all pages at once)."""
    source = _read_only(backup)
    try:
        source.backup(conn)
    finally:
        source.close()


def _require_intact(conn: sqlite3.Connection) -> None:
    if not _intact(conn):
        raise UserError("Dữ liệu sau khi khôi phục không qua được bước kiểm tra.")


def restore(conn: sqlite3.Connection, db_path: Path, backup: Path) -> BackupInfo:
    """Put a backup's data into the live database; returns the backup of the state before (to undo)."""
    db_path, backup = Path(db_path), Path(backup)
    if backup.resolve() == db_path.resolve():
        raise UserError("Đây chính là tệp dữ liệu đang dùng, không phải một bản sao lưu. Hãy chọn bản sao lưu khác.")
    version = _check_restorable(backup)
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


def restore_to_new_file(backup: Path, target: Path) -> Path:
    """Copy a backup to a NEW data file (for a damaged file that must not be written) and return it."""
    backup, target = Path(backup), Path(target)
    _check_restorable(backup)
    if target.exists():
        raise UserError(f"Tệp “{target}” đã có. Hãy chọn tên tệp mới để không ghi đè dữ liệu.")
    folder = _target_folder(target, target.parent)
    temp = folder / f".{target.name}-{os.getpid()}{_TEMP_SUFFIX}"
    try:
        source = _read_only(backup)
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
        raise _explain(error, folder) from None
    except BaseException:
        _remove_quietly(*_temp_leftovers(temp))
        raise
    return target
