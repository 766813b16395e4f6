"""The office's figures broken down by organisation and by month, read once for a whole commune.

Each figure is computed per organisation (the organisation's own members, meetings, dues: nothing counted
twice), and a total is the sum of the rows in scope. So a row of ``by_organisation`` and the commune's total
are computed one way, and one query per table serves all 285 organisations (issue 13: no query per member).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from models import periods, vn
from models.commune import organisations
from models.commune.organisations import Organisation
from models.dues import ledger
from models.meetings import records as meetings
from models.meetings.records import AttendanceCells, MeetingStats
from models.people import member_history
from models.people.member_events import ON_ROLL_STATUSES, State
from models.reviews import records as reviews
from models.rules import RuleSet
from models.study import sessions as study
from models.study.sessions import StudyStats

Key = int | None      # an organisation's id; None for records that name no organisation
MEMBER_COUNTS = ("total", "chinh_thuc", "du_bi", "mien_sinh_hoat")


def number(rate: Decimal | None) -> float | None:
    """A rate for JSON: 97.2, or None (printed as '–')."""
    return None if rate is None else float(rate)


@dataclass
class DuesCounts:
    due: int = 0
    collected: int = 0
    unpaid_members: int = 0


@dataclass(frozen=True)
class Breakdown:
    """Everything the year report and the periodic report count, per organisation (and dues per month)."""

    members: dict[Key, dict[str, int]]
    genders: dict[Key, dict[str, int]]
    meetings: dict[Key, MeetingStats]
    attendance: AttendanceCells
    study: dict[Key, StudyStats]
    dues: dict[Key, DuesCounts]
    dues_stats: ledger.DuesStats
    dues_by_month: dict[int, int]
    member_reviews: list[reviews.MemberReview]
    org_reviews: list[reviews.OrgReview]
    rule_set: RuleSet
    orgs: list[Organisation] = field(default_factory=list)
    states: dict[int, State] = field(default_factory=dict)   # every member's state on the report's day


def _member_counts(states: dict[int, State], genders: dict[int, str]) -> tuple[dict[Key, dict[str, int]],
                                                                              dict[Key, dict[str, int]]]:
    counts: dict[Key, dict[str, int]] = {}
    by_gender: dict[Key, dict[str, int]] = {}
    for member_id, state in states.items():
        if state.status not in ON_ROLL_STATUSES:
            continue
        row = counts.setdefault(state.org_id, dict.fromkeys(MEMBER_COUNTS, 0))
        row["total"] += 1
        if state.standing in ("chinh_thuc", "du_bi"):
            row[state.standing] += 1
        row["mien_sinh_hoat"] += state.status == "mien_sinh_hoat"
        gender = by_gender.setdefault(state.org_id, {"Nam": 0, "Nữ": 0})
        if genders.get(member_id) in gender:
            gender[genders[member_id]] += 1
    return counts, by_gender


def _dues(stats: ledger.DuesStats) -> dict[Key, DuesCounts]:
    """Dues per organisation (each month where the member was then), in the scope the stats were taken on."""
    rows = {org: DuesCounts(due, collected) for org, (due, collected) in stats.by_org.items()}
    for unpaid in stats.unpaid:
        rows.setdefault(unpaid.org_id, DuesCounts()).unpaid_members += 1
    return rows


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a report builds ~200,000 small acyclic objects (tuples, events,
    month lines): it would otherwise walk them again and again, a fifth of the report's time at 10,000
    members. Reference counting still frees everything; the collector resumes as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def breakdown(conn: sqlite3.Connection, year: int, on: dt.date, scope: Sequence[int] | None,
              months: Sequence[int] | None = None, today: dt.date | None = None) -> Breakdown:
    """Read every figure once. ``months`` (consecutive) limits meetings, study and dues to those months;
    without it meetings and dues count the year's months already over on ``today`` (models.periods)."""
    with without_cycle_collection():
        return _breakdown(conn, year, on, scope, months, today)


def _breakdown(conn: sqlite3.Connection, year: int, on: dt.date, scope: Sequence[int] | None,
               months: Sequence[int] | None, today: dt.date | None) -> Breakdown:
    histories = member_history.all_events(conn)
    chosen = list(months) if months else periods.months_over(year, today)
    # Each history is replayed once: the state at the last month's end is the state members are counted on
    by_month = {member_id: ledger.month_states(history, year, chosen) for member_id, history in histories.items()}
    if chosen and on == min(ledger.month_end(year, chosen[-1]), dt.date.today()):
        states = {member_id: found[-1] for member_id, found in by_month.items()}
    else:
        states = member_history.states_from(histories, on)
    genders = dict(conn.execute("SELECT id, gender FROM members").fetchall())
    members, by_gender = _member_counts(states, genders)
    first = dt.date(year, months[0], 1) if months else None
    last = (vn.add_months(dt.date(year, months[-1], 1), 1) - dt.timedelta(days=1)) if months else None
    names = {r[0]: r[1] for r in conn.execute("SELECT id, full_name FROM members")}
    dues_stats = ledger.scope_stats(conn, year, chosen, names, scope, states=by_month)
    attendance = meetings.attendance_cells(conn, year, chosen)
    return Breakdown(
        members=members, genders=by_gender, meetings=meetings.stats_by_org(conn, year, chosen, today, attendance),
        attendance=attendance,
        study=study.stats_by_org(conn, year, first, last), dues=_dues(dues_stats), dues_stats=dues_stats,
        dues_by_month=dues_stats.by_month, member_reviews=reviews.member_reviews(conn, year),
        org_reviews=reviews.org_reviews(conn, year), rule_set=reviews.year_rule_set(conn, year),
        orgs=organisations.all_organisations(conn), states=states)


