"""The year-end review's rules as pure functions over plain rows, driven by the rule set.

Nothing here reads the database or changes data: each function returns ``ReviewWarning``s
naming the rule broken and the regulation it comes from. The same functions check what is
stored (``reviews.warnings``) and what a clerk is typing in the grid before saving.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from models import vn
from models.rules import RuleSet


@dataclass(frozen=True)
class ReviewWarning:
    """One thing a clerk should look at again; warnings never change data."""

    code: str            # band / discipline / quota / org_discipline / votes / score_range
    message: str         # Vietnamese, says what is wrong and under which regulation
    member_id: int | None = None
    org_id: int | None = None


@dataclass(frozen=True)
class RatedMember:
    """What the rules need to know of one member's review row."""

    member_id: int
    name: str
    org_id: int | None
    grassroots_id: int | None
    grassroots_name: str
    level: str | None            # the decided level, else the cell's proposed level
    self_score: float | None
    disciplined: bool            # disciplined (kỷ luật / khai trừ) during the year
    votes_for: int | None = None
    votes_total: int | None = None
    proposed: str | None = None  # the cell's proposal, checked too: it is printed in the minutes even once decided


@dataclass(frozen=True)
class RatedOrg:
    """What the rules need to know of one organisation's review row."""

    org_id: int
    name: str
    quota_group: int | None      # the superior that decides (None: the commune committee)
    quota_group_name: str
    level: str | None
    self_score: float | None
    disciplined_inside: tuple[str, ...] = ()   # names of members / sub-units disciplined in the year
    votes_for: int | None = None
    votes_total: int | None = None
    proposed: str | None = None


def effective_level(decided: str | None, proposed: str | None) -> str | None:
    """The level that counts: the committee's decision, else the cell's proposal."""
    return decided or proposed or None


def band_for(rule_set: RuleSet, score: float | None) -> str | None:
    """The level a score falls in under the rule set's bands; None when there are no bands or no score."""
    bands = rule_set.rating_bands
    if score is None or not bands:
        return None
    for band in bands:
        if band.min <= Decimal(str(score)):
            return band.level
    return bands[-1].level


def best_level(rule_set: RuleSet, *levels: str | None) -> str | None:
    """The highest of the levels entered (the one the rules must check); None when none is known."""
    known = [level for level in levels if level in rule_set.level_codes]
    return min(known, key=rule_set.level_codes.index) if known else None


def _better(rule_set: RuleSet, level: str | None, than: str) -> bool:
    """Whether ``level`` is a level of the rule set ranked above ``than``."""
    rank, limit = rule_set.level_rank(level), rule_set.level_rank(than)
    return rank is not None and limit is not None and rank < limit


def _cite(rule_set: RuleSet) -> str:
    return rule_set.citations.review or rule_set.name


def check_band(rule_set: RuleSet, who: str, level: str | None, score: float | None) -> str:
    """A message when the level is better than the score's band allows ('' when it fits or cannot be checked)."""
    band = band_for(rule_set, score)
    limits = rule_set.band(level) if level else None
    if band is None or limits is None or not _better(rule_set, level, band):
        return ""
    return (f"{who}: mức “{rule_set.level_name(level)}” cần từ {vn.format_decimal(limits.min, 0)} điểm, "
            f"nhưng tự chấm {vn.format_decimal(score or 0, 0)} điểm (ứng với “{rule_set.level_name(band)}”) "
            f"— theo khung điểm của {_cite(rule_set)}.")


def check_score_range(rule_set: RuleSet, who: str, score: float | None) -> str:
    top = rule_set.scoring.max if rule_set.scoring else None
    if score is None or top is None or 0 <= score <= top:
        return ""
    return f"{who}: điểm tự chấm {vn.format_decimal(score, 0)} nằm ngoài thang 0–{top} điểm ({_cite(rule_set)})."


def check_votes(who: str, votes_for: int | None, votes_total: int | None) -> str:
    if votes_for is None or votes_total is None:
        return ""
    if votes_for < 0 or votes_total <= 0 or votes_for > votes_total:
        return f"{who}: số phiếu tán thành {votes_for}/{votes_total} không hợp lý; hãy kiểm tra lại."
    return ""


def max_level_when_disciplined(rule_set: RuleSet) -> str:
    return rule_set.disqualifiers.discipline_in_year_max_level


def check_discipline(rule_set: RuleSet, who: str, level: str | None, disciplined: bool) -> str:
    """A member disciplined in the year may not be rated above the rule set's cap."""
    cap = max_level_when_disciplined(rule_set)
    if not disciplined or not _better(rule_set, level, cap):
        return ""
    return (f"{who} bị kỷ luật trong năm nên chỉ được xếp loại cao nhất là “{rule_set.level_name(cap)}”, "
            f"không thể “{rule_set.level_name(level)}” ({_cite(rule_set)}).")


def quota_allows(rule_set: RuleSet, excellent: int, good: int) -> bool:
    """Whether ``excellent`` at the quota's level fit against ``good`` at its ``of_level`` (exact decimals)."""
    if not rule_set.quota.enabled:
        return True
    return Decimal(excellent) <= rule_set.quota.max_share * good


def quota_limit(rule_set: RuleSet, good: int) -> int:
    """The largest number at the quota's level it allows for ``good`` at its ``of_level``."""
    return int(rule_set.quota.max_share * good)


