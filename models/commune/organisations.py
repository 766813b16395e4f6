"""Organisations under the commune committee: a tree of đảng bộ cơ sở, chi bộ and tổ đảng.

Dissolving or merging only sets dates and a pointer; members and meetings keep their history.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NewType

from models import vn
from models.errors import UserError
from models.storage import audit
from models.storage.db import transaction

OrgId = NewType("OrgId", int)

UNIT_TYPES = {
    "dang_bo_co_so": "Đảng bộ cơ sở",
    "chi_bo_co_so": "Chi bộ cơ sở",
    "chi_bo_truc_thuoc": "Chi bộ trực thuộc",
    "to_dang": "Tổ đảng",
}
CATEGORIES = {
    "thon": "Thôn, tổ dân phố",
    "co_quan": "Cơ quan",
    "truong_hoc": "Trường học",
    "doanh_nghiep": "Doanh nghiệp",
    "cong_an": "Công an",
    "quan_su": "Quân sự",
    "khac": "Khác",
}
POSITIONS = {"bi_thu": "Bí thư", "pho_bi_thu": "Phó Bí thư", "chi_uy_vien": "Chi ủy viên"}

# How many characters each typed text may hold: a name heads every document (header block, register band),
# tested at its limit in tests/printing/test_text_limits.py. The Qt fields take setMaxLength from here.
MAX_LENGTHS = {"name": 100, "note": 500, "decision_no": 30}
LABELS = {"name": "Tên tổ chức đảng", "note": "Ghi chú", "decision_no": "Số quyết định"}


def clean_field(name: str, value: str | None) -> str:
    """One typed text of an organisation, cleaned at the door and held to its limit (UserError naming it)."""
    return vn.clean_field(value, LABELS[name], MAX_LENGTHS[name], "văn bản")

# Which unit types may sit under which parent type (None: directly under the commune committee).
_ALLOWED_PARENTS: dict[str, set[str | None]] = {
    "dang_bo_co_so": {None},
    "chi_bo_co_so": {None},
    "chi_bo_truc_thuoc": {"dang_bo_co_so"},
    "to_dang": {"chi_bo_co_so", "chi_bo_truc_thuoc"},
}


@dataclass(frozen=True)
class Organisation:
    id: OrgId
    name: str
    unit_type: str
    category: str = "khac"
    parent_id: OrgId | None = None
    founded_on: dt.date | None = None
    dissolved_on: dt.date | None = None
    merged_into_id: OrgId | None = None
    note: str = ""

    @property
    def unit_type_name(self) -> str:
        return UNIT_TYPES[self.unit_type]

    @property
    def category_name(self) -> str:
        return CATEGORIES[self.category]

    @property
    def is_cell(self) -> bool:
        """A chi bộ: the unit that holds monthly meetings and writes minutes."""
        return self.unit_type in ("chi_bo_co_so", "chi_bo_truc_thuoc")

    @property
    def is_grassroots(self) -> bool:
        """A grassroots organisation (tổ chức cơ sở đảng), the scope of the rating quota."""
        return self.unit_type in ("dang_bo_co_so", "chi_bo_co_so")

    def active_on(self, on: dt.date) -> bool:
        return (self.founded_on is None or self.founded_on <= on) and (
            self.dissolved_on is None or on < self.dissolved_on)


@dataclass(frozen=True)
class NewOrganisation:
    """What a user enters to create an organisation."""

    name: str
    unit_type: str
    category: str = "khac"
    parent_id: OrgId | None = None
    founded_on: dt.date | None = None
    note: str = ""


def _from_row(row: sqlite3.Row) -> Organisation:
    return Organisation(
        id=OrgId(row["id"]), name=row["name"], unit_type=row["unit_type"], category=row["category"],
        parent_id=row["parent_id"], founded_on=vn.to_date(row["founded_on"]),
        dissolved_on=vn.to_date(row["dissolved_on"]), merged_into_id=row["merged_into_id"], note=row["note"])


def get(conn: sqlite3.Connection, org_id: int) -> Organisation:
    row = conn.execute("SELECT * FROM organisations WHERE id = ?", (org_id,)).fetchone()
    if row is None:
        raise UserError(f"Không có tổ chức đảng mã số {org_id}. Hãy kiểm tra lại mã số.")
    return _from_row(row)


def all_organisations(conn: sqlite3.Connection, *, include_dissolved: bool = True) -> list[Organisation]:
    """Every organisation in tree order (parents before children, Vietnamese name order among siblings)."""
    rows = [_from_row(r) for r in conn.execute("SELECT * FROM organisations")]
    if not include_dissolved:
        rows = [o for o in rows if o.dissolved_on is None]
    children: dict[OrgId | None, list[Organisation]] = {}
    for org in rows:
        children.setdefault(org.parent_id, []).append(org)
    ordered: list[Organisation] = []

    def walk(parent: OrgId | None) -> None:
        siblings = children.get(parent, [])
        for org in sorted(siblings, key=lambda o: (o.unit_type != "dang_bo_co_so", vn.text_sort_key(o.name))):
            ordered.append(org)
            walk(org.id)

    walk(None)
    return ordered


def find(conn: sqlite3.Connection, name: str) -> Organisation:
    """The organisation a user names on the command line: by id, or the one unit its text names (``vn.named_by``)."""
    text = vn.nfc(name)
    if text.isdigit():
        return get(conn, int(text))
    orgs = all_organisations(conn)
    # the same reading as the GUI's pickers: the whole name, else its end ("thon dong"), else all its words
    partial = [orgs[n] for n in vn.named_by(text, [(vn.fold(o.name),) for o in orgs])]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise UserError(f"Không tìm thấy tổ chức đảng “{text}”. Hãy gõ đúng tên (có thể bỏ dấu) hoặc mã số.")
    names = "; ".join(o.name for o in partial[:8])
    raise UserError(f"Có {len(partial)} tổ chức khớp với “{text}”: {names}. Hãy gõ tên đầy đủ hơn.")


def descendants(conn: sqlite3.Connection, org_id: int) -> list[OrgId]:
    """The organisation and every unit below it (the scope of a section in the GUI)."""
    rows = conn.execute(
        "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
        "SELECT o.id FROM organisations o JOIN sub ON o.parent_id = sub.id)"
        " SELECT id FROM sub", (org_id,))
    return [OrgId(r[0]) for r in rows]


def by_id(conn: sqlite3.Connection) -> dict[int, Organisation]:
    """Every organisation by id, read once for a whole list or report."""
    return {int(o.id): o for o in all_organisations(conn)}


def names_by_id(conn: sqlite3.Connection) -> dict[int, str]:
    """Every organisation's name by id (the column a list or register prints beside a member)."""
    return {int(o.id): o.name for o in all_organisations(conn)}


