"""Moving people between organisations as a whole: merging one organisation into another.

It sits in people/ because it writes members' histories (a transfer event for each member); commune/ keeps
the organisations themselves and never reaches up into people/.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from models import vn
from models.commune import organisations
from models.errors import UserError
from models.people import member_history
from models.storage import audit
from models.storage.db import transaction


def merge_organisations(conn: sqlite3.Connection, source_id: int, target_id: int, on: dt.date,
                        decision_no: str = "") -> int:
    """Merge one organisation into another: its members are transferred (as events), it is dissolved.

    Returns how many members moved. Their earlier meetings stay with the old organisation.
    """
    organisations.get(conn, source_id)  # refuses an unknown id
    target = organisations.get(conn, target_id)
    if source_id == target_id:
        raise UserError("Hãy chọn hai tổ chức khác nhau để hợp nhất.")
    if target.dissolved_on:
        raise UserError(f"{target.name} đã giải thể, không thể nhận hợp nhất.")
    with transaction(conn):
        moved = member_history.transfer_all(conn, source_id, target_id, on, decision_no)
        active = organisations.all_organisations(conn, include_dissolved=False)
        for child in [o for o in active if o.parent_id == source_id]:
            organisations.move(conn, child.id, target_id if target.unit_type == "dang_bo_co_so" else None)
        conn.execute("UPDATE organisations SET dissolved_on = ?, merged_into_id = ? WHERE id = ?",
                     (vn.iso(on), target_id, source_id))
        audit.record(conn, "hợp nhất", "organisation", source_id,
                     {"into": target_id, "on": on, "members": moved, "decision_no": decision_no})
    return moved
