"""Each member's self-review form is the one their position calls for under the rule set in force:
the leaders' form (2A) for a bí thư, phó bí thư or chi ủy viên in the year, 2B for a member working in the
political system, 2C for the others (most rural members) — under both shipped rule sets."""

from __future__ import annotations

import datetime as dt

import pytest

from models import rules
from models.commune import organisations
from models.reviews import form_choice
from tests.conftest import add_member

D = dt.date


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize(("conditions", "form"), [
    ({"leader", "in_system"}, "2A"), ({"leader"}, "2A"), ({"in_system"}, "2B"), (set(), "2C"),
])
def test_the_rule_set_picks_the_form_for_the_conditions(year, conditions, form):
    chosen = rules.for_review_year(year).review_forms.self_review_for(conditions)
    assert chosen.code.startswith(f"Mẫu {form}-HD KĐ.ĐG")


def test_the_leaders_form_has_the_leadership_section_and_the_others_do_not():
    for rule_set in rules.all_rule_sets():
        forms = {f.condition: f for f in rule_set.review_forms.self_review}
        assert list(forms) == ["leader", "in_system", "other"]
        leader_only = {s.heading for s in forms["leader"].sections} - {s.heading for s in forms["in_system"].sections}
        assert any("lãnh đạo, chỉ đạo" in heading for heading in leader_only)
        assert "lãnh đạo, quản lý" in forms["leader"].subtitle
        assert "không giữ chức vụ lãnh đạo, quản lý" in forms["in_system"].subtitle


@pytest.fixture
def people(commune):
    conn, dong = commune["conn"], commune["dong"]
    secretary = add_member(conn, "Nguyễn Văn An", dong.id, D(2000, 5, 19), D(2001, 5, 19))
    organisations.set_position(conn, dong.id, secretary.id, "bi_thu", D(2022, 6, 15))
    clerk = add_member(conn, "Trần Thị Bình", dong.id, D(2010, 1, 2), D(2011, 1, 2), works_in_political_system=True)
    farmer = add_member(conn, "Lê Văn Cường", dong.id, D(2012, 1, 2), D(2013, 1, 2))
    return {"conn": conn, "dong": dong, "secretary": secretary, "clerk": clerk, "farmer": farmer}


@pytest.mark.parametrize(("year", "suffix"), [(2024, "2023"), (2025, "2025")])
def test_bi_thu_gets_2a_system_member_2b_rural_member_2c(people, year, suffix):
    conn = people["conn"]
    codes = {who: form_choice.form_for(conn, people[who].id, year).code for who in ("secretary", "clerk", "farmer")}
    assert codes == {"secretary": f"Mẫu 2A-HD KĐ.ĐG {suffix}", "clerk": f"Mẫu 2B-HD KĐ.ĐG {suffix}",
                     "farmer": f"Mẫu 2C-HD KĐ.ĐG {suffix}"}


def test_a_position_held_for_part_of_the_year_counts_and_one_outside_it_does_not(people):
    conn, dong = people["conn"], people["dong"]
    organisations.set_position(conn, dong.id, people["farmer"].id, "chi_uy_vien", D(2025, 11, 1))
    positions = organisations.positions(conn, dong.id)
    held = next(p for p in positions if p.member_id == people["farmer"].id)
    organisations.end_position(conn, held.id, D(2026, 3, 31))
    assert form_choice.form_for(conn, people["farmer"].id, 2024).code.startswith("Mẫu 2C")
    assert form_choice.form_for(conn, people["farmer"].id, 2025).code.startswith("Mẫu 2A")
    assert form_choice.form_for(conn, people["farmer"].id, 2026).code.startswith("Mẫu 2A")
    assert form_choice.form_for(conn, people["farmer"].id, 2027).code.startswith("Mẫu 2C")


def test_a_phó_bí_thư_of_another_organisation_also_gets_the_leaders_form(people, commune):
    conn = people["conn"]
    organisations.set_position(conn, commune["teachers"].id, people["clerk"].id, "pho_bi_thu", D(2024, 1, 1))
    assert form_choice.form_for(conn, people["clerk"].id, 2025).code.startswith("Mẫu 2A")
