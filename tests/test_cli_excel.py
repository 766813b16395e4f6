"""The import-members and export-members commands: exit codes, stderr lines, one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

import main
from models.commune import committee, organisations
from models.commune.organisations import NewOrganisation
from models.people import member_list
from models.storage import db


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", superior_name="Đảng bộ tỉnh Phú Thọ",
                                             place_name="Phố Mới"))
    organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    organisations.create(conn, NewOrganisation("Chi bộ thôn Tây", "chi_bo_co_so", "thon"))
    conn.close()
    return path


def xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["UBND XÃ PHỐ MỚI"])
    sheet.append([])
    sheet.append(["TT", "Họ tên", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ", "Chi bộ"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def names(db_path):
    conn = db.open_db(db_path, create=False)
    try:
        return sorted(m.full_name for m in member_list.register_order(conn, member_list.MemberFilter()))
    finally:
        conn.close()


GOOD = [[1, "Nguyễn Văn An", dt.datetime(1970, 1, 2), "02/09/1995", "02/09/1996", "01234567", "Chi bộ thôn Đông"],
        [2, "Lê Thị Ba", "03/04/1975", "03/02/2000", None, "07654321", None]]
BAD = [[3, "Phạm Văn Cư", "30/02/1975", "03/02/2000", None, None, "Thôn Đông"]]


def test_all_rows_accepted_exits_0(db_file, tmp_path, capsys):
    path = xlsx(tmp_path / "ds.xlsx", GOOD)
    code = main.main(["import-members", str(path), "--db", str(db_file), "--org", "thon tay"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "Đã nhập 2 đảng viên" in out
    assert "tiêu đề ở dòng 3" in err
    assert names(db_file) == ["Lê Thị Ba", "Nguyễn Văn An"]


def test_rejected_rows_are_listed_accepted_rows_imported_exit_1(db_file, tmp_path, capsys):
    path = xlsx(tmp_path / "ds.xlsx", GOOD + BAD)
    code = main.main(["import-members", str(path), "--db", str(db_file), "--org", "Chi bộ thôn Tây"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Dòng 6 (Phạm Văn Cư): Lỗi, không nhập: Ngày sinh: ngày 30/02/1975 không có trên lịch" in err
    assert "1 dòng bị từ chối" in out
    assert names(db_file) == ["Lê Thị Ba", "Nguyễn Văn An"]


def test_dry_run_imports_nothing_and_reports_the_same(db_file, tmp_path, capsys):
    path = xlsx(tmp_path / "ds.xlsx", GOOD + BAD)
    code = main.main(["import-members", str(path), "--db", str(db_file), "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Chạy thử, chưa nhập gì" in out and "Sẽ nhập 1 đảng viên" in out
    assert "Dòng 5 (Lê Thị Ba): Lỗi, không nhập: Không ghi chi bộ" in err
    assert "Dòng 6 (Phạm Văn Cư)" in err
    assert names(db_file) == []


def test_unusable_file_exits_1_with_a_vietnamese_message(db_file, tmp_path, capsys):
    path = tmp_path / "ds.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main.main(["import-members", str(path), "--db", str(db_file)]) == 1
    assert "Lỗi: Tệp “ds.xls” là định dạng Excel cũ" in capsys.readouterr().err
    assert main.main(["import-members", str(tmp_path / "khong.xlsx"), "--db", str(db_file)]) == 1
    assert "Không tìm thấy tệp" in capsys.readouterr().err
    assert names(db_file) == []


def test_org_must_be_a_cell_named_once_by_the_command_line(db_file, tmp_path, capsys):
    conn = db.open_db(db_file)
    organisations.create(conn, NewOrganisation("Đảng bộ Trường THCS", "dang_bo_co_so", "truong_hoc"))
    conn.close()
    path = xlsx(tmp_path / "ds.xlsx", GOOD)
    assert main.main(["import-members", str(path), "--db", str(db_file), "--org", "truong thcs"]) == 1
    assert "“Đảng bộ Trường THCS” là đảng bộ cơ sở; --org phải là một chi bộ." in capsys.readouterr().err
    assert main.main(["import-members", str(path), "--db", str(db_file), "--org", "thon nam"]) == 1
    assert "Không tìm thấy tổ chức đảng “thon nam”" in capsys.readouterr().err
    assert names(db_file) == []


def test_reimporting_the_same_file_adds_nobody(db_file, tmp_path, capsys):
    path = xlsx(tmp_path / "ds.xlsx", GOOD)
    assert main.main(["import-members", str(path), "--db", str(db_file), "--org", "thon tay"]) == 0
    capsys.readouterr()
    assert main.main(["import-members", str(path), "--db", str(db_file), "--org", "thon tay"]) == 0
    out, err = capsys.readouterr()
    assert "Đã nhập 0 đảng viên" in out and "2 dòng đã có trong sổ" in out
    assert "Đã có, bỏ qua" in err
    assert names(db_file) == ["Lê Thị Ba", "Nguyễn Văn An"]


def test_export_then_import_into_a_new_file(db_file, tmp_path, capsys):
    main.main(["import-members", str(xlsx(tmp_path / "ds.xlsx", GOOD)), "--db", str(db_file), "--org", "thon tay"])
    out_file = tmp_path / "xuat.xlsx"
    assert main.main(["export-members", str(out_file), "--db", str(db_file)]) == 0
    assert out_file.exists()
    fresh = tmp_path / "moi.sqlite"
    conn = db.open_db(fresh)
    organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    organisations.create(conn, NewOrganisation("Chi bộ thôn Tây", "chi_bo_co_so", "thon"))
    conn.close()
    capsys.readouterr()
    assert main.main(["import-members", str(out_file), "--db", str(fresh)]) == 0
    assert names(fresh) == ["Lê Thị Ba", "Nguyễn Văn An"]


def test_export_of_one_cell_names_it_in_the_title(db_file, tmp_path, capsys):
    from openpyxl import load_workbook

    main.main(["import-members", str(xlsx(tmp_path / "ds.xlsx", GOOD)), "--db", str(db_file), "--org", "thon tay"])
    out_file = tmp_path / "dong.xlsx"
    assert main.main(["export-members", str(out_file), "--db", str(db_file), "--org", "thon dong"]) == 0
    sheet = load_workbook(out_file).active
    assert sheet["A2"].value == "DANH SÁCH ĐẢNG VIÊN – CHI BỘ THÔN ĐÔNG"
    assert sheet["A3"].value.endswith(": 1 đảng viên")
    assert sheet["B6"].value == "Nguyễn Văn An" and sheet["B7"].value is None


def test_a_file_over_the_row_limit_is_refused_whole_exit_1(db_file, tmp_path, capsys, monkeypatch):
    """A 1,000,000-row sheet once printed "Đã nhập 49.998" and exited 0; now nothing is imported and it says why."""
    from models.excel import excel_sheet

    monkeypatch.setattr(excel_sheet, "MAX_ROWS", 20)
    rows = [[n, f"Nguyễn Văn {n}", "01/01/1970", "02/09/1995", None, None, "Chi bộ thôn Đông"] for n in range(1, 30)]
    path = xlsx(tmp_path / "ds.xlsx", rows)
    for extra in ([], ["--dry-run"]):
        assert main.main(["import-members", str(path), "--db", str(db_file), *extra]) == 1
        out, err = capsys.readouterr()
        assert "Lỗi:" in err and "20" in err and "tách" in err and "Chưa nhập" in err
        assert "Đã nhập" not in out
    assert names(db_file) == []


def test_a_formula_without_value_is_named_by_cell_and_refused(db_file, tmp_path, capsys):
    path = xlsx(tmp_path / "ds.xlsx", [GOOD[0], [2, "Lê Thị Ba", "=DATE(1975,4,3)", "03/02/2000", None, None,
                                                  "Chi bộ thôn Tây"]])
    assert main.main(["import-members", str(path), "--db", str(db_file)]) == 1
    out, err = capsys.readouterr()
    assert "Dòng 5 (Lê Thị Ba): Lỗi, không nhập:" in err and "C5" in err and "mở tệp bằng Excel" in err
    assert "Đã nhập 1 đảng viên" in out
    assert names(db_file) == ["Nguyễn Văn An"]
