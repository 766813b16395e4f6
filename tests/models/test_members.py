import datetime as dt

import pytest

from models import rules
from models.errors import UserError
from models.people import member_events, member_list, members
from models.people.member_events import Event
from models.people.members import MemberDetails
from models.storage import audit
from tests.conftest import add_member

D = dt.date


def test_create_derives_state_from_admission_events(commune):
    conn, dong = commune["conn"], commune["dong"]
    m = add_member(conn, "Nguyễn Văn Ân", dong.id, D(2020, 5, 19), D(2021, 5, 19), card_number="0012345")
    assert (m.org_id, m.standing, m.status) == (dong.id, "chinh_thuc", "dang_sinh_hoat")
    assert m.joined_on == D(2020, 5, 19) and m.official_on == D(2021, 5, 19)
    assert m.details.card_number == "0012345"
    assert [e.kind for e in members.events(conn, m.id)] == ["ket_nap", "chuyen_chinh_thuc"]
    assert audit.history(conn, "member", m.id)[0].action == "tạo"


def test_card_number_must_be_unique(commune):
    conn, dong = commune["conn"], commune["dong"]
    add_member(conn, "Nguyễn Văn An", dong.id, D(2020, 1, 1), card_number="123")
    with pytest.raises(UserError, match="Số thẻ 123 đã là của đảng viên Nguyễn Văn An"):
        add_member(conn, "Trần Văn Bình", dong.id, D(2020, 1, 1), card_number="123")
    assert member_list.count(conn, member_list.MemberFilter()) == 1


@pytest.mark.parametrize(("details", "message"), [
    ({"full_name": "An"}, "đủ họ và tên"),
    ({"full_name": "Lê An", "birth_date": D(2020, 1, 1)}, "không hợp lý"),
    ({"full_name": "Lê An", "card_number": "1" * 21}, "dài 21 ký tự, quá giới hạn 20 ký tự"),
])
def test_bad_details_are_refused_in_vietnamese(commune, details, message):
    with pytest.raises(UserError, match=message):
        members.create(commune["conn"], MemberDetails(**details),
                       members.Admission(D(2020, 1, 1), commune["dong"].id))


def test_confirmation_only_for_a_probationary_member(commune):
    conn, dong = commune["conn"], commune["dong"]
    m = add_member(conn, "Lê Thị Hoa", dong.id, D(2024, 3, 1), D(2025, 3, 1))
    with pytest.raises(UserError, match="chỉ chuyển chính thức cho đảng viên dự bị"):
        members.add_event(conn, m.id, Event("chuyen_chinh_thuc", D(2025, 6, 1)))
    assert len(members.events(conn, m.id)) == 2


def test_nothing_after_death_and_transfer_needs_another_org(commune):
    conn, dong, teachers = commune["conn"], commune["dong"], commune["teachers"]
    m = add_member(conn, "Phạm Văn Đức", dong.id, D(1990, 1, 1), D(1991, 1, 1))
    with pytest.raises(UserError, match="tổ chức khác"):
        members.add_event(conn, m.id, Event("chuyen_di", D(2025, 1, 1), org_id=dong.id))
    moved = members.add_event(conn, m.id, Event("chuyen_di", D(2025, 1, 1), org_id=teachers.id))
    assert moved.org_id == teachers.id
    members.add_event(conn, m.id, Event("tu_tran", D(2025, 6, 1)))
    with pytest.raises(UserError, match="đã từ trần"):
        members.add_event(conn, m.id, Event("ky_luat", D(2025, 7, 1), detail="khien_trach"))
    assert member_events.allowed_kinds(members.state(conn, m.id)) == []


def test_correction_voids_a_mistaken_event_and_stays_visible(commune):
    conn, dong = commune["conn"], commune["dong"]
    m = add_member(conn, "Vũ Văn Nam", dong.id, D(2000, 1, 1), D(2001, 1, 1))
    wrong = members.add_event(conn, m.id, Event("xoa_ten", D(2024, 1, 1)))
    assert wrong.status == "xoa_ten"
    xoa = [e for e in members.events(conn, m.id) if e.kind == "xoa_ten"][0]
    fixed = members.correct_event(conn, m.id, xoa.id, "Ghi nhầm người")
    assert fixed.status == "dang_sinh_hoat"
    assert [e.kind for e in members.events(conn, m.id)][-1] == "dinh_chinh"
    with pytest.raises(UserError, match="đã được đính chính"):
        members.correct_event(conn, m.id, xoa.id, "lần nữa")


