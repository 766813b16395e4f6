"""The commune committee itself (Đảng bộ xã / phường): names for document headers and the term."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, replace

from models import vn
from models.errors import UserError
from models.storage import audit
from models.storage.db import transaction


@dataclass(frozen=True)
class Committee:
    name: str = ""            # Đảng bộ xã Phố Mới
    superior_name: str = ""   # Đảng bộ tỉnh Phú Thọ
    place_name: str = ""      # Phố Mới
    term_name: str = ""       # 2025 - 2030
    term_start: dt.date | None = None
    term_end: dt.date | None = None

    @property
    def is_set_up(self) -> bool:
        return bool(self.name and self.place_name)

    def term_on(self, on: dt.date) -> str:
        """The term a document dated ``on`` is numbered in: the current term, or the year it
        falls in when it lies outside the current term's dates (an older term we have no name for)."""
        outside = (self.term_start and on < self.term_start) or (self.term_end and on > self.term_end)
        return str(on.year) if outside or not self.term_name else self.term_name


# How many characters each name may hold: they head every document (header block, date line), tested at
# their limit in tests/printing/test_text_limits.py. The Qt fields take setMaxLength from here.
MAX_LENGTHS = {"name": 100, "superior_name": 100, "place_name": 50, "term_name": 20}
LABELS = {"name": "Tên Đảng bộ xã/phường", "superior_name": "Tên cấp ủy cấp trên", "place_name": "Địa danh",
          "term_name": "Nhiệm kỳ"}


def _clean_names(committee: Committee) -> Committee:
    """Every name cleaned at the door and held to its limit (UserError naming the field)."""
    def clean(name: str) -> str:
        return vn.clean_field(getattr(committee, name), LABELS[name], MAX_LENGTHS[name], "văn bản")

    return replace(committee, name=clean("name"), superior_name=clean("superior_name"),
                   place_name=clean("place_name"), term_name=clean("term_name"))


def get(conn: sqlite3.Connection) -> Committee:
    row = conn.execute("SELECT * FROM committee WHERE id = 1").fetchone()
    return Committee(name=row["name"], superior_name=row["superior_name"], place_name=row["place_name"],
                     term_name=row["term_name"], term_start=vn.to_date(row["term_start"]),
                     term_end=vn.to_date(row["term_end"]))


def validate(committee: Committee) -> Committee:
    """The committee's names cleaned and its term checked, before any file exists (the first-start
    dialog) or is written; UserError says what to fix."""
    clean = _clean_names(committee)
    if not clean.name:
        raise UserError("Hãy nhập tên Đảng bộ xã/phường, ví dụ “Đảng bộ xã Phố Mới”.")
    if not clean.place_name:
        raise UserError("Hãy nhập địa danh ghi ở dòng ngày tháng của văn bản, ví dụ “Phố Mới”.")
    if clean.term_start and clean.term_end and clean.term_end <= clean.term_start:
        raise UserError("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu. Hãy kiểm tra lại hai ngày này.")
    return clean


def save(conn: sqlite3.Connection, committee: Committee) -> Committee:
    """Validate and store the committee's names and term."""
    clean = validate(committee)
    with transaction(conn):
        conn.execute(
            "UPDATE committee SET name=?, superior_name=?, place_name=?, term_name=?, term_start=?, term_end=?"
            " WHERE id = 1",
            (clean.name, clean.superior_name, clean.place_name, clean.term_name,
             vn.iso(clean.term_start), vn.iso(clean.term_end)))
        audit.record(conn, "sửa", "committee", 1, {"name": clean.name, "place": clean.place_name})
    return clean


def get_setting(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    with transaction(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
