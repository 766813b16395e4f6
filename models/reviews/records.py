"""The year-end review (đánh giá, xếp loại chất lượng đảng viên và tổ chức đảng).

A year's review is opened once (``open_review``): it records the rule set in force for that year
and lists every member on the roll and every organisation, with who is not reviewed and why.
Clerks then enter self-scores, the cell's proposal with its vote and the committee's decision.
The rules (score bands, discipline cap, the HTXSNV quota) live in ``review_rules``; they only warn.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from models import rules, vn
from models.commune import organisations
from models.errors import UserError
from models.frozen import filled
from models.people import member_events, member_history
from models.reviews.review_evidence import disciplined_in_year
from models.reviews.review_rules import (
    RatedMember,
    RatedOrg,
    ReviewWarning,
    effective_level,
    member_warnings,
    months_before,
    org_warnings,
)
from models.rules import RuleSet
from models.storage import audit
from models.storage.db import transaction

__all__ = ["ReviewWarning", "level_counts", "tally_levels", "warnings", "open_review"]

# A rule set without a scoring scale (124-QĐ/TW) still lets a clerk note a self-score out of 100.
SCORE_MAX_WITHOUT_SCALE = 100

REVIEWED_UNIT_TYPES = ("dang_bo_co_so", "chi_bo_co_so", "chi_bo_truc_thuoc")


@dataclass(frozen=True)
class ReviewPeriod:
    year: int
    rule_set_id: str
    opened_on: dt.date
    review_on: dt.date          # the day the "admitted less than N months" rule is counted on

    @property
    def rule_set(self) -> RuleSet:
        return rules.by_id(self.rule_set_id)


@dataclass(frozen=True)
class OpenResult:
    year: int
    rule_set_name: str
    members_added: int
    orgs_added: int
    not_reviewed_added: int

    @property
    def message(self) -> str:
        if not (self.members_added or self.orgs_added):
            return f"Đợt đánh giá năm {self.year} đã mở; không có đảng viên hay tổ chức mới cần thêm."
        return (f"Đã mở đợt đánh giá năm {self.year} theo {self.rule_set_name}: thêm "
                f"{vn.format_int(self.members_added)} đảng viên (trong đó {vn.format_int(self.not_reviewed_added)} "
                f"không đánh giá) và {vn.format_int(self.orgs_added)} tổ chức đảng.")


def period(conn: sqlite3.Connection, year: int) -> ReviewPeriod | None:
    row = conn.execute("SELECT * FROM review_periods WHERE year = ?", (year,)).fetchone()
    if row is None:
        return None
    return ReviewPeriod(row["year"], row["rule_set"], vn.to_date(row["opened_on"]) or dt.date.min,
                        vn.to_date(row["review_on"]) or dt.date(year, 12, 31))


def year_rule_set(conn: sqlite3.Connection, year: int) -> RuleSet:
    """The rule set a year's review is held under: the one its period was opened with, else the year's."""
    found = period(conn, year)
    return found.rule_set if found else rules.for_review_year(year)


def require_period(conn: sqlite3.Connection, year: int) -> ReviewPeriod:
    """The open review of a year, or a UserError telling the clerk to open it first."""
    found = period(conn, year)
    if found is None:
        raise UserError(f"Chưa mở đợt đánh giá, xếp loại năm {year}. Hãy mở đợt đánh giá năm {year} "
                        "(mục Đánh giá xếp loại → “Mở đợt đánh giá”) rồi làm lại.")
    return found


def open_years(conn: sqlite3.Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute("SELECT year FROM review_periods ORDER BY year DESC")]


# ---------------------------------------------------------------- opening a year

def not_reviewed_reason(rule_set: RuleSet, state: member_events.State, on: dt.date) -> str:
    """Why a member on the roll is not reviewed this year ('' when they are), from the rule set."""
    rule = rule_set.not_reviewed
    if state.status in rule.statuses:
        return member_events.STATUSES.get(state.status, state.status)
    if state.status in rule.elsewhere_statuses:
        return "Sinh hoạt tạm thời, đánh giá tại tổ chức đảng nơi sinh hoạt chính thức"
    admitted = member_events.admitted_on(state)
    months = rule.admitted_within_months
    if months_before(admitted, on, months):
        return f"Kết nạp ngày {vn.format_date(admitted)}, chưa đủ {months} tháng tính đến {vn.format_date(on)}"
    return ""


def open_review(conn: sqlite3.Connection, year: int, review_on: dt.date | None = None) -> OpenResult:
    """Open (or top up) a year's review; rows already there are never changed."""
    today = dt.date.today()
    if not 2000 <= year <= today.year + 1:
        raise UserError(f"Năm {year} không hợp lệ. Hãy chọn năm cần đánh giá, ví dụ {today.year}.")
    existing = period(conn, year)
    on = existing.review_on if existing else (review_on or dt.date(year, 12, 31))
    rule_set = existing.rule_set if existing else rules.for_review_year(year)
    states = member_history.states_on(conn, on)
    orgs = [o for o in organisations.all_organisations(conn)
            if o.unit_type in REVIEWED_UNIT_TYPES and o.active_on(on) and (o.founded_on or on) <= on]
    with transaction(conn):
        if existing is None:
            conn.execute("INSERT INTO review_periods (year, rule_set, opened_on, review_on) VALUES (?, ?, ?, ?)",
                         (year, rule_set.id, today.isoformat(), on.isoformat()))
        added = skipped = 0
        for member_id, state in states.items():
            if not state.on_roll or state.org_id is None:
                continue
            reason = not_reviewed_reason(rule_set, state, on)
            cursor = conn.execute(
                "INSERT OR IGNORE INTO member_reviews (year, member_id, org_id, reviewed, not_reviewed_reason)"
                " VALUES (?, ?, ?, ?, ?)", (year, member_id, state.org_id, 0 if reason else 1, reason))
            added += cursor.rowcount
            skipped += cursor.rowcount if reason else 0
        orgs_added = 0
        for org in orgs:
            cursor = conn.execute("INSERT OR IGNORE INTO org_reviews (year, org_id) VALUES (?, ?)", (year, org.id))
            orgs_added += cursor.rowcount
        audit.record(conn, "mở đợt đánh giá" if existing is None else "bổ sung đợt đánh giá", "review_period",
                     year, {"rule_set": rule_set.id, "members": added, "orgs": orgs_added})
    return OpenResult(year, rule_set.name, added, orgs_added, skipped)


