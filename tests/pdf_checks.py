"""Checks the printing tests share: which fonts a PDF really draws text with, and that they are embedded."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


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
