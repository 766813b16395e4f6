"""Party dues (đảng phí): each member's dues profile over time, the amount due each month, payments.

The amount due is computed from the dues rates in force for the month (rules.dues_rates(month)),
never hard-coded. Amounts are whole đồng: a computed amount is rounded half up to the đồng (0,5 đ → 1 đ),
once, after the rate and any reduction are applied, so 0,3% × 5.310.000 = 15.930 exactly.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from models import periods, rules, vn
from models.commune import organisations
from models.errors import UserError
from models.frozen import filled
from models.people import member_events, member_history, members
from models.rules import DuesGroup, DuesRates
from models.storage import audit
from models.storage.db import transaction

# Where dues are collected at this commune's cells: a member temporarily away pays where they are.
PAYING_STATUSES = ("dang_sinh_hoat", "mien_sinh_hoat", "tam_den", "dinh_chi")
REGIONS = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class DuesProfile:
    """How a member's dues are computed from ``valid_from`` (the first month it applies) on."""

    member_id: int
    valid_from: dt.date
    dues_group: str
    basis: int = 0
    region: str = ""
    reduction_pct: int = 0
    reduction_months: int = 0
    exemption: str = ""
    note: str = ""
    id: int = 0


@dataclass(frozen=True)
class MonthDue:
    """What a member owes for one month and why (``reason`` in Vietnamese, for the sheet's tooltip)."""

    amount: int | None          # None: no dues profile recorded, so the amount is not known
    reason: str


def month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@functools.lru_cache(maxsize=1024)
def month_end(year: int, month: int) -> dt.date:
    return vn.add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


# ---------------------------------------------------------------- the rates

def group_names(on: dt.date) -> dict[str, str]:
    """The dues groups in force on a date, key → Vietnamese name."""
    return dict(_group_names(on))


@functools.lru_cache(maxsize=1024)
def _group_names(on: dt.date) -> tuple[tuple[str, str], ...]:
    return tuple((key, group.name) for key, group in rules.dues_rates(on).groups.items())


def exemption_reasons(on: dt.date) -> dict[str, str]:
    return dict(rules.dues_rates(on).exemption_reasons)


def _round_dong(value: Decimal) -> int:
    """Round half up to the whole đồng (the one rounding rule for dues)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def amount_due(rates: DuesRates, dues_group: str, basis: int, region: str, reduction_pct: int,
               month: dt.date) -> int:
    """The monthly dues of one group under ``rates`` (those in force in ``month``), after a reduction, in đồng."""
    group = rates.groups.get(dues_group)
    if group is None:
        names = ", ".join(g.name for g in rates.groups.values())
        raise UserError(f"Nhóm đóng đảng phí “{dues_group}” không có trong quy định áp dụng cho "
                        f"{vn.format_month(month.year, month.month)}. Hãy chọn một trong: {names}.")
    if group.fixed is not None:
        amount = Decimal(group.fixed)
    else:
        amount = (group.rate or Decimal(0)) * _base(rates, group, basis, region)
    if reduction_pct:
        amount = amount * (100 - int(reduction_pct)) / 100
    return _round_dong(amount)


def _base(rates: DuesRates, group: DuesGroup, basis: int, region: str) -> Decimal:
    if group.basis == "regional_minimum_wage":
        wages = rates.regional_minimum_wage
        if region not in wages:
            raise UserError(f"Nhóm “{group.name}” tính theo lương tối thiểu vùng: hãy chọn vùng I, II, III hoặc IV.")
        return Decimal(wages[region])
    if basis <= 0:
        what = "lương hưu" if group.basis == "pension" else "tiền lương đóng bảo hiểm xã hội"
        raise UserError(f"Nhóm “{group.name}”: hãy nhập {what} hằng tháng (số tiền lớn hơn 0).")
    return Decimal(int(basis))


# ---------------------------------------------------------------- profiles

def _all_profiles(conn: sqlite3.Connection, ids: Sequence[int] | None) -> dict[int, list[DuesProfile]]:
    """The profiles of every member (or of the ids), oldest first (a commune has 16,000)."""
    found: dict[int, list[DuesProfile]] = {}
    day = dt.date.fromisoformat
    for (member_id, valid_from, dues_group, basis, region, reduction_pct, reduction_months, exemption, note,
         profile_id) in _rows_of(conn, "SELECT member_id, valid_from, dues_group, basis, region, reduction_pct,"
                                 " reduction_months, exemption, note, id FROM dues_profiles WHERE 1{ids}"
                                 " ORDER BY member_id, valid_from, id", ids):
        profile = filled(DuesProfile, {
            "member_id": member_id, "valid_from": day(valid_from), "dues_group": dues_group, "basis": basis,
            "region": region, "reduction_pct": reduction_pct, "reduction_months": reduction_months,
            "exemption": exemption, "note": note, "id": profile_id})
        found.setdefault(member_id, []).append(profile)
    return found


def profiles(conn: sqlite3.Connection, member_id: int) -> list[DuesProfile]:
    """A member's dues profiles, oldest first (each applies until the next one starts)."""
    return _all_profiles(conn, [member_id]).get(member_id, [])