# ---------------------------------------------------------------- totals over a scope

def _in(scope: Sequence[int] | None, key: Key) -> bool:
    return scope is None or key in scope


def member_totals(data: Breakdown, scope: Sequence[int] | None) -> dict[str, Any]:
    counts = dict.fromkeys(MEMBER_COUNTS, 0)
    by_gender = {"Nam": 0, "Nữ": 0}
    for key, row in data.members.items():
        if _in(scope, key):
            for name in MEMBER_COUNTS:
                counts[name] += row[name]
            for gender in by_gender:
                by_gender[gender] += data.genders[key][gender]
    return {**counts, "by_gender": by_gender}


def study_totals(data: Breakdown, scope: Sequence[int] | None) -> tuple[int, int]:
    """(expected, participants) over the scope: the sum of the organisations' rows."""
    chosen = [s for key, s in data.study.items() if _in(scope, key)]
    return sum(s.expected for s in chosen), sum(s.participants for s in chosen)


def review_totals(data: Breakdown, scope: Sequence[int] | None) -> dict[str, dict[str, int]]:
    return reviews.tally_rows(data.rule_set, [r for r in data.member_reviews if _in(scope, r.org_id)],
                              [r for r in data.org_reviews if _in(scope, r.org_id)])


# ---------------------------------------------------------------- rows

def _meetings_json(stats: MeetingStats) -> dict[str, Any]:
    return {"held": stats.held, "expected": stats.expected, "present": stats.present,
            "should_attend": stats.should_attend, "attendance_rate": number(stats.attendance_rate)}


def _has_figures(data: Breakdown, key: Key, reviewed: dict[Key, list[reviews.MemberReview]]) -> bool:
    return any(key in part for part in (data.members, data.meetings, data.study, data.dues, reviewed))


def _org_entry(data: Breakdown, org: Organisation | None, key: Key, names: dict[int, str],
               reviewed: list[reviews.MemberReview], org_level: str | None) -> dict[str, Any]:
    members = data.members.get(key, dict.fromkeys(MEMBER_COUNTS, 0))
    taught = data.study.get(key, StudyStats(0, 0, 0))
    paid = data.dues.get(key, DuesCounts())
    return {
        "id": key, "name": org.name if org else "Chưa rõ tổ chức đảng",
        "unit_type": org.unit_type if org else None,
        "unit_type_name": org.unit_type_name if org else "",
        "parent": names.get(org.parent_id) if org and org.parent_id is not None else None,
        "parent_id": org.parent_id if org else None,
        "members": dict(members),
        "meetings": _meetings_json(data.meetings.get(key, MeetingStats())),
        "study": {"expected": taught.expected, "participants": taught.participants,
                  "participation_rate": number(taught.participation_rate)},
        "reviews": {"members": reviews.tally_rows(data.rule_set, reviewed, [])["members"], "organisation": org_level},
        "dues": {"due": paid.due, "collected": paid.collected,
                 "collection_rate": number(vn.rate(paid.collected, paid.due)), "members_unpaid": paid.unpaid_members},
    }


def by_organisation(data: Breakdown, scope: Sequence[int] | None, first: dt.date,
                    last: dt.date) -> list[dict[str, Any]]:
    """One entry per organisation in scope (active in the period, or with any figure), in tree order; the
    entries add up to the totals. Records naming no organisation get an entry of their own."""
    names = {int(o.id): o.name for o in data.orgs}
    levels: dict[Key, str | None] = {r.org_id: (r.level if r.reviewed else None) for r in data.org_reviews}
    reviewed: dict[Key, list[reviews.MemberReview]] = {}
    for row in data.member_reviews:
        reviewed.setdefault(row.org_id, []).append(row)
    entries = []
    for org in data.orgs:
        active = (org.founded_on is None or org.founded_on <= last) and (
            org.dissolved_on is None or org.dissolved_on > first)
        if _in(scope, org.id) and (active or _has_figures(data, org.id, reviewed)):
            entries.append(_org_entry(data, org, org.id, names, reviewed.get(org.id, []), levels.get(org.id)))
    if scope is None and _has_figures(data, None, reviewed):
        entries.append(_org_entry(data, None, None, names, reviewed.get(None, []), None))
    return entries


def by_month(conn: sqlite3.Connection, data: Breakdown, year: int, scope: Sequence[int] | None,
             months: Iterable[int]) -> list[dict[str, Any]]:
    """The charts' monthly series: attendance rate and dues collected, each month of the period."""
    attendance = meetings.attendance_by_month(data.attendance, scope)
    series = []
    for month in months:
        stats = attendance.get(month, MeetingStats())
        series.append({"month": month, "present": stats.present, "should_attend": stats.should_attend,
                       "attendance_rate": number(stats.attendance_rate),
                       "dues_collected": data.dues_by_month.get(month, 0)})
    return series
