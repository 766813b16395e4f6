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


# ---------------------------------------------------------------- who signs for the committee, over time

SIGNER_ROLES = {"bi_thu": "BÍ THƯ", "pho_bi_thu": "PHÓ BÍ THƯ"}   # in the order a document looks for a signer
SIGNER_NAME_LIMIT = 100


@dataclass(frozen=True)
class Signer:
    """A bí thư or phó bí thư of the commune committee and the term they held it."""

    id: int
    position: str
    full_name: str
    start_on: dt.date
    end_on: dt.date | None
    decision_no: str

    @property
    def role(self) -> str:
        """The signature line under T/M ĐẢNG ỦY."""
        return SIGNER_ROLES[self.position]

    def in_office(self, on: dt.date) -> bool:
        return self.start_on <= on and (self.end_on is None or on <= self.end_on)


def signers(conn: sqlite3.Connection) -> list[Signer]:
    """Every appointment, oldest first."""
    rows = conn.execute("SELECT * FROM committee_signers ORDER BY start_on, id")
    return [Signer(r["id"], r["position"], r["full_name"], vn.to_date(r["start_on"]) or dt.date.min,
                   vn.to_date(r["end_on"]), r["decision_no"]) for r in rows]


def signer_on(conn: sqlite3.Connection, on: dt.date) -> Signer | None:
    """Who signs a committee document dated ``on``: the bí thư then in office, else a phó bí thư."""
    held = [s for s in signers(conn) if s.in_office(on)]
    for position in SIGNER_ROLES:
        holders = [s for s in held if s.position == position]
        if holders:
            return holders[-1]
    return None


def _check_appointment(conn: sqlite3.Connection, position: str, start_on: dt.date | None) -> dt.date:
    if position not in SIGNER_ROLES:
        raise UserError(f"Chức vụ “{position}” không hợp lệ. Hãy chọn Bí thư hoặc Phó Bí thư.")
    if start_on is None:
        raise UserError("Hãy nhập ngày nhận chức (dd/mm/yyyy).")
    for held in signers(conn):
        if held.position == position and held.end_on is None and held.start_on >= start_on:
            raise UserError(f"Đồng chí {held.full_name} giữ chức này từ ngày {vn.format_date(held.start_on)}. "
                            "Ngày nhận chức của người mới phải sau ngày đó.")
    return start_on


def appoint(conn: sqlite3.Connection, position: str, full_name: str, start_on: dt.date | None,
            decision_no: str = "") -> Signer:
    """Record a new bí thư (or phó bí thư) of the committee; the holder before leaves the day before."""
    start = _check_appointment(conn, position, start_on)
    name = vn.clean_field(full_name, "Họ và tên người ký", SIGNER_NAME_LIMIT, "chữ ký văn bản")
    if not name:
        raise UserError("Hãy nhập họ và tên Bí thư (người ký văn bản của Đảng ủy).")
    decision = vn.clean_field(decision_no, "Số quyết định", SIGNER_NAME_LIMIT, "hồ sơ")
    with transaction(conn):
        conn.execute("UPDATE committee_signers SET end_on = ? WHERE position = ? AND end_on IS NULL",
                     (vn.iso(start - dt.timedelta(days=1)), position))
        cursor = conn.execute("INSERT INTO committee_signers (position, full_name, start_on, decision_no)"
                              " VALUES (?, ?, ?, ?)", (position, name, vn.iso(start), decision))
        audit.record(conn, "bổ nhiệm", "committee_signer", cursor.lastrowid, {"position": position, "name": name})
    return Signer(int(cursor.lastrowid or 0), position, name, start, None, decision)


# ---------------------------------------------------------------- "Nơi nhận" of the committee's reports

RECIPIENTS_KEY = "recipients.committee"
RECIPIENT_LINES = 12        # the block stands beside the signature: more would push it onto its own page
RECIPIENT_LINE_LIMIT = 150
OFFICE_FILE = "- Lưu Văn phòng Đảng ủy."


def _superior_committee(superior_name: str) -> str:
    """'Đảng bộ tỉnh Phú Thọ' → 'Tỉnh ủy Phú Thọ': the body whose Ban Tổ chức receives the report."""
    name = " ".join(superior_name.split())
    for kind, body in (("đảng bộ tỉnh ", "Tỉnh ủy "), ("đảng bộ thành phố ", "Thành ủy ")):
        if name.lower().startswith(kind):
            return body + name[len(kind):]
    return f"Đảng ủy {name[len('Đảng bộ '):]}" if name.lower().startswith("đảng bộ ") else name or "Tỉnh ủy"


def default_recipients(superior_name: str) -> tuple[str, ...]:
    return (f"- Ban Tổ chức {_superior_committee(superior_name)} (để báo cáo),", "- Thường trực Đảng ủy,",
            "- Các tổ chức đảng trực thuộc,", OFFICE_FILE)


def _recipient_lines(text: str) -> tuple[str, ...]:
    """One recipient a line, each '- …'; the office's own copy last unless a 'Lưu' line is typed."""
    lines = [line.strip() for line in vn.clean_text(text, multiline=True).split("\n") if line.strip()]
    lines = [line if line.startswith("-") else f"- {line}" for line in lines]
    if not lines or not lines[-1].lower().startswith("- lưu"):
        lines.append(OFFICE_FILE)
    return tuple(lines)


def recipients(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The "Nơi nhận" lines of the committee's reports: as set in Cài đặt, else the usual ones."""
    stored = get_setting(conn, RECIPIENTS_KEY)
    return _recipient_lines(stored) if stored else default_recipients(get(conn).superior_name)


def save_recipients(conn: sqlite3.Connection, text: str) -> tuple[str, ...]:
    """Store the recipients typed one a line (nothing typed: the usual ones); UserError when too many or too long."""
    if not vn.clean_text(text, multiline=True):
        set_setting(conn, RECIPIENTS_KEY, "")
        return recipients(conn)
    lines = _recipient_lines(text)
    if len(lines) > RECIPIENT_LINES:
        raise UserError(f"Nơi nhận có {len(lines)} dòng, nhiều nhất {RECIPIENT_LINES} dòng. Hãy gộp bớt.")
    for line in lines:
        vn.check_length(line, "Một dòng Nơi nhận", RECIPIENT_LINE_LIMIT, "báo cáo")
    set_setting(conn, RECIPIENTS_KEY, "\n".join(lines))
    return lines


@dataclass(frozen=True)
class Office:
    """What Cài đặt edits at once: the names and term, the bí thư who signs, the recipients typed."""

    committee: Committee
    secretary_name: str = ""
    secretary_from: dt.date | None = None
    recipients_text: str = ""


def save_office(conn: sqlite3.Connection, office: Office) -> Committee:
    """All of Cài đặt in one transaction: a new bí thư's name (with the day they took office) is appointed;
    a problem anywhere stores nothing."""
    with transaction(conn):
        stored = save(conn, office.committee)
        current = signer_on(conn, office.secretary_from or dt.date.today())
        name = vn.clean_text(office.secretary_name)
        if name and (current is None or current.full_name != name or current.position != "bi_thu"):
            appoint(conn, "bi_thu", name, office.secretary_from)
        save_recipients(conn, office.recipients_text)
    return stored
