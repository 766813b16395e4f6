"""The database itself refuses what the logged-in role may not write (an SQLite authorizer on the connection).

The screens and commands already hide and refuse such actions; this is the backstop underneath them, so a
button forgotten in some screen, or a future one, cannot write past the role. It can only see tables, not
rows: the bí thư's limit to their own organisation is kept by the screens' scope and the commands' checks.
"""

from __future__ import annotations

import sqlite3

from models.access.session import ADMIN, OFFICE, SECRETARY, VIEWER, Access

_WRITES = (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE)
# Always writable: the audit trail (views and reveals of a read-only account are recorded too), its head in
# settings, and the accounts' failed-attempt counters (a login is allowed to fail).
_ALWAYS = frozenset({"audit_log", "settings", "sqlite_sequence"})
_COMMUNE_TABLES = frozenset({"committee", "committee_signers", "organisations", "org_positions", "review_periods",
                             "users"})
_DDL = frozenset(code for name in dir(sqlite3) if name.startswith(("SQLITE_CREATE_", "SQLITE_DROP_", "SQLITE_ALTER"))
                 for code in [getattr(sqlite3, name)] if isinstance(code, int))

NOT_ALLOWED = "not authorized"   # SQLite's words for a refusal; models.errors says it in Vietnamese


def _refused_tables(role: str) -> frozenset[str] | None:
    """Tables the role may not write (None: every table but _ALWAYS)."""
    if role == VIEWER:
        return None
    if role == SECRETARY:
        return _COMMUNE_TABLES
    if role == OFFICE:
        return frozenset({"users"})
    return frozenset()


def install(conn: sqlite3.Connection, access: Access) -> None:
    """Make ``conn`` refuse the writes ``access`` may not make (an administrator: only nothing is refused)."""
    if access.role == ADMIN:
        conn.set_authorizer(None)
        return
    refused = _refused_tables(access.role)

    def authorize(action: int, table: str | None, *_rest: object) -> int:
        if action in _DDL:   # no role but the administrator changes the schema or drops the audit triggers
            return sqlite3.SQLITE_DENY
        if action not in _WRITES or table in _ALWAYS:
            return sqlite3.SQLITE_OK
        if refused is None or table in refused:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    conn.set_authorizer(authorize)
