"""Document numbers: Số 05-BB/CB, running from 01 per issuer and document type over the whole term."""

from __future__ import annotations

import datetime as dt
import sqlite3

from models import rules, vn
from models.commune import committee
from models.errors import UserError
from models.storage.db import transaction


def issuer_key(org_id: int | None) -> str:
    """'org:12' for an organisation, 'committee' for the commune committee."""
    return "committee" if org_id is None else f"org:{org_id}"


def issuer_symbol(org_id: int | None, on: dt.date) -> str:
    """CB for a chi bộ, ĐU for a đảng ủy (from the rule set)."""
    symbols = rules.for_date(on).numbering.issuer_symbol
    return str(symbols["dang_uy"] if org_id is None else symbols["chi_bo"])


def assign(conn: sqlite3.Connection, org_id: int | None, doc_type: str, on: dt.date, reference: str) -> int:
    """Take the next number for a document (inside the caller's transaction); the same reference
    gets its number back, so adopting twice never burns a number."""
    if doc_type not in rules.for_date(on).numbering.types:
        raise UserError(f"Loại văn bản “{doc_type}” không có trong bộ quy định.")
    term = committee.get(conn).term_on(on)
    issuer = issuer_key(org_id)
    with transaction(conn):
        existing = conn.execute("SELECT number FROM document_numbers WHERE issuer=? AND doc_type=? AND term=?"
                                " AND reference=?", (issuer, doc_type, term, reference)).fetchone()
        if existing:
            return int(existing[0])
        last = conn.execute("SELECT max(number) FROM document_numbers WHERE issuer=? AND doc_type=? AND term=?",
                            (issuer, doc_type, term)).fetchone()[0]
        number = int(last or 0) + 1
        conn.execute("INSERT INTO document_numbers (issuer, doc_type, term, number, reference, issued_on)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (issuer, doc_type, term, number, reference, on.isoformat()))
    return number


def existing(conn: sqlite3.Connection, org_id: int | None, doc_type: str, reference: str) -> int | None:
    """The number a document already took, in whatever term (a reprint keeps it), or None."""
    row = conn.execute("SELECT number FROM document_numbers WHERE issuer=? AND doc_type=? AND reference=?"
                       " ORDER BY id DESC LIMIT 1", (issuer_key(org_id), doc_type, reference)).fetchone()
    return int(row[0]) if row else None


def format_number(number: int | None, doc_type: str, symbol: str) -> str:
    """5, 'BB', 'CB' → 'Số 05-BB/CB'; a blank to fill by hand when there is no number yet."""
    if number is None:
        return f"Số     -{doc_type}/{symbol}"
    return f"Số {number:02d}-{doc_type}/{symbol}"


__all__ = ["assign", "existing", "format_number", "issuer_key", "issuer_symbol", "vn"]
