"""Exporting members to .xlsx: Vietnamese headers, Excel dates, text card numbers, and a clean round trip."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from models import db, excel_export, excel_import, member_list, members
from tests.conftest import add_member


@pytest.fixture
def people(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Thị Hồng", commune["dong"].id, dt.date(2005, 11, 5), dt.date(2006, 11, 5),
               birth_date=dt.date(1980, 11, 5), gender="Nữ", card_number="00999888", education="12/12",
               hometown="Xã Phố Mới, tỉnh Phú Thọ", residence="Thôn Đông", political_theory="Sơ cấp",
               occupation_now="Nông dân", notes="Tổ trưởng <tổ 3> & hội phụ nữ")
    add_member(conn, "Trần Văn Bình", commune["teachers"].id, dt.date(2024, 3, 2),
               birth_date=dt.date(1990, 3, 2), gender="Nam", card_number="01234567", birth_name="Trần Văn Bính")
    return member_list.register_order(conn, member_list.MemberFilter())


def test_header_dates_and_text_cards(conn, commune, people):
    book = load_workbook(io.BytesIO(excel_export.members_xlsx(conn, people, on=dt.date(2026, 11, 23))))
    sheet = book.active
    assert sheet["A1"].value == "ĐẢNG BỘ XÃ PHỐ MỚI"
    assert sheet["A3"].value == "Tính đến ngày 23/11/2026: 2 đảng viên"
    header = [c.value for c in sheet[excel_export.HEADER_ROW]]
    assert header[:4] == ["STT", "Họ và tên", "Họ và tên khai sinh", "Ngày sinh"]
    assert sheet.cell(excel_export.HEADER_ROW, 2).font.bold
    assert sheet.freeze_panes == f"C{excel_export.HEADER_ROW + 1}"
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=excel_export.HEADER_ROW + 1)}
    hong = rows["Nguyễn Thị Hồng"]
    col = {name: i for i, name in enumerate(header)}
    assert hong[col["Ngày sinh"]].value == dt.datetime(1980, 11, 5)
    assert hong[col["Ngày sinh"]].number_format == "dd/mm/yyyy"
    assert hong[col["Số thẻ đảng viên"]].value == "00999888"
    assert hong[col["Số thẻ đảng viên"]].data_type == "s"
    assert hong[col["Chi bộ"]].value == "Chi bộ thôn Đông"
    assert hong[col["Dự bị/chính thức"]].value == "Chính thức"
    assert rows["Trần Văn Bình"][col["Dự bị/chính thức"]].value == "Dự bị"
    assert rows["Trần Văn Bình"][col["Chi bộ"]].value == "Chi bộ Giáo viên"
    assert sheet.column_dimensions["B"].width >= 20


def test_export_reimports_cleanly(conn, commune, people, tmp_path):
    path = tmp_path / "xuat.xlsx"
    path.write_bytes(excel_export.members_xlsx(conn, people))
    sheet = excel_import.read_sheet(path)
    assert sheet.header_row == excel_export.HEADER_ROW
    # into the same register: everyone is already there, nothing is added, no error
    again = excel_import.commit(conn, sheet)
    assert again.accepted == 0 and len(again.existing) == 2 and not again.rejected
    # into a fresh register with the same organisations: every field comes back
    other = db.open_memory()
    try:
        _same_orgs(other)
        result = excel_import.commit(other, sheet)
        assert result.accepted == 2 and not result.rejected, result.notes
        back = {m.full_name: m for m in member_list.register_order(other, member_list.MemberFilter())}
        for before in people:
            after = back[before.full_name]
            assert after.details == before.details
            assert (after.joined_on, after.official_on, after.standing) == (
                before.joined_on, before.official_on, before.standing)
        assert len(members.events(other, back["Nguyễn Thị Hồng"].id)) == 2
    finally:
        other.close()


def _same_orgs(conn):
    from models import organisations
    from models.organisations import NewOrganisation

    school = organisations.create(conn, NewOrganisation("Đảng bộ Trường THCS Phố Mới", "dang_bo_co_so"))
    organisations.create(conn, NewOrganisation("Chi bộ Giáo viên", "chi_bo_truc_thuoc", parent_id=school.id))
    organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so"))


def test_empty_list_still_has_the_header(conn, commune):
    book = load_workbook(io.BytesIO(excel_export.members_xlsx(conn, [])))
    assert book.active.cell(excel_export.HEADER_ROW, 2).value == "Họ và tên"