def test_events_table_is_append_only(commune):
    conn = commune["conn"]
    m = add_member(conn, "Vũ Văn Nam", commune["dong"].id, D(2000, 1, 1))
    with pytest.raises(Exception, match="append-only"):
        conn.execute("DELETE FROM member_events WHERE member_id = ?", (m.id,))


def test_seniority_subtracts_time_out_of_the_party():
    events = [Event("ket_nap", D(1990, 3, 1), 1, org_id=1), Event("chuyen_chinh_thuc", D(1991, 3, 1), 2),
              Event("xoa_ten", D(2000, 3, 1), 3), Event("ket_nap_lai", D(2005, 3, 1), 4, org_id=1)]
    state = member_events.replay(events)
    assert member_events.seniority_years(state, D(2026, 3, 1)) == 31  # 36 years less a 5-year gap
    assert member_events.seniority_years(state, D(2026, 2, 27)) == 30


def test_readmission_is_allowed_only_once():
    events = [Event("ket_nap", D(1990, 3, 1), 1, org_id=1), Event("xoa_ten", D(2000, 3, 1), 2),
              Event("ket_nap_lai", D(2005, 3, 1), 3, org_id=1), Event("xoa_ten", D(2010, 3, 1), 4),
              Event("ket_nap_lai", D(2015, 3, 1), 5, org_id=1)]
    with pytest.raises(UserError, match="một lần"):
        member_events.replay(events)


def test_probation_ends_exactly_twelve_months_after_admission():
    assert members.default_official_on(D(2025, 11, 23)) == D(2026, 11, 23)
    assert member_events.probation_end(D(2024, 2, 29), 12) == D(2025, 2, 28)


def test_search_ignores_case_and_diacritics_and_finds_card_numbers(commune):
    conn, dong = commune["conn"], commune["dong"]
    for name, card in [("Nguyễn Văn Ân", "001"), ("Trần Minh Đức", "002"), ("Lê Thị An", "003")]:
        add_member(conn, name, dong.id, D(2010, 1, 1), card_number=card)
    def names(text):
        found = member_list.load(conn, member_list.find_ids(conn, member_list.MemberFilter(text=text)))
        return [m.full_name for m in found]
    assert names("nguyen van an") == ["Nguyễn Văn Ân"]
    assert names("duc") == ["Trần Minh Đức"]
    assert names("an") == ["Lê Thị An", "Nguyễn Văn Ân"]
    assert names("002") == ["Trần Minh Đức"]
    assert names("%") == []


def test_roster_on_a_date_follows_transfers(commune):
    conn, dong, teachers = commune["conn"], commune["dong"], commune["teachers"]
    m = add_member(conn, "Đỗ Thị Lan", dong.id, D(2010, 1, 1), D(2011, 1, 1))
    members.add_event(conn, m.id, Event("chuyen_di", D(2025, 6, 1), org_id=teachers.id))
    assert [x.full_name for x, _ in member_list.roster_on(conn, dong.id, D(2025, 5, 1))] == ["Đỗ Thị Lan"]
    assert member_list.roster_on(conn, dong.id, D(2025, 7, 1)) == []
    assert [x.full_name for x, _ in member_list.roster_on(conn, teachers.id, D(2025, 7, 1))] == ["Đỗ Thị Lan"]


def _born_years_ago(years: int) -> dt.date:
    today = dt.date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def test_birth_date_check_and_its_message_use_the_rule_sets_admission_age():
    """The charter's minimum age (18) is both the limit and the number the message states."""
    minimum = rules.for_date(dt.date.today()).admission_min_age
    assert minimum == 18
    young = MemberDetails(full_name="Lê Văn An", birth_date=_born_years_ago(minimum - 1))
    with pytest.raises(UserError, match=f"tuổi {minimum - 1}.*phải từ {minimum} tuổi"):
        members.clean_details(young)
    members.clean_details(MemberDetails(full_name="Lê Văn An", birth_date=_born_years_ago(minimum)))
    assert members.birth_date_problem(_born_years_ago(minimum - 1), dt.date.today()) != ""
    assert members.birth_date_problem(_born_years_ago(minimum), dt.date.today()) == ""
