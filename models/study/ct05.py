"""Chỉ thị 05: yearly registrations (đăng ký học tập và làm theo) of members and collectives, their
results, good models (mô hình hay), and the registration rates the office reports
("257 tập thể và 5.747 cá nhân đăng ký, đạt 97,2%"). Re-exported by models.study.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from models import rules, vn
from models.commune import organisations
from models.errors import UserError
from models.people import member_events, member_history, members
from models.people.member_events import ON_ROLL_STATUSES
from models.storage import audit
from models.storage.db import transaction


def _results(year: int) -> list[str]:
    return list(rules.for_review_year(year).study.ct05_results)


def _check_year(year: int) -> None:
    if not 2000 <= int(year) <= dt.date.today().year + 1:
        raise UserError(f"Năm {year} không hợp lệ. Hãy nhập năm đăng ký, ví dụ {dt.date.today().year}.")


@dataclass(frozen=True)
class Ct05Registration:
    id: int
    year: int
    member_id: int | None
    org_id: int | None
    name: str                    # the member's or the organisation's name
    commitment: str
    result: str

    @property
    def is_collective(self) -> bool:
        return self.org_id is not None


# What the Chỉ thị 05 lists and reports print of each text (a commitment runs on across lines).
CT05_MAX_LENGTHS = {"commitment": 2000, "name": 200, "description": 2000}
CT05_LABELS = {"commitment": "Nội dung đăng ký", "name": "Tên mô hình", "description": "Mô tả mô hình"}


def _ct05_text(name: str, value: str) -> str:
    return vn.clean_field(value, CT05_LABELS[name], CT05_MAX_LENGTHS[name], "danh sách Chỉ thị 05",
                          multiline=name != "name")


def register_ct05(conn: sqlite3.Connection, year: int, *, member_id: int | None = None, org_id: int | None = None,
                  commitment: str = "", result: str = "") -> Ct05Registration:
    """Register a member or an organisation for a year.

    A second registration updates the commitment of the first; a result already recorded is kept unless a new
    one is given (re-typing a commitment in December must not wipe the year's assessment).
    """
    _check_year(year)
    if (member_id is None) == (org_id is None):
        raise UserError("Hãy chọn hoặc một đảng viên, hoặc một tổ chức đảng để đăng ký làm theo Chỉ thị 05.")
    if member_id is not None:
        members.get(conn, member_id)
    else:
        organisations.get(conn, int(org_id or 0))
    result = vn.clean_text(result)
    commitment = _ct05_text("commitment", commitment)
    if result and result not in _results(year):
        raise UserError(f"Kết quả “{result}” không hợp lệ. Hãy chọn: {', '.join(_results(year))}.")
    column = "member_id" if member_id is not None else "org_id"
    target = member_id if member_id is not None else org_id
    with transaction(conn):
        conn.execute(f"INSERT INTO ct05_registrations (year, {column}, commitment, result) VALUES (?, ?, ?, ?)"
                     f" ON CONFLICT (year, {column}) WHERE {column} IS NOT NULL DO UPDATE SET"
                     " commitment = excluded.commitment,"
                     " result = CASE WHEN excluded.result = '' THEN result ELSE excluded.result END",
                     (year, target, commitment, result))
        reg_id = conn.execute(f"SELECT id FROM ct05_registrations WHERE year = ? AND {column} = ?",
                              (year, target)).fetchone()[0]
        audit.record(conn, "đăng ký Chỉ thị 05", "ct05_registration", reg_id,
                     {"year": year, column: target, "commitment": commitment, "result": result})
    return _get(conn, reg_id)


def set_ct05_result(conn: sqlite3.Connection, registration_id: int, result: str) -> Ct05Registration:
    """Record how a registration turned out at the year's end (Tốt/Khá/Đạt/Chưa đạt, '' to clear)."""
    reg = _get(conn, registration_id)
    result = vn.nfc(result)
    if result and result not in _results(reg.year):
        raise UserError(f"Kết quả “{result}” không hợp lệ. Hãy chọn: {', '.join(_results(reg.year))}.")
    with transaction(conn):
        conn.execute("UPDATE ct05_registrations SET result = ? WHERE id = ?", (result, registration_id))
        audit.record(conn, "kết quả Chỉ thị 05", "ct05_registration", registration_id, {"result": result})
    return _get(conn, registration_id)


_SELECT = ("SELECT r.id, r.year, r.member_id, r.org_id, coalesce(m.full_name, o.name) AS name, r.commitment, r.result"
           " FROM ct05_registrations r LEFT JOIN members m ON m.id = r.member_id"
           " LEFT JOIN organisations o ON o.id = r.org_id")


def _get(conn: sqlite3.Connection, registration_id: int) -> Ct05Registration:
    row = conn.execute(_SELECT + " WHERE r.id = ?", (registration_id,)).fetchone()
    if row is None:
        raise UserError(f"Không có đăng ký Chỉ thị 05 mã số {registration_id}.")
    return Ct05Registration(*row)


def ct05_registrations(conn: sqlite3.Connection, year: int, org_ids: list[int] | None = None) -> list[Ct05Registration]:
    """A year's registrations: collectives first, then members in Vietnamese name order."""
    rows = [Ct05Registration(*r) for r in conn.execute(_SELECT + " WHERE r.year = ? ORDER BY m.sort_key, r.id",
                                                        (year,))]
    # collectives first, in tree order (numbers by value, which no stored text key gives); members keep name order
    rank = {int(org.id): number for number, org in enumerate(organisations.all_organisations(conn))}
    rows.sort(key=lambda r: (r.org_id is None, rank.get(r.org_id, 0) if r.org_id is not None else 0))
    if org_ids is None:
        return rows
    scope = set(org_ids)
    # the cell the member belonged to at that year's end (as ct05_stats counts), not the one they are in today
    on = min(dt.date(year, 12, 31), dt.date.today())
    # only someone in the scope now, or with an event there, can have been in it then: replay just those
    maybe_here = set(_candidates(conn, org_ids))
    histories = member_history.events_of(conn, [r.member_id for r in rows
                                                 if r.member_id is not None and r.member_id in maybe_here])
    in_scope = {member_id for member_id, history in histories.items()
                if member_events.replay(history, on).org_id in scope}
    return [r for r in rows if (r.org_id in scope) or (r.member_id in in_scope)]


# ---------------------------------------------------------------- rates

@dataclass(frozen=True)
class Ct05Stats:
    members_registered: int
    members_on_roll: int
    orgs_registered: int
    orgs_total: int

    @property
    def member_rate(self) -> Decimal | None:
        return vn.rate(self.members_registered, self.members_on_roll)

    @property
    def org_rate(self) -> Decimal | None:
        return vn.rate(self.orgs_registered, self.orgs_total)

    @property
    def text(self) -> str:
        """'257/263 tập thể, đạt 97,7%; 5.747/5.910 cá nhân, đạt 97,2%'."""
        return (f"{vn.format_int(self.orgs_registered)}/{vn.format_int(self.orgs_total)} tập thể, "
                f"đạt {vn.format_rate(self.orgs_registered, self.orgs_total)}; "
                f"{vn.format_int(self.members_registered)}/{vn.format_int(self.members_on_roll)} cá nhân, "
                f"đạt {vn.format_rate(self.members_registered, self.members_on_roll)}")


def _candidates(conn: sqlite3.Connection, org_ids: list[int] | None) -> list[int]:
    """Members who may have been in the scope at some date: in it now, or with an event in it."""
    sql, params = "SELECT id FROM members", []
    if org_ids is not None:
        marks = ",".join("?" * len(org_ids)) or "NULL"
        sql += f" WHERE org_id IN ({marks}) OR id IN (SELECT member_id FROM member_events WHERE org_id IN ({marks}))"
        params = [*org_ids, *org_ids]
    return [member_id for (member_id,) in conn.execute(sql, params).fetchall()]


def _roll_ids(conn: sqlite3.Connection, on: dt.date, org_ids: list[int] | None) -> set[int]:
    """Members on the roll of the scope on a date (history replayed, so past years count right)."""
    candidates = _candidates(conn, org_ids)
    found = set()
    # one read of the events for all of them (a query per member took seconds for a whole commune)
    for member_id, history in member_history.events_of(conn, candidates).items():
        then = member_events.replay(history, on)
        if then.status in ON_ROLL_STATUSES and (org_ids is None or then.org_id in org_ids):
            found.add(member_id)
    return found


def ct05_stats(conn: sqlite3.Connection, year: int, org_ids: list[int] | None = None) -> Ct05Stats:
    """Members registered / on the roll, organisations registered / active, at the year's end (or today)."""
    on = min(dt.date(year, 12, 31), dt.date.today())
    roll = _roll_ids(conn, on, org_ids)
    orgs = {o.id for o in organisations.all_organisations(conn)
            if o.unit_type != "to_dang" and o.active_on(on) and (org_ids is None or o.id in org_ids)}
    regs = conn.execute("SELECT member_id, org_id FROM ct05_registrations WHERE year = ?", (year,)).fetchall()
    return Ct05Stats(members_registered=sum(1 for r in regs if r[0] in roll), members_on_roll=len(roll),
                     orgs_registered=sum(1 for r in regs if r[1] in orgs), orgs_total=len(orgs))


# ---------------------------------------------------------------- good models

@dataclass(frozen=True)
class GoodModel:
    year: int
    name: str
    description: str = ""
    org_id: int | None = None
    member_id: int | None = None
    id: int = 0


def add_good_model(conn: sqlite3.Connection, model: GoodModel) -> GoodModel:
    """Record a good model (mô hình hay) of a collective or a member under Chỉ thị 05."""
    _check_year(model.year)
    name = _ct05_text("name", model.name)
    description = _ct05_text("description", model.description)
    if not name:
        raise UserError("Hãy nhập tên mô hình, ví dụ “Mô hình dân vận khéo trong xây dựng nông thôn mới”.")
    if model.org_id is not None:
        organisations.get(conn, model.org_id)
    if model.member_id is not None:
        members.get(conn, model.member_id)
    with transaction(conn):
        cursor = conn.execute("INSERT INTO good_models (year, org_id, member_id, name, description)"
                              " VALUES (?, ?, ?, ?, ?)",
                              (model.year, model.org_id, model.member_id, name, description))
        model_id = int(cursor.lastrowid or 0)
        audit.record(conn, "thêm mô hình hay", "good_model", model_id, {"year": model.year, "name": name})
    return GoodModel(model.year, name, description, model.org_id, model.member_id, model_id)


def good_models(conn: sqlite3.Connection, year: int) -> list[GoodModel]:
    rows = conn.execute("SELECT year, name, description, org_id, member_id, id FROM good_models WHERE year = ?"
                        " ORDER BY id", (year,))
    return [GoodModel(*r) for r in rows]