def profile_on(conn: sqlite3.Connection, member_id: int, month: dt.date) -> DuesProfile | None:
    """The profile that applies to a month (the latest one starting on or before it)."""
    return _profile_for(profiles(conn, member_id), month_start(month))


# How many characters each typed text of a dues profile may hold (the dues book); Qt takes setMaxLength here.
MAX_LENGTHS = {"region": 10, "note": 300}
LABELS = {"region": "Vùng lương tối thiểu", "note": "Ghi chú đảng phí"}


def _clean_field(name: str, value: str | None) -> str:
    return vn.clean_field(value, LABELS[name], MAX_LENGTHS[name], "sổ thu đảng phí")


def check_profile(profile: DuesProfile) -> DuesProfile:
    """Normalise and check a profile against the dues rates in force from its first month."""
    start = month_start(profile.valid_from)
    rates = rules.dues_rates(start)
    clean = DuesProfile(profile.member_id, start, profile.dues_group, int(profile.basis or 0),
                        _clean_field("region", profile.region).upper(), int(profile.reduction_pct or 0),
                        int(profile.reduction_months or 0), profile.exemption or "", _clean_field("note", profile.note),
                        profile.id)
    if clean.exemption and clean.exemption not in rates.exemption_reasons:
        raise UserError("Lý do miễn đảng phí không có trong quy định. Hãy chọn một lý do trong danh sách.")
    if clean.reduction_pct:
        allowed, longest = rates.reduction_pcts, rates.reduction_max_months
        if clean.reduction_pct not in allowed:
            raise UserError(f"Mức giảm đảng phí chỉ được là {', '.join(f'{p}%' for p in allowed)}.")
        if not 1 <= clean.reduction_months <= longest:
            raise UserError(f"Thời gian giảm đảng phí phải từ 1 đến {longest} tháng. Hãy nhập số tháng được giảm.")
    if not clean.exemption:
        amount_due(rates, clean.dues_group, clean.basis, clean.region, 0, start)  # raises if incomplete
    return clean


def set_profile(conn: sqlite3.Connection, profile: DuesProfile) -> DuesProfile:
    """Record a member's dues profile from a month on (replacing one that starts in the same month)."""
    members.get(conn, profile.member_id)
    clean = check_profile(profile)
    with transaction(conn):
        conn.execute("DELETE FROM dues_profiles WHERE member_id = ? AND valid_from = ?",
                     (clean.member_id, clean.valid_from.isoformat()))
        cursor = conn.execute(
            "INSERT INTO dues_profiles (member_id, valid_from, dues_group, basis, region, reduction_pct,"
            " reduction_months, exemption, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (clean.member_id, clean.valid_from.isoformat(), clean.dues_group, clean.basis, clean.region,
             clean.reduction_pct, clean.reduction_months, clean.exemption, clean.note))
        audit.record(conn, "khai báo đảng phí", "member", clean.member_id,
                     {"valid_from": clean.valid_from, "group": clean.dues_group, "basis": clean.basis,
                      "region": clean.region, "reduction_pct": clean.reduction_pct,
                      "reduction_months": clean.reduction_months, "exemption": clean.exemption})
    return DuesProfile(**{**clean.__dict__, "id": int(cursor.lastrowid or 0)})


def _months_between(start: dt.date, month: dt.date) -> int:
    return (month.year - start.year) * 12 + month.month - start.month


def due_for(conn: sqlite3.Connection, member_id: int, month: dt.date) -> MonthDue:
    """What a member owes for a month under their profile and the rules in force then."""
    month = month_start(month)
    state = member_history.state(conn, member_id, month_end(month.year, month.month))
    return compute_due(profiles(conn, member_id), state, month)


# Keys hold a member's basis (salary), so a commune of 10,000 asks ~20,000 distinct questions a year: room for them
CACHE_SIZE = 1 << 16


