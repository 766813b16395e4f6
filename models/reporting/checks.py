"""Checks the office runs before a report or a review: the file's integrity and the rules of the Charter.

Each finding names the member or organisation and says what to do, in Vietnamese. Checks only read.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from models import rules, vn
from models.commune import organisations
from models.dues import ledger as dues
from models.errors import UserError, damaged_message
from models.people import member_events, member_history
from models.people.member_events import LEFT_STATUSES, ON_ROLL_STATUSES
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


def _placeholders(values: tuple[str, ...]) -> str:
    return ",".join("?" * len(values))


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


# ---------------------------------------------------------------- members

def _small_cells(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    """A chi bộ needs at least three full members (Điều lệ Đảng)."""
    findings = []
    for cell in organisations.cells(conn, today):
        full = conn.execute(f"SELECT count(*) FROM members WHERE org_id = ? AND standing = 'chinh_thuc'"
                            f" AND status IN ({_placeholders(ON_ROLL_STATUSES)})",
                            (cell.id, *ON_ROLL_STATUSES)).fetchone()[0]
        if full < 3:
            findings.append(Finding("chi_bo_it", f"{cell.name} chỉ có {full} đảng viên chính thức; chi bộ phải có ít "
                                    "nhất 3 đảng viên chính thức (Điều lệ Đảng). Hãy bổ sung đảng viên hoặc đề nghị "
                                    "cấp ủy ghép chi bộ này với chi bộ khác."))
    return findings


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day ``days`` working days (Monday to Friday) after ``start``."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _overdue_probation(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    """Probationary members not confirmed within the probation (12 months) plus the deadline (30 working days)."""
    findings, names = [], organisations.names_by_id(conn)
    rows = conn.execute(f"SELECT id, full_name, org_id, joined_on FROM members WHERE standing = 'du_bi'"
                        f" AND status IN ({_placeholders(ON_ROLL_STATUSES)}) AND joined_on IS NOT NULL"
                        " ORDER BY joined_on, sort_key", ON_ROLL_STATUSES).fetchall()
    for row in rows:
        joined = dt.date.fromisoformat(row["joined_on"])
        rule_set = rules.for_date(joined)
        end = member_events.probation_end(joined, rule_set.probation_months)
        deadline = add_working_days(end, rule_set.confirmation_deadline_working_days)
        if deadline < today:
            findings.append(Finding("du_bi_qua_han", (
                f"Đảng viên dự bị {_who(row['full_name'], row['org_id'], names)} "
                f"kết nạp ngày {vn.format_date(joined)}: "
                f"hết {rule_set.probation_months} tháng dự bị ngày {vn.format_date(end)}, hạn xét chuyển chính thức là "
                f"{vn.format_date(deadline)} nhưng chưa có quyết định. Hãy tổ chức xét chuyển chính thức "
                "và ghi sự kiện “Chuyển đảng viên chính thức”.")))
    return findings


def _years(today: dt.date) -> tuple[int, int]:
    return today.year - 1, today.year


def _absences(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    """Members absent from their cell's meetings without reason in N months of a year (Điều lệ, Art. 8)."""
    findings, names = [], organisations.names_by_id(conn)
    for year in _years(today):
        limit = rules.for_review_year(year).meetings.absence_removal_months
        rows = conn.execute(
            "SELECT mb.id, mb.full_name, mb.org_id, count(DISTINCT substr(m.held_on, 1, 7)) AS months"
            " FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id JOIN members mb ON mb.id = a.member_id"
            f" WHERE a.status = 'vang_khong_ly_do' AND m.held_on BETWEEN ? AND ?"
            f" AND mb.status IN ({_placeholders(ON_ROLL_STATUSES)})"
            " GROUP BY mb.id HAVING months >= ? ORDER BY mb.sort_key",
            (f"{year}-01-01", f"{year}-12-31", *ON_ROLL_STATUSES, limit)).fetchall()
        for row in rows:
            findings.append(Finding("bo_sinh_hoat", (
                f"Đảng viên {_who(row['full_name'], row['org_id'], names)} vắng sinh hoạt không có lý do "
                f"{row['months']} tháng trong năm {year} (từ {limit} tháng trở lên). Chi bộ cần xem xét, "
                "đề nghị xóa tên theo Điều 8 Điều lệ Đảng nếu không có lý do chính đáng.")))
    return findings


def _unpaid_dues(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    """Members who did not pay dues for N months of a year; only members with an unpaid month recorded."""
    findings, names = [], organisations.names_by_id(conn)
    for year in _years(today):
        limit = rules.for_review_year(year).meetings.absence_removal_months
        rows = conn.execute(
            "SELECT DISTINCT mb.id, mb.full_name, mb.org_id FROM dues_payments p JOIN members mb ON mb.id = p.member_id"
            f" WHERE p.amount_paid < p.amount_due AND p.month BETWEEN ? AND ?"
            f" AND mb.status IN ({_placeholders(ON_ROLL_STATUSES)}) ORDER BY mb.sort_key",
            (f"{year}-01", f"{year}-12", *ON_ROLL_STATUSES)).fetchall()
        for row in rows:
            months = dues.unpaid_months(conn, row["id"], year)
            if months >= limit:
                findings.append(Finding("no_dang_phi", (
                    f"Đảng viên {_who(row['full_name'], row['org_id'], names)} chưa đóng đảng phí {months} tháng "
                    f"trong năm {year} (từ {limit} tháng trở lên). Chi bộ cần nhắc nhở; nếu không có lý do chính "
                    "đáng thì xem xét đề nghị xóa tên theo Điều 8 Điều lệ Đảng.")))
    return findings


# ---------------------------------------------------------------- organisations and duplicates

def _no_secretary(conn: sqlite3.Connection, today: dt.date) -> list[Finding]:
    """Every active đảng bộ cơ sở and chi bộ needs a bí thư in office who is still on the roll."""
    findings = []
    for org in organisations.all_organisations(conn, include_dissolved=False):
        if org.unit_type == "to_dang" or not org.active_on(today):
            continue
        holders = [p for p in organisations.positions(conn, org.id, today) if p.position == "bi_thu"]
        if not holders:
            findings.append(Finding("thieu_bi_thu", f"{org.name} chưa có bí thư đương nhiệm trong dữ liệu. Hãy ghi "
                                    "bí thư (hoặc người được giao phụ trách) trong mục tổ chức đảng."))
            continue
        status = conn.execute("SELECT status FROM members WHERE id = ?", (holders[-1].member_id,)).fetchone()[0]
        if status in LEFT_STATUSES:
            findings.append(Finding("thieu_bi_thu", (
                f"Bí thư {org.name} là {holders[-1].member_name}, nhưng đồng chí này "
                f"{member_events.STATUSES.get(status, status).lower()}. Hãy ghi bí thư mới hoặc kết thúc chức vụ.")))
    return findings


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
