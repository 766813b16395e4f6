"""The register's columns of the official book (số lý lịch, số thẻ, huy hiệu, moves, death, leaving) and its part II."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from models.people import members
from models.people.member_events import Event
from models.people.members import Admission, MemberDetails
from models.reporting import registers
from printing.register import render_register
from tests.conftest import add_member

ON = dt.date(2026, 11, 23)


@pytest.fixture
def moves(conn, commune):
    """In thôn Đông: one who moved in, one who stays, one who moved out, one who died, one removed."""
    dong = commune["dong"].id
    members.create(conn, MemberDetails(full_name="Đỗ Văn Đến", biography_number="123456.PT", card_number="PT25.11846",
                                       badge_number="HH30.0042"),
                   Admission(joined_on=dt.date(2001, 5, 4), org_id=dong, official_on=dt.date(2002, 5, 4),
                             admitted_elsewhere="Đảng bộ xã Yên Lập", arrived_on=dt.date(2024, 3, 15)))
    add_member(conn, "Lê Văn Ở", dong, dt.date(2010, 6, 1), dt.date(2011, 6, 1))
    events = {"Trần Văn Đi": Event("chuyen_di", dt.date(2025, 2, 10), other_place="Đảng bộ phường Gia Cẩm"),
              "Phạm Văn Mất": Event("tu_tran", dt.date(2025, 6, 1)),
              "Vũ Văn Xóa": Event("xoa_ten", dt.date(2025, 8, 20), decision_no="15-QĐ/ĐU")}
    for name, event in events.items():
        member = add_member(conn, name, dong, dt.date(2005, 1, 2), dt.date(2006, 1, 2))
        members.add_event(conn, member.id, event)
    return dong


def test_part_one_keeps_the_roll_and_part_two_the_former_members(conn, commune, moves):
    data = registers.register_data(conn, moves, on=ON)
    on_roll = {r.full_name: r for g in data.groups for r in g.rows}
    former = {r.full_name: r for g in data.former for r in g.rows}
    assert set(on_roll) == {"Đỗ Văn Đến", "Lê Văn Ở"} and data.total == 2
    assert set(former) == {"Trần Văn Đi", "Phạm Văn Mất", "Vũ Văn Xóa"}
    came = on_roll["Đỗ Văn Đến"]
    assert (came.biography_number, came.card_number, came.badge_number) == ("123456.PT", "PT25.11846", "HH30.0042")
    assert came.moved_in_on == dt.date(2024, 3, 15) and came.moved_out_on is None
    assert on_roll["Lê Văn Ở"].moved_in_on is None
    assert came.moved_in_from == "Đảng bộ xã Yên Lập"
    assert (former["Trần Văn Đi"].moved_out_on, former["Trần Văn Đi"].moved_out_to) == (dt.date(2025, 2, 10),
                                                                                     "Đảng bộ phường Gia Cẩm")
    assert former["Phạm Văn Mất"].died_on == dt.date(2025, 6, 1) and former["Phạm Văn Mất"].left_on is None
    removed = former["Vũ Văn Xóa"]
    assert (removed.left_on, removed.left_form) == (dt.date(2025, 8, 20), "Xóa tên")


def test_no_part_two_without_former_members(conn, commune):
    add_member(conn, "Lê Văn Ở", commune["dong"].id, dt.date(2010, 6, 1), dt.date(2011, 6, 1))
    data = registers.register_data(conn, commune["dong"].id, on=ON)
    assert data.former == ()
    assert "Phần II" not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_register(data))).pages)


def _flat(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_printed_register_puts_each_member_in_the_right_part_with_the_right_dates(conn, commune, moves):
    flat = _flat(render_register(registers.register_data(conn, moves, on=ON)))
    for heading in ("Số lý lịch", "Số thẻ đảng viên", "Số huy hiệu", "Ngày chuyển đến", "Ngày chuyển đi",
                    "Ngày từ trần", "hình thức ra khỏi Đảng", "Ghi chú"):
        assert heading in flat, heading
    assert "Phần I. Đảng viên trong danh sách" in flat
    part_two = flat.index("Phần II. Đảng viên đã ra khỏi danh sách")
    first, second = flat[:part_two], flat[part_two:]
    for text in ("Đỗ Văn Đến", "123456.PT", "PT25.11846", "HH30.0042", "15/03/2024", "Lê Văn Ở",
                 "Chuyển từ: Đảng bộ xã Yên Lập"):
        assert text in first and text not in second, text
    for text in ("Trần Văn Đi", "10/02/2025", "Chuyển đến: Đảng bộ phường Gia Cẩm", "Phạm Văn Mất", "01/06/2025",
                 "Vũ Văn Xóa", "20/08/2025 Xóa tên"):
        assert text in second and text not in first, text
    assert "Tổng số: 2 đảng viên" in flat
    assert "Đã ra khỏi danh sách: 3 người (chuyển đi 1, từ trần 1, ra khỏi Đảng 1)." in flat


def test_the_whole_committee_register_lists_former_members_by_organisation(conn, commune, moves):
    data = registers.register_data(conn, None, on=ON)
    assert [g.org_name for g in data.former] == ["Chi bộ thôn Đông"]
    flat = _flat(render_register(data))
    assert "Chi bộ thôn Đông (3 người)" in flat[flat.index("Phần II"):]