# ---------------------------------------------------------------- review rows

@dataclass(frozen=True, kw_only=True)
class ReviewEntry:
    """What a year's review records alike for a member and an organisation: self-review, votes, decision."""

    reviewed: bool = True
    not_reviewed_reason: str = ""
    self_score: int | None = None
    self_level: str | None = None
    votes_for: int | None = None
    votes_total: int | None = None
    decided_level: str | None = None
    decision_no: str = ""
    decision_date: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class MemberReview(ReviewEntry):
    """One member's line in a year's review."""

    year: int
    member_id: int
    full_name: str
    org_id: int | None
    org_name: str
    cell_level: str | None = None

    @property
    def level(self) -> str | None:
        return effective_level(self.decided_level, self.cell_level)


@dataclass(frozen=True)
class OrgReview(ReviewEntry):
    """One organisation's line in a year's review."""

    year: int
    org_id: int
    name: str
    unit_type: str
    parent_id: int | None
    proposed_level: str | None = None

    @property
    def level(self) -> str | None:
        return effective_level(self.decided_level, self.proposed_level)


_ENTRY_COLUMNS = ("self_score", "self_level", "votes_for", "votes_total", "decided_level", "decision_no",
                  "decision_date", "notes")


def _entry(r: sqlite3.Row) -> dict[str, Any]:
    """The ``ReviewEntry`` fields of a row of member_reviews or org_reviews (the two tables share them)."""
    return {"reviewed": bool(r["reviewed"]), "not_reviewed_reason": r["not_reviewed_reason"],
            "self_score": r["self_score"], "self_level": r["self_level"], "votes_for": r["votes_for"],
            "votes_total": r["votes_total"], "decided_level": r["decided_level"], "decision_no": r["decision_no"],
            "decision_date": vn.to_date(r["decision_date"]), "notes": r["notes"]}


def _scope_clause(conn: sqlite3.Connection, column: str, org_id: int | None) -> tuple[str, list[Any]]:
    if org_id is None:
        return "", []
    scope = organisations.descendants(conn, org_id)
    return f" AND {column} IN ({','.join('?' * len(scope))})", list(scope)


def member_reviews(conn: sqlite3.Connection, year: int, org_id: int | None = None) -> list[MemberReview]:
    """The year's member rows (an organisation with its sub-units, or all), by cell then register order."""
    where, params = _scope_clause(conn, "r.org_id", org_id)
    rows = conn.execute(
        "SELECT r.*, m.full_name, m.sort_key, o.name AS org_name FROM member_reviews r"
        " JOIN members m ON m.id = r.member_id"
        f" LEFT JOIN organisations o ON o.id = r.org_id WHERE r.year = ?{where}", [year, *params]).fetchall()
    order = {o.id: i for i, o in enumerate(organisations.all_organisations(conn))}
    # members.sort_key is vn.name_sort_text of the name, kept with it: the name order without recomputing it
    rows.sort(key=lambda r: (order.get(r["org_id"], 10**9), r["sort_key"], vn.nfc(r["full_name"])))
    # a commune's 10,000 rows: built without the frozen dataclass's slow __init__ (models.frozen)
    return [filled(MemberReview, {
        "year": r["year"], "member_id": r["member_id"], "full_name": r["full_name"], "org_id": r["org_id"],
        "org_name": r["org_name"] or "", "cell_level": r["cell_level"], **_entry(r)})
        for r in rows]


