"""The shipped rule sets load, are chosen by date, and carry the figures the code reads."""

from __future__ import annotations

import datetime as dt

import pytest

from models import rules


def test_both_shipped_rule_sets_load():
    assert [s.id for s in rules.all_rule_sets()] == ["qd124-2023", "qd366-2025"]
    for rule_set in rules.all_rule_sets():
        assert rule_set.level_name("HTXSNV") == "Hoàn thành xuất sắc nhiệm vụ"
        assert rule_set["study"]["reflection_grades"] == ["Tốt", "Khá", "Đạt", "Chưa đạt"]
        assert set(rule_set["dues"]["exemption_reasons"]) == {"tuoi_dang_50", "tro_cap_xa_hoi", "ho_ngheo",
                                                              "benh_hiem_ngheo"}


def test_rule_set_is_chosen_by_date():
    assert rules.for_review_year(2024).id == "qd124-2023"
    assert rules.for_review_year(2025).id == "qd366-2025"
    assert rules.for_date(dt.date(2024, 12, 31)).id == "qd124-2023"
    assert rules.for_date(dt.date(2025, 1, 1)).id == "qd366-2025"
    assert rules.for_date(dt.date(2020, 5, 1)).id == "qd124-2023"    # before every set: the oldest


@pytest.mark.parametrize(("month", "student", "has_regions"), [
    (dt.date(2025, 12, 1), 3000, False),
    (dt.date(2026, 1, 31), 3000, False),
    (dt.date(2026, 2, 1), 5000, True),
    (dt.date(2028, 1, 1), 5000, True),
])
def test_dues_period_by_month(month, student, has_regions):
    period = rules.for_date(month).dues_period(month)
    assert period["groups"]["hoc_sinh"]["fixed"] == student
    assert bool(period["regional_minimum_wage"]) is has_regions


def test_minimum_wage_rate_rises_in_2028():
    before = rules.for_date(dt.date(2027, 12, 1)).dues_period(dt.date(2027, 12, 1))
    after = rules.for_date(dt.date(2028, 1, 1)).dues_period(dt.date(2028, 1, 1))
    assert before["groups"]["khac_duoi_tuoi_huu"]["rate"] == 0.003
    assert after["groups"]["khac_duoi_tuoi_huu"]["rate"] == 0.005
    assert after["regional_minimum_wage"]["I"] == 5_310_000


@pytest.mark.parametrize(("score", "grade"), [
    (100, "Tốt"), (90, "Tốt"), (89, "Khá"), (70, "Khá"), (69, "Trung bình"), (50, "Trung bình"),
    (49, "Kém"), (0, "Kém"), (None, ""),
])
def test_quality_grades(score, grade):
    for rule_set in rules.all_rule_sets():
        assert rule_set.quality_grade(score) == grade


def test_unknown_rule_set_is_refused_in_vietnamese():
    with pytest.raises(Exception, match="Không có bộ quy định"):
        rules.by_id("qd999")
