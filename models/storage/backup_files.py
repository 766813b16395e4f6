"""Backup files on disk: their names, what they hold, which ones are good; no writing here.

A backup is one self-contained SQLite file in ``<folder of the data file>/<stem>-sao-luu/`` (or
``<folder chosen in Cài đặt>/<stem>-sao-luu/``) named
``<stem>-YYYYMMDD-HHMMSS[_n]-<reason>.sqlite``. The name carries when and why: a clerk reads it in
Explorer, and it survives copying the one file to a USB stick (a sidecar would be lost on the way, and a
table inside the copy would change it after checking and be restored into the live data). The counts are
read from the file itself, cached by size and modification time so the status bar can list cheaply.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from models import vn
from models.errors import UserError
from models.storage import db, schema

REASON_OPEN = "mở tệp"
REASON_CLOSE = "đóng chương trình"
REASON_MANUAL = "sao lưu thủ công"
REASON_BEFORE_RESTORE = "trước khi khôi phục"
KNOWN_REASONS = (REASON_OPEN, REASON_CLOSE, REASON_MANUAL, REASON_BEFORE_RESTORE, "trước khi nâng cấp")

NAME_PATTERN = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:_(?P<n>\d+))?-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.sqlite$")
TEMP_SUFFIX = ".tmp"   # with a leading dot: hidden, and never matching NAME_PATTERN
KEEP_DATA = "Dữ liệu đang dùng không bị ảnh hưởng."


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


class _Chosen:
    """The folder the clerk chose in Cài đặt to hold the backups (None: beside each data file). The window sets
    it once at start from its settings; the command line never does, so there ``backup`` writes beside the file."""
    root: Path | None = None


def choose_backup_root(folder: Path | None) -> None:
    _Chosen.root = Path(folder) if folder is not None else None


def chosen_backup_root() -> Path | None:
    return _Chosen.root


def backup_folder_beside(db_path: Path) -> Path:
    """``<folder of the file>/<stem>-sao-luu``: where backups go unless another folder was chosen."""
    db_path = Path(db_path)
    return db_path.parent / f"{db_path.stem}-sao-luu"


def backup_folder(db_path: Path) -> Path:
    """Where new backups of ``db_path`` go: ``<chosen folder>/<stem>-sao-luu``, else beside the data file."""
    if _Chosen.root is None:
        return backup_folder_beside(db_path)
    return _Chosen.root / f"{Path(db_path).stem}-sao-luu"


def _searched_folders(db_path: Path) -> list[Path]:
    """Where backups of ``db_path`` may be: the current folder, and beside the file (taken before a change)."""
    return list(dict.fromkeys((backup_folder(db_path), backup_folder_beside(db_path))))


def _slug(reason: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", vn.fold(reason))) or "sao-luu"


_REASON_OF_SLUG = {_slug(reason): reason for reason in KNOWN_REASONS}


def file_name(stem: str, moment: dt.datetime, counter: int, reason: str) -> str:
    extra = f"_{counter}" if counter > 1 else ""
    return f"{stem}-{moment:%Y%m%d-%H%M%S}{extra}-{_slug(reason)}.sqlite"


@dataclass(frozen=True)
class BackupName:
    stem: str
    taken_at: dt.datetime
    counter: int
    reason: str


def parse_name(name: str) -> BackupName | None:
    match = NAME_PATTERN.match(name)
    if match is None:
        return None
    try:
        taken_at = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    slug = match["slug"]
    return BackupName(match["stem"], taken_at, int(match["n"] or 1), _REASON_OF_SLUG.get(slug, slug.replace("-", " ")))


# ---------------------------------------------------------------- checking a file

def intact(conn: sqlite3.Connection) -> bool:
    return [row[0] for row in conn.execute("PRAGMA integrity_check")] == ["ok"]


def open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def header_version(path: Path) -> int:
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


def check_restorable(backup: Path) -> int:
    """Refuse, before anything changes, a backup that is not ours, damaged or from a newer version."""
    if not backup.is_file():
        raise UserError(f"Không tìm thấy bản sao lưu “{backup}”. Hãy kiểm tra lại đường dẫn.")
    version = header_version(backup)
    damaged = UserError(f"Bản sao lưu “{backup.name}” bị hỏng, không dùng để khôi phục được. "
                        f"Hãy chọn một bản sao lưu khác. {KEEP_DATA}")
    try:
        conn = open_read_only(backup)
        try:
            if not intact(conn):
                raise damaged
            database_counts(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        raise damaged from None
    return version


_info_cache: dict[tuple[str, int, int], BackupInfo] = {}


def _read_info(path: Path, name: BackupName) -> BackupInfo | None:
    """What a backup holds, or None for a file that is not a readable backup of ours (never an exception)."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _info_cache:
            if len(_info_cache) > 1000:   # a long session with many rotations: forget the files long gone
                _info_cache.clear()
            version = header_version(path)
            conn = open_read_only(path)
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

def named_backups(folder: Path, stem: str | None = None) -> list[tuple[BackupName, Path]]:
    """Files named like our backups (of ``stem`` when given), newest first; temp files never match."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [(name, entry) for entry in entries if (name := parse_name(entry.name)) is not None
             and (stem is None or name.stem == stem)]
    # Two backups in one second (opening, then closing at once) are told apart by when the file was written.
    return sorted(found, key=lambda item: (item[0].taken_at, item[0].counter, _written_at(item[1])), reverse=True)


def _written_at(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _named_in(folders: list[Path], stem: str) -> list[tuple[BackupName, Path]]:
    found = [item for folder in folders for item in named_backups(folder, stem)]
    return sorted(found, key=lambda item: (item[0].taken_at, item[0].counter, _written_at(item[1])), reverse=True)


def list_backups(db_path: Path, folder: Path | None = None) -> list[BackupInfo]:
    """The good backups of ``db_path``, newest first; junk, damaged and temporary files are left out.

    Without ``folder``: those in the backup folder and those beside the file, so a clerk who chose another
    folder in Cài đặt can still restore the backups taken before."""
    db_path = Path(db_path)
    named = _named_in([folder] if folder is not None else _searched_folders(db_path), db_path.stem)
    return [info for name, path in named if (info := _read_info(path, name)) is not None]


def newest_backup(db_path: Path) -> BackupInfo | None:
    db_path = Path(db_path)
    for name, path in _named_in(_searched_folders(db_path), db_path.stem):
        if (info := _read_info(path, name)) is not None:
            return info
    return None


def is_ours(path: Path) -> bool:
    try:
        header_version(path)
    except UserError:
        return False
    return True