def grassroots_in(orgs: Mapping[int, Organisation], org: Organisation) -> Organisation:
    """The grassroots organisation (đảng bộ cơ sở or chi bộ cơ sở) ``org`` belongs to, walking up ``orgs``.

    The walk stops at the top of the tree, so an organisation under the commune committee is its own.
    """
    while not org.is_grassroots and org.parent_id is not None and org.parent_id in orgs:
        org = orgs[org.parent_id]
    return org


def grassroots_of(conn: sqlite3.Connection, org_id: int) -> Organisation:
    """The grassroots organisation an organisation belongs to (UserError for an unknown id)."""
    return grassroots_in(by_id(conn), get(conn, org_id))


def cells(conn: sqlite3.Connection, on: dt.date | None = None) -> list[Organisation]:
    """Every chi bộ (cơ sở and trực thuộc), active on a date when given, in tree order."""
    return [o for o in all_organisations(conn) if o.is_cell and (on is None or o.active_on(on))]


def _check(conn: sqlite3.Connection, name: str, unit_type: str, category: str, parent_id: int | None) -> None:
    if not name:
        raise UserError("Hãy nhập tên tổ chức đảng, ví dụ “Chi bộ thôn Đông”.")
    if unit_type not in UNIT_TYPES:
        choices = ", ".join(UNIT_TYPES.values())
        raise UserError(f"Loại tổ chức “{unit_type}” không hợp lệ. Hãy chọn một trong: {choices}.")
    if category not in CATEGORIES:
        raise UserError(f"Loại hình “{category}” không hợp lệ. Hãy chọn một trong: {', '.join(CATEGORIES.values())}.")
    parent_type = get(conn, parent_id).unit_type if parent_id is not None else None
    if parent_type not in _ALLOWED_PARENTS[unit_type]:
        where = UNIT_TYPES[parent_type] if parent_type else "Đảng bộ xã"
        raise UserError(f"{UNIT_TYPES[unit_type]} không thể đặt trực thuộc {where.lower()}. "
                        "Chi bộ trực thuộc phải ở trong một đảng bộ cơ sở; tổ đảng phải ở trong một chi bộ.")


