"""The one owner of the SQLite connection: opening, stamping, migrating, backups and transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from models import __version__
from models.errors import DamagedFile, UserError, explain
from models.storage import schema
from models.storage.private_files import create_private, make_private

# "SCB1" as a 32-bit integer: marks a file as Sổ Chi Bộ's so we never migrate someone else's database.
APPLICATION_ID = 0x53434231
SQLITE_HEADER = b"SQLite format 3\x00"
# Keys of the settings table that record which program version made the file and which last wrote it.
VERSION_CREATED = "app_version_created"
VERSION_LAST_WRITTEN = "app_version_last_written"


def open_db(path: str | Path, *, create: bool = True, read_only: bool = False) -> sqlite3.Connection:
    """Open (or create) the office database, refusing foreign, newer or damaged files without touching them."""
    path = Path(path)
    if path.exists():
        _refuse_foreign_file(path)
    elif not create or read_only:
        raise UserError(f"Không tìm thấy tệp dữ liệu “{path}”. Hãy kiểm tra lại đường dẫn.")
    elif not path.parent.exists():
        raise UserError(f"Thư mục “{path.parent}” không tồn tại. Hãy chọn một thư mục có thật để lưu tệp dữ liệu.")
    try:
        return _open_read_only(path) if read_only else _open_for_writing(path)
    except (sqlite3.DatabaseError, OSError) as error:
        raise _as_user_error(error, path) from error


def _open_for_writing(path: Path) -> sqlite3.Connection:
    # Owner-only from the start (SQLite gives the -wal and -shm the main file's mode); a file made by an
    # older version, readable by every account on the PC, is tightened when it is next opened.
    if path.exists():
        make_private(path)
    else:
        create_private(path)
    conn = _connect(str(path))
    try:
        if migrate(conn, backup_dir=path.parent, stem=path.stem, made_by=__version__):
            # A new or upgraded file carries its identity in the main file at once, not only in the -wal:
            # a crash before the first automatic checkpoint must not make the office's file look foreign.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        record_app_version(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def record_app_version(conn: sqlite3.Connection) -> None:
    """Note in the file which version of the program writes it, so support can tell what an office runs.
    Written only when it changes: opening again with the same version writes nothing (no transaction at all)."""
    if app_versions(conn)[1] == __version__:
        return
    with transaction(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                     " SET value = excluded.value WHERE value != excluded.value", (VERSION_LAST_WRITTEN, __version__))


def app_versions(conn: sqlite3.Connection) -> tuple[str, str]:
    """(the version that made the file, the one that last wrote it); "" where the file does not say."""
    rows = dict(conn.execute("SELECT key, value FROM settings WHERE key IN (?, ?)",
                             (VERSION_CREATED, VERSION_LAST_WRITTEN)).fetchall())
    return str(rows.get(VERSION_CREATED, "")), str(rows.get(VERSION_LAST_WRITTEN, ""))


def _open_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    if user_version(conn) < schema.VERSION:
        conn.close()
        raise UserError(f"Tệp “{path}” thuộc phiên bản cũ, cần nâng cấp trước khi xem. Hãy mở tệp bình thường "
                        "(không chọn chỉ xem) khi không ai khác đang mở nó.")
    return conn


def _as_user_error(error: BaseException, path: Path) -> UserError:
    """A storage failure while opening, in Vietnamese; damage becomes DamagedFile so the caller can offer a backup."""
    if isinstance(error, UserError):
        return error
    text = str(error).lower()
    if isinstance(error, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return DamagedFile(path, str(error))
    return UserError(explain(error) or f"Không mở được tệp “{path}”: {error}. Hãy kiểm tra ổ đĩa và quyền truy cập.")


def open_memory() -> sqlite3.Connection:
    """A fresh in-memory database with the current schema (tests and dry runs)."""
    conn = _connect(":memory:")
    migrate(conn)
    return conn


def _connect(target: str) -> sqlite3.Connection:
    # isolation_level=None: we open transactions ourselves, so nothing commits behind our back.
    conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    if target != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    return conn


def close(conn: sqlite3.Connection) -> None:
    """Close after folding the -wal into the main file, so a copy of the closed file holds everything."""
    with contextlib.suppress(sqlite3.Error):
        if not conn.in_transaction:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _refuse_foreign_file(path: Path) -> None:
    """Check the header bytes, then the identity through a read-only connection (which sees the -wal too)."""
    if path.is_dir():
        raise UserError(f"“{path}” là một thư mục, không phải tệp dữ liệu. Hãy chọn tệp .sqlite.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise UserError(explain(error) or f"Không đọc được tệp “{path}”: {error.strerror}. "
                        "Hãy kiểm tra quyền truy cập tệp.") from None
    if len(header) == 0:
        return  # an empty file is a new database
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise UserError(f"Tệp “{path}” không phải là tệp dữ liệu của Sổ Chi Bộ (không phải SQLite). "
                        "Hãy chọn đúng tệp dữ liệu; tệp này được giữ nguyên.")
    _refuse_foreign_identity(path, *_identity(path))


def _identity(path: Path) -> tuple[int, int, int]:
    """(application_id, user_version, number of schema objects) as SQLite sees them, -wal included."""
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = int(probe.execute("PRAGMA application_id").fetchone()[0])
            version = int(probe.execute("PRAGMA user_version").fetchone()[0])
            objects = int(probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        raise _as_user_error(error, path) from error
    return app_id, version, objects


def _refuse_foreign_identity(path: Path, app_id: int, version: int, objects: int) -> None:
    if app_id not in (0, APPLICATION_ID):
        raise UserError(f"Tệp “{path}” là dữ liệu của một chương trình khác, không phải Sổ Chi Bộ. "
                        "Hãy chọn đúng tệp dữ liệu; tệp này được giữ nguyên.")
    if app_id == 0 and (version != 0 or objects > 0):
        raise UserError(f"Tệp “{path}” là cơ sở dữ liệu SQLite của một chương trình khác. "
                        "Hãy chọn đúng tệp dữ liệu của Sổ Chi Bộ; tệp này được giữ nguyên.")
    if version > schema.VERSION:
        raise UserError(f"Tệp “{path}” được ghi bởi phiên bản Sổ Chi Bộ mới hơn (dữ liệu phiên bản {version}). "
                        "Hãy cập nhật chương trình rồi mở lại; tệp này được giữ nguyên.")


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, backup_dir: Path | None = None, stem: str = "", made_by: str = "") -> bool:
    """Bring the schema up to date, one version per transaction, backing the file up first; True if it did.

    ``made_by``: the program version a new file records as its maker, in the transaction that creates it."""
    current = user_version(conn)
    if current > schema.VERSION:
        raise UserError(f"Dữ liệu thuộc phiên bản {current}, mới hơn chương trình này. Hãy cập nhật chương trình.")
    if current == schema.VERSION:
        return False
    if current > 0 and backup_dir is not None:
        backup(conn, backup_dir / f"{stem}-truoc-nang-cap-v{current}-{_stamp()}.sqlite")
    # A new file is created in one transaction over every version: killed half-way, it must hold no tables or
    # the whole schema, never a stranger at an old version. An existing file goes one version per transaction.
    with transaction(conn) if current == 0 else contextlib.nullcontext():
        for version in range(current + 1, schema.VERSION + 1):
            with transaction(conn):
                for step in schema.MIGRATIONS[version - 1]:
                    if isinstance(step, str):
                        conn.execute(step)
                    else:
                        step(conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {version}")  # last, so a failed step leaves the old version
        if current == 0 and made_by:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?), (?, ?)",
                         (VERSION_CREATED, made_by, VERSION_LAST_WRITTEN, made_by))
    return True


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def backup(conn: sqlite3.Connection, target: str | Path) -> Path:
    """The copy taken before a migration (Connection.backup, WAL-aware): written under a temporary name and
    renamed only when whole, so a crash never leaves a partial copy under the final name.

    Everyday backups, with checks and rotation, are models.backups (which builds on this module).
    """
    target = Path(target)
    if target.exists():
        raise UserError(f"Tệp “{target}” đã có. Hãy chọn tên khác để không ghi đè bản sao lưu cũ.")
    temporary = target.with_name(f".{target.name}.tmp")
    create_private(temporary)
    destination = sqlite3.connect(str(temporary))
    try:
        conn.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")   # one self-contained file
    except BaseException:
        destination.close()
        temporary.unlink(missing_ok=True)
        raise
    destination.close()
    os.replace(temporary, target)
    return target


def change_marker(conn: sqlite3.Connection) -> tuple[int, int]:
    """Changes made through ``conn`` and committed by other connections since it opened (compare two markers)."""
    return conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0])


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action, all or nothing. Nested use becomes a savepoint."""
    if conn.in_transaction:
        name = f"sp_{id(object())}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    _fold_wal(conn)


def _fold_wal(conn: sqlite3.Connection) -> None:
    """Copy what was just committed into the main file (a passive checkpoint that never waits).

    Offices copy the .sqlite file with the file manager while the program is open; without this the last
    actions live only in the -wal beside it and the copy silently lacks them.
    """
    with contextlib.suppress(sqlite3.OperationalError):
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own integrity and foreign-key checks, as readable lines (empty when all is well)."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        for row in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"Bảng {row[0]} dòng {row[1]} trỏ tới bản ghi không còn trong bảng {row[2]}.")
    except sqlite3.DatabaseError as error:   # damage bad enough that SQLite cannot even walk the file
        return [f"Tệp bị hỏng, SQLite không đọc hết được ({error})."]
    return problems