def org_reviews(conn: sqlite3.Connection, year: int, org_id: int | None = None) -> list[OrgReview]:
    """The year's organisation rows in tree order (an organisation with its sub-units, or all)."""
    where, params = _scope_clause(conn, "r.org_id", org_id)
    found = {r["org_id"]: r for r in conn.execute(
        f"SELECT r.* FROM org_reviews r WHERE r.year = ?{where}", [year, *params])}
    result = []
    for org in organisations.all_organisations(conn):
        r = found.get(org.id)
        if r is None:
            continue
        result.append(OrgReview(
            year=year, org_id=org.id, name=org.name, unit_type=org.unit_type, parent_id=org.parent_id,
            proposed_level=r["proposed_level"], **_entry(r)))
    return result


def score_limit(rule_set: RuleSet | None) -> int:
    """The highest self-score that can be entered: the rule set's scale, else 100."""
    return rule_set.scoring.max if rule_set and rule_set.scoring else SCORE_MAX_WITHOUT_SCALE


def _check_row(rule_set: RuleSet, who: str, row: ReviewEntry, proposal: str | None) -> None:
    levels = rule_set.level_codes
    for label, value in (("tự xếp loại", row.self_level), ("mức đề xuất", proposal),
                         ("mức cấp trên quyết định", row.decided_level)):
        if value and value not in levels:
            raise UserError(f"{who}: {label} “{value}” không có trong {rule_set.name}. "
                            f"Hãy chọn một trong: {', '.join(levels)}.")
    top = score_limit(rule_set)
    if row.self_score is not None and not 0 <= row.self_score <= top:
        raise UserError(f"{who}: điểm tự chấm phải từ 0 đến {top}.")
    if row.votes_for is not None and row.votes_total is not None and row.votes_for > row.votes_total:
        raise UserError(f"{who}: số phiếu tán thành ({row.votes_for}) lớn hơn tổng số ({row.votes_total}). "
                        "Hãy kiểm tra lại biểu quyết.")
    if any(v is not None and v < 0 for v in (row.votes_for, row.votes_total)):
        raise UserError(f"{who}: số phiếu không thể âm.")
    if not row.reviewed and (row.self_level or proposal or row.decided_level):
        raise UserError(f"{who} thuộc diện không đánh giá ({row.not_reviewed_reason}); hãy để trống mức xếp loại.")


# What the review summary and forms print of each text.
REVIEW_MAX_LENGTHS = {"decision_no": 30, "notes": 300}
REVIEW_LABELS = {"decision_no": "Số quyết định", "notes": "Ghi chú"}


def _review_text(name: str, value: str) -> str:
    return vn.clean_field(value, REVIEW_LABELS[name], REVIEW_MAX_LENGTHS[name], "bảng tổng hợp đánh giá")


def _values(row: ReviewEntry) -> list[Any]:
    return [row.self_score, row.self_level or None, row.votes_for, row.votes_total, row.decided_level or None,
            _review_text("decision_no", row.decision_no), vn.iso(row.decision_date), _review_text("notes", row.notes)]


@dataclass(frozen=True)
class _Table:
    """Where one kind of review row is stored; each column name is also the row's attribute."""

    name: str
    key: str            # member_id / org_id
    proposal: str       # the level the cell or the committee below proposes
    who: str            # the attribute naming the row in a message
    audit_kind: str


_MEMBER_TABLE = _Table("member_reviews", "member_id", "cell_level", "full_name", "member_review")
_ORG_TABLE = _Table("org_reviews", "org_id", "proposed_level", "name", "org_review")


def save_member_reviews(conn: sqlite3.Connection, year: int, rows: Sequence[MemberReview]) -> int:
    """Save edited member rows in one transaction with an audit line each; returns how many changed."""
    return _save_rows(conn, year, _MEMBER_TABLE, rows, lambda: member_reviews(conn, year))


def save_org_reviews(conn: sqlite3.Connection, year: int, rows: Sequence[OrgReview]) -> int:
    """Save edited organisation rows in one transaction with an audit line each."""
    return _save_rows(conn, year, _ORG_TABLE, rows, lambda: org_reviews(conn, year))


