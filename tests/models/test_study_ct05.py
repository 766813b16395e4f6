"""Chỉ thị 05: registrations of members and collectives, results, the rates the office reports, good models."""

from __future__ import annotations

import datetime as dt

import pytest

from models.commune import organisations
from models.commune.organisations import NewOrganisation
from models.errors import UserError
from models.people import members
from models.people.member_events import Event
from models.storage import audit
from models.study import ct05 as study_ct05
from models.study.ct05 import GoodModel
from tests.conftest import add_member

YEAR = 2025


@pytest.fixture
def setup(commune):
    conn, dong, teachers = commune["conn"], commune["dong"], commune["teachers"]
    people = {name: add_member(conn, name, org.id, dt.date(2010, 1, 1), dt.date(2011, 1, 1)) for name, org in (
        ("Trần Văn Bình", dong), ("Nguyễn Thị An", dong), ("Lê Văn Cường", dong), ("Phạm Thị Dung", teachers))}
    return {**commune, "people": people}


def count(conn):
    return conn.execute("SELECT count(*) FROM ct05_registrations").fetchone()[0]


def test_a_second_registration_updates_the_first_and_is_audited(setup):
    conn, an = setup["conn"], setup["people"]["Nguyễn Thị An"]
    first = study_ct05.register_ct05(conn, YEAR, member_id=an.id, commitment="Gương mẫu nơi cư trú")
    again = study_ct05.register_ct05(conn, YEAR, member_id=an.id, commitment="Vận động hiến đất", result="Khá")
    assert again.id == first.id and count(conn) == 1
    assert (again.name, again.commitment, again.result, again.is_collective) == (
        "Nguyễn Thị An", "Vận động hiến đất", "Khá", False)
    retyped = study_ct05.register_ct05(conn, YEAR, member_id=an.id, commitment="Vận động hiến đất làm đường")
    assert (retyped.commitment, retyped.result) == ("Vận động hiến đất làm đường", "Khá")   # result kept
    next_year = study_ct05.register_ct05(conn, YEAR + 1, member_id=an.id)
    assert next_year.id != first.id and count(conn) == 2
    collective = study_ct05.register_ct05(conn, YEAR, org_id=setup["dong"].id, commitment="Đường làng sáng")
    assert collective.is_collective and collective.name == "Chi bộ thôn Đông"
    assert [e.action for e in audit.history(conn, "ct05_registration", first.id)] == [
        "đăng ký Chỉ thị 05", "đăng ký Chỉ thị 05", "đăng ký Chỉ thị 05"]


@pytest.mark.parametrize("kwargs, message", [
    ({}, "hoặc một đảng viên, hoặc một tổ chức"),
    ({"member_id": "AN", "org_id": "DONG"}, "hoặc một đảng viên, hoặc một tổ chức"),
    ({"member_id": 9999}, "9999"),
    ({"org_id": 9999}, "9999"),
    ({"member_id": "AN", "result": "Xuất sắc"}, "Kết quả “Xuất sắc” không hợp lệ. Hãy chọn: Tốt, Khá, Đạt, Chưa đạt"),
    ({"member_id": "AN", "year": 1999}, "Năm 1999 không hợp lệ"),
    ({"member_id": "AN", "year": dt.date.today().year + 2}, "không hợp lệ"),
])
def test_bad_registrations_are_refused_and_change_nothing(setup, kwargs, message):
    conn = setup["conn"]
    ids = {"AN": setup["people"]["Nguyễn Thị An"].id, "DONG": setup["dong"].id}
    kwargs = {k: ids.get(v, v) if isinstance(v, str) and k != "result" else v for k, v in kwargs.items()}
    year = kwargs.pop("year", YEAR)
    with pytest.raises(UserError, match=message):
        study_ct05.register_ct05(conn, year, **kwargs)
    assert count(conn) == 0


