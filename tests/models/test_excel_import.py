"""Importing members from .xlsx files the way offices make them."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from openpyxl import Workbook

from models.errors import UserError
from models.excel import excel_columns as cols
from models.excel import excel_import
from models.people import member_list, members
from tests.conftest import add_member

HEADERS = ["STT", "Họ và tên", "Ngày tháng năm sinh", "Giới tính", "Dân tộc", "Tôn giáo", "Quê quán",
           "Nơi cư trú", "Trình độ", "Nghề nghiệp", "Ngày kết nạp", "Ngày chính thức", "Số thẻ đảng viên",
           "Chi bộ", "Ghi chú"]


def person(name, born, joined, official=None, card=None, org="Chi bộ thôn Đông", gender="Nam", note=""):
    return [None, name, born, gender, "Kinh", "Không", "Phố Mới", "Thôn Đông", "12/12", "Nông dân",
            joined, official, card, org, note]


def write_book(path, rows, *, title_rows=True, headers=HEADERS, card_as_text=True):
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    if title_rows:
        sheet.append(["ĐẢNG BỘ XÃ PHỐ MỚI"])
        sheet.append(["DANH SÁCH ĐẢNG VIÊN NĂM 2026"])
        sheet.append([])
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
        if card_as_text:
            card = sheet.cell(row=sheet.max_row, column=13)
            card.number_format = "@"
    book.save(path)
    return path


@pytest.fixture
def office_file(tmp_path):
    """Title rows above the header, an NFD name, text and Excel dates, blank rows, bad rows."""
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    rows = [
        person("Trần Văn Bình", dt.datetime(1970, 3, 2), dt.datetime(1995, 5, 19), dt.datetime(1996, 5, 19),
               card="01234567"),
        person(nfd, "05/11/1980", "5/11/2005", "2006-11-05", card="00999888", gender="Nữ"),
        [None] * len(HEADERS),
        person("Lê Văn Cường", "5-11-1985", dt.datetime(2020, 1, 3), None, card="07000001"),
        person("", "01/01/1980", "01/01/2005"),                                  # no name
        person("Phạm Văn Dũng", "31/02/1980", "01/01/2005"),                     # no such date
        person("Hoàng Văn Em", "1980", "01/01/2005"),                            # a year alone
        person("Vũ Văn Giang", "01/01/1990", "01/01/2000", card="05555555"),     # joined at 10
        person("Đỗ Văn Hải", "01/01/1975", "01/01/2001", org="Chi bộ Không Có"),  # unknown cell
        person("Ngô Văn Khoa", "01/01/1975", "01/01/2001", card="01234567"),     # repeats row 5's card
        [None] * len(HEADERS),
    ]
    return rows


def test_headers_are_recognised_whatever_the_spelling():
    assert cols.guess_field("HỌ VÀ TÊN") == "full_name"
    assert cols.guess_field("Họ  tên đảng viên") == "full_name"
    assert cols.guess_field("Ngày, tháng, năm sinh (dd/mm/yyyy)") == "birth_date"
    assert cols.guess_field("Nam/Nữ") == "gender"
    assert cols.guess_field("Thường trú") == "residence"
    assert cols.guess_field("Ngày kết nạp") == "joined_on"
    assert cols.guess_field("Ngày vào Đảng chính thức") == "official_on"
    assert cols.guess_field("Số thẻ Đảng viên") == "card_number"
    assert cols.guess_field("Tổ chức đảng") == "org"
    assert cols.guess_field("STT") == cols.SKIP
    assert cols.guess_field("Sở thích") is None


def test_dates_in_the_usual_forms_and_a_year_alone_refused():
    assert cols.date_value(dt.datetime(2026, 11, 5), "Ngày sinh") == dt.date(2026, 11, 5)
    for text in ("05/11/2026", "5/11/2026", "5-11-2026", "2026-11-05"):
        assert cols.date_value(text, "Ngày sinh") == dt.date(2026, 11, 5)
    with pytest.raises(UserError, match="chỉ có năm 1980"):
        cols.date_value("1980", "Ngày sinh")
    with pytest.raises(UserError, match="chỉ có năm 1980"):
        cols.date_value(1980, "Ngày sinh")


def test_preview_finds_header_below_title_rows_and_imports_nothing(conn, commune, tmp_path, office_file):
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", office_file))
    assert sheet.header_row == 4
    assert sheet.guessed[1] == "full_name" and sheet.guessed[12] == "card_number"
    assert len(sheet.rows) == 9   # the two blank rows are left out
    result = excel_import.preview(conn, sheet)
    assert result.accepted_rows == (5, 6, 8)
    reasons = {n.row: n.reason for n in result.rejected}
    assert set(reasons) == {9, 10, 11, 12, 13, 14}
    assert "Thiếu họ và tên" in reasons[9]
    assert "không có trên lịch" in reasons[10]
    assert "chỉ có năm 1980" in reasons[11]
    assert "chưa đủ 18 tuổi" in reasons[12]
    assert "Không có chi bộ “Chi bộ Không Có”" in reasons[13]
    assert "Trùng số thẻ 01234567 với dòng 5" in reasons[14]
    assert members_named(conn) == []


def members_named(conn):
    return [m.full_name for m in member_list.register_order(conn, member_list.MemberFilter())]


def test_commit_imports_accepted_rows_with_their_events(conn, commune, tmp_path, office_file):
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", office_file))
    result = excel_import.commit(conn, sheet)
    assert result.committed and result.accepted == 3
    found = {m.full_name: m for m in member_list.register_order(conn, member_list.MemberFilter())}
    assert set(found) == {"Trần Văn Bình", "Nguyễn Thị Hồng", "Lê Văn Cường"}
    hong = found["Nguyễn Thị Hồng"]
    assert unicodedata.is_normalized("NFC", hong.full_name)
    assert hong.details.card_number == "00999888"      # leading zeros kept
    assert hong.details.gender == "Nữ" and hong.details.birth_date == dt.date(1980, 11, 5)
    assert hong.joined_on == dt.date(2005, 11, 5) and hong.official_on == dt.date(2006, 11, 5)
    assert hong.standing == "chinh_thuc" and hong.org_id == commune["dong"].id
    assert [e.kind for e in members.events(conn, hong.id)] == ["ket_nap", "chuyen_chinh_thuc"]
    cuong = found["Lê Văn Cường"]
    assert cuong.standing == "du_bi"                    # no official date: probationary, and said so
    assert result.probationary == 1
    assert any(n.row == 8 and "dự bị" in n.reason for n in result.notes if n.kind == excel_import.NOTE)


def test_existing_member_is_skipped_and_never_overwritten(conn, commune, tmp_path):
    old = add_member(conn, "Trần Văn Bình", commune["dong"].id, dt.date(1995, 5, 19), dt.date(1996, 5, 19),
                     birth_date=dt.date(1970, 3, 2), residence="Xóm Cũ", card_number="01234567")
    same_person = person("TRAN VAN BINH".title(), "02/03/1970", "19/05/1995", card="")
    same_person[1] = "Trần Văn Bình"
    same_person[7] = None   # a blank residence must not wipe "Xóm Cũ"
    rows = [person("Trần  Văn Bình", "02/03/1970", "19/05/1995", card="01234567"), same_person,
            person("Mai Văn Lâm", "01/01/1970", "01/01/1999")]
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", rows))
    result = excel_import.commit(conn, sheet)
    assert result.accepted_rows == (7,)
    assert [n.row for n in result.existing] == [5, 6]
    assert "cùng số thẻ 01234567" in result.existing[0].reason
    assert "cùng họ tên và ngày sinh" in result.existing[1].reason
    assert members.get(conn, old.id).details.residence == "Xóm Cũ"
    assert members_named(conn).count("Trần Văn Bình") == 1


def test_default_org_and_cell_names_without_prefix(conn, commune, tmp_path):
    rows = [person("Mai Văn Lâm", "01/01/1970", "01/01/1999", org=None),
            person("Mai Văn Minh", "01/01/1971", "01/01/1999", org="thon dong"),
            person("Mai Văn Nam", "01/01/1972", "01/01/1999", org="Đảng bộ Trường THCS Phố Mới")]
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", rows))
    result = excel_import.preview(conn, sheet, default_org_id=commune["teachers"].id)
    assert result.accepted_rows == (5, 6)
    assert "không phải chi bộ" in result.rejected[0].reason
    excel_import.commit(conn, sheet, default_org_id=commune["teachers"].id)
    orgs = {m.full_name: m.org_id for m in member_list.register_order(conn, member_list.MemberFilter())}
    assert orgs == {"Mai Văn Lâm": commune["teachers"].id, "Mai Văn Minh": commune["dong"].id}


def test_numeric_card_keeps_no_decimal_and_warns_about_lost_zeros(conn, commune, tmp_path):
    rows = [person("Mai Văn Lâm", "01/01/1970", "01/01/1999", card=1234567)]
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", rows, card_as_text=False))
    result = excel_import.commit(conn, sheet)
    assert result.accepted == 1
    assert any("mất số 0" in n.reason for n in result.notes)
    assert member_list.register_order(conn, member_list.MemberFilter())[0].details.card_number == "1234567"


def test_one_transaction_or_nothing(conn, commune, tmp_path, office_file, monkeypatch):
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", office_file))
    real_create = members.create
    calls = []

    def failing_create(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("ổ đĩa đầy")
        return real_create(*args, **kwargs)

    monkeypatch.setattr(members, "create", failing_create)
    with pytest.raises(RuntimeError):
        excel_import.commit(conn, sheet)
    assert members_named(conn) == []
    assert conn.execute("SELECT count(*) FROM member_events").fetchone()[0] == 0


def test_commit_refuses_when_preview_is_out_of_date(conn, commune, tmp_path):
    rows = [person("Mai Văn Lâm", "01/01/1970", "01/01/1999", card="01111111"),
            person("Mai Văn Minh", "01/01/1971", "01/01/1999")]
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", rows))
    seen = excel_import.preview(conn, sheet)
    add_member(conn, "Mai Văn Lâm", commune["dong"].id, dt.date(1999, 1, 1), card_number="01111111")
    with pytest.raises(UserError, match="đã thay đổi"):
        excel_import.commit(conn, sheet, expected_rows=seen.accepted_rows)
    assert members_named(conn) == ["Mai Văn Lâm"]


def test_sub_header_under_merged_cells_and_column_numbers(conn, commune, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Trình độ", None, None, "Ngày vào Đảng", "Chi bộ"])
    sheet.append([None, None, None, "Văn hóa", "Chuyên môn", "Lý luận chính trị", None, None])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"])
    sheet.append([1, "Mai Văn Lâm", "01/01/1970", "12/12", "Đại học", "Trung cấp", "01/01/1999", "Chi bộ thôn Đông"])
    book.save(tmp_path / "merged.xlsx")
    read = excel_import.read_sheet(tmp_path / "merged.xlsx")
    assert read.guessed[3:6] == ("education", "qualification", "political_theory")
    assert [r for r, _ in read.rows] == [5]
    excel_import.commit(conn, read)
    lam = member_list.register_order(conn, member_list.MemberFilter())[0]
    assert (lam.details.education, lam.details.qualification, lam.details.political_theory) == (
        "12/12", "Đại học", "Trung cấp")


@pytest.mark.parametrize("name, content, expected", [
    ("old.xls", b"\xd0\xcf\x11\xe0rest", "định dạng Excel cũ"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "mật khẩu"),
    ("text.xlsx", b"Ho va ten;Ngay sinh\n", "không phải tệp Excel"),
    ("list.csv", b"a,b", "không phải tệp Excel"),
])
def test_unusable_files_are_refused_in_vietnamese(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=expected):
        excel_import.read_sheet(path)


def test_missing_file_and_missing_header(tmp_path):
    with pytest.raises(UserError, match="Không tìm thấy tệp"):
        excel_import.read_sheet(tmp_path / "khong-co.xlsx")
    book = Workbook()
    book.active.append(["Tên", "Tuổi"])
    book.active.append(["An", 30])
    book.save(tmp_path / "lạ.xlsx")
    with pytest.raises(UserError, match="Không tìm thấy dòng tiêu đề"):
        excel_import.read_sheet(tmp_path / "lạ.xlsx")


def test_schooling_that_excel_turned_into_a_date(conn, commune, tmp_path):
    row = person("Mai Văn Lâm", "01/01/1970", "01/01/1999")
    row[8] = dt.datetime(2026, 12, 10)   # "10/12" typed in a General cell
    result = excel_import.commit(conn, excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", [row])))
    assert member_list.register_order(conn, member_list.MemberFilter())[0].details.education == "10/12"
    assert any("đổi thành ngày" in n.reason for n in result.notes)


def test_capitals_become_a_proper_name_and_swapped_dates_are_flagged(conn, commune, tmp_path):
    rows = [person("NGUYỄN VĂN ĐỨC", dt.datetime(1970, 5, 11), "01/01/1999"),
            person("Mai Văn Lâm", "25/12/1970", "01/01/1999")]
    result = excel_import.commit(conn, excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", rows)))
    assert members_named(conn) == ["Nguyễn Văn Đức", "Mai Văn Lâm"]
    remarks = {(n.row, n.reason.split(":")[0]) for n in result.notes}
    assert (5, "Họ tên viết hoa toàn bộ “NGUYỄN VĂN ĐỨC” đã được ghi là “Nguyễn Văn Đức”.") in remarks
    header_notes = [n.reason for n in result.notes if n.row == 4]
    assert len(header_notes) == 1 and "Ngày tháng năm sinh" in header_notes[0] and "25/12/1970" in header_notes[0]
    assert cols.swapped_dates_warning([dt.datetime(1970, 5, 11), "31/02/1970"], "Ngày sinh") == ""   # no such day


def test_chi_bo_merged_down_its_members(conn, commune, tmp_path):
    path = write_book(tmp_path / "ds.xlsx", [
        person("Mai Văn Lâm", "01/01/1970", "01/01/1999", org="Chi bộ Giáo viên"),
        person("Mai Văn Minh", "01/01/1971", "01/01/1999", org=None),
        person("Mai Văn Nam", "01/01/1972", "01/01/1999", org=None)])
    from openpyxl import load_workbook
    book = load_workbook(path)
    book.active.merge_cells("N5:N7")                  # one "Chi bộ" cell for three members
    book.active.merge_cells("A1:O1")                  # a merged title above the header changes nothing
    book.save(path)
    result = excel_import.commit(conn, excel_import.read_sheet(path))
    assert result.accepted == 3 and not result.rejected
    orgs = {m.org_id for m in member_list.register_order(conn, member_list.MemberFilter())}
    assert orgs == {commune["teachers"].id}


# ---------------------------------------------------------------- formulas without a computed value

def test_a_formula_without_its_value_refuses_the_row_and_names_the_cell(conn, commune, tmp_path):
    """A date typed as =DATE(...) by a program that never computed it must not become a blank birth date."""
    rows = [person("Mai Văn Lâm", "=DATE(1970,1,1)", "01/01/1999"),
            person("Mai Văn Minh", "01/01/1971", "01/01/1999")]
    result = excel_import.commit(conn, excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", rows)))
    assert result.accepted_rows == (6,)
    [refused] = result.rejected
    assert refused.row == 5 and refused.name == "Mai Văn Lâm"
    assert "C5" in refused.reason and "“Ngày tháng năm sinh”" in refused.reason and "“Danh sách”" in refused.reason
    assert "mở tệp bằng Excel" in refused.reason and "lưu" in refused.reason
    assert members_named(conn) == ["Mai Văn Minh"]


def test_a_formula_in_a_column_that_is_not_imported_changes_nothing(conn, commune, tmp_path):
    headers = HEADERS + ["Tuổi"]
    row = person("Mai Văn Lâm", "01/01/1970", "01/01/1999") + ["=2026-1970"]
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", [row], headers=headers))
    assert sheet.guessed[-1] == cols.SKIP
    result = excel_import.preview(conn, sheet)
    assert result.accepted_rows == (5,) and not result.rejected
    # the clerk points the column at something imported: now the row is refused, naming the cell
    mapping = tuple(cols.SKIP if f == "notes" else f for f in sheet.guessed[:-1]) + ("notes",)
    refused = excel_import.preview(conn, sheet, mapping).rejected
    assert len(refused) == 1 and "P5" in refused[0].reason and "“Tuổi”" in refused[0].reason


# ---------------------------------------------------------------- the preview writes nothing and locks nothing

@pytest.fixture
def file_conn(tmp_path):
    from models.storage import db

    connection = db.open_db(tmp_path / "xa.sqlite")
    yield connection
    connection.close()


def test_the_preview_takes_no_write_lock(file_conn, tmp_path, monkeypatch):
    """Another window (or the clerk's next save) can write while a preview runs."""
    import sqlite3

    from models.commune import organisations
    from models.commune.organisations import NewOrganisation

    organisations.create(file_conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", [
        person("Mai Văn Lâm", "01/01/1970", "01/01/1999"), person("Mai Văn Minh", "01/01/1971", "01/01/1999")]))
    other = sqlite3.connect(tmp_path / "xa.sqlite", timeout=0, isolation_level=None)
    written = []
    real_create = members.create

    def create_then_let_someone_write(*args, **kwargs):
        made = real_create(*args, **kwargs)
        other.execute("BEGIN IMMEDIATE")      # fails with "database is locked" if the preview holds the lock
        other.execute("UPDATE committee SET name = name")
        other.execute("COMMIT")
        written.append(1)
        return made

    monkeypatch.setattr(members, "create", create_then_let_someone_write)
    result = excel_import.preview(file_conn, sheet)
    other.close()
    assert result.accepted == 2 and len(written) == 2
    assert not file_conn.in_transaction
    assert members_named(file_conn) == []


def test_progress_is_reported_and_stopping_a_commit_imports_nothing(conn, commune, tmp_path):
    rows = [person(f"Mai Văn {name}", "01/01/1970", "01/01/1999") for name in ("An", "Bình", "Cường", "Dũng")]
    sheet = excel_import.read_sheet(write_book(tmp_path / "ds.xlsx", rows))
    seen = []
    excel_import.preview(conn, sheet, progress=lambda text, done, total: seen.append((text, done, total)))
    assert seen and seen[-1][1] == seen[-1][2] == 4

    class Stop(Exception):
        pass

    def stop_half_way(text, done, total):
        if done >= 2:
            raise Stop

    with pytest.raises(Stop):
        excel_import.commit(conn, sheet, progress=stop_half_way)
    assert members_named(conn) == []
    assert not conn.in_transaction
