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

LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
LEVEL_ORDER = {level: rank for rank, level in enumerate(LEVELS)}  # 0 is the best


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
    bands = rule_set.data.get("rating_bands") or []
    if score is None or not bands:
        return None
    for band in bands:
        if Decimal(str(band["min"])) <= Decimal(str(score)):
            return str(band["level"])
    return str(bands[-1]["level"])


def best_level(*levels: str | None) -> str | None:
    """The highest of the levels entered (the one the rules must check); None when none is known."""
    known = [level for level in levels if level in LEVEL_ORDER]
    return min(known, key=LEVEL_ORDER.__getitem__) if known else None


def _cite(rule_set: RuleSet) -> str:
    return rule_set.citation("review") or rule_set.name


def check_band(rule_set: RuleSet, who: str, level: str | None, score: float | None) -> str:
    """A message when the level is better than the score's band allows ('' when it fits or cannot be checked)."""
    band = band_for(rule_set, score)
    if band is None or not level or level not in LEVEL_ORDER:
        return ""
    if LEVEL_ORDER[level] >= LEVEL_ORDER[band]:
        return ""
    limits = next(b for b in rule_set["rating_bands"] if b["level"] == level)
    return (f"{who}: mức “{rule_set.level_name(level)}” cần từ {vn.format_decimal(limits['min'], 0)} điểm, "
            f"nhưng tự chấm {vn.format_decimal(score or 0, 0)} điểm (ứng với “{rule_set.level_name(band)}”) "
            f"— theo khung điểm của {_cite(rule_set)}.")


def check_score_range(rule_set: RuleSet, who: str, score: float | None) -> str:
    scoring = rule_set.data.get("scoring") or {}
    top = scoring.get("max")
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
    return str(rule_set["disqualifiers"]["discipline_in_year_max_level"])


def check_discipline(rule_set: RuleSet, who: str, level: str | None, disciplined: bool) -> str:
    """A member disciplined in the year may not be rated above the rule set's cap."""
    cap = max_level_when_disciplined(rule_set)
    if not disciplined or not level or level not in LEVEL_ORDER or LEVEL_ORDER[level] >= LEVEL_ORDER[cap]:
        return ""
    return (f"{who} bị kỷ luật trong năm nên chỉ được xếp loại cao nhất là “{rule_set.level_name(cap)}”, "
            f"không thể “{rule_set.level_name(level)}” ({_cite(rule_set)}).")


def quota_allows(rule_set: RuleSet, excellent: int, good: int) -> bool:
    """Whether ``excellent`` HTXSNV fit the quota against ``good`` HTTNV (exact decimal arithmetic)."""
    quota = rule_set.data.get("quota") or {}
    if not quota.get("enabled"):
        return True
    share = Decimal(str(quota["excellent_max_share_of_good"]))
    return Decimal(excellent) <= share * good


def quota_limit(rule_set: RuleSet, good: int) -> int:
    """The largest number of HTXSNV the quota allows for ``good`` HTTNV."""
    share = Decimal(str(rule_set["quota"]["excellent_max_share_of_good"]))
    return int(share * good)


def quota_message(rule_set: RuleSet, what: str, where: str, excellent: int, good: int) -> str:
    share = Decimal(str(rule_set["quota"]["excellent_max_share_of_good"])) * 100
    return (f"{where}: {excellent} {what} “{rule_set.level_name('HTXSNV')}” vượt tỷ lệ cho phép "
            f"(không quá {vn.format_decimal(share, 0)}% số {what} “{rule_set.level_name('HTTNV')}”: "
            f"{good} × {vn.format_decimal(share, 0)}% = {vn.format_decimal(share * good / 100, 1)}, "
            f"tức tối đa {quota_limit(rule_set, good)}) — {_cite(rule_set)}.")


def _count(levels: Iterable[str | None], level: str) -> int:
    return sum(1 for value in levels if value == level)


def member_warnings(rule_set: RuleSet, rows: Sequence[RatedMember]) -> list[ReviewWarning]:
    """Every rule over members' review rows: band, score range, votes, discipline, then the quota."""
    found: list[ReviewWarning] = []
    for row in rows:
        level = best_level(row.level, row.proposed)
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
    blocked = bool(rule_set["disqualifiers"].get("org_excellent_blocked_by_member_discipline"))
    for row in rows:
        level = best_level(row.level, row.proposed)
        for code, message in (("score_range", check_score_range(rule_set, row.name, row.self_score)),
                              ("band", check_band(rule_set, row.name, level, row.self_score)),
                              ("votes", check_votes(row.name, row.votes_for, row.votes_total))):
            if message:
                found.append(ReviewWarning(code, message, org_id=row.org_id))
        if blocked and level == "HTXSNV" and row.disciplined_inside:
            names = ", ".join(row.disciplined_inside[:5]) + ("…" if len(row.disciplined_inside) > 5 else "")
            found.append(ReviewWarning("org_discipline", (
                f"{row.name} được đề xuất “{rule_set.level_name('HTXSNV')}” nhưng trong năm có đảng viên "
                f"hoặc đơn vị trực thuộc bị kỷ luật ({names}); tập thể không thể xếp loại này ({_cite(rule_set)})."),
                org_id=row.org_id))
    return found + _quota_warnings(rule_set, "tổ chức", [(r.quota_group, r.quota_group_name, r.level) for r in rows])


def _quota_warnings(rule_set: RuleSet, noun: str,
                    rated: Sequence[tuple[int | None, str, str | None]]) -> list[ReviewWarning]:
    """The quota within each group (grassroots organisation, or the superior of organisations):
    ``rated`` holds (group id, group name, level) for each member or organisation."""
    groups: dict[int | None, tuple[str, list[str | None]]] = {}
    for group_id, group_name, level in rated:
        groups.setdefault(group_id, (group_name, []))[1].append(level)
    found: list[ReviewWarning] = []
    for group_id, (group_name, levels) in groups.items():
        excellent, good = _count(levels, "HTXSNV"), _count(levels, "HTTNV")
        if not quota_allows(rule_set, excellent, good):
            found.append(ReviewWarning("quota", quota_message(rule_set, noun, group_name or "Đảng bộ xã",
                                                              excellent, good), org_id=group_id))
    return found


def months_before(joined_on: dt.date | None, reference: dt.date, months: int) -> bool:
    """Whether someone admitted on ``joined_on`` has been a member less than ``months`` on ``reference``."""
    return joined_on is not None and vn.add_months(joined_on, months) > reference


def tally_text(levels: Sequence[str | None], not_reviewed: int, noun: str) -> str:
    """'40 đảng viên được đánh giá: 3 HTXSNV, 35 HTTNV, 2 HTNV, 0 KHTNV; 4 không đánh giá' for a grid's rows."""
    counts = ", ".join(f"{vn.format_int(sum(1 for level in levels if level == code))}\u00a0{code}" for code in LEVELS)
    text = f"{vn.format_int(len(levels))} {noun} được đánh giá: {counts}"
    unrated = sum(1 for level in levels if level not in LEVEL_ORDER)
    if unrated:
        text += f"; {vn.format_int(unrated)} chưa xếp loại"
    if not_reviewed:
        text += f"; {vn.format_int(not_reviewed)} không đánh giá"
    return text