def quota_message(rule_set: RuleSet, what: str, where: str, excellent: int, good: int) -> str:
    quota = rule_set.quota
    share = quota.max_share * 100
    return (f"{where}: {excellent} {what} “{rule_set.level_name(quota.level)}” vượt tỷ lệ cho phép "
            f"(không quá {vn.format_decimal(share, 0)}% số {what} “{rule_set.level_name(quota.of_level)}”: "
            f"{good} × {vn.format_decimal(share, 0)}% = {vn.format_decimal(share * good / 100, 1)}, "
            f"tức tối đa {quota_limit(rule_set, good)}) — {_cite(rule_set)}.")


def _count(levels: Iterable[str | None], level: str) -> int:
    return sum(1 for value in levels if value == level)


def member_warnings(rule_set: RuleSet, rows: Sequence[RatedMember]) -> list[ReviewWarning]:
    """Every rule over members' review rows: band, score range, votes, discipline, then the quota."""
    found: list[ReviewWarning] = []
    for row in rows:
        level = best_level(rule_set, row.level, row.proposed)
        for code, message in (("score_range", check_score_range(rule_set, row.name, row.self_score)),
                              ("band", check_band(rule_set, row.name, level, row.self_score)),
                              ("votes", check_votes(row.name, row.votes_for, row.votes_total)),
                              ("discipline", check_discipline(rule_set, row.name, level, row.disciplined))):
            if message:
                found.append(ReviewWarning(code, message, member_id=row.member_id, org_id=row.org_id))
    return found + _quota_warnings(rule_set, "đảng viên",
                                   [(r.grassroots_id, r.grassroots_name, r.level) for r in rows])


def org_warnings(rule_set: RuleSet, rows: Sequence[RatedOrg]) -> list[ReviewWarning]:
    """Every rule over organisations' rows: band, votes, discipline inside, then the quota per superior."""
    found: list[ReviewWarning] = []
    blocked = rule_set.disqualifiers.org_excellent_blocked_by_member_discipline
    for row in rows:
        level = best_level(rule_set, row.level, row.proposed)
        for code, message in (("score_range", check_score_range(rule_set, row.name, row.self_score)),
                              ("band", check_band(rule_set, row.name, level, row.self_score)),
                              ("votes", check_votes(row.name, row.votes_for, row.votes_total))):
            if message:
                found.append(ReviewWarning(code, message, org_id=row.org_id))
        if blocked and level == rule_set.top_level and row.disciplined_inside:
            names = ", ".join(row.disciplined_inside[:5]) + ("…" if len(row.disciplined_inside) > 5 else "")
            found.append(ReviewWarning("org_discipline", (
                f"{row.name} được đề xuất “{rule_set.level_name(rule_set.top_level)}” nhưng trong năm có đảng viên "
                f"hoặc đơn vị trực thuộc bị kỷ luật ({names}); tập thể không thể xếp loại này ({_cite(rule_set)})."),
                org_id=row.org_id))
    return found + _quota_warnings(rule_set, "tổ chức", [(r.quota_group, r.quota_group_name, r.level) for r in rows])


@dataclass(frozen=True)
class QuotaGroup:
    """One group the quota is counted within, and how it stands against the quota."""

    group_id: int | None
    name: str
    excellent: int       # rated at the quota's level
    good: int            # rated at the level it is measured against
    limit: int           # the most ``excellent`` the quota allows for ``good``
    ok: bool


def quota_groups(rule_set: RuleSet, rated: Iterable[tuple[int | None, str, str | None]]) -> list[QuotaGroup]:
    """The quota within each group (grassroots organisation, or the superior of organisations), groups in the
    order first met: ``rated`` holds (group id, group name, level) for each member or organisation."""
    groups: dict[int | None, tuple[str, list[str | None]]] = {}
    for group_id, group_name, level in rated:
        groups.setdefault(group_id, (group_name, []))[1].append(level)
    found = []
    for group_id, (group_name, levels) in groups.items():
        excellent, good = _count(levels, rule_set.quota.level), _count(levels, rule_set.quota.of_level)
        found.append(QuotaGroup(group_id, group_name, excellent, good, quota_limit(rule_set, good),
                                quota_allows(rule_set, excellent, good)))
    return found


def _quota_warnings(rule_set: RuleSet, noun: str,
                    rated: Sequence[tuple[int | None, str, str | None]]) -> list[ReviewWarning]:
    return [ReviewWarning("quota", quota_message(rule_set, noun, g.name or "Đảng bộ xã", g.excellent, g.good),
                          org_id=g.group_id)
            for g in quota_groups(rule_set, rated) if not g.ok]


def months_before(joined_on: dt.date | None, reference: dt.date, months: int) -> bool:
    """Whether someone admitted on ``joined_on`` has been a member less than ``months`` on ``reference``."""
    return joined_on is not None and vn.add_months(joined_on, months) > reference


def tally_text(rule_set: RuleSet, levels: Sequence[str | None], not_reviewed: int, noun: str) -> str:
    """'40 đảng viên được đánh giá: 3 HTXSNV, 35 HTTNV, 2 HTNV, 0 KHTNV; 4 không đánh giá' for a grid's rows."""
    codes = rule_set.level_codes
    counts = ", ".join(f"{vn.format_int(sum(1 for level in levels if level == code))}\u00a0{code}" for code in codes)
    text = f"{vn.format_int(len(levels))} {noun} được đánh giá: {counts}"
    unrated = sum(1 for level in levels if level not in codes)
    if unrated:
        text += f"; {vn.format_int(unrated)} chưa xếp loại"
    if not_reviewed:
        text += f"; {vn.format_int(not_reviewed)} không đánh giá"
    return text
