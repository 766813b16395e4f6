"""The shipped document font (Liberation Serif, metric-compatible with Times New Roman), registered once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from models.paths import resource_path

FONT = "DocSerif"
FACES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
_registered: set[str] = set()


def register_fonts(font_dir: Path | None = None) -> str:
    """Register the four faces once.

    Never fall back to reportlab's built-in fonts: they print Vietnamese as boxes.
    """
    if FONT in _registered:
        return FONT
    folder = font_dir or resource_path("fonts")
    for suffix, style in FACES.items():
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(folder / f"LiberationSerif-{style}.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT + "-Bold", italic=FONT + "-Italic",
                                  boldItalic=FONT + "-BoldItalic")
    _registered.add(FONT)
    return FONT


@lru_cache(maxsize=1)
def drawable() -> frozenset[int]:
    """The code points every face has a glyph for (read from the fonts' cmap tables)."""
    register_fonts()
    faces = [set(pdfmetrics.getFont(FONT + suffix).face.charWidths) for suffix in FACES]
    return frozenset(set.intersection(*faces))
