"""Opening a year's review, entering it, counting levels and the warnings over stored rows."""

import dataclasses
import datetime as dt

import pytest

from models.commune import organisations
from models.commune.organisations import NewOrganisation
from models.errors import UserError
from models.people import members
from models.people.member_events import Event
from models.reviews import records as reviews
from models.storage import audit
from tests.conftest import add_member

D = dt.date
YEAR = 2026


@pytest.fixture
def cell(commune):
    """Chi bộ thôn Đông with six reviewed members and one of each kind that is not reviewed."""
    conn, dong = commune["conn"], commune["dong"]
    people = {name: add_member(conn, name, dong.id, D(2010, 3, 1), D(2011, 3, 1)) for name in
              ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Hoa")}
    exempt = add_member(conn, "Đỗ Văn Kha", dong.id, D(1970, 1, 1), D(1971, 1, 1))
    members.add_event(conn, exempt.id, Event("mien_sinh_hoat", D(2024, 5, 1)))
    suspended = add_member(conn, "Bùi Văn Long", dong.id, D(2000, 1, 1), D(2001, 1, 1))
    members.add_event(conn, suspended.id, Event("dinh_chi", D(2026, 2, 1)))
    newcomer = add_member(conn, "Ngô Thị Mai", dong.id, D(2026, 7, 15))
    gone = add_member(conn, "Đinh Văn Nam", dong.id, D(2000, 1, 1), D(2001, 1, 1))
    members.add_event(conn, gone.id, Event("chuyen_di", D(2026, 3, 1), other_place="Xã khác"))
    return {**commune, "people": people, "exempt": exempt, "suspended": suspended, "newcomer": newcomer,
            "gone": gone}


def set_levels(conn, rows, levels, **extra):
    changed = [dataclasses.replace(r, cell_level=level, **extra) for r, level in zip(rows, levels, strict=True)]
    reviews.save_member_reviews(conn, YEAR, changed)


def test_open_lists_everyone_on_the_roll_and_says_who_is_not_reviewed(cell):
    conn = cell["conn"]
    result = reviews.open_review(conn, YEAR)
    assert result.members_added == 9 and result.not_reviewed_added == 3 and result.orgs_added == 3
    assert "366-QĐ/TW" in result.message
    rows = {r.full_name: r for r in reviews.member_reviews(conn, YEAR)}
    assert "Đinh Văn Nam" not in rows  # moved away before the review
    assert rows["Đỗ Văn Kha"].not_reviewed_reason == "Miễn sinh hoạt" and not rows["Đỗ Văn Kha"].reviewed
    assert rows["Bùi Văn Long"].not_reviewed_reason == "Đình chỉ sinh hoạt"
    assert rows["Ngô Thị Mai"].not_reviewed_reason.startswith("Kết nạp ngày 15/07/2026, chưa đủ 6 tháng")
    assert all(rows[n].reviewed for n in cell["people"])
    assert reviews.period(conn, YEAR).rule_set_id == "qd366-2025"
    assert audit.history(conn, "review_period", YEAR)[0].action == "mở đợt đánh giá"


def test_a_past_year_uses_its_own_rule_set_and_roll(cell):
    conn = cell["conn"]
    reviews.open_review(conn, 2023)
    assert reviews.period(conn, 2023).rule_set_id == "qd124-2023"
    rows = {r.full_name: r for r in reviews.member_reviews(conn, 2023)}
    assert rows["Đinh Văn Nam"].reviewed        # still in the cell at the end of 2023
    assert rows["Bùi Văn Long"].reviewed         # suspended only in 2026
    assert "Ngô Thị Mai" not in rows            # not yet admitted


def test_reopening_adds_newcomers_and_keeps_entered_data(cell):
    conn, dong = cell["conn"], cell["dong"]
    reviews.open_review(conn, YEAR)
    an = next(r for r in reviews.member_reviews(conn, YEAR) if r.full_name == "Nguyễn Văn An")
    reviews.save_member_reviews(conn, YEAR, [dataclasses.replace(an, self_score=92, cell_level="HTTNV")])
    add_member(conn, "Lý Văn Phúc", dong.id, D(2015, 1, 1), D(2016, 1, 1))
    again = reviews.open_review(conn, YEAR)
    assert again.members_added == 1 and again.orgs_added == 0
    rows = {r.full_name: r for r in reviews.member_reviews(conn, YEAR)}
    assert (rows["Nguyễn Văn An"].self_score, rows["Nguyễn Văn An"].cell_level) == (92, "HTTNV")
    assert "Lý Văn Phúc" in rows


def test_level_counts_use_the_decision_else_the_proposal(cell):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    rows = [r for r in reviews.member_reviews(conn, YEAR) if r.reviewed]
    set_levels(conn, rows, ["HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV", "KHTNV"])
    first = next(r for r in reviews.member_reviews(conn, YEAR) if r.member_id == rows[0].member_id)
    decided = dataclasses.replace(first, decided_level="HTTNV", decision_no="15-QĐ/ĐU", decision_date=D(2026, 12, 20))
    reviews.save_member_reviews(conn, YEAR, [decided])
    counts = reviews.level_counts(conn, YEAR)
    assert counts["members"] == {"HTXSNV": 0, "HTTNV": 4, "HTNV": 1, "KHTNV": 1, "not_reviewed": 3}
    assert counts["organisations"] == {"HTXSNV": 0, "HTTNV": 0, "HTNV": 0, "KHTNV": 0, "not_reviewed": 0}


def test_quota_warning_within_the_grassroots_organisation(cell):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    rows = [r for r in reviews.member_reviews(conn, YEAR) if r.reviewed]
    set_levels(conn, rows, ["HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTTNV", "HTTNV"])
    assert reviews.warnings(conn, YEAR) == []  # 1 ≤ 20% × 5
    # one HTTNV becomes HTNV in the grid: 1 HTXSNV against 4 HTTNV, 1 > 0,8
    rows = [r for r in reviews.member_reviews(conn, YEAR) if r.reviewed]
    pending = [dataclasses.replace(rows[4], cell_level="HTNV")]
    found = reviews.warnings(conn, YEAR, pending_members=pending)
    assert [(w.code, w.org_id) for w in found] == [("quota", cell["dong"].id)]
    assert "Chi bộ thôn Đông" in found[0].message and "Quy định 366-QĐ/TW" in found[0].message
    assert reviews.warnings(conn, YEAR) == []  # pending edits are not saved by checking them


def test_discipline_in_the_year_caps_member_and_blocks_the_cell(cell):
    conn, dong = cell["conn"], cell["dong"]
    an = cell["people"]["Nguyễn Văn An"]
    members.add_event(conn, an.id, Event("ky_luat", D(2026, 4, 2), detail="khien_trach"))
    reviews.open_review(conn, YEAR)
    rows = {r.member_id: r for r in reviews.member_reviews(conn, YEAR)}
    reviews.save_member_reviews(conn, YEAR, [dataclasses.replace(rows[an.id], cell_level="HTTNV")])
    dong_row = next(o for o in reviews.org_reviews(conn, YEAR) if o.org_id == dong.id)
    reviews.save_org_reviews(conn, YEAR, [dataclasses.replace(dong_row, proposed_level="HTXSNV")])
    codes = {(w.code, w.member_id, w.org_id) for w in reviews.warnings(conn, YEAR)}
    assert ("discipline", an.id, dong.id) in codes
    assert ("org_discipline", None, dong.id) in codes
    assert ("quota", None, None) in codes  # 1 cell HTXSNV, 0 HTTNV under the commune
    assert reviews.disciplined_in_year(conn, YEAR)[an.id] == ["Kỷ luật (khiển trách) ngày 02/04/2026"]
    assert reviews.disciplined_in_year(conn, 2025) == {}


def test_a_corrected_discipline_does_not_count(cell):
    conn = cell["conn"]
    an = cell["people"]["Nguyễn Văn An"]
    members.add_event(conn, an.id, Event("ky_luat", D(2026, 4, 2), detail="khien_trach"))
    wrong = members.events(conn, an.id)[-1]
    members.correct_event(conn, an.id, wrong.id, "ghi nhầm người")
    assert reviews.disciplined_in_year(conn, YEAR) == {}


def test_bad_entries_are_refused_and_change_nothing(cell):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    rows = reviews.member_reviews(conn, YEAR)
    good = [r for r in rows if r.reviewed]
    excluded = next(r for r in rows if not r.reviewed)
    with pytest.raises(UserError, match="lớn hơn tổng số"):
        reviews.save_member_reviews(conn, YEAR, [dataclasses.replace(good[0], votes_for=9, votes_total=7),
                                                 dataclasses.replace(good[1], cell_level="HTTNV")])
    with pytest.raises(UserError, match="từ 0 đến 100"):
        reviews.save_member_reviews(conn, YEAR, [dataclasses.replace(good[0], self_score=120)])
    with pytest.raises(UserError, match="không đánh giá"):
        reviews.save_member_reviews(conn, YEAR, [dataclasses.replace(excluded, cell_level="HTNV")])
    assert reviews.member_reviews(conn, YEAR) == rows


def test_saving_records_an_audit_line_per_changed_row(cell):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    row = next(r for r in reviews.member_reviews(conn, YEAR) if r.reviewed)
    assert reviews.save_member_reviews(conn, YEAR, [dataclasses.replace(row, self_score=88, self_level="HTTNV")]) == 1
    entry = audit.history(conn, "member_review", row.member_id)[-1]
    assert entry.action == "đánh giá" and '"self_score": [null, 88]' in entry.detail


def test_a_year_not_opened_says_to_open_it_first(conn):
    with pytest.raises(UserError, match="Chưa mở đợt đánh giá, xếp loại năm 2026"):
        reviews.require_period(conn, 2026)
    assert reviews.warnings(conn, 2026) == []


def test_organisations_of_a_grassroots_committee_are_grouped_under_it(commune):
    conn, school = commune["conn"], commune["school"]
    extra = organisations.create(conn, NewOrganisation("Chi bộ Hành chính", "chi_bo_truc_thuoc", parent_id=school.id))
    reviews.open_review(conn, YEAR)
    rows = {o.org_id: o for o in reviews.org_reviews(conn, YEAR)}
    changed = [dataclasses.replace(rows[commune["teachers"].id], proposed_level="HTXSNV"),
               dataclasses.replace(rows[extra.id], proposed_level="HTTNV")]
    reviews.save_org_reviews(conn, YEAR, changed)
    found = [w for w in reviews.warnings(conn, YEAR) if w.code == "quota"]
    assert [(w.org_id, "Đảng bộ Trường THCS Phố Mới" in w.message) for w in found] == [(school.id, True)]


def test_a_disciplined_member_of_a_sub_cell_blocks_the_grassroots_committee(commune):
    """Đảng bộ Trường THCS proposed HTXSNV while a member of its Chi bộ Giáo viên was disciplined in the year."""
    conn, school, teachers = commune["conn"], commune["school"], commune["teachers"]
    teacher = add_member(conn, "Phan Văn Tú", teachers.id, D(2005, 1, 1), D(2006, 1, 1))
    members.add_event(conn, teacher.id, Event("ky_luat", D(2026, 9, 9), detail="canh_cao"))
    reviews.open_review(conn, YEAR)
    rows = {o.org_id: o for o in reviews.org_reviews(conn, YEAR)}
    reviews.save_org_reviews(conn, YEAR, [dataclasses.replace(rows[school.id], proposed_level="HTXSNV"),
                                          dataclasses.replace(rows[commune["dong"].id], proposed_level="HTTNV")])
    blocked = [w for w in reviews.warnings(conn, YEAR) if w.code == "org_discipline"]
    assert [w.org_id for w in blocked] == [school.id]
    assert "Phan Văn Tú" in blocked[0].message and "Đảng bộ Trường THCS Phố Mới" in blocked[0].message


def test_review_texts_are_cleaned_and_limited(cell):
    conn = cell["conn"]
    reviews.open_review(conn, YEAR)
    an = next(r for r in reviews.member_reviews(conn, YEAR) if r.full_name == "Nguyễn Văn An")
    reviews.save_member_reviews(conn, YEAR, [dataclasses.replace(an, notes="Đã khắc phục\u200b hạn chế\u202e")])
    stored = next(r for r in reviews.member_reviews(conn, YEAR) if r.full_name == "Nguyễn Văn An")
    assert stored.notes == "Đã khắc phục hạn chế"
    too_long = "x" * (reviews.REVIEW_MAX_LENGTHS["notes"] + 1)
    with pytest.raises(UserError, match="Ghi chú dài"):
        reviews.save_member_reviews(conn, YEAR, [dataclasses.replace(stored, notes=too_long, self_score=80)])
    again = next(r for r in reviews.member_reviews(conn, YEAR) if r.full_name == "Nguyễn Văn An")
    assert again.self_score == stored.self_score and again.notes == stored.notes   # nothing half-written