def create(conn: sqlite3.Connection, new: NewOrganisation) -> Organisation:
    """Create an organisation after checking its place in the tree."""
    name = clean_field("name", new.name)
    _check(conn, name, new.unit_type, new.category, new.parent_id)
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO organisations (parent_id, name, unit_type, category, founded_on, note, search_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (new.parent_id, name, new.unit_type, new.category, vn.iso(new.founded_on), clean_field("note", new.note),
             vn.fold(name)))
        org_id = OrgId(int(cursor.lastrowid or 0))
        audit.record(conn, "tạo", "organisation", org_id, {"name": name, "unit_type": new.unit_type})
    return get(conn, org_id)


def rename(conn: sqlite3.Connection, org_id: int, name: str) -> Organisation:
    clean = clean_field("name", name)
    if not clean:
        raise UserError("Tên tổ chức đảng không được để trống.")
    old = get(conn, org_id)
    with transaction(conn):
        conn.execute("UPDATE organisations SET name = ?, search_key = ? WHERE id = ?", (clean, vn.fold(clean), org_id))
        audit.record(conn, "đổi tên", "organisation", org_id, {"from": old.name, "to": clean})
    return get(conn, org_id)


def move(conn: sqlite3.Connection, org_id: int, new_parent_id: int | None) -> Organisation:
    """Put an organisation under another unit (or directly under the commune committee)."""
    org = get(conn, org_id)
    if new_parent_id is not None and new_parent_id in descendants(conn, org_id):
        raise UserError("Không thể chuyển một tổ chức vào trong chính nó hoặc đơn vị cấp dưới của nó.")
    unit_type = org.unit_type
    if new_parent_id is not None and org.unit_type == "chi_bo_co_so":
        unit_type = "chi_bo_truc_thuoc"   # a cell placed under a đảng bộ cơ sở becomes trực thuộc
    elif new_parent_id is None and org.unit_type == "chi_bo_truc_thuoc":
        unit_type = "chi_bo_co_so"
    _check(conn, org.name, unit_type, org.category, new_parent_id)
    with transaction(conn):
        conn.execute("UPDATE organisations SET parent_id = ?, unit_type = ? WHERE id = ?",
                     (new_parent_id, unit_type, org_id))
        audit.record(conn, "chuyển", "organisation", org_id, {"from": org.parent_id, "to": new_parent_id})
    return get(conn, org_id)


def _active_members(conn: sqlite3.Connection, org_id: int) -> int:
    return int(conn.execute(
        "SELECT count(*) FROM members WHERE org_id = ? AND status NOT IN"
        " ('chuyen_di', 'xoa_ten', 'khai_tru', 'ra_khoi_dang', 'tu_tran')", (org_id,)).fetchone()[0])


def dissolve(conn: sqlite3.Connection, org_id: int, on: dt.date) -> Organisation:
    """Mark an organisation dissolved; refused while it still has members or active sub-units."""
    org = get(conn, org_id)
    if org.dissolved_on:
        raise UserError(f"{org.name} đã giải thể ngày {vn.format_date(org.dissolved_on)}.")
    if _active_members(conn, org_id):
        raise UserError(f"{org.name} còn đảng viên đang sinh hoạt. Hãy chuyển sinh hoạt các đảng viên "
                        "sang tổ chức khác (hoặc dùng Hợp nhất) trước khi giải thể.")
    subunits = [o for o in all_organisations(conn, include_dissolved=False) if o.parent_id == org_id]
    if subunits:
        raise UserError(f"{org.name} còn {len(subunits)} đơn vị trực thuộc. Hãy giải thể hoặc chuyển chúng trước.")
    with transaction(conn):
        conn.execute("UPDATE organisations SET dissolved_on = ? WHERE id = ?", (vn.iso(on), org_id))
        audit.record(conn, "giải thể", "organisation", org_id, {"on": on})
    return get(conn, org_id)