@functools.lru_cache(maxsize=CACHE_SIZE)
def _cached_amount(month: dt.date, group: str, basis: int, region: str, reduced: int) -> int:
    """amount_due under the rules in force in a month (a year's figures ask the same few questions often)."""
    return amount_due(rules.dues_rates(month), group, basis, region, reduced, month)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _profile_due(month: dt.date, group: str, basis: int, region: str, reduced: int) -> MonthDue:
    """The MonthDue of a profile in a month: 120,000 member-months of a commune's year share a few hundred."""
    try:
        amount = _cached_amount(month, group, basis, region, reduced)
    except UserError:  # e.g. a group the rates of that month do not have: the clerk must update the profile
        return MonthDue(None, "Mức đóng đã khai báo không còn áp dụng; hãy khai báo lại")
    name = dict(_group_names(month)).get(group, group)
    return MonthDue(amount, name + (f", giảm {reduced}%" if reduced else ""))


@functools.lru_cache(maxsize=1024)
def _exempt_years(month: dt.date) -> int:
    return int(rules.dues_rates(month).exempt_seniority_years or 0)


def compute_due(member_profiles: list[DuesProfile], state: member_events.State, month: dt.date) -> MonthDue:
    """The amount due for a month from a member's profiles and their state at the month's end (no database)."""
    month = month_start(month)
    return _due(_profile_for(member_profiles, month), state, month, None)


def _profile_for(member_profiles: Sequence[DuesProfile], month: dt.date) -> DuesProfile | None:
    """The profile that applies to a month: the last one (oldest first) started by then."""
    profile = None
    for candidate in member_profiles:
        if candidate.valid_from > month:
            break
        profile = candidate
    return profile


def _due(profile: DuesProfile | None, state: member_events.State, month: dt.date, years: int | None) -> MonthDue:
    """compute_due for the first day of a month and the profile applying then; ``years``: the member's seniority
    at the month's end when the caller knows it (a year's lines count it once per member, not 120,000 times)."""
    limit = _exempt_years(month)
    if limit:
        if years is None:
            years = member_events.seniority_years(state, month_end(month.year, month.month))
        if years >= limit:
            return MonthDue(0, f"Miễn: có từ {limit} năm tuổi đảng")
    if profile is None:
        return MonthDue(None, "Chưa khai báo mức đóng đảng phí")
    if profile.exemption:
        return MonthDue(0, "Miễn: " + exemption_reasons(month).get(profile.exemption, profile.exemption))
    reduced = profile.reduction_pct if _months_between(profile.valid_from, month) < profile.reduction_months else 0
    return _profile_due(month, profile.dues_group, profile.basis, profile.region, reduced)


@functools.lru_cache(maxsize=256)
def _exemption_bounds(year: int, months: tuple[int, ...]) -> tuple[int, int]:
    """The fewest and the most years of seniority that exempt from dues in the months (0: none)."""
    limits = [_exempt_years(dt.date(year, month, 1)) for month in months]
    return min(limits), max(limits)


def _steady_years(state: member_events.State, year: int, months: tuple[int, ...]) -> int | None:
    """A seniority that decides the exemption the same way in every one of the months (most members in a
    year: far from it, or long past it), else None: then each month counts it. Seniority only grows."""
    lowest, highest = _exemption_bounds(year, months)
    if not highest:
        return 0
    last = member_events.seniority_years(state, month_end(year, months[-1]))
    if lowest and last < lowest:
        return last
    first = member_events.seniority_years(state, month_end(year, months[0]))
    return first if lowest and first >= highest else None


# ---------------------------------------------------------------- payments

def parse_money(text: str, field: str = "Số tiền") -> int:
    """Read an amount typed the Vietnamese way: '50.000', '50000', '50.000 đ' → 50000 (whole đồng)."""
    value = vn.nfc(text).lower().replace("đồng", "").replace("đ", "").replace(" ", "")
    if not value:
        return 0
    digits = value.replace(".", "").replace(",", "")
    if not digits.isdigit():
        raise UserError(f"{field}: “{vn.nfc(text)}” không phải là số tiền. Hãy gõ số đồng, ví dụ 50.000.")
    return int(digits)


@dataclass(frozen=True)
class Payment:
    member_id: int
    month: str                  # YYYY-MM
    amount_due: int
    amount_paid: int
    paid_on: dt.date | None


def payment(conn: sqlite3.Connection, member_id: int, year: int, month: int) -> Payment | None:
    row = conn.execute("SELECT * FROM dues_payments WHERE member_id = ? AND month = ?",
                       (member_id, month_key(year, month))).fetchone()
    if row is None:
        return None
    return Payment(row["member_id"], row["month"], row["amount_due"], row["amount_paid"], vn.to_date(row["paid_on"]))


