"""Exporting members to .xlsx: Vietnamese headers, Excel dates, text card numbers, and a clean round trip."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from models.excel import excel_export, excel_import
from models.people import member_list, members
from models.storage import db
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
    from models.commune import organisations
    from models.commune.organisations import NewOrganisation

    school = organisations.create(conn, NewOrganisation("Đảng bộ Trường THCS Phố Mới", "dang_bo_co_so"))
    organisations.create(conn, NewOrganisation("Chi bộ Giáo viên", "chi_bo_truc_thuoc", parent_id=school.id))
    organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so"))


def test_empty_list_still_has_the_header(conn, commune):
    book = load_workbook(io.BytesIO(excel_export.members_xlsx(conn, [])))
    assert book.active.cell(excel_export.HEADER_ROW, 2).value == "Họ và tên"


DANGEROUS = ["=HYPERLINK(\"http://x\",\"Bấm\")", "+84 912 345 678", "-Nguyễn Văn An", "@SUM(A1)", "=1+1"]


def test_text_that_looks_like_a_formula_is_written_as_text(conn, commune, tmp_path):
    """A name or note starting with = + - @ must open in Excel as the same text, never run."""
    for index, text in enumerate(DANGEROUS):
        add_member(conn, f"Nguyễn Văn {chr(65 + index)}", commune["dong"].id, dt.date(2005, 11, 5),
                   residence=text, notes=text, card_number=f"={index}")
    members_now = member_list.register_order(conn, member_list.MemberFilter())
    path = tmp_path / "xuat.xlsx"
    path.write_bytes(excel_export.members_xlsx(conn, members_now, scope_name="=CMD()"))
    sheet = load_workbook(path, data_only=False).active       # data_only=False: a formula would show as 'f'
    header = [c.value for c in sheet[excel_export.HEADER_ROW]]
    col = {name: i for i, name in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=excel_export.HEADER_ROW + 1))
    assert len(rows) == len(DANGEROUS)
    for row in rows:
        index = ord(row[col["Họ và tên"]].value[-1]) - 65
        for column in ("Nơi cư trú", "Ghi chú"):
            cell = row[col[column]]
            assert cell.data_type == "s" and cell.value == DANGEROUS[index], (column, cell.value)
            assert cell.quotePrefix                        # Excel keeps it text even when the cell is edited
        card = row[col["Số thẻ đảng viên"]]
        assert card.data_type == "s" and card.value == f"={index}"
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.endswith("=CMD()")
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)
    # the clerk's own spreadsheet program agrees: the raw XML holds no formula element at all
    import zipfile

    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_real_numbers_stay_numbers_and_plain_text_has_no_prefix(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    values = [-5, 3.5, "Nguyễn Văn An", "Thôn Đông - xóm 2", "=1+1", None, "\t=1+1", "\r=1+1", "-5"]
    for column, value in enumerate(values, 1):
        excel_export.put_value(book.active.cell(row=1, column=column), value)
    book.save(tmp_path / "o.xlsx")
    cells = load_workbook(tmp_path / "o.xlsx", data_only=False).active[1]
    assert (cells[0].value, cells[0].data_type) == (-5, "n")
    assert (cells[1].value, cells[1].data_type) == (3.5, "n")
    assert (cells[2].data_type, cells[2].quotePrefix) == ("s", False)
    assert (cells[3].data_type, cells[3].quotePrefix) == ("s", False)
    assert (cells[4].value, cells[4].data_type, cells[4].quotePrefix) == ("=1+1", "s", True)
    assert cells[5].value is None
    for cell, text in zip(cells[6:], values[6:], strict=True):   # the register trims, but a title may not
        # XML reads a stored CR back as LF: still the same text to the eye, and still text
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text.replace("\r", "\n"), "s", True)