# ---------------------------------------------------------------- leadership over time

@dataclass(frozen=True)
class Position:
    id: int
    org_id: OrgId
    member_id: int
    member_name: str
    position: str
    start_on: dt.date
    end_on: dt.date | None
    decision_no: str

    @property
    def position_name(self) -> str:
        return POSITIONS[self.position]


def set_position(conn: sqlite3.Connection, org_id: int, member_id: int, position: str, start_on: dt.date,
                 decision_no: str = "") -> None:
    """Appoint a member; a bí thư or phó bí thư appointment ends the previous holder's term the day before."""
    if position not in POSITIONS:
        raise UserError(f"Chức vụ “{position}” không hợp lệ. Hãy chọn: {', '.join(POSITIONS.values())}.")
    with transaction(conn):
        if position in ("bi_thu", "pho_bi_thu"):
            conn.execute("UPDATE org_positions SET end_on = ? WHERE org_id = ? AND position = ? AND end_on IS NULL",
                         (vn.iso(start_on - dt.timedelta(days=1)), org_id, position))
        conn.execute("INSERT INTO org_positions (org_id, member_id, position, start_on, decision_no)"
                     " VALUES (?, ?, ?, ?, ?)",
                     (org_id, member_id, position, vn.iso(start_on), clean_field("decision_no", decision_no)))
        audit.record(conn, "bổ nhiệm", "organisation", org_id,
                     {"member_id": member_id, "position": position, "start_on": start_on})


def end_position(conn: sqlite3.Connection, position_id: int, end_on: dt.date) -> None:
    with transaction(conn):
        conn.execute("UPDATE org_positions SET end_on = ? WHERE id = ?", (vn.iso(end_on), position_id))
        audit.record(conn, "thôi chức vụ", "org_position", position_id, {"end_on": end_on})


def positions(conn: sqlite3.Connection, org_id: int, on: dt.date | None = None) -> list[Position]:
    """Leadership of an organisation: all of its history, or only those in office on a date."""
    return _positions(conn, "p.org_id = ?", (org_id,), on).get(OrgId(org_id), [])


def positions_on(conn: sqlite3.Connection, on: dt.date) -> dict[OrgId, list[Position]]:
    """Every organisation's leadership in office on a date, from one read (a screen or a check over all units)."""
    return _positions(conn, "1", (), on)


def _positions(conn: sqlite3.Connection, where: str, params: tuple[object, ...],
               on: dt.date | None) -> dict[OrgId, list[Position]]:
    rows = conn.execute(
        "SELECT p.*, m.full_name FROM org_positions p JOIN members m ON m.id = p.member_id"
        f" WHERE {where} ORDER BY p.org_id, p.start_on, p.id", params)
    found: dict[OrgId, list[Position]] = {}
    for r in rows:
        held = Position(r["id"], OrgId(r["org_id"]), r["member_id"], r["full_name"], r["position"],
                        vn.to_date(r["start_on"]) or dt.date.min, vn.to_date(r["end_on"]), r["decision_no"])
        if on is None or (held.start_on <= on and (held.end_on is None or on <= held.end_on)):
            found.setdefault(held.org_id, []).append(held)
    return found


def secretary_name(conn: sqlite3.Connection, org_id: int, on: dt.date) -> str:
    """The bí thư in office on a date ('' when none is recorded)."""
    return _secretary(positions(conn, org_id, on))


def secretary_names(conn: sqlite3.Connection, on: dt.date) -> dict[OrgId, str]:
    """``secretary_name`` of every organisation that has one on the date, from one read."""
    found = {org_id: _secretary(held) for org_id, held in positions_on(conn, on).items()}
    return {org_id: name for org_id, name in found.items() if name}


def _secretary(held: list[Position]) -> str:
    holders = [p for p in held if p.position == "bi_thu"]
    return holders[-1].member_name if holders else ""
