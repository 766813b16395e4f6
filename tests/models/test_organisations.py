"""Organisations: the tree, its changes over time, and the queries the navigation tree uses."""

from __future__ import annotations

import datetime as dt

import pytest

from models.commune import organisations
from models.commune.organisations import NewOrganisation
from models.errors import UserError
from models.people import member_list, members, transfers
from tests.conftest import add_member


def test_tree_order_and_descendants(commune):
    conn = commune["conn"]
    names = [o.name for o in organisations.all_organisations(conn)]
    assert names == ["Đảng bộ Trường THCS Phố Mới", "Chi bộ Giáo viên", "Chi bộ thôn Đông"]
    assert set(organisations.descendants(conn, commune["school"].id)) == {commune["school"].id,
                                                                          commune["teachers"].id}


def test_counts_by_org_counts_only_the_roll(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    gone = add_member(conn, "Trần Văn Bình", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    members.add_event(conn, gone.id, members.Event("tu_tran", dt.date(2026, 1, 1)))
    assert member_list.counts_by_org(conn) == {commune["dong"].id: 1}


def test_seniority_of_a_page_matches_one_by_one(commune):
    conn = commune["conn"]
    an = add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 3, 1), dt.date(2001, 3, 1))
    members.add_event(conn, an.id, members.Event("xoa_ten", dt.date(2010, 1, 1)))
    members.add_event(conn, an.id, members.Event("ket_nap_lai", dt.date(2015, 1, 1), org_id=commune["dong"].id))
    on = dt.date(2026, 6, 1)
    assert member_list.seniority_of(conn, [an.id], on) == {an.id: members.seniority_years(conn, an.id, on)}
    assert member_list.seniority_of(conn, [an.id], on)[an.id] == 21


def test_card_owner_names_the_other_member(commune):
    conn = commune["conn"]
    an = add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1), card_number="12345678")
    assert members.card_owner(conn, "12345678", an.id) is None
    assert "Nguyễn Văn An" in members.card_owner(conn, "12345678")
    assert members.card_owner(conn, "99999999") is None


def test_move_changes_the_kind_of_cell(commune):
    conn = commune["conn"]
    moved = organisations.move(conn, commune["dong"].id, commune["school"].id)
    assert moved.unit_type == "chi_bo_truc_thuoc"
    back = organisations.move(conn, commune["dong"].id, None)
    assert back.unit_type == "chi_bo_co_so"
    with pytest.raises(UserError, match="chính nó"):
        organisations.move(conn, commune["school"].id, commune["teachers"].id)


def test_dissolve_keeps_the_unit_and_refuses_twice(commune):
    conn = commune["conn"]
    organisations.dissolve(conn, commune["dong"].id, dt.date(2026, 1, 1))
    assert organisations.get(conn, commune["dong"].id).dissolved_on == dt.date(2026, 1, 1)
    assert commune["dong"].id not in [o.id for o in organisations.all_organisations(conn, include_dissolved=False)]
    with pytest.raises(UserError, match="đã giải thể"):
        organisations.dissolve(conn, commune["dong"].id, dt.date(2026, 2, 1))


def test_merge_moves_children_and_members(commune):
    conn = commune["conn"]
    other = organisations.create(conn, NewOrganisation("Đảng bộ Trường Tiểu học", "dang_bo_co_so", "truong_hoc"))
    an = add_member(conn, "Nguyễn Văn An", commune["teachers"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    moved = transfers.merge_organisations(conn, commune["school"].id, other.id, dt.date(2025, 7, 1), "12-QĐ/ĐU")
    assert moved == 0   # the đảng bộ itself had no members on its own roll; its cell moved instead
    assert organisations.get(conn, commune["teachers"].id).parent_id == other.id
    assert members.get(conn, an.id).org_id == commune["teachers"].id
    assert organisations.get(conn, commune["school"].id).merged_into_id == other.id


def test_positions_history_is_kept(commune):
    conn = commune["conn"]
    an = add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    binh = add_member(conn, "Trần Văn Bình", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    organisations.set_position(conn, commune["dong"].id, an.id, "bi_thu", dt.date(2020, 10, 1))
    organisations.set_position(conn, commune["dong"].id, binh.id, "bi_thu", dt.date(2025, 10, 1))
    history = organisations.positions(conn, commune["dong"].id)
    assert [(p.member_name, p.end_on) for p in history] == [("Nguyễn Văn An", dt.date(2025, 9, 30)),
                                                           ("Trần Văn Bình", None)]
    assert organisations.secretary_name(conn, commune["dong"].id, dt.date(2024, 1, 1)) == "Nguyễn Văn An"


def test_the_grassroots_organisation_is_found_by_walking_all_the_way_up(commune):
    conn, school, teachers, dong = commune["conn"], commune["school"], commune["teachers"], commune["dong"]
    group = organisations.create(conn, NewOrganisation("Tổ đảng Toán", "to_dang", "truong_hoc", parent_id=teachers.id))
    orgs = organisations.by_id(conn)
    assert organisations.grassroots_in(orgs, group).id == school.id       # two levels up, not one
    assert organisations.grassroots_in(orgs, teachers).id == school.id
    assert organisations.grassroots_in(orgs, dong).id == dong.id
    assert organisations.grassroots_of(conn, group.id) == school
    assert organisations.names_by_id(conn)[group.id] == "Tổ đảng Toán"


def _numbered_cells(conn, numbers):
    return {n: organisations.create(conn, NewOrganisation(f"Chi bộ tổ dân phố số {n}", "chi_bo_co_so", "thon"))
            for n in numbers}


def test_tree_lists_numbered_cells_by_number(conn):
    """Issue 12: with 285 organisations the tree read "tổ dân phố số 1, 10, 100, 11 …"."""
    _numbered_cells(conn, (100, 11, 2, 10, 1))
    names = [o.name for o in organisations.all_organisations(conn)]
    assert names == [f"Chi bộ tổ dân phố số {n}" for n in (1, 2, 10, 11, 100)]


def test_member_list_sorted_by_cell_follows_the_tree(conn):
    cells = _numbered_cells(conn, (10, 2, 1))
    ids = {n: add_member(conn, f"Nguyễn Văn {name}", cells[n].id, dt.date(2000, 1, 1)).id
           for n, name in ((10, "An"), (2, "Bình"), (1, "Cường"))}
    found = member_list.find_ids(conn, member_list.MemberFilter(), "org")
    assert found == [ids[1], ids[2], ids[10]]
    assert member_list.find_ids(conn, member_list.MemberFilter(), "org", descending=True) == [ids[10], ids[2], ids[1]]


def test_find_reads_a_typed_name_as_the_pickers_do(conn):
    cells = {name: organisations.create(conn, NewOrganisation(name, "chi_bo_co_so", "thon"))
             for name in ("Chi bộ thôn Đông Hòa", "Chi bộ thôn Đông", "Chi bộ tổ dân phố số 1",
                          "Chi bộ tổ dân phố số 10")}
    assert organisations.find(conn, "thon dong").id == cells["Chi bộ thôn Đông"].id
    assert organisations.find(conn, "so 1").id == cells["Chi bộ tổ dân phố số 1"].id
    assert organisations.find(conn, "dong hoa").id == cells["Chi bộ thôn Đông Hòa"].id
    with pytest.raises(UserError, match="Có 2 tổ chức khớp với “thôn Đ”"):
        organisations.find(conn, "thôn Đ")
