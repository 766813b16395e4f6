"""Reading the member list out of an .xlsx file: the sheet, the header row, merged cells, the data rows."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import Workbook

from models.errors import UserError
from models.excel import excel_columns as cols
from models.excel import excel_sheet

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Số thẻ đảng viên", "Chi bộ"]


def book_with(path, rows, *, merges=(), text_columns=(5,), title="Danh sách", extra_sheets=()):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for values in rows:
        sheet.append(values)
        for column in text_columns:
            sheet.cell(row=sheet.max_row, column=column).number_format = "@"
    for block in merges:
        sheet.merge_cells(block)
    for name, other_rows in extra_sheets:
        other = book.create_sheet(name)
        for values in other_rows:
            other.append(values)
    book.save(path)
    return path


def test_header_found_under_title_rows_and_blank_rows_left_out(tmp_path):
    path = book_with(tmp_path / "ds.xlsx", [
        ["ĐẢNG BỘ XÃ PHỐ MỚI"], ["DANH SÁCH ĐẢNG VIÊN NĂM 2026"], [], HEADERS,
        [1, "Trần Văn Bình", dt.datetime(1970, 3, 2), "19/05/1995", "01234567", "Chi bộ thôn Đông"],
        [],
        [2, "Lê Thị Cúc", "05/11/1980", "05/11/2005", "07000001", "Chi bộ thôn Đông"],
    ], merges=("A1:F1", "A2:F2"))
    sheet = excel_sheet.read_sheet(path)
    assert sheet.sheet_name == "Danh sách"
    assert sheet.header_row == 4
    assert sheet.headers == tuple(HEADERS)
    assert sheet.guessed == (cols.SKIP, "full_name", "birth_date", "joined_on", "card_number", "org")
    assert [row for row, _ in sheet.rows] == [5, 7]                  # Excel's row numbers, the blank row skipped
    assert sheet.rows[0][1][1] == "Trần Văn Bình"
    assert sheet.rows[0][1][2] == dt.datetime(1970, 3, 2)             # a real Excel date stays a date
    assert sheet.sample(1) == "Trần Văn Bình"


def test_card_numbers_typed_as_text_keep_their_leading_zeros(tmp_path):
    path = book_with(tmp_path / "the.xlsx", [HEADERS, [1, "Trần Văn Bình", "02/03/1970", "19/05/1995", "00999888",
                                                       "Chi bộ thôn Đông"]])
    sheet = excel_sheet.read_sheet(path)
    assert sheet.rows[0][1][4] == "00999888"
    assert sheet.sample(4) == "00999888"


def test_a_cell_merged_down_its_members_belongs_to_each_of_them(tmp_path):
    path = book_with(tmp_path / "gop.xlsx", [
        ["DANH SÁCH"], HEADERS,
        [1, "Trần Văn Bình", "02/03/1970", "19/05/1995", "01234567", "Chi bộ thôn Đông"],
        [2, "Lê Thị Cúc", "05/11/1980", "05/11/2005", "07000001", None],
        [3, "Phạm Văn Dũng", "01/01/1975", "01/01/2001", "07000002", None],
        [4, "Hoàng Thị Em", "01/01/1985", "01/01/2011", "07000003", "Chi bộ Giáo viên"],
    ], merges=("F3:F5",))
    sheet = excel_sheet.read_sheet(path)
    assert [values[5] for _, values in sheet.rows] == [
        "Chi bộ thôn Đông", "Chi bộ thôn Đông", "Chi bộ thôn Đông", "Chi bộ Giáo viên"]
    assert [values[1] for _, values in sheet.rows] == ["Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Hoàng Thị Em"]


def test_merges_in_the_title_rows_do_not_spill_into_the_data(tmp_path):
    path = book_with(tmp_path / "tieude.xlsx", [
        ["DANH SÁCH ĐẢNG VIÊN"], HEADERS,
        [1, "Trần Văn Bình", "02/03/1970", "19/05/1995", "01234567", "Chi bộ thôn Đông"],
    ], merges=("A1:F1",))
    sheet = excel_sheet.read_sheet(path)
    assert sheet.header_row == 2
    assert sheet.rows == ((3, (1, "Trần Văn Bình", "02/03/1970", "19/05/1995", "01234567", "Chi bộ thôn Đông")),)


def test_two_header_rows_with_cells_merged_down_over_both(tmp_path):
    """The usual form: "Họ và tên" merged over two header rows, "Trình độ" over Văn hóa | Chuyên môn | Lý luận."""
    path = book_with(tmp_path / "hairong.xlsx", [
        ["DANH SÁCH ĐẢNG VIÊN"],
        ["STT", "Họ và tên", "Ngày sinh", "Trình độ", None, None, "Chi bộ"],
        [None, None, None, "Văn hóa", "Chuyên môn", "Lý luận chính trị", None],
        [1, "Mai Văn Lâm", "01/01/1970", "12/12", "Đại học", "Trung cấp", "Chi bộ thôn Đông"],
    ], merges=("A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:G3"), text_columns=())
    sheet = excel_sheet.read_sheet(path)
    assert sheet.header_row == 2
    assert sheet.guessed == (cols.SKIP, "full_name", "birth_date", "education", "qualification", "political_theory",
                             "org")
    assert sheet.rows == ((4, (1, "Mai Văn Lâm", "01/01/1970", "12/12", "Đại học", "Trung cấp", "Chi bộ thôn Đông")),)


def test_the_sheet_holding_the_list_is_chosen_and_column_numbers_skipped(tmp_path):
    path = book_with(tmp_path / "nhieu.xlsx", [["Ghi chú"], ["Danh sách ở trang sau"]], text_columns=(),
                     title="Hướng dẫn", extra_sheets=[("Đảng viên", [
                         HEADERS, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
                         [1, "Trần Văn Bình", "02/03/1970", "19/05/1995", "01234567", "Chi bộ thôn Đông"]])])
    sheet = excel_sheet.read_sheet(path)
    assert sheet.sheet_name == "Đảng viên"
    assert [row for row, _ in sheet.rows] == [3]


def test_short_rows_are_padded_to_the_header_width(tmp_path):
    path = book_with(tmp_path / "ngan.xlsx", [HEADERS, [1, "Trần Văn Bình", "02/03/1970"]], text_columns=())
    sheet = excel_sheet.read_sheet(path)
    assert sheet.rows[0][1] == (1, "Trần Văn Bình", "02/03/1970", None, None, None)
    assert sheet.sample(5) == ""


@pytest.mark.parametrize("name, content, expected", [
    ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "định dạng Excel cũ \\(.xls\\)"),
    ("matkhau.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "có đặt mật khẩu"),
    ("danhsach.csv", b"Ho va ten,Ngay sinh\n", "không phải tệp Excel .xlsx"),
    ("doiten.xlsx", b"Ho va ten;Ngay sinh\n", "nội dung không đúng định dạng"),
    ("hong.xlsx", b"PK\x03\x04 broken zip", "Không đọc được tệp Excel"),
])
def test_unusable_files_are_refused_in_vietnamese(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=expected) as refused:
        excel_sheet.read_sheet(path)
    assert name in str(refused.value)                       # the message names the file the clerk chose


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    with pytest.raises(UserError, match="Không đọc được tệp Excel"):
        excel_sheet.read_sheet(path)


def test_missing_file_and_no_header_row(tmp_path):
    with pytest.raises(UserError, match="Không tìm thấy tệp"):
        excel_sheet.read_sheet(tmp_path / "khong-co.xlsx")
    path = book_with(tmp_path / "la.xlsx", [["Tên", "Tuổi"], ["An", 30]], text_columns=())
    with pytest.raises(UserError, match="Không tìm thấy dòng tiêu đề trong 20 dòng đầu"):
        excel_sheet.read_sheet(path)


def test_a_header_below_the_search_rows_is_not_found(tmp_path):
    rows = [["ghi chú"]] * excel_sheet.HEADER_SEARCH_ROWS + [HEADERS, [1, "Trần Văn Bình", "02/03/1970"]]
    with pytest.raises(UserError, match="dòng tiêu đề"):
        excel_sheet.read_sheet(book_with(tmp_path / "sau.xlsx", rows, text_columns=()))


def _with_cached_value(xml: bytes) -> bytes:
    """What Excel writes after computing: the formula and its value (here 2 March 1970 as a date serial)."""
    return xml.replace(b"<f>DATE(1970,3,2)</f><v />", b"<f>DATE(1970,3,2)</f><v>25629</v>")


def test_a_formula_saved_without_its_value_is_marked_not_blank(tmp_path):
    """openpyxl and many programs write formulas without the value Excel would compute."""
    path = book_with(tmp_path / "congthuc.xlsx", [
        HEADERS, [1, "Trần Văn Bình", "=DATE(1970,3,2)", "19/05/1995", "01234567", "Chi bộ thôn Đông"],
        [2, "Lê Thị Cúc", "05/11/1980", "05/11/2005", "07000001", '=""']])
    sheet = excel_sheet.read_sheet(path)
    assert sheet.rows[0][1][2] is cols.UNCOMPUTED
    assert sheet.rows[1][1][5] is cols.UNCOMPUTED
    assert sheet.sample(2) == cols.text_value(cols.UNCOMPUTED) and "công thức" in sheet.sample(2)


def test_a_formula_with_its_computed_value_reads_the_value(tmp_path):
    from tests.models.test_excel_limits import rewrite_sheet_xml

    path = book_with(tmp_path / "datinh.xlsx", [
        HEADERS, [1, "Trần Văn Bình", "=DATE(1970,3,2)", "19/05/1995", "01234567", "Chi bộ thôn Đông"]])
    from openpyxl import load_workbook

    styled = load_workbook(path)
    styled.active["C2"].number_format = "dd/mm/yyyy"
    styled.save(path)
    rewrite_sheet_xml(path, _with_cached_value)
    sheet = excel_sheet.read_sheet(path)
    assert sheet.rows[0][1][2] == dt.datetime(1970, 3, 2)


def test_a_formula_computing_an_empty_text_is_a_blank(tmp_path):
    """Excel stores ="" as a text result with an empty value: that is a computed blank, not a missing value."""
    from tests.models.test_excel_limits import rewrite_sheet_xml

    path = book_with(tmp_path / "rong.xlsx", [
        HEADERS, [1, "Trần Văn Bình", "02/03/1970", "19/05/1995", "01234567", '=""']])
    rewrite_sheet_xml(path, lambda xml: xml.replace(b'<c r="F2"><f>""</f><v />', b'<c r="F2" t="str"><f>""</f><v />'))
    sheet = excel_sheet.read_sheet(path)
    assert sheet.rows[0][1][5] is None