def record_payment(conn: sqlite3.Connection, member_id: int, year: int, month: int, amount_paid: int,
                   paid_on: dt.date | None = None) -> Payment:
    """Record what a member paid for a month (replacing an earlier entry for that month)."""
    if not 1 <= month <= 12:
        raise UserError("Tháng phải từ 1 đến 12.")
    if amount_paid is None or int(amount_paid) < 0:
        raise UserError("Số tiền đã nộp không được âm. Hãy nhập số đồng đã nộp (0 nếu chưa nộp).")
    if int(amount_paid) > 100_000_000:
        raise UserError("Số tiền đã nộp quá lớn. Hãy kiểm tra lại (nhập số đồng, không có dấu chấm thập phân).")
    if paid_on is not None and paid_on > dt.date.today():
        raise UserError("Ngày nộp không thể ở tương lai. Hãy kiểm tra lại.")
    members.get(conn, member_id)
    due = due_for(conn, member_id, dt.date(year, month, 1)).amount
    paid_on = paid_on or (dt.date.today() if amount_paid else None)
    with transaction(conn):
        conn.execute("INSERT INTO dues_payments (member_id, month, amount_due, amount_paid, paid_on)"
                     " VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, month) DO UPDATE SET"
                     " amount_due = excluded.amount_due, amount_paid = excluded.amount_paid,"
                     " paid_on = excluded.paid_on",
                     (member_id, month_key(year, month), due or 0, int(amount_paid), vn.iso(paid_on)))
        audit.record(conn, "ghi đảng phí", "member", member_id,
                     {"month": month_key(year, month), "paid": int(amount_paid), "due": due})
    found = payment(conn, member_id, year, month)
    assert found is not None
    return found


# ---------------------------------------------------------------- a member's year

class MonthLine(NamedTuple):
    """One month of one member: whether they paid dues here then, what was due, what they paid.

    A named tuple, not a dataclass: a commune's year makes 120,000 of them and a tuple is built three times
    faster (issue 13)."""

    month: int
    org_id: int | None          # the organisation they belonged to at the month's end
    paying_here: bool
    due: MonthDue
    paid: int

    @property
    def unpaid(self) -> bool:
        """Paid less than a known amount due.

        With no profile recorded the amount is unknown and the month is not counted: unpaid months can lead
        to removal from the Party (Điều lệ, Điều 8), so missing data must never count against a member.
        The sheet and the year's figures show such months as “chưa khai báo” for the clerk to fix.
        """
        return self.paying_here and self.due.amount is not None and self.paid < self.due.amount


def months_so_far(year: int, today: dt.date | None = None) -> list[int]:
    today = today or dt.date.today()
    if year > today.year:
        return []
    return list(range(1, (today.month if year == today.year else 12) + 1))


def member_year(conn: sqlite3.Connection, member_id: int, year: int,
                months: list[int] | None = None) -> list[MonthLine]:
    """Each month of a year up to this month (or the months given): one load of history, profiles, payments."""
    recorded = {int(r[0][5:7]): (r[1], r[2]) for r in conn.execute(
        "SELECT month, amount_due, amount_paid FROM dues_payments WHERE member_id = ? AND month BETWEEN ? AND ?",
        (member_id, month_key(year, 1), month_key(year, 12)))}
    chosen = months if months is not None else months_so_far(year)
    return year_lines(member_history.events(conn, member_id), profiles(conn, member_id), recorded, year, chosen)


def month_states(history: list[member_events.Event], year: int, months: Sequence[int]) -> list[member_events.State]:
    """A member's state at the end of each of the months (today for the month in progress)."""
    return _states_on(history, _month_ends(year, tuple(months), dt.date.today()))


@functools.lru_cache(maxsize=64)
def _month_ends(year: int, months: tuple[int, ...], today: dt.date) -> tuple[dt.date, ...]:
    """The last day of each month, or today for the month in progress: the same for every member of a year."""
    return tuple(min(month_end(year, month), today) for month in months)


NOTHING_RECORDED = (0, 0)


def _alike_due(member_profiles: list[DuesProfile], state: member_events.State, year: int,
               months: tuple[int, ...]) -> MonthDue | None:
    """What the member owes in every one of the months when nothing changes for them (state, profile, rates,
    no reduction running, seniority on one side of the exemption), or None when something changes; the
    month-by-month loop then decides. Most of a commune's members, computed once instead of twelve times."""
    starts = _month_starts(year, months)
    if not _one_rates(year, months):
        return None
    applying = _profile_for(member_profiles, starts[0][0])
    if _profile_for(member_profiles, starts[-1][0]) is not applying or (applying and applying.reduction_months):
        return None
    years = _steady_years(state, year, months)
    if years is None:
        return None
    due = _due(applying, state, starts[0][0], years)
    if due.amount is None:      # an amount written in the book stands in, month by month
        return None
    return due


