"""Checks the printing tests share: which fonts a PDF really draws text with, and that they are embedded."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PageObject, PdfReader


def fonts_showing_text(content: bytes) -> set[str]:
    """Names of the fonts a content stream draws text with (a Tf followed by Tj/TJ)."""
    used: set[str] = set()
    current = None
    for token in re.finditer(rb"/(F[\w+]+) [\d.]+ Tf|\)\s*Tj|\]\s*TJ|\bET\b", content):
        if token[1]:
            current = token[1].decode()
        elif token[0] == b"ET":
            current = None
        elif current:
            used.add(current)
    return used


def assert_fonts_embedded(pdf: bytes) -> None:
    """Every font a page's text uses is embedded (reportlab lists an unused Helvetica /F1 on every PDF)."""
    reader = PdfReader(io.BytesIO(pdf))
    used_total = 0
    for page in reader.pages:
        used = fonts_showing_text(page.get_contents().get_data())
        fonts = page["/Resources"]["/Font"]
        for name in used:
            font = fonts["/" + name].get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontDescriptor" in descendant, f"{font['/BaseFont']} is not embedded"
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            assert "LiberationSerif" in str(font["/BaseFont"])
        used_total += len(used)
    assert used_total > 0


@dataclass(frozen=True)
class PageNumber:
    """A page number as drawn: its text, how far its baseline sits below the page's top edge, its font."""

    text: str
    from_top: float
    font: str
    size: float


def _page_number(page: PageObject) -> PageNumber | None:
    """Anything of digits alone within 15 mm of the top edge (the smallest top margin): body text never
    starts that high, so a number there is a page number."""
    height = float(page.mediabox.height)
    marks: list[PageNumber] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        from_top = round(height - (cm[5] + tm[5]), 2)
        if text.strip().isdigit() and from_top < 15 * 72 / 25.4:
            marks.append(PageNumber(text.strip(), from_top, str((font or {}).get("/BaseFont")), size))

    page.extract_text(visitor_text=visit)
    assert len(marks) <= 1, marks
    return marks[0] if marks else None


def page_numbers(pdf: bytes) -> list[PageNumber | None]:
    """Per page, the number drawn above the text column (None where a page carries none)."""
    return [_page_number(page) for page in PdfReader(io.BytesIO(pdf)).pages]
