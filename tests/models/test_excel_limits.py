"""Reading a list stays within bounds whatever the file claims, and never drops rows silently.

Each case reproduces what a new user saw: a huge sheet imported in part, an 11 KB file whose sheet reaches
XFD1048576 exhausting memory. Big files are never committed: the limits are module constants that a test
lowers, and "far away" cells are a few bytes of XML.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from models.errors import UserError
from models.excel import excel_sheet

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Chi bộ"]


def member(number):
    return [number, f"Nguyễn Văn {number}", "01/01/1970", "01/01/1999", "Chi bộ thôn Đông"]


def book(path, rows, *, far=()):
    """A small workbook; ``far`` names cells to fill far away as (coordinate, value or None for a styled blank)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for values in rows:
        sheet.append(values)
    for coordinate, value in far:
        cell = sheet[coordinate]
        if value is None:
            cell.fill = PatternFill("solid", fgColor="FFFF00")   # formatted but empty: Excel keeps such cells
        else:
            cell.value = value
    workbook.save(path)
    return path


def rewrite_sheet_xml(path, change):
    """Edit the first worksheet's XML inside the .xlsx (what another program might have written)."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info, data)
    return path


def read_in_small_process(path, limit_mb=700):
    """read_sheet in a child process whose address space is capped: a regression fails fast, never swaps CI."""
    code = textwrap.dedent(f"""
        import json, resource, sys, tracemalloc
        resource.setrlimit(resource.RLIMIT_AS, ({limit_mb} << 20, {limit_mb} << 20))
        sys.path.insert(0, {str(ROOT)!r})
        from models.excel import excel_sheet
        tracemalloc.start()
        sheet = excel_sheet.read_sheet({str(path)!r})
        print(json.dumps({{"rows": [n for n, _ in sheet.rows], "width": len(sheet.headers),
                           "peak": tracemalloc.get_traced_memory()[1]}}))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


# ---------------------------------------------------------------- rows: all or nothing

def test_more_rows_than_the_limit_refuses_the_whole_file(tmp_path, monkeypatch):
    monkeypatch.setattr(excel_sheet, "MAX_ROWS", 30)
    path = book(tmp_path / "lon.xlsx", [HEADERS] + [member(n) for n in range(1, 41)])
    with pytest.raises(UserError) as refused:
        excel_sheet.read_sheet(path)
    message = refused.value.message
    assert "lon.xlsx" in message and "30" in message and "tách" in message and "Chưa nhập" in message


def test_a_list_just_within_the_limit_is_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(excel_sheet, "MAX_ROWS", 30)
    path = book(tmp_path / "vua.xlsx", [HEADERS] + [member(n) for n in range(1, 30)])
    assert [n for n, _ in excel_sheet.read_sheet(path).rows] == list(range(2, 31))


# ---------------------------------------------------------------- claimed and far-away dimensions

def test_a_claimed_dimension_of_the_whole_sheet_is_not_trusted(tmp_path):
    path = book(tmp_path / "khaigia.xlsx", [HEADERS, member(1), member(2)])
    rewrite_sheet_xml(path, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml))
    assert path.stat().st_size < 12_000
    read = read_in_small_process(path)
    assert read["rows"] == [2, 3] and read["width"] == len(HEADERS)
    assert read["peak"] < 40 << 20


def test_a_formatted_blank_cell_at_the_far_corner_costs_nothing(tmp_path):
    path = book(tmp_path / "goc.xlsx", [HEADERS, member(1), member(2)], far=[("XFD1048576", None)])
    assert path.stat().st_size < 12_000
    read = read_in_small_process(path)
    assert read["rows"] == [2, 3] and read["width"] == len(HEADERS)
    assert read["peak"] < 40 << 20


def test_data_after_a_long_empty_run_is_refused_not_dropped(tmp_path):
    gap = excel_sheet.BLANK_RUN
    path = book(tmp_path / "xa.xlsx", [HEADERS, member(1)], far=[(f"B{3 + gap}", "Lê Văn Cuối")])
    with pytest.raises(UserError) as refused:
        excel_sheet.read_sheet(path)
    message = refused.value.message
    assert f"B{3 + gap}" in message and "dòng trống" in message and "Chưa nhập" in message


def test_a_short_empty_run_inside_the_list_is_fine(tmp_path):
    gap = excel_sheet.BLANK_RUN - 1
    path = book(tmp_path / "gan.xlsx", [HEADERS, member(1)], far=[(f"B{3 + gap}", "Lê Văn Cuối")])
    assert [n for n, _ in excel_sheet.read_sheet(path).rows] == [2, 3 + gap]


def test_a_value_beyond_the_column_limit_is_refused_with_its_cell(tmp_path):
    path = book(tmp_path / "rong.xlsx", [HEADERS, member(1)], far=[("XFD2", "ghi chú lạc")])
    with pytest.raises(UserError) as refused:
        excel_sheet.read_sheet(path)
    assert "XFD2" in refused.value.message and str(excel_sheet.MAX_COLUMNS) in refused.value.message


@pytest.mark.parametrize("limit", ["MAX_PART_BYTES", "MAX_SHEET_BYTES"])
def test_a_part_that_unpacks_too_big_is_refused_before_reading(tmp_path, monkeypatch, limit):
    path = book(tmp_path / "phinh.xlsx", [HEADERS] + [member(n) for n in range(1, 60)])
    with zipfile.ZipFile(path) as archive:
        sizes = {i.filename: i.file_size for i in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    part = sheet if limit == "MAX_SHEET_BYTES" else max((p for p in sizes if p != sheet), key=sizes.get)
    monkeypatch.setattr(excel_sheet, limit, sizes[part] - 1)
    with pytest.raises(UserError, match=f"quá lớn.*“{part}”"):
        excel_sheet.read_sheet(path)


def test_a_broken_sheet_xml_is_refused_in_vietnamese(tmp_path):
    path = book(tmp_path / "hong.xlsx", [HEADERS, member(1)])
    rewrite_sheet_xml(path, lambda xml: xml.replace(b"</sheetData>", b"<row><c r="))
    with pytest.raises(UserError, match="Không đọc được tệp Excel “hong.xlsx”"):
        excel_sheet.read_sheet(path)


def test_a_sheet_without_a_stated_size_is_read(tmp_path):
    """Some programs leave out <dimension>; openpyxl then sizes the sheet by reading it whole: checked first."""
    path = book(tmp_path / "khongkho.xlsx", [HEADERS, member(1), member(2)])
    rewrite_sheet_xml(path, lambda xml: re.sub(rb'<dimension ref="[^"]*" ?/>', b"", xml))
    with zipfile.ZipFile(path) as archive:
        assert b"<dimension" not in archive.read("xl/worksheets/sheet1.xml")
    assert [n for n, _ in excel_sheet.read_sheet(path).rows] == [2, 3]


def test_rows_out_of_order_are_refused(tmp_path):
    path = book(tmp_path / "lonxon.xlsx", [HEADERS, member(1), member(2)])
    rewrite_sheet_xml(path, lambda xml: xml.replace(b'<row r="3"', b'<row r="1"'))
    with pytest.raises(UserError, match="không theo thứ tự"):
        excel_sheet.read_sheet(path)
