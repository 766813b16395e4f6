"""Reading the header's left column back from a PDF: its lines top to bottom, with size and weight."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader

from printing import layout


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    bold: bool


def left_column(pdf: bytes, setup: layout.PageSetup | None = None) -> list[Line]:
    """The lines of page 1's left header column above its '*': line 1 the superior, then the issuer."""
    setup = setup or layout.PageSetup()
    column_end = setup.left * 72 / 25.4 + layout.header_column_width(setup)
    chunks: list[tuple[str, float, bool]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        # reportlab draws a table cell's paragraphs from the cell's origin: cm[4] is the column's left edge
        if text.strip() and font is not None and cm[4] < column_end:
            chunks.append((text, size, "Bold" in str(font.get("/BaseFont", ""))))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    lines: list[Line] = []
    for text, size, bold in chunks:
        for part in unicodedata.normalize("NFC", text).split("\n"):
            if part.strip() == "*":
                return lines
            if part.strip():
                lines.append(Line(part.strip(), size, bold))
    return lines