def test_results_set_cleared_and_refused(setup):
    conn = setup["conn"]
    reg = study_ct05.register_ct05(conn, YEAR, member_id=setup["people"]["Trần Văn Bình"].id)
    assert study_ct05.set_ct05_result(conn, reg.id, "Tốt").result == "Tốt"
    with pytest.raises(UserError, match="không hợp lệ"):
        study_ct05.set_ct05_result(conn, reg.id, "Giỏi")
    assert study_ct05.ct05_registrations(conn, YEAR)[0].result == "Tốt"
    assert study_ct05.set_ct05_result(conn, reg.id, "").result == ""
    with pytest.raises(UserError, match="Không có đăng ký Chỉ thị 05 mã số 777"):
        study_ct05.set_ct05_result(conn, 777, "Tốt")
    assert [e.action for e in audit.history(conn, "ct05_registration", reg.id)][-2:] == [
        "kết quả Chỉ thị 05", "kết quả Chỉ thị 05"]


def test_list_puts_collectives_first_then_members_in_name_order_and_filters_by_scope(setup):
    conn, people = setup["conn"], setup["people"]
    for name in ("Trần Văn Bình", "Phạm Thị Dung", "Nguyễn Thị An", "Lê Văn Cường"):
        study_ct05.register_ct05(conn, YEAR, member_id=people[name].id)
    study_ct05.register_ct05(conn, YEAR, org_id=setup["dong"].id)
    study_ct05.register_ct05(conn, YEAR - 1, org_id=setup["teachers"].id)
    assert [r.name for r in study_ct05.ct05_registrations(conn, YEAR)] == [
        "Chi bộ thôn Đông", "Nguyễn Thị An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    assert [r.name for r in study_ct05.ct05_registrations(conn, YEAR, [setup["teachers"].id])] == ["Phạm Thị Dung"]
    assert [r.name for r in study_ct05.ct05_registrations(conn, YEAR, [setup["dong"].id])] == [
        "Chi bộ thôn Đông", "Nguyễn Thị An", "Trần Văn Bình", "Lê Văn Cường"]
    assert [r.name for r in study_ct05.ct05_registrations(conn, YEAR - 1)] == ["Chi bộ Giáo viên"]


def test_rates_count_the_roll_at_the_years_end(setup):
    conn, people, dong = setup["conn"], setup["people"], setup["dong"]
    late = add_member(conn, "Hoàng Văn Em", dong.id, dt.date(YEAR + 1, 2, 1))           # admitted the next year
    for name in ("Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Cường"):
        study_ct05.register_ct05(conn, YEAR, member_id=people[name].id)
    members.add_event(conn, people["Lê Văn Cường"].id, Event("chuyen_di", dt.date(YEAR, 10, 1),
                                                             other_place="Xã Bên"))     # left before the year's end
    study_ct05.register_ct05(conn, YEAR + 1, member_id=late.id)                       # another year
    study_ct05.register_ct05(conn, YEAR, org_id=dong.id)
    organisations.create(conn, NewOrganisation("Tổ đảng Giáo viên Toán", "to_dang", "truong_hoc",
                                               parent_id=setup["teachers"].id))       # tổ đảng are not counted
    stats = study_ct05.ct05_stats(conn, YEAR)
    assert (stats.members_registered, stats.members_on_roll, stats.orgs_registered, stats.orgs_total) == (2, 3, 1, 3)
    assert str(stats.member_rate) == "66.7" and str(stats.org_rate) == "33.3"
    dong_only = study_ct05.ct05_stats(conn, YEAR, [dong.id])
    assert (dong_only.members_registered, dong_only.members_on_roll, dong_only.orgs_registered,
            dong_only.orgs_total) == (2, 2, 1, 1)
    empty = study_ct05.ct05_stats(conn, YEAR, [])
    assert (empty.members_on_roll, empty.member_rate, empty.org_rate) == (0, None, None)


def test_rate_text_reads_like_the_office_report(setup):
    stats = study_ct05.Ct05Stats(members_registered=5747, members_on_roll=5910, orgs_registered=257, orgs_total=263)
    assert stats.text == "257/263 tập thể, đạt 97,7%; 5.747/5.910 cá nhân, đạt 97,2%"


def test_rate_text_gives_both_figures_with_vietnamese_numbers(setup):
    stats = study_ct05.Ct05Stats(members_registered=5747, members_on_roll=5910, orgs_registered=257, orgs_total=263)
    assert "257/263" in stats.text and "97,7%" in stats.text and "5.747/5.910" in stats.text and "97,2%" in stats.text


def test_a_past_years_list_keeps_a_member_who_moved_cell_since(setup):
    conn, dong, teachers = setup["conn"], setup["dong"], setup["teachers"]
    binh = setup["people"]["Trần Văn Bình"]
    study_ct05.register_ct05(conn, YEAR, member_id=binh.id)
    members.add_event(conn, binh.id, Event("chuyen_di", dt.date(YEAR + 1, 3, 1), org_id=teachers.id))
    assert study_ct05.ct05_stats(conn, YEAR, [dong.id]).members_registered == 1
    assert [r.name for r in study_ct05.ct05_registrations(conn, YEAR, [dong.id])] == ["Trần Văn Bình"]


def test_good_models_added_listed_by_year_and_refused_without_a_name(setup):
    conn, dong = setup["conn"], setup["dong"]
    saved = study_ct05.add_good_model(conn, GoodModel(YEAR, "  Dân vận khéo ", "Vận động hiến đất làm đường",
                                                      org_id=dong.id))
    study_ct05.add_good_model(conn, GoodModel(YEAR, "Vườn mẫu", member_id=setup["people"]["Nguyễn Thị An"].id))
    study_ct05.add_good_model(conn, GoodModel(YEAR - 1, "Năm trước"))
    assert saved.id > 0 and saved.name == "Dân vận khéo"
    assert [(m.name, m.org_id) for m in study_ct05.good_models(conn, YEAR)] == [
        ("Dân vận khéo", dong.id), ("Vườn mẫu", None)]
    assert audit.history(conn, "good_model", saved.id)[0].action == "thêm mô hình hay"
    for bad, message in ((GoodModel(YEAR, " "), "tên mô hình"), (GoodModel(YEAR, "A", org_id=9999), "9999"),
                         (GoodModel(1990, "Cũ"), "Năm 1990 không hợp lệ")):
        with pytest.raises(UserError, match=message):
            study_ct05.add_good_model(conn, bad)
    assert len(study_ct05.good_models(conn, YEAR)) == 2


def test_commitments_are_cleaned_and_limited(setup):
    conn, an = setup["conn"], setup["people"]["Nguyễn Thị An"]
    reg = study_ct05.register_ct05(conn, YEAR, member_id=an.id, commitment="Gương mẫu\u200b nơi cư trú\u202e")
    assert reg.commitment == "Gương mẫu nơi cư trú"
    too_long = "x" * (study_ct05.CT05_MAX_LENGTHS["commitment"] + 1)
    with pytest.raises(UserError, match="Nội dung đăng ký dài"):
        study_ct05.register_ct05(conn, YEAR, member_id=an.id, commitment=too_long)
    assert study_ct05.register_ct05(conn, YEAR, member_id=an.id).commitment == ""   # re-registering as before


def test_collectives_come_first_in_tree_order_numbers_by_value(setup):
    conn = setup["conn"]
    cells = [organisations.create(conn, NewOrganisation(f"Chi bộ tổ dân phố số {n}", "chi_bo_co_so", "thon"))
             for n in (10, 2)]
    for cell in cells:
        study_ct05.register_ct05(conn, YEAR, org_id=cell.id, commitment="Mỗi tháng một việc tốt")
    study_ct05.register_ct05(conn, YEAR, member_id=setup["people"]["Nguyễn Thị An"].id, commitment="Việc tốt")
    assert [r.name for r in study_ct05.ct05_registrations(conn, YEAR)] == [
        "Chi bộ tổ dân phố số 2", "Chi bộ tổ dân phố số 10", "Nguyễn Thị An"]
