"""The register's grid drawn directly (printing.ruled_grid) prints what the reportlab Table printed (issue 13).

The Table (``register._ruled``) stays the reference: the same register laid out both ways must give the same
pages, the same text at the same places (every text operator and placing of every page stream), only the
rules and grey fills written differently."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from printing import layout, register, ruled_grid
from printing.fonts import register_fonts
from tests.printing.long_samples import register_data

# rules, grey fills and the graphics state around them: drawn differently, same geometry
_NOT_TEXT = re.compile(r"^(n( [-\d. ]+ (m [-\d. ]+ l S|re f\*))?|[-\d. ]+ m [-\d. ]+ l|S|[\d.]+ [Jjw]|[\d. ]+ RG"
                       r"|\.9[27] \.9[27] \.9[27] rg|q|Q|0 0 0 rg)$")


def _through_table(band, rows, cells):  # type: ignore[no-untyped-def]
    """The register's table as it was laid out before: a reportlab Table."""
    head = register._headings() + ([band] if band is not None else [])
    return register._ruled(head + rows, len(head), band=band is not None)


def _pages(pdf: bytes) -> list[tuple[str, list[str]]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(page.extract_text(), [line for line in page.get_contents().get_data().decode("latin1").split("\n")
                                   if not _NOT_TEXT.match(line)]) for page in reader.pages]


def _spilling(members: int) -> object:
    data = register_data(20, members=members)
    group = data.groups[0]
    rows = list(group.rows)
    rows[3] = dataclasses.replace(rows[3], residence="Thôn Đông, xã Phố Mới. " * 150)   # ~4 pages of one cell
    rows[4] = dataclasses.replace(rows[4], full_name="Nguyễn Văn An", gender="Nam", ethnicity="Kinh", religion="",
                                  card_number="PT25.11846", notes="Có <ghi chú> & dấu\nxuống dòng")
    return dataclasses.replace(data, groups=(dataclasses.replace(group, rows=tuple(rows)),))


@pytest.mark.parametrize("make", [lambda: _spilling(40), lambda: register_data(1500, members=2)],
                         ids=["a-cell-over-four-pages", "every-field-hostile"])
def test_the_grid_prints_what_the_table_printed(monkeypatch, make):
    data = make()
    direct = _pages(register.render_register(data))
    monkeypatch.setattr(register, "_grid", _through_table)
    tabled = _pages(register.render_register(data))
    assert len(direct) == len(tabled) > 3
    for number, (ours, theirs) in enumerate(zip(direct, tabled, strict=True), 1):
        assert ours[0] == theirs[0], f"text of page {number}"
        assert ours[1] == theirs[1], f"text operators of page {number}"
    assert any("(tiếp)" in text for text, _ in direct[1:])   # the spilling row's label on the pages it goes on to


def test_a_grid_splits_between_rows_never_leaving_its_headings_alone():
    register_fonts()
    canvas = Canvas(io.BytesIO())
    cells = ruled_grid.TextCells()
    style = layout.style(8, leading=9.6)
    rows = [ruled_grid.GridRow([cells(f"dòng {i}", style)]) for i in range(5)]   # heading + 4 rows, 15.6 pt each
    grid = ruled_grid.RuledGrid(rows, [100], repeat=1)
    grid.canv = canvas
    assert grid.wrap(100, 1000) == (100, pytest.approx(5 * 15.6))
    assert grid.split(100, 20) == []                       # only the heading fits: nothing goes here
    assert grid.split(100, 1000) == [grid]
    first, rest = grid.split(100, 50)                      # the heading and two rows, then the heading again
    assert first.rows == rows[:3] and rest.rows == [rows[0], *rows[3:]]


def test_short_cells_are_told_without_a_paragraph_and_others_keep_one():
    register_fonts()
    left, centred = layout.style(8, leading=9.6, align=0), layout.style(8, leading=9.6, align=1)
    assert ruled_grid._short_lines("Nguyễn  Văn An", left, 80) == ["Nguyễn Văn An"]
    assert ruled_grid._short_lines("Nam\nKinh\nKhông", left, 50) == ["Nam", "Kinh", "Không"]
    assert ruled_grid._short_lines("thôn Đông, xã Phố Mới, tỉnh Phú Thọ", left, 60) is None   # wraps
    assert ruled_grid._short_lines("12", centred, 50) is None
    assert ruled_grid._short_lines("a < b", left, 50) is None
    assert ruled_grid._short_lines("a\n\nb", left, 50) is None
    assert ruled_grid._short_lines("a\u00a0b", left, 50) is None
