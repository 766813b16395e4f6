"""Party dues: the rates of Quy định 01-QĐ/TW (from the rule set), profiles, payments, unpaid months."""

from __future__ import annotations

import datetime as dt

import pytest

from models import rules
from models.dues import ledger as dues
from models.dues.ledger import DuesProfile
from models.errors import UserError
from models.people import members
from models.people.member_events import Event
from models.storage import audit
from tests.conftest import add_member

MARCH_2026 = dt.date(2026, 3, 1)


def due(group, basis=0, region="", reduction=0, month=MARCH_2026):
    return dues.amount_due(rules.dues_rates(month), group, basis, region, reduction, month)


# ---------------------------------------------------------------- the rates

def test_one_percent_of_salary():
    assert due("luong", 5_000_000) == 50_000


def test_retiree_pays_half_a_percent_of_pension():
    assert due("huu_tri", 4_000_000) == 20_000


def test_student_pays_a_fixed_5000():
    assert due("hoc_sinh") == 5_000


def test_before_february_2026_the_old_rates_apply():
    assert due("hoc_sinh", month=dt.date(2026, 1, 1)) == 3_000
    with pytest.raises(UserError, match="không có trong quy định"):
        due("khac_duoi_tuoi_huu", region="I", month=dt.date(2026, 1, 1))


def test_region_one_under_retirement_age():
    assert due("khac_duoi_tuoi_huu", region="I") == 15_930          # 0,3% × 5.310.000


def test_from_2028_the_minimum_wage_rates_rise():
    assert due("khac_duoi_tuoi_huu", region="I", month=dt.date(2028, 1, 1)) == 26_550   # 0,5%
    assert due("khac_tren_tuoi_huu", region="IV", month=dt.date(2027, 12, 1)) == 7_400  # 0,2% × 3.700.000
    assert due("khac_tren_tuoi_huu", region="IV", month=dt.date(2028, 1, 1)) == 11_100  # 0,3%


def test_exempt_group_pays_nothing():
    assert due("mien") == 0


def test_a_fifty_percent_reduction():
    assert due("luong", 5_000_000, reduction=50) == 25_000


def test_rounding_is_half_up_to_the_dong():
    assert due("luong", 5_000_050) == 50_001          # 50.000,5 → 50.001
    assert due("luong", 5_000_049) == 50_000          # 50.000,49 → 50.000
    assert due("huu_tri", 3_333_333, reduction=30) == 11_667   # 16.666,665 × 0,7 = 11.666,67 → 11.667


def test_missing_basis_or_region_is_refused_in_vietnamese():
    with pytest.raises(UserError, match="tiền lương"):
        due("luong", 0)
    with pytest.raises(UserError, match="vùng"):
        due("khac_duoi_tuoi_huu", region="")


# ---------------------------------------------------------------- profiles and exemptions

@pytest.fixture
def cell(commune):
    conn = commune["conn"]
    an = add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    binh = add_member(conn, "Trần Thị Bình", commune["dong"].id, dt.date(2015, 3, 2), dt.date(2016, 3, 2))
    return {**commune, "an": an, "binh": binh}


def test_profile_amount_and_reduction_for_limited_months(cell):
    conn, an = cell["conn"], cell["an"]
    dues.set_profile(conn, DuesProfile(an.id, dt.date(2026, 2, 14), "luong", 6_000_000,
                                       reduction_pct=50, reduction_months=2))
    assert dues.due_for(conn, an.id, dt.date(2026, 2, 1)).amount == 30_000
    assert dues.due_for(conn, an.id, dt.date(2026, 3, 1)).amount == 30_000
    assert dues.due_for(conn, an.id, dt.date(2026, 4, 1)).amount == 60_000
    assert dues.due_for(conn, an.id, dt.date(2026, 1, 1)).amount is None     # before any profile
    assert audit.history(conn, "member", an.id)[-1].action == "khai báo đảng phí"


def test_reduction_longer_than_the_rule_allows_is_refused(cell):
    conn, an = cell["conn"], cell["an"]
    with pytest.raises(UserError, match="1 đến 12 tháng"):
        dues.set_profile(conn, DuesProfile(an.id, MARCH_2026, "luong", 6_000_000, reduction_pct=50,
                                           reduction_months=13))
    with pytest.raises(UserError, match="30%, 50%, 70%"):
        dues.set_profile(conn, DuesProfile(an.id, MARCH_2026, "luong", 6_000_000, reduction_pct=40,
                                           reduction_months=3))
    assert dues.profiles(conn, an.id) == []


def test_exemption_reason_makes_the_amount_zero(cell):
    conn, an = cell["conn"], cell["an"]
    dues.set_profile(conn, DuesProfile(an.id, MARCH_2026, "khac_duoi_tuoi_huu", region="II", exemption="ho_ngheo"))
    result = dues.due_for(conn, an.id, MARCH_2026)
    assert result.amount == 0 and "hộ nghèo" in result.reason
    with pytest.raises(UserError, match="Lý do miễn"):
        dues.set_profile(conn, DuesProfile(an.id, MARCH_2026, "luong", 1, exemption="khong_co"))


