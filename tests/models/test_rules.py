"""The shipped rule sets load into typed records, are chosen by date, carry the figures the code reads,
and a broken rule file is refused naming the file and the entry."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from models import dues_rates, rules
from models.errors import UserError

SHIPPED = sorted(rules.rules_dir().glob("*.json"))


def test_both_shipped_rule_sets_load():
    assert [s.id for s in rules.all_rule_sets()] == ["qd124-2023", "qd366-2025"]
    for rule_set in rules.all_rule_sets():
        assert rule_set.level_name("HTXSNV") == "Hoàn thành xuất sắc nhiệm vụ"
        assert rule_set.study.reflection_grades == ("Tốt", "Khá", "Đạt", "Chưa đạt")
        assert rule_set.admission_min_age == 18


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_values_callers_read_equal_the_file(path: Path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    rule_set = rules.load(path)
    assert (rule_set.id, rule_set.name, rule_set.valid_from.isoformat()) == (raw["id"], raw["name"], raw["valid_from"])
    assert rule_set.level_codes == tuple(raw["levels"])
    assert [level.name for level in rule_set.levels] == [raw["level_names"][c] for c in raw["levels"]]
    assert rule_set.top_level == raw["levels"][0]
    assert rule_set.quota.max_share == Decimal(str(raw["quota"]["max_share"]))
    assert (rule_set.quota.level, rule_set.quota.of_level) == (raw["quota"]["level"], raw["quota"]["of_level"])
    assert rule_set.meetings.min_minutes == raw["meetings"]["min_minutes"]
    assert float(rule_set.meetings.quorum_share) == raw["meetings"]["quorum_share"]
    assert rule_set.not_reviewed.statuses == tuple(raw["not_reviewed"]["statuses"])
    assert [(c.code, c.max) for c in rule_set.quality.criteria] == [(c["code"], c["max"])
                                                                    for c in raw["quality"]["criteria"]]
    assert rule_set.quality.max_total == sum(c["max"] for c in raw["quality"]["criteria"]) == 100
    assert rule_set.probation_months == raw["probation_months"]
    assert rule_set.confirmation_deadline_working_days == raw["confirmation_deadline_working_days"]
    assert rule_set.numbering.types == raw["numbering"]["types"]
    assert rule_set.citations.review == raw["citation"]["review"]
    assert (rule_set.scoring.max if rule_set.scoring else None) == (raw["scoring"] or {}).get("max")
    assert [b.level for b in rule_set.rating_bands] == [b["level"] for b in raw["rating_bands"]]
    for form, raw_form in zip(rule_set.review_forms.self_review, raw["review_forms"]["self_review"], strict=True):
        assert (form.condition, form.code) == (raw_form["condition"], raw_form["code"])
        assert [s.heading for s in form.sections] == [s["heading"] for s in raw_form["sections"]]
    assert rule_set.review_forms.note == raw["review_forms"]["note"]
    assert rule_set.badges.milestones == tuple(raw["badges"]["milestones"])


def test_rule_set_is_chosen_by_date():
    assert rules.for_review_year(2024).id == "qd124-2023"
    assert rules.for_review_year(2025).id == "qd366-2025"
    assert rules.for_date(dt.date(2024, 12, 31)).id == "qd124-2023"
    assert rules.for_date(dt.date(2025, 1, 1)).id == "qd366-2025"
    assert rules.for_date(dt.date(2020, 5, 1)).id == "qd124-2023"    # before every set: the oldest


def test_review_rule_files_no_longer_carry_the_dues_history():
    for path in SHIPPED:
        assert "dues" not in json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("month", "student", "has_regions"), [
    (dt.date(2009, 12, 1), 3000, False),     # before every period: the oldest
    (dt.date(2025, 12, 1), 3000, False),
    (dt.date(2026, 1, 31), 3000, False),
    (dt.date(2026, 2, 1), 5000, True),
    (dt.date(2028, 1, 1), 5000, True),
])
def test_dues_rates_by_month(month, student, has_regions):
    rates = rules.dues_rates(month)
    assert rates.groups["hoc_sinh"].fixed == student
    assert bool(rates.regional_minimum_wage) is has_regions
    assert set(rates.exemption_reasons) == {"tuoi_dang_50", "tro_cap_xa_hoi", "ho_ngheo", "benh_hiem_ngheo"}
    assert rates.reduction_pcts == (30, 50, 70) and rates.reduction_max_months == 12


def test_minimum_wage_rate_rises_in_2028():
    before, after = rules.dues_rates(dt.date(2027, 12, 1)), rules.dues_rates(dt.date(2028, 1, 1))
    assert before.groups["khac_duoi_tuoi_huu"].rate == Decimal("0.003")
    assert after.groups["khac_duoi_tuoi_huu"].rate == Decimal("0.005")
    assert after.groups["khac_duoi_tuoi_huu"].basis == "regional_minimum_wage"
    assert after.regional_minimum_wage["I"] == 5_310_000          # carried over from the 2026 period
    assert after.citation == "Quy định 01-QĐ/TW năm 2026 về chế độ đảng phí"


def test_seniority_exemption_starts_when_it_did_under_the_review_rule_files():
    assert rules.dues_rates(dt.date(2024, 12, 1)).exempt_seniority_years is None
    assert rules.dues_rates(dt.date(2025, 1, 1)).exempt_seniority_years == 50
    assert rules.dues_rates(dt.date(2025, 1, 1)).groups["khac"].fixed == 5000   # the old rates still apply


@pytest.mark.parametrize(("score", "grade"), [
    (100, "Tốt"), (90, "Tốt"), (89, "Khá"), (70, "Khá"), (69, "Trung bình"), (50, "Trung bình"),
    (49, "Kém"), (0, "Kém"), (None, ""),
])
def test_quality_grades(score, grade):
    for rule_set in rules.all_rule_sets():
        assert rule_set.quality_grade(score) == grade


def test_unknown_rule_set_is_refused_in_vietnamese():
    with pytest.raises(UserError, match="Không có bộ quy định"):
        rules.by_id("qd999")


# ---------------------------------------------------------------- broken files are refused

def _broken(tmp_path: Path, change, source: Path = SHIPPED[-1]) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / source.name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["quota"].pop("max_share"), "“qd366-2025.json” thiếu mục “quota.max_share”"),
    (lambda d: d.pop("probation_months"), "thiếu mục “probation_months”"),
    (lambda d: d["meetings"].update(quorum_share="một nửa"), "mục “meetings.quorum_share” phải là một số"),
    (lambda d: d.update(probation_months=12.5), "mục “probation_months” phải là một số nguyên"),
    (lambda d: d.update(valid_from="2025-13-01"), "mục “valid_from” phải là một ngày"),
    (lambda d: d["quality"]["criteria"][2].pop("max"), "thiếu mục “quality.criteria\\[2\\].max”"),
    (lambda d: d["review_forms"]["self_review"][2]["sections"][1].update(lines="5"),
     "mục “review_forms.self_review\\[2\\].sections\\[1\\].lines” phải là một số nguyên"),
    (lambda d: d["review_forms"]["self_review"][0].update(condition="bi_thu"),
     "“qd366-2025.json”: mục “review_forms.self_review\\[0\\].condition” phải là một trong "
     "“leader”, “in_system”, “other”"),
    (lambda d: d["review_forms"]["self_review"][0].pop("condition"),
     "thiếu mục “review_forms.self_review\\[0\\].condition”"),
    (lambda d: d["review_forms"]["self_review"].pop(),
     "mục “review_forms.self_review” phải là .*kết thúc bằng mẫu “other”"),
    (lambda d: d["review_forms"]["self_review"].insert(0, d["review_forms"]["self_review"][1]),
     "mục “review_forms.self_review” phải là .*không trùng"),
    (lambda d: d["review_forms"].update(self_review={}), "mục “review_forms.self_review” phải là một danh sách"),
    (lambda d: d["quota"].update(enabled="yes"), "mục “quota.enabled” phải là true hoặc false"),
    (lambda d: d["rating_bands"][0].update(level="XS"), "mục “rating_bands\\[0\\].level” phải là một mức"),
    (lambda d: d["level_names"].pop("HTNV"), "thiếu mục “level_names.HTNV”"),
    (lambda d: d.update(study=[]), "mục “study” phải là một nhóm mục"),
])
def test_a_broken_rule_file_is_refused_naming_file_and_entry(tmp_path, change, message):
    with pytest.raises(UserError, match=message):
        rules.load(_broken(tmp_path, change))


def test_a_rule_file_that_is_not_json_is_refused_with_its_line(tmp_path):
    path = tmp_path / "qd-hong.json"
    path.write_text('{"id": "x",\n "name": }', encoding="utf-8")
    with pytest.raises(UserError, match="“qd-hong.json” bị hỏng ở dòng 2"):
        rules.load(path)


def test_a_broken_rule_file_stops_loading_every_rule_set(tmp_path, monkeypatch):
    _broken(tmp_path, lambda d: d["meetings"].pop("min_minutes"))
    monkeypatch.setattr(rules, "rules_dir", lambda: tmp_path)
    rules.all_rule_sets.cache_clear()
    try:
        with pytest.raises(UserError, match="thiếu mục “meetings.min_minutes”"):
            rules.all_rule_sets()
    finally:
        rules.all_rule_sets.cache_clear()


DUES_FILE = sorted(dues_rates.dues_dir().glob("*.json"))[0]


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["periods"][0]["groups"]["luong"].pop("rate"), "thiếu mục “periods\\[0\\].groups.luong.rate”"),
    (lambda d: d["periods"][2]["groups"]["hoc_sinh"].update(fixed="5.000"),
     "mục “periods\\[2\\].groups.hoc_sinh.fixed” phải là một số nguyên"),
    (lambda d: d["periods"][1].update(valid_from="01/01/2025"), "mục “periods\\[1\\].valid_from” phải là một ngày"),
    (lambda d: d["periods"][0]["groups"]["luong"].update(basis="luong"), "“periods\\[0\\].groups.luong.basis”"),
    (lambda d: d["periods"][0].pop("reduction_pcts"), "thiếu mục “periods\\[0\\].reduction_pcts”"),
])
def test_a_broken_dues_file_is_refused_naming_file_and_entry(tmp_path, change, message):
    with pytest.raises(UserError, match=f"“{DUES_FILE.name}”.*{message}"):
        dues_rates.load(_broken(tmp_path, change, DUES_FILE))
