"""The review rules as pure functions, under both rule sets (124-QĐ/TW for 2023–2024, 366-QĐ/TW from 2025)."""

import dataclasses
import datetime as dt

import pytest

from models import rules
from models.reviews.review_rules import (
    QuotaGroup,
    RatedMember,
    RatedOrg,
    band_for,
    check_band,
    check_discipline,
    member_warnings,
    months_before,
    org_warnings,
    quota_allows,
    quota_groups,
    quota_limit,
)

Q366 = rules.for_review_year(2025)
Q124 = rules.for_review_year(2023)


def member(i, level, *, score=None, disciplined=False, group=1, votes=(None, None)):
    return RatedMember(i, f"Đảng viên {i}", 10, group, "Đảng bộ Trường THCS", level, score, disciplined, *votes)


def test_years_are_reviewed_under_the_set_in_force():
    assert Q366.id == "qd366-2025" and Q124.id == "qd124-2023"
    assert rules.for_review_year(2024).id == "qd124-2023"


@pytest.mark.parametrize(("score", "level"), [(95, "HTXSNV"), (90, "HTXSNV"), (89, "HTTNV"), (70, "HTTNV"),
                                              (69, "HTNV"), (50, "HTNV"), (49, "KHTNV"), (0, "KHTNV")])
def test_score_bands_of_366(score, level):
    assert band_for(Q366, score) == level


def test_a_level_above_the_score_band_is_warned_with_the_regulation():
    message = check_band(Q366, "Nguyễn Văn An", "HTXSNV", 85)
    assert "Nguyễn Văn An" in message and "90" in message and "366-QĐ/TW" in message
    assert check_band(Q366, "X", "HTTNV", 85) == ""
    assert check_band(Q366, "X", "HTNV", 85) == ""  # rating lower than the band is the cell's right


def test_the_124_set_has_no_bands_so_no_band_check():
    assert band_for(Q124, 10) is None
    assert check_band(Q124, "X", "HTXSNV", 10) == ""
    assert member_warnings(Q124, [member(1, "HTXSNV", score=10), *[member(i, "HTTNV") for i in range(2, 7)]]) == []


@pytest.mark.parametrize("rule_set", [Q124, Q366])
def test_discipline_in_the_year_caps_the_level(rule_set):
    assert rule_set.disqualifiers.discipline_in_year_max_level == "HTNV"
    assert "kỷ luật" in check_discipline(rule_set, "Lê Thị Hoa", "HTTNV", True)
    assert check_discipline(rule_set, "Lê Thị Hoa", "HTNV", True) == ""
    assert check_discipline(rule_set, "Lê Thị Hoa", "HTXSNV", False) == ""
    found = member_warnings(rule_set, [member(1, "HTTNV", disciplined=True), member(2, "HTTNV")])
    assert [(w.code, w.member_id) for w in found] == [("discipline", 1)]
    assert rule_set.citations.review in found[0].message


@pytest.mark.parametrize("rule_set", [Q124, Q366])
def test_quota_on_the_seed_example_of_thirteen_cells(rule_set):
    """2 HTXSNV, 9 HTTNV, 2 HTNV: 2 > 20% × 9 = 1,8, so the quota is broken."""
    levels = ["HTXSNV"] * 2 + ["HTTNV"] * 9 + ["HTNV"] * 2
    cells = [RatedOrg(i, f"Chi bộ {i}", None, "", level, None) for i, level in enumerate(levels, 1)]
    found = org_warnings(rule_set, cells)
    assert [w.code for w in found] == ["quota"]
    assert "Đảng bộ xã" in found[0].message and "tối đa 1" in found[0].message and "1,8" in found[0].message
    assert not quota_allows(rule_set, 2, 9) and quota_allows(rule_set, 1, 9) and quota_allows(rule_set, 2, 10)
    assert quota_limit(rule_set, 9) == 1 and quota_limit(rule_set, 10) == 2