def test_seniority_exemption_applies_from_fifty_years(cell):
    conn = cell["conn"]
    old = add_member(conn, "Lê Văn Cả", cell["dong"].id, dt.date(1976, 4, 15), dt.date(1977, 4, 15))
    dues.set_profile(conn, DuesProfile(old.id, MARCH_2026, "huu_tri", 4_000_000))
    assert dues.due_for(conn, old.id, MARCH_2026).amount == 20_000           # 49 years in March 2026
    may = dues.due_for(conn, old.id, dt.date(2026, 5, 1))                   # 50 years on 15/04/2026
    assert may.amount == 0 and "50 năm tuổi đảng" in may.reason


# ---------------------------------------------------------------- payments and the sheet

def test_payment_sheet_and_cell_total(cell):
    conn, an, binh, dong = cell["conn"], cell["an"], cell["binh"], cell["dong"]
    dues.set_profile(conn, DuesProfile(an.id, MARCH_2026, "luong", 5_000_000))
    dues.set_profile(conn, DuesProfile(binh.id, MARCH_2026, "khac_duoi_tuoi_huu", region="I"))
    dues.pay_in_full(conn, an.id, 2026, 3)
    dues.record_payment(conn, binh.id, 2026, 3, 10_000)
    sheet = dues.collection_sheet(conn, dong.id, 2026, 3)
    assert [(r.full_name, r.due, r.paid, r.paid_in_full) for r in sheet] == [
        ("Nguyễn Văn An", 50_000, 50_000, True), ("Trần Thị Bình", 15_930, 10_000, False)]
    assert dues.cell_month_total(conn, dong.id, 2026, 3) == 60_000
    dues.record_payment(conn, binh.id, 2026, 3, 15_930)      # a correction replaces the entry
    assert dues.cell_month_total(conn, dong.id, 2026, 3) == 65_930
    assert dues.cell_month_total(conn, cell["teachers"].id, 2026, 3) == 0


def test_bad_payments_are_refused_and_change_nothing(cell):
    conn, an = cell["conn"], cell["an"]
    with pytest.raises(UserError, match="không được âm"):
        dues.record_payment(conn, an.id, 2026, 3, -5)
    with pytest.raises(UserError, match="chưa được khai báo"):
        dues.pay_in_full(conn, an.id, 2026, 3)
    assert dues.payment(conn, an.id, 2026, 3) is None


def test_unpaid_months_and_year_stats(cell):
    conn, an, binh = cell["conn"], cell["an"], cell["binh"]
    dues.set_profile(conn, DuesProfile(an.id, dt.date(2025, 1, 1), "luong", 5_000_000))
    dues.set_profile(conn, DuesProfile(binh.id, dt.date(2025, 1, 1), "luong", 4_000_000))
    for month in range(1, 13):
        dues.pay_in_full(conn, an.id, 2025, month)
        if month not in (2, 5, 9):
            dues.pay_in_full(conn, binh.id, 2025, month)
    dues.record_payment(conn, binh.id, 2025, 9, 1_000)      # paid part of September: still unpaid
    assert dues.unpaid_months(conn, an.id, 2025) == 0
    assert dues.unpaid_months(conn, binh.id, 2025) == 3
    stats = dues.year_stats(conn, 2025)
    assert stats.due == 12 * 50_000 + 12 * 40_000
    assert stats.collected == 12 * 50_000 + 9 * 40_000 + 1_000
    assert [(u.full_name, u.months) for u in stats.to_consider] == [("Trần Thị Bình", (2, 5, 9))]
    assert dues.year_stats(conn, 2025, [cell["teachers"].id]).due == 0


def test_months_away_do_not_count_as_unpaid(cell):
    conn, binh = cell["conn"], cell["binh"]
    dues.set_profile(conn, DuesProfile(binh.id, dt.date(2025, 1, 1), "luong", 4_000_000))
    members.add_event(conn, binh.id, Event("chuyen_di", dt.date(2025, 3, 10), other_place="Xã Bên"))
    # Nothing paid: January and February are unpaid; from March she pays where she moved to.
    assert dues.unpaid_months(conn, binh.id, 2025) == 2


def test_months_without_a_profile_are_unknown_not_unpaid(cell):
    conn, an = cell["conn"], cell["an"]
    assert dues.unpaid_months(conn, an.id, 2025) == 0
    stats = dues.year_stats(conn, 2025, [cell["dong"].id])
    assert stats.unknown_months == 24 and stats.unpaid == () and stats.due == 0


def test_the_month_being_collected_is_not_yet_owed(cell):
    """On the first day of April nobody has paid April yet: only January to March count, in every figure."""
    conn, an, dong = cell["conn"], cell["an"], cell["dong"]
    first_of_april = dt.date(2025, 4, 1)
    dues.set_profile(conn, DuesProfile(an.id, dt.date(2025, 1, 1), "luong", 4_000_000))
    assert dues.unpaid_months(conn, an.id, 2025, first_of_april) == 3
    stats = dues.year_stats(conn, 2025, [dong.id], today=first_of_april)
    listed = next(u for u in stats.unpaid if u.member_id == an.id)
    assert listed.months == (1, 2, 3) and listed.overdue_months == 3
    assert stats.due == 3 * 40_000 + sum(0 for _ in ())
    on_first_of_january = dues.year_stats(conn, 2025, [dong.id], today=dt.date(2025, 1, 1))
    assert on_first_of_january.unpaid == () and on_first_of_january.due == 0
