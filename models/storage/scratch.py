"""The file behind a connection, and a throw-away copy of the register for work that must not write to it.

A preview (what an import would do) runs the very code of the real thing on a private copy, so the
register itself is only read: no write lock is taken, other windows keep saving, and nothing the preview
does can reach the file. The copy is an SQLite temporary database (on disk, deleted when closed), so a big
register costs disk pages, not memory.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def database_path(conn: sqlite3.Connection) -> Path | None:
    """The file a connection has open; None for an in-memory or temporary database."""
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main":
            return Path(row[2]) if row[2] else None
    return None


def scratch_copy(conn: sqlite3.Connection) -> sqlite3.Connection:
    """A private copy of everything ``conn`` holds, set up as db.open_db sets up the real one.

    Connection.backup reads the source under a read transaction only (WAL: writers are not blocked).
    """
    copy = sqlite3.connect("", isolation_level=None)
    try:
        conn.backup(copy)
        copy.row_factory = sqlite3.Row
        copy.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        copy.close()
        raise
    return copy