def test_quota_counts_within_one_grassroots_organisation():
    rows = [member(1, "HTXSNV", group=1), *[member(i, "HTTNV", group=1) for i in range(2, 7)],
            member(7, "HTXSNV", group=2), member(8, "HTTNV", group=2)]
    found = member_warnings(Q366, rows)
    assert [(w.code, w.org_id) for w in found] == [("quota", 2)]  # group 1: 1 ≤ 5 × 20%; group 2: 1 > 0,2


def test_quota_groups_count_each_group_in_the_order_first_met():
    rated = [(2, "Chi bộ thôn Tây", "HTXSNV"), (1, "Đảng bộ Trường", "HTTNV"), (2, "Chi bộ thôn Tây", "HTTNV"),
             *[(1, "Đảng bộ Trường", "HTTNV") for _ in range(4)], (1, "Đảng bộ Trường", "HTXSNV"),
             (None, "", None)]
    assert quota_groups(Q366, rated) == [QuotaGroup(2, "Chi bộ thôn Tây", 1, 1, 0, False),
                                         QuotaGroup(1, "Đảng bộ Trường", 1, 5, 1, True),
                                         QuotaGroup(None, "", 0, 0, 0, True)]


def test_quota_can_be_switched_off_in_the_rule_set():
    off = dataclasses.replace(Q366, quota=dataclasses.replace(Q366.quota, enabled=False))
    assert quota_allows(off, 5, 1)


def test_organisation_excellent_blocked_by_a_disciplined_member():
    cells = [RatedOrg(1, "Chi bộ thôn Đông", None, "", "HTXSNV", None, ("Trần Văn Bình",)),
             RatedOrg(2, "Chi bộ thôn Tây", None, "", "HTTNV", None, ("Lê Văn C",))]
    cells += [RatedOrg(i, f"Chi bộ {i}", None, "", "HTTNV", None) for i in range(3, 8)]
    found = org_warnings(Q366, cells)
    assert [(w.code, w.org_id) for w in found] == [("org_discipline", 1)]
    assert "Trần Văn Bình" in found[0].message


def test_votes_above_the_total_are_warned():
    found = member_warnings(Q366, [member(1, "HTNV", votes=(12, 10))])
    assert [w.code for w in found] == ["votes"]


def test_admitted_less_than_six_months_before_the_review():
    review = dt.date(2026, 12, 31)
    assert months_before(dt.date(2026, 7, 1), review, 6)
    assert not months_before(dt.date(2026, 6, 30), review, 6)
    assert not months_before(None, review, 6)


def test_the_cells_proposal_is_checked_even_when_the_decision_is_lower():
    """The minutes print the cell's proposal: HTXSNV at 85 points is warned although the committee decided HTTNV."""
    row = RatedMember(1, "Lê Văn An", 10, 1, "Chi bộ thôn Đông", "HTTNV", 85, False, proposed="HTXSNV")
    assert [w.code for w in member_warnings(Q366, [row])] == ["band"]
    disciplined = RatedMember(2, "Lê Thị Hoa", 10, 1, "Chi bộ thôn Đông", "HTNV", None, True, proposed="HTTNV")
    assert [w.code for w in member_warnings(Q366, [disciplined])] == ["discipline"]
    fine = RatedMember(3, "Trần Văn Bình", 10, 1, "Chi bộ thôn Đông", "HTNV", 85, False, proposed="HTTNV")
    assert member_warnings(Q366, [fine]) == []
    cell = RatedOrg(4, "Chi bộ thôn Đông", None, "", "HTTNV", None, ("Lê Thị Hoa",), proposed="HTXSNV")
    assert [w.code for w in org_warnings(Q366, [cell])] == ["org_discipline"]


def test_tally_text_counts_each_level_unrated_and_not_reviewed():
    from models.reviews.review_rules import tally_text
    text = tally_text(Q366, ["HTXSNV", "HTTNV", "HTTNV", None], 2, "đảng viên")
    assert text == ("4 đảng viên được đánh giá: 1\u00a0HTXSNV, 2\u00a0HTTNV, 0\u00a0HTNV, 0\u00a0KHTNV; "
                    "1 chưa xếp loại; 2 không đánh giá")