def _lines_alike(due: MonthDue, state: member_events.State, recorded: dict[int, tuple[int, int]],
                 months: tuple[int, ...]) -> list[MonthLine]:
    """The lines of a year in which every month owes ``due`` (``_alike_due``)."""
    paying, org_id, new_line = state.status in PAYING_STATUSES, state.org_id, tuple.__new__
    # tuple.__new__ builds the named tuple without its Python-level __new__: twice as fast, 110,000 lines a year
    return [new_line(MonthLine, (month, org_id, paying, due, int(recorded.get(month, NOTHING_RECORDED)[1])))
            for month in months]


@functools.lru_cache(maxsize=256)
def _one_rates(year: int, months: tuple[int, ...]) -> bool:
    """Whether the same dues rates are in force in every one of the months."""
    return len({rates for _, rates in _month_starts(year, months)}) == 1


@functools.lru_cache(maxsize=256)
def _month_starts(year: int, months: tuple[int, ...]) -> tuple[tuple[dt.date, int], ...]:
    """Each month's first day and which dues rates are in force then (months under the same rates compute
    alike), worked out once for all the members of a year."""
    return tuple((dt.date(year, month, 1), id(rules.dues_rates(dt.date(year, month, 1)))) for month in months)


def year_lines(history: list[member_events.Event], member_profiles: list[DuesProfile],
               recorded: dict[int, tuple[int, int]], year: int, months: Sequence[int],
               states: list[member_events.State] | None = None) -> list[MonthLine]:
    """A member's months from what was read for them (``recorded``: month → (amount due, paid) as stored;
    ``states``: month_states, when the caller has them).

    The one computation of a member's dues lines: a member's sheet and the commune's year both come here."""
    lines = []
    chosen = tuple(months)
    states = month_states(history, year, chosen) if states is None else states
    if chosen and states[0] is states[-1]:      # no event all year: perhaps every month owes alike
        alike = _alike_due(member_profiles, states[0], year, chosen)
        if alike is not None:
            return _lines_alike(alike, states[0], recorded, chosen)
    steady: dict[int, int | None] = {}     # per state (a quiet year replays into one state)
    applying, following = None, 0          # the profile in force, and the next one to start (months ascend)
    last_key: tuple[object, ...] | None = None
    due = MonthDue(None, "")
    for month, (first, rates), then in zip(chosen, _month_starts(year, chosen), states, strict=True):
        if id(then) not in steady:
            steady[id(then)] = _steady_years(then, year, chosen)
        while following < len(member_profiles) and member_profiles[following].valid_from <= first:
            applying, following = member_profiles[following], following + 1
        # A month like the one before (same state, profile, rates, no reduction running out, seniority steady)
        # owes the same: most of a commune's 120,000 member-months are computed once per member
        key = (id(then), id(applying), rates, steady[id(then)])
        if key != last_key or key[3] is None or (applying is not None and applying.reduction_months):
            due = _due(applying, then, first, steady[id(then)])
        last_key = key
        stored_due, paid = recorded.get(month, NOTHING_RECORDED)
        if due.amount is None and stored_due > 0:  # no profile, but the amount owed was written down
            due = MonthDue(int(stored_due), "Số phải nộp đã ghi trong sổ thu")
        lines.append(MonthLine(month, then.org_id, then.status in PAYING_STATUSES, due, int(paid)))
    return lines


# Up to this many members (a cell, a đảng bộ cơ sở) are read by id; more, and one read of each whole table is faster.
BY_ID_LIMIT = 2000


def all_year_lines(conn: sqlite3.Connection, year: int, months: Sequence[int] | None = None,
                   member_ids: Sequence[int] | None = None,
                   states: dict[int, list[member_events.State]] | None = None) -> dict[int, list[MonthLine]]:
    """Every member's (or the given members') lines of a year, each table read once (the commune's figures would
    otherwise cost three queries per member), in register order. ``states``: each one's month_states, if known."""
    year_of = _YearOf(conn, year, tuple(months) if months is not None else tuple(months_so_far(year)), member_ids,
                      states)
    recorded: dict[int, dict[int, tuple[int, int]]] = {}
    for member_id, month, stored_due, paid in year_of.payments():
        recorded.setdefault(member_id, {})[month] = (stored_due, paid)
    return {member_id: year_of.lines(member_id, recorded.get(member_id, {})) for member_id in year_of.ids}


