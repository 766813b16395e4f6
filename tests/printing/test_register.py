"""The printed member register: header, every member, repeated header, page numbers, embedded fonts."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from cli.common import org_id_of
from models.commune import organisations
from models.reporting import registers
from printing.register import render_register
from tests.conftest import add_member

GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hồng", "Khoa", "Lan", "Minh", "Nga", "Phúc", "Quang", "Sơn",
         "Tâm", "Uyên", "Vinh", "Xuân", "Yến"]


@pytest.fixture
def many(commune):
    conn = commune["conn"]
    people = []
    for i in range(40):
        org = commune["dong"] if i % 2 else commune["teachers"]
        name = f"{['Nguyễn', 'Trần', 'Lê', 'Phạm'][i % 4]} Văn {GIVEN[i % len(GIVEN)]} {chr(65 + i % 26)}"
        official = dt.date(2001 + i % 20, 6, 1) if i % 5 else None
        joined = dt.date(2000 + i % 20, 6, 1) if official else dt.date(2026, 1, 5)
        add_member(conn, name, org.id, joined, official, birth_date=dt.date(1960 + i % 30, 1 + i % 12, 1 + i % 28),
                   gender="Nữ" if i % 3 == 0 else "Nam", hometown="Xã Phố Mới, tỉnh Phú Thọ",
                   residence=f"Thôn Đông, tổ {i % 7}", education="12/12", qualification="Đại học sư phạm",
                   political_theory="Sơ cấp", occupation_now="Giáo viên", card_number=f"0{1234000 + i}",
                   notes="Có <ghi chú> & dấu" if i == 7 else "")
        people.append(name)
    return people


def fonts_that_draw(content: bytes) -> set[str]:
    """Names of the fonts that actually show text (an empty BT /F1 Tf ET selects a font but draws nothing)."""
    used = set()
    for block in re.findall(rb"BT(.*?)ET", content, re.S):
        current = None
        for token in re.finditer(rb"(/F\d+(?:\+\d+)?) [\d.]+ Tf|\) ?Tj|\] ?TJ", block):
            if token.group(1):
                current = token.group(1).decode()
            elif current:
                used.add(current)
    return used


def text_of(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


def test_whole_committee_register(conn, commune, many):
    data = registers.register_data(conn, None, on=dt.date(2026, 11, 23))
    assert data.whole_committee and data.total == 40
    assert [g.org_name for g in data.groups] == ["Chi bộ Giáo viên", "Chi bộ thôn Đông"]
    reader, pages = text_of(render_register(data))
    assert len(pages) >= 2
    first = pages[0]
    for line in ("ĐẢNG BỘ TỈNH PHÚ THỌ", "ĐẢNG ỦY XÃ PHỐ MỚI", "ĐẢNG CỘNG SẢN VIỆT NAM",
                 "Phố Mới, ngày 23 tháng 11 năm 2026", "SỔ DANH SÁCH ĐẢNG VIÊN", "Tính đến ngày 23/11/2026"):
        assert line in first
    everything = "\n".join(pages)
    for name in many:
        assert name in everything
    assert "Chi bộ Giáo viên (20 đảng viên)" in everything
    assert "Có <ghi chú> & dấu" in " ".join(everything.split())   # escaped, printed literally (wrapped)
    assert "00001234007" not in everything and "01234007" in everything
    assert "Tổng số: 40 đảng viên (chính thức 32, dự bị 8)." in everything
    assert "T/M ĐẢNG ỦY" in pages[-1]
    for number, page in enumerate(pages[1:], 2):
        assert page.lstrip().startswith(str(number))          # page numbers from page 2
        flat = " ".join(page.split())
        assert "Họ và tên" in flat and "Ngày vào Đảng" in flat and "(14)" in flat   # the header rows repeat
    assert not first.lstrip().startswith("1")
    drawn = set()
    for page in reader.pages:
        resources = {name: font.get_object() for name, font in page["/Resources"]["/Font"].items()}
        for name in fonts_that_draw(page.get_contents().get_data()):
            font = resources[name]
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]   # embedded
            drawn.add(font["/BaseFont"])
    assert drawn and all("LiberationSerif" in f for f in drawn)
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height   # landscape


def test_cell_register_named_on_the_command_line(conn, commune, many):
    organisations.set_position(conn, commune["dong"].id, 2, "bi_thu", dt.date(2025, 1, 1))
    data = registers.register_data(conn, org_id_of(conn, "thon dong"))
    assert data.issuer == "Chi bộ thôn Đông" and data.superior == "Đảng bộ xã Phố Mới"
    assert data.total == 20 and not data.whole_committee
    assert data.signature_roles == ("T/M CHI BỘ", "BÍ THƯ")
    _, pages = text_of(render_register(data))
    everything = "\n".join(pages)
    assert "CHI BỘ THÔN ĐÔNG" in pages[0]
    assert data.signer_name and data.signer_name in pages[-1]
    assert "Chi bộ Giáo viên" not in everything
    assert all(name in everything for name in many[1::2])


def test_empty_register_prints(conn, commune):
    _, pages = text_of(render_register(registers.register_data(conn, commune["dong"].id)))
    assert "Chưa có đảng viên nào trong sổ." in pages[0]
    assert "Tổng số: 0 đảng viên" in pages[0]


def test_no_unembedded_font_is_even_referenced(conn, commune, many):
    """pdffonts lists a bare Helvetica resource as 'emb no'; print shops and PDF/A checks reject it."""
    reader, _ = text_of(render_register(registers.register_data(conn, None)))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "/FontDescriptor" in font and "/FontFile2" in font["/FontDescriptor"].get_object(), \
                font["/BaseFont"]


def test_short_values_are_never_split_inside_a_word(conn, commune):
    """Seen on the demo commune: narrow columns broke 'Không' into 'Khôn/g' and 'Mường' into 'Mườn/g'."""
    add_member(conn, "Hoàng Thị Ngọc Hạnh", commune["dong"].id, dt.date(2010, 6, 1), dt.date(2011, 6, 1),
               birth_date=dt.date(1975, 12, 30), gender="Nữ", ethnicity="Mường", religion="Không",
               residence="thôn Đông, xã Phố Mới, tỉnh Phú Thọ", card_number="PT25.11846")
    _, pages = text_of(render_register(registers.register_data(conn, commune["dong"].id)))
    words = pages[0].split()
    for value in ("Mường", "Không", "PT25.11846", "30/12/1975", "01/06/2010", "01/06/2011", "STT"):
        assert value in words, value


def test_each_organisation_names_itself_on_every_page_and_long_ones_are_chunked(conn, commune, many, monkeypatch):
    from printing import register

    monkeypatch.setattr(register, "CHUNK_ROWS", 8)   # 20 members a cell: three tables each, like 600 would
    data = registers.register_data(conn, None, on=dt.date(2026, 11, 23))
    _, pages = text_of(render_register(data))
    everything = "\n".join(pages)
    assert all(everything.count(name) == 1 for name in many)            # nobody lost or printed twice
    assert "Chi bộ thôn Đông (tiếp) (20 đảng viên)" in everything
    table_pages = [" ".join(page.split()) for page in pages[1:] if "Họ và tên" in page]
    assert table_pages
    for flat in table_pages:                                           # a page of rows says whose members they are
        assert "Chi bộ Giáo viên" in flat or "Chi bộ thôn Đông" in flat
