"""The audit trail: who changed what and when, appended inside the same transaction as the change.

Each entry carries ``chain``: sha256 over the previous entry's chain and this entry's own content (its number,
time, account, action, record and detail). The append-only triggers stop slips; the chain is the evidence: an
entry edited or deleted with an SQLite tool breaks it where it happened, and ``check`` says so. The newest
chain value is also kept in ``settings`` (``audit.head``), so cutting entries off the end shows too.

Honest limit: with no secret key, someone who knows this scheme and rewrites every later entry and the head
can hide an edit; what the chain proves is that nobody changed the trail by hand or with a plain SQLite tool.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

HEAD_KEY = "audit.head"

# The account logged in to this program (set by the login of the window or the command line); None when the
# file has no accounts, and then the operating-system login is all we know.
_actor: str | None = None
# A background job's own author (models run in worker threads): the account that started the job, even if
# another one logs in while it runs.
_thread = threading.local()
_UNSET = object()


def set_actor(login: str | None) -> None:
    """Record ``login`` as the author of every entry this process writes from now on (None: no login)."""
    global _actor
    _actor = login


@contextlib.contextmanager
def acting_as(login: str | None) -> Iterator[None]:
    """The author for one block (the command line's one command, tests), put back afterwards."""
    before = _actor
    set_actor(login)
    try:
        yield
    finally:
        set_actor(before)


@contextlib.contextmanager
def acting_in_this_thread(login: str | None) -> Iterator[None]:
    """The author of the entries this thread writes during the block (a background job), whatever the
    process-wide author becomes meanwhile."""
    before = getattr(_thread, "actor", _UNSET)
    _thread.actor = login
    try:
        yield
    finally:
        if before is _UNSET:
            del _thread.actor
        else:
            _thread.actor = before


def current_user() -> str:
    """The logged-in account; without accounts, the operating-system login (which tells clerks apart at best)."""
    actor = getattr(_thread, "actor", _actor)
    if isinstance(actor, str):
        return actor
    return os_login()


@functools.cache
def os_login() -> str:
    """The operating-system login, asked once: it cannot change while the program runs, and asking reads the
    environment and the password database for each of an import's 10,000 audit lines (issue 13)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name is not an error worth stopping for
        return ""


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")   # the format of SQLite's datetime('now', 'localtime')


def chain_value(previous: str, entry_id: int, at: str, user: str, action: str, entity: str,
                entity_id: int | None, detail: str) -> str:
    """The entry's link: sha256 over the previous link and the entry's canonical content."""
    import hashlib  # here: it loads OpenSSL, ~3 ms of a window's start that writes no entry (issue 13)

    content = json.dumps([entry_id, at, user, action, entity, entity_id, detail], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256((previous + "\n" + content).encode("utf-8")).hexdigest()


def _last(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT id, chain FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "")


def record(conn: sqlite3.Connection, action: str, entity: str, entity_id: int | None,
           detail: dict[str, Any] | None = None) -> None:
    """Append one line to the audit trail (call inside the action's transaction)."""
    with _writing(conn):
        last_id, previous = _last(conn)
        entry_id, at, user = last_id + 1, _now(), current_user()
        text = json.dumps(detail or {}, ensure_ascii=False, default=str, sort_keys=True)
        link = chain_value(previous, entry_id, at, user, action, entity, entity_id, text)
        conn.execute(
            "INSERT INTO audit_log (id, at, user, action, entity, entity_id, detail, chain)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (entry_id, at, user, action, entity, entity_id, text, link))
        _set_head(conn, entry_id, link)


def record_event(conn: sqlite3.Connection, action: str, entity: str, entity_id: int | None,
                 detail: dict[str, Any] | None = None) -> None:
    """An entry for something that changes no record (a view, a reveal, an export, a print, a backup).

    A read-only window cannot write: the event is then not recorded rather than stopping the clerk's work.
    """
    with contextlib.suppress(sqlite3.OperationalError):
        record(conn, action, entity, entity_id, detail)


@contextlib.contextmanager
def _writing(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside the caller's transaction when there is one, else a transaction of its own (never a half entry)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _set_head(conn: sqlite3.Connection, entry_id: int, link: str) -> None:
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                 " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (HEAD_KEY, f"{entry_id}:{link}"))


def chain_existing(conn: sqlite3.Connection) -> None:
    """Link the entries written before the chain existed (the migration that adds it; inside its transaction)."""
    conn.execute("DROP TRIGGER audit_no_update")
    previous, last_id = "", 0
    rows = conn.execute("SELECT id, at, user, action, entity, entity_id, detail FROM audit_log ORDER BY id").fetchall()
    for row in rows:
        previous = chain_value(previous, *tuple(row))
        last_id = int(row[0])
        conn.execute("UPDATE audit_log SET chain = ? WHERE id = ?", (previous, last_id))
    conn.execute("""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""")
    if rows:
        _set_head(conn, last_id, previous)


def chain_problems(conn: sqlite3.Connection) -> list[str]:
    """What breaks the chain, in Vietnamese: missing, edited or cut-off entries (empty when the trail is whole)."""
    problems: list[str] = []
    previous, last_id = "", 0
    edited: list[int] = []
    for row in conn.execute("SELECT id, at, user, action, entity, entity_id, detail, chain FROM audit_log ORDER BY id"):
        entry_id = int(row[0])
        if entry_id != last_id + 1:
            problems.append(_missing(last_id + 1, entry_id - 1))
        elif row[7] != chain_value(previous, *tuple(row)[:7]):
            edited.append(entry_id)
        previous, last_id = str(row[7]), entry_id
    if edited:
        shown = ", ".join(str(i) for i in edited[:10]) + ("…" if len(edited) > 10 else "")
        problems.append(f"Nhật ký thay đổi có {len(edited)} mục đã bị sửa sau khi ghi (mục số {shown}).")
    problems.extend(_head_problem(conn, last_id, previous))
    return problems


def removed_accounts(conn: sqlite3.Connection) -> list[str]:
    """Logins the trail says were created that the accounts table no longer holds (the program never deletes
    an account, it disables it: a missing one was removed with an SQLite tool, e.g. to open without a login)."""
    created = [json.loads(r[0]).get("login", "") for r in
               conn.execute("SELECT detail FROM audit_log WHERE action = 'tạo tài khoản' ORDER BY id")]
    present = {str(r[0]).casefold() for r in conn.execute("SELECT login FROM users")}
    return [login for login in dict.fromkeys(created) if login and login.casefold() not in present]


def _missing(first: int, last: int) -> str:
    count = last - first + 1
    where = f"mục số {first}" if count == 1 else f"các mục số {first}–{last}"
    return f"Nhật ký thay đổi thiếu {count} mục đã bị xóa ({where})."


def _head_problem(conn: sqlite3.Connection, last_id: int, last_link: str) -> list[str]:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (HEAD_KEY,)).fetchone()
    if row is None:
        return [] if last_id == 0 else ["Nhật ký thay đổi không còn dấu mục cuối cùng: có thể đã bị sửa."]
    head_id, _, head_link = str(row[0]).partition(":")
    if int(head_id) > last_id:
        return [_missing(last_id + 1, int(head_id)).replace("đã bị xóa", "ở cuối đã bị xóa")]
    if int(head_id) != last_id or head_link != last_link:
        return ["Nhật ký thay đổi có mục cuối không khớp với dấu đã lưu: có thể đã bị sửa."]
    return []


@dataclass(frozen=True)
class AuditEntry:
    at: str
    user: str
    action: str
    entity: str
    entity_id: int | None
    detail: str


def history(conn: sqlite3.Connection, entity: str, entity_id: int) -> list[AuditEntry]:
    """Every recorded change of one record, oldest first."""
    rows = conn.execute(
        "SELECT at, user, action, entity, entity_id, detail FROM audit_log"
        " WHERE entity = ? AND entity_id = ? ORDER BY id", (entity, entity_id))
    return [AuditEntry(*row) for row in rows]


@dataclass(frozen=True)
class AuditFilter:
    date_from: str = ""      # YYYY-MM-DD, inclusive; '' no bound
    date_to: str = ""
    user: str = ""
    kind: str = ""           # the action, e.g. "sửa", "xem hồ sơ", "xuất Excel"


def search(conn: sqlite3.Connection, flt: AuditFilter, limit: int = 5000) -> list[AuditEntry]:
    """Entries matching a filter, newest first (the audit browser)."""
    where, params = ["1 = 1"], []
    if flt.date_from:
        where.append("at >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        where.append("at < date(?, '+1 day')")
        params.append(flt.date_to)
    if flt.user:
        where.append("user = ?")
        params.append(flt.user)
    if flt.kind:
        where.append("action = ?")
        params.append(flt.kind)
    rows = conn.execute(f"SELECT at, user, action, entity, entity_id, detail FROM audit_log WHERE {' AND '.join(where)}"
                        " ORDER BY id DESC LIMIT ?", (*params, limit))
    return [AuditEntry(*row) for row in rows]


def kinds(conn: sqlite3.Connection) -> list[str]:
    """Every action written so far (the browser's filter list)."""
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def users(conn: sqlite3.Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT user FROM audit_log ORDER BY user")]