class _YearOf:
    """What the dues of many members' year are computed from, each table read once: the members in register
    order, their month_states (given, or replayed from their histories), their profiles and their payments."""

    def __init__(self, conn: sqlite3.Connection, year: int, months: tuple[int, ...],
                 member_ids: Sequence[int] | None, states: dict[int, list[member_events.State]] | None) -> None:
        self.conn, self.year, self.months = conn, year, months
        self.few = member_ids is not None and len(member_ids) <= BY_ID_LIMIT
        self.ids = _in_order(conn, member_ids)
        if states is None:
            histories = member_history.events_of(conn, self.ids) if self.few else member_history.all_events(conn)
            states = {member_id: month_states(history, year, months) for member_id, history in histories.items()}
        self._states = states
        self.profiles = _all_profiles(conn, self.ids if self.few else None)

    def states(self, member_id: int) -> list[member_events.State]:
        return self._states.get(member_id) or month_states([], self.year, self.months)

    def payments(self) -> list[tuple[int, int, int, int]]:
        """(member, month, amount due as stored, paid) of the months recorded."""
        if not self.months:
            return []
        first, last = min(self.months), max(self.months)
        rows = _rows_of(self.conn, "SELECT member_id, CAST(substr(month, 6, 2) AS INTEGER), amount_due, amount_paid"
                                   " FROM dues_payments WHERE month BETWEEN ? AND ?{ids}",
                        self.ids if self.few else None, (month_key(self.year, first), month_key(self.year, last)))
        if len(self.months) == last - first + 1:    # consecutive months (a year so far, a quarter): all of them
            return rows
        wanted = set(self.months)
        return [row for row in rows if row[1] in wanted]

    def lines(self, member_id: int, recorded: dict[int, tuple[int, int]]) -> list[MonthLine]:
        return year_lines([], self.profiles.get(member_id, []), recorded, self.year, self.months,
                          self.states(member_id))


def _in_order(conn: sqlite3.Connection, member_ids: Sequence[int] | None) -> list[int]:
    """The members (all, or those given) in register order."""
    everyone = [r[0] for r in conn.execute("SELECT id FROM members ORDER BY sort_key, id")]
    if member_ids is None:
        return everyone
    wanted = set(member_ids)
    return [member_id for member_id in everyone if member_id in wanted]


