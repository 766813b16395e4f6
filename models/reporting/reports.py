"""The year report: the figures a commune office sends upward, as a dict (``report --json``) and as text.

The keys of ``year_report`` are a scripting interface: keep their names. Rates come only from vn.rate
and are written as numbers with one decimal (97.2) or None when there is nothing to divide by.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from typing import Any

from models import periods, rules, vn
from models.commune import committee, organisations
from models.dues import ledger as dues
from models.errors import UserError
from models.meetings import records as meetings
from models.reporting import figures, todo
from models.reporting.periods import Period, counted_months
from models.reviews import records as reviews
from models.study import sessions as study

_number = figures.number


def year_report(conn: sqlite3.Connection, year: int, org_id: int | None = None,
                today: dt.date | None = None) -> dict[str, Any]:
    """Figures of one year for the whole commune, or for one organisation with its sub-units."""
    today = today or dt.date.today()
    if not 2000 <= year <= today.year + 1:
        raise UserError(f"Năm {year} không hợp lệ. Hãy chọn một năm từ 2000 đến {today.year}.")
    scope = None if org_id is None else [int(o) for o in organisations.descendants(conn, org_id)]
    on = min(dt.date(year, 12, 31), today)
    with figures.without_cycle_collection():
        data, counted = _figures(conn, year, scope, on, None, today)
        data = {"year": year, "committee": committee.get(conn).name,
                "scope": organisations.get(conn, org_id).name if org_id is not None else None,
                "as_of": on.isoformat(), **data}
        review_warnings = reviews.warnings(conn, year, stored=(counted.member_reviews, counted.org_reviews))
        data["warnings"] = _warnings(conn, year, scope, data, counted, review_warnings)
        # the to-do list's counts per kind, on the same day as the figures: what they share is not computed twice
        known = todo.Known(counted.states, year, counted.member_reviews, review_warnings)
        data["todo"] = todo.year_counts(conn, year, org_id, today, known)
    return data


def period_figures(conn: sqlite3.Connection, chosen: Period, org_id: int | None = None,
                   today: dt.date | None = None) -> dict[str, Any]:
    """The figures of a month, a quarter or a year, counting only its months already over (the periodic
    report, its charts and its workbook); the same keys and the same computation as ``year_report``."""
    months = counted_months(chosen, today)
    scope = None if org_id is None else [int(o) for o in organisations.descendants(conn, org_id)]
    on = min(Period(chosen.year, month=months[-1]).last_day, today or dt.date.today())
    data, _counted = _figures(conn, chosen.year, scope, on, months, today)
    return {"year": chosen.year, "quarter": chosen.quarter, "month": chosen.month, "period": chosen.label,
            "months": list(months), "committee": committee.get(conn).name,
            "scope": organisations.get(conn, org_id).name if org_id is not None else None,
            "as_of": on.isoformat(), **data}


def _figures(conn: sqlite3.Connection, year: int, scope: list[int] | None, on: dt.date,
             months: tuple[int, ...] | None, today: dt.date | None) -> tuple[dict[str, Any], figures.Breakdown]:
    """The figure sections of a report over some months of a year (None: the year's months already over)."""
    counted = figures.breakdown(conn, year, on, scope, months, today)
    chosen = list(months) if months else periods.months_over(year, today)
    first = dt.date(year, chosen[0], 1) if months else None
    last = Period(year, month=chosen[-1]).last_day if months else None
    meeting_stats = meetings.total_stats(counted.meetings, scope)
    study_stats = study.year_stats(conn, year, scope, first, last)
    member_figures = figures.member_totals(counted, scope)
    data: dict[str, Any] = {
        "organisations": _organisations(counted.orgs, year, scope),
        "members": member_figures,
        "meetings": {"held": meeting_stats.held, "expected": meeting_stats.expected,
                     "present": meeting_stats.present, "should_attend": meeting_stats.should_attend,
                     "attendance_rate": _number(meeting_stats.attendance_rate)},
        "study": {"sessions": study_stats.sessions, "expected": study_stats.expected,
                  "participants": study_stats.participants,
                  "participation_rate": _number(study_stats.participation_rate)},
        "ct05": _ct05(conn, year, scope, member_figures),
        "dues": _dues(counted.dues_stats),
        "reviews": figures.review_totals(counted, scope),
        "by_organisation": figures.by_organisation(counted, scope, first or dt.date(year, 1, 1),
                                                   last or dt.date(year, 12, 31)),
        "by_month": figures.by_month(conn, counted, year, scope, chosen),
    }
    return data, counted


# ---------------------------------------------------------------- sections

def _organisations(orgs: list[organisations.Organisation], year: int, scope: list[int] | None) -> dict[str, Any]:
    """Organisations active at some time in the year, by kind (every kind listed, zero included)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    by_kind = {kind: 0 for kind in organisations.UNIT_TYPES}
    for org in orgs:
        if scope is not None and org.id not in scope:
            continue
        if (org.founded_on is None or org.founded_on <= last) and (
                org.dissolved_on is None or org.dissolved_on > first):
            by_kind[org.unit_type] += 1
    return {"total": sum(by_kind.values()), "by_kind": by_kind}


def _ct05(conn: sqlite3.Connection, year: int, scope: list[int] | None,
          member_figures: dict[str, Any]) -> dict[str, Any]:
    """Registrations under Chỉ thị 05: members (against those expected to attend) and organisations."""
    rows = conn.execute("SELECT r.member_id, r.org_id, m.org_id AS member_org FROM ct05_registrations r"
                        " LEFT JOIN members m ON m.id = r.member_id WHERE r.year = ?", (year,)).fetchall()
    wanted = None if scope is None else set(scope)
    people = sum(1 for r in rows if r["member_id"] is not None and (wanted is None or r["member_org"] in wanted))
    units = sum(1 for r in rows if r["org_id"] is not None and (wanted is None or r["org_id"] in wanted))
    expected = member_figures["total"] - member_figures["mien_sinh_hoat"]
    return {"members": people, "organisations": units, "registration_rate": _number(vn.rate(people, expected))}


def _dues(stats: dues.DuesStats) -> dict[str, Any]:
    return {"due": stats.due, "collected": stats.collected, "collection_rate": _number(stats.collection_rate),
            "members_unpaid": len(stats.unpaid)}


def _warnings(conn: sqlite3.Connection, year: int, scope: list[int] | None,
              data: dict[str, Any], counted: figures.Breakdown,
              review_warnings: list[reviews.ReviewWarning]) -> list[dict[str, str]]:
    """The review's rule warnings plus the meeting goals (monthly meetings held, attendance above the goal)."""
    found: list[dict[str, str]] = []
    wanted = None if scope is None else set(scope)
    member_orgs = dict(conn.execute("SELECT id, org_id FROM members").fetchall()) if wanted is not None else {}
    for warning in review_warnings:
        org = warning.org_id if warning.org_id is not None else member_orgs.get(warning.member_id)
        if wanted is None or org in wanted:
            found.append({"code": warning.code, "message": warning.message})
    figures = data["meetings"]
    rule_set = rules.for_review_year(year)
    missing = figures["expected"] - figures["held"]
    if missing > 0:
        cells = _cells_short_of_meetings(counted, scope)
        named = "; ".join(f"{name} thiếu {count}" for name, count in cells[:6]) + ("; …" if len(cells) > 6 else "")
        found.append({"code": "thieu_sinh_hoat", "message": (
            f"Năm {year}{_months_counted(year)} các chi bộ đã "
            f"sinh hoạt thường kỳ {vn.format_int(figures['held'])}/"
            f"{vn.format_int(figures['expected'])} buổi, còn thiếu {vn.format_int(missing)} buổi"
            + (f" ({named})" if named else "") + ". Mỗi chi bộ sinh hoạt thường kỳ mỗi tháng một lần "
            f"({rule_set.citations.meetings}); hãy nhập biên bản còn thiếu hoặc nhắc các chi bộ chưa họp.")})
    goal = rule_set.meetings.attendance_goal_pct
    rate = figures["attendance_rate"]
    if rate is not None and Decimal(str(rate)) <= goal:
        found.append({"code": "du_hop_thap", "message": (
            f"Tỷ lệ đảng viên dự sinh hoạt năm {year} là {vn.format_percent(Decimal(str(rate)))}, chưa đạt mục tiêu "
            f"trên {vn.format_decimal(goal, 0)}%. Hãy xem các chi bộ có nhiều đảng viên vắng.")})
    return found


def _months_counted(year: int) -> str:
    """' (tính đến hết tháng 10)' for the year in progress: its current month is not counted yet."""
    over = periods.months_over(year)
    return f" (tính đến hết tháng {over[-1]})" if over and len(over) < 12 else ""


def _cells_short_of_meetings(counted: figures.Breakdown, scope: list[int] | None) -> list[tuple[str, int]]:
    """Cells that held fewer ordinary meetings than months they were active, with how many are missing."""
    orgs = {int(o.id): o for o in counted.orgs}
    short = []
    for cell in (o for o in counted.orgs if o.is_cell):
        stats = counted.meetings.get(cell.id, meetings.MeetingStats())
        if (scope is not None and cell.id not in scope) or stats.held >= 12:
            continue
        gap = stats.expected - stats.held
        if gap > 0:
            parent = orgs.get(cell.parent_id) if cell.parent_id else None
            short.append((f"{cell.name} ({parent.name})" if parent else cell.name, gap))
    return short


# ---------------------------------------------------------------- text

def _percent(value: float | None) -> str:
    return vn.format_percent(None if value is None else Decimal(str(value)))


def year_report_rows(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The report as (section, item, figure) rows in Vietnamese: the text output and the screen share them."""
    year, orgs, people = data["year"], data["organisations"], data["members"]
    n = vn.format_int
    rows = [("Tổ chức đảng", "Tổng số tổ chức đảng", n(orgs["total"]))]
    rows += [("Tổ chức đảng", name, n(orgs["by_kind"].get(kind, 0)))
             for kind, name in organisations.UNIT_TYPES.items() if orgs["by_kind"].get(kind, 0)]
    as_of = vn.format_date(data["as_of"])
    rows += [("Đảng viên", f"Tổng số đảng viên (đến {as_of})", n(people["total"])),
             ("Đảng viên", "Chính thức", n(people["chinh_thuc"])),
             ("Đảng viên", "Dự bị", n(people["du_bi"])),
             ("Đảng viên", "Miễn công tác và sinh hoạt", n(people["mien_sinh_hoat"])),
             ("Đảng viên", "Nam / Nữ", f"{n(people['by_gender']['Nam'])} / {n(people['by_gender']['Nữ'])}")]
    m, s, c, d = data["meetings"], data["study"], data["ct05"], data["dues"]
    rows += [("Sinh hoạt chi bộ", "Buổi sinh hoạt thường kỳ đã họp / phải họp",
              f"{n(m['held'])}/{n(m['expected'])} buổi"),
             ("Sinh hoạt chi bộ", "Tỷ lệ đảng viên dự họp", _percent(m["attendance_rate"])),
             ("Học tập nghị quyết", "Số buổi học tập, quán triệt", n(s["sessions"])),
             ("Học tập nghị quyết", "Tỷ lệ đảng viên tham gia", _percent(s["participation_rate"])),
             ("Chỉ thị 05", "Đăng ký học tập và làm theo Bác",
              f"{n(c['organisations'])} tập thể, {n(c['members'])} cá nhân ({_percent(c['registration_rate'])})"),
             ("Đảng phí", "Đã thu / phải thu", f"{vn.format_money(d['collected'])} / {vn.format_money(d['due'])}"),
             ("Đảng phí", "Tỷ lệ thu", _percent(d["collection_rate"]))]
    rule_set = rules.for_review_year(year)
    for part, title in (("members", "Đánh giá đảng viên"), ("organisations", "Đánh giá tổ chức đảng")):
        counts = data["reviews"][part]
        rows += [(title, rule_set.level_name(level), n(count)) for level, count in counts.items()
                 if level != "not_reviewed"]
        rows.append((title, "Không đánh giá", n(counts["not_reviewed"])))
    return rows


def year_report_text(data: dict[str, Any]) -> str:
    """The report as plain Vietnamese lines (the report command without --json)."""
    title = f"SỐ LIỆU NĂM {data['year']}"
    where = data.get("scope") or data.get("committee") or ""
    lines = [f"{title} – {where}" if where else title]
    section = ""
    for part, item, figure in year_report_rows(data):
        if part != section:
            lines.append(f"{part}:")
            section = part
        lines.append(f"  {item}: {figure}")
    lines.append(f"Cảnh báo ({len(data['warnings'])}):" if data["warnings"] else "Cảnh báo: không có.")
    lines += [f"  - {w['message']}" for w in data["warnings"]]
    return "\n".join(lines)