def _save_rows(conn: sqlite3.Connection, year: int, table: _Table, rows: Sequence[ReviewEntry],
               stored: Callable[[], Sequence[ReviewEntry]]) -> int:
    """The rows that differ from what is stored, checked against the year's rules, then written."""
    rule_set = require_period(conn, year).rule_set
    old = {getattr(r, table.key): r for r in stored()}
    changed = [r for r in rows if getattr(r, table.key) in old and r != old[getattr(r, table.key)]]
    for row in changed:
        _check_row(rule_set, getattr(row, table.who), row, getattr(row, table.proposal))
    sets = ", ".join(f"{c} = ?" for c in (table.proposal, *_ENTRY_COLUMNS))
    with transaction(conn):
        for row in changed:
            row_id = getattr(row, table.key)
            conn.execute(f"UPDATE {table.name} SET {sets} WHERE year = ? AND {table.key} = ?",
                         [getattr(row, table.proposal) or None, *_values(row), year, row_id])
            audit.record(conn, "đánh giá", table.audit_kind, row_id, {"year": year, **_diff(old[row_id], row)})
    return len(changed)


def _diff(old: Any, new: Any) -> dict[str, Any]:
    names = ("self_score", "self_level", "cell_level", "proposed_level", *_ENTRY_COLUMNS[2:])
    return {n: [getattr(old, n), getattr(new, n)] for n in names
            if hasattr(old, n) and getattr(old, n) != getattr(new, n)}


# ---------------------------------------------------------------- counting and checking

def tally_levels(rule_set: RuleSet, levels: Sequence[str | None], not_reviewed: int) -> dict[str, int]:
    """How many at each level, plus those not reviewed: the one count that reports and summaries print."""
    counts = {level: 0 for level in rule_set.level_codes}
    for level in levels:
        if level in counts:
            counts[level] += 1
    counts["not_reviewed"] = not_reviewed
    return counts


def level_counts(conn: sqlite3.Connection, year: int) -> dict[str, dict[str, int]]:
    """Members and organisations per level (decided, else proposed) and how many are not reviewed."""
    return tally_rows(year_rule_set(conn, year), member_reviews(conn, year), org_reviews(conn, year))


def tally_rows(rule_set: RuleSet, members: Sequence[MemberReview],
               orgs: Sequence[OrgReview]) -> dict[str, dict[str, int]]:
    """``level_counts`` over the given rows (a report's scope)."""
    return {
        "members": tally_levels(rule_set, [m.level for m in members if m.reviewed],
                                sum(1 for m in members if not m.reviewed)),
        "organisations": tally_levels(rule_set, [o.level for o in orgs if o.reviewed],
                                      sum(1 for o in orgs if not o.reviewed)),
    }


def _ancestors(orgs: dict[int, organisations.Organisation], org_id: int | None) -> list[int]:
    chain = []
    while org_id is not None and org_id in orgs:
        chain.append(org_id)
        org_id = orgs[org_id].parent_id
    return chain


Stored = tuple[Sequence[MemberReview], Sequence[OrgReview]]


def warnings(conn: sqlite3.Connection, year: int, pending_members: Sequence[MemberReview] = (),
             pending_orgs: Sequence[OrgReview] = (), *, stored: Stored | None = None) -> list[ReviewWarning]:
    """Every rule warning for a year; ``pending_*`` rows (unsaved edits in the grid) replace stored ones;
    ``stored``: the year's member_reviews and org_reviews when the caller has read them already."""
    found = period(conn, year)
    if found is None:
        return []
    rule_set = found.rule_set
    orgs = organisations.by_id(conn)
    disciplined = disciplined_in_year(conn, year)
    stored_members, stored_orgs = stored if stored is not None else (member_reviews(conn, year),
                                                                     org_reviews(conn, year))
    members = {m.member_id: m for m in stored_members}
    members.update({m.member_id: m for m in pending_members})
    rated_members = []
    for m in members.values():
        if not m.reviewed:
            continue
        root = organisations.grassroots_in(orgs, orgs[m.org_id]) if m.org_id in orgs else None
        rated_members.append(RatedMember(m.member_id, m.full_name, m.org_id, root.id if root else None,
                                         root.name if root else "", m.level, m.self_score,
                                         m.member_id in disciplined, m.votes_for, m.votes_total, m.cell_level))
    blocked: dict[int, list[str]] = {}
    for m in members.values():
        if m.member_id in disciplined:
            for org_id in _ancestors(orgs, m.org_id):
                blocked.setdefault(org_id, []).append(m.full_name)
    org_rows = {o.org_id: o for o in stored_orgs}
    org_rows.update({o.org_id: o for o in pending_orgs})
    rated_orgs = [RatedOrg(o.org_id, o.name, o.parent_id, orgs[o.parent_id].name if o.parent_id in orgs else "",
                           o.level, o.self_score, tuple(blocked.get(o.org_id, ())), o.votes_for, o.votes_total,
                           o.proposed_level)
                  for o in org_rows.values() if o.reviewed]
    return member_warnings(rule_set, rated_members) + org_warnings(rule_set, rated_orgs)