def _rows_of(conn: sqlite3.Connection, sql: str, ids: Sequence[int] | None,
             params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` ({ids} marks where a member filter goes) as plain tuples (a commune's year reads
    114,000 payments: sqlite3.Row costs a quarter more): every row, or those of the ids, 500 a query."""
    cursor = conn.cursor()
    cursor.row_factory = None
    if ids is None:
        return cursor.execute(sql.format(ids=""), params).fetchall()
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        rows += cursor.execute(sql.format(ids=f" AND member_id IN ({','.join('?' * len(chunk))})"),
                               (*params, *chunk)).fetchall()
    return rows


def _states_on(history: list[member_events.Event], days: Sequence[dt.date]) -> list[member_events.State]:
    """The member's state on each of some ascending days, replaying the history once."""
    if not days:
        return []
    standing = member_events.standing_events(history)
    state, position, states = member_events.State(), 0, []
    if not standing or standing[-1].event_date <= days[0]:
        # nothing happens within the days (most members in a year): one state for all of them
        for event in standing:
            state = member_events.apply(state, event)
        return [state] * len(days)
    for day in days:
        while position < len(standing) and standing[position].event_date <= day:
            state = member_events.apply(state, standing[position])
            position += 1
        states.append(state)
    return states


def unpaid_months(conn: sqlite3.Connection, member_id: int, year: int, today: dt.date | None = None) -> int:
    """Months of a year, already over, that the member was paying here and paid less than a known amount due.

    The month being collected does not count yet: leaving dues unpaid 3 months can lead to removal (Điều 8),
    so someone who owes September and October is not flagged in mid-November.
    """
    return unpaid_months_of(conn, [member_id], year, today).get(member_id, 0)


def unpaid_months_of(conn: sqlite3.Connection, member_ids: Sequence[int], year: int,
                     today: dt.date | None = None) -> dict[int, int]:
    """``unpaid_months`` of several members, each table read once for all of them (the to-do list's debtors)."""
    lines = all_year_lines(conn, year, periods.months_over(year, today), member_ids)
    return {member_id: sum(1 for line in member_lines if line.unpaid) for member_id, member_lines in lines.items()}


def _candidates(conn: sqlite3.Connection, org_ids: Sequence[int] | None) -> list[int]:
    """Members who may have belonged to the scope at some time (their history decides for each month)."""
    if org_ids is None:
        return [r[0] for r in conn.execute("SELECT id FROM members ORDER BY sort_key, id")]
    marks = ",".join("?" * len(org_ids)) or "NULL"
    return [r[0] for r in conn.execute(
        f"SELECT id FROM members WHERE org_id IN ({marks}) OR id IN"
        f" (SELECT member_id FROM member_events WHERE org_id IN ({marks})) ORDER BY sort_key, id",
        [*org_ids, *org_ids])]


# ---------------------------------------------------------------- a cell's monthly sheet

@dataclass(frozen=True)
class SheetRow:
    member_id: int
    full_name: str
    org_id: int
    due: int | None
    reason: str
    paid: int
    paid_on: dt.date | None

    @property
    def paid_in_full(self) -> bool:
        return self.due is not None and self.paid >= self.due


def collection_sheet(conn: sqlite3.Connection, org_id: int, year: int, month: int) -> list[SheetRow]:
    """Everyone paying dues at a cell (and its sub-units) in a month, name order, with due and paid."""
    scope = organisations.descendants(conn, org_id)
    rows = []
    for member_id in _candidates(conn, scope):
        line = member_year(conn, member_id, year, [month])[0]
        if not line.paying_here or line.org_id not in scope:
            continue
        found = payment(conn, member_id, year, month)
        rows.append(SheetRow(member_id, members.get(conn, member_id).full_name, int(line.org_id or 0),
                             line.due.amount, line.due.reason, line.paid, found.paid_on if found else None))
    return rows


def pay_in_full(conn: sqlite3.Connection, member_id: int, year: int, month: int) -> Payment:
    """The quick “đã nộp đủ”: record the amount due as paid today."""
    due = due_for(conn, member_id, dt.date(year, month, 1))
    if due.amount is None:
        name = members.get(conn, member_id).full_name
        raise UserError(f"{name} chưa được khai báo mức đóng đảng phí nên chưa biết số phải nộp. "
                        "Hãy khai báo mức đóng trước, hoặc gõ số tiền đã nộp.")
    return record_payment(conn, member_id, year, month, due.amount)


def pay_all_in_full(conn: sqlite3.Connection, member_ids: list[int], year: int, month: int) -> int:
    """“Cả chi bộ đã nộp đủ”: every listed member paid the amount due, as one action. Returns the count."""
    with transaction(conn):
        for member_id in member_ids:
            pay_in_full(conn, member_id, year, month)
    return len(member_ids)


def cell_month_total(conn: sqlite3.Connection, org_id: int, year: int, month: int) -> int:
    """Dues collected at a cell for a month (the “đảng phí” line of that month's minutes)."""
    return sum(row.paid for row in collection_sheet(conn, org_id, year, month))


# ---------------------------------------------------------------- the office's figures

@dataclass(frozen=True)
class UnpaidMember:
    member_id: int
    full_name: str
    org_id: int | None
    months: tuple[int, ...]     # the unpaid months of the year, among the months already over

    @property
    def overdue_months(self) -> int:
        """Unpaid months: only months that have ended are listed, the month being collected is not yet owed."""
        return len(self.months)


@dataclass(frozen=True)
class DuesStats:
    due: int                    # sum of known amounts due (months paying here that are over)
    collected: int
    unknown_months: int         # member-months with no profile recorded (amount due unknown)
    unpaid: tuple[UnpaidMember, ...]   # every member with at least one unpaid month
    removal_months: int         # rule meetings.absence_removal_months (3)
    # The same sums per organisation (where the member was that month) and per month: a report's rows
    by_org: dict[int | None, tuple[int, int]] = field(default_factory=dict)     # org → (due, collected)
    by_month: dict[int, int] = field(default_factory=dict)                     # month → collected

    @property
    def collection_rate(self) -> Decimal | None:
        return vn.rate(self.collected, self.due)

    @property
    def to_consider(self) -> tuple[UnpaidMember, ...]:
        """Members with at least ``removal_months`` unpaid months: to be considered (Điều lệ, Điều 8)."""
        return tuple(u for u in self.unpaid if u.overdue_months >= self.removal_months)


def year_stats(conn: sqlite3.Connection, year: int, org_ids: list[int] | None = None,
               months: Sequence[int] | None = None, today: dt.date | None = None) -> DuesStats:
    """Due against collected for the months of a year already over (or the months given), and who left months
    unpaid.

    The month being collected is left out of every figure (models.periods): on its first days nobody has
    paid yet, and counting it would show everyone as owing.
    """
    names = {r[0]: r[1] for r in conn.execute("SELECT id, full_name FROM members")}
    candidates = None if org_ids is None else _candidates(conn, org_ids)
    chosen = periods.months_over(year, today) if months is None else months
    return scope_stats(conn, year, chosen, names, org_ids, candidates)


def scope_stats(conn: sqlite3.Connection, year: int, months: Sequence[int], names: dict[int, str],
                org_ids: Sequence[int] | None = None, member_ids: Sequence[int] | None = None,
                states: dict[int, list[member_events.State]] | None = None) -> DuesStats:
    """The sums of ``all_year_lines`` in the scope (every member, or the member_ids; ``states`` as there), without
    building the lines of the members whose months all owe alike (``_alike_due``: nine in ten of a commune):
    their payments are summed as they are read, 114,000 rows a year (issue 13)."""
    year_of = _YearOf(conn, year, tuple(months), member_ids, states)
    tally = _Tally(org_ids)
    alike: dict[int, _AlikeYear] = {}
    for member_id in year_of.ids:
        member_states = year_of.states(member_id)
        due = _alike_due(year_of.profiles.get(member_id, []), member_states[0], year, year_of.months) if (
            year_of.months and member_states[0] is member_states[-1]) else None
        if due is not None:
            alike[member_id] = _AlikeYear(member_states[0].org_id, due.amount or 0, tally.counts(member_states[0]))
    recorded: dict[int, dict[int, tuple[int, int]]] = {}
    by_month = tally.by_month
    if any(year.counted for year in alike.values()):
        by_month.update(dict.fromkeys(year_of.months, 0))    # every month of theirs is a line in scope
    for member_id, month, stored_due, paid in year_of.payments():
        found = alike.get(member_id)
        if found is None:
            recorded.setdefault(member_id, {})[month] = (stored_due, paid)
        elif found.counted:
            found.paid += paid
            by_month[month] += paid
            if paid >= found.amount:
                found.paid_in_full |= 1 << month
    for member_id in year_of.ids:
        found = alike.get(member_id)
        if found is None:
            tally.add_lines(member_id, names, year_of.lines(member_id, recorded.get(member_id, {})))
        elif found.counted:
            tally.add_alike(member_id, names, found, year_of.months)
    return tally.stats(year)


class _AlikeYear:
    """A member whose months all owe one amount (``_alike_due``), and what their payments add up to."""

    __slots__ = ("org_id", "amount", "counted", "paid", "paid_in_full")

    def __init__(self, org_id: int | None, amount: int, counted: bool) -> None:
        self.org_id, self.amount, self.counted = org_id, amount, counted   # counted: paying here, in the scope
        self.paid = 0
        self.paid_in_full = 0       # bit m set: month m paid in full

    def unpaid_months(self, months: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(m for m in months if not self.paid_in_full >> m & 1) if self.amount > 0 else ()


class _Tally:
    """DuesStats added up member by member, in register order: each month counts where the member was then,
    if they paid dues here then and it falls in the scope."""

    def __init__(self, org_ids: Sequence[int] | None) -> None:
        self.scope = None if org_ids is None else set(org_ids)
        self.unknown = 0
        self.unpaid: list[UnpaidMember] = []
        self.by_org: dict[int | None, list[int]] = {}
        self.by_month: dict[int, int] = {}

    def counts(self, state: member_events.State) -> bool:
        """Whether a month the member spent in ``state`` counts (paying here, in the scope)."""
        return state.status in PAYING_STATUSES and (self.scope is None or state.org_id in self.scope)

    def _sums(self, org_id: int | None) -> list[int]:
        sums = self.by_org.get(org_id)
        if sums is None:
            sums = self.by_org[org_id] = [0, 0]
        return sums

    def add_lines(self, member_id: int, names: dict[int, str], member_lines: list[MonthLine]) -> None:
        months, last, scope, by_month = [], None, self.scope, self.by_month
        for line in member_lines:
            if not line.paying_here or (scope is not None and line.org_id not in scope):
                continue
            last = line
            amount = line.due.amount
            sums = self._sums(line.org_id)
            sums[0] += amount or 0
            sums[1] += line.paid
            by_month[line.month] = by_month.get(line.month, 0) + line.paid
            if amount is None:
                self.unknown += 1
            elif line.paid < amount:      # MonthLine.unpaid, for a line paying here
                months.append(line.month)
        if months and last is not None:
            self.unpaid.append(UnpaidMember(member_id, names[member_id], last.org_id, tuple(months)))

    def add_alike(self, member_id: int, names: dict[int, str], year: _AlikeYear, months: tuple[int, ...]) -> None:
        """A member whose every month counts and owes the same (their by_month was added as read)."""
        sums = self._sums(year.org_id)
        sums[0] += year.amount * len(months)
        sums[1] += year.paid
        unpaid = year.unpaid_months(months)
        if unpaid:
            self.unpaid.append(UnpaidMember(member_id, names[member_id], year.org_id, unpaid))

    def stats(self, year: int) -> DuesStats:
        limit = rules.for_review_year(year).meetings.absence_removal_months
        return DuesStats(sum(d for d, _ in self.by_org.values()), sum(c for _, c in self.by_org.values()),
                         self.unknown, tuple(self.unpaid), limit,
                         {org: (d, c) for org, (d, c) in self.by_org.items()}, self.by_month)
