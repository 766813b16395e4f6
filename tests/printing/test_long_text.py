"""Issue 11 point 4: any amount of text in any field prints, cells go on over pages, in time linear in the text.

The documents' data are built directly (tests/printing/long_samples.py), past the models' length limits,
so what is tested is the printing layer.
"""

from __future__ import annotations

import io
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace

import pytest
from pypdf import PdfReader

from printing import long_text
from printing.minutes import render_minutes
from printing.register import render_register
from printing.resolution import render_resolution
from tests.printing.long_samples import hostile, minutes_data, register_data

LONG = 20_000


def texts(pdf: bytes) -> list[str]:
    return ["".join(unicodedata.normalize("NFC", page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize(("render", "data", "signature"), [
    (render_minutes, lambda: minutes_data(LONG), "CHỦTRÌ"),
    (render_resolution, lambda: minutes_data(LONG), "T/MCHIBỘ"),
    (render_register, lambda: register_data(LONG), "BÍTHƯ"),
], ids=["minutes", "resolution", "register"])
def test_every_field_of_twenty_thousand_characters_prints(render: Callable[[object], bytes], data, signature):
    pages = texts(render(data()))
    whole = "".join(pages)
    assert len(pages) > 10 and signature in pages[-1]
    assert '<b>đềnghị</b>&"tríchdẫn"' in whole.lower() and "<br/>&amp;" in whole.lower()   # markup printed literally
    assert "Nghịquyếtđượctriểnkhai" in whole                    # the NFD sentence is there
    assert "ư" * 40 in whole                                      # the 400-character word, wrapped


def test_a_long_cell_goes_on_over_pages_with_its_row_number():
    task = "Bê tông hóa đường thôn. " * 1_500                     # 36,000 characters in one task
    data = replace(minutes_data(20), tasks=(("Họp tổ", "An", "01/12"), (task, "Bình", "15/12")), followups=(),
                   conclusion="Chi bộ thống nhất. " * 3_000)
    pages = texts(render_minutes(data))
    table_page = next(text for text in pages if "TTNhiệmvụ" in text)
    assert "Chibộthốngnhất." in table_page     # the table starts under the text before it, not on a new page
    continued = [text for text in pages if "2(tiếp)" in text]
    assert len(continued) >= 5                                    # each page the task goes on to names its row
    assert all("Bêtônghóađườngthôn" in text and "TTNhiệmvụ" in text for text in continued)   # headings repeat


def test_long_text_starts_on_the_page_of_its_heading():
    """A heading kept with the whole of a long text moved both to the next page, leaving this one two-thirds blank."""
    data = replace(minutes_data(20), conclusion="Chi bộ thống nhất. " * 3_000)
    pages = texts(render_minutes(data))
    heading = next(i for i, text in enumerate(pages) if "Kếtluậncủađồngchíchủtrì" in text)
    assert "6.Thảoluận" in pages[heading]                       # the heading stays after the section before it
    assert pages[heading].count("Chibộthốngnhất.") >= 3         # and the text starts under it


def test_pieces_join_back_to_the_text_and_stay_short():
    text = hostile(30_000)
    pieces = long_text.cut(text, 300, "DocSerif", 12, 10)
    assert "".join(pieces) == text
    assert max(len(p) for p in pieces) < 1_000 and len(pieces) > 30


def register_with_residence(residence: str) -> object:
    data = register_data(20)
    groups = tuple(replace(g, rows=tuple(replace(r, residence=residence) for r in g.rows)) for g in data.groups)
    return replace(data, groups=groups)


def _seconds(render: Callable[[object], bytes], data: object) -> float:
    best = float("inf")
    for _ in range(2):                # the faster of two runs: the machine is shared
        start = time.perf_counter()
        render(data)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(("render", "make"), [
    (render_minutes, lambda n: replace(minutes_data(20), conclusion=hostile(n), tasks=((hostile(n), "An", ""),))),
    (render_register, lambda n: register_with_residence(hostile(n // 4))),
], ids=["minutes", "register"])
def test_printing_time_grows_linearly_with_the_text(render, make):
    """Four times the text takes about four times as long (it took sixteen times: 10 pages 0.5 s, 84 pages 33 s)."""
    short, long = _seconds(render, make(12_000)), _seconds(render, make(48_000))
    assert long < 7 * short, (short, long)
