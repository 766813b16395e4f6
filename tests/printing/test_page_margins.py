"""Every document the program prints, on every page, portrait and landscape and the ballot alike, keeps the
layout's margins (DOMAIN.md §2: top 20, bottom 20, left 30, right 15 mm) and references no font it does not
embed: reportlab's base-14 Helvetica would print Vietnamese as boxes on a PC without it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from models.demo.generate import generate
from models.storage import db
from printing import layout, registry
from tests.printing.page_bounds import MM, ink, unembedded_fonts

TOLERANCE = 0.3 * MM    # line widths and rounding of our glyph-width estimate


@pytest.fixture(scope="module")
def demo():
    conn = db.open_memory()
    generate(conn, members=120, seed=5, today=dt.date(2026, 11, 20))
    yield conn
    conn.close()


def _arguments(conn, document: registry.Document) -> list[dict[str, object]]:
    """What to print each document for: a cell with members, an ordinary and a thematic meeting, the commune."""
    busiest = "SELECT org_id FROM meetings GROUP BY org_id ORDER BY count(*) DESC, org_id LIMIT 1"
    cell = conn.execute(busiest).fetchone()[0]
    if "meeting_id" in document.params:
        return [{"meeting_id": conn.execute("SELECT max(id) FROM meetings WHERE kind = ?", (kind,)).fetchone()[0]}
                for kind in ("thuong_ky", "chuyen_de")]
    choice: dict[str, object] = {"year": 2025} if "year" in document.params else {}
    if "org_id" in document.params:
        choice["org_id"] = cell if document.needs_cell else None
    return [choice]


def _printed(conn) -> list[tuple[str, bytes]]:
    return [(f"{document.name} {args}", document.render(document.gather(conn, **args)))
            for document in registry.DOCUMENTS for args in _arguments(conn, document)]


def test_every_document_embeds_every_font_it_references(demo):
    for name, pdf in _printed(demo):
        assert unembedded_fonts(pdf) == set(), name


def test_every_page_keeps_the_layout_margins(demo):
    margins = layout.PageSetup()
    for name, pdf in _printed(demo):
        for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, 1):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            box = ink(page, skip_top=15 * MM)    # the page number stands in the top margin, as the guidance has it
            assert box is not None, (name, number)
            assert box.left >= margins.left * MM - TOLERANCE, (name, number, box.left / MM)
            assert box.right <= width - margins.right * MM + TOLERANCE, (name, number, (width - box.right) / MM)
            assert box.bottom >= margins.bottom * MM - TOLERANCE, (name, number, box.bottom / MM)
            assert box.top <= height - margins.top * MM + TOLERANCE, (name, number, (height - box.top) / MM)


def test_the_checks_see_a_page_that_breaks_them():
    """The checks themselves: a base-14 font and text over the left margin are caught."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(10 * MM, 400, "ngoài lề")
    canvas.save()
    pdf = buffer.getvalue()
    assert "/Helvetica" in unembedded_fonts(pdf)
    box = ink(PdfReader(io.BytesIO(pdf)).pages[0])
    assert box is not None and box.left < 11 * MM


def test_every_page_setup_of_every_document_uses_the_layout_margins():
    from printing import register, reports

    default = layout.PageSetup()
    for setup in (register.PAGE, reports.LANDSCAPE, reports.PORTRAIT):
        assert (setup.top, setup.bottom, setup.left, setup.right) == (default.top, default.bottom, default.left,
                                                                      default.right)
