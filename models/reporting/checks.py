"""Checks the office runs before a report or a review: the file's integrity and the rules of the Charter.

Each finding names the member or organisation and says what to do, in Vietnamese. Checks only read.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from models import vn
from models.commune import organisations
from models.errors import UserError, damaged_message
from models.people import member_history
from models.reporting import todo
from models.storage import audit, db

DAMAGED = "toan_ven"   # the finding code of a damaged file: the check command then exits 1
AUDIT = "nhat_ky"      # the audit trail was edited or cut outside the program


@dataclass(frozen=True)
class Finding:
    code: str       # toan_ven / lich_su / trang_thai / chi_bo_it / du_bi_qua_han / bo_sinh_hoat / no_dang_phi
    message: str    # / thieu_bi_thu / trung_lap


def run(conn: sqlite3.Connection, today: dt.date | None = None) -> list[Finding]:
    """Every check, in the order a clerk would fix things: the file first, then people, then organisations."""
    today = today or dt.date.today()
    checks: list[Callable[[sqlite3.Connection, dt.date], list[Finding]]] = [
        _integrity, _audit_chain, _histories, _small_cells, _overdue_probation, _absences, _unpaid_dues, _no_secretary,
        _duplicates]
    findings: list[Finding] = []
    for check in checks:
        try:
            findings.extend(check(conn, today))
        except sqlite3.DatabaseError as error:   # the file is damaged where this check reads: fix the file first
            findings.append(Finding(DAMAGED, f"{damaged_message()} (Chi tiết: {error}.)"))
            break
    return findings


def _who(name: str, org_id: int | None, org_names: dict[int, str]) -> str:
    where = org_names.get(org_id or 0, "")
    return f"{name} ({where})" if where else name


# ---------------------------------------------------------------- the file and the histories

def _audit_chain(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    problems = audit.chain_problems(conn)
    if removed := audit.removed_accounts(conn):
        problems.append(f"Tài khoản {', '.join(removed)} đã bị xóa khỏi tệp (chương trình chỉ khóa, không xóa "
                        "tài khoản).")
    return [Finding(AUDIT, f"{problem} Tệp đã bị can thiệp ngoài chương trình; hãy báo quản trị viên và giữ "
                           "nguyên tệp này làm bằng chứng.") for problem in problems]


def _integrity(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    return [Finding(DAMAGED, f"Tệp dữ liệu có lỗi: {problem} Hãy khôi phục từ bản sao lưu gần nhất "
                                "hoặc báo cho người hỗ trợ.") for problem in db.integrity_problems(conn)]


def _histories(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    """Members whose recorded events no longer replay, or whose cached state differs from them."""
    findings = []
    rows = conn.execute("SELECT id, full_name, org_id, standing, status FROM members ORDER BY sort_key, id").fetchall()
    for row in rows:
        try:
            state = member_history.state(conn, row["id"])
        except UserError as error:
            findings.append(Finding("lich_su", f"Lịch sử của đảng viên {row['full_name']} (mã {row['id']}) không còn "
                                    f"hợp lệ: {error.message} Hãy mở lịch sử của đảng viên và đính chính "
                                    "sự kiện ghi nhầm."))
            continue
        if (state.org_id, state.standing, state.status) != (row["org_id"], row["standing"], row["status"]):
            findings.append(Finding("trang_thai", f"Tình trạng đang lưu của đảng viên {row['full_name']} "
                                    f"(mã {row['id']}) "
                                    f"khác với lịch sử ({state.status_name.lower()}). Hãy mở lịch sử của đảng viên "
                                    "và lưu lại để cập nhật."))
    return findings


# ---------------------------------------------------------------- the Charter's rules, as the to-do list has them

# The to-do kinds that break a rule of the Charter, with the finding codes ``check`` has always printed.
_RULE_FINDINGS = {"few_members": "chi_bo_it", "probation_overdue": "du_bi_qua_han", "absences": "bo_sinh_hoat",
                  "unpaid_dues": "no_dang_phi", "no_secretary": "thieu_bi_thu"}
add_working_days = todo.add_working_days   # kept here too: callers knew it from checks


def _rule_findings(collect: todo.Collector) -> Callable[[sqlite3.Connection, dt.date], list[Finding]]:
    """A check made of one to-do collector: its items that break a rule (an upcoming deadline does not)."""
    def check(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
        return [Finding(_RULE_FINDINGS[item.kind], item.message) for item in collect(todo.context(conn, None, today))
                if item.kind in _RULE_FINDINGS]
    check.__doc__ = collect.__doc__
    return check


_small_cells = _rule_findings(todo.small_cells)
_overdue_probation = _rule_findings(todo.probation)
_absences = _rule_findings(todo.absences)
_unpaid_dues = _rule_findings(todo.unpaid_dues)
_no_secretary = _rule_findings(todo.no_secretary)


# ---------------------------------------------------------------- duplicates

def _duplicates(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    """Members with the same name (ignoring accents and case) and the same birth date: maybe entered twice."""
    groups: dict[tuple[str, str], list[sqlite3.Row]] = {}
    for row in conn.execute("SELECT id, full_name, birth_date, org_id FROM members WHERE birth_date IS NOT NULL"
                            " ORDER BY sort_key, id"):
        groups.setdefault((vn.fold(row["full_name"]), row["birth_date"]), []).append(row)
    names = organisations.names_by_id(conn)
    findings = []
    for (_, birth), rows in groups.items():
        if len(rows) > 1:
            people = "; ".join(f"{_who(r['full_name'], r['org_id'], names)}, mã {r['id']}" for r in rows)
            findings.append(Finding("trung_lap", f"Có thể trùng người (cùng họ tên và ngày sinh "
                                    f"{vn.format_date(birth)}): {people}. Hãy đối chiếu lý lịch; nếu là một người thì "
                                    "giữ một hồ sơ và ghi chú vào hồ sơ nhập thừa."))
    return findings
