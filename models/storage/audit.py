"""The audit trail: who changed what and when, appended inside the same transaction as the change."""

from __future__ import annotations

import getpass
import json
import sqlite3
from dataclasses import dataclass
from typing import Any


def current_user() -> str:
    """The operating-system login: on a shared office PC this is what tells clerks apart."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name is not an error worth stopping for
        return ""


def record(conn: sqlite3.Connection, action: str, entity: str, entity_id: int | None,
           detail: dict[str, Any] | None = None) -> None:
    """Append one line to the audit trail (call inside the action's transaction)."""
    conn.execute(
        "INSERT INTO audit_log (user, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)",
        (current_user(), action, entity, entity_id,
         json.dumps(detail or {}, ensure_ascii=False, default=str, sort_keys=True)),
    )


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
